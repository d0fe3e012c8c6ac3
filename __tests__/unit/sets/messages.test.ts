import { describe, expect, it } from 'vitest'
import { noUsableSet, sweepFailed } from '../../../src/sets/messages.js'

describe('the words of the sets this action makes', () => {
  const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'

  it('no usable set: says what the answer lacked, and what became of the set', () => {
    const deleted = noUsableSet({ problem: 'no-secret', id: ID, deleted: true })
    expect(deleted.title).toBe('No usable credential set')
    expect(deleted.message).toContain('returned no usable set: its answer to creating one has no secret')
    expect(deleted.message).toContain(`The set ${ID} was deleted again.`)
    expect(noUsableSet({ problem: 'no-secret', id: ID, deleted: false }).message).toContain('the post step tries again')
    // Without an ID, what the lookup by this run's comment did.
    const noId = noUsableSet({ problem: 'no-id', kind: 'deleted', ids: [ID] })
    expect(noId.message).toContain('has no ID')
    expect(noId.message).toContain(`this run's set ${ID} was found and deleted`)
    expect(noUsableSet({ problem: 'no-id', kind: 'none' }).message).toContain('none made by this run was found')
    const later = noUsableSet({ problem: 'no-id', kind: 'later', why: 'HTTP 503.' }).message
    expect(later).toContain('(HTTP 503.): the post step looks for this run')
    expect(noUsableSet({ problem: 'shape', where: 'scopes', id: ID, deleted: true }).message).toContain(
      'a scopes that is not in the documented shape'
    )
  })

  it('a failed sweep is one warning with every problem', () => {
    const w = sweepFailed({ problems: [`deleting ${ID} failed: HTTP 403.`], found: 1, left: 1 })
    expect(w.title).toBe('Old sets not swept')
    expect(w.message).toContain(`deleting ${ID} failed: HTTP 403.`)
    expect(w.message).toContain('This job carries on')
  })

  it('a sweep out of time says so, and how many stale sets it left', () => {
    const w = sweepFailed({ problems: [], found: 10, left: 7, seconds: 15 })
    expect(w.title).toBe('Old sets not swept')
    expect(w.message).toContain('the sweep stopped at its 15 s limit. Stale sets left: 7 of 10.')
    const listed = sweepFailed({ problems: ['The Deepgram API did not answer.'], found: 0, left: 0 })
    expect(listed.message).toContain('for this repository: The Deepgram API did not answer. This job carries on')
    const unlisted = sweepFailed({ problems: [], found: 0, left: 0, seconds: 15 })
    expect(unlisted.message).toContain('the sweep stopped at its 15 s limit, before the API listed the sets. This job')
  })
})
