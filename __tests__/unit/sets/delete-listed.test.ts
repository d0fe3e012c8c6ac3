// Deleting sets just listed, against nock: each by its ID exactly as listed, a 404 checked
// against a fresh list (a set still listed is a failure, not "already gone"), one deadline.
import nock from 'nock'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { deleteListed, deleteOne, TIME_UP } from '../../../src/sets/delete-listed.js'
import type { CredentialSet } from '../../../src/deepgram/types.js'
import { API, apiRequest, PATH } from '../../support/api-request.ts'

const UPPER = 'ABCDEF00-0000-4000-8000-000000000001'
const LOWER = '00000000-0000-4000-8000-000000000002'
const set = (id: string): CredentialSet => ({ id, provider: 'quay', comment: '', scopes: [], created: '' })
const item = (id: string): unknown => ({
  member: { member_id: 'm', email: 'a@example.com' },
  distribution_credentials: { distribution_credentials_id: id, provider: 'quay', comment: '', scopes: [], created: '' }
})
const soon = (): { concurrency: number; deadline: number } => ({ concurrency: 2, deadline: Date.now() + 10_000 })

beforeAll(() => nock.disableNetConnect())
afterAll(() => nock.enableNetConnect())
afterEach(() => nock.cleanAll())

describe('deleteListed', () => {
  it('deletes each set by its ID as listed, upper case included', async () => {
    nock(API).delete(`${PATH}/${UPPER}`).reply(200, {})
    nock(API).delete(`${PATH}/${LOWER}`).reply(200, {})
    expect(await deleteListed(apiRequest(), [set(UPPER), set(LOWER)], soon())).toEqual([
      { kind: 'deleted' },
      { kind: 'deleted' }
    ])
    expect(nock.pendingMocks()).toEqual([])
  })

  it('a 404 on a set the API still lists is a failure; one no longer listed is gone', async () => {
    nock(API).delete(`${PATH}/${UPPER}`).reply(404, { err_code: 'NOT_FOUND' })
    nock(API).delete(`${PATH}/${LOWER}`).reply(404, { err_code: 'NOT_FOUND' })
    nock(API)
      .get(PATH)
      .reply(200, { distribution_credentials: [item(UPPER)] })
    const [upper, lower] = await deleteListed(apiRequest(), [set(UPPER), set(LOWER)], soon())
    expect(upper).toEqual({ kind: 'failed', why: 'the API answered 404 to deleting it, yet the API still lists it.' })
    expect(lower).toEqual({ kind: 'gone' })
  })

  it('a 404 that cannot be checked again is a failure that says so', async () => {
    nock(API).delete(`${PATH}/${LOWER}`).reply(404, { err_code: 'NOT_FOUND' })
    nock(API).get(PATH).reply(403, { err_code: 'FORBIDDEN', err_msg: 'No.' })
    const [result] = await deleteListed(apiRequest(), [set(LOWER)], soon())
    expect(result?.kind).toBe('failed')
    expect(result?.kind === 'failed' && result.why).toContain('could not be listed again to check')
  })

  it("a 2xx that is not the API's JSON (a proxy's page) is checked the same way", async () => {
    nock(API).delete(`${PATH}/${UPPER}`).reply(200, '<html>proxy</html>')
    nock(API).delete(`${PATH}/${LOWER}`).reply(200, '<html>proxy</html>')
    nock(API)
      .get(PATH)
      .reply(200, { distribution_credentials: [item(UPPER)] })
    const [upper, lower] = await deleteListed(apiRequest(), [set(UPPER), set(LOWER)], soon())
    expect(upper?.kind === 'failed' && upper.why).toContain('not JSON')
    expect(lower).toEqual({ kind: 'deleted' })
  })

  it('a set whose turn comes after the deadline is not tried', async () => {
    const results = await deleteListed(apiRequest(), [set(LOWER)], { concurrency: 1, deadline: Date.now() - 1 })
    expect(results).toEqual([{ kind: 'failed', why: TIME_UP }])
    expect(nock.pendingMocks()).toEqual([])
  })
})

describe('deleteOne', () => {
  it('deletes one set by the ID as given, and checks a 404 against the list', async () => {
    nock(API).delete(`${PATH}/${UPPER}`).reply(200, { message: 'Successfully deleted.' })
    expect(await deleteOne(apiRequest(), UPPER, Date.now() + 10_000)).toEqual({ kind: 'deleted' })
    nock(API).delete(`${PATH}/${LOWER}`).reply(404, {})
    nock(API).get(PATH).reply(200, { distribution_credentials: [] })
    expect(await deleteOne(apiRequest(), LOWER, Date.now() + 10_000)).toEqual({ kind: 'gone' })
    expect(nock.pendingMocks()).toEqual([])
  })
})
