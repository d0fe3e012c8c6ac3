// End-to-end: The Deepgram API's answers, as the built action meets them: errors quoted and explained, retries, timeouts, answers of another shape or size, hostile fields; and a docker or registry that hangs or is down.
// dist/main.js and dist/post.js run with Node 24 as the runner runs them (harness.ts).
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { startFlaky, startSilent } from '../support/faults.ts'
import { listBodyErrors } from '../support/schema.ts'
import { listBody, type Reply } from '../support/standin.ts'
import { DEFAULT_SCOPES, dockerAuth, withFixture, type Ids, MISSING, requireTools } from './harness.ts'

requireTools()

describe.skipIf(MISSING.length > 0).concurrent("the built action and the Deepgram API's answers", () => {
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
          { script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT_SCOPES }]) }] },
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
        { script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT_SCOPES }]) }] },
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

  test('unknown credential ID: not in the list, 404 by ID: fails, says it does not exist and what the key can see', async () => {
    const sets = [randomUUID(), randomUUID()].map(id => ({ id, scopes: DEFAULT_SCOPES }))
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
      { script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT_SCOPES }]) }] },
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
      { body: listBody([{ id: ids.credentialsId, scopes: DEFAULT_SCOPES }]) }
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
      { body: listBody([{ id: ids.credentialsId, scopes: DEFAULT_SCOPES }]) }
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
        { distribution_credentials_id: id, provider: 'quay', scopes: DEFAULT_SCOPES, created: '2025-01-01T00:00:00Z' }
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
            scopes: [...DEFAULT_SCOPES, `self-hosted:product:x${evil}`]
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
      expect(r.log).toContain(
        `Credential set ${f.ids.credentialsId} (${provider}) carries ${DEFAULT_SCOPES.join(', ')}.`
      )
      for (const [name, value] of Object.entries(r.main.outputs)) {
        for (const bad of ['\n', '\r', '\u001b', '\u202e', '\u2066']) expect(value, name).not.toContain(bad)
        expect(value.startsWith('::'), name).toBe(false)
      }
      expect(r.main.outputs['comment']).toMatch(/^ok ::error::pwned /)
      expect(r.main.outputs['scopes']).toContain(`${DEFAULT_SCOPES.join(',')},self-hosted:product:x ::error::pwned`)
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

  test('a comment of nearly 1 MiB is cut in the outputs and the summary, with a warning', async () => {
    const comment = `start ${'c'.repeat(900 * 1024)}`
    const script = (ids: Ids): Reply[] => [
      { body: listBody([{ id: ids.credentialsId, scopes: DEFAULT_SCOPES, comment }]) }
    ]
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
    const script = (ids: Ids): Reply[] => [
      { body: listBody([{ id: ids.credentialsId, scopes: DEFAULT_SCOPES, comment }]) }
    ]
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
})
