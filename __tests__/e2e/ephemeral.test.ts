// End-to-end: `ephemeral: true`, a credential set made for the job and deleted
// after it. The stand-in keeps the project's sets in memory (create, get,
// delete), and the real token-auth registry accepts a set only while the
// stand-in holds it, a moment after it was made, as quay does.
import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { afterAll, describe, expect, test } from 'vitest'
import { REPOS } from '../support/token-registry.ts'
import { missingTools } from '../support/tools.ts'
import type { SeedSet } from '../support/standin.ts'
import {
  API,
  ENGINE,
  DEFAULT_SCOPES,
  calls,
  dockerAuth,
  SHARED_TAG,
  sharedTokenRegistry,
  stopSharedTokenRegistry,
  usernameOf,
  withFixture,
  type Fixture,
  type Ran
} from './harness.ts'

const PREFIX = 'deepgram-self-hosted-login ephemeral'
const REPO = 'acme/app'
/** What the runner sets, and the comment the set gets from it. */
const RUN_ENV = {
  GITHUB_REPOSITORY_ID: '123456',
  GITHUB_REPOSITORY: REPO,
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_JOB: 'deploy'
}
/** Each create's comment bears a mark of its own (8 base32 characters) after the run. */
const COMMENT = new RegExp(`^${PREFIX} repo:123456 run:4242\\.2 mark:[a-z2-7]{8} ${REPO} deploy$`)
/** The inputs of the ephemeral mode: no set, no secret. */
const EPHEMERAL = { ephemeral: 'true', 'credentials-id': undefined, secret: undefined }
const HOUR = 3600_000
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString()

const missing = missingTools()

/** main made exactly one set, the post step deleted it, and nothing else was deleted. */
function expectMadeAndDeleted(f: Fixture, r: Ran): string {
  expect(r.created).toHaveLength(1)
  const id = r.created[0]!.id
  expect(f.standIn!.deleted).toEqual([id])
  expect(f.standIn!.sets.has(id)).toBe(false)
  const deletes = calls(f, 'DELETE', r)
  expect(deletes.map(q => q.url)).toEqual([
    `/v1/projects/${f.ids.projectId}/self-hosted/distribution/credentials/${id}`
  ])
  expect(deletes[0]!.headers['authorization']).toBe(`Token ${f.ids.apiKey}`)
  // The post step deleted it, after the main step had ended.
  expect(deletes[0]!.at).toBeGreaterThanOrEqual(
    Math.max(...r.requests.filter(q => q.method !== 'DELETE').map(q => q.at))
  )
  expect(r.postLog).toContain(`Deleted credential set ${id}, made for this job.`)
  return id
}

/** The create request carried the scopes and the provider both ways, and the comment; returns the comment. */
function expectCreateRequest(f: Fixture, scopes: string[], comment = COMMENT): string {
  expect(f.standIn!.createRequests).toHaveLength(1)
  const c = f.standIn!.createRequests[0]!
  expect(c.queryScopes).toEqual(scopes)
  expect(c.queryProvider).toBe('quay')
  const sent = String(c.body['comment'])
  expect(sent).toMatch(comment)
  expect(c.body).toEqual({ comment: sent, scopes, provider: 'quay' })
  const post = f.requests.find(q => q.method === 'POST')!
  expect(post.headers['content-type']).toMatch(/^application\/json/)
  expect(post.headers['authorization']).toBe(`Token ${f.ids.apiKey}`)
  return sent
}

describe.skipIf(missing.length > 0).concurrent('ephemeral: a credential set made for the job', () => {
  afterAll(() => stopSharedTokenRegistry())

  test(
    'docker: sweeps, creates, waits for the registry to accept the set, logs in; the post step logs out and deletes it',
    { timeout: 60000 },
    async () => {
      await withFixture({ project: { registryDelayMs: 2500 }, registry: 'token' }, async f => {
        const r = await f.run({ outcome: 'pass', inputs: EPHEMERAL, env: RUN_ENV })
        const id = expectMadeAndDeleted(f, r)
        const username = usernameOf(id)
        // The sweep's list, the create; then the post step's read of the set (does it bear the
        // create's mark?) and its delete.
        expect(r.requests.map(q => q.method)).toEqual(['GET', 'POST', 'GET', 'DELETE'])
        const COMMENT = expectCreateRequest(f, DEFAULT_SCOPES)
        expect(r.created[0]!.comment).toBe(COMMENT)
        expect(r.main.outputs['credentials-id']).toBe(id)
        expect(r.main.outputs['username']).toBe(username)
        expect(r.main.outputs['comment']).toBe(COMMENT)
        // The live API lists each product under both prefixes.
        expect(r.main.outputs['scopes']).toBe([API, 'onprem:product:api', ENGINE, 'onprem:product:engine'].join(','))
        expect(r.main.outputs['registry']).toBe(f.host)
        expect(Object.keys(r.main.outputs)).not.toContain('secret')
        // The set's ID (never its secret) is saved for the post step.
        expect(JSON.parse(r.main.state['setToCleanUp'] ?? '{}')).toMatchObject({ kind: 'job-set', id })
        expect(r.log).toContain(`Created credential set ${id} for this job (${COMMENT}); the post step deletes it.`)
        // The registry refused the new set at first, and the login was retried until it took it.
        const logins = r.mainArgv.filter(a => a[0] === 'login')
        expect(logins.length).toBeGreaterThan(1)
        for (const l of logins) expect(l).toEqual(['login', f.host, '--username', username, '--password-stdin'])
        expect(r.log.some(l => /refused the new credential set .*; retrying in \d+\.\d s/.test(l))).toBe(true)
        expect(r.main.ms).toBeGreaterThan(2500)
        expect(r.log).toContain(`Logged in to ${f.host} as ${username}.`)
        expect(r.configAfterMain.auths?.[f.host]?.auth).toBe(
          Buffer.from(`${username}:${r.created[0]!.secret}`).toString('base64')
        )
        expect(r.main.summary).toContain('made for this job')
        expect(r.main.summary).toContain(id)
        expect(r.main.summary).toContain(COMMENT)
        expect(r.main.summary).toContain('the post step deletes it')
        // Logged out first, then deleted.
        expect(r.postArgv).toEqual([['logout', f.host]])
        expect(r.configAfterPost.auths?.[f.host]).toBeUndefined()
        expect(r.postLog.indexOf(`Logged out of ${f.host}.`)).toBeLessThan(
          r.postLog.indexOf(`Deleted credential set ${id}, made for this job.`)
        )
        expect(r.warnings).toEqual([])
      })
    }
  )

  test(
    'login: false without docker, the flat answer, images checked: the token endpoint is retried until the set is accepted',
    { timeout: 60000 },
    async () => {
      await withFixture(
        { project: { createShape: 'flat', registryDelayMs: 2000 }, registry: 'token', docker: 'absent' },
        async f => {
          const { digests } = await sharedTokenRegistry()
          const images = `${REPOS.api}:${SHARED_TAG}\n${REPOS.engine}:${SHARED_TAG}`
          const r = await f.run({
            outcome: 'pass',
            // onprem: names are asked for under their self-hosted: names (the only ones create takes).
            inputs: {
              ...EPHEMERAL,
              login: 'false',
              images,
              'required-scopes': 'onprem:product:api, self-hosted:product:engine'
            },
            env: RUN_ENV
          })
          const id = expectMadeAndDeleted(f, r)
          expectCreateRequest(f, DEFAULT_SCOPES)
          expect(r.main.outputs['credentials-id']).toBe(id)
          expect(r.main.outputs['digests']).toBe(
            `${REPOS.api}:${SHARED_TAG}@${digests.api}\n${REPOS.engine}:${SHARED_TAG}@${digests.engine}`
          )
          // Refused at first (401), retried, then a token.
          expect(r.tokenRequests.length).toBeGreaterThan(1)
          expect(r.tokenRequests[0]!.status).toBe(401)
          expect(r.tokenRequests.at(-1)!.status).toBe(200)
          expect(r.log.some(l => /refused the new credential set .*; retrying in \d+\.\d s/.test(l))).toBe(true)
          expect(r.log).toContain('Check only (login: false): did not log in.')
          expect(r.mainArgv).toEqual([])
          expect(r.postLog).toContain('Not logged in by this action: nothing to log out.')
        }
      )
    }
  )

  test('the OpenAPI (nested) answer with login: false and no images: no registry at all; local names without the runner variables', async () => {
    await withFixture({ project: { createShape: 'nested' }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'pass', inputs: { ...EPHEMERAL, login: 'false' } })
      const id = expectMadeAndDeleted(f, r)
      expectCreateRequest(f, DEFAULT_SCOPES, new RegExp(`^${PREFIX} repo:local run:local\\.1 mark:[a-z2-7]{8} local$`))
      expect(r.main.outputs['credentials-id']).toBe(id)
      expect(r.main.outputs['username']).toBe(usernameOf(id))
      expect(JSON.parse(r.main.state['setToCleanUp'] ?? '{}')).toMatchObject({ kind: 'job-set', id })
    })
  })

  test('a stored set still works, and its ID is the credentials-id output, lower-case', async () => {
    const id = randomUUID()
    await withFixture({ project: { sets: [{ id, scopes: DEFAULT_SCOPES }] }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'pass', inputs: { 'credentials-id': id.toUpperCase(), login: 'false' } })
      expect(r.main.outputs['credentials-id']).toBe(id)
      expect(r.requests.map(q => q.method)).toEqual(['GET'])
      expect(r.created).toEqual([])
      expect(f.standIn!.deleted).toEqual([])
    })
  })

  test('403 on create: the API key lacks what Deepgram names, and the stored-secret mode needs only member', async () => {
    await withFixture({ project: { role: 'member' }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: { ...EPHEMERAL, login: 'false' }, env: RUN_ENV })
      expect(r.error).toMatch(/^::error title=Deepgram API access denied::/)
      expect(r.error).toContain('(HTTP 403): the API key lacks')
      expect(r.error).toContain('keys:write')
      expect(r.error).toContain('`credentials-id` + `secret`')
      expect(r.error).toContain('member role')
      expect(r.error).toContain(
        'Deepgram said: "The API key is missing the required scope keys:write." (INSUFFICIENT_PERMISSIONS).'
      )
      expect(r.created).toEqual([])
      expect(r.main.state['setToCleanUp'] ?? '').toBe('')
      expect(calls(f, 'DELETE', r)).toEqual([])
      expect(r.main.outputs).toEqual({})
    })
  })

  test('401: the key is rejected (the sweep warns, the create fails)', async () => {
    await withFixture({ project: { apiKey: 'another-key' }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: { ...EPHEMERAL, login: 'false' }, env: RUN_ENV })
      expect(r.error).toMatch(/^::error title=Deepgram API key rejected::/)
      expect(r.error).toContain('(HTTP 401): it is invalid, revoked or expired')
      expect(r.warnings).toHaveLength(1)
      expect(r.warnings[0]).toMatch(/^::warning title=Old sets not swept::/)
      expect(r.requests.map(q => q.method)).toEqual(['GET', 'POST'])
      expect(r.created).toEqual([])
    })
  })

  test('reference rules: a set created short of a scope: fails naming it, and the post step deletes the set', async () => {
    // The reference page's reading: a set may carry fewer scopes than asked. The live API refuses
    // such a create instead (a 403 naming the scope).
    await withFixture({ project: { rules: 'reference', accountScopes: [API] }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: { ...EPHEMERAL, login: 'false' }, env: RUN_ENV })
      const id = expectMadeAndDeleted(f, r)
      expect(r.error).toMatch(/^::error title=Credential set lacks required scopes::/)
      expect(r.error).toContain(`Credential set ${id}, made for this job, is missing ${ENGINE} (it has: ${API})`)
      expect(r.error).toContain("the API key's account")
      expect(r.main.summary).toContain(`<h3>❌ The credential set lacks ${ENGINE}</h3>`)
      expect(JSON.parse(r.main.state['setToCleanUp'] ?? '{}')).toMatchObject({ kind: 'job-set', id })
    })
  })

  test(
    'the main step fails after creating (a missing tag): no login, the post step deletes the set',
    { timeout: 60000 },
    async () => {
      await withFixture({ project: { registryDelayMs: 0 }, registry: 'token' }, async f => {
        const images = `${REPOS.api}:release-215015`
        const r = await f.run({ outcome: 'fail', inputs: { ...EPHEMERAL, images }, env: RUN_ENV })
        const id = expectMadeAndDeleted(f, r)
        expect(r.error).toMatch(/^::error title=Images would not pull::/)
        expect(r.error).toContain('the tag release-215015 does not exist')
        f.expectNoLogin(r)
        expect(JSON.parse(r.main.state['setToCleanUp'] ?? '{}')).toMatchObject({ kind: 'job-set', id })
      })
    }
  )

  test('an answer without a secret: the set is deleted at once, then "no usable set"', async () => {
    await withFixture({ project: { createOmits: 'secret' }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: { ...EPHEMERAL, login: 'false' }, env: RUN_ENV })
      expect(r.error).toMatch(/^::error title=No usable credential set::/)
      expect(r.error).toContain('returned no usable set')
      expect(r.error).toContain('no secret')
      const id = r.created[0]!.id
      // Deleted by the main step, so the post step has nothing left to do.
      expect(f.standIn!.deleted).toEqual([id])
      expect(calls(f, 'DELETE', r)).toHaveLength(1)
      expect(r.error).toContain(`${id} was deleted again`)
      expect(r.main.state['setToCleanUp'] ?? '').toBe('')
    })
  })

  test('an answer without an ID: "no usable set", the set found by its comment and deleted, and the secret it held is masked', async () => {
    await withFixture({ project: { createOmits: 'id' }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: { ...EPHEMERAL, login: 'false' }, env: RUN_ENV })
      expect(r.error).toMatch(/^::error title=No usable credential set::/)
      expect(r.error).toContain('returned no usable set')
      expect(r.error).toContain('no ID')
      const secret = r.created[0]!.secret!
      expect(r.log).toContain(`::add-mask::${secret}`)
      expect(
        `${r.main.stdout}${r.post.stdout}${JSON.stringify(r.main.state)}`.replace(`::add-mask::${secret}`, '')
      ).not.toContain(secret)
      // Looked for by this run's comment (the sweep's list, the create, the lookup's list), and deleted.
      const id = r.created[0]!.id
      expect(r.requests.map(q => q.method)).toEqual(['GET', 'POST', 'GET', 'DELETE'])
      expect(f.standIn!.deleted).toEqual([id])
      expect(r.error).toContain(`set ${id}, bearing its mark:`)
      expect(r.error).toContain('was deleted. Nothing was left behind.')
    })
  })

  test(
    'the sweep: deletes this repository’s sets older than 6 days, at most 10, and keeps every other set',
    { timeout: 60000 },
    async () => {
      // Sets of the old format (before repository IDs), still recognised by the name.
      const stale = Array.from({ length: 12 }, (_, i) => ({
        id: randomUUID(),
        scopes: DEFAULT_SCOPES,
        comment: `${PREFIX} ${REPO} run ${1000 + i}.1 deploy`,
        created: ago(6 * 24 * HOUR + HOUR + i * HOUR)
      }))
      const kept: SeedSet[] = [
        // Recent: its job may still be running (a self-hosted runner's job may run for 5 days).
        {
          id: randomUUID(),
          scopes: DEFAULT_SCOPES,
          comment: `${PREFIX} ${REPO} run 999.1 deploy`,
          created: ago(2 * HOUR)
        },
        {
          id: randomUUID(),
          scopes: DEFAULT_SCOPES,
          comment: `${PREFIX} ${REPO} run 998.1 deploy`,
          created: ago(5 * 24 * HOUR)
        },
        // Another repository's, and one whose name only starts the same.
        {
          id: randomUUID(),
          scopes: DEFAULT_SCOPES,
          comment: `${PREFIX} acme/other run 1.1 deploy`,
          created: ago(8 * 24 * HOUR)
        },
        {
          id: randomUUID(),
          scopes: DEFAULT_SCOPES,
          comment: `${PREFIX} ${REPO}-two run 1.1 deploy`,
          created: ago(8 * 24 * HOUR)
        },
        // Made by hand.
        { id: randomUUID(), scopes: DEFAULT_SCOPES, comment: 'CI pulls', created: ago(400 * 24 * HOUR) },
        { id: randomUUID(), scopes: DEFAULT_SCOPES, created: ago(400 * 24 * HOUR) },
        {
          id: randomUUID(),
          scopes: DEFAULT_SCOPES,
          comment: ` ${PREFIX} ${REPO} run 5.1 deploy`,
          created: ago(8 * 24 * HOUR)
        }
      ]
      await withFixture({ project: { sets: [...kept, ...stale] }, docker: 'absent' }, async f => {
        const r = await f.run({ outcome: 'pass', inputs: { ...EPHEMERAL, login: 'false' }, env: RUN_ENV })
        const made = r.created[0]!.id
        const swept = f.standIn!.deleted.filter(id => id !== made)
        expect(swept).toHaveLength(10)
        for (const id of swept) {
          expect(stale.map(s => s.id)).toContain(id)
          expect(r.log.some(l => l.startsWith(`Deleted stale credential set ${id} `))).toBe(true)
        }
        // The sweep ran before the create.
        const posts = calls(f, 'POST', r)
        for (const d of calls(f, 'DELETE', r).filter(q => !q.url.endsWith(made)))
          expect(d.at).toBeLessThanOrEqual(posts[0]!.at)
        for (const k of kept) expect(f.standIn!.sets.has(k.id!)).toBe(true)
        expect([...f.standIn!.sets.keys()].filter(id => stale.some(s => s.id === id))).toHaveLength(2)
        expect(r.warnings).toEqual([])
        expect(f.standIn!.sets.has(made)).toBe(false)
      })
    }
  )

  test(
    'a failed sweep is a warning; a failed delete is a warning naming the set and how to delete it by hand',
    { timeout: 90000 },
    async () => {
      const stale = {
        id: randomUUID(),
        scopes: DEFAULT_SCOPES,
        comment: `${PREFIX} ${REPO} run 7.1 deploy`,
        created: ago(7 * 24 * HOUR)
      }
      const unavailable = { status: 503, body: 'Service Unavailable' }
      await withFixture(
        {
          project: {
            sets: [stale],
            // The sweep's delete fails (not retried: 403); later the post step's delete fails every attempt.
            faults: {
              delete: [
                { status: 403, body: { err_code: 'FORBIDDEN', err_msg: 'No.' } },
                unavailable,
                unavailable,
                unavailable,
                unavailable
              ]
            }
          },
          docker: 'absent'
        },
        async f => {
          const r = await f.run({
            outcome: 'pass',
            inputs: { ...EPHEMERAL, login: 'false' },
            env: RUN_ENV,
            timeoutMs: 60000
          })
          const id = r.created[0]!.id
          expect(r.warnings).toHaveLength(1)
          expect(r.warnings[0]).toMatch(/^::warning title=Old sets not swept::/)
          expect(r.warnings[0]).toContain(stale.id)
          expect(r.post.code).toBe(0)
          const warned = r.postLog.filter(l => l.startsWith('::warning'))
          expect(warned).toHaveLength(1)
          expect(warned[0]).toMatch(/^::warning title=Credential set not deleted::/)
          expect(warned[0]).toContain(id)
          expect(warned[0]).toContain('HTTP 503')
          expect(warned[0]).toContain('Delete it by hand')
          expect(warned[0]).toContain(`/v1/projects/${f.ids.projectId}/self-hosted/distribution/credentials/${id}`)
          // The usual retries: four attempts.
          expect(calls(f, 'DELETE', r).filter(q => q.url.endsWith(id))).toHaveLength(4)
          expect(f.standIn!.sets.has(id)).toBe(true)
          expect(f.standIn!.sets.has(stale.id)).toBe(true)
        }
      )
    }
  )

  test(
    'a registry that never accepts the new set: retried for about 30 s, then the usual refusal; the set is deleted',
    { timeout: 120000 },
    async () => {
      await withFixture({ project: { registryDelayMs: 10 * 60_000 }, registry: 'token' }, async f => {
        const r = await f.run({ outcome: 'login-refused', inputs: EPHEMERAL, env: RUN_ENV, timeoutMs: 90000 })
        const id = expectMadeAndDeleted(f, r)
        expect(r.error).toMatch(/^::error title=Registry login failed::/)
        expect(r.error).toContain(usernameOf(id))
        expect(r.main.ms).toBeGreaterThan(28000)
        expect(r.main.ms).toBeLessThan(75000)
        expect(r.mainArgv.filter(a => a[0] === 'login').length).toBeGreaterThan(2)
        expect(r.main.state['loggedIn']).toBeUndefined()
      })
    }
  )

  test('docker-config: the file holds the new set’s login, with a warning that it dies with the job; the post step deletes the file, then the set', async () => {
    await withFixture({ project: {}, docker: 'absent' }, async f => {
      let file = ''
      let content: unknown
      const r = await f.run({
        outcome: 'pass',
        inputs: { ...EPHEMERAL, login: 'false', 'docker-config': 'true' },
        env: RUN_ENV,
        between: main => {
          file = main.outputs['docker-config'] ?? ''
          content = JSON.parse(readFileSync(file, 'utf8'))
        }
      })
      const id = expectMadeAndDeleted(f, r)
      const set = r.created[0]!
      expect(content).toEqual({ auths: { 'quay.io': { auth: dockerAuth(usernameOf(id), set.secret!) } } })
      expect(r.warnings).toHaveLength(1)
      expect(r.warnings[0]).toMatch(/^::warning title=Docker config of a set made for this job::/)
      expect(r.warnings[0]).toContain('A Kubernetes pull secret made from it stops working when the job ends')
      expect(existsSync(file)).toBe(false)
      const deletedFile = r.postLog.indexOf('Deleted the docker config file (output docker-config).')
      expect(deletedFile).toBeGreaterThanOrEqual(0)
      expect(deletedFile).toBeLessThan(r.postLog.indexOf(`Deleted credential set ${id}, made for this job.`))
    })
  })

  test('ephemeral with credentials-id or secret: an input error before any request', async () => {
    await withFixture({ project: {}, docker: 'absent' }, async f => {
      for (const extra of [{ 'credentials-id': f.ids.credentialsId }, { secret: f.ids.secret }]) {
        const name = Object.keys(extra)[0]!
        const r = await f.run({ outcome: 'fail', inputs: { ...EPHEMERAL, login: 'false', ...extra } })
        expect(r.error).toMatch(new RegExp(`^::error title=Invalid input ${name}::`))
        expect(r.error).toContain('must be empty when `ephemeral` is true')
        expect(f.requests).toEqual([])
      }
    })
  })
})
