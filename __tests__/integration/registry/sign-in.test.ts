// The registry client against scripted registries on 127.0.0.1, for what a
// real docker-registry will not do: a missing digest header, 5xx, hangs,
// redirects, odd challenges, a plain-http realm elsewhere.
import { createHash } from 'node:crypto'
import type { ServerResponse } from 'node:http'
import { HttpClient } from '@actions/http-client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { resolveImages } from '../../../src/registry/image-ref.js'
import { imageRef } from '../../support/refs.ts'
import { checkImages, type ImageCheckAnswer, type ImageCheckRequest } from '../../../src/registry/client.js'
import { MANIFEST_ACCEPT } from '../../../src/registry/manifest.js'
import { signInToRegistry, type SignedIn } from '../../../src/registry/sign-in.js'
import { imagesError, problemOf } from '../../../src/registry/image-report.js'
import { forgetHidden, hideInServerText } from '../../../src/sanitize.js'
import type { RetryPolicy } from '../../../src/http/retry.js'
import { saveEnv } from '../../support/helpers.js'
import { send, serve, servingOnLoopback, type Req, type Route, type Server } from '../../support/routed.ts'

const POLICY: RetryPolicy = {
  attempts: 2,
  attemptTimeoutMs: 400,
  budgetMs: 10000,
  baseDelayMs: 10,
  maxDelayMs: 20,
  maxRetryAfterMs: 2000,
  rateLimit: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 }
}
const USER = 'deepgram+64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const SECRET = 'loopback-secret-0123456789'
const BASIC = `Basic ${Buffer.from(`${USER}:${SECRET}`).toString('base64')}`
const TOKEN = 'tok.en-123_abc'

/** What a registry says of an OCI image manifest, and one such manifest. */
const OCI = { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }
const MANIFEST = Buffer.from(
  JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${'c'.repeat(64)}`, size: 2 },
    layers: []
  })
)

const sha = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`

async function check(
  host: string,
  refs: string[],
  extra: Partial<ImageCheckRequest> = {},
  signedIn?: Promise<SignedIn>
): Promise<ImageCheckAnswer & { masked: string[]; retries: string[]; delays: number[] }> {
  const masked: string[] = []
  const retries: string[] = []
  const delays: number[] = []
  const { images } = resolveImages(
    refs.map(r => imageRef(r)),
    host
  )
  const result = await checkImages(
    {
      registry: host,
      images,
      username: USER,
      secret: SECRET,
      mask: v => masked.push(v),
      onRetry: m => retries.push(m),
      sleep: async ms => {
        delays.push(ms)
      },
      policy: POLICY,
      ...extra
    },
    signedIn
  )
  return { ...result, masked, retries, delays }
}

/** A Basic registry that accepts the set's credentials and hands each manifest request to `manifest`. */
function basicRegistry(manifest: (req: Req, res: ServerResponse, n: number) => void): Route {
  return (req, res, n) => {
    if (req.headers['authorization'] !== BASIC) return send(res, 401, { 'www-authenticate': 'Basic realm="r"' })
    if (req.url === '/v2/') return send(res, 200, {}, '{}')
    manifest(req, res, n)
  }
}

/** A Bearer registry whose token endpoint (on the same server) answers with `reply`. */
function tokenEndpoint(reply: (res: ServerResponse) => void): (host: string) => Route {
  return host => (req, res) =>
    req.url.startsWith('/token')
      ? reply(res)
      : send(res, 401, { 'www-authenticate': `Bearer realm="http://${host}/token",service="s"` })
}

servingOnLoopback()

describe('checkImages (scripted loopback registries)', () => {
  it('no Docker-Content-Digest: GETs the manifest and hashes the bytes as served', async () => {
    // Not UTF-8 on purpose: a decoded-and-re-encoded body would hash differently.
    const body = Buffer.concat([
      Buffer.from('{"schemaVersion":2,"config":{},"layers":[],"annotations":{"x":"'),
      Buffer.from([0xff, 0xfe, 0x80]),
      Buffer.from('"}}')
    ])
    const reg = await serve(
      basicRegistry((_req, res) =>
        send(res, 200, { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body)
      )
    )
    const r = await check(reg.host, ['deepgram/a:1', `deepgram/a@${sha(body)}`])
    expect(r.rows.map(x => x.result)).toEqual([
      { kind: 'ok', digest: sha(body) },
      { kind: 'ok', digest: sha(body) }
    ])
    const manifestRequests = reg.requests.filter(q => q.url.includes('/manifests/'))
    expect(manifestRequests.map(q => q.method).sort()).toEqual(['GET', 'GET', 'HEAD', 'HEAD'])
    for (const q of manifestRequests) expect(q.headers['accept']).toBe(MANIFEST_ACCEPT)
  })

  it('a malformed digest header counts as missing', async () => {
    const reg = await serve(
      basicRegistry((_req, res) => send(res, 200, { ...OCI, 'docker-content-digest': 'sha256:XYZ' }, MANIFEST))
    )
    const r = await check(reg.host, ['deepgram/a:1'])
    expect(r.rows[0]!.result).toEqual({ kind: 'ok', digest: sha(MANIFEST) })
  })

  it('a digest reference answered with another digest is a mismatch', async () => {
    const asked = `sha256:${'1'.repeat(64)}`
    const got = `sha256:${'2'.repeat(64)}`
    const reg = await serve(basicRegistry((_req, res) => send(res, 200, { ...OCI, 'docker-content-digest': got })))
    const r = await check(reg.host, [`deepgram/a@${asked}`])
    expect(r.rows[0]!.result).toEqual({ kind: 'mismatch', digest: got })
  })

  it('an anonymous registry (200 on /v2/): no credentials are sent at all', async () => {
    const digest = `sha256:${'3'.repeat(64)}`
    const reg = await serve((_req, res) => send(res, 200, { ...OCI, 'docker-content-digest': digest }))
    const r = await check(reg.host, ['deepgram/a:1'])
    expect(r.signIn).toBe('anonymous')
    expect(r.rows[0]!.result).toEqual({ kind: 'ok', digest })
    expect(reg.requests).toHaveLength(2)
    for (const q of reg.requests) expect(q.headers['authorization']).toBeUndefined()
  })

  it('a manifest 503 then 200: retried, and the retry is told', async () => {
    const digest = `sha256:${'4'.repeat(64)}`
    let manifests = 0
    const reg = await serve(
      basicRegistry((_req, res) =>
        ++manifests === 1 ? send(res, 503) : send(res, 200, { ...OCI, 'docker-content-digest': digest })
      )
    )
    const r = await check(reg.host, ['deepgram/a:1'])
    expect(r.rows[0]!.result).toEqual({ kind: 'ok', digest })
    expect(manifests).toBe(2)
    expect(r.retries).toEqual([
      expect.stringMatching(
        new RegExp(`^Registry ${reg.host}, deepgram/a:1: HTTP 503; retrying in 0\\.0 s \\(attempt 2 of 2\\)\\.$`)
      )
    ])
  })

  it('a manifest 429 with Retry-After: waits at least as told, jitter on top', async () => {
    const digest = `sha256:${'5'.repeat(64)}`
    let manifests = 0
    const reg = await serve(
      basicRegistry((_req, res) =>
        ++manifests === 1
          ? send(res, 429, { 'retry-after': '1' })
          : send(res, 200, { ...OCI, 'docker-content-digest': digest })
      )
    )
    const r = await check(reg.host, ['deepgram/a:1'])
    expect(r.rows[0]!.result).toEqual({ kind: 'ok', digest })
    expect(r.delays).toHaveLength(1)
    // The rate-limit jitter window of the test policy is at most 20 ms.
    expect(r.delays[0]).toBeGreaterThanOrEqual(1000)
    expect(r.delays[0]).toBeLessThanOrEqual(1020)
  })

  it('5xx to the end: reported with the attempts', async () => {
    const reg = await serve(basicRegistry((_req, res) => send(res, 502)))
    const r = await check(reg.host, ['deepgram/a:1'])
    expect(r.rows[0]!.result).toEqual({ kind: 'error', status: 502, attempts: 2, said: {} })
  })

  it('another 4xx: GETs the error body once and quotes its code and message, sanitised', async () => {
    const body = JSON.stringify({ errors: [{ code: 'NAME_INVALID', message: 'bad\nname \u001b[31m::error::x' }] })
    const reg = await serve(
      basicRegistry((req, res) =>
        send(res, 400, { 'content-type': 'application/json' }, req.method === 'GET' ? body : '')
      )
    )
    const r = await check(reg.host, ['deepgram/a:1'])
    expect(r.rows[0]!.result).toEqual({
      kind: 'error',
      status: 400,
      attempts: 1,
      said: { code: 'NAME_INVALID', message: 'bad name ::error::x' }
    })
    expect(reg.requests.filter(q => q.url.includes('/manifests/')).map(q => q.method)).toEqual(['HEAD', 'GET'])
  })

  it('a manifest redirect is not followed', async () => {
    const elsewhere = await serve((_req, res) =>
      send(res, 200, { ...OCI, 'docker-content-digest': `sha256:${'6'.repeat(64)}` })
    )
    const reg = await serve(basicRegistry((_req, res) => send(res, 307, { location: `${elsewhere.url}/v2/x` })))
    const r = await check(reg.host, ['deepgram/a:1'])
    expect(r.rows[0]!.result).toEqual({ kind: 'redirected', status: 307, location: `${elsewhere.url}/v2/x` })
    expect(elsewhere.requests).toEqual([])
  })

  it('one manifest hangs: that image times out, the others are still checked', async () => {
    const digest = `sha256:${'7'.repeat(64)}`
    const reg = await serve(
      basicRegistry((req, res) => {
        if (req.url.includes('/hangs/')) return
        send(res, 200, { ...OCI, 'docker-content-digest': digest })
      })
    )
    const r = await check(reg.host, ['deepgram/hangs:1', 'deepgram/ok:1'])
    expect(r.rows.map(x => x.result)).toEqual([
      { kind: 'no-answer', timedOut: true, detail: 'no complete answer within 0.4 s (2 attempts)' },
      { kind: 'ok', digest }
    ])
  })

  it('a registry that hangs on /v2/: one timeout, nothing checked', async () => {
    const reg = await serve(() => undefined)
    const r = await check(reg.host, ['deepgram/a:1', 'deepgram/b:1'])
    expect(r.fatal?.title).toBe('Registry timed out')
    expect(r.fatal?.message).toBe(
      `The registry API (GET /v2/) of ${reg.host} gave no complete answer within 0.4 s (2 attempts), so no image was checked. ` +
        'Check that the runner can reach it (HTTPS_PROXY/NO_PROXY on self-hosted runners) and re-run the job.'
    )
    expect(r.rows.map(x => x.result.kind)).toEqual(['not-checked', 'not-checked'])
    expect(reg.requests).toHaveLength(2)
  })

  it('a Bearer realm without a service: the token request has no service parameter', async () => {
    const digest = `sha256:${'8'.repeat(64)}`
    const reg = await serve((req, res) => {
      if (req.url.startsWith('/token')) return send(res, 200, {}, JSON.stringify({ token: TOKEN, expires_in: 60 }))
      if (req.headers['authorization'] !== `Bearer ${TOKEN}`) {
        return send(res, 401, { 'www-authenticate': `Bearer realm="http://${reg.host}/token"` })
      }
      send(res, 200, { ...OCI, 'docker-content-digest': digest })
    })
    const r = await check(reg.host, ['deepgram/a:1', 'deepgram/a:2'])
    expect(r.rows.map(x => x.result)).toEqual([
      { kind: 'ok', digest },
      { kind: 'ok', digest }
    ])
    const token = reg.requests.filter(q => q.url.startsWith('/token'))
    expect(token.map(q => q.url)).toEqual(['/token?scope=repository%3Adeepgram%2Fa%3Apull'])
    expect(token[0]!.headers['authorization']).toBe(BASIC)
    expect(r.masked).toEqual([TOKEN])
  })

  it.each<[string, (host: string) => Route, string, string]>([
    [
      '/v2/ answers 404',
      () => (_req, res) => send(res, 404, {}, '{"errors":[{"code":"NOT_FOUND","message":"no such page"}]}'),
      'Unexpected registry answer',
      'answered HTTP 404, so no image was checked. A registry answers GET /v2/ with 401 or 200: check `registry`. The registry said: "no such page" (NOT_FOUND).'
    ],
    [
      '/v2/ redirects',
      () => (_req, res) => send(res, 301, { location: 'https://elsewhere.example/v2/' }),
      'Unexpected registry answer',
      'It redirected to "https://elsewhere.example/v2/", which this action does not follow'
    ],
    [
      'a challenge this action does not speak',
      () => (_req, res) => send(res, 401, { 'www-authenticate': 'Negotiate abc, NTLM' }),
      'Unexpected registry answer',
      'challenges: negotiate, ntlm; Bearer with a realm, or Basic, expected'
    ],
    [
      '401 without any challenge',
      () => (_req, res) => send(res, 401),
      'Unexpected registry answer',
      'challenges: none'
    ],
    [
      'a token answer without a token',
      tokenEndpoint(res => send(res, 200, {}, '{"expires_in":60}')),
      'Unexpected registry answer',
      'Its body holds no usable token'
    ],
    [
      'a token that cannot travel in a header',
      tokenEndpoint(res => send(res, 200, {}, JSON.stringify({ token: 'abc\r\nX-Evil: 1' }))),
      'Unexpected registry answer',
      'Its body holds no usable token'
    ],
    [
      'a token endpoint that answers 403',
      tokenEndpoint(res => send(res, 403, {}, '{"details":"account disabled"}')),
      'Registry credentials rejected',
      'refused deepgram+64d1f840-3b7e-43b2-a7b6-d56756d4476d with the given secret (HTTP 403): `secret` does not belong'
    ],
    [
      'a token endpoint that redirects',
      tokenEndpoint(res => send(res, 302, { location: 'https://login.example/' })),
      'Unexpected registry answer',
      'It redirected to "https://login.example/", which this action does not follow so that credentials go nowhere else'
    ]
  ])('%s: fails as a whole, nothing checked', async (_name, route, title, text) => {
    let host = ''
    const reg = await serve((req, res, n) => route(host)(req, res, n))
    host = reg.host
    const r = await check(reg.host, ['deepgram/a:1'])
    expect(r.fatal?.title).toBe(title)
    expect(r.fatal?.message).toContain(text)
    expect(r.rows.map(x => x.result.kind)).toEqual(['not-checked'])
    expect(reg.requests.some(q => q.url.includes('/manifests/'))).toBe(false)
    expect(r.masked).toEqual([])
  })

  describe('a realm elsewhere', () => {
    // Any request to a non-loopback host goes to this recording proxy instead
    // (http-client honours HTTP_PROXY and bypasses it for loopback hosts only),
    // so a leak would be seen here and no traffic leaves the machine.
    let proxy: Server
    let restore: () => void
    beforeAll(async () => {
      restore = saveEnv()
      proxy = await serve((_req, res) => send(res, 502), true)
      process.env['HTTP_PROXY'] = proxy.url
      process.env['HTTPS_PROXY'] = proxy.url
    })
    afterAll(async () => {
      restore()
      await proxy.stop()
    })
    afterEach(() => {
      proxy.requests.splice(0)
    })

    it('the proxy does catch a plain-http request to another host (the check below can fail)', async () => {
      const client = new HttpClient('probe')
      await client.get('http://auth.example.com/token').catch(() => undefined)
      client.dispose()
      expect(proxy.requests.map(q => `${q.method} ${q.url}`)).toEqual(['CONNECT auth.example.com:80'])
    })

    it('a plain-http realm on another host: refused, the secret is sent nowhere', async () => {
      const reg = await serve((_req, res) =>
        send(res, 401, { 'www-authenticate': 'Bearer realm="http://auth.example.com/token",service="quay.io"' })
      )
      const r = await check(reg.host, ['deepgram/a:1'])
      expect(r.fatal?.title).toBe('Registry token realm refused')
      expect(r.fatal?.message).toContain(
        `The registry ${reg.host} sends clients for a token to "http://auth.example.com/token", which uses plain http to a host that is not loopback, so the secret would travel unencrypted: the secret was not sent there`
      )
      expect(proxy.requests).toEqual([])
      expect(reg.requests.map(q => [q.url, q.headers['authorization']])).toEqual([['/v2/', undefined]])
    })
  })
})

describe('registries as they really answer (issue 15)', () => {
  const digestOf = (n: string): string => `sha256:${n.repeat(64)}`

  it('HEAD refused with 405: falls back to GET and uses its answer', async () => {
    const reg = await serve(
      basicRegistry((req, res) =>
        req.method === 'HEAD' ? send(res, 405, { allow: 'GET' }) : send(res, 200, { ...OCI }, MANIFEST)
      )
    )
    const r = await check(reg.host, ['deepgram/a:1'])
    expect(r.rows[0]!.result).toEqual({ kind: 'ok', digest: sha(MANIFEST) })
    expect(reg.requests.filter(q => q.url.includes('/manifests/')).map(q => q.method)).toEqual(['HEAD', 'GET'])
  })

  it('HEAD refused with 405 and GET answering 404: the image is not found (one GET, no retry)', async () => {
    const reg = await serve(basicRegistry((req, res) => send(res, req.method === 'HEAD' ? 405 : 404)))
    const r = await check(reg.host, ['deepgram/a:1'])
    expect(r.rows[0]!.result).toEqual({ kind: 'unknown', status: 404 })
    expect(reg.requests.filter(q => q.url.includes('/manifests/')).map(q => q.method)).toEqual(['HEAD', 'GET'])
  })

  it('a website answering 200 with HTML to every path: no image passes, none is hashed', async () => {
    const page = '<!doctype html><html><body>Welcome</body></html>'
    const reg = await serve((_req, res) => send(res, 200, { 'content-type': 'text/html; charset=utf-8' }, page))
    const r = await check(reg.host, ['deepgram/a:1', 'deepgram/b:2'])
    expect(r.rows.map(x => x.result)).toEqual([
      { kind: 'not-manifest', status: 200, contentType: 'text/html' },
      { kind: 'not-manifest', status: 200, contentType: 'text/html' }
    ])
    const error = imagesError(r.rows, { registry: reg.host, scopes: [] })
    expect(error?.message).toContain(
      `${reg.host} answered HTTP 200 with Content-Type "text/html", not one of the manifest types asked for: it does not look like a container registry`
    )
  })

  it.each<[string, (req: Req, res: ServerResponse) => void, string | undefined]>([
    ['no Content-Type at all', (_req, res) => send(res, 200, { 'docker-content-digest': digestOf('9') }), undefined],
    [
      'JSON that is not a manifest, under a manifest type (GET after 405)',
      (req, res) => (req.method === 'HEAD' ? send(res, 405) : send(res, 200, { ...OCI }, '{"status":"ok"}')),
      'application/vnd.oci.image.manifest.v1+json'
    ],
    [
      'an HTML body under a manifest type (no digest header, so GET)',
      (_req, res) => send(res, 200, { ...OCI }, '<html></html>'),
      'application/vnd.oci.image.manifest.v1+json'
    ],
    [
      'a manifest whose mediaType is not its Content-Type',
      (_req, res) =>
        send(
          res,
          200,
          { 'content-type': 'application/vnd.oci.image.index.v1+json' },
          JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', manifests: [] })
        ),
      'application/vnd.oci.image.index.v1+json'
    ]
  ])('%s: not a manifest', async (_, manifest, contentType) => {
    const reg = await serve(basicRegistry(manifest))
    const r = await check(reg.host, ['deepgram/a:1'])
    expect(r.rows[0]!.result).toMatchObject({ kind: 'not-manifest', status: 200 })
    expect((r.rows[0]!.result as { contentType?: string }).contentType).toBe(contentType)
  })

  it('an index served with its type and parameters passes', async () => {
    const index = Buffer.from(
      JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] })
    )
    const reg = await serve(
      basicRegistry((_req, res) =>
        send(res, 200, { 'content-type': 'Application/vnd.oci.image.index.v1+json; charset=utf-8' }, index)
      )
    )
    const r = await check(reg.host, ['deepgram/a:1'])
    expect(r.rows[0]!.result).toEqual({ kind: 'ok', digest: sha(index) })
  })

  it('/v2/ open to anonymous requests, manifests challenging: one token request for every repository, then the manifests again', async () => {
    const digest = digestOf('a')
    const reg = await serve((req, res) => {
      if (req.url === '/v2/') return send(res, 200, {}, '{}')
      if (req.url.startsWith('/token')) {
        return req.headers['authorization'] === BASIC
          ? send(res, 200, {}, JSON.stringify({ token: TOKEN }))
          : send(res, 401, {}, '{"details":"bad"}')
      }
      if (req.headers['authorization'] !== `Bearer ${TOKEN}`) {
        const repo = /^\/v2\/(.+)\/manifests\//.exec(req.url)?.[1] ?? ''
        return send(res, 401, {
          'www-authenticate': `Bearer realm="http://${reg.host}/token",service="nexus",scope="repository:${repo}:pull"`
        })
      }
      send(res, 200, { ...OCI, 'docker-content-digest': digest })
    })
    const r = await check(reg.host, ['deepgram/a:1', 'deepgram/b:1', 'deepgram/c:1'])
    expect(r.rows.map(x => x.result)).toEqual([
      { kind: 'ok', digest },
      { kind: 'ok', digest },
      { kind: 'ok', digest }
    ])
    expect(r.signIn).toBe('bearer')
    const tokens = reg.requests.filter(q => q.url.startsWith('/token'))
    expect(tokens).toHaveLength(1)
    const url = new URL(tokens[0]!.url, reg.url)
    expect(url.searchParams.get('service')).toBe('nexus')
    expect(url.searchParams.getAll('scope').sort()).toEqual(
      ['deepgram/a', 'deepgram/b', 'deepgram/c'].map(n => `repository:${n}:pull`)
    )
    expect(r.masked).toEqual([TOKEN])
  })

  it('/v2/ open, a manifest challenge whose token endpoint refuses the secret: credentials rejected, never "accepted"', async () => {
    const reg = await serve((req, res) => {
      if (req.url === '/v2/') return send(res, 200, {}, '{}')
      if (req.url.startsWith('/token')) return send(res, 401, {}, '{"details":"invalid username or password"}')
      send(res, 401, { 'www-authenticate': `Bearer realm="http://${reg.host}/token",service="s"` })
    })
    const r = await check(reg.host, ['deepgram/a:1'])
    expect(r.fatal?.title).toBe('Registry credentials rejected')
    expect(r.fatal?.message).not.toContain('accepted')
    expect(r.rows[0]!.result).toEqual({ kind: 'not-checked' })
  })

  it('/v2/ open, a manifest 401 with no challenge it can follow: the secret was never sent, and the message says so', async () => {
    const reg = await serve((req, res) =>
      req.url === '/v2/' ? send(res, 200, {}, '{}') : send(res, 401, { 'www-authenticate': 'Negotiate' })
    )
    const r = await check(reg.host, ['deepgram/a:1'])
    expect(r.rows[0]!.result).toEqual({ kind: 'denied', status: 401, anonymous: true })
    for (const q of reg.requests) expect(q.headers['authorization']).toBeUndefined()
    const problem = problemOf(r.rows[0]!, { registry: reg.host, scopes: [] })
    expect(problem).toContain('the secret was never sent')
    expect(problem).not.toContain('accepted')
  })

  it('manifests that hang: the whole check ends at its limit and names the images left unchecked', async () => {
    const reg = await serve(basicRegistry(() => undefined))
    const policy: RetryPolicy = { ...POLICY, attempts: 4, attemptTimeoutMs: 1000 }
    const refs = Array.from({ length: 9 }, (_, i) => `deepgram/hangs-${i}:1`)
    const started = Date.now()
    // Without the limit: 9 images, 4 at a time, 4 attempts of 1 s each: about 12 s.
    const r = await check(reg.host, refs, { policy, limitMs: 1500 })
    const took = Date.now() - started
    expect(took).toBeLessThan(2500)
    expect(r.rows.map(x => x.result)).toEqual(refs.map(() => ({ kind: 'not-checked', limitS: 1.5 })))
    const error = imagesError(r.rows, { registry: reg.host, scopes: [] })
    expect(error?.title).toBe('Image check ran out of time')
    expect(error?.message).toMatch(
      /^Of 9 images on 127\.0\.0\.1:\d+, 9 were left unchecked when the image check's 1\.5 s limit ran out; did not log in:\n- deepgram\/hangs-0:1: not checked/
    )
  })

  it('a sign-in that hangs past the limit: one error saying the time ran out', async () => {
    const reg = await serve(() => undefined)
    const started = Date.now()
    const r = await check(reg.host, ['deepgram/a:1'], { limitMs: 600 })
    expect(Date.now() - started).toBeLessThan(1500)
    expect(r.fatal?.title).toBe('Image check ran out of time')
    expect(r.fatal?.message).toContain("had not answered when the image check's 0.6 s limit ran out")
  })

  it('a redirect Location quoting the secret is redacted before it is cut', async () => {
    hideInServerText([SECRET])
    try {
      const reg = await serve(
        basicRegistry((_req, res) => send(res, 307, { location: `http://x.example/${'p'.repeat(170)}?pw=${SECRET}` }))
      )
      const r = await check(reg.host, ['deepgram/a:1'])
      const location = (r.rows[0]!.result as { location?: string }).location
      expect(location).toContain('?pw=***')
      expect(location).not.toContain(SECRET.slice(0, 4))
    } finally {
      forgetHidden()
    }
  })

  it('a sign-in started beforehand is used as it is: one probe, one token request', async () => {
    const digest = digestOf('b')
    const reg = await serve((req, res) => {
      if (req.url.startsWith('/token')) return send(res, 200, {}, JSON.stringify({ token: TOKEN }))
      if (req.headers['authorization'] !== `Bearer ${TOKEN}`) {
        return send(res, 401, { 'www-authenticate': `Bearer realm="http://${reg.host}/token",service="s"` })
      }
      send(res, 200, { ...OCI, 'docker-content-digest': digest })
    })
    const masked: string[] = []
    const signedIn = signInToRegistry({
      registry: reg.host,
      repositories: ['deepgram/a', 'deepgram/b'],
      username: USER,
      secret: SECRET,
      mask: v => masked.push(v),
      policy: POLICY
    })
    const r = await check(reg.host, ['deepgram/a:1', 'deepgram/b:1'], {}, signedIn)
    expect(r.rows.map(x => x.result.kind)).toEqual(['ok', 'ok'])
    expect(reg.requests.filter(q => q.url === '/v2/')).toHaveLength(1)
    expect(reg.requests.filter(q => q.url.startsWith('/token'))).toHaveLength(1)
    expect(masked).toEqual([TOKEN])
  })
})
