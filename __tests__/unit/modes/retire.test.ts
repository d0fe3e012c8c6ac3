// Which sets `retire` deletes: the rotation's, of this repository, but the one kept,
// told apart by their whole comment; and what the `retired` output lists.
import { describe, expect, it } from 'vitest'
import { runIdentity } from '../../../src/sets/comment.js'
import type { CredentialSet, Retirement } from '../../../src/deepgram/types.js'
import { otherSetsOf, retiredIds } from '../../../src/modes/retire.js'

const RUN = runIdentity({ GITHUB_REPOSITORY_ID: '123456', GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '9' })
const KEEP = '00000000-0000-4000-8000-000000000007'

let n = 0
function set(
  comment: string,
  created: string,
  id = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`
): CredentialSet {
  return { id, provider: 'quay', comment, scopes: [], created }
}
const ours = (name: string, repo = '123456', run = 1): string =>
  `deepgram-self-hosted-login rotate:${name} repo:${repo} run:${run}.1 acme/app`

describe('otherSetsOf', () => {
  it("keeps only this rotation's sets of this repository, but the one kept, oldest first", () => {
    const a = set(ours('prod-us', '123456', 1), '2026-01-03T00:00:00Z')
    const b = set(ours('prod-us', '123456', 2), '2026-01-01T00:00:00Z')
    const c = set(ours('prod-us', '123456', 3), '2026-01-02T00:00:00Z')
    const sets = [
      a,
      set(ours('prod-us', '123456', 9), '2026-01-09T00:00:00Z', KEEP.toUpperCase()),
      b,
      set(ours('staging'), '2026-01-01T00:00:00Z'),
      set(ours('prod-us-2'), '2026-01-01T00:00:00Z'),
      set(ours('prod-us', '1234567'), '2026-01-01T00:00:00Z'),
      set(ours('prod-us', '12345'), '2026-01-01T00:00:00Z'),
      set('deepgram-self-hosted-login rotate:prod-us repo:123456', '2026-01-01T00:00:00Z'),
      set(` ${ours('prod-us')}`, '2026-01-01T00:00:00Z'),
      set('deepgram-self-hosted-login ephemeral repo:123456 run:1.1 acme/app deploy', '2026-01-01T00:00:00Z'),
      set('deepgram-self-hosted-login ephemeral acme/app run 1.1 deploy', '2026-01-01T00:00:00Z'),
      set('CI pulls', '2026-01-01T00:00:00Z'),
      set('', '2026-01-01T00:00:00Z'),
      // Its ID would go into the DELETE's path: left alone.
      set(ours('prod-us'), '2026-01-01T00:00:00Z', '../other'),
      c
    ]
    expect(otherSetsOf(sets, 'prod-us', KEEP, RUN).map(s => s.id)).toEqual([b.id, c.id, a.id])
  })

  it('another repository (by its ID) finds none of them', () => {
    const sets = [set(ours('prod-us'), '2026-01-01T00:00:00Z')]
    expect(otherSetsOf(sets, 'prod-us', KEEP, runIdentity({ GITHUB_REPOSITORY_ID: '654321' }))).toEqual([])
  })
})

describe('retiredIds', () => {
  it('lists the sets deleted, lower-case, not those gone already or not deleted', () => {
    const keep = set(ours('prod-us'), '2026-01-09T00:00:00Z', KEEP)
    const [a, b, c] = ['A', 'B', 'C'].map(x =>
      set(ours('prod-us'), '2026-01-01T00:00:00Z', `0000000${x}-0000-4000-8000-000000000000`)
    )
    const done: Retirement = {
      kind: 'done',
      name: 'prod-us',
      keep,
      others: [
        { set: a!, result: { kind: 'retired' } },
        { set: b!, result: { kind: 'gone' } },
        { set: c!, result: { kind: 'failed', why: 'HTTP 503' } }
      ]
    }
    expect(retiredIds(done)).toEqual([a!.id.toLowerCase()])
    expect(retiredIds({ kind: 'refused', name: 'prod-us', keepId: KEEP, why: 'missing' })).toEqual([])
  })
})
