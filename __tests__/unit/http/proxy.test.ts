import { describe, expect, it } from 'vitest'
import { ActionError } from '../../../src/errors.js'
import { decideProxy, proxyProblem, proxyVariable, readProxySettings, withScheme } from '../../../src/http/proxy.js'
import { thrown } from '../../support/helpers.js'

const HTTPS = new URL('https://api.deepgram.com/v1')
const HTTP = new URL('http://gateway.internal/v1')

describe('proxyVariable', () => {
  it('reads https_proxy before HTTPS_PROXY for https, as @actions/http-client does', () => {
    expect(proxyVariable(HTTPS, { https_proxy: 'a:1', HTTPS_PROXY: 'b:2' })).toEqual({
      name: 'https_proxy',
      value: 'a:1'
    })
    expect(proxyVariable(HTTPS, { https_proxy: '', HTTPS_PROXY: 'b:2' })).toEqual({ name: 'HTTPS_PROXY', value: 'b:2' })
    expect(proxyVariable(HTTPS, { HTTP_PROXY: 'c:3' })).toBeUndefined()
  })

  it('reads http_proxy / HTTP_PROXY for http', () => {
    expect(proxyVariable(HTTP, { HTTP_PROXY: 'c:3', HTTPS_PROXY: 'b:2' })).toEqual({ name: 'HTTP_PROXY', value: 'c:3' })
  })
})

describe('withScheme', () => {
  it.each([
    ['proxy.corp:3128', 'http://proxy.corp:3128'],
    ['localhost:8080', 'http://localhost:8080'],
    ['10.0.0.1:3128', 'http://10.0.0.1:3128'],
    ['user:pa%40ss@proxy:3128', 'http://user:pa%40ss@proxy:3128'],
    [' proxy:1 ', 'http://proxy:1'],
    ['http://proxy:1', 'http://proxy:1'],
    ['HTTPS://proxy:1', 'HTTPS://proxy:1'],
    ['socks5://proxy:1', 'socks5://proxy:1']
  ])('%j -> %j', (value, expected) => {
    expect(withScheme(value)).toBe(expected)
  })
})

describe('proxyProblem', () => {
  it.each([
    ['http://proxy:3128', undefined],
    ['https://user:pw@proxy', undefined],
    ['http://', 'it is not a URL'],
    ['http://bad host:1', 'it is not a URL'],
    ['socks5://proxy:1080', 'its scheme "socks5:" is not supported (only http:// and https:// proxies are)']
  ])('%j -> %j', (value, expected) => {
    expect(proxyProblem(value)).toBe(expected)
  })
})

describe('decideProxy', () => {
  it('goes direct when bypassed (NO_PROXY, loopback) or unset', () => {
    expect(decideProxy(HTTPS, { HTTPS_PROXY: 'socks5://x' }, true)).toEqual({ use: 'direct' })
    expect(decideProxy(HTTPS, {}, false)).toEqual({ use: 'direct' })
  })

  it('adds http:// to a scheme-less value and says it changed it', () => {
    expect(decideProxy(HTTPS, { HTTPS_PROXY: 'proxy.corp:3128' }, false)).toEqual({
      use: 'proxy',
      name: 'HTTPS_PROXY',
      value: 'http://proxy.corp:3128',
      changed: true
    })
    expect(decideProxy(HTTPS, { https_proxy: 'http://proxy:1' }, false)).toEqual({
      use: 'proxy',
      name: 'https_proxy',
      value: 'http://proxy:1',
      changed: false
    })
  })

  it('refuses an unusable value, naming the variable and never the value', () => {
    const error = thrown(() => decideProxy(HTTPS, { HTTPS_PROXY: 'socks5://me:s3cretpw@proxy:1080' }, false))
    expect(error).toBeInstanceOf(ActionError)
    expect((error as ActionError).title).toBe('Proxy setting unusable')
    expect(error.message).toContain('HTTPS_PROXY is set, but its scheme "socks5:" is not supported')
    expect(error.message).toContain('NO_PROXY')
    expect(error.message).not.toContain('s3cretpw')
  })
})

describe('readProxySettings', () => {
  it('reads the variables once; a usable scheme-less value is written back with its scheme', () => {
    const env: NodeJS.ProcessEnv = { HTTPS_PROXY: 'proxy.corp:3128', http_proxy: 'http://p:1', PATH: '/bin' }
    const settings = readProxySettings(env)
    expect(env['HTTPS_PROXY']).toBe('http://proxy.corp:3128')
    expect(settings.env).toEqual({ HTTPS_PROXY: 'http://proxy.corp:3128', http_proxy: 'http://p:1' })
    expect(decideProxy(HTTPS, settings.env, false)).toEqual({
      use: 'proxy',
      name: 'HTTPS_PROXY',
      value: 'http://proxy.corp:3128',
      changed: false
    })
  })

  it('leaves an unusable value as it is, for decideProxy to refuse', () => {
    const env: NodeJS.ProcessEnv = { HTTPS_PROXY: 'socks5://x:1' }
    const settings = readProxySettings(env)
    expect(env['HTTPS_PROXY']).toBe('socks5://x:1')
    expect(() => decideProxy(HTTPS, settings.env, false)).toThrow(/not supported/)
  })
})
