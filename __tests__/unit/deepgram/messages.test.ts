import { afterEach, describe, expect, it } from 'vitest'
import { parseErrorBody } from '../../../src/deepgram/error-body.js'
import { describeHttpFailure, formatDeepgramMessage, scopesMissing } from '../../../src/deepgram/messages.js'
import { ActionError } from '../../../src/errors.js'
import { encodedForms, forgetHidden, hideInServerText } from '../../../src/sanitize.js'

const PROJECT = '123e4567-e89b-12d3-a456-426614174000'
const REQ = 'f9a3c1d2-0000-4000-8000-000000000001'

describe('parseErrorBody', () => {
  it.each<[string, string, ReturnType<typeof parseErrorBody>]>([
    [
      'legacy JSON',
      JSON.stringify({ err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.', request_id: REQ }),
      { message: 'Invalid credentials.', code: 'INVALID_AUTH', requestId: REQ }
    ],
    [
      'modern JSON',
      JSON.stringify({
        category: 'FORBIDDEN',
        message: 'Insufficient permissions.',
        details: 'Needs owner.',
        request_id: REQ
      }),
      { message: 'Insufficient permissions. (Needs owner.)', code: 'FORBIDDEN', requestId: REQ }
    ],
    [
      'modern JSON whose details repeat the message',
      JSON.stringify({ category: 'X', message: 'Same.', details: 'Same.' }),
      { message: 'Same.', code: 'X', requestId: undefined }
    ],
    [
      'modern JSON with details only',
      JSON.stringify({ details: 'Only details.', request_id: REQ }),
      { message: 'Only details.', code: undefined, requestId: REQ }
    ],
    [
      'JSON with an error field',
      JSON.stringify({ error: 'Bad gateway' }),
      { message: 'Bad gateway', code: undefined, requestId: undefined }
    ],
    [
      'legacy JSON with only a code',
      JSON.stringify({ err_code: 'TOO_MANY_REQUESTS' }),
      { message: undefined, code: 'TOO_MANY_REQUESTS', requestId: undefined }
    ],
    [
      'JSON with unknown fields and non-string values',
      JSON.stringify({ err_msg: 42, message: '  ', foo: 'bar' }),
      { message: undefined, code: undefined, requestId: undefined }
    ],
    [
      'plain text',
      'UUID parsing failed: invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `x` at 1',
      {
        message:
          'UUID parsing failed: invalid character: expected an optional prefix of `urn:uuid:` followed by [0-9a-fA-F-], found `x` at 1'
      }
    ],
    ['plain text over lines', '  Service\n  Unavailable\r\n', { message: 'Service Unavailable' }],
    ['broken JSON as text', '{"err_msg": ', { message: '{"err_msg":' }],
    ['a JSON array as text', '["a"]', { message: '["a"]' }],
    ['HTML', '<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>', { html: true }],
    ['lower-case HTML', '\n<html><head><title>oops</title></head></html>', { html: true }],
    ['XML', '<?xml version="1.0"?><Error/>', { html: true }],
    ['empty', '', {}],
    ['whitespace', ' \n\t ', {}]
  ])('reads %s', (_name, body, expected) => {
    expect(parseErrorBody(body)).toEqual(expected)
  })

  it('flattens control characters and line breaks so a message cannot start a workflow command', () => {
    const m = parseErrorBody(
      JSON.stringify({ err_msg: 'bad\n::set-output name=x::y\u2028\u0007end', request_id: 'r\r\n1' })
    )
    expect(m.message).toBe('bad ::set-output name=x::y end')
    expect(m.requestId).toBe('r 1')
  })

  it('cuts a long message to 300 characters', () => {
    const m = parseErrorBody('x'.repeat(5000))
    expect(m.message).toHaveLength(300)
    expect(m.message!.endsWith('...')).toBe(true)
  })
})

describe('formatDeepgramMessage', () => {
  it.each<[ReturnType<typeof parseErrorBody>, string]>([
    [
      { message: 'Invalid credentials.', code: 'INVALID_AUTH', requestId: REQ },
      ` Deepgram said: "Invalid credentials." (INVALID_AUTH). Request ID: ${REQ}.`
    ],
    [{ message: 'm' }, ' Deepgram said: "m".'],
    [{ code: 'C' }, ' Deepgram said: C.'],
    [{ requestId: REQ }, ` Request ID: ${REQ}.`],
    [{}, ''],
    [{ html: true }, ' The body was an HTML page, not a Deepgram answer: a proxy or gateway may have answered.']
  ])('%j -> %j', (m, expected) => {
    expect(formatDeepgramMessage(m)).toBe(expected)
  })
})

describe('describeHttpFailure', () => {
  const legacy = (code: string, msg: string): string =>
    JSON.stringify({ err_code: code, err_msg: msg, request_id: REQ })
  const modern = (category: string, message: string): string => JSON.stringify({ category, message, request_id: REQ })

  function failure(status: number, body = '', extra: { location?: string; attempts?: number } = {}): ActionError {
    const error = describeHttpFailure({ status, body, attempts: extra.attempts ?? 1, projectId: PROJECT, ...extra })
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).not.toMatch(/[\r\n]/)
    return error
  }

  it('401: the key is invalid, revoked or expired; quotes Deepgram and the request ID', () => {
    const e = failure(401, legacy('INVALID_AUTH', 'Invalid credentials.'))
    expect(e.title).toBe('Deepgram API key rejected')
    expect(e.message).toContain('HTTP 401')
    expect(e.message).toContain('invalid, revoked or expired')
    expect(e.message).toContain('`api-key`')
    expect(e.message).toContain('Deepgram said: "Invalid credentials." (INVALID_AUTH).')
    expect(e.message).toContain(`Request ID: ${REQ}.`)
  })

  it('403: role and self-hosted access, naming the project', () => {
    const e = failure(403, modern('FORBIDDEN', 'Project does not have access to self-hosted.'))
    expect(e.title).toBe('Deepgram API access denied')
    expect(e.message).toContain('HTTP 403')
    expect(e.message).toContain('owner, admin or member')
    expect(e.message).toContain(`project ${PROJECT}`)
    expect(e.message).toContain('self-hosted access')
    expect(e.message).toContain('"Project does not have access to self-hosted." (FORBIDDEN)')
    expect(e.message).toContain(REQ)
  })

  it('404: no such project for this key, quoting a plain-text body', () => {
    const e = failure(404, 'UUID parsing failed: invalid length')
    expect(e.title).toBe('Deepgram project not found')
    expect(e.message).toContain('HTTP 404')
    expect(e.message).toContain(`no project ${PROJECT}`)
    expect(e.message).toContain('`project-id`')
    expect(e.message).toContain('Deepgram said: "UUID parsing failed: invalid length".')
  })

  it('400: malformed request, check project-id', () => {
    const e = failure(400, legacy('Bad Request', 'Invalid project id.'))
    expect(e.title).toBe('Deepgram API rejected the request')
    expect(e.message).toContain('HTTP 400')
    expect(e.message).toContain('`project-id`')
    expect(e.message).toContain('"Invalid project id."')
    expect(e.message).toContain(REQ)
  })

  it('429: rate limited, with the number of attempts', () => {
    const e = failure(429, legacy('TOO_MANY_REQUESTS', 'Too many requests.'), { attempts: 4 })
    expect(e.title).toBe('Deepgram API rate limit')
    expect(e.message).toContain('HTTP 429) after 4 attempts')
    expect(e.message).toContain('re-run the job')
    expect(e.message).toContain('(TOO_MANY_REQUESTS)')
  })

  it('429 after one attempt does not talk of attempts', () => {
    expect(failure(429).message).not.toContain('attempts')
  })

  it.each([500, 502, 503, 504, 599])('%i: transient, re-run later', status => {
    const e = failure(status, '<html><body>Bad Gateway</body></html>', { attempts: 3 })
    expect(e.title).toBe('Deepgram API unavailable')
    expect(e.message).toContain(`HTTP ${status} after 3 attempts`)
    expect(e.message).toContain('re-run the job later')
    expect(e.message).toContain('HTML page')
  })

  it.each([301, 302, 307, 308])('%i: a redirect is not followed; says where and to set api-url', status => {
    const e = failure(status, '', { location: 'https://elsewhere.example.com/v1/x' })
    expect(e.title).toBe('Deepgram API redirected')
    expect(e.message).toContain(`HTTP ${status}`)
    expect(e.message).toContain('to "https://elsewhere.example.com/v1/x"')
    expect(e.message).toContain('does not follow')
    expect(e.message).toContain('set `api-url`')
  })

  it('a redirect without Location still says to set api-url', () => {
    const e = failure(302)
    expect(e.message).toContain('(HTTP 302), which')
    expect(e.message).toContain('set `api-url`')
  })

  it('a Location header cannot inject a line', () => {
    const e = failure(301, '', { location: 'https://x\n::set-output name=a::b' })
    expect(e.message).not.toMatch(/\n/)
  })

  it.each([402, 405, 409, 410, 418, 422])('%i: other 4xx names the status and the inputs to check', status => {
    const e = failure(status, modern('X', 'Something odd.'))
    expect(e.title).toBe('Deepgram API error')
    expect(e.message).toContain(`HTTP ${status}`)
    expect(e.message).toContain('`api-url`')
    expect(e.message).toContain('"Something odd." (X)')
  })

  it('an empty body adds no Deepgram quote', () => {
    const e = failure(401, '')
    expect(e.message).not.toContain('Deepgram said')
    expect(e.message).not.toContain('Request ID')
  })
})

describe('server text that echoes the API key or the secret', () => {
  const KEY = 'dg-key-0123456789abcdef0123456789abcdef'
  const SECRET = 'Sx9-secret-4f2a9c1e7b3d5a8f'
  afterEach(() => forgetHidden())

  it('an err_msg echoing the Authorization header across the cut shows no part of the key', () => {
    hideInServerText([KEY, SECRET].flatMap(encodedForms))
    const body = JSON.stringify({ err_code: 'INVALID_AUTH', err_msg: `${'a'.repeat(260)} Authorization: Token ${KEY}` })
    const error = describeHttpFailure({ status: 401, body, attempts: 1, projectId: PROJECT })
    expect(error.message).not.toContain(KEY.slice(0, 5))
    expect(error.message).toContain('Authorization: Token')
  })

  it('details echoing base64 of the secret: redacted', () => {
    hideInServerText([KEY, SECRET].flatMap(encodedForms))
    const b64 = Buffer.from(SECRET).toString('base64')
    const body = JSON.stringify({ category: 'X', message: 'No.', details: `${'d'.repeat(290)}${b64}` })
    const error = describeHttpFailure({ status: 403, body, attempts: 1, projectId: PROJECT })
    expect(error.message).not.toContain(b64.slice(0, 5))
  })

  it('a redirect Location carrying the key: redacted before the cut', () => {
    hideInServerText([KEY, SECRET].flatMap(encodedForms))
    const location = `https://gw.example/${'p'.repeat(160)}?key=${KEY}`
    const error = describeHttpFailure({ status: 302, body: '', location, attempts: 1, projectId: PROJECT })
    expect(error.message).not.toContain(KEY.slice(0, 5))
    expect(error.message).toContain('?key=***')
  })
})

describe('a set short of scopes', () => {
  const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'

  it('a set made short of a scope blames the account, not the set’s creator', () => {
    const error = scopesMissing({
      id: ID,
      missing: ['self-hosted:product:engine'],
      has: 'self-hosted:product:api',
      madeForJob: true
    })
    expect(error.message).toMatch(
      new RegExp(`^Credential set ${ID}, made for this job, is missing self-hosted:product:engine \\(it has: `)
    )
    expect(error.message).toContain("the API key's account does not hold")
    expect(scopesMissing({ id: ID, missing: ['x'], has: 'y' }).message).not.toContain('made for this job')
  })

  it('a missing scope: says what to do, the three ways', () => {
    const m = scopesMissing({ id: ID, missing: ['self-hosted:product:engine'], has: 'self-hosted:product:api' }).message
    expect(m).toContain('Create a new distribution credential set with the missing scopes')
    expect(m).toContain('lower `required-scopes`')
    expect(m).toContain('set `ephemeral: true`')
  })
})

describe('the API as it really answers (issue 28)', () => {
  const permissions = JSON.stringify({
    category: 'INSUFFICIENT_PERMISSIONS',
    message: 'User does not have sufficient permissions.',
    request_id: REQ
  })
  it.each([
    [{ kind: 'list' } as const, 'listing distribution credentials', 'the owner, admin or member role'],
    [{ kind: 'create' } as const, 'creating a distribution credential set', 'keys:write'],
    [
      { kind: 'delete', id: REQ } as const,
      'deleting a distribution credential set',
      "deletes only its own account's sets"
    ]
  ])('a 401 INSUFFICIENT_PERMISSIONS when %j: a missing permission, not an invalid key', (operation, doing, needs) => {
    const error = describeHttpFailure({ status: 401, body: permissions, attempts: 1, projectId: PROJECT, operation })
    expect(error.title).toBe('Deepgram API access denied')
    expect(error.message).toContain(`HTTP 401 INSUFFICIENT_PERMISSIONS when ${doing}`)
    expect(error.message).toContain(needs)
    expect(error.message).toContain(
      `Deepgram said: "User does not have sufficient permissions." (INSUFFICIENT_PERMISSIONS). Request ID: ${REQ}.`
    )
    expect(error.message).not.toContain('invalid, revoked or expired')
  })
  it('a plain 401 is still the key rejected', () => {
    const body = JSON.stringify({ err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.' })
    expect(describeHttpFailure({ status: 401, body, attempts: 1, projectId: PROJECT }).title).toBe(
      'Deepgram API key rejected'
    )
  })
  it('a 400 INVALID_JSON to a create: an unreadable request, quoted with its details (never "the scopes")', () => {
    const details = 'Json deserialize error: missing field `scopes`'
    const body = JSON.stringify({ category: 'INVALID_JSON', message: 'Invalid JSON submitted.', details })
    const error = describeHttpFailure({
      status: 400,
      body,
      attempts: 1,
      projectId: PROJECT,
      operation: { kind: 'create' }
    })
    expect(error.message).toContain('could not read the request that creates a distribution credential set (HTTP 400)')
    expect(error.message).toContain(`Deepgram said: "Invalid JSON submitted. (${details})" (INVALID_JSON).`)
    expect(error.message).not.toContain('refused the scopes')
  })
  it('a 400 INVALID_JSON to a list: malformed, quoted with its details', () => {
    const body = JSON.stringify({
      category: 'INVALID_JSON',
      message: 'Invalid JSON submitted.',
      details: 'Json deserialize error: x'
    })
    expect(describeHttpFailure({ status: 400, body, attempts: 1, projectId: PROJECT }).message).toContain(
      '"Invalid JSON submitted. (Json deserialize error: x)" (INVALID_JSON)'
    )
  })
})
