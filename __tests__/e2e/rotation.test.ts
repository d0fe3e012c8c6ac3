// End-to-end: rotating a Kubernetes pull secret (issue 22). `rotate` makes a set
// for a rotation and keeps it; `retire` deletes that rotation's other sets for this
// repository, and nothing else. The stand-in keeps the project's sets and answers
// by the live API's rules; the real token-auth registry accepts a set while it exists.
import { createHash, randomUUID } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { runnerTemp, skopeoRaw } from '../support/skopeo.ts'
import type { SeedSet } from '../support/standin.ts'
import { REPOS } from '../support/token-registry.ts'
import { missingTools, which } from '../support/tools.ts'
import {
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

const MARK = 'deepgram-self-hosted-login'
const REPO_ID = '123456'
/** What the runner sets: the comment names the repository by its ID. */
const RUN_ENV = {
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_REPOSITORY_ID: REPO_ID,
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_JOB: 'rotate'
}
/** Each create's comment bears a mark of its own (8 base32 characters) after the run. */
const COMMENT = new RegExp(`^${MARK} rotate:prod-us repo:${REPO_ID} run:4242\\.2 mark:[a-z2-7]{8} acme/app$`)
/** `rotate`: no stored set, no secret. */
const ROTATE = { rotate: 'prod-us', 'credentials-id': undefined, secret: undefined }
const DAY = 86400_000
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString()
const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`

const missing = [...missingTools(), ...(which('skopeo') ? [] : ['skopeo'])]

/** A set a rotation made: `days` ago, for repository `repo`. */
function rotationSet(name: string, days: number, repo = REPO_ID): SeedSet & { id: string } {
  const run = 1000 + days
  return {
    id: randomUUID(),
    scopes: DEFAULT_SCOPES,
    comment: `${MARK} rotate:${name} repo:${repo} run:${run}.1 acme/app`,
    created: ago(days * DAY)
  }
}

/** `retire: prod-us` keeping `keep`. */
const retire = (keep: string, name = 'prod-us'): Record<string, string | undefined> => ({
  retire: name,
  'credentials-id': keep,
  secret: undefined
})

/** main made exactly one set for the rotation, and nothing deleted it. */
function expectKept(f: Fixture, r: Ran): string {
  expect(r.created).toHaveLength(1)
  const id = r.created[0]!.id
  expect(f.standIn!.sets.has(id)).toBe(true)
  expect(f.standIn!.deleted).toEqual([])
  expect(calls(f, 'DELETE', r)).toEqual([])
  // No sweep: the create is the only request.
  expect(r.requests.map(q => q.method)).toEqual(['POST'])
  const comment = String(f.standIn!.createRequests[0]!.body['comment'])
  expect(comment).toMatch(COMMENT)
  expect(f.standIn!.createRequests[0]!.body).toEqual({ comment, scopes: DEFAULT_SCOPES, provider: 'quay' })
  expect(r.main.outputs['credentials-id']).toBe(id)
  expect(r.main.outputs['username']).toBe(usernameOf(id))
  expect(r.main.outputs['comment']).toBe(comment)
  // Handed over: the post step no longer deletes it.
  expect(r.main.state['setToCleanUp']).toBe('')
  expect(r.log).toContain(`Created credential set ${id} for rotation prod-us (${comment}).`)
  expect(r.log.some(l => l.startsWith(`Keeping credential set ${id} for rotation prod-us:`))).toBe(true)
  expect(r.postLog.some(l => l.includes('Deleted credential set'))).toBe(false)
  expect(r.main.summary).toContain(
    `✅ Made and kept credential set <code>${id}</code> for rotation <code>prod-us</code>`
  )
  expect(r.main.summary).toContain('it is kept')
  return id
}

describe.skipIf(missing.length > 0).concurrent('rotate and retire', () => {
  afterAll(() => stopSharedTokenRegistry())

  test(
    'rotate: one set made and checked (images, release: latest), its docker config file pulls with skopeo; the set outlives the post step',
    { timeout: 60000 },
    async () => {
      const { digests } = await sharedTokenRegistry()
      const temp = runnerTemp()
      try {
        await withFixture({ project: { registryDelayMs: 2000 }, registry: 'token', docker: 'absent' }, async f => {
          let file = ''
          const r = await f.run({
            outcome: 'pass',
            inputs: {
              ...ROTATE,
              login: 'false',
              images: `${REPOS.api}\n${REPOS.engine}`,
              release: 'latest',
              'docker-config': 'true'
            },
            env: { ...RUN_ENV, RUNNER_TEMP: temp.path },
            between: async main => {
              file = main.outputs['docker-config'] ?? ''
              const secret = (f.standIn!.created[0]?.secret ?? '') || 'none'
              const username = usernameOf(main.outputs['credentials-id'] ?? '')
              expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
                auths: { [f.host]: { auth: dockerAuth(username, secret) } }
              })
              const got = await skopeoRaw(f.host, `${REPOS.api}:${SHARED_TAG}`, file)
              expect(got.stderr).toBe('')
              expect(got.code).toBe(0)
              expect(sha256(got.stdout)).toBe(digests.api)
            }
          })
          const id = expectKept(f, r)
          // The new set was refused at first, and the image check retried until quay-like acceptance.
          expect(r.tokenRequests[0]!.status).toBe(401)
          expect(r.tokenRequests.at(-1)!.status).toBe(200)
          expect(r.main.outputs['release']).toBe(SHARED_TAG)
          expect(r.main.outputs['digests']).toBe(
            `${REPOS.api}:${SHARED_TAG}@${digests.api}\n${REPOS.engine}:${SHARED_TAG}@${digests.engine}`
          )
          // No warning that the file dies with the job: this set is kept.
          expect(r.warnings).toEqual([])
          // The post step deleted the file, and only the file.
          expect(existsSync(file)).toBe(false)
          expect(r.postLog).toContain('Deleted the docker config file (output docker-config).')
          // The set still pulls after the job: a pull secret made from it keeps working.
          const secret = r.created[0]!.secret!
          const later = join(temp.path, 'later.json')
          writeFileSync(later, JSON.stringify({ auths: { [f.host]: { auth: dockerAuth(usernameOf(id), secret) } } }))
          const after = await skopeoRaw(f.host, `${REPOS.engine}:${SHARED_TAG}`, later)
          expect(after.code).toBe(0)
          expect(sha256(after.stdout)).toBe(digests.engine)
        })
      } finally {
        temp.remove()
      }
    }
  )

  test(
    'rotate with docker: logs in with the new set once the registry takes it; the post step logs out and keeps the set',
    { timeout: 60000 },
    async () => {
      await withFixture({ project: { registryDelayMs: 2000 }, registry: 'token' }, async f => {
        const r = await f.run({ outcome: 'pass', inputs: ROTATE, env: RUN_ENV })
        const id = expectKept(f, r)
        const logins = r.mainArgv.filter(a => a[0] === 'login')
        expect(logins.length).toBeGreaterThan(1)
        expect(logins.at(-1)).toEqual(['login', f.host, '--username', usernameOf(id), '--password-stdin'])
        expect(r.log).toContain(`Logged in to ${f.host} as ${usernameOf(id)}.`)
        expect(r.main.summary).toContain(`; logged in to ${f.host}`)
        expect(r.postArgv).toEqual([['logout', f.host]])
        expect(r.configAfterPost.auths?.[f.host]).toBeUndefined()
      })
    }
  )

  test(
    'rotate: a step that fails after the create (a missing tag) keeps no set: it deletes the set before it ends, and says so',
    { timeout: 60000 },
    async () => {
      await withFixture({ project: { registryDelayMs: 0 }, registry: 'token', docker: 'absent' }, async f => {
        const r = await f.run({
          outcome: 'fail',
          inputs: { ...ROTATE, login: 'false', images: `${REPOS.api}:release-215015` },
          env: RUN_ENV
        })
        expect(r.created).toHaveLength(1)
        const id = r.created[0]!.id
        expect(r.error).toMatch(/^::error title=Images would not pull::/)
        // Deleted before the main step ended: the post step has nothing left to do.
        expect(r.main.state['setToCleanUp']).toBe('')
        expect(r.log).toContain(
          `Credential set ${id}, made for rotation prod-us, is not kept: this step failed, so nothing will use it. It was deleted.`
        )
        expect(r.main.summary).toContain('it is not kept, since this step failed: it is deleted')
        expect(r.main.summary).not.toContain('Made and kept')
        expect(r.main.outputs['credentials-id']).toBeUndefined()
        expect(f.standIn!.deleted).toEqual([id])
        expect(f.standIn!.sets.has(id)).toBe(false)
        expect(r.postLog.some(l => l.includes(id))).toBe(false)
      })
    }
  )

  test('retire: keeps the 7-day set and deletes exactly the two older prod-us sets of this repository, and nothing else', async () => {
    const old21 = rotationSet('prod-us', 21)
    const old14 = rotationSet('prod-us', 14)
    const keep = rotationSet('prod-us', 7)
    const untouched: SeedSet[] = [
      rotationSet('staging', 30),
      // Another repository's rotation of the same name, and one whose ID only starts the same.
      rotationSet('prod-us', 28, '999999'),
      rotationSet('prod-us', 28, `${REPO_ID}7`),
      // Made by hand, once with words like ours that do not parse as this action's format.
      { id: randomUUID(), scopes: DEFAULT_SCOPES, comment: 'CI pulls', created: ago(400 * DAY) },
      { id: randomUUID(), scopes: DEFAULT_SCOPES, created: ago(400 * DAY) },
      {
        id: randomUUID(),
        scopes: DEFAULT_SCOPES,
        comment: `${MARK} rotate:prod-us repo:${REPO_ID}`,
        created: ago(60 * DAY)
      },
      // Sets made for jobs of this repository, in both comment formats.
      {
        id: randomUUID(),
        scopes: DEFAULT_SCOPES,
        comment: `${MARK} ephemeral repo:${REPO_ID} run:7.1 acme/app deploy`,
        created: ago(3 * DAY)
      },
      {
        id: randomUUID(),
        scopes: DEFAULT_SCOPES,
        comment: `${MARK} ephemeral acme/app run 7.1 deploy`,
        created: ago(3 * DAY)
      }
    ]
    await withFixture({ project: { sets: [keep, old14, ...untouched, old21] }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'pass', inputs: retire(keep.id.toUpperCase()), env: RUN_ENV })
      expect(f.standIn!.deleted.sort()).toEqual([old21.id, old14.id].sort())
      expect(r.main.outputs['retired']).toBe(`${old21.id}\n${old14.id}`)
      expect(f.standIn!.sets.has(keep.id)).toBe(true)
      for (const s of untouched) expect(f.standIn!.sets.has(s.id!)).toBe(true)
      // One list, then the two deletes; no create, no login, no registry.
      expect(r.requests.map(q => q.method).sort()).toEqual(['DELETE', 'DELETE', 'GET'])
      expect(r.created).toEqual([])
      expect(r.log).toContain(`Deleted credential set ${old21.id} of rotation prod-us (made ${old21.created}).`)
      expect(r.log).toContain(`Deleted credential set ${old14.id} of rotation prod-us (made ${old14.created}).`)
      expect(r.postLog).toContain('Not logged in by this action: nothing to log out.')
      expect(r.warnings).toEqual([])
      expect(r.main.summary).toMatch(
        new RegExp(`^<h3>✅ Rotation <code>prod-us</code>: kept <code>${keep.id}</code>, retired 2 older sets</h3>`)
      )
      expect(r.main.summary).toContain(old21.id)
      expect(r.main.summary).toContain(old14.id)
      // Nothing of the set-checking modes' outputs.
      expect(Object.keys(r.main.outputs)).toEqual(['retired'])
    })
  })

  test('retire: a set to keep that does not exist deletes nothing and fails', async () => {
    const sets = [rotationSet('prod-us', 14), rotationSet('prod-us', 7)]
    await withFixture({ project: { sets }, docker: 'absent' }, async f => {
      const gone = randomUUID()
      const r = await f.run({ outcome: 'fail', inputs: retire(gone), env: RUN_ENV })
      expect(r.error).toMatch(/^::error title=Set to keep not found::/)
      expect(r.error).toContain(gone)
      expect(r.error).toContain('nothing was retired')
      // The list, then the set asked for by its ID (404): no delete.
      expect(r.requests.map(q => q.method)).toEqual(['GET', 'GET'])
      expect(f.standIn!.deleted).toEqual([])
      expect(r.main.outputs['retired']).toBe('')
      expect(r.main.summary).toContain('does not exist; nothing retired')
    })
  })

  test('retire: a set to keep of another rotation, another repository or made by hand deletes nothing and fails', async () => {
    const old = rotationSet('prod-us', 14)
    const others = [
      rotationSet('staging', 7),
      rotationSet('prod-us', 7, '999999'),
      { id: randomUUID(), scopes: DEFAULT_SCOPES, comment: 'prod-us pulls', created: ago(7 * DAY) }
    ]
    await withFixture({ project: { sets: [old, ...others] }, docker: 'absent' }, async f => {
      for (const keep of others) {
        const r = await f.run({ outcome: 'fail', inputs: retire(keep.id), env: RUN_ENV })
        expect(r.error).toMatch(/^::error title=Set to keep is not of this rotation::/)
        expect(r.error).toContain(`Credential set ${keep.id} was not made by \`rotate: prod-us\` for this repository`)
        expect(r.error).toContain(`repository ID ${REPO_ID}`)
        expect(r.main.summary).toContain('is not one of its sets for this repository; nothing retired')
      }
      expect(calls(f, 'DELETE', { requests: f.requests })).toEqual([])
      expect(f.standIn!.sets.has(old.id)).toBe(true)
    })
  })

  test('retire: a failed delete is a warning naming the set with the curl line; the others go, and the step fails', async () => {
    const sets = [rotationSet('prod-us', 21), rotationSet('prod-us', 14), rotationSet('prod-us', 7)]
    const forbidden = { status: 403, body: { err_code: 'FORBIDDEN', err_msg: 'No.' } }
    await withFixture({ project: { sets, faults: { delete: [forbidden] } }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: retire(sets[2]!.id), env: RUN_ENV })
      const deletes = calls(f, 'DELETE', r)
      expect(deletes).toHaveLength(2)
      // The first delete answered 403; the other set was deleted.
      const refused = deletes[0]!.url.split('/').pop()!
      const deleted = [sets[0]!.id, sets[1]!.id].find(id => id !== refused)!
      expect(f.standIn!.deleted).toEqual([deleted])
      expect(r.main.outputs['retired']).toBe(deleted)
      expect(r.warnings).toHaveLength(1)
      expect(r.warnings[0]).toMatch(/^::warning title=Credential set not retired::/)
      expect(r.warnings[0]).toContain(refused)
      expect(r.warnings[0]).toContain('HTTP 403')
      expect(r.warnings[0]).toContain(
        `curl -X DELETE -H "Authorization: Token $DEEPGRAM_API_KEY" ${f.standIn!.url}/v1/projects/${f.ids.projectId}/self-hosted/distribution/credentials/${refused}`
      )
      expect(r.error).toMatch(/^::error title=Rotation not fully retired::/)
      expect(r.error).toContain(`1 of the 2 older sets of rotation prod-us could not be deleted (${refused})`)
      expect(r.main.summary).toContain('1 of 2 older sets could not be retired')
    })
  })

  test('retire with nothing older: passes, retired is empty', async () => {
    const keep = rotationSet('prod-us', 0)
    await withFixture({ project: { sets: [keep, rotationSet('staging', 7)] }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'pass', inputs: retire(keep.id), env: RUN_ENV })
      expect(r.main.outputs['retired']).toBe('')
      expect(r.log).toContain(`Rotation prod-us has no set for this repository but ${keep.id}: nothing to retire.`)
      expect(r.main.summary).toContain('no older set to retire')
      expect(f.standIn!.deleted).toEqual([])
    })
  })

  test("ephemeral's sweep never takes a rotation's sets, however old: the cluster still pulls with them", async () => {
    const sets = [rotationSet('prod-us', 21), rotationSet('prod-us', 7)]
    const stale = {
      id: randomUUID(),
      scopes: DEFAULT_SCOPES,
      comment: `${MARK} ephemeral acme/app run 7.1 deploy`,
      created: ago(7 * DAY)
    }
    await withFixture({ project: { sets: [...sets, stale] }, docker: 'absent' }, async f => {
      const r = await f.run({
        outcome: 'pass',
        inputs: { ephemeral: 'true', 'credentials-id': undefined, secret: undefined, login: 'false' },
        env: RUN_ENV
      })
      const made = r.created[0]!.id
      expect(f.standIn!.deleted.sort()).toEqual([stale.id, made].sort())
      for (const s of sets) expect(f.standIn!.sets.has(s.id)).toBe(true)
    })
  })

  test('rotate and retire refuse what does not go with them, before any request', async () => {
    await withFixture({ project: {}, docker: 'absent' }, async f => {
      const cases: [Record<string, string | undefined>, string, string][] = [
        [{ ...ROTATE, retire: 'prod-us' }, 'retire', 'must be empty when `rotate` is set'],
        [{ ...ROTATE, ephemeral: 'true' }, 'ephemeral', 'must be false when `rotate` is set'],
        [{ ...ROTATE, secret: f.ids.secret }, 'secret', 'must be empty when `rotate` is set'],
        [{ ...ROTATE, 'credentials-id': f.ids.credentialsId }, 'credentials-id', 'must be empty when `rotate` is set'],
        [{ ...retire(f.ids.credentialsId), secret: f.ids.secret }, 'secret', 'must be empty when `retire` is set'],
        [{ ...retire(f.ids.credentialsId), ephemeral: 'true' }, 'ephemeral', 'must be false when `retire` is set'],
        [
          { ...retire(f.ids.credentialsId), 'credentials-id': undefined },
          'credentials-id',
          'is required when `retire` is set'
        ],
        [{ ...ROTATE, rotate: 'Prod_US' }, 'rotate', 'must name a rotation']
      ]
      for (const [inputs, input, says] of cases) {
        const r = await f.run({ outcome: 'fail', inputs: { login: 'false', ...inputs }, env: RUN_ENV })
        expect(r.error).toMatch(new RegExp(`^::error title=Invalid input ${input}::`))
        expect(r.error).toContain(says)
        expect(r.main.outputs).toEqual({})
      }
      expect(f.requests).toEqual([])
    })
  })
})
