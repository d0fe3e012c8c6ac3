// `ephemeral` against nock, checking only: the sweep's list, the create, the set saved for the
// post step as a job's; outside a runner, a warning that no post step will delete it.
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { useJobSet } from '../../../src/modes/job-set.js'
import { API, PATH } from '../../support/api-request.ts'
import { captureStdoutAsync } from '../../support/helpers.js'
import { API_SCOPE, apiSet, CHECK_ONLY, ENGINE, stepPerTest } from '../../support/step.ts'

const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const inputs = { ...CHECK_ONLY, mode: 'job-set' } as const
const made = (): void => {
  nock(API).get(PATH).reply(200, { distribution_credentials: [] })
  nock(API)
    .post(PATH)
    .query(true)
    .reply(200, apiSet(ID, [API_SCOPE, ENGINE], { secret: 'job-secret-0123456789' }))
}

// The sweep takes only sets it can prove are this repository's: by its ID.
const step = stepPerTest(() => {
  process.env['GITHUB_REPOSITORY_ID'] = '123456'
})

describe('a set made for the job', () => {
  it('is made after the sweep, checked, and saved for the post step as the job’s', async () => {
    made()
    const { out } = await captureStdoutAsync(() => useJobSet(inputs, { env: {} }))
    expect(out).toContain(`Created credential set ${ID} for this job (`)
    expect(out).not.toContain('::warning')
    const record = JSON.parse(step().state()['setToCleanUp'] ?? '')
    expect(record).toMatchObject({ kind: 'job-set', id: ID })
    expect(record.comment).toMatch(/^deepgram-self-hosted-login ephemeral repo:123456 run:local\.1 mark:[a-z2-7]{8}/)
    expect(step().summary()).toContain('This credential set was made for this job')
    expect(nock.pendingMocks()).toEqual([])
  })

  it('outside a runner: warns that no post step deletes it, with the request that does', async () => {
    delete process.env['GITHUB_ACTIONS']
    made()
    const { out } = await captureStdoutAsync(() => useJobSet(inputs, { env: {} }))
    expect(out).toContain('::warning title=Credential set left behind::')
    expect(out).toContain(`credential set ${ID} stays when this run ends`)
    expect(out).toContain(`${API}${PATH}/${ID}`)
  })
})
