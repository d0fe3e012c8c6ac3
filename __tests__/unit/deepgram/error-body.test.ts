// The error bodies the Deepgram API sends, read: legacy and modern JSON, and anything else.
import { describe, expect, it } from 'vitest'
import { parseErrorBody } from '../../../src/deepgram/error-body.js'

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
