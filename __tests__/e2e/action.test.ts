// End-to-end: the committed dist/main.js and dist/post.js run with Node 24 as GitHub's runner
// runs it (main, then post with the saved state), against a scripted Deepgram
// stand-in, a real registry and the real docker CLI behind a recording wrapper.
// Every step of every scenario also goes through assertInvariants (harness.ts).
import { randomUUID } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { startFlaky, startSilent } from '../support/faults.ts'
import type { FrontRule } from '../support/front.ts'
import { listBodyErrors } from '../support/schema.ts'
import { listBody, type Reply } from '../support/standin.ts'
import { basicPushAuth, pushCatalogue, REPOS } from '../support/token-registry.ts'
import { installHint, missingTools } from '../support/tools.ts'
import {
  dockerAuth,
  SHARED_TAG,
  sharedTokenRegistry,
  stopSharedTokenRegistry,
  withFixture,
  type Ids
} from './harness.ts'

const API = 'self-hosted:product:api'
const ENGINE = 'self-hosted:product:engine'
const DEFAULT = [API, ENGINE]

const missing = missingTools()
// Locally a missing tool skips the suite with what to install; in CI it fails.
const skip = missing.length > 0 && !process.env['CI']
if (skip) console.warn(`End-to-end suite skipped: ${installHint(missing)}`)

test.skipIf(skip)('the end-to-end tools are installed', () => {
  expect(missing, installHint(missing)).toEqual([])
})

describe.skipIf(missing.length > 0).concurrent('the built action, run as the runner runs it', () => {
  // First, so that its ~27 s overlap the other scenarios.
  test('an API that never answers: fails with a timeout after about 27 s', { timeout: 60000 }, async () => {
    await withFixture({ script: [{ hang: true }] }, async f => {
      const r = await f.run({ outcome: 'fail', timeoutMs: 45000 })
      expect(r.error).toMatch(/^::error title=Deepgram API timed out::/)
      expect(r.error).toContain('gave no complete answer within 8 s (3 attempts)')
      expect(r.error).toContain('re-run the job')
      f.expectListRequests(r.requests, 3)
      expect(r.log.filter(l => l.startsWith('Deepgram API: no complete answer within 8 s; retrying in'))).toHaveLength(
        2
      )
      expect(r.main.ms).toBeGreaterThan(20000)
      expect(r.main.ms).toBeLessThan(35000)
      f.expectNoLogin(r)
    })
  })

  // Also early: the login deadline is a real minute.
  test(
    'a docker whose daemon never answers: stopped at 60 s, says what hangs, leaks nothing',
    { timeout: 150000 },
    async () => {
      const daemon = await startSilent()
      try {
        await withFixture(
          { script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT }]) }] },
          async f => {
            // DOCKER_HOST at a port that accepts and never answers: a DinD service still starting.
            const r = await f.run({
              outcome: 'login-refused',
              timeoutMs: 120000,
              env: { DOCKER_HOST: `tcp://${daemon.host}` }
            })
            f.expectListRequests(r.requests, 1)
            expect(r.mainArgv).toEqual([['login', f.host, '--username', f.username, '--password-stdin']])
            expect(r.error).toMatch(/^::error title=Registry login timed out::/)
            expect(r.error).toContain(
              `docker login to ${f.host} as ${f.username} did not finish within 60 s, so it was stopped.`
            )
            expect(r.error).toContain(`the Docker daemon at DOCKER_HOST=tcp://${daemon.host}`)
            expect(r.error).toContain('says nothing about `secret`')
            expect(r.error).not.toContain('create a new set')
            expect(r.main.ms).toBeGreaterThan(59000)
            expect(r.main.ms).toBeLessThan(75000)
            expect(daemon.accepted()).toBeGreaterThan(0)
            // docker was ended: its connection to the "daemon" is closed.
            expect(daemon.open()).toBe(0)
            expect(r.main.summary).toMatch(/^<h3>❌ The login to .* did not complete/)
            expect(r.main.state['loggedIn']).toBeUndefined()
            expect(r.postArgv).toEqual([])
            expect(r.postLog).toContain('Not logged in by this action: nothing to log out.')
          }
        )
      } finally {
        await daemon.stop()
      }
    }
  )

  test(
    'a registry that answers 503: three attempts with backoff, then "unavailable", not the secret',
    { timeout: 60000 },
    async () => {
      await withFixture(
        { script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT }]) }] },
        async f => {
          const front = await startFlaky(503, f.host)
          try {
            const r = await f.run({ outcome: 'login-refused', inputs: { registry: front.host } })
            f.expectListRequests(r.requests, 1)
            const login = ['login', front.host, '--username', f.username, '--password-stdin']
            expect(r.mainArgv).toEqual([login, login, login])
            const retries = r.log.filter(l =>
              l.startsWith(`docker login to ${front.host}: the registry is unavailable`)
            )
            expect(retries).toHaveLength(2)
            expect(retries[0]).toMatch(/503 Service Unavailable\); retrying in [12]\.\d s \(attempt 2 of 3\)\.$/)
            expect(retries[1]).toMatch(/retrying in [2-4]\.\d s \(attempt 3 of 3\)\.$/)
            expect(r.error).toMatch(/^::error title=Registry unavailable::/)
            expect(r.error).toContain('failed 3 times: the registry is unavailable')
            expect(r.error).not.toContain('create a new set')
            expect(r.main.summary).toMatch(/^<h3>❌ The login to .* did not complete/)
            expect(r.postArgv).toEqual([])
          } finally {
            await front.stop()
          }
        }
      )
    }
  )

  test('a runner with podman only: logs in with podman --password-stdin, the post step logs out with podman', async () => {
    await withFixture(
      { script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT }]) }], docker: 'podman' },
      async f => {
        const r = await f.run({ outcome: 'pass' })
        f.expectListRequests(r.requests, 1)
        f.expectLoggedIn(r)
        expect(r.main.state['client']).toBe('podman')
        expect(r.main.state['authFile']).toBe(f.docker!.authFile)
        f.expectLoggedOut(r)
      }
    )
  })

  test('podman and a wrong secret: refused, blamed on the secret', async () => {
    await withFixture(
      {
        script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT }]) }],
        docker: 'podman',
        registry: 'refuse'
      },
      async f => {
        const r = await f.run({ outcome: 'login-refused', inputs: { client: 'podman' } })
        expect(r.mainArgv).toEqual([['login', f.host, '--username', f.username, '--password-stdin']])
        expect(r.error).toMatch(/^::error title=Registry login failed::/)
        expect(r.error).toContain(`podman login to ${f.host} as ${f.username} failed: `)
        expect(r.error).toContain('invalid username/password')
        expect(r.error).toContain('check that `secret` is the secret shown when this credential set was created')
        expect(r.main.summary).toMatch(/^<h3>❌ The registry refused the login to /)
        expect(r.main.summary.split('\n')[1]).toContain(
          'check that <code>secret</code> is the secret shown when this credential set was created'
        )
        expect(r.configAfterMain.auths?.[f.host]).toBeUndefined()
        expect(r.postArgv).toEqual([])
      }
    )
  })

  test('happy path: checks the set, logs in, and the post step logs out', async () => {
    const script = (ids: Ids): Reply[] => [
      {
        body: listBody([
          { id: randomUUID(), scopes: [API] },
          { id: ids.credentialsId, scopes: DEFAULT, comment: 'CI pulls', created: '2025-02-03T04:05:06.789Z' }
        ])
      }
    ]
    await withFixture({ script }, async f => {
      const r = await f.run({ outcome: 'pass' })
      f.expectListRequests(r.requests, 1)
      expect(r.requests[0]?.headers['accept']).toBe('application/json')
      f.expectLoggedIn(r)
      expect(r.main.outputs).toEqual({
        'credentials-id': f.ids.credentialsId,
        username: f.username,
        provider: 'quay',
        scopes: DEFAULT.join(','),
        comment: 'CI pulls',
        created: '2025-02-03T04:05:06.789Z',
        registry: f.host
      })
      expect(r.main.state).toEqual({
        registry: f.host,
        logout: 'true',
        client: 'docker',
        clientPath: `${f.docker!.bin}/docker`,
        authFile: f.docker!.config,
        loggedIn: 'true'
      })
      expect(r.log).toContain(`Credential set ${f.ids.credentialsId} (quay) carries ${DEFAULT.join(', ')}.`)
      expect(r.warnings).toEqual([])
      expect(r.main.summary).toMatch(new RegExp(`^<h3>✅ Logged in to ${f.host.replace(/\./g, '\\.')}</h3>`))
      expect(r.main.summary).toContain(f.username)
      f.expectLoggedOut(r)
    })
  })

  test('an unwritable job summary is a warning: the check and login still pass', async () => {
    const script = (ids: Ids): Reply[] => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT }]) }]
    await withFixture({ script }, async f => {
      // A directory where the summary file should be: appending to it fails.
      const r = await f.run({ outcome: 'pass', env: { GITHUB_STEP_SUMMARY: tmpdir() } })
      f.expectLoggedIn(r)
      expect(r.warnings).toHaveLength(1)
      expect(r.warnings[0]).toMatch(/^::warning::Could not write the job summary: /)
      f.expectLoggedOut(r)
    })
  })

  test('logout: false keeps the login after the post step', async () => {
    await withFixture(
      { script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT }]) }] },
      async f => {
        const r = await f.run({ outcome: 'pass', inputs: { logout: 'false' } })
        f.expectListRequests(r.requests, 1)
        f.expectLoggedIn(r)
        expect(r.main.state['logout']).toBe('false')
        expect(r.postArgv).toEqual([])
        expect(r.postLog).toContain(`Keeping the login to ${f.host} (logout: false).`)
        expect(r.configAfterPost).toEqual(r.configAfterMain)
      }
    )
  })

  test('a required scope is missing: fails, names it, does not log in', async () => {
    await withFixture({ script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: [API] }]) }] }, async f => {
      const r = await f.run({ outcome: 'fail' })
      f.expectListRequests(r.requests, 1)
      expect(r.error).toMatch(/^::error title=Credential set lacks required scopes::/)
      expect(r.error).toContain(`Credential set ${f.ids.credentialsId} is missing ${ENGINE} (it has: ${API})`)
      expect(r.error).toContain('Create a new distribution credential set with the missing scopes')
      expect(r.main.summary).toMatch(
        /^<h3>❌ The credential set lacks self-hosted:product:engine; did not log in<\/h3>/
      )
      // What to do, under the outcome: a set with the scope, a lower required-scopes, or ephemeral.
      const fix = r.main.summary.split('\n')[1]
      expect(fix).toContain('Create a new distribution credential set with the missing scopes')
      expect(fix).toContain('lower <code>required-scopes</code>')
      expect(fix).toContain('<code>ephemeral: true</code>')
      f.expectNoLogin(r)
    })
  })

  test('the umbrella scope self-hosted:products grants the product scopes', async () => {
    await withFixture(
      { script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: ['self-hosted:products'] }]) }] },
      async f => {
        const r = await f.run({ outcome: 'pass' })
        f.expectListRequests(r.requests, 1)
        expect(r.warnings).toEqual([])
        expect(r.main.summary).toContain('granted by self-hosted:products')
        f.expectLoggedIn(r)
        f.expectLoggedOut(r)
      }
    )
  })

  test('legacy onprem: scopes only: passes with a ::warning', async () => {
    const scopes = ['onprem:product:api', 'onprem:product:engine']
    await withFixture({ script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes }]) }] }, async f => {
      const r = await f.run({ outcome: 'pass' })
      f.expectListRequests(r.requests, 1)
      expect(r.warnings).toHaveLength(1)
      expect(r.warnings[0]).toMatch(/^::warning title=Legacy onprem%3A scopes::/)
      expect(r.warnings[0]).toContain(`grants ${DEFAULT.join(', ')} only through pre-rename onprem: scope names`)
      expect(r.main.outputs['scopes']).toBe(scopes.join(','))
      f.expectLoggedIn(r)
      f.expectLoggedOut(r)
    })
  })

  test('both prefixes listed: passes without a warning', async () => {
    const scopes = [API, 'onprem:product:api', ENGINE, 'onprem:product:engine']
    await withFixture({ script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes }]) }] }, async f => {
      const r = await f.run({ outcome: 'pass' })
      f.expectListRequests(r.requests, 1)
      expect(r.warnings).toEqual([])
      expect(r.log.some(l => l.includes('onprem'))).toBe(false)
      f.expectLoggedIn(r)
      f.expectLoggedOut(r)
    })
  })

  test('unknown credential ID: not in the list, 404 by ID: fails, says it does not exist and what the key can see', async () => {
    const sets = [randomUUID(), randomUUID()].map(id => ({ id, scopes: DEFAULT }))
    const notFound = { status: 404, body: { err_code: 'NOT_FOUND', err_msg: 'Not found.', request_id: randomUUID() } }
    await withFixture({ script: [{ body: listBody(sets) }, notFound] }, async f => {
      const r = await f.run({ outcome: 'fail' })
      f.expectListRequests(r.requests.slice(0, 1), 1)
      expect(r.requests).toHaveLength(2)
      expect(r.requests[1]!.url).toBe(
        `/v1/projects/${f.ids.projectId.toLowerCase()}/self-hosted/distribution/credentials/${f.ids.credentialsId}`
      )
      expect(r.error).toMatch(/^::error title=Credential set not found::/)
      expect(r.error).toContain(`No distribution credential set with ID ${f.ids.credentialsId} in this project`)
      expect(r.error).toContain('it does not exist there')
      expect(r.error).toContain('the API key can see 2 sets')
      expect(r.error).toContain('Check `credentials-id`')
      expect(r.main.outputs).toEqual({})
      // No set to show: the summary is the failure and what to fix.
      expect(r.main.summary.split('\n')[0]).toBe('<h3>❌ Credential set not found; did not log in</h3>')
      expect(r.main.summary).toContain('Check <code>credentials-id</code>')
      f.expectNoLogin(r)
    })
  })

  test('upper-case IDs work; the request and the username use lower case', async () => {
    await withFixture(
      { script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT }]) }] },
      async f => {
        const r = await f.run({
          outcome: 'pass',
          inputs: {
            'credentials-id': f.ids.credentialsId.toUpperCase(),
            'project-id': f.ids.projectId.toUpperCase()
          }
        })
        f.expectListRequests(r.requests, 1, f.ids.projectId.toLowerCase())
        expect(f.username).toBe(`deepgram+${f.ids.credentialsId.toLowerCase()}`)
        f.expectLoggedIn(r)
        f.expectLoggedOut(r)
      }
    )
  })

  test('401: the API key is rejected; quotes Deepgram and does not retry', async () => {
    const requestId = randomUUID()
    const body = { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.', request_id: requestId }
    await withFixture({ script: [{ status: 401, body }] }, async f => {
      const r = await f.run({ outcome: 'fail' })
      f.expectListRequests(r.requests, 1)
      expect(r.error).toMatch(/^::error title=Deepgram API key rejected::/)
      expect(r.error).toContain('(HTTP 401): it is invalid, revoked or expired')
      expect(r.error).toContain('`api-key`')
      expect(r.error).toContain(`Deepgram said: "Invalid credentials." (INVALID_AUTH). Request ID: ${requestId}.`)
      expect(r.main.summary.split('\n')[0]).toBe('<h3>❌ Deepgram API key rejected; did not log in</h3>')
      expect(r.main.summary).toContain('the secret passed as <code>api-key</code>')
      f.expectNoLogin(r)
    })
  })

  test('a failed API call is not held up by a registry sign-in started early that never answers', async () => {
    const silent = await startSilent()
    try {
      const body = { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.', request_id: randomUUID() }
      await withFixture({ script: [{ status: 401, body }] }, async f => {
        const started = Date.now()
        const r = await f.run({
          outcome: 'fail',
          inputs: { registry: silent.host, images: 'deepgram/self-hosted-api:release-260812', login: 'false' }
        })
        const took = Date.now() - started
        expect(r.error).toMatch(/^::error title=Deepgram API key rejected::/)
        // The sign-in did start while the API was asked (a connection to the silent registry)...
        expect(silent.accepted()).toBeGreaterThanOrEqual(1)
        // ...but the step ended with the failure, not after the sign-in's own deadlines (8 s an attempt).
        expect(took).toBeLessThan(6000)
        f.expectNoLogin(r)
      })
    } finally {
      await silent.stop()
    }
  })

  test('an error body echoing the API key across the cut: no part of the key in the log', async () => {
    const script = (ids: Ids): Reply[] => [
      {
        status: 401,
        body: { err_code: 'INVALID_AUTH', err_msg: `${'x'.repeat(260)} Authorization: Token ${ids.apiKey}` }
      }
    ]
    await withFixture({ script }, async f => {
      const r = await f.run({ outcome: 'fail' })
      expect(r.error).toMatch(/^::error title=Deepgram API key rejected::/)
      expect(r.error).toContain('Authorization: Token ***')
      const log = `${r.main.stdout}\n${r.main.stderr}`
        .split('\n')
        .filter(l => !l.startsWith('::add-mask::'))
        .join('\n')
      expect(log).not.toContain(f.ids.apiKey.slice(0, 6))
    })
  })

  test('403: the key may not list credentials; says which roles may', async () => {
    const requestId = randomUUID()
    const body = {
      category: 'FORBIDDEN',
      message: 'Insufficient permissions.',
      details: 'Project lacks self-hosted access.',
      request_id: requestId
    }
    await withFixture({ script: [{ status: 403, body }] }, async f => {
      const r = await f.run({ outcome: 'fail' })
      f.expectListRequests(r.requests, 1)
      expect(r.error).toMatch(/^::error title=Deepgram API access denied::/)
      expect(r.error).toContain("the API key's role must be owner, admin or member")
      expect(r.error).toContain(`project ${f.ids.projectId} must have self-hosted access`)
      expect(r.error).toContain('Deepgram said: "Insufficient permissions. (Project lacks self-hosted access.)"')
      expect(r.error).toContain(`Request ID: ${requestId}.`)
      f.expectNoLogin(r)
    })
  })

  test('404: no such project for this key', async () => {
    const body = { err_code: 'PROJECT_NOT_FOUND', err_msg: 'Project not found.', request_id: randomUUID() }
    await withFixture({ script: [{ status: 404, body }] }, async f => {
      const r = await f.run({ outcome: 'fail' })
      f.expectListRequests(r.requests, 1)
      expect(r.error).toMatch(/^::error title=Deepgram project not found::/)
      expect(r.error).toContain(`Deepgram found no project ${f.ids.projectId} for this API key (HTTP 404)`)
      expect(r.error).toContain('check `project-id`')
      f.expectNoLogin(r)
    })
  })

  test('503, then 502 with an HTML body, then success: retries and logs in', async () => {
    const html = '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>'
    const script = (ids: Ids): Reply[] => [
      { status: 503, body: 'Service Unavailable' },
      { status: 502, body: html, headers: { 'content-type': 'text/html' } },
      { body: listBody([{ id: ids.credentialsId, scopes: DEFAULT }]) }
    ]
    await withFixture({ script }, async f => {
      const r = await f.run({ outcome: 'pass' })
      f.expectListRequests(r.requests, 3)
      expect(
        r.log.filter(l => /^Deepgram API: HTTP 503; retrying in \d+\.\d s \(attempt 2 of 4\)\.$/.test(l))
      ).toHaveLength(1)
      expect(
        r.log.filter(l => /^Deepgram API: HTTP 502; retrying in \d+\.\d s \(attempt 3 of 4\)\.$/.test(l))
      ).toHaveLength(1)
      expect(r.log.some(l => l.includes('nginx'))).toBe(false)
      f.expectLoggedIn(r)
      f.expectLoggedOut(r)
    })
  })

  test('429 with Retry-After: 1 is honoured', async () => {
    const body = { err_code: 'TOO_MANY_REQUESTS', err_msg: 'Too many requests.' }
    const script = (ids: Ids): Reply[] => [
      { status: 429, headers: { 'retry-after': '1' }, body },
      { body: listBody([{ id: ids.credentialsId, scopes: DEFAULT }]) }
    ]
    await withFixture({ script }, async f => {
      const r = await f.run({ outcome: 'pass' })
      f.expectListRequests(r.requests, 2)
      const [first, second] = r.requests
      // Retry-After is the least wait; jitter of up to 4 s comes on top.
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(950)
      expect(second!.at - first!.at).toBeLessThan(6000)
      expect(
        r.log.filter(l => /^Deepgram API: HTTP 429; retrying in [1-5]\.\d s \(attempt 2 of 10\)\.$/.test(l))
      ).toHaveLength(1)
      f.expectLoggedIn(r)
      f.expectLoggedOut(r)
    })
  })

  test('a 200 whose body is HTML: fails, not retried', async () => {
    const html = '<!DOCTYPE html><html><body>Sign in to the Wi-Fi</body></html>'
    await withFixture({ script: [{ status: 200, body: html, offSpec: 'a captive portal page' }] }, async f => {
      const r = await f.run({ outcome: 'fail' })
      f.expectListRequests(r.requests, 1)
      expect(r.error).toMatch(/^::error title=Unexpected Deepgram API response::/)
      expect(r.error).toContain('answered 200 but the body is not JSON (it is an HTML page)')
      expect(r.error).toContain('Check `api-url`')
      f.expectNoLogin(r)
    })
  })

  test('a 200 whose JSON has another shape: fails, names the field', async () => {
    // A plausible drift: the items flattened, the member gone.
    const drifted = (id: string): unknown => ({
      distribution_credentials: [
        { distribution_credentials_id: id, provider: 'quay', scopes: DEFAULT, created: '2025-01-01T00:00:00Z' }
      ]
    })
    expect(listBodyErrors(drifted(randomUUID()))).not.toEqual([])
    const script = (ids: Ids): Reply[] => [{ body: drifted(ids.credentialsId), offSpec: 'items flattened' }]
    await withFixture({ script }, async f => {
      const r = await f.run({ outcome: 'fail' })
      f.expectListRequests(r.requests, 1)
      expect(r.error).toMatch(/^::error title=Unexpected Deepgram API response::/)
      expect(r.error).toContain(
        'not in the documented shape: distribution_credentials[0].distribution_credentials should be an object'
      )
      f.expectNoLogin(r)
    })
  })

  test('a plain-text error body is quoted in the error', async () => {
    const text = `UUID parsing failed: invalid character: expected an optional prefix of \`urn:uuid:\``
    await withFixture({ script: [{ status: 400, body: text }] }, async f => {
      const r = await f.run({ outcome: 'fail' })
      f.expectListRequests(r.requests, 1)
      expect(r.error).toMatch(/^::error title=Deepgram API rejected the request::/)
      expect(r.error).toContain(`Deepgram said: ${JSON.stringify(text)}.`)
      f.expectNoLogin(r)
    })
  })

  test('the registry refuses the secret: the error quotes docker', async () => {
    await withFixture(
      { script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT }]) }], registry: 'refuse' },
      async f => {
        const r = await f.run({ outcome: 'login-refused' })
        f.expectListRequests(r.requests, 1)
        expect(r.mainArgv).toEqual([['login', f.host, '--username', f.username, '--password-stdin']])
        expect(r.error).toMatch(/^::error title=Registry login failed::/)
        expect(r.error).toContain(`docker login to ${f.host} as ${f.username} failed: `)
        expect(r.error).toContain('401 Unauthorized')
        // docker's own error line, not one of its level=info progress lines.
        expect(r.error).not.toContain('level=')
        expect(r.error).toContain('check that `secret` is the secret shown when this credential set was created')
        expect(r.main.summary).toMatch(/^<h3>❌ The registry refused the login to /)
        expect(r.main.summary.split('\n')[1]).toContain(
          'check that <code>secret</code> is the secret shown when this credential set was created'
        )
        expect(r.configAfterMain.auths?.[f.host]).toBeUndefined()
        expect(r.main.state['loggedIn']).toBeUndefined()
        expect(r.postArgv).toEqual([])
      }
    )
  })

  test('hostile API fields never reach the log, the outputs or the summary raw', async () => {
    const evil =
      '\n::error::pwned\n::add-mask::quay\n::stop-commands::tok\n\u001b[31mred\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007' +
      '\u202eevil\u2066\n\n[click](https://evil.example) ![x](https://evil.example/x.png)\n\n</td></tr></table><script>alert(1)</script>'
    const script = (ids: Ids): Reply[] => [
      {
        body: listBody([
          {
            id: ids.credentialsId,
            provider: `quay${evil}`,
            comment: `ok${evil}`,
            created: `2025-01-01${evil}`,
            scopes: [...DEFAULT, `self-hosted:product:x${evil}`]
          }
        ]),
        offSpec: 'a hostile server: created is not a date-time'
      }
    ]
    await withFixture({ script }, async f => {
      const r = await f.run({ outcome: 'pass' })
      f.expectLoggedIn(r)
      // The only workflow commands are the action's own masks.
      const masks = new Set(
        [f.ids.apiKey, f.ids.secret, dockerAuth(f.username, f.ids.secret)].map(v => `::add-mask::${v}`)
      )
      expect(r.warnings).toEqual([
        "::warning title=Long API fields cut::The credential set's `provider` (217 characters, cut to 100), `created` (223 characters, cut to 100) were too long to copy whole: the outputs and the job summary hold the start only."
      ])
      for (const step of [r.main, r.post]) {
        const commands = step.stdout.split('\n').filter(l => /^\s*::/.test(l))
        expect(commands.filter(l => !masks.has(l) && !r.warnings.includes(l))).toEqual([])
        for (const bad of ['\u001b', '\u009b', '\u202e', '\u2066', '\r']) expect(step.stdout).not.toContain(bad)
      }
      const provider = r.main.outputs['provider'] ?? ''
      expect(provider).toMatch(/^quay ::error::pwned ::add-mask::quay ::stop-commands::tok redlink evil \[click\]/)
      expect(provider).toHaveLength(100)
      expect(r.log).toContain(`Credential set ${f.ids.credentialsId} (${provider}) carries ${DEFAULT.join(', ')}.`)
      for (const [name, value] of Object.entries(r.main.outputs)) {
        for (const bad of ['\n', '\r', '\u001b', '\u202e', '\u2066']) expect(value, name).not.toContain(bad)
        expect(value.startsWith('::'), name).toBe(false)
      }
      expect(r.main.outputs['comment']).toMatch(/^ok ::error::pwned /)
      expect(r.main.outputs['scopes']).toContain(`${DEFAULT.join(',')},self-hosted:product:x ::error::pwned`)
      // The summary: one table, whole, with every row; no blank line, no raw HTML from the API.
      const summary = r.main.summary
      expect(summary).not.toMatch(/\n\s*\n/)
      expect(summary).not.toContain('<script>')
      expect(summary.match(/<table>/g)).toHaveLength(2)
      expect(summary.match(/<\/table>/g)).toHaveLength(2)
      // The set's fields, folded last: one row a line, whatever the server sent.
      const fields = summary.slice(summary.indexOf('<details>'), summary.indexOf('</details>'))
      expect(fields).not.toMatch(/\r/)
      for (const line of fields.split('\n').slice(1, -1)) expect(line).toMatch(/^(?:<table>|<tr>.*<\/tr>|<\/table>)$/)
      for (const label of ['Project', 'Credential ID', 'Comment', 'Provider', 'Registry', 'Username', 'Created']) {
        expect(fields).toContain(`<td>${label}</td>`)
      }
      expect(fields).toContain('&#60;/td&#62;&#60;/tr&#62;&#60;/table&#62;&#60;script&#62;')
      f.expectLoggedOut(r)
    })
  })

  test('a secret pasted into credentials-id is never echoed, not even in part', async () => {
    await withFixture({ script: [] }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: { 'credentials-id': f.ids.secret } })
      f.expectListRequests(r.requests, 0)
      expect(r.error).toMatch(/^::error title=Invalid input credentials-id::/)
      expect(r.error).toContain(
        `got a ${f.ids.secret.length}-character value that is, contains or is part of the \`secret\` input (not shown).`
      )
      const text = `${r.main.stdout}${r.post.stdout}`
        .split('\n')
        .filter(l => !l.startsWith('::add-mask::'))
        .join('\n')
      for (let i = 0; i + 6 <= f.ids.secret.length; i++) expect(text).not.toContain(f.ids.secret.slice(i, i + 6))
      f.expectNoLogin(r)
    })
  })

  test('a comment of nearly 1 MiB is cut in the outputs and the summary, with a warning', async () => {
    const comment = `start ${'c'.repeat(900 * 1024)}`
    const script = (ids: Ids): Reply[] => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT, comment }]) }]
    await withFixture({ script }, async f => {
      const r = await f.run({ outcome: 'pass' })
      f.expectLoggedIn(r)
      expect(r.main.outputs['comment']).toBe(`start ${'c'.repeat(991)}...`)
      expect(r.warnings).toEqual([
        `::warning title=Long API fields cut::The credential set's \`comment\` (${comment.length} characters, cut to 1000) was too long to copy whole: the outputs and the job summary hold the start only.`
      ])
      expect(r.main.summary.length).toBeLessThan(5000)
      expect(r.main.summary).toContain(`start ${'c'.repeat(991)}...`)
      f.expectLoggedOut(r)
    })
  })

  test('a multi-megabyte answer is not read past 1 MiB: fails, says so, nothing copied', async () => {
    const comment = 'm'.repeat(3 * 1024 * 1024)
    const script = (ids: Ids): Reply[] => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT, comment }]) }]
    await withFixture({ script }, async f => {
      const r = await f.run({ outcome: 'fail' })
      f.expectListRequests(r.requests, 1)
      expect(r.error).toMatch(/^::error title=Unexpected Deepgram API response::/)
      expect(r.error).toContain('with a body larger than 1 MiB, so the action stopped reading it there')
      expect(r.main.outputs).toEqual({})
      // The summary says what failed; nothing of the answer is copied there either.
      expect(r.main.summary).toMatch(/^<h3>❌ Unexpected Deepgram API response; did not log in<\/h3>\n/)
      expect(r.main.summary).not.toContain('mmmm')
      f.expectNoLogin(r)
    })
  })

  test('an empty api-key on a pull request from a fork: says GitHub passed no secrets, and how to skip', async () => {
    await withFixture({ script: [] }, async f => {
      const event = join(f.registry!.dir, 'event.json')
      writeFileSync(
        event,
        JSON.stringify({
          pull_request: {
            head: { repo: { full_name: 'someone/fork', fork: true } },
            base: { repo: { full_name: 'acme/app', fork: false } }
          }
        })
      )
      const r = await f.run({
        outcome: 'fail',
        inputs: { 'api-key': '', secret: '' },
        env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_ACTOR: 'someone' }
      })
      f.expectListRequests(r.requests, 0)
      expect(r.error).toMatch(/^::error title=No secrets on a fork pull request::/)
      expect(r.error).toContain('from the fork someone/fork')
      expect(r.error).toContain(
        "`if: github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository`"
      )
      f.expectNoLogin(r)
    })
  })

  test('login: false needs neither the secret nor docker', async () => {
    await withFixture(
      { script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT }]) }], docker: 'absent' },
      async f => {
        const r = await f.run({ outcome: 'pass', inputs: { login: 'false', secret: undefined } })
        f.expectListRequests(r.requests, 1)
        expect(r.log).toContain('Check only (login: false): did not log in.')
        expect(r.main.outputs['username']).toBe(f.username)
        expect(r.main.outputs['registry']).toBe('quay.io')
        expect(r.main.summary).toMatch(/^<h3>✅ Checked without logging in/)
        expect(r.main.state).toEqual({})
        expect(r.postLog).toContain('Not logged in by this action: nothing to log out.')
      }
    )
  })

  test('login: true without a secret: fails before any request', async () => {
    await withFixture({ script: [] }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: { secret: undefined } })
      f.expectListRequests(r.requests, 0)
      expect(r.error).toMatch(/^::error title=Invalid input secret::/)
      expect(r.error).toContain('Input `secret` is required when `login` is true')
      expect(r.mainArgv).toEqual([])
      f.expectNoLogin(r)
    })
  })

  test('a project ID that is a path: refused, nothing sent', async () => {
    await withFixture({ script: [] }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: { 'project-id': '../..' } })
      f.expectListRequests(r.requests, 0)
      expect(r.error).toMatch(/^::error title=Invalid input project-id::/)
      expect(r.error).toContain('Input `project-id` must be a Deepgram project ID (a UUID')
      expect(r.main.summary).toMatch(
        /^<h3>❌ Invalid input project-id; did not log in<\/h3>\n<p>Input <code>project-id<\/code> must be/
      )
      f.expectNoLogin(r)
    })
  })

  test('a credential ID with a line break and a workflow command: refused, no output created', async () => {
    await withFixture({ script: [] }, async f => {
      const injected = `${f.ids.credentialsId}\n::set-output name=username::pwned`
      const r = await f.run({ outcome: 'fail', inputs: { 'credentials-id': injected } })
      f.expectListRequests(r.requests, 0)
      expect(r.error).toMatch(/^::error title=Invalid input credentials-id::/)
      expect(r.error).toContain('must be a single line')
      expect(r.main.outputs).toEqual({})
      expect(`${r.main.stdout}${r.post.stdout}`).not.toContain('pwned')
      expect(r.log.filter(l => l.startsWith('::set-output'))).toEqual([])
      f.expectNoLogin(r)
    })
  })

  test('plain http to a non-loopback api-url: refused, the key is not sent', async () => {
    await withFixture({ script: [] }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: { 'api-url': 'http://example.com' } })
      f.expectListRequests(r.requests, 0)
      expect(r.error).toMatch(/^::error title=Invalid input api-url::/)
      expect(r.error).toContain('must use https')
      expect(r.error).toContain('"example.com"')
      f.expectNoLogin(r)
    })
  })

  test('docker absent with login: true: fails before any request', async () => {
    await withFixture({ script: [], docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'fail' })
      f.expectListRequests(r.requests, 0)
      expect(r.error).toMatch(/^::error title=Docker not found::/)
      expect(r.error).toContain('install Docker on the runner, or set `login: false`')
      expect(r.main.state).toEqual({})
      expect(r.postLog).toContain('Not logged in by this action: nothing to log out.')
    })
  })
})

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

describe.skipIf(missing.length > 0).concurrent('the built action with images: the registry API preflight', () => {
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
          script: setWith(DEFAULT),
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
    await withFixture({ script: setWith(DEFAULT), registry: 'token', pull: [REPOS.api, REPOS.engine] }, async f => {
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
    })
  })

  test('the Kubernetes path: login: false, no docker on PATH, images checked and the secret proven', async () => {
    await withFixture(
      { script: setWith(DEFAULT), registry: 'token', pull: [REPOS.api, REPOS.engine], docker: 'absent' },
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
    await withFixture({ script: setWith(DEFAULT), registry: 'token', pull: [REPOS.api] }, async f => {
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
      { script: setWith(DEFAULT), registry: 'token', pull: [REPOS.api], robotPassword: `other${randomUUID()}` },
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
    await withFixture({ script: setWith(DEFAULT), registry: 'token', pull: [REPOS.api] }, async f => {
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
    await withFixture({ script: setWith(DEFAULT), registry: 'token', pull: [REPOS.api], front }, async f => {
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
    await withFixture({ script: setWith(DEFAULT), registry: 'token', pull: [REPOS.api], front }, async f => {
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
    await withFixture({ script: setWith(DEFAULT), registry: 'token', pull: [REPOS.api], front }, async f => {
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
      await withFixture({ script: setWith(DEFAULT), registry: 'token', pull: [REPOS.api], front }, async f => {
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
    await withFixture({ script: setWith(DEFAULT) }, async f => {
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
