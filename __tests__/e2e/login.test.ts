// End-to-end: Logging in with the built action: docker and podman, the post step's logout, `logout: false`, a refused secret, a missing client, an unwritable summary.
// dist/main.js and dist/post.js run with Node 24 as the runner runs them (harness.ts).
import { randomUUID } from 'node:crypto'
import { tmpdir } from 'node:os'
import { describe, expect, test } from 'vitest'
import { listBody, type Reply } from '../support/standin.ts'
import { API, DEFAULT_SCOPES, withFixture, type Ids, MISSING, requireTools } from './harness.ts'

requireTools()

describe.skipIf(MISSING.length > 0).concurrent('the built action logs in', () => {
  test('a runner with podman only: logs in with podman --password-stdin, the post step logs out with podman', async () => {
    await withFixture(
      { script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT_SCOPES }]) }], docker: 'podman' },
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
        script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT_SCOPES }]) }],
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
          { id: ids.credentialsId, scopes: DEFAULT_SCOPES, comment: 'CI pulls', created: '2025-02-03T04:05:06.789Z' }
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
        scopes: DEFAULT_SCOPES.join(','),
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
      expect(r.log).toContain(`Credential set ${f.ids.credentialsId} (quay) carries ${DEFAULT_SCOPES.join(', ')}.`)
      expect(r.warnings).toEqual([])
      expect(r.main.summary).toMatch(new RegExp(`^<h3>✅ Logged in to ${f.host.replace(/\./g, '\\.')}</h3>`))
      expect(r.main.summary).toContain(f.username)
      f.expectLoggedOut(r)
    })
  })

  test('an unwritable job summary is a warning: the check and login still pass', async () => {
    const script = (ids: Ids): Reply[] => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT_SCOPES }]) }]
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
      { script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT_SCOPES }]) }] },
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

  test('the registry refuses the secret: the error quotes docker', async () => {
    await withFixture(
      { script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT_SCOPES }]) }], registry: 'refuse' },
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
