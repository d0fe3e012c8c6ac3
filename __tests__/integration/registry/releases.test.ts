// `release: latest` against scripted registries on 127.0.0.1 that send too
// much or too slowly (issue 21): a huge tags page, endless pages, a tags list
// that hangs past the image check's limit.
import type { ServerResponse } from 'node:http'
import { describe, expect, it } from 'vitest'
import { checkImages, type ImageCheckRequest } from '../../../src/registry/client.js'
import { listReleases, MAX_TAGS } from '../../../src/registry/releases.js'
import { openSession } from '../../../src/registry/session.js'
import { resolveImages } from '../../../src/registry/image-ref.js'
import { imagesError, problemOf } from '../../../src/registry/image-report.js'
import type { RetryPolicy } from '../../../src/http/retry.js'
import { imageRef } from '../../support/refs.ts'
import { send, serve, servingOnLoopback, type Req } from '../../support/routed.ts'

const POLICY: RetryPolicy = {
  attempts: 1,
  attemptTimeoutMs: 5000,
  budgetMs: 20000,
  baseDelayMs: 10,
  maxDelayMs: 20,
  maxRetryAfterMs: 100,
  rateLimit: { attempts: 1, baseDelayMs: 10, maxDelayMs: 20 }
}
const OCI = { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }
const DIGEST = `sha256:${'e'.repeat(64)}`

servingOnLoopback()

/** An anonymous registry: /v2/ open, every manifest there, tags lists from `tags`. */
async function registry(tags: (req: Req, res: ServerResponse) => void): Promise<{ host: string; requests: Req[] }> {
  return serve((req, res) => {
    if (req.url === '/v2/') return send(res, 200, {}, '{}')
    if (req.url.includes('/tags/list')) return tags(req, res)
    send(res, 200, { ...OCI, 'docker-content-digest': DIGEST })
  })
}

async function check(host: string, refs: string[], extra: Partial<ImageCheckRequest> = {}) {
  const { images } = resolveImages(
    refs.map(r => imageRef(r)),
    host
  )
  return checkImages({
    registry: host,
    images,
    username: 'deepgram+u',
    secret: 's',
    mask: () => undefined,
    policy: POLICY,
    release: { kind: 'latest' },
    ...extra
  })
}

const CTX = (registry: string) => ({ registry, scopes: [] })

describe('a registry that sends too many tags', () => {
  it('one page of 130,000 tags (520 KB): no crash; the tags read stop at 100,000 and the message says so', async () => {
    // Short tags, as an attacker sends them: a page well under the 1 MiB a page may have.
    const tags = Array.from({ length: 130_000 }, (_, i) => (i % 36).toString(36))
    const reg = await registry((_req, res) => send(res, 200, {}, JSON.stringify({ name: 'deepgram/a', tags })))
    const r = await check(reg.host, ['deepgram/a'])
    expect(r.rows[0]!.result).toEqual({ kind: 'tags-failed', failure: { kind: 'too-many-tags', max: 100_000 } })
    expect(problemOf(r.rows[0]!, CTX(reg.host))).toBe(
      'its tags list holds more than 100,000 tags: stopped reading there. Name the release in `release` (like release-260812) instead of latest.'
    )
  })

  it('pages past the cap: stopped at the page that crossed it, no further page asked', async () => {
    let pages = 0
    const reg = await registry((req, res) => {
      pages++
      const tags = Array.from({ length: 30_000 }, (_, i) => `p${pages}-${i}`)
      send(res, 200, { link: `<${req.url.split('?')[0]}?page=${pages + 1}>; rel="next"` }, JSON.stringify({ tags }))
    })
    const r = await check(reg.host, ['deepgram/a'])
    expect(r.rows[0]!.result).toEqual({ kind: 'tags-failed', failure: { kind: 'too-many-tags', max: 100_000 } })
    expect(pages).toBe(4)
  })

  it('the release tags among many others are kept: the real-date rule picks the newest', async () => {
    const noise = Array.from({ length: 60_000 }, (_, i) => `build-${i}`)
    const reg = await registry((_req, res) =>
      send(
        res,
        200,
        {},
        JSON.stringify({
          tags: [...noise, 'release-269999', 'release-260812-fips', 'release-260812', 'release-251231', 'latest']
        })
      )
    )
    const r = await check(reg.host, ['deepgram/a'])
    expect(r.release).toBe('release-260812')
    expect(r.rows[0]!.result).toEqual({ kind: 'ok', digest: DIGEST })
  })
})

describe('paging keeps only the tags that can be releases', () => {
  it('pages full of other tags: only the release tags are held, whatever the registry sends', async () => {
    const pages = 5
    const reg = await registry((req, res) => {
      const page = Number(new URL(req.url, 'http://x').searchParams.get('page') ?? '1')
      // 15,000 tags a page that are no release (builds, suffixed releases, impossible dates), and one release.
      const noise = Array.from({ length: 15_000 }, (_, i) =>
        i % 3 === 0
          ? `build-${page}-${i}`
          : i % 3 === 1
            ? `release-2601${String((i % 28) + 1).padStart(2, '0')}-fips`
            : `release-26${13 + (i % 80)}01`
      )
      const link: Record<string, string> =
        page < pages ? { link: `</v2/deepgram/a/tags/list?page=${page + 1}>; rel="next"` } : {}
      send(res, 200, link, JSON.stringify({ tags: [...noise, `release-2601${String(page).padStart(2, '0')}`] }))
    })
    const session = openSession({
      registry: reg.host,
      repositories: ['deepgram/a'],
      username: 'u',
      secret: 's',
      mask: () => undefined,
      policy: POLICY
    })
    const listed = await listReleases(session, 'deepgram/a', undefined)
    expect(listed).toEqual({
      kind: 'listed',
      releases: ['release-260101', 'release-260102', 'release-260103', 'release-260104', 'release-260105']
    })
    expect(reg.requests).toHaveLength(pages)
    expect(pages * 15_001).toBeLessThan(MAX_TAGS)
  })
})

describe('the time limit runs out while a tags list is read', () => {
  it('names the tags list being read, never "this manifest", for the tagless image and the others', async () => {
    const reg = await registry(() => undefined)
    const started = Date.now()
    const r = await check(reg.host, ['deepgram/a', 'deepgram/b:release-260812'], { limitMs: 800 })
    expect(Date.now() - started).toBeLessThan(3000)
    expect(r.rows.map(x => x.result)).toEqual([
      { kind: 'not-checked', limitS: 0.8, tagsOf: 'deepgram/a' },
      { kind: 'not-checked', limitS: 0.8, tagsOf: 'deepgram/a' }
    ])
    // No manifest was asked for.
    expect(reg.requests.filter(q => q.url.includes('/manifests/'))).toEqual([])
    const ctx = CTX(reg.host)
    expect(problemOf(r.rows[0]!, ctx)).toBe(
      'not checked: the image check stops after 0.8 s, and the tags list of deepgram/a (read for `release: latest`) was still being read then. Re-run the job; if it persists, the registry is slow or hangs on that tags list: name the release in `release` (like release-260812) instead of latest.'
    )
    expect(problemOf(r.rows[1]!, ctx)).toBe(
      "not checked: the image check stops after 0.8 s, and the tags list of deepgram/a (read for `release: latest`) was still being read then, before this image's manifest was asked for. Re-run the job; if it persists, the registry is slow or hangs on that tags list: name the release in `release` (like release-260812) instead of latest."
    )
    for (const row of r.rows) expect(problemOf(row, ctx)).not.toContain('manifest.')
    expect(imagesError(r.rows, ctx)?.title).toBe('Image check ran out of time')
  })
})
