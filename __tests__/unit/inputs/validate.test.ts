import { describe, expect, it } from 'vitest'
import { ActionError, InputError } from '../../../src/errors.js'
import {
  DEFAULT_API_URL,
  DEFAULT_SCOPES,
  parseApiKey,
  parseApiUrl,
  parseBoolean,
  parseRegistry,
  parseScopes,
  parseSecretValue,
  parseUuid,
  overlappingMask,
  quote,
  QUOTE_MAX,
  shapeOf,
  type MaskedValue
} from '../../../src/inputs/validate.js'
import { thrown } from '../../support/helpers.js'

const UUID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'

/** Every input error must be an InputError whose message names the input. */
function inputError(input: string, fn: () => unknown): Error {
  const error = thrown(fn)
  expect(error).toBeInstanceOf(InputError)
  expect(error).toBeInstanceOf(ActionError)
  expect(error.message).toContain(`\`${input}\``)
  expect((error as ActionError).title).toBe(`Invalid input ${input}`)
  return error
}

describe('parseUuid', () => {
  it.each([
    [UUID, UUID],
    [UUID.toUpperCase(), UUID],
    ['64D1f840-3B7e-43b2-A7b6-d56756D4476d', UUID],
    ['00000000-0000-0000-0000-000000000000', '00000000-0000-0000-0000-000000000000']
  ])('accepts %j as %j', (value, expected) => {
    expect(parseUuid('project-id', value, 'a Deepgram project ID')).toBe(expected)
  })

  it.each([
    ['../..'],
    ['not-a-uuid'],
    [`${UUID}x`],
    [`x${UUID}`],
    [UUID.replace(/-/g, '')],
    [`{${UUID}}`],
    ['64d1f840-3b7e-43b2-a7b6-d56756d4476g'],
    [`${UUID}/../other`],
    [` ${UUID} x`]
  ])('refuses %j, quoting it and saying what was expected', value => {
    const error = inputError('credentials-id', () => parseUuid('credentials-id', value, 'the set ID'))
    expect(error.message).toContain('must be the set ID')
    expect(error.message).toContain('a UUID like')
    expect(error.message).toContain(JSON.stringify(value))
  })

  it('refuses an empty value as required', () => {
    const error = inputError('project-id', () => parseUuid('project-id', '', 'a Deepgram project ID'))
    expect(error.message).toMatch(/is required/)
  })

  it.each([
    [`${UUID}\n::set-output name=x::y`],
    [`${UUID}\r\n::add-mask::x`],
    [`${UUID}\r::warning::x`],
    [`\n${UUID}`],
    [`${UUID}\u2028::error::x`],
    [`${UUID}\u2029`]
  ])('refuses %j as not a single line, without echoing it', value => {
    const error = inputError('project-id', () => parseUuid('project-id', value, 'a Deepgram project ID'))
    expect(error.message).toContain('must be a single line')
    expect(error.message).not.toContain(UUID)
    expect(error.message).not.toContain('::')
    expect(error.message).not.toMatch(/[\r\n\u2028\u2029]/)
  })
})

describe('parseBoolean', () => {
  it.each([
    ['true', true],
    ['True', true],
    ['TRUE', true],
    ['false', false],
    ['False', false],
    ['FALSE', false]
  ])('reads %j as %s', (value, expected) => {
    expect(parseBoolean('login', value, !expected)).toBe(expected)
  })

  it.each([true, false])('uses the default %s for an empty value', fallback => {
    expect(parseBoolean('logout', '', fallback)).toBe(fallback)
  })

  it.each([['yes'], ['no'], ['1'], ['0'], ['tRue'], [' true'], ['on'], ['truex']])(
    'refuses %j, naming the input and quoting the value',
    value => {
      const error = inputError('logout', () => parseBoolean('logout', value, true))
      expect(error.message).toContain('must be true or false')
      expect(error.message).toContain(JSON.stringify(value))
    }
  )

  it('refuses a value with a line break without echoing it', () => {
    const error = inputError('login', () => parseBoolean('login', 'true\n::set-output name=x::y', true))
    expect(error.message).toContain('single line')
    expect(error.message).not.toContain('set-output')
  })
})

describe('parseScopes', () => {
  it.each([
    ['self-hosted:product:api', ['self-hosted:product:api']],
    ['self-hosted:product:api, self-hosted:product:engine', ['self-hosted:product:api', 'self-hosted:product:engine']],
    [
      'self-hosted:product:api\nself-hosted:product:engine\n',
      ['self-hosted:product:api', 'self-hosted:product:engine']
    ],
    ['  Self-Hosted:Product:API  ,\r\n ONPREM:PRODUCT:ENGINE ', ['self-hosted:product:api', 'onprem:product:engine']],
    ['self-hosted:product:api,self-hosted:product:api,SELF-HOSTED:PRODUCT:API', ['self-hosted:product:api']],
    ['self-hosted:products', ['self-hosted:products']],
    ['onprem:products,,\n,', ['onprem:products']],
    [
      'self-hosted:product:license-proxy\nself-hosted:product:metrics-server',
      ['self-hosted:product:license-proxy', 'self-hosted:product:metrics-server']
    ]
  ])('reads %j as %j', (value, expected) => {
    expect(parseScopes('required-scopes', value)).toEqual(expected)
  })

  it.each([[''], ['  '], [',\n, ,']])('uses the default (api and engine) for %j', value => {
    const scopes = parseScopes('required-scopes', value)
    expect(scopes).toEqual(['self-hosted:product:api', 'self-hosted:product:engine'])
    expect(scopes).toEqual(DEFAULT_SCOPES)
    // a copy: changing it must not change the default
    scopes.push('x')
    expect(DEFAULT_SCOPES).toHaveLength(2)
  })

  it.each([
    ['api'],
    ['self-hosted:product:'],
    ['self-hosted:product'],
    ['self-hosted:product:api engine'],
    ['members:read'],
    ['self-hosted:product:-api'],
    ['self-hosted:product:api;rm -rf'],
    ['cloud:product:api']
  ])('refuses %j, naming the input and the bad scope', value => {
    const error = inputError('required-scopes', () =>
      parseScopes('required-scopes', `self-hosted:product:api, ${value}`)
    )
    expect(error.message).toContain(JSON.stringify(value.toLowerCase()))
    expect(error.message).toContain('not a self-hosted scope')
  })
})

describe('parseRegistry', () => {
  it.each([
    ['quay.io'],
    ['QUAY.IO'],
    ['localhost'],
    ['registry.example.com:5000'],
    ['127.0.0.1:5000'],
    ['10.1.2.3:443'],
    ['[::1]:5000'],
    ['[::1]'],
    ['[2001:db8::1]:443'],
    ['quay.io/deepgram'],
    ['mirror.example.com:8443/cache/quay'],
    ['my-registry.internal']
  ])('accepts %j unchanged', value => {
    expect(parseRegistry('registry', value)).toBe(value)
  })

  it('is undefined when empty (the provider decides)', () => {
    expect(parseRegistry('registry', '')).toBeUndefined()
  })

  it.each([['https://quay.io'], ['http://127.0.0.1:5000'], ['oci://quay.io']])('refuses the scheme in %j', value => {
    const error = inputError('registry', () => parseRegistry('registry', value))
    expect(error.message).toContain('without a scheme')
    expect(error.message).toContain(JSON.stringify(value))
  })

  it.each([
    ['-quay.io'],
    ['--password=x'],
    ['quay.io --password x'],
    ['quay .io'],
    [' quay.io'],
    ['quay.io/'],
    ['quay.io:'],
    ['quay.io:port'],
    ['user@quay.io'],
    ['quay.io;id'],
    ['-'],
    ['.quay.io'],
    ['quay-.io']
  ])('refuses %j', value => {
    const error = inputError('registry', () => parseRegistry('registry', value))
    expect(error.message).toContain('must be a registry host')
    expect(error.message).toContain(JSON.stringify(value))
  })

  it.each([['quay.io\n::set-output name=x::y'], ['quay.io\r'], ['quay.io\u2028']])(
    'refuses the line break in %j without echoing it',
    value => {
      const error = inputError('registry', () => parseRegistry('registry', value))
      expect(error.message).toContain('single line')
      expect(error.message).not.toContain('quay.io')
    }
  )
})

describe('parseApiUrl', () => {
  it.each([
    ['', DEFAULT_API_URL],
    ['https://api.deepgram.com', 'https://api.deepgram.com'],
    ['https://api.deepgram.com/', 'https://api.deepgram.com'],
    ['https://API.Deepgram.com///', 'https://api.deepgram.com'],
    ['https://proxy.example.com:8443/deepgram/', 'https://proxy.example.com:8443/deepgram'],
    ['https://10.0.0.5', 'https://10.0.0.5'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
    ['http://127.0.0.1:8080/', 'http://127.0.0.1:8080'],
    ['http://127.9.8.7', 'http://127.9.8.7'],
    ['http://localhost:3000/api/', 'http://localhost:3000/api'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
    ['HTTP://LOCALHOST', 'http://localhost']
  ])('reads %j as %j', (value, expected) => {
    expect(parseApiUrl('api-url', value)).toBe(expected)
  })

  it('defaults to https://api.deepgram.com', () => {
    expect(DEFAULT_API_URL).toBe('https://api.deepgram.com')
  })

  it.each([['http://api.deepgram.com'], ['http://10.0.0.1:8080'], ['http://128.0.0.1'], ['http://127.0.0.1.nip.io']])(
    'refuses plain http to a non-loopback host: %j',
    value => {
      const error = inputError('api-url', () => parseApiUrl('api-url', value))
      expect(error.message).toContain('must use https')
      expect(error.message).toContain(new URL(value).host)
      expect(error.message).toContain('loopback')
    }
  )

  it.each([['ftp://api.deepgram.com'], ['file:///etc/passwd'], ['ws://127.0.0.1'], ['javascript:alert(1)']])(
    'refuses the non-http scheme of %j',
    value => {
      const error = inputError('api-url', () => parseApiUrl('api-url', value))
      expect(error.message).toContain('must use https')
    }
  )

  it.each([
    ['https://user:hunter2@api.deepgram.com'],
    ['https://user@api.deepgram.com'],
    ['https://:hunter2@api.deepgram.com'],
    ['http://user:hunter2@127.0.0.1:8080']
  ])('refuses credentials in %j without echoing them', value => {
    const error = inputError('api-url', () => parseApiUrl('api-url', value))
    expect(error.message).toContain('user name or password')
    expect(error.message).not.toContain('hunter2')
    expect(error.message).not.toContain('user@')
  })

  it.each([
    ['https://api.deepgram.com/?x=1'],
    ['https://api.deepgram.com/#frag'],
    ['https://api.deepgram.com?'],
    ['https://api.deepgram.com/#'],
    ['http://127.0.0.1:8080/?']
  ])('refuses the query or fragment in %j', value => {
    const error = inputError('api-url', () => parseApiUrl('api-url', value))
    expect(error.message).toContain('query or fragment')
  })

  it.each([['api.deepgram.com'], ['not a url'], ['/v1/projects'], ['https://']])(
    'refuses %j as not absolute',
    value => {
      const error = inputError('api-url', () => parseApiUrl('api-url', value))
      expect(error.message).toContain('absolute URL')
      expect(error.message).toContain(JSON.stringify(value))
    }
  )

  it('refuses a line break without echoing the value', () => {
    const error = inputError('api-url', () =>
      parseApiUrl('api-url', 'https://api.deepgram.com\n::set-output name=x::y')
    )
    expect(error.message).toContain('single line')
    expect(error.message).not.toContain('deepgram.com')
  })

  it('describes a long value instead of quoting any part of it', () => {
    const long = `ftp-${'x'.repeat(200)}`
    const error = inputError('api-url', () => parseApiUrl('api-url', long))
    expect(error.message).not.toContain('ftp-')
    expect(error.message).not.toContain('xxxx')
    expect(error.message).toContain('got a 204-character value of letters and symbols (not shown: too long')
  })
})

describe('parseSecretValue', () => {
  const SECRET = 's3cr3t-Value_with/odd+chars='

  it('returns a good value unchanged', () => {
    expect(parseSecretValue('secret', SECRET)).toBe(SECRET)
    expect(parseSecretValue('secret', 'a b c')).toBe('a b c')
  })

  it('says why the value is required, naming the input', () => {
    const error = inputError('secret', () => parseSecretValue('secret', '', ' when `login` is true'))
    expect(error.message).toBe('Input `secret` is required when `login` is true but is empty or not set.')
  })

  it.each([
    [`${SECRET}\n::set-output name=x::y`, 'single line'],
    [`${SECRET}\r`, 'single line'],
    [`\n${SECRET}`, 'single line'],
    [`${SECRET}\u2028`, 'single line'],
    [`${SECRET}\u0000`, 'control character'],
    [`${SECRET}\u0007`, 'control character'],
    [`${SECRET}\t`, 'control character'],
    [`${SECRET}\u001b[31m`, 'control character'],
    [`${SECRET}\u007f`, 'control character']
  ])('refuses %j (%s) without echoing any of it', (value, problem) => {
    const error = inputError('secret', () => parseSecretValue('secret', value))
    expect(error.message).toContain(problem)
    expect(error.message).not.toContain(SECRET)
    expect(error.message).not.toContain('s3cr3t')
    expect(error.message).not.toContain('set-output')
  })
})

describe('parseApiKey', () => {
  const KEY = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0'

  it('returns a key of visible ASCII unchanged', () => {
    expect(parseApiKey('api-key', KEY)).toBe(KEY)
  })

  it.each([
    ['', 'is required'],
    [`${KEY}\n::add-mask::x`, 'single line'],
    [`${KEY}\u0000`, 'control character'],
    [`${KEY} ${KEY}`, 'visible ASCII'],
    [`${KEY}é`, 'visible ASCII'],
    [`Token ${KEY}`, 'visible ASCII']
  ])('refuses %j (%s) without echoing it', (value, problem) => {
    const error = inputError('api-key', () => parseApiKey('api-key', value))
    expect(error.message).toContain(problem)
    expect(error.message).not.toContain(KEY)
    expect(error.message).not.toContain('a1b2')
  })
})

describe('quote', () => {
  const SECRET = 'Zq9-secret-Value-0123456789abcdef'
  const MASKED: MaskedValue[] = [
    { input: 'api-key', value: 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0' },
    { input: 'secret', value: SECRET }
  ]

  it('quotes a short value that shares nothing with a masked one, whole', () => {
    expect(quote('yes', MASKED)).toBe('"yes"')
    expect(quote('x'.repeat(QUOTE_MAX), MASKED)).toBe(JSON.stringify('x'.repeat(QUOTE_MAX)))
  })

  it.each([
    ['equals', SECRET],
    ['equals in another letter case', SECRET.toUpperCase()],
    ['is part of', SECRET.slice(3, 20)],
    ['contains', `id-${SECRET}-x`]
  ])('never quotes a value that %s a masked value, and says which input', (_, value) => {
    const quoted = quote(value, MASKED)
    expect(quoted).toBe(
      `a ${value.length}-character value that is, contains or is part of the \`secret\` input (not shown)`
    )
    expect(quoted.toLowerCase()).not.toContain(SECRET.slice(3, 8).toLowerCase())
  })

  it('never quotes a long value, not even cut: describes its length and kinds of character', () => {
    const long = 'k'.repeat(40) + '-' + '9'.repeat(40)
    expect(quote(long)).toBe(
      'a 81-character value of letters, digits and symbols (not shown: too long to be a value of this input)'
    )
  })

  it('ignores empty masked values', () => {
    expect(overlappingMask('abc', [{ input: 'secret', value: '' }])).toBeUndefined()
    expect(overlappingMask('', MASKED)).toBeUndefined()
  })

  it.each([
    ['abc', 'a 3-character value of letters'],
    ['a b', 'a 3-character value of letters and spaces'],
    ['12', 'a 2-character value of digits'],
    ['', 'a 0-character value']
  ])('shapeOf(%j) is %j', (value, expected) => {
    expect(shapeOf(value)).toBe(expected)
  })

  it.each<[string, (masked: MaskedValue[]) => unknown]>([
    ['project-id', m => parseUuid('project-id', SECRET, 'a Deepgram project ID', m)],
    ['login', m => parseBoolean('login', SECRET, true, m)],
    ['required-scopes', m => parseScopes('required-scopes', `self-hosted:products, ${SECRET}`, m)],
    ['registry', m => parseRegistry('registry', `-${SECRET}`, m)],
    ['api-url', m => parseApiUrl('api-url', `https://${SECRET}.example.com/?q`, m)],
    ['api-url', m => parseApiUrl('api-url', `http://${SECRET}`, m)]
  ])('%s: a masked value pasted in is never quoted', (input, parse) => {
    const error = inputError(input, () => parse(MASKED))
    expect(error.message.toLowerCase()).not.toContain(SECRET.slice(0, 6).toLowerCase())
    expect(error.message).toContain('`secret` input (not shown)')
  })
})

describe('registry and api-url holding the key or the secret', () => {
  const KEY = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6'
  const SECRET_HOST = 'zq8vrk2mw4pt9xls'
  const masked: MaskedValue[] = [
    { input: 'api-key', value: KEY },
    { input: 'secret', value: SECRET_HOST }
  ]

  it.each<[string, string, string, (m: MaskedValue[]) => unknown]>([
    ['registry equal to the secret', 'registry', 'secret', m => parseRegistry('registry', SECRET_HOST, m)],
    ['registry holding the key', 'registry', 'api-key', m => parseRegistry('registry', `${KEY}.example.com:5000`, m)],
    [
      'registry holding the secret in its path',
      'registry',
      'secret',
      m => parseRegistry('registry', `quay.io/${SECRET_HOST}`, m)
    ],
    [
      'api-url holding the key as a host',
      'api-url',
      'api-key',
      m => parseApiUrl('api-url', `https://${KEY}.example.com`, m)
    ],
    [
      'api-url holding the secret, upper case',
      'api-url',
      'secret',
      m => parseApiUrl('api-url', `https://api.example.com/${SECRET_HOST.toUpperCase()}`, m)
    ]
  ])('%s: refused (a valid value otherwise), not quoted', (_, input, which, parse) => {
    const error = inputError(input, () => parse(masked))
    expect(error.message).toContain(`holds the \`${which}\` input (not shown), so it was not used`)
    expect(error.message.toLowerCase()).not.toContain(SECRET_HOST.slice(0, 5))
    expect(error.message.toLowerCase()).not.toContain(KEY.slice(0, 5))
    // The same values without masks are accepted: the refusal is about the secret, not the shape.
    expect(() => parse([])).not.toThrow()
  })
})
