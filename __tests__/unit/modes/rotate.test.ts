// `rotate` against nock, checking only: the set made is kept once every step passed; a set
// short of a scope is not kept (deleted before the step ends, named in no output), and every
// word about it names it as the rotation's.
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { rotate } from '../../../src/modes/rotate.js'
import { API, PATH } from '../../support/api-request.ts'
import { captureStdoutAsync } from '../../support/helpers.js'
import { API_SCOPE, apiSet, CHECK_ONLY, ENGINE, stepPerTest } from '../../support/step.ts'

const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const SECRET = 'rotation-secret-0123456789'
const inputs = { ...CHECK_ONLY, mode: 'rotate', rotation: 'eu-west' } as const

const step = stepPerTest()

describe('rotate', () => {
  it('makes the set, checks it and keeps it: nothing left for the post step', async () => {
    nock(API)
      .post(PATH)
      .query(true)
      .reply(200, apiSet(ID, [API_SCOPE, ENGINE], { secret: SECRET }))
    const { out } = await captureStdoutAsync(() => rotate(inputs, { env: {} }))
    expect(out).toContain(`Created credential set ${ID} for rotation eu-west (`)
    expect(out).toContain(`Keeping credential set ${ID} for rotation eu-west`)
    expect(out).not.toContain('::error')
    expect(step().state()['setToCleanUp']).toBe('')
    expect(step().outputs()['credentials-id']).toBe(ID)
    expect(step().summary()).toContain('✅ Made and kept credential set')
  })

  it('a scope missing on the rotation’s set: named as the rotation’s, not kept, deleted before the step ends, named in no output', async () => {
    nock(API)
      .post(PATH)
      .query(true)
      .reply(200, apiSet(ID, [API_SCOPE], { secret: SECRET }))
    const deleted = nock(API)
      .delete(`${PATH}/${ID}`)
      .reply(200, { message: 'Successfully deleted the distribution credentials!' })
    const { out } = await captureStdoutAsync(() => rotate(inputs, { env: {} }))
    expect(out).toContain(
      `::error title=Credential set lacks required scopes::Credential set ${ID}, made for rotation eu-west, is missing ${ENGINE}`
    )
    expect(out).not.toContain('made for this job')
    expect(out).toContain(
      `Credential set ${ID}, made for rotation eu-west, is not kept: this step failed, so nothing will use it. It was deleted.`
    )
    expect(deleted.isDone()).toBe(true)
    expect(step().state()['setToCleanUp']).toBe('')
    expect(step().outputs()['credentials-id']).toBeUndefined()
    expect(step().outputs()['username']).toBeUndefined()
    expect(step().summary()).toContain('it is not kept, since this step failed')
    expect(process.exitCode).toBe(1)
  })
})
