// End-to-end: The scope check of the built action: a missing scope, the umbrella, legacy onprem: names.
// dist/main.js and dist/post.js run with Node 24 as the runner runs them (harness.ts).
import { describe, expect, test } from 'vitest'
import { listBody } from '../support/standin.ts'
import { API, ENGINE, DEFAULT_SCOPES, withFixture, MISSING, requireTools } from './harness.ts'

requireTools()

describe.skipIf(MISSING.length > 0).concurrent('the built action checks the scopes', () => {
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
      expect(r.warnings[0]).toContain(`grants ${DEFAULT_SCOPES.join(', ')} only through pre-rename onprem: scope names`)
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
})
