// End-to-end: the sweep before a set is made for the job has one time limit, the list
// included, whatever the API does. Twelve stale sets whose deletes are answered slowly (7 s,
// then 429 with Retry-After: 1) once held the main step for minutes, each delete with a full
// retry budget of its own; now it deletes a few at once, gives up after about 15 s, says how
// many sets it left, and the job's set is made all the same.
import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { ActionRun } from '../support/runner.ts'
import { DeepgramStandIn, type Reply } from '../support/standin.ts'
import { missingTools } from '../support/tools.ts'
import { assertInvariants, dockerAuth, freshIds, usernameOf } from './harness.ts'

const RUN_ENV = {
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_REPOSITORY_ID: '123456789',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: 'deploy'
}
const HOUR = 3600_000
const DELETE_PATH = /\/self-hosted\/distribution\/credentials\/[^/?]+$/

// Each delete is answered after 7 s with 429 and Retry-After: 1, and its retry after 7 s more
// with success: about 17 s a set, one after another 168 s for the ten a sweep takes on.
const slow: Reply = {
  delayMs: 7000,
  status: 429,
  headers: { 'retry-after': '1' },
  body: { err_code: 'TOO_MANY_REQUESTS', err_msg: 'Too many requests.' }
}
const slowSuccess: Reply = {
  delayMs: 7000,
  afterActing: true,
  status: 200,
  body: { message: 'Successfully deleted the distribution credentials!' },
  offSpec: 'the live delete answer'
}

describe.skipIf(missingTools().length > 0).concurrent('the sweep’s time limit', () => {
  test(
    'slow deletes: the sweep stops after about 15 s, warns how many sets it left, and the set for the job is made',
    { timeout: 45000 },
    async () => {
      const ids = freshIds()
      const api = await DeepgramStandIn.startProject({
        projectId: ids.projectId,
        apiKey: ids.apiKey,
        faults: { delete: Array.from({ length: 10 }, () => [slow, slowSuccess]).flat() }
      })
      const runner = new ActionRun()
      const bin = mkdtempSync(join(tmpdir(), 'dg-nodocker-'))
      try {
        const inputs = {
          'project-id': ids.projectId,
          'api-key': ids.apiKey,
          'api-url': api.url,
          'required-scopes': 'self-hosted:product:api, self-hosted:product:engine',
          ephemeral: 'true',
          login: 'false'
        }
        const env = { ...RUN_ENV, PATH: bin }
        // A first job, whose runner died before its post step: its set gives the comment this
        // repository's sets carry, which twelve stale sets then share.
        const first = await runner.step({ inputs, env, timeoutMs: 20000 })
        expect(first.code).toBe(0)
        const made = api.created[0]!
        const stale = Array.from({ length: 12 }, (_, i) => ({
          ...made,
          id: randomUUID(),
          created: new Date(Date.now() - (25 + i) * HOUR).toISOString()
        }))
        for (const set of stale) api.sets.set(set.id, set)
        const before = api.requests.length

        const main = await runner.step({ inputs, env, timeoutMs: 40000 })
        const sent = api.requests.slice(before)
        const job = api.created[1]
        expect(job, 'the set for the job').toBeDefined()
        const learnt = [job!.secret!, dockerAuth(usernameOf(job!.id), job!.secret!)]
        const ctx = { secret: '', apiKey: ids.apiKey, credentialsId: '', argv: [], envs: [], learnt }
        const checked = assertInvariants(main, { ...ctx, step: 'main', outcome: 'pass' })
        // The sweep's 15 s and the create: not the minutes each delete's retries would take.
        expect(main.ms).toBeLessThan(20000)
        // The set for the job is made, and saved for the post step to delete.
        expect(main.outputs['credentials-id']).toBe(job!.id)
        expect(main.state['ephemeralId']).toBe(job!.id)
        // One warning, naming how many of the ten it took on the sweep left.
        expect(checked.warnings).toHaveLength(1)
        expect(checked.warnings[0]).toMatch(/^::warning title=Old sets not swept::/)
        expect(checked.warnings[0]).toContain('the sweep stopped at its 15 s limit')
        const swept = checked.stdout.filter(l => l.startsWith('Deleted stale credential set ')).length
        expect(swept).toBeLessThan(10)
        expect(checked.warnings[0]).toContain(`Stale sets left: ${10 - swept} of 10.`)
        // A few deletes at once (each is held 7 s: no more than 3 began within 7 s), all before the create.
        const deletes = sent.filter(q => q.method === 'DELETE' && DELETE_PATH.test(q.url))
        const create = sent.find(q => q.method === 'POST')!
        expect(deletes.filter(q => q.at < deletes[0]!.at + 1000).length).toBeGreaterThan(1)
        for (const d of deletes) {
          expect(deletes.filter(q => q.at >= d.at && q.at < d.at + 6500).length).toBeLessThanOrEqual(3)
          expect(d.at).toBeLessThan(create.at)
        }
      } finally {
        rmSync(bin, { recursive: true, force: true })
        runner.cleanup()
        await api.stop()
      }
    }
  )

  test(
    'a list that never answers: the sweep gives up at its limit, says so, and the set for the job is made',
    { timeout: 45000 },
    async () => {
      const ids = freshIds()
      // Every attempt of the sweep's list hangs; the create after it is answered at once.
      const api = await DeepgramStandIn.startProject({
        projectId: ids.projectId,
        apiKey: ids.apiKey,
        faults: { list: Array.from({ length: 5 }, () => ({ hang: true })) }
      })
      const runner = new ActionRun()
      const bin = mkdtempSync(join(tmpdir(), 'dg-nodocker-'))
      try {
        const inputs = {
          'project-id': ids.projectId,
          'api-key': ids.apiKey,
          'api-url': api.url,
          'required-scopes': 'self-hosted:product:api, self-hosted:product:engine',
          ephemeral: 'true',
          login: 'false'
        }
        const main = await runner.step({ inputs, env: { ...RUN_ENV, PATH: bin }, timeoutMs: 40000 })
        const job = api.created[0]
        expect(job, 'the set for the job').toBeDefined()
        const learnt = [job!.secret!, dockerAuth(usernameOf(job!.id), job!.secret!)]
        const ctx = { secret: '', apiKey: ids.apiKey, credentialsId: '', argv: [], envs: [], learnt }
        const checked = assertInvariants(main, { ...ctx, step: 'main', outcome: 'pass' })
        // Three 8 s attempts and their waits would take about 28 s.
        expect(main.ms).toBeLessThan(20000)
        expect(main.outputs['credentials-id']).toBe(job!.id)
        expect(checked.warnings).toHaveLength(1)
        expect(checked.warnings[0]).toMatch(/^::warning title=Old sets not swept::/)
        expect(checked.warnings[0]).toContain('the sweep stopped at its 15 s limit, before the API listed the sets.')
      } finally {
        rmSync(bin, { recursive: true, force: true })
        runner.cleanup()
        await api.stop()
      }
    }
  )
})
