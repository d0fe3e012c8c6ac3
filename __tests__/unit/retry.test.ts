import { describe, expect, it } from 'vitest'
import {
  DEFAULT_POLICY,
  backoffDelay,
  isRetryableStatus,
  parseRetryAfter,
  retryDelay,
  type RetryPolicy
} from '../../src/retry.js'

const NOW = Date.parse('2025-03-10T12:00:00Z')
const POLICY: RetryPolicy = {
  attempts: 6,
  attemptTimeoutMs: 1000,
  budgetMs: 60000,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  maxRetryAfterMs: 5000
}

describe('isRetryableStatus', () => {
  it.each([
    [429, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [301, false],
    [200, false]
  ])('%i -> %s', (status, expected) => {
    expect(isRetryableStatus(status)).toBe(expected)
  })
})

describe('parseRetryAfter', () => {
  it.each<[string | undefined, number | undefined]>([
    ['0', 0],
    ['1', 1000],
    ['  7 ', 7000],
    ['120', 120000],
    ['Mon, 10 Mar 2025 12:00:30 GMT', 30000],
    ['Mon, 10 Mar 2025 12:05:00 GMT', 300000],
    ['Monday, 10-Mar-25 12:00:10 GMT', 10000],
    ['Mon, 10 Mar 2025 11:59:00 GMT', 0],
    [undefined, undefined],
    ['', undefined],
    ['soon', undefined],
    ['-5', undefined],
    ['1.5', undefined],
    ['5s', undefined],
    ['10 20', undefined],
    ['Xyz, 99 Foo 2025', undefined],
    // Date.parse alone reads these as dates.
    ['foo 1', undefined],
    ['retry 2025', undefined],
    ['Mon Mar 10 12:00:30 2025', 30000]
  ])('%j -> %j', (value, expected) => {
    expect(parseRetryAfter(value, NOW)).toBe(expected)
  })

  it('measures an HTTP date from the given now', () => {
    const date = 'Mon, 10 Mar 2025 12:01:00 GMT'
    expect(parseRetryAfter(date, NOW)).toBe(60000)
    expect(parseRetryAfter(date, NOW + 45000)).toBe(15000)
  })
})

describe('backoffDelay', () => {
  it('is half fixed, half random (equal jitter)', () => {
    // retry 1: ceiling = base = 100 -> between 50 and 100
    expect(backoffDelay(1, POLICY, () => 0)).toBe(50)
    expect(backoffDelay(1, POLICY, () => 0.5)).toBe(75)
    expect(backoffDelay(1, POLICY, () => 0.999999)).toBe(100)
  })

  it.each([
    [1, 100],
    [2, 200],
    [3, 400],
    [4, 800],
    [5, 1000],
    [6, 1000],
    [30, 1000]
  ])('retry %i has ceiling %i (exponential, capped at maxDelayMs)', (retry, ceiling) => {
    expect(backoffDelay(retry, POLICY, () => 0)).toBe(ceiling / 2)
    expect(backoffDelay(retry, POLICY, () => 0.999999)).toBe(ceiling)
  })

  it('grows exponentially until the cap', () => {
    const mins = [1, 2, 3, 4].map(r => backoffDelay(r, POLICY, () => 0))
    expect(mins).toEqual([50, 100, 200, 400])
  })

  it('stays within bounds with the real random source', () => {
    for (let retry = 1; retry <= 8; retry++) {
      const ceiling = Math.min(POLICY.maxDelayMs, POLICY.baseDelayMs * 2 ** (retry - 1))
      for (let i = 0; i < 200; i++) {
        const d = backoffDelay(retry, POLICY)
        expect(d).toBeGreaterThanOrEqual(ceiling / 2)
        expect(d).toBeLessThanOrEqual(ceiling)
      }
    }
  })

  it('spreads out: different random values give different delays', () => {
    const delays = new Set([0, 0.25, 0.5, 0.75].map(r => backoffDelay(3, POLICY, () => r)))
    expect(delays.size).toBe(4)
  })
})

describe('retryDelay', () => {
  it('uses Retry-After when present', () => {
    expect(retryDelay(1, 2000, POLICY, () => 0)).toBe(2000)
    expect(retryDelay(3, 0, POLICY, () => 0.9)).toBe(0)
  })

  it('caps Retry-After at maxRetryAfterMs', () => {
    expect(retryDelay(1, 5001, POLICY)).toBe(5000)
    expect(retryDelay(1, 3600000, POLICY)).toBe(5000)
  })

  it('falls back to backoff without Retry-After', () => {
    expect(retryDelay(2, undefined, POLICY, () => 0)).toBe(100)
    expect(retryDelay(2, undefined, POLICY, () => 0.999999)).toBe(200)
  })
})

describe('DEFAULT_POLICY', () => {
  it('fits a hung API (every attempt timing out, the longest waits) inside the budget and about half a minute', () => {
    const p = DEFAULT_POLICY
    // Which attempts the budget lets start, with the longest backoff each time.
    let elapsed = p.attemptTimeoutMs
    let attempts = 1
    while (attempts < p.attempts) {
      const delay = backoffDelay(attempts, p, () => 0.999999)
      if (elapsed + delay + p.attemptTimeoutMs > p.budgetMs) break
      elapsed += delay + p.attemptTimeoutMs
      attempts++
    }
    expect(attempts).toBeGreaterThanOrEqual(2)
    expect(elapsed).toBeLessThanOrEqual(p.budgetMs)
    expect(elapsed).toBeLessThan(60000)
    expect(p.maxRetryAfterMs).toBeLessThan(p.budgetMs)
  })
})
