import { afterEach, describe, expect, it } from 'vitest'
import { parseErrorBody } from '../../../src/deepgram/error-body.js'
import { describeHttpFailure, formatDeepgramMessage } from '../../../src/deepgram/messages.js'
import { ActionError } from '../../../src/errors.js'
import { encodedForms, forgetHidden, hideInServerText } from '../../../src/sanitize.js'

const PROJECT = '123e4567-e89b-12d3-a456-426614174000'
const REQ = 'f9a3c1d2-0000-4000-8000-000000000001'

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
