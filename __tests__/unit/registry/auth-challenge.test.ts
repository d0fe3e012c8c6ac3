import { describe, expect, it } from 'vitest'
import {
  checkRealm,
  parseChallenges,
  pullScope,
  realmRefused,
  tokenUrl,
  type Challenge
} from '../../../src/registry/auth-challenge.js'

const plain = (cs: Challenge[]): { scheme: string; params: Record<string, string> }[] =>
  cs.map(c => ({ scheme: c.scheme, params: { ...c.params } }))

describe('parseChallenges', () => {
  it.each<[string, string | string[] | undefined, { scheme: string; params: Record<string, string> }[]]>([
    [
      "quay's",
      'Bearer realm="https://quay.io/v2/auth",service="quay.io"',
      [{ scheme: 'bearer', params: { realm: 'https://quay.io/v2/auth', service: 'quay.io' } }]
    ],
    [
      "distribution's, with a scope and an error",
      'Bearer realm="http://127.0.0.1:1/token",service="reg",scope="repository:a/b:pull,push",error="insufficient_scope"',
      [
        {
          scheme: 'bearer',
          params: {
            realm: 'http://127.0.0.1:1/token',
            service: 'reg',
            scope: 'repository:a/b:pull,push',
            error: 'insufficient_scope'
          }
        }
      ]
    ],
    ['htpasswd Basic', 'Basic realm="test-registry"', [{ scheme: 'basic', params: { realm: 'test-registry' } }]],
    ['a bare scheme', 'Basic', [{ scheme: 'basic', params: {} }]],
    [
      'scheme and names in any case, spaces around = and commas',
      'BEARER  Realm = "https://a/t" ,  SERVICE=svc',
      [{ scheme: 'bearer', params: { realm: 'https://a/t', service: 'svc' } }]
    ],
    [
      'escaped quotes and commas inside a quoted value',
      'Bearer realm="https://a/t?x=\\"1\\",y", service="s, t"',
      [{ scheme: 'bearer', params: { realm: 'https://a/t?x="1",y', service: 's, t' } }]
    ],
    [
      'two challenges in one value',
      'Basic realm="r1", Bearer realm="https://a/t",service="s"',
      [
        { scheme: 'basic', params: { realm: 'r1' } },
        { scheme: 'bearer', params: { realm: 'https://a/t', service: 's' } }
      ]
    ],
    [
      'two header lines',
      ['Basic realm="r1"', 'Bearer realm="https://a/t"'],
      [
        { scheme: 'basic', params: { realm: 'r1' } },
        { scheme: 'bearer', params: { realm: 'https://a/t' } }
      ]
    ],
    [
      'an unquoted URL as a value',
      'Bearer realm=https://a/t,service=s',
      [{ scheme: 'bearer', params: { realm: 'https://a/t', service: 's' } }]
    ],
    [
      'the first of a repeated parameter',
      'Bearer realm="https://good/t",realm="https://evil/t"',
      [{ scheme: 'bearer', params: { realm: 'https://good/t' } }]
    ],
    [
      'a token68 challenge before a Bearer one',
      'Negotiate abc123==, Bearer realm="https://a/t"',
      [
        { scheme: 'negotiate', params: {} },
        { scheme: 'bearer', params: { realm: 'https://a/t' } }
      ]
    ],
    [
      'token68 challenges only',
      'Negotiate abc, NTLM',
      [
        { scheme: 'negotiate', params: {} },
        { scheme: 'ntlm', params: {} }
      ]
    ],
    ['nothing', undefined, []],
    ['an empty value', '', []],
    ['junk', '"quoted" first', []],
    [
      'an unterminated quoted value keeps what came before',
      'Bearer service="s", realm="https://a/t',
      [{ scheme: 'bearer', params: { service: 's' } }]
    ],
    [
      'junk after a value ends the parse',
      'Bearer realm="https://a/t" "x", Basic realm="r"',
      [{ scheme: 'bearer', params: { realm: 'https://a/t' } }]
    ]
  ])('%s', (_name, header, expected) => {
    expect(plain(parseChallenges(header))).toEqual(expected)
  })

  it('is not fooled by parameter names like __proto__', () => {
    const [c] = parseChallenges('Bearer __proto__="x", realm="https://a/t"')
    expect(c?.params['realm']).toBe('https://a/t')
    expect(c?.params['__proto__']).toBe('x')
    expect(Object.getPrototypeOf(c?.params)).toBe(null)
  })
})

describe('checkRealm', () => {
  it.each([
    'https://quay.io/v2/auth',
    'https://auth.example.com:8443/token?x=1',
    'http://127.0.0.1:5001/token',
    'http://localhost/t',
    'http://[::1]:9/t'
  ])('accepts %s', realm => {
    const r = checkRealm(realm)
    expect(r.ok).toBe(true)
  })

  it.each([
    ['http://auth.example.com/token', 'plain http to a host that is not loopback'],
    ['http://127.0.0.1.nip.io/token', 'plain http to a host that is not loopback'],
    ['ftp://quay.io/auth', 'uses ftp, not https'],
    ['/v2/auth', 'is not an absolute URL'],
    ['https://user:pw@quay.io/v2/auth', 'carries a user name or password'],
    ['https://quay.io/v2/auth#x', 'has a fragment']
  ])('refuses %s', (realm, problem) => {
    const r = checkRealm(realm)
    expect(r.ok).toBe(false)
    expect(r.ok ? '' : realmRefused('r', realm, r.problem).message).toContain(problem)
  })

  it('refuses any http realm, loopback too, for a registry reached over https', () => {
    const r = checkRealm('http://127.0.0.1:5001/token', true)
    expect(r).toEqual({ ok: false, problem: { kind: 'downgrade' } })
    expect(r.ok ? '' : realmRefused('r', 'http://127.0.0.1:5001/token', r.problem).message).toContain(
      'which uses plain http although the registry itself is reached over https'
    )
    expect(checkRealm('https://quay.io/v2/auth', true).ok).toBe(true)
  })
})

describe('tokenUrl', () => {
  it('keeps the realm query and adds service and one scope per repository', () => {
    const realm = new URL('https://auth.example.com/token?account=x')
    const url = new URL(tokenUrl(realm, 'quay.io', [pullScope('deepgram/a'), pullScope('deepgram/b')]))
    expect(url.origin + url.pathname).toBe('https://auth.example.com/token')
    expect(url.searchParams.get('account')).toBe('x')
    expect(url.searchParams.get('service')).toBe('quay.io')
    expect(url.searchParams.getAll('scope')).toEqual(['repository:deepgram/a:pull', 'repository:deepgram/b:pull'])
  })

  it('leaves service out when the challenge has none', () => {
    expect(new URL(tokenUrl(new URL('https://a/t'), undefined, [])).searchParams.has('service')).toBe(false)
  })
})
