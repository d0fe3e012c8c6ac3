// End-to-end: the Kubernetes deploy (issue 13). The built action, run as the
// runner runs it, against the real token-auth registry behind a front that
// pages tags lists as quay does: `release` resolved through the tags, the
// `images-json` output, and the docker config file, used by a real client
// (skopeo, its only credentials) between the main and the post step, and gone after it.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import type { FrontRule } from '../support/front.ts'
import { NOT_RELEASES, releases } from '../support/quay-tags.ts'
import type { StepResult } from '../support/runner.ts'
import { listBody } from '../support/standin.ts'
import { runnerTemp, skopeoRaw } from '../support/skopeo.ts'
import { installHint, missingTools, which } from '../support/tools.ts'
import {
  dockerAuth,
  quayFront,
  repositories,
  stopSharedTokenRegistry,
  withFixture,
  type Fixture,
  type Ids
} from './harness.ts'

const DEFAULT = ['self-hosted:product:api', 'self-hosted:product:engine']
const missing = [...missingTools(), ...(which('skopeo') ? [] : ['skopeo'])]
const skip = missing.length > 0 && !process.env['CI']
if (skip) console.warn(`Kubernetes end-to-end suite skipped: ${installHint(missing)} (and skopeo)`)

test.skipIf(skip)('the Kubernetes end-to-end tools are installed', () => {
  expect(missing, installHint(missing)).toEqual([])
})

const setWith = (scopes: string[]) => (ids: Ids) => [{ body: listBody([{ id: ids.credentialsId, scopes }]) }]

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`
const mode = (path: string): number => statSync(path).mode & 0o777

/** The checks on the file while it exists: where, which modes, exactly what. */
function expectConfigFile(main: StepResult, temp: string, f: Fixture): string {
  const path = main.outputs['docker-config'] ?? ''
  expect(path).not.toBe('')
  expect(dirname(dirname(path))).toBe(temp)
  expect(mode(dirname(path)), 'the directory is 0700').toBe(0o700)
  expect(mode(path), 'the file is 0600').toBe(0o600)
  expect(readdirSync(dirname(path))).toEqual([path.slice(dirname(path).length + 1)])
  expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
    auths: { [f.host]: { auth: dockerAuth(f.username, f.ids.secret) } }
  })
  // Nothing else about it is printed: not in the log, not in the summary.
  expect(main.stdout).not.toContain(path)
  expect(main.summary).not.toContain(path)
  expect(main.summary).not.toContain(temp)
  return path
}

describe.skipIf(missing.length > 0).concurrent('the built action on the Kubernetes path', () => {
  afterAll(() => stopSharedTokenRegistry())

  test('release: latest over quay-like pages, images-json, and a docker config file skopeo pulls with; gone after post', async () => {
    // The API's 63 releases and 9 other tags take two pages of 50; the engine's one.
    const { names, digests } = await repositories({
      'self-hosted-api': { tags: ['release-260101', 'release-260201'], retags: [...releases('250101', 60), 'latest'] },
      'self-hosted-engine': { tags: ['release-260201', 'release-260115'], retags: ['release-250101', 'latest'] }
    })
    const api = names['self-hosted-api']!
    const engine = names['self-hosted-engine']!
    const quay = await quayFront({ extraTags: { [api]: NOT_RELEASES, [engine]: NOT_RELEASES } })
    const temp = runnerTemp()
    try {
      await withFixture(
        {
          script: setWith(DEFAULT),
          registry: 'token',
          pull: [api, engine],
          docker: 'absent',
          front: quay.rule as FrontRule
        },
        async f => {
          let file = ''
          const r = await f.run({
            outcome: 'pass',
            inputs: {
              login: 'false',
              images: `${api}\n${f.host}/${engine}`,
              release: 'latest',
              'docker-config': 'true'
            },
            env: { RUNNER_TEMP: temp.path },
            between: async main => {
              file = expectConfigFile(main, temp.path, f)
              // The file is all a real client needs: skopeo pulls the manifest that was checked.
              for (const name of [api, engine]) {
                const got = await skopeoRaw(f.host, `${name}:release-260201`, file)
                expect(got.stderr).toBe('')
                expect(got.code).toBe(0)
                expect(sha256(got.stdout)).toBe(digests[name]!['release-260201'])
              }
              // ...and without it skopeo is refused: the file is what carried the login.
              const empty = join(temp.path, 'empty-auth.json')
              writeFileSync(empty, '{"auths":{}}')
              const refused = await skopeoRaw(f.host, `${api}:release-260201`, empty)
              expect(refused.code).not.toBe(0)
              rmSync(empty)
            }
          })
          expect(r.main.outputs['release']).toBe('release-260201')
          expect(r.main.outputs['digests']).toBe(
            [
              `${api}:release-260201@${digests[api]!['release-260201']}`,
              `${f.host}/${engine}:release-260201@${digests[engine]!['release-260201']}`
            ].join('\n')
          )
          expect(JSON.parse(r.main.outputs['images-json'] ?? '')).toEqual([
            {
              image: api,
              registry: f.host,
              repository: api,
              tag: 'release-260201',
              digest: digests[api]!['release-260201'],
              pinned: `${f.host}/${api}:release-260201@${digests[api]!['release-260201']}`
            },
            {
              image: `${f.host}/${engine}`,
              registry: f.host,
              repository: engine,
              tag: 'release-260201',
              digest: digests[engine]!['release-260201'],
              pinned: `${f.host}/${engine}:release-260201@${digests[engine]!['release-260201']}`
            }
          ])
          // One probe, one request per page of each tags list (2 + 1), one HEAD per image; one token.
          expect(quay.pagesOf(api)).toHaveLength(2)
          expect(quay.pagesOf(engine)).toHaveLength(1)
          expect(r.registryRequests.map(q => `${q.method} ${q.url.replace(/\?.*/, '')}`).sort()).toEqual(
            [
              'GET /v2/',
              `GET /v2/${api}/tags/list`,
              `GET /v2/${api}/tags/list`,
              `GET /v2/${engine}/tags/list`,
              `HEAD /v2/${api}/manifests/release-260201`,
              `HEAD /v2/${engine}/manifests/release-260201`
            ].sort()
          )
          expect(r.tokenRequests).toHaveLength(1)
          expect(r.tokenRequests[0]!.scopes).toEqual([`repository:${api}:pull`, `repository:${engine}:pull`])
          expect(r.log).toContain(`Release: release-260201, the newest release every image without a tag has.`)
          expect(r.main.summary).toContain('release-260201')
          expect(r.main.summary).toContain('docker-config')
          expect(r.main.summary).toMatch(/^<h3>✅ /)
          // The post step deletes the file and its directory, and says so.
          expect(existsSync(file)).toBe(false)
          expect(existsSync(dirname(file))).toBe(false)
          expect(readdirSync(temp.path)).toEqual([])
          expect(r.postLog).toContain('Deleted the docker config file (output docker-config).')
          expect(r.main.state['dockerConfig']).toBe(dirname(file))
        }
      )
    } finally {
      temp.remove()
    }
  })

  test('a named release: every tagless image pinned to it; a tagged image as given', async () => {
    const { names, digests } = await repositories({
      'self-hosted-api': { tags: ['release-260201', 'release-260301'] },
      'self-hosted-engine': { tags: ['release-260201', 'release-250101'] }
    })
    const api = names['self-hosted-api']!
    const engine = names['self-hosted-engine']!
    const quay = await quayFront()
    await withFixture(
      {
        script: setWith(DEFAULT),
        registry: 'token',
        pull: [api, engine],
        docker: 'absent',
        front: quay.rule as FrontRule
      },
      async f => {
        const r = await f.run({
          outcome: 'pass',
          inputs: { login: 'false', images: `${api}, ${engine}:release-250101`, release: 'release-260201' }
        })
        expect(r.main.outputs['release']).toBe('release-260201')
        expect(r.main.outputs['digests']).toBe(
          `${api}:release-260201@${digests[api]!['release-260201']}\n${engine}:release-250101@${digests[engine]!['release-250101']}`
        )
        expect(JSON.parse(r.main.outputs['images-json'] ?? '').map((j: { tag: string }) => j.tag)).toEqual([
          'release-260201',
          'release-250101'
        ])
        // A named release lists no tags.
        expect(quay.pages).toEqual([])
        expect(r.registryRequests).toHaveLength(3)
        expect(r.main.outputs['docker-config']).toBeUndefined()
      }
    )
  })

  test('a named release missing for one image: fails naming it; no file, no release output', async () => {
    const { names } = await repositories({
      'self-hosted-api': { tags: ['release-260301'] },
      'self-hosted-engine': { tags: ['release-260201'] }
    })
    const api = names['self-hosted-api']!
    const engine = names['self-hosted-engine']!
    const temp = runnerTemp()
    try {
      await withFixture(
        { script: setWith(DEFAULT), registry: 'token', pull: [api, engine], docker: 'absent' },
        async f => {
          const r = await f.run({
            outcome: 'fail',
            inputs: { login: 'false', images: `${api}\n${engine}`, release: 'release-260301', 'docker-config': 'true' },
            env: { RUNNER_TEMP: temp.path }
          })
          expect(r.error).toMatch(/^::error title=Images would not pull::1 of 2 images would not pull from /)
          expect(r.error).toContain(
            `- ${engine}:release-260301: the release release-260301 (from \`release\`) does not exist in repository ${engine} on ${f.host}`
          )
          for (const output of ['release', 'digests', 'images-json', 'docker-config']) {
            expect(r.main.outputs[output], output).toBeUndefined()
          }
          expect(readdirSync(temp.path)).toEqual([])
          expect(r.main.summary).toMatch(/^<h3>❌ /)
        }
      )
    } finally {
      temp.remove()
    }
  })

  test('release: latest with no release in common: fails naming the newest release of each image', async () => {
    const { names } = await repositories({
      'self-hosted-api': { tags: ['release-260301', 'release-260101'], retags: ['latest'] },
      'self-hosted-engine': { tags: ['release-260201'], retags: ['release-999999-rc1'] }
    })
    const api = names['self-hosted-api']!
    const engine = names['self-hosted-engine']!
    const quay = await quayFront()
    await withFixture(
      {
        script: setWith(DEFAULT),
        registry: 'token',
        pull: [api, engine],
        docker: 'absent',
        front: quay.rule as FrontRule
      },
      async f => {
        const r = await f.run({
          outcome: 'fail',
          inputs: { login: 'false', images: `${api}\n${engine}`, release: 'latest' }
        })
        expect(r.error).toMatch(/^::error title=No common release::/)
        expect(r.error).toContain(`${api}: release-260301`)
        expect(r.error).toContain(`${engine}: release-260201`)
        expect(r.error).toContain('Set `release`')
        expect(r.main.outputs['release']).toBeUndefined()
        // Tags listed, no manifest asked for.
        expect(r.registryRequests.filter(q => q.method === 'HEAD')).toEqual([])
        expect(r.tokenRequests).toHaveLength(1)
      }
    )
  })

  test('a tags page that links to another host: not followed, the token goes nowhere else', async () => {
    const elsewhere: string[] = []
    const other = createServer((req, res) => {
      elsewhere.push(`${req.method} ${req.url}`)
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"tags":["release-991231"]}')
    })
    await new Promise<void>(resolve => other.listen(0, '127.0.0.1', resolve))
    const otherHost = `127.0.0.1:${(other.address() as AddressInfo).port}`
    try {
      const { names } = await repositories({
        'self-hosted-api': { tags: ['release-260301'], retags: releases('250101', 5) }
      })
      const api = names['self-hosted-api']!
      const quay = await quayFront({ pageSize: 3, rewriteLink: url => url.replace(new URL(url).host, otherHost) })
      await withFixture(
        { script: setWith(DEFAULT), registry: 'token', pull: [api], docker: 'absent', front: quay.rule as FrontRule },
        async f => {
          const r = await f.run({ outcome: 'fail', inputs: { login: 'false', images: api, release: 'latest' } })
          expect(r.error).toMatch(/^::error title=Images would not pull::/)
          expect(r.error).toContain(`- ${api}: `)
          expect(r.error).toContain(otherHost)
          expect(r.error).toContain('not followed')
          expect(elsewhere).toEqual([])
          expect(quay.pagesOf(api)).toHaveLength(1)
        }
      )
    } finally {
      other.closeAllConnections()
      await new Promise<void>(resolve => other.close(() => resolve()))
    }
  })
})

describe.skipIf(missing.length > 0).concurrent('the docker config file beside docker login', () => {
  test('logout: false keeps the docker login, but the post step still deletes the file', async () => {
    const temp = runnerTemp()
    try {
      await withFixture({ script: setWith(DEFAULT) }, async f => {
        let file = ''
        const r = await f.run({
          outcome: 'pass',
          inputs: { logout: 'false', 'docker-config': 'true' },
          env: { RUNNER_TEMP: temp.path },
          between: main => {
            file = expectConfigFile(main, temp.path, f)
          }
        })
        f.expectLoggedIn(r)
        // The file holds the same login docker wrote.
        expect(r.configAfterMain.auths?.[f.host]?.auth).toBe(dockerAuth(f.username, f.ids.secret))
        expect(r.postArgv).toEqual([])
        expect(r.configAfterPost).toEqual(r.configAfterMain)
        expect(existsSync(file)).toBe(false)
        expect(readdirSync(temp.path)).toEqual([])
        expect(r.postLog).toContain('Deleted the docker config file (output docker-config).')
        expect(r.postLog).toContain(`Keeping the login to ${f.host} (logout: false).`)
      })
    } finally {
      temp.remove()
    }
  })

  test('the login fails after the file was written: the post step deletes it all the same', async () => {
    const temp = runnerTemp()
    try {
      await withFixture({ script: setWith(DEFAULT), registry: 'refuse' }, async f => {
        let file = ''
        const r = await f.run({
          outcome: 'login-refused',
          inputs: { 'docker-config': 'true' },
          env: { RUNNER_TEMP: temp.path },
          between: main => {
            file = main.outputs['docker-config'] ?? ''
            expect(existsSync(file)).toBe(true)
          }
        })
        expect(r.error).toMatch(/^::error title=Registry login failed::/)
        expect(existsSync(file)).toBe(false)
        expect(readdirSync(temp.path)).toEqual([])
        expect(r.postLog).toContain('Deleted the docker config file (output docker-config).')
        expect(r.postLog).toContain('Not logged in by this action: nothing to log out.')
      })
    } finally {
      temp.remove()
    }
  })

  test('docker-config without a secret: an input error before any request, no file', async () => {
    const temp = runnerTemp()
    try {
      await withFixture({ script: [], docker: 'absent' }, async f => {
        const r = await f.run({
          outcome: 'fail',
          inputs: { login: 'false', secret: undefined, 'docker-config': 'true' },
          env: { RUNNER_TEMP: temp.path }
        })
        expect(r.error).toMatch(
          /^::error title=Invalid input secret::Input `secret` is required when `docker-config` is true/
        )
        f.expectListRequests(r.requests, 0)
        expect(readdirSync(temp.path)).toEqual([])
      })
    } finally {
      temp.remove()
    }
  })

  test('the scope check fails: no file is written', async () => {
    const temp = runnerTemp()
    try {
      await withFixture({ script: setWith(['self-hosted:product:api']), docker: 'absent' }, async f => {
        const r = await f.run({
          outcome: 'fail',
          inputs: { login: 'false', 'docker-config': 'true' },
          env: { RUNNER_TEMP: temp.path }
        })
        expect(r.error).toMatch(/^::error title=Credential set lacks required scopes::/)
        expect(r.main.outputs['docker-config']).toBeUndefined()
        expect(readdirSync(temp.path)).toEqual([])
        expect(r.main.summary).toMatch(/^<h3>❌ /)
      })
    } finally {
      temp.remove()
    }
  })
})
