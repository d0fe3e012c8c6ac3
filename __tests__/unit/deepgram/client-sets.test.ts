// Creating, getting and deleting one set, against nock on a fake https host:
// both request forms in one create, only 429s retried for it, the answer's
// secrets handed over before anything else, and the usual retries for delete.
import nock from 'nock'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  createDistributionCredentials,
  UnansweredCreate,
  credentialSetUrl,
  deleteDistributionCredentials
} from '../../../src/deepgram/client.js'
import type { CreatedAnswer } from '../../../src/deepgram/types.js'
import { ActionError } from '../../../src/errors.js'
import { API, apiRequest, KEY, PATH, PROJECT } from '../../support/api-request.ts'
import { rejected } from '../../support/helpers.js'

const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const SECRET = 'new-set-secret-0123456789'
const SCOPES = ['self-hosted:product:api', 'self-hosted:product:engine']
const COMMENT = 'deepgram-self-hosted-login ephemeral acme/app run 1.1 deploy'
const FIELDS = {
  distribution_credentials_id: ID,
  provider: 'quay',
  comment: COMMENT,
  scopes: SCOPES,
  created: '2026-11-30T16:00:00Z'
}
const ITEM = { member: { member_id: ID, email: 'a@example.com' }, distribution_credentials: FIELDS }

const request = (): ReturnType<typeof apiRequest> => apiRequest({ sleep: async () => undefined })

beforeAll(() => nock.disableNetConnect())
afterEach(() => nock.cleanAll())
afterAll(() => nock.enableNetConnect())

describe('createDistributionCredentials', () => {
  it('sends the scopes and the provider both as query parameters and in the JSON body, with the comment', async () => {
    const sent: { query?: unknown; body?: unknown } = {}
    const scope = nock(API, { reqheaders: { authorization: `Token ${KEY}`, 'content-type': 'application/json' } })
      .post(PATH, (body: unknown) => {
        sent.body = body
        return true
      })
      .query((query: unknown) => {
        sent.query = query
        return true
      })
      .reply(200, { ...ITEM, distribution_credentials: { ...FIELDS, secret: SECRET } })
    const seen: CreatedAnswer[] = []
    const answer = await createDistributionCredentials({
      ...request(),
      scopes: SCOPES,
      comment: COMMENT,
      onAnswer: a => seen.push(a)
    })
    expect(scope.isDone()).toBe(true)
    expect(sent.query).toEqual({ scopes: SCOPES, provider: 'quay' })
    expect(sent.body).toEqual({ comment: COMMENT, scopes: SCOPES, provider: 'quay' })
    expect(answer.id).toBe(ID)
    expect(answer.secret).toBe(SECRET)
    expect(seen).toEqual([answer])
  })

  it('an unusable answer is still handed over, its secret with it, for masking', async () => {
    nock(API)
      .post(PATH)
      .query(true)
      .reply(200, { member: {}, distribution_credentials: { secret: SECRET } })
    const seen: CreatedAnswer[] = []
    const answer = await createDistributionCredentials({
      ...request(),
      scopes: SCOPES,
      comment: COMMENT,
      onAnswer: a => seen.push(a)
    })
    expect(answer).toMatchObject({ unusable: 'no-id', masks: [SECRET] })
    expect(seen).toHaveLength(1)
  })

  it('retries a 429, but never a 5xx: that attempt may have made a set already', async () => {
    nock(API).post(PATH).query(true).reply(429, { err_code: 'TOO_MANY_REQUESTS' })
    nock(API)
      .post(PATH)
      .query(true)
      .reply(200, { ...FIELDS, secret: SECRET })
    const r = request()
    expect(
      (await createDistributionCredentials({ ...r, scopes: SCOPES, comment: COMMENT, onAnswer: () => undefined })).id
    ).toBe(ID)
    expect(r.notes).toHaveLength(1)

    const scope = nock(API).post(PATH).query(true).reply(503, 'busy')
    const error = await rejected(
      createDistributionCredentials({ ...request(), scopes: SCOPES, comment: COMMENT, onAnswer: () => undefined })
    )
    expect(scope.isDone()).toBe(true)
    expect((error as ActionError).title).toBe('Deepgram API unavailable')
    expect(nock.pendingMocks()).toEqual([])
  })

  it.each([
    ['a plain 500', 500, 'Internal Server Error'],
    ['a 503', 503, 'busy'],
    ['a 200 HTML page', 200, '<html>proxy</html>'],
    ['a 201 that is not JSON', 201, 'created'],
    ['a 200 over the size cap', 200, `"${'x'.repeat(2000)}"`]
  ])('%s to a create may have made a set: an UnansweredCreate, never retried', async (_what, status, body) => {
    nock(API).post(PATH).query(true).reply(status, body)
    const error = await rejected(
      createDistributionCredentials({
        ...request(),
        maxBodyBytes: 1000,
        scopes: SCOPES,
        comment: COMMENT,
        onAnswer: () => undefined
      })
    )
    expect(error).toBeInstanceOf(UnansweredCreate)
    expect(nock.pendingMocks()).toEqual([])
  })

  it.each([400, 401, 403, 404, 409])('a %i to a create made nothing: a plain error', async status => {
    nock(API).post(PATH).query(true).reply(status, { err_code: 'X', err_msg: 'No.' })
    const error = await rejected(
      createDistributionCredentials({ ...request(), scopes: SCOPES, comment: COMMENT, onAnswer: () => undefined })
    )
    expect(error).toBeInstanceOf(ActionError)
    expect(error).not.toBeInstanceOf(UnansweredCreate)
  })

  it('403: the API key lacks what Deepgram names: keys:write and every product scope asked for, not a role', async () => {
    const said = 'The API key is missing the required scopes: self-hosted:product:engine'
    nock(API).post(PATH).query(true).reply(403, { category: 'INSUFFICIENT_PERMISSIONS', message: said })
    const error = (await rejected(
      createDistributionCredentials({ ...request(), scopes: SCOPES, comment: COMMENT, onAnswer: () => undefined })
    )) as ActionError
    expect(error.title).toBe('Deepgram API access denied')
    expect(error.message).toContain('Deepgram refused to create a distribution credential set (HTTP 403)')
    expect(error.message).toContain('the API key lacks')
    expect(error.message).toContain('keys:write')
    expect(error.message).toContain('every product scope')
    expect(error.message).toContain('the owner role alone does not include')
    expect(error.message).not.toContain('owner or admin role, or the keys:write project scope')
    expect(error.message).toContain(`Deepgram said: "${said}" (INSUFFICIENT_PERMISSIONS).`)
    expect(error.message).toContain('(`credentials-id` + `secret`), whose check needs only the member role')
  })

  it.each([
    ['the comment', 'comment must be between 1 and 128 characters', /the comment this action gave the new set/],
    [
      'no product scopes',
      'The API key holds no self-hosted product scope to give the credentials.',
      /at least one product scope/
    ]
  ])('400 for %s: says so, not "check project-id"', async (_what, said, expected) => {
    nock(API).post(PATH).query(true).reply(400, { err_code: 'BAD_REQUEST', err_msg: said })
    const error = (await rejected(
      createDistributionCredentials({ ...request(), scopes: SCOPES, comment: COMMENT, onAnswer: () => undefined })
    )) as ActionError
    expect(error.title).toBe('Deepgram API rejected the request')
    expect(error.message).toMatch(expected)
    expect(error.message).toContain('(HTTP 400)')
    expect(error.message).not.toContain('`project-id`')
    expect(error.message).toContain(`Deepgram said: "${said}" (BAD_REQUEST).`)
  })

  it('400 for anything else on create: the request was malformed, check project-id and required-scopes', async () => {
    nock(API).post(PATH).query(true).reply(400, 'UUID parsing failed: invalid length')
    const error = (await rejected(
      createDistributionCredentials({ ...request(), scopes: SCOPES, comment: COMMENT, onAnswer: () => undefined })
    )) as ActionError
    expect(error.message).toContain('check `project-id` and `required-scopes`')
  })

  it('401: the key is rejected', async () => {
    nock(API).post(PATH).query(true).reply(401, { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.' })
    const error = (await rejected(
      createDistributionCredentials({ ...request(), scopes: SCOPES, comment: COMMENT, onAnswer: () => undefined })
    )) as ActionError
    expect(error.title).toBe('Deepgram API key rejected')
  })
})

describe('deleteDistributionCredentials', () => {
  it('deletes by the ID as given (the API may spell it in upper case); 404 is "gone"', async () => {
    nock(API).delete(`${PATH}/${ID.toUpperCase()}`).reply(200, ITEM)
    expect(await deleteDistributionCredentials(request(), ID.toUpperCase())).toBe('deleted')
    // The live API answers with a message for people, not the set.
    const r = request()
    nock(API).delete(`${PATH}/${ID}`).reply(200, { message: 'Successfully deleted the distribution credentials!' })
    expect(await deleteDistributionCredentials(r, ID)).toBe('deleted')
    expect(r.notes).toEqual([])
    nock(API).delete(`${PATH}/${ID}`).reply(404, { err_code: 'NOT_FOUND' })
    expect(await deleteDistributionCredentials(request(), ID)).toBe('gone')
  })

  it('retries a delete as usual, then says what failed', async () => {
    nock(API).delete(`${PATH}/${ID}`).times(3).reply(503, 'busy')
    const r = request()
    const error = (await rejected(deleteDistributionCredentials(r, ID))) as ActionError
    expect(r.notes).toHaveLength(2)
    expect(error.message).toContain('HTTP 503 after 3 attempts')
  })

  it('a 403 on delete names the roles that may delete', async () => {
    nock(API).delete(`${PATH}/${ID}`).reply(403, {})
    const error = (await rejected(deleteDistributionCredentials(request(), ID))) as ActionError
    expect(error.message).toContain('Deepgram refused to delete a distribution credential set (HTTP 403)')
  })

  it('the URL of one set encodes the ID', () => {
    expect(credentialSetUrl(API, PROJECT, '../x')).toBe(`${API}${PATH}/..%2Fx`)
  })
})
