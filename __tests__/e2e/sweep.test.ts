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
import { ActionRun, type StepResult } from '../support/runner.ts'
import { DeepgramStandIn, type ProjectOptions, type Reply } from '../support/standin.ts'
import { missingTools } from '../support/tools.ts'
import { assertInvariants, dockerAuth, freshIds, usernameOf, type Ids } from './harness.ts'

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

/** One job's main step as the runner runs it, with `ephemeral` and no docker. */
interface Job {
  api: DeepgramStandIn
  ids: Ids
  runner: ActionRun
  main: () => Promise<StepResult>
}

/** A project whose API answers with `faults` first, and a runner for its jobs; stopped after `body`. */
async function withProject(faults: ProjectOptions['faults'], body: (job: Job) => Promise<void>): Promise<void> {
  const ids = freshIds()
  const api = await DeepgramStandIn.startProject({ projectId: ids.projectId, apiKey: ids.apiKey, faults })
  const runner = new ActionRun()
  const bin = mkdtempSync(join(tmpdir(), 'dg-nodocker-'))
  const inputs = {
    'project-id': ids.projectId,
    'api-key': ids.apiKey,
    'api-url': api.url,
    'required-scopes': 'self-hosted:product:api, self-hosted:product:engine',
    ephemeral: 'true',
    login: 'false'
  }
  const main = (): Promise<StepResult> => runner.step({ inputs, env: { ...RUN_ENV, PATH: bin }, timeoutMs: 40000 })
  try {
    await body({ api, ids, runner, main })
  } finally {
    rmSync(bin, { recursive: true, force: true })
    runner.cleanup()
    await api.stop()
  }
}

/** The main step passed and made the set for the job (the last one made), with one warning: it. */
function expectJobSetAndOneWarning(job: Job, main: StepResult): { id: string; warning: string; log: string[] } {
  const made = job.api.created.at(-1)
  expect(made, 'the set for the job').toBeDefined()
  const { id, secret } = made!
  const learnt = [secret!, dockerAuth(usernameOf(id), secret!)]
  const ctx = { secret: '', apiKey: job.ids.apiKey, credentialsId: '', argv: [], envs: [], learnt }
  const checked = assertInvariants(main, { ...ctx, step: 'main', outcome: 'pass' })
  // The sweep's 15 s and the create: not the half minute or more the retries would take.
  expect(main.ms).toBeLessThan(20000)
  // Saved for the post step to delete.
  expect(main.outputs['credentials-id']).toBe(id)
  expect(JSON.parse(main.state['setToCleanUp'] ?? '{}')).toMatchObject({ kind: 'job-set', id })
  expect(checked.warnings).toHaveLength(1)
  expect(checked.warnings[0]).toMatch(/^::warning title=Old sets not swept::/)
  return { id, warning: checked.warnings[0]!, log: checked.stdout }
}

describe.skipIf(missingTools().length > 0).concurrent('the sweep’s time limit', () => {
  test(
    'slow deletes: the sweep stops after about 15 s, warns how many sets it left, and the set for the job is made',
    { timeout: 45000 },
    async () => {
      const faults = { delete: Array.from({ length: 10 }, () => [slow, slowSuccess]).flat() }
      await withProject(faults, async job => {
        // A first job, whose runner died before its post step: its set gives the comment this
        // repository's sets carry, which twelve stale sets then share.
        expect((await job.main()).code).toBe(0)
        const made = job.api.created[0]!
        const stale = Array.from({ length: 12 }, (_, i) => ({
          ...made,
          id: randomUUID(),
          created: new Date(Date.now() - (6 * 24 + 1 + i) * HOUR).toISOString()
        }))
        for (const set of stale) job.api.sets.set(set.id, set)
        const before = job.api.requests.length

        const main = await job.main()
        const { warning, log } = expectJobSetAndOneWarning(job, main)
        // Naming how many of the ten it took on the sweep left.
        expect(warning).toContain('the sweep stopped at its 15 s limit')
        const swept = log.filter(l => l.startsWith('Deleted stale credential set ')).length
        expect(swept).toBeLessThan(10)
        expect(warning).toContain(`Stale sets left: ${10 - swept} of 10.`)
        // A few deletes at once (each is held 7 s: no more than 3 began within 7 s), all before the create.
        const sent = job.api.requests.slice(before)
        const deletes = sent.filter(q => q.method === 'DELETE' && DELETE_PATH.test(q.url))
        const create = sent.find(q => q.method === 'POST')!
        expect(deletes.filter(q => q.at < deletes[0]!.at + 1000).length).toBeGreaterThan(1)
        for (const d of deletes) {
          expect(deletes.filter(q => q.at >= d.at && q.at < d.at + 6500).length).toBeLessThanOrEqual(3)
          expect(d.at).toBeLessThan(create.at)
        }
      })
    }
  )

  test(
    'a list that never answers: the sweep gives up at its limit, says so, and the set for the job is made',
    { timeout: 45000 },
    async () => {
      // Every attempt of the sweep's list hangs (three 8 s attempts and their waits would take
      // about 28 s); the create after it is answered at once.
      await withProject({ list: Array.from({ length: 5 }, () => ({ hang: true })) }, async job => {
        const { warning } = expectJobSetAndOneWarning(job, await job.main())
        expect(warning).toContain('the sweep stopped at its 15 s limit, before the API listed the sets.')
      })
    }
  )
})
