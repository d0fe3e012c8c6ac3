// The summary of a `retire` run: "older" only when every retired set was made before the one kept.
import { describe, expect, it } from 'vitest'
import type { CredentialSet } from '../../../src/deepgram/types.js'
import { olderOrOther, renderRetirement } from '../../../src/report/retirement.js'

const set = (id: string, created: string): CredentialSet => ({ id, provider: 'quay', comment: '', scopes: [], created })
const KEEP = set('00000000-0000-4000-8000-000000000009', '2026-06-28T00:00:00Z')

describe('the retire page', () => {
  it('"older" when each was made before the set kept, "other" when one was made after it', () => {
    const before = set('00000000-0000-4000-8000-000000000001', '2026-06-01T00:00:00Z')
    const after = set('00000000-0000-4000-8000-000000000002', '2026-07-01T00:00:00Z')
    expect(olderOrOther(KEEP, [before])).toBe('older')
    expect(olderOrOther(KEEP, [before, after])).toBe('other')
    const page = renderRetirement({
      kind: 'done',
      name: 'eu-west',
      keep: KEEP,
      others: [before, after].map(s => ({ set: s, result: { kind: 'retired' } }))
    })
    expect(page).toContain('retired 2 other sets</h3>')
  })
})
