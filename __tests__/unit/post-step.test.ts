// The post step against nock: it deletes the set the main step made and did not keep, and says
// what it was for, in those words; a saved record of no known shape deletes nothing.
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { post } from '../../src/post-step.js'
import { API, KEY, PATH, PROJECT } from '../support/api-request.ts'
import { captureStdoutAsync, setInputs } from '../support/helpers.js'
import { stepPerTest } from '../support/step.ts'

const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'

stepPerTest(() => setInputs({ 'project-id': PROJECT, 'api-key': KEY, 'api-url': API }))

const saved = (record: object | string): void => {
  process.env['STATE_setToCleanUp'] = typeof record === 'string' ? record : JSON.stringify(record)
}

describe('the post step', () => {
  it('nothing saved: no login to undo, no request', async () => {
    const { out } = await captureStdoutAsync(() => post())
    expect(out).toContain('Not logged in by this action: nothing to log out.')
    expect(nock.pendingMocks()).toEqual([])
  })

  it('a job’s set: deleted, "made for this job"', async () => {
    saved({ kind: 'job-set', id: ID })
    nock(API).delete(`${PATH}/${ID}`).reply(200, {})
    const { out } = await captureStdoutAsync(() => post())
    expect(out).toContain(`Deleted credential set ${ID}, made for this job.`)
  })

  it('a rotation’s set that was not kept: deleted, named as the rotation’s', async () => {
    saved({ kind: 'rotation-set', id: ID, rotation: 'eu-west' })
    nock(API).delete(`${PATH}/${ID}`).reply(404, {})
    const { out } = await captureStdoutAsync(() => post())
    expect(out).toContain(
      `Credential set ${ID}, made for rotation eu-west, which failed its check, was already deleted.`
    )
    expect(out).not.toContain('this job')
  })

  it('a delete that fails: a warning with the request that deletes it by hand, never a failed step', async () => {
    saved({ kind: 'rotation-set', id: ID, rotation: 'eu-west' })
    nock(API).delete(`${PATH}/${ID}`).times(4).reply(403, { err_code: 'FORBIDDEN', err_msg: 'No.' })
    const { out } = await captureStdoutAsync(() => post())
    expect(out).toContain(
      `::warning title=Credential set not deleted::Could not delete credential set ${ID}, made for rotation eu-west`
    )
    expect(out).toContain(`curl -X DELETE -H "Authorization: Token $DEEPGRAM_API_KEY" ${API}${PATH}/${ID}`)
    expect(process.exitCode).toBeUndefined()
  })

  it.each([JSON.stringify({ kind: 'job-set', id: '../../keys' }), 'not json'])(
    'a record of no known shape (%s): no request, a warning',
    async record => {
      saved(record)
      const { out } = await captureStdoutAsync(() => post())
      expect(out).toMatch(/::warning title=Credential set not deleted::The saved state names .* nothing was deleted\./)
      expect(nock.pendingMocks()).toEqual([])
    }
  )
})
