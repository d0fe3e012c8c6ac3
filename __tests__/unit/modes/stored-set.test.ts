// A stored set against nock, checking only: found in the list, or by its ID when the list does
// not show it; a set that is nowhere fails before any step, with the early summary.
import nock from 'nock'
import { describe, expect, it } from 'vitest'
import { useStoredSet } from '../../../src/modes/stored-set.js'
import { API, PATH } from '../../support/api-request.ts'
import { captureStdoutAsync } from '../../support/helpers.js'
import { API_SCOPE, apiSet, CHECK_ONLY, ENGINE, stepPerTest } from '../../support/step.ts'

const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const OTHER = '00000000-0000-4000-8000-000000000001'
const inputs = { ...CHECK_ONLY, mode: 'stored', credentialsId: ID } as const

const step = stepPerTest()

describe('a stored set', () => {
  it('found in the list: checked, its outputs set, nothing saved for the post step', async () => {
    nock(API)
      .get(PATH)
      .reply(200, { distribution_credentials: [apiSet(OTHER, []), apiSet(ID.toUpperCase(), [API_SCOPE, ENGINE])] })
    const { out } = await captureStdoutAsync(() => useStoredSet(inputs, { env: {} }))
    expect(out).toContain('Check only (login: false): did not log in.')
    expect(step().outputs()['credentials-id']).toBe(ID)
    expect(step().state()).toEqual({})
    expect(step().summary()).toContain('✅ Checked without logging in')
  })

  it('not in the list but readable by its ID: used, and the log says how it was found', async () => {
    nock(API)
      .get(PATH)
      .reply(200, { distribution_credentials: [] })
      .get(`${PATH}/${ID}`)
      .reply(200, apiSet(ID, [API_SCOPE, ENGINE]))
    const { out } = await captureStdoutAsync(() => useStoredSet(inputs, { env: {} }))
    expect(out).toContain(`Credential set ${ID} is not in the list this API key sees`)
    expect(out).not.toContain('::error')
  })

  it('nowhere: the error says so before any step, and the summary says what to fix', async () => {
    nock(API)
      .get(PATH)
      .reply(200, { distribution_credentials: [apiSet(OTHER, [])] })
      .get(`${PATH}/${ID}`)
      .reply(404)
    const { out } = await captureStdoutAsync(() => useStoredSet(inputs, { env: {} }))
    expect(out).toContain(`::error title=Credential set not found::No distribution credential set with ID ${ID}`)
    expect(out).toContain('the API key can see 1 set.')
    expect(step().summary()).toMatch(/^<h3>❌ Credential set not found; did not log in<\/h3>/)
    expect(process.exitCode).toBe(1)
  })
})
