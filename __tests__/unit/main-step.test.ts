// The main step's one dispatch, against nock: bad inputs fail before any request, with the
// early summary; `retire` runs its own flow (no set used, its own page).
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { run } from '../../src/main-step.js'
import { API, KEY, PATH, PROJECT } from '../support/api-request.ts'
import { captureStdoutAsync, clearInputs, setInputs } from '../support/helpers.js'
import { stepPerTest } from '../support/step.ts'

const KEEP = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'

const step = stepPerTest(() => {
  clearInputs()
  // A rotation's sets are told apart by the repository's ID: rotate and retire need it.
  process.env['GITHUB_REPOSITORY_ID'] = '123456'
})

describe('run', () => {
  it('an invalid input: the ::error line and the early summary, no request', async () => {
    setInputs({ 'project-id': 'nope', 'api-key': KEY, 'credentials-id': KEEP, login: 'false' })
    const { out } = await captureStdoutAsync(() => run())
    expect(out).toContain('::error title=Invalid input project-id::Input `project-id` must be a Deepgram project ID')
    expect(step().summary()).toMatch(/^<h3>❌ Invalid input project-id; did not log in<\/h3>/)
    expect(process.exitCode).toBe(1)
  })

  it('retire: its own flow; a set to keep that is not there deletes nothing', async () => {
    setInputs({ 'project-id': PROJECT, 'api-key': KEY, 'api-url': API, retire: 'prod-us', 'credentials-id': KEEP })
    nock(API).get(PATH).reply(200, { distribution_credentials: [] }).get(`${PATH}/${KEEP}`).reply(404)
    const { out } = await captureStdoutAsync(() => run())
    expect(out).toContain(`::error title=Set to keep not found::No distribution credential set with ID ${KEEP}`)
    expect(step().outputs()['retired']).toBe('')
    expect(step().summary()).toContain('the set to keep, <code>')
    expect(nock.pendingMocks()).toEqual([])
  })
})
