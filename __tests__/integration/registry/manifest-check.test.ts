// `release`: the registry client against Debian's docker-registry in token mode
// (quay's robot flow), behind a front that pages the tags list as quay does
// (quay-tags.ts): at most N tags a page, an absolute Link with an opaque
// next_page token, tags not in name order. Counts every request it sends.
import { randomBytes, randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { resolveImages } from '../../../src/registry/image-ref.js'
import { imageRef } from '../../support/refs.ts'
import { checkImages, type ImageCheckRequest } from '../../../src/registry/client.js'
import type { RetryPolicy } from '../../../src/http/retry.js'
import { RegistryFront, type FrontRule } from '../../support/front.ts'
import { NOT_RELEASES, QuayTags, releases, type QuayTagsOptions } from '../../support/quay-tags.ts'
import { TokenRegistry } from '../../support/token-registry.ts'
import { which } from '../../support/tools.ts'
import { clearProxyEnv, saveEnv } from '../../support/helpers.js'

const POLICY: RetryPolicy = {
  attempts: 2,
  attemptTimeoutMs: 2000,
  budgetMs: 20000,
  baseDelayMs: 10,
  maxDelayMs: 20,
  maxRetryAfterMs: 100,
  rateLimit: { attempts: 2, baseDelayMs: 10, maxDelayMs: 20 }
}

const missing = ['docker-registry', 'openssl'].filter(t => which(t) === undefined)
const skip = missing.length > 0 && !process.env['CI']
if (skip) console.warn(`SKIPPED: the release tests need ${missing.join(', ')}.`)

// A namespace of this run's own: the repositories and their tags are this file's alone.
const NS = `k8s${randomBytes(4).toString('hex')}`
const API = `${NS}/self-hosted-api`
const ENGINE = `${NS}/self-hosted-engine`
const PROXY = `${NS}/self-hosted-license-proxy`
// 60 older releases of the API (one image, many tags), so that its list spans pages.
const OLD = releases('250101', 60)

let restoreEnv: () => void
let reg: TokenRegistry
let digests: Record<string, Record<string, string>>
beforeAll(async () => {
  restoreEnv = saveEnv()
  clearProxyEnv()
  if (skip) return
  if (missing.length) throw new Error(`CI is set but ${missing.join(', ')} is missing`)
  reg = await TokenRegistry.start()
  digests = {
    [API]: await reg.pushTags(API, ['release-260101', 'release-260201', 'release-260301'], [...OLD, 'latest']),
    [ENGINE]: await reg.pushTags(ENGINE, ['release-260201', 'release-260215'], ['release-250101', 'latest']),
    [PROXY]: await reg.pushTags(PROXY, ['release-260310'])
  }
})
afterAll(async () => {
  await reg?.stop()
  restoreEnv()
})

const fronts: RegistryFront[] = []
const servers: Server[] = []
afterEach(async () => {
  await Promise.all(fronts.splice(0).map(f => f.stop()))
  await Promise.all(
    servers.splice(0).map(
      s =>
        new Promise<void>(resolve => {
          s.closeAllConnections()
          s.close(() => resolve())
        })
    )
  )
})

/** A front on the registry that pages tags lists as quay does. */
async function quayFront(opts: Partial<QuayTagsOptions> = {}): Promise<{ front: RegistryFront; quay: QuayTags }> {
  const quay = new QuayTags({ upstream: reg.host, extraTags: { [API]: NOT_RELEASES, [ENGINE]: NOT_RELEASES }, ...opts })
  const front = await RegistryFront.start(reg.host, quay.rule as FrontRule)
  fronts.push(front)
  return { front, quay }
}

function fresh(pull: string[]): { username: string; secret: string } {
  const set = { username: `deepgram+${randomUUID()}`, secret: `sec${randomBytes(16).toString('hex')}` }
  reg.addSet(set.username, set.secret, pull)
  return set
}

async function check(
  host: string,
  refs: string[],
  creds: { username: string; secret: string },
  extra: Partial<ImageCheckRequest> = {}
) {
  const masked: string[] = []
  const { images, foreign } = resolveImages(
    refs.map(r => imageRef(r)),
    host
  )
  expect(foreign).toEqual([])
  return {
    masked,
    result: await checkImages({
      registry: host,
      images,
      ...creds,
      mask: v => masked.push(v),
      policy: POLICY,
      release: { kind: 'latest' },
      ...extra
    })
  }
}

const tokenRequests = (username: string) => reg.tokens.requests.filter(r => r.user === username)
const sent = (f: RegistryFront) => f.requests.map(r => `${r.method} ${r.url.replace(/\?.*$/, '')}`)
const tagsRequests = (f: RegistryFront, name: string) =>
  f.requests.filter(r => r.url.startsWith(`/v2/${name}/tags/list`))

describe.skipIf(skip)('the quay-like paging front itself', () => {
  it('pages as quay does: at most pageSize a page whatever n asks, absolute Link, opaque token, every tag once', async () => {
    const { front, quay } = await quayFront({ pageSize: 7 })
    const token = reg.tokens.jwt('probe', [{ type: 'repository', name: API, actions: ['pull'] }])
    const seen: string[] = []
    let url: string | undefined = `http://${front.host}/v2/${API}/tags/list?n=1000`
    let pages = 0
    while (url !== undefined) {
      const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
      expect(res.status).toBe(200)
      const body = (await res.json()) as { name: string; tags: string[] }
      expect(body.name).toBe(API)
      expect(body.tags.length).toBeLessThanOrEqual(7)
      seen.push(...body.tags)
      const link = res.headers.get('link')
      url = link === null ? undefined : /^<([^>]+)>; rel="next"$/.exec(link)?.[1]
      if (url !== undefined)
        expect(url).toMatch(
          new RegExp(`^http://${front.host}/v2/${API}/tags/list\\?n=7&next_page=gAAAAA[-\\w]+%3D%3D$`)
        )
      pages++
    }
    const all = [...Object.keys(digests[API]!), ...NOT_RELEASES]
    expect([...seen].sort()).toEqual([...all].sort())
    expect(seen).not.toEqual([...seen].sort())
    expect(pages).toBe(Math.ceil(all.length / 7))
    expect(quay.pagesOf(API)).toHaveLength(pages)
  })

  it('without the right to pull, the registry behind it answers 401 as it would', async () => {
    const { front } = await quayFront()
    const token = reg.tokens.jwt('probe', [])
    const res = await fetch(`http://${front.host}/v2/${API}/tags/list`, {
      headers: { authorization: `Bearer ${token}` }
    })
    expect(res.status).toBe(401)
  })
})

describe.skipIf(skip)('release: latest through the registry API', () => {
  it('several pages: the newest release both images have, one token, one request per page, then one HEAD each', async () => {
    const { front, quay } = await quayFront({ pageSize: 7 })
    const set = fresh([API, ENGINE])
    const { result, masked } = await check(front.host, [API, ENGINE], set)
    expect(result.fatal).toBeUndefined()
    expect(result.release).toBe('release-260201')
    expect(result.rows.map(r => [r.image.given, r.image.tag, r.result])).toEqual([
      [API, 'release-260201', { kind: 'ok', digest: digests[API]!['release-260201'] }],
      [ENGINE, 'release-260201', { kind: 'ok', digest: digests[ENGINE]!['release-260201'] }]
    ])
    // One token for every repository, the same one on every request.
    const tokens = tokenRequests(set.username)
    expect(tokens).toHaveLength(1)
    expect(tokens[0]!.scopes).toEqual([`repository:${API}:pull`, `repository:${ENGINE}:pull`])
    expect(masked).toEqual([tokens[0]!.token])
    for (const r of front.requests.slice(1)) expect(r.headers['authorization']).toBe(`Bearer ${tokens[0]!.token}`)

    const apiPages = quay.pagesOf(API).length
    const enginePages = quay.pagesOf(ENGINE).length
    expect(apiPages).toBe(Math.ceil((Object.keys(digests[API]!).length + NOT_RELEASES.length) / 7))
    expect(enginePages).toBe(2)
    expect(tagsRequests(front, API)).toHaveLength(apiPages)
    expect(tagsRequests(front, ENGINE)).toHaveLength(enginePages)
    expect(front.requests).toHaveLength(1 + apiPages + enginePages + 2)
    expect(sent(front).filter(s => s.startsWith('HEAD'))).toEqual(
      expect.arrayContaining([
        `HEAD /v2/${API}/manifests/release-260201`,
        `HEAD /v2/${ENGINE}/manifests/release-260201`
      ])
    )
    // Each next page was asked by the very URL the Link named.
    const links = quay.pagesOf(API).flatMap(p => (p.link ? [/^<([^>]+)>/.exec(p.link)![1]!] : []))
    const asked = tagsRequests(front, API)
      .slice(1)
      .map(r => `http://${front.host}${r.url}`)
    expect(asked).toEqual(links)
  })

  it('quay.io page size (50): the 72 tags of the API in two requests', async () => {
    const { front, quay } = await quayFront({ pageSize: 50 })
    const set = fresh([API])
    const { result } = await check(front.host, [API], set)
    expect(result.release).toBe('release-260301')
    expect(result.rows[0]!.result).toEqual({ kind: 'ok', digest: digests[API]!['release-260301'] })
    expect(quay.pagesOf(API)).toHaveLength(2)
    expect(front.requests).toHaveLength(1 + 2 + 1)
  })

  it('images with a tag or a digest are checked as given and list no tags', async () => {
    const { front } = await quayFront({ pageSize: 50 })
    const set = fresh([API, ENGINE, PROXY])
    const pinned = digests[PROXY]!['release-260310']!
    const { result } = await check(front.host, [API, `${ENGINE}:release-250101`, `${PROXY}@${pinned}`], set)
    expect(result.release).toBe('release-260301')
    expect(result.rows.map(r => [r.image.tag, r.result])).toEqual([
      ['release-260301', { kind: 'ok', digest: digests[API]!['release-260301'] }],
      ['release-250101', { kind: 'ok', digest: digests[ENGINE]!['release-250101'] }],
      [undefined, { kind: 'ok', digest: pinned }]
    ])
    expect(tagsRequests(front, API)).toHaveLength(2)
    expect(tagsRequests(front, ENGINE)).toEqual([])
    expect(tagsRequests(front, PROXY)).toEqual([])
    expect(tokenRequests(set.username)).toHaveLength(1)
  })

  it("distribution's relative Link is followed too", async () => {
    const { front, quay } = await quayFront({ pageSize: 30, rewriteLink: url => url.replace(/^http:\/\/[^/]+/, '') })
    const set = fresh([API])
    const { result } = await check(front.host, [API], set)
    expect(result.release).toBe('release-260301')
    expect(quay.pagesOf(API)).toHaveLength(3)
  })

  it('a Link to another host: not followed, an error for that image; nothing is sent there, no manifest asked', async () => {
    const elsewhere: string[] = []
    const other = createServer((req, res) => {
      elsewhere.push(`${req.method} ${req.url}`)
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"tags":[]}')
    })
    servers.push(other)
    await new Promise<void>(resolve => other.listen(0, '127.0.0.1', resolve))
    const otherHost = `127.0.0.1:${(other.address() as AddressInfo).port}`
    const { front, quay } = await quayFront({
      pageSize: 7,
      rewriteLink: (url, page) => (page.name === API ? url.replace(new URL(url).host, otherHost) : url)
    })
    const set = fresh([API, ENGINE])
    const { result } = await check(front.host, [API, ENGINE], set)
    expect(result.release).toBeUndefined()
    const api = result.rows[0]!.result
    expect(api.kind).toBe('tags-failed')
    expect(api).toMatchObject({ failure: { kind: 'elsewhere' } })
    expect(JSON.stringify(api)).toContain(otherHost)
    expect(elsewhere).toEqual([])
    expect(quay.pagesOf(API)).toHaveLength(1)
    expect(sent(front).filter(s => s.startsWith('HEAD'))).toEqual([])
  })

  it('a Link that names the page it came with: a loop, stopped at once', async () => {
    const { front } = await quayFront({
      pageSize: 7,
      rewriteLink: (_url, _page, req) => `http://${String(req.headers['host'])}${req.url}`
    })
    const set = fresh([API])
    const { result } = await check(front.host, [API], set)
    expect(result.rows[0]!.result).toMatchObject({ kind: 'tags-failed', failure: { kind: 'loop' } })
    expect(tagsRequests(front, API)).toHaveLength(1)
  })

  it('no release in common: each image is reported with its own newest release, nothing checked further', async () => {
    const { front } = await quayFront({ pageSize: 50 })
    const set = fresh([ENGINE, PROXY])
    const { result } = await check(front.host, [ENGINE, PROXY], set)
    expect(result.release).toBeUndefined()
    expect(result.rows.map(r => r.result)).toEqual([
      { kind: 'no-release', newest: 'release-260215' },
      { kind: 'no-release', newest: 'release-260310' }
    ])
    expect(sent(front).filter(s => s.startsWith('HEAD'))).toEqual([])
  })

  it('a repository the set cannot read: its tags list is refused, reported as no access', async () => {
    const { front } = await quayFront({ pageSize: 50 })
    // The token server drops the engine scope silently, as quay does.
    const set = fresh([API])
    const { result } = await check(front.host, [API, ENGINE], set)
    expect(result.release).toBeUndefined()
    expect(result.rows[1]!.result).toMatchObject({ kind: 'tags-failed', failure: { kind: 'denied', status: 401 } })
    // The API's tags were read, but no release could be chosen without the engine's.
    expect(result.rows[0]!.result).toEqual({ kind: 'not-checked', why: 'no-release' })
    expect(tokenRequests(set.username)).toHaveLength(1)
  })
})

describe.skipIf(skip)('release: a named release', () => {
  it('every tagless image uses it; one missing is reported as that image not found; no tags listed', async () => {
    const { front } = await quayFront({ pageSize: 7 })
    const set = fresh([API, ENGINE])
    const { result } = await check(front.host, [API, ENGINE], set, {
      release: { kind: 'named', tag: 'release-260301' }
    })
    expect(result.release).toBe('release-260301')
    expect(result.rows.map(r => [r.image.tag, r.result])).toEqual([
      ['release-260301', { kind: 'ok', digest: digests[API]!['release-260301'] }],
      ['release-260301', { kind: 'unknown', status: 404 }]
    ])
    expect(front.requests.filter(r => r.url.includes('/tags/list'))).toEqual([])
    expect(front.requests).toHaveLength(3)
  })
})
