import { describe, expect, it } from 'vitest'
import {
  DEFAULT_POLICY,
  attemptsFor,
  backoffDelay,
  isHttpStatus,
  jitterWindow,
  parseRetryAfter,
  retryDelay,
  retryKindOf,
  retrying,
  waitWithin,
  type RetryPolicy
} from '../../../src/http/retry.js'

const NOW = Date.parse('2025-03-10T12:00:00Z')
const POLICY: RetryPolicy = {
  attempts: 6,
  attemptTimeoutMs: 1000,
  budgetMs: 60000,
  baseDelayMs: 100,
  maxDelayMs: 1000,
  maxRetryAfterMs: 5000,
  rateLimit: { attempts: 9, baseDelayMs: 400, maxDelayMs: 1000 }
}

describe('retryKindOf', () => {
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
    [200, false],
    [599, true],
    // Not HTTP statuses at all: a broken answer, not a server error.
    [600, false],
    [700, false],
    [999, false],
    [99, false],
    [0, false]
  ])('%i -> %s', (status, expected) => {
    expect(retryKindOf(status) !== undefined).toBe(expected)
  })

  it('tells rate limits from transient failures', () => {
    expect(retryKindOf(429)).toBe('rate-limit')
    expect(retryKindOf(503)).toBe('transient')
    expect(retryKindOf(404)).toBeUndefined()
    expect(attemptsFor('rate-limit', POLICY)).toBe(9)
    expect(attemptsFor('transient', POLICY)).toBe(6)
  })
})

describe('isHttpStatus', () => {
  it.each([
    [100, true],
    [200, true],
    [304, true],
    [599, true],
    [99, false],
    [600, false],
    [1000, false],
    [200.5, false],
    [Number.NaN, false]
  ])('%d -> %s', (status, expected) => {
    expect(isHttpStatus(status)).toBe(expected)
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

describe('jitterWindow', () => {
  it('doubles for transient failures and widens by half for rate limits, each up to its cap', () => {
    expect([1, 2, 3, 4, 5].map(r => jitterWindow(r, 'transient', POLICY))).toEqual([100, 200, 400, 800, 1000])
    expect([1, 2, 3, 4].map(r => jitterWindow(r, 'rate-limit', POLICY))).toEqual([400, 600, 900, 1000])
  })
})

describe('retryDelay', () => {
  it('takes Retry-After as the least wait and adds jitter on top', () => {
    expect(retryDelay(1, 2000, POLICY, () => 0)).toBe(2000)
    expect(retryDelay(1, 2000, POLICY, () => 0.5)).toBe(2050)
    expect(retryDelay(3, 0, POLICY, () => 0.5)).toBe(200)
    expect(retryDelay(1, 1000, POLICY, () => 0.5, 'rate-limit')).toBe(1200)
    expect(retryDelay(3, 1000, POLICY, () => 0.999999, 'rate-limit')).toBe(1900)
  })

  it('spreads jobs told the same Retry-After over the window', () => {
    const delays = [0, 0.25, 0.5, 0.75].map(r => retryDelay(1, 1000, POLICY, () => r, 'rate-limit'))
    expect(delays).toEqual([1000, 1100, 1200, 1300])
  })

  it('caps Retry-After at maxRetryAfterMs (the jitter still comes on top)', () => {
    expect(retryDelay(1, 5001, POLICY, () => 0)).toBe(5000)
    expect(retryDelay(1, 3600000, POLICY, () => 0)).toBe(5000)
    expect(retryDelay(1, 3600000, POLICY, () => 0.999999)).toBe(5100)
  })

  it('falls back to backoff without Retry-After', () => {
    expect(retryDelay(2, undefined, POLICY, () => 0)).toBe(100)
    expect(retryDelay(2, undefined, POLICY, () => 0.999999)).toBe(200)
    expect(retryDelay(2, undefined, POLICY, () => 0, 'rate-limit')).toBe(300)
    expect(retryDelay(2, undefined, POLICY, () => 0.999999, 'rate-limit')).toBe(600)
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

  it('gives a rate-limited job (Retry-After: 1) more attempts than a failing one, inside the same budget', () => {
    const p = DEFAULT_POLICY
    // Attempts the budget lets a job make when every answer is a quick 429.
    const attemptsWith = (random: number): number => {
      let elapsed = 0
      let attempts = 1
      while (attempts < p.rateLimit.attempts) {
        const delay = retryDelay(attempts, 1000, p, () => random, 'rate-limit')
        if (elapsed + delay + p.attemptTimeoutMs > p.budgetMs) break
        elapsed += delay
        attempts++
      }
      return attempts
    }
    expect(p.rateLimit.attempts).toBeGreaterThan(p.attempts)
    // The typical draw, and the longest waits every time.
    expect(attemptsWith(0.5)).toBeGreaterThan(p.attempts)
    expect(attemptsWith(0.999999)).toBeGreaterThanOrEqual(p.attempts)
    // Each wait is spread over more than the 1 s a herd would otherwise share.
    expect(jitterWindow(1, 'rate-limit', p)).toBeGreaterThanOrEqual(3000)
  })
})

describe('retrying: the one loop', () => {
  it('runs until the judge says stop, sleeping and noting between attempts', async () => {
    const slept: number[] = []
    const notes: string[] = []
    const { result, attempts } = await retrying(
      async n => n * 10,
      (value, n) => (value < 30 ? { retry: true, delayMs: n * 100, note: `again after ${value}` } : { retry: false }),
      async ms => void slept.push(ms),
      note => notes.push(note)
    )
    expect(result).toBe(30)
    expect(attempts).toBe(3)
    expect(slept).toEqual([100, 200])
    expect(notes).toEqual(['again after 10', 'again after 20'])
  })

  it('stops at once when the first result is final, and passes a throw through', async () => {
    const once = await retrying(
      async () => 'ok',
      () => ({ retry: false }),
      async () => undefined
    )
    expect(once).toEqual({ result: 'ok', attempts: 1 })
    await expect(
      retrying(
        async () => {
          throw new Error('boom')
        },
        () => ({ retry: false }),
        async () => undefined
      )
    ).rejects.toThrow('boom')
  })
})

describe('waitWithin: a wait that must end by a deadline', () => {
  it('is the delay while there is time, cut to what is left, and undefined once the time is up', () => {
    expect(waitWithin(10_000, 2000, 1000)).toBe(2000)
    expect(waitWithin(10_000, 2000, 9500)).toBe(500)
    expect(waitWithin(10_000, 2000, 10_000)).toBeUndefined()
    expect(waitWithin(10_000, 2000, 12_000)).toBeUndefined()
  })
})
