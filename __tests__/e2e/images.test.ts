// End-to-end: the built action with `images`: the registry API preflight, digests pinned, every
// way a registry or an image can fail, and the secret sent nowhere else.
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterAll, describe, expect, test } from 'vitest'
import type { FrontRule } from '../support/front.ts'
import { listBody } from '../support/standin.ts'
import { basicPushAuth, pushCatalogue, REPOS } from '../support/token-registry.ts'
import {
  ENGINE,
  DEFAULT_SCOPES,
  SHARED_TAG,
  sharedTokenRegistry,
  stopSharedTokenRegistry,
  withFixture,
  type Ids,
  MISSING,
  requireTools
} from './harness.ts'

requireTools()

/** A proxy on 127.0.0.1 that records what it is asked for (plain requests and
 * CONNECT tunnels) and forwards nothing: with HTTP(S)_PROXY pointing at it, a
 * request to any non-loopback host would show up here instead of leaving the machine. */
async function recordingProxy(): Promise<{ url: string; seen: string[]; stop: () => Promise<void> }> {
  const seen: string[] = []
  const server = createServer((req, res) => {
    seen.push(`${req.method ?? ''} ${req.url ?? ''}`)
    res.writeHead(502).end()
  })
  server.on('connect', (req, socket: Socket) => {
    seen.push(`CONNECT ${req.url ?? ''}`)
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

describe.skipIf(MISSING.length > 0).concurrent('the built action with images: the registry API preflight', () => {
  afterAll(() => stopSharedTokenRegistry())
  const TAG = SHARED_TAG
  const setWith = (scopes: string[]) => (ids: Ids) => [{ body: listBody([{ id: ids.credentialsId, scopes }]) }]
  const sent = (r: { registryRequests: { method: string; url: string }[] }): string[] =>
    r.registryRequests.map(q => `${q.method} ${q.url}`)

  // First, so that its ~27 s overlap the other scenarios.
  test(
    'one image on a registry that hangs: times out after about 27 s, the others still checked',
    { timeout: 60000 },
    async () => {
      await withFixture(
        {
          script: setWith(DEFAULT_SCOPES),
          registry: 'token',
          pull: [REPOS.api, REPOS.engine],
          front: req => (req.method === 'HEAD' && req.url.includes(REPOS.engine) ? { hang: true } : undefined)
        },
        async f => {
          const { digests } = await sharedTokenRegistry()
          const images = `${REPOS.api}:${TAG}\n${REPOS.engine}:${TAG}`
          const r = await f.run({ outcome: 'fail', inputs: { images }, timeoutMs: 45000 })
          expect(r.error).toMatch(
            /^::error title=Images would not pull::1 of 2 images would not pull from 127\.0\.0\.1:\d+; did not log in:%0A- /
          )
          expect(r.error).toContain(
            `- ${REPOS.engine}:${TAG}: no complete answer within 8 s (3 attempts): check the runner's network`
          )
          expect(r.log).toContain(`${REPOS.api}:${TAG}: will pull, ${digests.api}.`)
          expect(r.main.summary).toContain(`<code>${digests.api}</code>`)
          expect(r.main.ms).toBeGreaterThan(20000)
          expect(r.main.ms).toBeLessThan(35000)
          f.expectNoLogin(r)
        }
      )
    }
  )

  test('login: true with images: checks every image, then logs in; digests pinned in the order given', async () => {
    await withFixture(
      { script: setWith(DEFAULT_SCOPES), registry: 'token', pull: [REPOS.api, REPOS.engine] },
      async f => {
        const { digests } = await sharedTokenRegistry()
        const refs = [`${f.host}/${REPOS.api}:${TAG}`, `${REPOS.engine}:${TAG}`, `${REPOS.api}@${digests.api}`]
        const r = await f.run({ outcome: 'pass', inputs: { images: refs.join(', ') } })
        f.expectListRequests(r.requests, 1)
        expect(r.main.outputs['digests']).toBe(
          [`${refs[0]}@${digests.api}`, `${refs[1]}@${digests.engine}`, refs[2]].join('\n')
        )
        // One /v2/ probe, one token request for both repositories, one HEAD per image.
        expect(sent(r)).toHaveLength(4)
        expect(sent(r)).toEqual(
          expect.arrayContaining([
            'GET /v2/',
            `HEAD /v2/${REPOS.api}/manifests/${TAG}`,
            `HEAD /v2/${REPOS.engine}/manifests/${TAG}`,
            `HEAD /v2/${REPOS.api}/manifests/${digests.api}`
          ])
        )
        expect(r.tokenRequests).toHaveLength(1)
        expect(r.tokenRequests[0]!.scopes).toEqual([`repository:${REPOS.api}:pull`, `repository:${REPOS.engine}:pull`])
        // The preflight ran before docker login touched the registry.
        const dockerFirst = f.front!.requests.find(q => !r.registryRequests.includes(q))
        expect(dockerFirst).toBeDefined()
        expect(Math.max(...r.registryRequests.map(q => q.at))).toBeLessThanOrEqual(dockerFirst!.at)
        expect(r.main.summary).toContain('Digest, or what went wrong')
        expect(r.main.summary).toContain(`<code>${digests.engine}</code>`)
        f.expectLoggedIn(r)
        f.expectLoggedOut(r)
      }
    )
  })

  test('the Kubernetes path: login: false, no docker on PATH, images checked and the secret proven', async () => {
    await withFixture(
      { script: setWith(DEFAULT_SCOPES), registry: 'token', pull: [REPOS.api, REPOS.engine], docker: 'absent' },
      async f => {
        const { digests } = await sharedTokenRegistry()
        const r = await f.run({
          outcome: 'pass',
          inputs: { login: 'false', images: `${REPOS.api}:${TAG}\n${REPOS.engine}:${TAG}\n` }
        })
        expect(r.main.outputs['digests']).toBe(
          `${REPOS.api}:${TAG}@${digests.api}\n${REPOS.engine}:${TAG}@${digests.engine}`
        )
        expect(r.log).toContain('Check only (login: false): did not log in.')
        expect(r.main.state).toEqual({})
        expect(sent(r)).toHaveLength(3)
        expect(r.tokenRequests).toHaveLength(1)
        expect(r.postLog).toContain('Not logged in by this action: nothing to log out.')
      }
    )
  })

  test('a missing tag and a repository the set cannot read: one error names both; no login', async () => {
    // The set may pull the API only: the token server drops the engine scope silently, as quay does.
    await withFixture({ script: setWith(DEFAULT_SCOPES), registry: 'token', pull: [REPOS.api] }, async f => {
      const images = [`${REPOS.api}:${TAG}`, `${REPOS.api}:release-215015`, `${REPOS.engine}:${TAG}`].join('\n')
      const r = await f.run({ outcome: 'fail', inputs: { images } })
      expect(r.error).toMatch(/^::error title=Images would not pull::2 of 3 images would not pull from /)
      expect(r.error).toContain(
        `- ${REPOS.api}:release-215015: the tag release-215015 does not exist in repository ${REPOS.api} on 127.0.0.1:`
      )
      expect(r.error).toContain(`- ${REPOS.engine}:${TAG}: this credential set cannot pull repository ${REPOS.engine}`)
      expect(r.error).toContain(`suggests the scope ${ENGINE}`)
      expect(r.error).toContain('which the set carries')
      expect(sent(r)).toHaveLength(4)
      expect(r.main.outputs['digests']).toBeUndefined()
      expect(r.main.summary).toMatch(/^<h3>❌ 2 of 3 images would not pull from 127\.0\.0\.1:\d+; did not log in<\/h3>/)
      expect(r.main.summary).toContain('✗ no access')
      expect(r.main.summary).toContain('✗ not found')
      f.expectNoLogin(r)
    })
  })

  test('a wrong secret: the token endpoint refuses it; says the secret is not this set’s; no login', async () => {
    await withFixture(
      { script: setWith(DEFAULT_SCOPES), registry: 'token', pull: [REPOS.api], robotPassword: `other${randomUUID()}` },
      async f => {
        const r = await f.run({ outcome: 'fail', inputs: { images: `${REPOS.api}:${TAG}` } })
        expect(r.error).toMatch(/^::error title=Registry credentials rejected::/)
        expect(r.error).toContain(`refused ${f.username} with the given secret (HTTP 401)`)
        expect(r.error).toContain('`secret` does not belong to this credential set')
        expect(r.error).toContain('create a new set')
        expect(sent(r)).toEqual(['GET /v2/'])
        expect(r.tokenRequests).toHaveLength(1)
        f.expectNoLogin(r)
      }
    )
  })

  test('an image on another registry: refused, nothing sent to any registry', async () => {
    await withFixture({ script: setWith(DEFAULT_SCOPES), registry: 'token', pull: [REPOS.api] }, async f => {
      const images = `${REPOS.api}:${TAG}, docker.io/library/busybox:1`
      const r = await f.run({ outcome: 'fail', inputs: { images } })
      expect(r.error).toMatch(/^::error title=Image on another registry::/)
      expect(r.error).toContain('docker.io/library/busybox:1 (registry docker.io)')
      expect(r.error).toContain(`signs in to ${f.host} only`)
      expect(f.front!.requests).toEqual([])
      expect(r.tokenRequests).toEqual([])
      f.expectNoLogin(r)
    })
  })

  test('a registry that answers 503 once: retried, then passes', async () => {
    let failed = false
    const front: FrontRule = req => {
      if (req.method !== 'HEAD' || failed) return undefined
      failed = true
      return { status: 503, body: '' }
    }
    await withFixture({ script: setWith(DEFAULT_SCOPES), registry: 'token', pull: [REPOS.api], front }, async f => {
      const { digests } = await sharedTokenRegistry()
      const r = await f.run({ outcome: 'pass', inputs: { images: `${REPOS.api}:${TAG}`, login: 'false' } })
      expect(r.main.outputs['digests']).toBe(`${REPOS.api}:${TAG}@${digests.api}`)
      expect(
        r.log.filter(l => l.startsWith(`Registry ${f.host}, ${REPOS.api}:${TAG}: HTTP 503; retrying in`))
      ).toHaveLength(1)
      expect(sent(r)).toHaveLength(3)
    })
  })

  test('a registry that refuses HEAD (405): the manifests are fetched with GET and pass', async () => {
    const front: FrontRule = req => (req.method === 'HEAD' ? { status: 405, headers: { allow: 'GET' } } : undefined)
    await withFixture({ script: setWith(DEFAULT_SCOPES), registry: 'token', pull: [REPOS.api], front }, async f => {
      const { digests } = await sharedTokenRegistry()
      const r = await f.run({ outcome: 'pass', inputs: { images: `${REPOS.api}:${TAG}`, login: 'false' } })
      expect(r.main.outputs['digests']).toBe(`${REPOS.api}:${TAG}@${digests.api}`)
      expect(sent(r).filter(q => q.includes('/manifests/'))).toEqual([
        `HEAD /v2/${REPOS.api}/manifests/${TAG}`,
        `GET /v2/${REPOS.api}/manifests/${TAG}`
      ])
    })
  })

  test('a website as registry (200 and HTML on every path): fails, says it is not a registry, no digests', async () => {
    const page = '<!doctype html><html><body>Welcome to our site</body></html>'
    const front: FrontRule = () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: page })
    await withFixture({ script: setWith(DEFAULT_SCOPES), registry: 'token', pull: [REPOS.api], front }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: { images: `${REPOS.api}:${TAG}`, login: 'false' } })
      expect(r.error).toMatch(/^::error title=Images would not pull::1 of 1 image would not pull/)
      expect(r.error).toContain('does not look like a container registry')
      expect(r.main.outputs['digests']).toBeUndefined()
      expect(r.tokenRequests).toHaveLength(0)
    })
  })

  test('a plain-http token realm on another host: refused, the secret is sent nowhere', async () => {
    const proxy = await recordingProxy()
    const front: FrontRule = req =>
      req.url === '/v2/'
        ? {
            status: 401,
            headers: { 'www-authenticate': 'Bearer realm="http://auth.example.com/token",service="quay.io"' }
          }
        : undefined
    try {
      await withFixture({ script: setWith(DEFAULT_SCOPES), registry: 'token', pull: [REPOS.api], front }, async f => {
        const r = await f.run({
          outcome: 'fail',
          inputs: { images: `${REPOS.api}:${TAG}` },
          env: { HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, http_proxy: proxy.url, https_proxy: proxy.url }
        })
        expect(r.error).toMatch(/^::error title=Registry token realm refused::/)
        expect(r.error).toContain(
          '"http://auth.example.com/token", which uses plain http to a host that is not loopback'
        )
        expect(proxy.seen).toEqual([])
        expect(sent(r)).toEqual(['GET /v2/'])
        expect(r.tokenRequests).toEqual([])
        f.expectNoLogin(r)
      })
    } finally {
      await proxy.stop()
    }
  })

  test('images with login: false and no secret: refused before any request', async () => {
    await withFixture({ script: [], registry: 'token', docker: 'absent' }, async f => {
      const r = await f.run({
        outcome: 'fail',
        inputs: { login: 'false', secret: undefined, images: `${REPOS.api}:${TAG}` }
      })
      expect(r.error).toMatch(/^::error title=Invalid input secret::Input `secret` is required when `images` is set/)
      f.expectListRequests(r.requests, 0)
      expect(f.front!.requests).toEqual([])
    })
  })

  test('a Basic (htpasswd) registry: the images are checked with Basic credentials, then docker logs in', async () => {
    await withFixture({ script: setWith(DEFAULT_SCOPES) }, async f => {
      const digests = await pushCatalogue(`http://${f.host}`, TAG, basicPushAuth(f.username, f.ids.secret))
      const r = await f.run({
        outcome: 'pass',
        inputs: { images: `${REPOS.licenseProxy}:${TAG}\n${REPOS.billing}:${TAG}` }
      })
      expect(r.main.outputs['digests']).toBe(
        `${REPOS.licenseProxy}:${TAG}@${digests.licenseProxy}\n${REPOS.billing}:${TAG}@${digests.billing}`
      )
      f.expectLoggedIn(r)
      f.expectLoggedOut(r)
    })
  })
})
