import { describe, expect, it } from 'vitest'
import type { CredentialSet } from '../../../src/deepgram/types.js'
import {
  creationScopes,
  ephemeralComment,
  staleSets,
  sweepPrefix,
  SWEEP_MAX,
  timestampOf
} from '../../../src/deepgram/ephemeral.js'

const RUN = { GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '2', GITHUB_JOB: 'deploy' }
const NOW = Date.parse('2026-11-30T12:00:00Z')
const HOUR = 3600_000

let n = 0
function set(
  comment: string,
  hoursAgo: number,
  id = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`
): CredentialSet {
  return { id, provider: 'quay', comment, scopes: [], created: new Date(NOW - hoursAgo * HOUR).toISOString() }
}

describe('the comment', () => {
  it('names the repository, the run and attempt, and the job', () => {
    expect(ephemeralComment(RUN)).toBe('deepgram-self-hosted-login ephemeral acme/app run 4242.2 deploy')
  })

  it('says local outside GitHub Actions, and attempt 1 when the attempt is unknown', () => {
    expect(ephemeralComment({})).toBe('deepgram-self-hosted-login ephemeral local run local')
    expect(ephemeralComment({ GITHUB_REPOSITORY: 'a/b', GITHUB_RUN_ID: '7' })).toBe(
      'deepgram-self-hosted-login ephemeral a/b run 7.1'
    )
  })

  it('is one line of plain text, words without spaces, at most 200 characters', () => {
    const c = ephemeralComment({ ...RUN, GITHUB_JOB: `job\n::error::x\u001b[31m ${'j'.repeat(300)}` })
    expect(c).not.toContain('\n')
    expect(c).not.toContain('\u001b')
    expect(c.startsWith('deepgram-self-hosted-login ephemeral acme/app run 4242.2 job_::error::x')).toBe(true)
    expect(c.length).toBeLessThanOrEqual(200)
  })

  it('starts with the prefix the sweep looks for', () => {
    expect(ephemeralComment(RUN).startsWith(sweepPrefix(RUN))).toBe(true)
    expect(sweepPrefix(RUN)).toBe('deepgram-self-hosted-login ephemeral acme/app ')
    expect(ephemeralComment({}).startsWith(sweepPrefix({}))).toBe(true)
  })
})

describe('the sweep', () => {
  const prefix = sweepPrefix(RUN)

  it("takes this repository's sets older than 24 hours, oldest first", () => {
    const old = set(`${prefix}run 1.1 deploy`, 30)
    const older = set(`${prefix}run 2.1 deploy`, 50)
    const recent = set(`${prefix}run 3.1 deploy`, 23)
    expect(staleSets([old, recent, older], prefix, NOW)).toEqual([older, old])
  })

  it('never takes another repository’s, one whose name only starts the same, or one made by hand', () => {
    const sets = [
      set('deepgram-self-hosted-login ephemeral acme/other run 1.1 deploy', 99),
      set('deepgram-self-hosted-login ephemeral acme/app-two run 1.1 deploy', 99),
      set(' deepgram-self-hosted-login ephemeral acme/app run 1.1 deploy', 99),
      set('DEEPGRAM-SELF-HOSTED-LOGIN EPHEMERAL acme/app run 1.1 deploy', 99),
      set('CI pulls', 9999),
      set('', 9999)
    ]
    expect(staleSets(sets, prefix, NOW)).toEqual([])
  })

  it('leaves alone a set whose ID is not a UUID: it would go into the path of the DELETE', () => {
    expect(staleSets([set(`${prefix}run 1.1 x`, 30, '../../../keys')], prefix, NOW)).toEqual([])
  })

  it('leaves alone a set whose creation time cannot be read', () => {
    expect(staleSets([{ ...set(`${prefix}run 1.1 x`, 30), created: 'yesterday' }], prefix, NOW)).toEqual([])
    expect(staleSets([{ ...set(`${prefix}run 1.1 x`, 30), created: '' }], prefix, NOW)).toEqual([])
  })

  it('leaves alone a set whose creation time is not a full timestamp (date, time, and Z or an offset)', () => {
    const at = (created: string): CredentialSet => ({ ...set(`${prefix}run 1.1 x`, 0), created })
    // Date.parse reads each of these as a date long past.
    const partial = [
      '1',
      '2024',
      '2024-01',
      '2024-01-01',
      '2024-01-01T00:00Z',
      '2024-01-01T00:00:00',
      '2024-01-01 00:00:00Z'
    ]
    // Not a day or time the calendar has; an offset of no zone.
    const impossible = ['2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-01-01T24:00:00Z']
    const other = [
      '2024-01-01T00:00:60Z',
      '2024-01-01T00:00:00+25:00',
      ' 2024-01-01T00:00:00Z',
      '2024-01-01T00:00:00.Z'
    ]
    for (const created of [...partial, ...impossible, ...other]) {
      expect(timestampOf(created), created).toBeUndefined()
      expect(staleSets([at(created)], prefix, NOW), created).toEqual([])
    }
  })

  it('reads the timestamps the API sends: fractional seconds of any length, Z or an offset', () => {
    expect(timestampOf('2023-06-28T20:01:41.642434Z')).toBe(Date.UTC(2023, 5, 28, 20, 1, 41, 642))
    expect(timestampOf('2023-06-28T20:01:41Z')).toBe(Date.UTC(2023, 5, 28, 20, 1, 41))
    expect(timestampOf('2023-06-28T20:01:41.5+02:00')).toBe(Date.UTC(2023, 5, 28, 18, 1, 41, 500))
    expect(timestampOf('2023-06-28T20:01:41.123456789-0130')).toBe(Date.UTC(2023, 5, 28, 21, 31, 41, 123))
    expect(timestampOf('2024-02-29T23:59:59Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59))
    const old = { ...set(`${prefix}run 1.1 x`, 0), created: '2023-06-28T20:01:41.642434Z' }
    expect(staleSets([old], prefix, NOW)).toEqual([old])
  })

  it(`takes at most ${SWEEP_MAX}`, () => {
    const sets = Array.from({ length: 15 }, (_, i) => set(`${prefix}run ${i}.1 x`, 25 + i))
    const taken = staleSets(sets, prefix, NOW)
    expect(taken).toHaveLength(SWEEP_MAX)
    expect(taken[0]).toBe(sets[14])
  })
})

describe('creationScopes', () => {
  it('asks for onprem: names under their self-hosted: names, each once', () => {
    expect(creationScopes(['onprem:product:api', 'self-hosted:product:api', 'self-hosted:product:engine'])).toEqual([
      'self-hosted:product:api',
      'self-hosted:product:engine'
    ])
    expect(creationScopes(['onprem:products'])).toEqual(['self-hosted:products'])
  })
})
