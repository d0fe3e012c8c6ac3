// End-to-end: The built action's inputs: refused before any request, never echoed; what a fork's run or a check-only run needs.
// dist/main.js and dist/post.js run with Node 24 as the runner runs them (harness.ts).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { listBody } from '../support/standin.ts'
import { DEFAULT_SCOPES, withFixture, MISSING, requireTools } from './harness.ts'

requireTools()

describe.skipIf(MISSING.length > 0).concurrent("the built action's inputs", () => {
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
      { script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT_SCOPES }]) }], docker: 'absent' },
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
})
