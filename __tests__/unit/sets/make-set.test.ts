// Making a set for a purpose, against nock: the secret masked the moment the answer is read, the
// set saved for the post step as what it is for, and an answer of no use deleted again at once.
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { makeSet } from '../../../src/sets/make-set.js'
import { API, apiRequest, PATH } from '../../support/api-request.ts'
import { captureStdoutAsync, rejected } from '../../support/helpers.js'
import { API_SCOPE, apiSet, stepPerTest } from '../../support/step.ts'

const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const SECRET = 'made-secret-0123456789abc'
const request = (): ReturnType<typeof apiRequest> => apiRequest({ sleep: async () => undefined })

const step = stepPerTest()

describe('makeSet', () => {
  it('a rotation’s set: its secret masked, and saved for the post step as the rotation’s', async () => {
    nock(API)
      .post(PATH)
      .query(true)
      .reply(200, apiSet(ID, [API_SCOPE], { secret: SECRET }))
    const { result, out } = await captureStdoutAsync(() =>
      makeSet(request(), [API_SCOPE], { kind: 'rotation', name: 'eu-west' })
    )
    expect(result?.id).toBe(ID)
    expect(result?.comment).toContain('rotate:eu-west')
    expect(out).toContain(`::add-mask::${SECRET}`)
    expect(JSON.parse(step().state()['setToCleanUp'] ?? '')).toEqual({
      kind: 'rotation-set',
      id: ID,
      rotation: 'eu-west',
      comment: result?.comment
    })
    // The comment bears a mark of this create's own.
    expect(result?.comment).toMatch(/ mark:[a-z2-7]{8}( |$)/)
  })

  it('an answer without a secret: the set is deleted again, and nothing is left to clean up', async () => {
    nock(API)
      .post(PATH)
      .query(true)
      .reply(200, apiSet(ID, [API_SCOPE]))
    nock(API).delete(`${PATH}/${ID}`).reply(200, {})
    const error = await rejected(makeSet(request(), [API_SCOPE], { kind: 'ephemeral' }))
    expect(error.message).toContain(`The set ${ID} was deleted again.`)
    expect(step().state()['setToCleanUp']).toBe('')
  })
})
