import { describe, expect, it } from 'vitest'
import { runIdentity, setComment } from '../../../src/deepgram/comment.js'
import type { CredentialSet } from '../../../src/deepgram/types.js'
import { creationScopes, staleSets, SWEEP_MAX } from '../../../src/deepgram/ephemeral.js'

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
  it("takes this repository's sets older than 24 hours, oldest first", () => {
    const old = set(ours('1.1'), 30)
    const older = set(ours('2.1'), 50)
    const recent = set(ours('3.1'), 23)
    expect(staleSets([old, recent, older], RUN, NOW)).toEqual([older, old])
  })

  it('takes the comment this action writes', () => {
    const made = set(setComment({ kind: 'ephemeral' }, { ...RUN, runId: '77' }), 30)
    expect(staleSets([made], RUN, NOW)).toEqual([made])
  })

  it('tells the repository by its ID, whatever the name says (a rename keeps the ID)', () => {
    const renamed = set(`${MARK} repo:123456 run:1.1 acme/old-name deploy`, 30)
    const otherId = set(`${MARK} repo:1234567 run:1.1 acme/app deploy`, 30)
    const suffixed = set(`${MARK} repo:123457 run:1.1 acme/app-two deploy`, 30)
    expect(staleSets([renamed, otherId, suffixed], RUN, NOW)).toEqual([renamed])
  })

  it('still takes sets of the old format, by the repository name', () => {
    const legacy = set(`${MARK} acme/app run 1000.1 deploy`, 30)
    const other = set(`${MARK} acme/app-two run 1000.1 deploy`, 30)
    expect(staleSets([legacy, other], RUN, NOW)).toEqual([legacy])
  })

  it('never takes another repository’s, a rotation’s, or one made by hand that starts with the same words', () => {
    const sets = [
      set(`${MARK} repo:999 run:1.1 acme/other deploy`, 99),
      set('deepgram-self-hosted-login rotate:prod repo:123456 run:1.1 acme/app', 99),
      set(`${MARK} repo:123456 for production, do not delete`, 99),
      set(`${MARK} repo:123456 run:1.1, keep`, 99),
      set(` ${ours('1.1')}`, 99),
      set(ours('1.1').toUpperCase(), 99),
      set(`${MARK} acme/app made by hand`, 99),
      set('CI pulls', 9999),
      set('', 9999)
    ]
    expect(staleSets(sets, RUN, NOW)).toEqual([])
  })

  it('leaves alone a set whose ID is not a UUID: it would go into the path of the DELETE', () => {
    expect(staleSets([set(ours('1.1'), 30, '../../../keys')], RUN, NOW)).toEqual([])
  })

  it('leaves alone a set whose creation time cannot be read', () => {
    expect(staleSets([{ ...set(ours('1.1'), 30), created: 'yesterday' }], RUN, NOW)).toEqual([])
    expect(staleSets([{ ...set(ours('1.1'), 30), created: '' }], RUN, NOW)).toEqual([])
  })

  it(`takes at most ${SWEEP_MAX}`, () => {
    const sets = Array.from({ length: 15 }, (_, i) => set(ours(`${i}.1`), 25 + i))
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
