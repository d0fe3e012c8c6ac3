// The registry client against Debian's docker-registry: in token mode behind
// the token server (quay's robot flow, enforced by a real registry), and in
// htpasswd (Basic) mode. Images are pushed by the tests; a recording front
// counts what the client sends.
import { randomBytes, randomUUID } from 'node:crypto'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { resolveImages } from '../../../src/registry/image-ref.js'
import { imageRef } from '../../support/refs.ts'
import { checkImages, type ImageCheckRequest } from '../../../src/registry/client.js'
import { MANIFEST_ACCEPT } from '../../../src/registry/manifest.js'
import type { RetryPolicy } from '../../../src/http/retry.js'
import { RegistryFront } from '../../support/front.ts'
import { MEDIA } from '../../support/images.ts'
import { LocalRegistry } from '../../support/registry.ts'
import { basicPushAuth, pushCatalogue, REPOS, TokenRegistry, type Catalogue } from '../../support/token-registry.ts'
import { which } from '../../support/tools.ts'
import { clearProxyEnv, saveEnv } from '../../support/helpers.js'

const TAG = `release-${String(200000 + Math.floor(Math.random() * 99999))}`
const USER_AGENT = /^deepgram-self-hosted-login\//
const POLICY: RetryPolicy = {
  attempts: 3,
  attemptTimeoutMs: 2000,
  budgetMs: 20000,
  baseDelayMs: 10,
  maxDelayMs: 20,
  maxRetryAfterMs: 100,
  rateLimit: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 }
}

const missing = ['docker-registry', 'htpasswd', 'openssl'].filter(t => which(t) === undefined)
const skip = missing.length > 0 && !process.env['CI']
if (skip) console.warn(`SKIPPED: the registry client tests need ${missing.join(', ')}.`)

function fresh(): { username: string; secret: string } {
  return { username: `deepgram+${randomUUID()}`, secret: `sec${randomBytes(16).toString('hex')}` }
}

let restoreEnv: () => void
beforeAll(() => {
  restoreEnv = saveEnv()
  clearProxyEnv()
})
afterAll(() => restoreEnv())

const fronts: RegistryFront[] = []
afterEach(async () => {
  await Promise.all(fronts.splice(0).map(f => f.stop()))
})
async function front(host: string): Promise<RegistryFront> {
  const f = await RegistryFront.start(host)
  fronts.push(f)
  return f
}

interface Run {
  masked: string[]
  retries: string[]
  result: Awaited<ReturnType<typeof checkImages>>
}

async function check(
  host: string,
  refs: string[],
  creds: { username: string; secret: string },
  extra: Partial<ImageCheckRequest> = {}
): Promise<Run> {
  const masked: string[] = []
  const retries: string[] = []
  const { images, foreign } = resolveImages(
    refs.map(r => imageRef(r)),
    host
  )
  expect(foreign).toEqual([])
  const result = await checkImages({
    registry: host,
    images,
    ...creds,
    mask: v => masked.push(v),
    onRetry: m => retries.push(m),
    policy: POLICY,
    ...extra
  })
  return { masked, retries, result }
}

describe.skipIf(skip)('checkImages against a token-auth docker-registry (quay robot flow)', () => {
  let reg: TokenRegistry
  let digests: Catalogue
  beforeAll(async () => {
    if (missing.length) throw new Error(`CI is set but ${missing.join(', ')} is missing`)
    reg = await TokenRegistry.start()
    digests = await reg.pushCatalogue(TAG)
  })
  afterAll(async () => {
    await reg?.stop()
  })
  const robotRequests = (username: string) => reg.tokens.requests.filter(r => r.user === username)

  it('all pullable: each digest is the one pushed, from one probe, one token and one HEAD per image', async () => {
    const set = fresh()
    reg.addSet(set.username, set.secret, Object.values(REPOS))
    const f = await front(reg.host)
    const refs = [
      `${f.host}/${REPOS.api}:${TAG}`,
      `${REPOS.engine}:${TAG}`,
      `${REPOS.licenseProxy}:${TAG}`,
      `${REPOS.billing}:${TAG}`
    ]
    const { result, masked } = await check(f.host, refs, set)
    expect(result.fatal).toBeUndefined()
    expect(result.signIn).toBe('bearer')
    expect(result.rows.map(r => [r.image.given, r.result])).toEqual([
      [refs[0], { kind: 'ok', digest: digests.api }],
      [refs[1], { kind: 'ok', digest: digests.engine }],
      [refs[2], { kind: 'ok', digest: digests.licenseProxy }],
      [refs[3], { kind: 'ok', digest: digests.billing }]
    ])

    // One token request, with the set's Basic credentials and every scope.
    const tokenRequests = robotRequests(set.username)
    expect(tokenRequests).toHaveLength(1)
    const t = tokenRequests[0]!
    expect(t.headers['authorization']).toBe(`Basic ${Buffer.from(`${set.username}:${set.secret}`).toString('base64')}`)
    expect(t.headers['user-agent']).toMatch(USER_AGENT)
    expect(t.service).toBe(reg.tokens.service)
    expect(t.scopes).toEqual(Object.values(REPOS).map(n => `repository:${n}:pull`))
    // The token was masked, and it is the one the manifests were asked with.
    expect(masked).toEqual([t.token])

    const sent = f.requests
    expect(sent.map(r => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(['GET /v2/', ...Object.values(REPOS).map(n => `HEAD /v2/${n}/manifests/${TAG}`)])
    )
    expect(sent).toHaveLength(5)
    expect(sent[0]!.headers['authorization']).toBeUndefined()
    for (const r of sent.slice(1)) {
      expect(r.headers['authorization']).toBe(`Bearer ${t.token}`)
      expect(r.headers['accept']).toBe(MANIFEST_ACCEPT)
      expect(r.headers['user-agent']).toMatch(USER_AGENT)
    }
  })

  it('the Accept header decides the digest: without the index types the registry answers otherwise', async () => {
    // Why MANIFEST_ACCEPT lists every type: the engine is a Docker manifest
    // list and the license proxy an OCI index; asked for single manifests only,
    // this registry rewrites the list or refuses the index.
    const token = reg.tokens.jwt('probe', [
      { type: 'repository', name: REPOS.engine, actions: ['pull'] },
      { type: 'repository', name: REPOS.licenseProxy, actions: ['pull'] }
    ])
    const head = async (name: string, accept: string): Promise<[number, string | null]> => {
      const res = await fetch(`http://${reg.host}/v2/${name}/manifests/${TAG}`, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${token}`, accept }
      })
      return [res.status, res.headers.get('docker-content-digest')]
    }
    const narrow = [MEDIA.ociManifest, MEDIA.dockerManifest].join(', ')
    expect(await head(REPOS.engine, MANIFEST_ACCEPT)).toEqual([200, digests.engine])
    expect(await head(REPOS.engine, narrow)).not.toEqual([200, digests.engine])
    expect(await head(REPOS.licenseProxy, MANIFEST_ACCEPT)).toEqual([200, digests.licenseProxy])
    expect((await head(REPOS.licenseProxy, narrow))[0]).toBe(404)
  })

  it('a missing tag and a repository the set cannot read: both reported, every image checked', async () => {
    const set = fresh()
    // The set may pull the API only: the token server drops the engine scope silently.
    reg.addSet(set.username, set.secret, [REPOS.api])
    const f = await front(reg.host)
    const refs = [`${REPOS.api}:${TAG}`, `${REPOS.api}:release-215015`, `${REPOS.engine}:${TAG}`]
    const { result } = await check(f.host, refs, set)
    expect(result.fatal).toBeUndefined()
    expect(result.rows.map(r => r.result)).toEqual([
      { kind: 'ok', digest: digests.api },
      { kind: 'unknown', status: 404 },
      { kind: 'denied', status: 401 }
    ])
    expect(robotRequests(set.username)).toHaveLength(1)
    expect(f.requests).toHaveLength(4)
  })

  it('a wrong secret: rejected by the token endpoint, no manifest asked for', async () => {
    const set = fresh()
    reg.addSet(set.username, `other${set.secret}`, Object.values(REPOS))
    const f = await front(reg.host)
    const { result, masked } = await check(f.host, [`${REPOS.api}:${TAG}`, `${REPOS.engine}:${TAG}`], set)
    expect(result.fatal?.title).toBe('Registry credentials rejected')
    expect(result.fatal?.message).toContain(`refused ${set.username} with the given secret (HTTP 401)`)
    expect(result.fatal?.message).toContain('`secret` does not belong to this credential set')
    expect(result.fatal?.message).toContain(
      `The registry said: "Could not find robot with username: ${set.username} and supplied password." (UNAUTHORIZED).`
    )
    expect(result.rows.map(r => r.result.kind)).toEqual(['not-checked', 'not-checked'])
    expect(f.requests.map(r => `${r.method} ${r.url}`)).toEqual(['GET /v2/'])
    expect(robotRequests(set.username)).toHaveLength(1)
    expect(masked).toEqual([])
  })

  it('digest references: checked by digest; a digest from another repository is not there', async () => {
    const set = fresh()
    reg.addSet(set.username, set.secret, [REPOS.api, REPOS.engine])
    const f = await front(reg.host)
    const refs = [
      `${REPOS.engine}@${digests.engine}`,
      // The digest wins over the tag, as in docker: the tag is not consulted.
      `${REPOS.api}:no-such-tag@${digests.api}`,
      `${REPOS.api}@${digests.engine}`
    ]
    const { result } = await check(f.host, refs, set)
    expect(result.rows.map(r => r.result)).toEqual([
      { kind: 'ok', digest: digests.engine },
      { kind: 'ok', digest: digests.api },
      { kind: 'unknown', status: 404 }
    ])
    expect(f.requests.filter(r => r.method === 'HEAD').map(r => r.url)).toEqual(
      expect.arrayContaining([
        `/v2/${REPOS.engine}/manifests/${digests.engine}`,
        `/v2/${REPOS.api}/manifests/${digests.api}`,
        `/v2/${REPOS.api}/manifests/${digests.engine}`
      ])
    )
  })

  it('takes the token from access_token too', async () => {
    const set = fresh()
    reg.addSet(set.username, set.secret, [REPOS.api])
    reg.tokens.field = 'access_token'
    try {
      const { result, masked } = await check(reg.host, [`${REPOS.api}:${TAG}`], set)
      expect(result.rows[0]!.result).toEqual({ kind: 'ok', digest: digests.api })
      expect(masked).toEqual([robotRequests(set.username)[0]!.token])
    } finally {
      reg.tokens.field = 'token'
    }
  })

  it('a token endpoint that fails with 503 once is retried', async () => {
    const set = fresh()
    reg.addSet(set.username, set.secret, [REPOS.api])
    reg.tokens.faults.push({ status: 503, body: 'busy' })
    const { result, retries } = await check(reg.host, [`${REPOS.api}:${TAG}`], set)
    expect(result.rows[0]!.result).toEqual({ kind: 'ok', digest: digests.api })
    expect(retries).toHaveLength(1)
    expect(retries[0]).toMatch(new RegExp(`^Registry ${reg.host.replace(/\./g, '\\.')}: HTTP 503; retrying in`))
  })
})

describe.skipIf(skip)('checkImages against an htpasswd docker-registry (Basic)', () => {
  const set = fresh()
  let reg: LocalRegistry
  let digests: Catalogue
  beforeAll(async () => {
    if (missing.length) throw new Error(`CI is set but ${missing.join(', ')} is missing`)
    reg = await LocalRegistry.start(set.username, set.secret)
    digests = await pushCatalogue(`http://${reg.host}`, TAG, basicPushAuth(set.username, set.secret))
  })
  afterAll(async () => {
    await reg?.stop()
  })
  const basic = `Basic ${Buffer.from(`${set.username}:${set.secret}`).toString('base64')}`

  it('signs in with Basic: the probe, a credentialed /v2/, then one HEAD per image', async () => {
    const f = await front(reg.host)
    const refs = [`${REPOS.engine}:${TAG}`, `${f.host}/${REPOS.licenseProxy}:${TAG}`, `${REPOS.api}:nope`]
    const { result, masked } = await check(f.host, refs, set)
    expect(result.signIn).toBe('basic')
    expect(result.rows.map(r => r.result)).toEqual([
      { kind: 'ok', digest: digests.engine },
      { kind: 'ok', digest: digests.licenseProxy },
      { kind: 'unknown', status: 404 }
    ])
    expect(masked).toEqual([])
    const sent = f.requests.map(r => [r.method, r.url, r.headers['authorization']])
    expect(sent.slice(0, 2)).toEqual([
      ['GET', '/v2/', undefined],
      ['GET', '/v2/', basic]
    ])
    expect(sent.slice(2)).toHaveLength(3)
    for (const r of sent.slice(2)) expect(r[2]).toBe(basic)
  })

  it('a wrong secret: the registry refuses it on /v2/; no manifest asked for', async () => {
    const f = await front(reg.host)
    const { result } = await check(f.host, [`${REPOS.api}:${TAG}`], { username: set.username, secret: 'wrong' })
    expect(result.fatal?.title).toBe('Registry credentials rejected')
    expect(result.fatal?.message).toMatch(
      /^The registry of 127\.0\.0\.1:\d+ refused deepgram\+[-0-9a-f]+ with the given secret \(HTTP 401\)/
    )
    expect(result.fatal?.message).toContain('`secret` does not belong to this credential set')
    expect(f.requests.map(r => `${r.method} ${r.url}`)).toEqual(['GET /v2/', 'GET /v2/'])
  })
})
