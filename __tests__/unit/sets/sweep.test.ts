// The sweep before a job's set is made, against nock: this repository's stale job sets deleted,
// oldest first; the first delete the API refuses stops it, and one warning says what was left;
// without the repository's ID, none.
import nock from 'nock'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { setComment, runIdentity } from '../../../src/sets/comment.js'
import { sweepOldSets } from '../../../src/sets/sweep.js'
import { API, apiRequest, PATH } from '../../support/api-request.ts'
import { captureStdoutAsync, saveEnv } from '../../support/helpers.js'

const OLD = ['00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b']
const listed = (): object => {
  const comment = setComment({ kind: 'ephemeral' }, runIdentity(process.env), 'aaaabbbb')
  const item = (id: string, created: string): object => ({
    distribution_credentials: { distribution_credentials_id: id, provider: 'quay', comment, scopes: [], created }
  })
  return { distribution_credentials: [item(OLD[1]!, '2020-01-02T00:00:00Z'), item(OLD[0]!, '2020-01-01T00:00:00Z')] }
}
const request = (): ReturnType<typeof apiRequest> => apiRequest({ sleep: async () => undefined })

let restore: () => void
beforeAll(() => nock.disableNetConnect())
afterAll(() => nock.enableNetConnect())
beforeEach(() => {
  restore = saveEnv()
  // The sweep takes only sets it can prove are this repository's: by its ID.
  process.env['GITHUB_REPOSITORY_ID'] = '123456'
})
afterEach(() => {
  nock.cleanAll()
  restore()
})

describe('sweepOldSets', () => {
  it('deletes the stale sets, oldest first', async () => {
    nock(API).get(PATH).reply(200, listed())
    nock(API).delete(`${PATH}/${OLD[0]}`).reply(200, {}).delete(`${PATH}/${OLD[1]}`).reply(200, {})
    const { out } = await captureStdoutAsync(() => sweepOldSets(request(), { timeMs: 15_000, concurrency: 1 }))
    expect(out.indexOf(`Deleted stale credential set ${OLD[0]}`)).toBeLessThan(
      out.indexOf(`Deleted stale credential set ${OLD[1]}`)
    )
    expect(out).not.toContain('::warning')
  })

  it('a refused delete stops the sweep: the rest waits, and one warning says why and how many are left', async () => {
    nock(API).get(PATH).reply(200, listed())
    nock(API).delete(`${PATH}/${OLD[0]}`).reply(403, { err_code: 'FORBIDDEN', err_msg: 'No.' })
    const { out } = await captureStdoutAsync(() => sweepOldSets(request(), { timeMs: 15_000, concurrency: 1 }))
    expect(out).toContain('::warning title=Old sets not swept::')
    expect(out).toContain(`deleting ${OLD[0]} failed`)
    expect(out).toContain('Stale sets left: 2 of 2.')
    expect(nock.pendingMocks()).toEqual([])
  })

  it('without GITHUB_REPOSITORY_ID: no request, nothing swept, and says why', async () => {
    delete process.env['GITHUB_REPOSITORY_ID']
    const { out } = await captureStdoutAsync(() => sweepOldSets(request(), { timeMs: 15_000, concurrency: 1 }))
    expect(out).toContain('No sweep of old sets: GITHUB_REPOSITORY_ID is not set')
    expect(out).not.toContain('::warning')
  })
})
