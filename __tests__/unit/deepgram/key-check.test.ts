// The license key's judgement, pure, with the clock given: scopes under either
// prefix, the umbrella standing for the products of the set in use, and the
// expiry's boundaries (expired at the instant, warned within 30 days).
import { describe, expect, it } from 'vitest'
import { EXPIRY_WARNING_MS, expiryOf, judgeLicenseKey, keyRequirements } from '../../../src/deepgram/key-check.js'
import type { ProjectKey } from '../../../src/deepgram/project-key.js'

const API = 'self-hosted:product:api'
const ENGINE = 'self-hosted:product:engine'
const PROXY = 'self-hosted:product:license-proxy'
const BILLING = 'self-hosted:product:billing'
const ID = '9f2c1b7e-5a4d-4e3f-8b21-0c6d5e4f3a21'
const SET = { id: '64d1f840-3b7e-43b2-a7b6-d56756d4476d', scopes: [API, 'onprem:product:api', ENGINE] }
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0)
const DAY = 86_400_000

const key = (scopes: string[], expiresAt?: number): ProjectKey => ({
  id: ID,
  scopes,
  ...(expiresAt === undefined ? {} : { expiresAt })
})

describe('keyRequirements', () => {
  it('each required scope under its self-hosted: name, once', () => {
    expect(keyRequirements([API, 'onprem:product:api', 'onprem:product:engine'], [])).toEqual([API, ENGINE])
  })
  it('the umbrella stands for the product scopes of the set in use (either prefix, once)', () => {
    expect(keyRequirements(['self-hosted:products'], SET.scopes)).toEqual([API, ENGINE])
    expect(keyRequirements(['onprem:products', BILLING], ['onprem:product:license-proxy'])).toEqual([PROXY, BILLING])
  })
})

describe('expiryOf', () => {
  it('never, valid, expiring within 30 days, expired at the instant itself', () => {
    expect(expiryOf(undefined, NOW)).toEqual({ kind: 'never' })
    expect(expiryOf(NOW + EXPIRY_WARNING_MS + 1, NOW).kind).toBe('valid')
    expect(expiryOf(NOW + EXPIRY_WARNING_MS, NOW).kind).toBe('expiring')
    expect(expiryOf(NOW + 1, NOW).kind).toBe('expiring')
    expect(expiryOf(NOW, NOW).kind).toBe('expired')
    expect(expiryOf(NOW - 1, NOW).kind).toBe('expired')
    expect(EXPIRY_WARNING_MS).toBe(30 * DAY)
  })
})

describe('judgeLicenseKey', () => {
  it('a key with the products, never expiring: no error, no warning, an empty output', () => {
    const j = judgeLicenseKey(key([API, ENGINE, 'keys:read']), ID, [API, ENGINE], SET, NOW)
    expect(j.error).toBeUndefined()
    expect(j.warning).toBeUndefined()
    expect(j.expires).toBe('')
    expect(j.line).toBe(`Self-hosted API key ${ID} (\`license-key-id\`) carries ${API}, ${ENGINE}; it never expires.`)
    expect(j.check.scopes.ok).toBe(true)
  })
  it('either prefix counts, on the key as in required-scopes', () => {
    const j = judgeLicenseKey(
      key(['onprem:product:api', 'onprem:product:engine']),
      ID,
      [API, 'onprem:product:engine'],
      SET,
      NOW
    )
    expect(j.error).toBeUndefined()
    expect(j.check.scopes.results.map(r => r.grant)).toEqual(['legacy', 'legacy'])
  })
  it('missing scopes: fails naming each, and what the key has', () => {
    const j = judgeLicenseKey(key([API, 'usage:read']), ID, [API, ENGINE, PROXY], SET, NOW)
    expect(j.error?.title).toBe('Self-hosted API key lacks required scopes')
    expect(j.error?.message).toContain(`Self-hosted API key ${ID} (\`license-key-id\`) lacks ${ENGINE}, ${PROXY}`)
    expect(j.error?.message).toContain(`(it has: ${API}, usage:read)`)
    expect(j.error?.message).toContain('global.deepgramSecretRef')
    expect(j.check.scopes.missing).toEqual([ENGINE, PROXY])
  })
  it('with the umbrella: the key needs the products of the set in use, and the message says so', () => {
    const ok = judgeLicenseKey(key([API, ENGINE]), ID, ['self-hosted:products'], SET, NOW)
    expect(ok.error).toBeUndefined()
    expect(ok.check.umbrellaOf).toBe(SET.id)
    const short = judgeLicenseKey(key([API]), ID, ['self-hosted:products'], SET, NOW)
    expect(short.error?.message).toContain(`lacks ${ENGINE}`)
    expect(short.error?.message).toContain(`the product scopes of credential set ${SET.id}`)
    // A set with more products needs a key with more.
    const wide = { ...SET, scopes: [API, ENGINE, BILLING] }
    expect(judgeLicenseKey(key([API, ENGINE]), ID, ['self-hosted:products'], wide, NOW).check.scopes.missing).toEqual([
      BILLING
    ])
  })
  it('expired: fails saying when, and the output still names the date', () => {
    const at = NOW - 3 * DAY - 5000
    const j = judgeLicenseKey(key([API, ENGINE], at), ID, [API, ENGINE], SET, NOW)
    expect(j.error?.title).toBe('Self-hosted API key expired')
    expect(j.error?.message).toContain(`expired on ${new Date(at).toISOString()} (3 days ago)`)
    expect(j.expires).toBe(new Date(at).toISOString())
  })
  it('expired and short of a scope: one error that says both', () => {
    const j = judgeLicenseKey(key([API], NOW - DAY), ID, [API, ENGINE], SET, NOW)
    expect(j.error?.message).toMatch(/expired on .+ It also lacks self-hosted:product:engine/)
  })
  it('expiring within 30 days: a warning naming the date, no error', () => {
    const at = Date.UTC(2026, 11, 20, 9, 30, 0)
    const j = judgeLicenseKey(key([API, ENGINE], at), ID, [API, ENGINE], SET, NOW)
    expect(j.error).toBeUndefined()
    expect(j.warning?.title).toBe('Self-hosted API key expires soon')
    expect(j.warning?.message).toContain('expires on 2026-12-20T09:30:00.000Z (in 12 days)')
    expect(j.expires).toBe('2026-12-20T09:30:00.000Z')
  })
  it('at 30 days and a moment: no warning; the line names the date', () => {
    const at = NOW + EXPIRY_WARNING_MS + 1000
    const j = judgeLicenseKey(key([API, ENGINE], at), ID, [API, ENGINE], SET, NOW)
    expect(j.warning).toBeUndefined()
    expect(j.line).toContain(`it expires on ${new Date(at).toISOString()}`)
  })
  it('the API’s own timestamp is what the output, the error and the warning name', () => {
    const text = '2026-11-30T08:00:00.123456+01:00'
    const at = Date.UTC(2026, 10, 30, 7, 0, 0, 123)
    const j = judgeLicenseKey({ ...key([API, ENGINE], at), expiration: text }, ID, [API, ENGINE], SET, NOW)
    expect(j.expires).toBe(text)
    expect(j.error?.message).toContain(`expired on ${text} (7 days ago)`)
    const soon = { ...key([API, ENGINE], NOW + 2 * DAY), expiration: '2026-12-09T12:00:00Z' }
    expect(judgeLicenseKey(soon, ID, [API, ENGINE], SET, NOW).warning?.message).toContain(
      'expires on 2026-12-09T12:00:00Z (in 2 days)'
    )
  })
  it('server text in the key’s scopes is made one safe line', () => {
    const j = judgeLicenseKey(key(['x\u001b[2J\nforged::error::y']), ID, [API], SET, NOW)
    expect(j.error?.message).not.toContain('\u001b')
    expect(j.error?.message).not.toContain('\n')
  })
})
