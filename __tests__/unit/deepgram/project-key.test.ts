// The self-hosted API key's record: both documented answer shapes read alike, a
// drifted answer refused naming the field, and the GET against nock: a 404 is
// "not found" (naming the ID and what else it may mean), a 401
// INSUFFICIENT_PERMISSIONS is a missing permission, not an invalid key.
import nock from 'nock'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getProjectKey, parseProjectKey, projectKeyUrl, readLicenseKey } from '../../../src/deepgram/project-key.js'
import { ActionError } from '../../../src/errors.js'
import { API, apiRequest, KEY, PROJECT } from '../../support/api-request.ts'
import { rejected } from '../../support/helpers.js'

const KEY_ID = '9f2c1b7e-5a4d-4e3f-8b21-0c6d5e4f3a21'
const KEY_PATH = `/v1/projects/${PROJECT}/keys/${KEY_ID}`
const MEMBER = { member_id: 'e1f0c0de-0000-4000-8000-000000000001', email: 'ops@example.com' }
const RECORD = {
  api_key_id: KEY_ID,
  comment: 'self-hosted license',
  scopes: ['self-hosted:product:api', 'onprem:product:engine'],
  created: '2026-01-02T03:04:05.123456Z',
  expiration_date: '2027-03-01T00:00:00Z'
}
const SDK = { member: MEMBER, api_key: RECORD }
const SPEC = { item: { member: { ...MEMBER, first_name: 'Ada', last_name: 'Lovelace', api_key: RECORD } } }

const request = (): ReturnType<typeof apiRequest> => apiRequest({ sleep: async () => undefined })

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

describe('parseProjectKey', () => {
  it('reads the SDKs’ shape and the OpenAPI spec’s alike', () => {
    const expected = {
      id: KEY_ID,
      scopes: RECORD.scopes,
      expiresAt: Date.UTC(2027, 2, 1),
      expiration: '2027-03-01T00:00:00Z'
    }
    expect(parseProjectKey(SDK)).toEqual(expected)
    expect(parseProjectKey(SPEC)).toEqual(expected)
  })
  it('no expiration_date (or null): never expires', () => {
    const never: Record<string, unknown> = { ...RECORD }
    delete never['expiration_date']
    expect(parseProjectKey({ member: MEMBER, api_key: never })).toEqual({ id: KEY_ID, scopes: RECORD.scopes })
    expect(parseProjectKey({ api_key: { ...RECORD, expiration_date: null } }).expiresAt).toBeUndefined()
  })
  it('the key’s value, were it there, is not read: the record is what it was', () => {
    const withValue = { ...SDK, api_key: { ...RECORD, key: 'dg-secret-value-0123456789' } }
    expect(JSON.stringify(parseProjectKey(withValue))).not.toContain('dg-secret-value')
  })
  it.each([
    [null, 'the body should be a JSON object'],
    [{ member: MEMBER }, 'the body should be an object with api_key, or item.member.api_key'],
    [{ item: {} }, 'item.member should be an object'],
    [{ item: { member: MEMBER } }, 'item.member.api_key should be an object'],
    [{ api_key: { ...RECORD, api_key_id: '' } }, 'api_key.api_key_id should be a non-empty string'],
    [{ api_key: { ...RECORD, scopes: 'self-hosted:product:api' } }, 'api_key.scopes should be a list of strings'],
    [{ item: { member: { api_key: { ...RECORD, scopes: [1] } } } }, 'item.member.api_key.scopes should be a list'],
    [{ api_key: { ...RECORD, expiration_date: '2027-03-01' } }, 'api_key.expiration_date should be an ISO 8601'],
    [{ api_key: { ...RECORD, expiration_date: 1790000000 } }, 'api_key.expiration_date should be an ISO 8601'],
    [{ api_key: { ...RECORD, expiration_date: '2027-02-30T00:00:00Z' } }, 'expiration_date should be an ISO 8601']
  ])('%j is refused: %s', (body, where) => {
    let error: unknown
    try {
      parseProjectKey(body)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ActionError)
    expect((error as ActionError).message).toContain(where)
  })
})

describe('getProjectKey and readLicenseKey', () => {
  it('GET /v1/projects/{project}/keys/{key} with the API key, in either shape', async () => {
    for (const body of [SDK, SPEC]) {
      const scope = nock(API, { reqheaders: { authorization: `Token ${KEY}` } })
        .get(KEY_PATH)
        .reply(200, body)
      expect(await readLicenseKey(request(), KEY_ID)).toMatchObject({ id: KEY_ID, scopes: RECORD.scopes })
      expect(scope.isDone()).toBe(true)
    }
    expect(projectKeyUrl(API, PROJECT, KEY_ID.toUpperCase())).toBe(`${API}${KEY_PATH}`)
  })
  it('404: undefined; read, it fails naming the key and the visibility the API key may lack', async () => {
    nock(API).get(KEY_PATH).twice().reply(404, { err_code: 'NOT_FOUND', err_msg: 'API key not found.' })
    expect(await getProjectKey(request(), KEY_ID)).toBeUndefined()
    const error = (await rejected(readLicenseKey(request(), KEY_ID))) as ActionError
    expect(error.title).toBe('Self-hosted API key not found')
    expect(error.message).toContain(`No API key with ID ${KEY_ID} (\`license-key-id\`) in project ${PROJECT}`)
    expect(error.message).toContain('members:read, admins:read and owners:read')
    expect(error.message).toContain("only its own account's keys")
  })
  it('an answer for another key is no answer for this one', async () => {
    nock(API)
      .get(KEY_PATH)
      .reply(200, { api_key: { ...RECORD, api_key_id: 'another' } })
    const error = (await rejected(readLicenseKey(request(), KEY_ID))) as ActionError
    expect(error.title).toBe('Self-hosted API key not found')
  })
  it('401 INSUFFICIENT_PERMISSIONS: a missing permission (keys:read), never "the key is invalid"', async () => {
    nock(API).get(KEY_PATH).reply(401, {
      category: 'INSUFFICIENT_PERMISSIONS',
      message: 'User does not have sufficient permissions.',
      request_id: 'req-1'
    })
    const error = (await rejected(readLicenseKey(request(), KEY_ID))) as ActionError
    expect(error.title).toBe('Deepgram API access denied')
    expect(error.message).toContain('(HTTP 401 INSUFFICIENT_PERMISSIONS)')
    expect(error.message).toContain('keys:read')
    expect(error.message).toContain(KEY_ID)
    expect(error.message).toContain(
      'Deepgram said: "User does not have sufficient permissions." (INSUFFICIENT_PERMISSIONS).'
    )
    expect(error.message).not.toMatch(/invalid, revoked or expired/)
  })
  it('403: a missing permission too', async () => {
    nock(API).get(KEY_PATH).reply(403, { err_code: 'FORBIDDEN', err_msg: 'Forbidden.' })
    const error = (await rejected(readLicenseKey(request(), KEY_ID))) as ActionError
    expect(error.message).toMatch(/^Deepgram refused to read API key .+ \(HTTP 403\).+keys:read/)
  })
  it('401 INVALID_AUTH: the API key itself is rejected', async () => {
    nock(API).get(KEY_PATH).reply(401, { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.' })
    const error = (await rejected(readLicenseKey(request(), KEY_ID))) as ActionError
    expect(error.title).toBe('Deepgram API key rejected')
  })
  it('5xx is retried, then said as the API’s trouble; another 4xx names the key and the inputs', async () => {
    nock(API).get(KEY_PATH).times(3).reply(503, 'busy')
    const busy = (await rejected(readLicenseKey(request(), KEY_ID))) as ActionError
    expect(busy.title).toBe('Deepgram API unavailable')
    nock(API).get(KEY_PATH).reply(418, { err_msg: 'teapot\u001b[31m' })
    const odd = (await rejected(readLicenseKey(request(), KEY_ID))) as ActionError
    expect(odd.message).toContain(`HTTP 418 when reading API key ${KEY_ID}`)
    expect(odd.message).not.toContain('\u001b')
  })
})
