// End-to-end, under load: a matrix of jobs sharing one key starts the built
// action at the same moment against an API that allows 6 requests a second,
// counting the ones it rejects (429, Retry-After: 1). Every job must log in,
// and the herd must stay polite: on average no more than 4 requests a job.
// (The post step is left out: logging out is not what a herd strains, and
// thirty more docker processes would only slow the suite.)
// A file of its own: thirty processes at once would starve the timed
// scenarios of action.test.ts if they ran beside them.
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { DockerSpy } from '../support/dockerspy.ts'
import { LocalRegistry } from '../support/registry.ts'
import { ActionRun, type StepResult } from '../support/runner.ts'
import { missingTools } from '../support/tools.ts'
import { DeepgramStandIn, listBody } from '../support/standin.ts'
import { assertInvariants, dockerAuth, freshIds, usernameOf } from './harness.ts'

const JOBS = 30
const PER_SECOND = 6
const DEFAULT = ['self-hosted:product:api', 'self-hosted:product:engine']

interface Job {
  docker: DockerSpy
  runner: ActionRun
  main?: StepResult
  authAfterMain?: string
}

async function herdScenario(): Promise<void> {
  const ids = freshIds()
  const username = usernameOf(ids.credentialsId)
  const body = listBody([
    { id: randomUUID(), scopes: DEFAULT },
    { id: ids.credentialsId, scopes: DEFAULT }
  ])
  const api = await DeepgramStandIn.start([{ body }], { perSecond: PER_SECOND, retryAfter: '1' })
  const registry = await LocalRegistry.start(username, ids.secret)
  const jobs: Job[] = Array.from({ length: JOBS }, () => ({ docker: new DockerSpy(), runner: new ActionRun() }))
  try {
    const inputs = {
      'project-id': ids.projectId,
      'api-key': ids.apiKey,
      'credentials-id': ids.credentialsId,
      secret: ids.secret,
      'api-url': api.url,
      registry: registry.host,
      'required-scopes': DEFAULT.join(', '),
      login: 'true',
      logout: 'true'
    }
    // Every main step starts together, as a matrix does.
    await Promise.all(
      jobs.map(async job => {
        job.main = await job.runner.step({ inputs, env: job.docker.env(), timeoutMs: 60000 })
        job.authAfterMain = job.docker.configJson().auths?.[registry.host]?.auth
      })
    )
    const context = {
      secret: ids.secret,
      apiKey: ids.apiKey,
      credentialsId: ids.credentialsId,
      outcome: 'pass' as const
    }
    const failed = jobs
      .filter(j => j.main!.code !== 0)
      .map(j => j.main!.stdout.split('\n').find(l => l.startsWith('::error')))
    expect(failed, 'jobs that did not pass').toEqual([])
    for (const job of jobs) {
      const argv = job.docker.invocations()
      assertInvariants(job.main!, { ...context, step: 'main', argv, envs: job.docker.environments() })
      expect(argv).toEqual([['login', registry.host, '--username', username, '--password-stdin']])
      expect(job.authAfterMain).toBe(dockerAuth(username, ids.secret))
      expect(job.main!.stdout).toContain(`Logged in to ${registry.host} as ${username}.`)
      expect(job.main!.state['loggedIn']).toBe('true')
      // Each retry note names the 429 and a wait of at least Retry-After.
      for (const note of job.main!.stdout.split('\n').filter(l => l.startsWith('Deepgram API: '))) {
        expect(note).toMatch(/^Deepgram API: HTTP 429; retrying in (?:\d\d|[1-9])\.\d s \(attempt \d+ of 10\)\.$/)
      }
    }
    // The limit was really hit: the herd is what is being tested.
    expect(api.rejected, 'requests refused by the rate limit').toBeGreaterThanOrEqual(JOBS / 5)
    // One success each, and on average no more than 4 requests a job.
    expect(api.requests.length - api.rejected).toBe(JOBS)
    expect(api.requests.length, 'requests in all').toBeLessThanOrEqual(4 * JOBS)
    for (const req of api.requests) expect(req.headers['authorization']).toBe(`Token ${ids.apiKey}`)
  } finally {
    await api.stop()
    await registry.stop()
    for (const job of jobs) {
      job.docker.cleanup()
      job.runner.cleanup()
    }
  }
}

describe.skipIf(missingTools().length > 0)('a matrix of jobs sharing one key', () => {
  test(
    `${JOBS} jobs at once against ${PER_SECOND} requests a second: all log in, politely`,
    { timeout: 120000 },
    herdScenario
  )
})
