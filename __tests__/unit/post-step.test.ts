// The post step against nock: it deletes the set the main step made and did not keep, and says
// what it was for, in those words; a saved record of no known shape, or not of this run, or
// naming a set that does not bear the create's mark, deletes nothing; a saved registry that is no
// registry runs no client.
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { post } from '../../src/post-step.js'
import { API, KEY, PATH, PROJECT } from '../support/api-request.ts'
import { captureStdoutAsync, setInputs } from '../support/helpers.js'
import { stepPerTest } from '../support/step.ts'

const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const JOB = 'deepgram-self-hosted-login ephemeral repo:123456 run:4242.1 mark:aaaabbbb acme/app deploy'
const ROTATION = 'deepgram-self-hosted-login rotate:eu-west repo:123456 run:4242.1 mark:ccccdddd acme/app'

stepPerTest(() => {
  setInputs({ 'project-id': PROJECT, 'api-key': KEY, 'api-url': API })
  Object.assign(process.env, { GITHUB_REPOSITORY_ID: '123456', GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '1' })
})

/** The set as the API gives it by ID, with this comment. */
const item = (comment: string): unknown => ({
  member: { member_id: 'm', email: 'a@example.com' },
  distribution_credentials: { distribution_credentials_id: ID, provider: 'quay', comment, scopes: [], created: '' }
})

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
    saved({ kind: 'job-set', id: ID, comment: JOB })
    nock(API).get(`${PATH}/${ID}`).reply(200, item(JOB))
    nock(API).delete(`${PATH}/${ID}`).reply(200, {})
    const { out } = await captureStdoutAsync(() => post())
    expect(out).toContain(`Deleted credential set ${ID}, made for this job.`)
  })

  it('a rotation’s set that was not kept: deleted, named as the rotation’s', async () => {
    saved({ kind: 'rotation-set', id: ID, rotation: 'eu-west', comment: ROTATION })
    nock(API).get(`${PATH}/${ID}`).reply(404, {})
    nock(API).delete(`${PATH}/${ID}`).reply(404, {})
    // A 404 is checked against the list.
    nock(API).get(PATH).reply(200, { distribution_credentials: [] })
    const { out } = await captureStdoutAsync(() => post())
    expect(out).toContain(
      `Credential set ${ID}, made for rotation eu-west, which failed its check, was already deleted.`
    )
    expect(out).not.toContain('this job')
  })

  it('a delete that fails: a warning with the request that deletes it by hand, never a failed step', async () => {
    saved({ kind: 'rotation-set', id: ID, rotation: 'eu-west', comment: ROTATION })
    nock(API).get(`${PATH}/${ID}`).reply(200, item(ROTATION))
    nock(API).delete(`${PATH}/${ID}`).times(4).reply(403, { err_code: 'FORBIDDEN', err_msg: 'No.' })
    const { out } = await captureStdoutAsync(() => post())
    expect(out).toContain(
      `::warning title=Credential set not deleted::Could not delete credential set ${ID}, made for rotation eu-west`
    )
    expect(out).toContain(`curl -X DELETE -H "Authorization: Token $DEEPGRAM_API_KEY" ${API}${PATH}/${ID}`)
    expect(process.exitCode).toBeUndefined()
  })

  it('a key that may not read the set (403 on its GET): the record, which names this run, is trusted', async () => {
    saved({ kind: 'job-set', id: ID, comment: JOB })
    nock(API).get(`${PATH}/${ID}`).reply(403, { err_code: 'FORBIDDEN', err_msg: 'No.' })
    nock(API).delete(`${PATH}/${ID}`).reply(200, {})
    const { out } = await captureStdoutAsync(() => post())
    expect(out).toContain(`Deleted credential set ${ID}, made for this job.`)
    expect(nock.pendingMocks()).toEqual([])
  })

  it('any other refusal to read the set (401): nothing deleted, a warning', async () => {
    saved({ kind: 'job-set', id: ID, comment: JOB })
    nock(API).get(`${PATH}/${ID}`).reply(401, { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.' })
    const { out } = await captureStdoutAsync(() => post())
    expect(out).toContain(`::warning title=Credential set not deleted::Could not delete credential set ${ID}`)
    expect(nock.pendingMocks()).toEqual([])
  })

  it.each([
    ['another repository', JOB.replace('repo:123456', 'repo:999')],
    ['another run', JOB.replace('run:4242.1', 'run:77.1')],
    ['another attempt', JOB.replace('run:4242.1', 'run:4242.2')],
    ['no mark', JOB.replace(' mark:aaaabbbb', '')]
  ])('a record of %s: refused with a warning, no request', async (_what, comment) => {
    saved({ kind: 'job-set', id: ID, comment })
    const { out } = await captureStdoutAsync(() => post())
    expect(out).toMatch(/::warning title=Saved state refused::/)
    expect(out).not.toContain('repo:999')
    expect(nock.pendingMocks()).toEqual([])
  })

  it('a set that does not bear the record’s mark (another leg’s, another run’s): not deleted', async () => {
    saved({ kind: 'job-set', id: ID, comment: JOB })
    nock(API)
      .get(`${PATH}/${ID}`)
      .reply(200, item(JOB.replace('mark:aaaabbbb', 'mark:eeeeffff')))
    const { out } = await captureStdoutAsync(() => post())
    expect(out).toContain(`::warning title=Saved state refused::Credential set ${ID}, which the saved state names,`)
    expect(nock.pendingMocks()).toEqual([])
  })

  it.each(['--all', 'quay.io\n::error::x', 'a b'])(
    'a saved registry of %j: refused with a warning, no client run',
    async registry => {
      Object.assign(process.env, {
        STATE_loggedIn: 'true',
        STATE_registry: registry,
        STATE_logout: 'true',
        STATE_client: 'docker',
        STATE_clientPath: '/nonexistent/docker',
        STATE_authFile: ''
      })
      const { out } = await captureStdoutAsync(() => post())
      const warnings = out.split('\n').filter(l => l.startsWith('::warning'))
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/^::warning title=Logout skipped::The saved state names .* which is not a registry/)
      expect(out.split('\n').filter(l => l.startsWith('::error'))).toEqual([])
    }
  )

  it.each([JSON.stringify({ kind: 'job-set', id: '../../keys', comment: JOB }), 'not json'])(
    'a record of no known shape (%s): no request, a warning',
    async record => {
      saved(record)
      const { out } = await captureStdoutAsync(() => post())
      expect(out).toMatch(/::warning title=Credential set not deleted::The saved state names .* nothing was deleted\./)
      expect(nock.pendingMocks()).toEqual([])
    }
  )
})
