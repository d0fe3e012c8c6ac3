// What a registry says in an error body, read and made safe to show.
import { describe, expect, it } from 'vitest'
import { parseRegistryMessage } from '../../../src/registry/session.js'

describe('parseRegistryMessage', () => {
  it.each<[string, string, { code?: string; message?: string }]>([
    [
      "the distribution spec's errors",
      '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"x"}}]}',
      { code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }
    ],
    [
      "quay's wrong robot password",
      '{"errors":[{"code":"UNAUTHORIZED","message":"Could not find robot with username: deepgram+x and supplied password."}]}',
      { code: 'UNAUTHORIZED', message: 'Could not find robot with username: deepgram+x and supplied password.' }
    ],
    [
      "a token server's details",
      '{"details":"incorrect username or password"}',
      { message: 'incorrect username or password' }
    ],
    ['OAuth-style', '{"error":"invalid_grant","error_description":"bad creds"}', { message: 'bad creds' }],
    ['HTML', '<html>502</html>', {}],
    ['empty', '', {}],
    ['a JSON list', '[1]', {}],
    ['errors that are not objects', '{"errors":["x"]}', {}]
  ])('%s', (_name, body, expected) => {
    const m = parseRegistryMessage(body)
    expect({ code: m.code, message: m.message }).toEqual({ code: expected.code, message: expected.message })
  })

  it('sanitises: no escapes, line breaks or workflow commands survive', () => {
    const body = JSON.stringify({
      errors: [{ code: 'DENIED\n::error::x', message: '::warning::a\u001b[31mred\u001b[0m\r\nline\u202eevil' }]
    })
    const m = parseRegistryMessage(body)
    expect(m.message).toBe(': :warning::ared line evil')
    expect(m.code).toBe('DENIED ::error::x')
    // eslint-disable-next-line no-control-regex
    expect(`${m.code ?? ''}${m.message ?? ''}`).not.toMatch(/[\u0000-\u001f\u202e]/)
  })
})
