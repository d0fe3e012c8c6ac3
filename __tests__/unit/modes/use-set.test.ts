// The steps every mode that uses a set runs, given the set: its outputs (shown forms), the scope
// check's words for a stored set and a set this job made, and the summary of each.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SetInUse } from '../../../src/deepgram/types.js'
import { useSet } from '../../../src/modes/use-set.js'
import { captureStdoutAsync } from '../../support/helpers.js'
import { API_SCOPE, CHECK_ONLY, ENGINE, stepFiles } from '../../support/step.ts'

const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const set = (scopes: string[]): SetInUse['set'] => ({
  id: ID,
  provider: 'quay',
  comment: 'deploy\n::error::x',
  scopes,
  created: '2026-11-30T16:00:00Z'
})

let step: ReturnType<typeof stepFiles>
beforeEach(() => (step = stepFiles()))
afterEach(() => step.done())

describe('useSet', () => {
  it('a set that carries the scopes: passed, its outputs in their shown forms', async () => {
    const inUse: SetInUse = { kind: 'stored', set: set([API_SCOPE, ENGINE]), id: ID }
    const { result, out } = await captureStdoutAsync(async () => {
      const run = await useSet(CHECK_ONLY, { env: {} }, { obtain: async () => inUse })
      await run.finish()
      return run
    })
    expect(result?.passed).toBe(true)
    expect(out).toContain(`Credential set ${ID} (quay) carries ${API_SCOPE}, ${ENGINE}.`)
    expect(step.outputs()).toMatchObject({
      'credentials-id': ID,
      username: `deepgram+${ID}`,
      comment: 'deploy ::error::x'
    })
  })

  it('a stored set short of a scope: what to do, three ways; failed, with the step in the summary', async () => {
    const inUse: SetInUse = { kind: 'stored', set: set([API_SCOPE]), id: ID }
    const { result, out } = await captureStdoutAsync(async () => {
      const run = await useSet(CHECK_ONLY, { env: {} }, { obtain: async () => inUse })
      await run.finish()
      return run
    })
    expect(result?.passed).toBe(false)
    expect(out).toContain(`Credential set ${ID} is missing ${ENGINE} (it has: ${API_SCOPE}). Images for those products`)
    // A check-only run never meant to log in: its headline does not say it did not.
    expect(step.summary()).toContain(`<h3>❌ The credential set lacks ${ENGINE}</h3>`)
  })

  it('a set made for the job short of a scope: blames the key’s account, and the post step deletes it', async () => {
    const made = { set: set([API_SCOPE]), id: ID, secret: 's3cret-0123456789', newSetUntil: Date.now() }
    const inUse: SetInUse = { kind: 'made-for-job', ...made }
    const { out } = await captureStdoutAsync(async () =>
      (await useSet(CHECK_ONLY, { env: {} }, { obtain: async () => inUse })).finish()
    )
    expect(out).toContain(`Credential set ${ID}, made for this job, is missing ${ENGINE}`)
    expect(out).toContain('The post step deletes the set.')
  })

  it('a failure before the set is found: the early summary, and no outputs', async () => {
    const { out } = await captureStdoutAsync(async () => {
      const run = await useSet(CHECK_ONLY, { env: {} }, { obtain: () => Promise.reject(new Error('boom')) })
      await run.finish()
      return run
    })
    expect(out).toContain('::error::Unexpected failure: boom')
    expect(step.outputs()).toEqual({})
    expect(step.summary()).toContain('did not log in')
  })
})
