// End-to-end against the stand-in's live rules (../shared/deepgram-api.md, "The live API's own
// rules"): comments of at most 128 characters whatever the names, the sweep by repository ID,
// `self-hosted:products` in `required-scopes`, what create needs, a create that is never answered,
// and the delete's message.
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import { parseComment } from '../../src/sets/comment.ts'
import { ActionRun } from '../support/runner.ts'
import { DeepgramStandIn, type Received, type SeedSet } from '../support/standin.ts'
import { missingTools } from '../support/tools.ts'
import { API, ENGINE, DEFAULT_SCOPES, withFixture, type Fixture, type Ran } from './harness.ts'

const MARK = 'deepgram-self-hosted-login ephemeral'
const EPHEMERAL = { ephemeral: 'true', 'credentials-id': undefined, secret: undefined, login: 'false' }
const HOUR = 3600_000
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString()

// GitHub's limits: owners of 39 characters, repository names of 100; job IDs are free text.
const OWNER = 'o'.repeat(39)
const LONG_REPO = `${OWNER}/${'r'.repeat(100)}`
const REPO_ID = '987654321'
const LONG_RUN = {
  GITHUB_REPOSITORY_ID: REPO_ID,
  GITHUB_REPOSITORY: LONG_REPO,
  GITHUB_RUN_ID: '31415926535',
  GITHUB_RUN_ATTEMPT: '3',
  GITHUB_JOB: 'j'.repeat(60)
}
const RUN_ENV = {
  GITHUB_REPOSITORY_ID: '123456',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_JOB: 'deploy'
}
/** The comment this run's sets get: each create's bears its own mark. */
const COMMENT = new RegExp(`^${MARK} repo:123456 run:4242\\.2 mark:[a-z2-7]{8} acme/app deploy$`)
/** A set an earlier step of the same job made: the same words, another mark. */
const EARLIER_COMMENT = `${MARK} repo:123456 run:4242.2 mark:aaaaaaaa acme/app deploy`

const missing = missingTools()

function calls(f: Fixture, method: string, r: { requests: Received[] }): Received[] {
  const base = `/v1/projects/${f.ids.projectId}/self-hosted/distribution/credentials`
  return r.requests.filter(q => q.method === method && q.url.split('?')[0]!.startsWith(base))
}

/** No warning in either step. */
function expectNoWarning(r: Ran): void {
  expect(r.warnings).toEqual([])
  expect(r.postLog.filter(l => l.startsWith('::warning'))).toEqual([])
}

describe.skipIf(missing.length > 0).concurrent('the live API: comments and the sweep', () => {
  test('ephemeral with a 39-character owner, a 100-character repository name and a 60-character job', async () => {
    await withFixture({ project: {}, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'pass', inputs: EPHEMERAL, env: LONG_RUN })
      expect(r.created).toHaveLength(1)
      const set = r.created[0]!
      const comment = set.comment ?? ''
      expect(comment.length).toBeLessThanOrEqual(128)
      expect(comment).toMatch(new RegExp(`^${MARK} repo:${REPO_ID} run:31415926535\\.3 mark:[a-z2-7]{8} ${OWNER}/`))
      expect(parseComment(comment)).toMatchObject({ repositoryId: REPO_ID, runId: '31415926535', attempt: '3' })
      expect(f.standIn!.createRequests[0]!.body['comment']).toBe(comment)
      expect(r.main.outputs['credentials-id']).toBe(set.id)
      expect(f.standIn!.deleted).toEqual([set.id])
      expectNoWarning(r)
    })
  })

  test(
    'the sweep: this repository by its ID, never one whose name only adds a suffix, never a hand-made set',
    { timeout: 60000 },
    async () => {
      const old = ago(7 * 24 * HOUR)
      const head = (id: string, run: string): string => `${MARK} repo:${id} run:${run}`
      const swept: SeedSet[] = [
        {
          id: randomUUID(),
          scopes: DEFAULT_SCOPES,
          comment: `${head(REPO_ID, '1.1')} ${LONG_REPO} build`,
          created: old
        },
        // A name changed since (a rename keeps the ID).
        { id: randomUUID(), scopes: DEFAULT_SCOPES, comment: `${head(REPO_ID, '2.1')} acme/renamed`, created: old },
        // The comment cut to 128 characters.
        {
          id: randomUUID(),
          scopes: DEFAULT_SCOPES,
          comment: `${head(REPO_ID, '3.1')} ${LONG_REPO}`.slice(0, 128),
          created: old
        }
      ]
      const kept: SeedSet[] = [
        // A repository whose name only adds a suffix: another ID.
        {
          id: randomUUID(),
          scopes: DEFAULT_SCOPES,
          comment: `${head('987654322', '1.1')} ${LONG_REPO}-two`,
          created: old
        },
        {
          id: randomUUID(),
          scopes: DEFAULT_SCOPES,
          comment: `${head('9876543210', '1.1')} ${LONG_REPO}`,
          created: old
        },
        // Made by hand, starting with the same words.
        { id: randomUUID(), scopes: DEFAULT_SCOPES, comment: `${MARK} repo:${REPO_ID} for production`, created: old },
        { id: randomUUID(), scopes: DEFAULT_SCOPES, comment: `${head(REPO_ID, '5.1')}, keep`, created: old },
        { id: randomUUID(), scopes: DEFAULT_SCOPES, comment: `${MARK} ${LONG_REPO} keep this`, created: old },
        // Recent.
        {
          id: randomUUID(),
          scopes: DEFAULT_SCOPES,
          comment: `${head(REPO_ID, '8.1')} ${LONG_REPO}`,
          created: ago(HOUR)
        }
      ]
      await withFixture({ project: { sets: [...kept, ...swept] }, docker: 'absent' }, async f => {
        const r = await f.run({ outcome: 'pass', inputs: EPHEMERAL, env: LONG_RUN })
        const made = r.created[0]!.id
        expect(f.standIn!.deleted.filter(id => id !== made).sort()).toEqual(swept.map(s => s.id!).sort())
        for (const k of kept) expect(f.standIn!.sets.has(k.id!)).toBe(true)
        expectNoWarning(r)
      })
    }
  )
})

describe.skipIf(missing.length > 0).concurrent('required-scopes: self-hosted:products', () => {
  const BILLING = 'self-hosted:product:billing'

  test.each(['self-hosted:products', 'onprem:products'])(
    'a set made by the action (%s): asks for the umbrella, passes with the products it got, and says which',
    async umbrella => {
      await withFixture({ project: { accountScopes: [API, BILLING] }, docker: 'absent' }, async f => {
        const r = await f.run({ outcome: 'pass', inputs: { ...EPHEMERAL, 'required-scopes': umbrella }, env: RUN_ENV })
        expect(f.standIn!.createRequests[0]!.body['scopes']).toEqual(['self-hosted:products'])
        const id = r.created[0]!.id
        expect(r.main.outputs['scopes']).toBe([API, 'onprem:product:api', BILLING, 'onprem:product:billing'].join(','))
        const said = r.log.find(l => l.includes('self-hosted:products') && l.includes(id))
        expect(said).toContain(`${API}, ${BILLING}`)
        expect(r.main.summary).toContain('<code>self-hosted:products</code>')
        expect(r.main.summary).toContain(`<code>${API}</code>, <code>${BILLING}</code>`)
        expect(r.main.summary).not.toContain('✗')
        expect(f.standIn!.deleted).toEqual([id])
        expectNoWarning(r)
      })
    }
  )

  test('the umbrella beside a product scope: both are asked for and both are met', async () => {
    await withFixture({ project: {}, docker: 'absent' }, async f => {
      const r = await f.run({
        outcome: 'pass',
        inputs: { ...EPHEMERAL, 'required-scopes': `self-hosted:products, ${ENGINE}` },
        env: RUN_ENV
      })
      expect(f.standIn!.createRequests[0]!.body['scopes']).toEqual(['self-hosted:products', ENGINE])
      expect(r.main.summary).toContain(`<code>${ENGINE}</code></td><td>✓ granted`)
    })
  })

  test.each(['self-hosted:products', `${API}, onprem:products`])(
    'a stored set (%s): an input error before any request, saying to name the product scopes',
    async scopes => {
      await withFixture({ project: { sets: [] }, docker: 'absent' }, async f => {
        const r = await f.run({ outcome: 'fail', inputs: { 'required-scopes': scopes, login: 'false' } })
        expect(r.error).toMatch(/^::error title=Invalid input required-scopes::/)
        expect(r.error).toContain('stored set')
        expect(r.error).toContain('self-hosted:product:api, self-hosted:product:engine')
        expect(f.requests).toEqual([])
        expect(r.main.outputs).toEqual({})
      })
    }
  )
})

describe.skipIf(missing.length > 0).concurrent('what create needs', () => {
  test('403: the key lacks a product scope asked for: quotes Deepgram, says the API key lacks it', async () => {
    await withFixture({ project: { accountScopes: [API] }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: EPHEMERAL, env: RUN_ENV })
      expect(r.error).toMatch(/^::error title=Deepgram API access denied::/)
      expect(r.error).toContain('(HTTP 403): the API key lacks')
      expect(r.error).toContain('keys:write')
      expect(r.error).toContain('the owner role alone does not include')
      expect(r.error).toContain(
        `Deepgram said: "The API key is missing the required scopes: ${ENGINE}" (INSUFFICIENT_PERMISSIONS).`
      )
      expect(r.created).toEqual([])
      expect(calls(f, 'DELETE', r)).toEqual([])
    })
  })

  test('400: a key without any product scope asked for self-hosted:products: says so, not "check project-id"', async () => {
    await withFixture({ project: { accountScopes: [] }, docker: 'absent' }, async f => {
      const r = await f.run({
        outcome: 'fail',
        inputs: { ...EPHEMERAL, 'required-scopes': 'self-hosted:products' },
        env: RUN_ENV
      })
      expect(r.error).toMatch(/^::error title=Deepgram API rejected the request::/)
      expect(r.error).toContain('at least one product scope')
      expect(r.error).not.toContain('`project-id`')
      expect(r.created).toEqual([])
    })
  })

  test('400 for the comment: says so, not "check project-id"', async () => {
    const refused = {
      status: 400,
      body: { err_code: 'BAD_REQUEST', err_msg: 'comment must be between 1 and 128 characters' }
    }
    await withFixture({ project: { faults: { create: [refused] } }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: EPHEMERAL, env: RUN_ENV })
      expect(r.error).toContain('the comment this action gave the new set')
      expect(r.error).toContain('Deepgram said: "comment must be between 1 and 128 characters" (BAD_REQUEST).')
      expect(r.error).not.toContain('`project-id`')
    })
  })
})

describe.skipIf(missing.length > 0).concurrent('a create made but never answered', () => {
  const base = (f: Fixture): string => `/v1/projects/${f.ids.projectId}/self-hosted/distribution/credentials`

  test(
    'no answer at all (the server acted, then hung): the main step finds this run’s set and deletes it',
    { timeout: 60000 },
    async () => {
      await withFixture(
        { project: { faults: { create: [{ afterActing: true, hang: true }] } }, docker: 'absent' },
        async f => {
          const r = await f.run({ outcome: 'fail', inputs: EPHEMERAL, env: RUN_ENV, timeoutMs: 40000 })
          expect(r.created).toHaveLength(1)
          const id = r.created[0]!.id
          expect(r.created[0]!.comment).toMatch(COMMENT)
          expect(r.error).toMatch(/^::error title=Deepgram API timed out::/)
          expect(r.error).toContain(`set ${id}, bearing its mark:`)
          // The sweep's list, the create, the lookup's list, the delete; nothing in the post step.
          expect(r.requests.map(q => `${q.method} ${q.url.split('?')[0]!}`)).toEqual([
            `GET ${base(f)}`,
            `POST ${base(f)}`,
            `GET ${base(f)}`,
            `DELETE ${base(f)}/${id}`
          ])
          expect(f.standIn!.sets.has(id)).toBe(false)
          expect(r.main.state['setToCleanUp'] ?? '').toBe('')
          expect(r.postLog.filter(l => l.startsWith('::warning'))).toEqual([])
        }
      )
    }
  )

  test('a gateway 504 after the server acted, and the main step cannot delete: the post step does', async () => {
    const gateway = { status: 504, body: '<html><body>Gateway Time-out</body></html>', afterActing: true }
    const refused = { status: 403, body: { err_code: 'FORBIDDEN', err_msg: 'Not now.' } }
    await withFixture({ project: { faults: { create: [gateway], delete: [refused] } }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: EPHEMERAL, env: RUN_ENV })
      const id = r.created[0]!.id
      expect(r.error).toMatch(/^::error title=Deepgram API unavailable::/)
      expect(r.error).toContain('HTTP 504')
      expect(r.error).toContain(`Set ${id}, bearing its mark:`)
      expect(r.error).toContain('could not be deleted: see the warning')
      expect(r.warnings).toHaveLength(1)
      expect(r.warnings[0]).toContain(`curl -X DELETE -H "Authorization: Token $DEEPGRAM_API_KEY"`)
      expect(JSON.parse(r.main.state['setToCleanUp']!)).toEqual({ kind: 'lost-create', comment: r.created[0]!.comment })
      expect(f.standIn!.deleted).toEqual([id])
      expect(calls(f, 'DELETE', r).filter(q => q.url.endsWith(id))).toHaveLength(2)
      expect(
        r.postLog.some(l =>
          l.startsWith(`Deleted credential set ${id}, made by this run's create whose answer was lost (mark:`)
        )
      ).toBe(true)
      expect(r.postLog.filter(l => l.startsWith('::warning'))).toEqual([])
    })
  })

  test('the lookup takes only the set this create made: not one an earlier step of the same job made', async () => {
    const earlier = { id: randomUUID(), scopes: DEFAULT_SCOPES, comment: EARLIER_COMMENT, created: ago(60_000) }
    const gateway = { status: 502, body: 'Bad Gateway', afterActing: true }
    await withFixture({ project: { sets: [earlier], faults: { create: [gateway] } }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: EPHEMERAL, env: RUN_ENV })
      const id = r.created[0]!.id
      expect(r.error).toContain(`set ${id}, bearing its mark:`)
      expect(f.standIn!.deleted).toEqual([id])
      expect(f.standIn!.sets.has(earlier.id)).toBe(true)
    })
  })

  test('the lookup finds nothing when the create made nothing: said, and nothing deleted', async () => {
    const gateway = { status: 503, body: 'Service Unavailable' }
    await withFixture({ project: { faults: { create: [gateway] } }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: EPHEMERAL, env: RUN_ENV })
      expect(r.created).toEqual([])
      expect(r.error).toMatch(/none bearing its mark:[a-z2-7]{8} is listed: it made none/)
      expect(r.requests.map(q => q.method)).toEqual(['GET', 'POST', 'GET'])
      expect(r.postLog.filter(l => l.startsWith('::warning'))).toEqual([])
    })
  })
})

describe.skipIf(missing.length > 0).concurrent('answers read without a warning', () => {
  test('sets with tags in the list, and a delete that answers with a message, not the set', async () => {
    const tagged = { id: randomUUID(), scopes: DEFAULT_SCOPES, comment: 'CI pulls', tags: ['ci', 'prod'] }
    await withFixture({ project: { sets: [tagged] }, docker: 'absent' }, async f => {
      const stored = await f.run({ outcome: 'pass', inputs: { 'credentials-id': tagged.id, login: 'false' } })
      expect(stored.main.outputs['comment']).toBe('CI pulls')
      expectNoWarning(stored)
      const r = await f.run({ outcome: 'pass', inputs: EPHEMERAL, env: RUN_ENV })
      const id = r.created[0]!.id
      expect(f.standIn!.deleted).toEqual([id])
      expect(r.postLog).toContain(`Deleted credential set ${id}, made for this job.`)
      expectNoWarning(r)
    })
  })
})

describe.skipIf(missing.length > 0)('a main step stopped while its create waits', () => {
  test('the post step finds the set the create made, by the marker saved before the request, and deletes it', async () => {
    const projectId = randomUUID()
    const apiKey = `key${randomUUID()}`
    const standIn = await DeepgramStandIn.startProject({
      projectId,
      apiKey,
      faults: { create: [{ afterActing: true, hang: true }] }
    })
    const runner = new ActionRun()
    try {
      const inputs = {
        'project-id': projectId,
        'api-key': apiKey,
        'api-url': standIn.url,
        ephemeral: 'true',
        login: 'false'
      }
      // The job is cancelled (the step killed) while the create has no answer yet.
      const main = await runner.step({ inputs, env: RUN_ENV, timeoutMs: 3000 })
      expect(main.code).toBe(null)
      expect(standIn.created).toHaveLength(1)
      const id = standIn.created[0]!.id
      expect(JSON.parse(main.state['setToCleanUp'] ?? '{}')).toEqual({
        kind: 'lost-create',
        comment: standIn.created[0]!.comment
      })
      expect(standIn.created[0]!.comment).toMatch(COMMENT)
      const post = await runner.post({ inputs, env: RUN_ENV, state: main.state, timeoutMs: 20000 })
      expect(post.code).toBe(0)
      expect(post.stderr).toBe('')
      expect(post.stdout).toContain(
        `Deleted credential set ${id}, made by this run's create whose answer was lost (mark:`
      )
      expect(post.stdout).not.toContain(apiKey)
      expect(standIn.sets.has(id)).toBe(false)
    } finally {
      runner.cleanup()
      await standIn.stop()
    }
  })
})
