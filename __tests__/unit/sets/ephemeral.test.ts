import { describe, expect, it } from 'vitest'
import { runIdentity, setComment } from '../../../src/sets/comment.js'
import type { CredentialSet } from '../../../src/deepgram/types.js'
import { timestampOf } from '../../../src/common.js'
import { creationScopes, staleSets, SWEEP_MAX } from '../../../src/sets/ephemeral.js'

const RUN = runIdentity({
  GITHUB_REPOSITORY_ID: '123456',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_JOB: 'deploy'
})
const NOW = Date.parse('2026-11-30T12:00:00Z')
const HOUR = 3600_000
const MARK = 'deepgram-self-hosted-login ephemeral'

let n = 0
function set(
  comment: string,
  hoursAgo: number,
  id = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`
): CredentialSet {
  return { id, provider: 'quay', comment, scopes: [], created: new Date(NOW - hoursAgo * HOUR).toISOString() }
}

/** The comment a run of this repository gave its set. */
const ours = (run: string, job = 'deploy'): string => `${MARK} repo:123456 run:${run} acme/app ${job}`

describe('the sweep', () => {
  it("takes this repository's sets older than 6 days, oldest first: a job on a self-hosted runner may run 5 days", () => {
    const old = set(ours('1.1'), 6 * 24 + 1)
    const older = set(ours('2.1'), 200)
    const recent = set(ours('3.1'), 6 * 24 - 1)
    const fiveDays = set(ours('4.1'), 5 * 24)
    expect(staleSets([old, recent, older, fiveDays], RUN, NOW)).toEqual([older, old])
  })

  it('takes none without a repository ID: repo:local is every such repository’s', () => {
    const local = runIdentity({ GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '1' })
    const sets = [
      set(`${MARK} repo:local run:1.1 acme/app deploy`, 999),
      set(`${MARK} acme/app run 1000.1 deploy`, 999)
    ]
    expect(staleSets(sets, local, NOW)).toEqual([])
  })

  it('takes the comment this action writes', () => {
    const made = set(setComment({ kind: 'ephemeral' }, { ...RUN, runId: '77' }, 'abcdefgh'), 300)
    expect(staleSets([made], RUN, NOW)).toEqual([made])
  })

  it('tells the repository by its ID, whatever the name says (a rename keeps the ID)', () => {
    const renamed = set(`${MARK} repo:123456 run:1.1 acme/old-name deploy`, 300)
    const otherId = set(`${MARK} repo:1234567 run:1.1 acme/app deploy`, 300)
    const suffixed = set(`${MARK} repo:123457 run:1.1 acme/app-two deploy`, 300)
    expect(staleSets([renamed, otherId, suffixed], RUN, NOW)).toEqual([renamed])
  })

  it('still takes sets of the old format, by the repository name', () => {
    const legacy = set(`${MARK} acme/app run 1000.1 deploy`, 300)
    const other = set(`${MARK} acme/app-two run 1000.1 deploy`, 300)
    expect(staleSets([legacy, other], RUN, NOW)).toEqual([legacy])
  })

  it('never takes another repository’s, a rotation’s, or one made by hand that starts with the same words', () => {
    const sets = [
      set(`${MARK} repo:999 run:1.1 acme/other deploy`, 999),
      set('deepgram-self-hosted-login rotate:prod repo:123456 run:1.1 acme/app', 999),
      set(`${MARK} repo:123456 for production, do not delete`, 999),
      set(`${MARK} repo:123456 run:1.1, keep`, 999),
      set(` ${ours('1.1')}`, 999),
      set(ours('1.1').toUpperCase(), 999),
      set(`${MARK} acme/app made by hand`, 999),
      set('CI pulls', 9999),
      set('', 9999)
    ]
    expect(staleSets(sets, RUN, NOW)).toEqual([])
  })

  it('leaves alone a set whose ID is not a UUID: it would go into the path of the DELETE', () => {
    expect(staleSets([set(ours('1.1'), 300, '../../../keys')], RUN, NOW)).toEqual([])
  })

  it('leaves alone a set whose creation time cannot be read', () => {
    expect(staleSets([{ ...set(ours('1.1'), 300), created: 'yesterday' }], RUN, NOW)).toEqual([])
    expect(staleSets([{ ...set(ours('1.1'), 300), created: '' }], RUN, NOW)).toEqual([])
  })

  it('leaves alone a set whose creation time is not a full timestamp (date, time, and Z or an offset)', () => {
    const at = (created: string): CredentialSet => ({ ...set(ours('1.1'), 0), created })
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
      expect(staleSets([at(created)], RUN, NOW), created).toEqual([])
    }
  })

  it('reads the timestamps the API sends: fractional seconds of any length, Z or an offset', () => {
    expect(timestampOf('2023-06-28T20:01:41.642434Z')).toBe(Date.UTC(2023, 5, 28, 20, 1, 41, 642))
    expect(timestampOf('2023-06-28T20:01:41Z')).toBe(Date.UTC(2023, 5, 28, 20, 1, 41))
    expect(timestampOf('2023-06-28T20:01:41.5+02:00')).toBe(Date.UTC(2023, 5, 28, 18, 1, 41, 500))
    expect(timestampOf('2023-06-28T20:01:41.123456789-0130')).toBe(Date.UTC(2023, 5, 28, 21, 31, 41, 123))
    expect(timestampOf('2024-02-29T23:59:59Z')).toBe(Date.UTC(2024, 1, 29, 23, 59, 59))
    const old = { ...set(ours('1.1'), 0), created: '2023-06-28T20:01:41.642434Z' }
    expect(staleSets([old], RUN, NOW)).toEqual([old])
  })

  it(`takes at most ${SWEEP_MAX}`, () => {
    const sets = Array.from({ length: 15 }, (_, i) => set(ours(`${i}.1`), 150 + i))
    const taken = staleSets(sets, RUN, NOW)
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
