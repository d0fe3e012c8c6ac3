// End-to-end, issue 27: a set knows whose it is. Each create's comment bears a
// mark of its own, so that the legs of a matrix job (same run, attempt and job)
// never take each other's sets; the look for a lost create's set is bounded;
// any create answer that cannot be used is "maybe made"; the post step acts
// only on state that names this run; rotate and retire need the repository's
// ID; retire deletes by the ID as listed. The stand-in keeps the project's sets
// by the live API's rules.
import { randomUUID } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeScript } from '../support/faults.ts'
import { describe, expect, test, type TestContext } from 'vitest'
import type { Reply, SeedSet } from '../support/standin.ts'
import { missingTools } from '../support/tools.ts'
import { lines } from './harness.ts'
import { checkStep, Project, type Leg } from './legs.ts'

const DEFAULT = ['self-hosted:product:api', 'self-hosted:product:engine']
const MARK = 'deepgram-self-hosted-login'
const HEAD = `${MARK} ephemeral repo:123456 run:4242.1`
const EPHEMERAL = { ephemeral: 'true' }
const DAY = 86400_000
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString()
const missing = missingTools()

/** A project stopped (its legs' files removed) when the test ends. */
async function project(ctx: TestContext, options: Parameters<typeof Project.start>[0] = {}): Promise<Project> {
  const p = await Project.start(options)
  ctx.onTestFinished(() => p.stop())
  return p
}

function legsOf(p: Project, n: number, inputs = p.inputs(EPHEMERAL), env: Record<string, string> = {}): Leg[] {
  return Array.from({ length: n }, () => p.leg(inputs, env))
}

/** Runs each leg's main step side by side, checks each, and returns them. */
async function mains(p: Project, of: Leg[]): Promise<void> {
  await Promise.all(of.map(l => l.runMain()))
  of.forEach((l, i) => checkStep(l.main!, p.hidden(), `leg ${i} main`))
}

/** The post step of `leg` alone, checked. */
async function post(p: Project, leg: Leg, what: string): Promise<string[]> {
  const r = await leg.runPost()
  checkStep(r, p.hidden(), `${what} post`)
  return lines(r.stdout)
}

/** A set an earlier `ephemeral` step of the same job made: the same run, attempt and job, its own mark. */
const earlierStep = (): SeedSet & { id: string } => ({
  id: randomUUID(),
  scopes: DEFAULT,
  comment: `${HEAD} mark:aaaaaaaa acme/app deploy`,
  created: ago(60_000)
})

describe.skipIf(missing.length > 0).concurrent('1. matrix legs side by side', () => {
  test(
    "three legs, one create's answer lost (a gateway 502 after the set was made): that leg deletes its own set, and no other leg's nor an earlier step's",
    { timeout: 90_000 },
    async ctx => {
      const earlier = earlierStep()
      const p = await project(ctx, { sets: [earlier] })
      let lost = false
      p.api.hook = op => {
        if (op !== 'create' || lost) return undefined
        lost = true
        return { status: 502, body: '<html><body>502 Bad Gateway</body></html>', afterActing: true }
      }
      const three = legsOf(p, 3)
      await mains(p, three)
      const failed = three.filter(l => l.main!.code !== 0)
      expect(failed).toHaveLength(1)
      const a = failed[0]!
      const others = three.filter(l => l !== a)
      const lostSet = [...p.api.unanswered][0]!
      expect(a.error).toMatch(/^::error title=Deepgram API unavailable::/)
      expect(a.error).toContain(`It had made a set all the same: set ${lostSet}, bearing its mark:`)
      expect(p.api.deleted).toEqual([lostSet])
      // The other legs' sets, in use, and the earlier step's, are live.
      for (const l of others) expect(p.api.sets.has(l.setId!)).toBe(true)
      expect(p.api.sets.has(earlier.id)).toBe(true)
      // Each post step deletes its own leg's set only, whatever the order.
      for (const [i, l] of [a, ...others].entries()) {
        await post(p, l, `leg ${i}`)
        for (const o of others.filter(x => x !== l && x.post === undefined))
          expect(p.api.sets.has(o.setId!), 'a leg’s set deleted before its own post step').toBe(true)
      }
      expect(p.api.deleted.sort()).toEqual([lostSet, ...others.map(l => l.setId!)].sort())
      expect(p.api.sets.has(earlier.id)).toBe(true)
    }
  )

  test(
    "two legs, the lost create's set not found in the main step (the list fails): the post step finds its own by the mark, not the other leg's",
    { timeout: 90_000 },
    async ctx => {
      const earlier = earlierStep()
      const p = await project(ctx, { sets: [earlier] })
      // From the lost create on, until the main steps are done, the API cannot list.
      let lost = false
      let listsDown = false
      p.api.hook = op => {
        if (op === 'create' && !lost) {
          lost = listsDown = true
          return { status: 504, body: 'Gateway Time-out', afterActing: true }
        }
        if (op === 'list' && listsDown) return { status: 503, body: 'Service Unavailable' }
        return undefined
      }
      const two = legsOf(p, 2)
      await mains(p, two)
      listsDown = false
      const a = two.find(l => l.main!.code !== 0)!
      const b = two.find(l => l !== a)!
      const lostSet = [...p.api.unanswered][0]!
      expect(a.error).toContain('It may have made a set all the same, which could not be looked for now')
      expect(a.error).toContain('the post step looks again for the set whose comment bears mark:')
      expect(a.main!.ms).toBeLessThan(30_000)
      expect(p.api.sets.has(lostSet)).toBe(true)
      expect(p.api.sets.has(b.setId!)).toBe(true)
      // A's post step first: B's set, in use until B's own post step, stays.
      const said = await post(p, a, 'A')
      expect(said.some(l => l.startsWith(`Deleted credential set ${lostSet}, made by this run's create`))).toBe(true)
      expect(p.api.sets.has(lostSet)).toBe(false)
      expect(p.api.sets.has(b.setId!)).toBe(true)
      expect(p.api.sets.has(earlier.id)).toBe(true)
      await post(p, b, 'B')
      expect(p.api.deleted.sort()).toEqual([lostSet, b.setId!].sort())
    }
  )
})

describe.skipIf(missing.length > 0).concurrent('2. the look for a lost create’s set is bounded', () => {
  test(
    '20 sets bearing the mark whose deletes take 7.5 s: each step stops at its deadline, and a warning names every set left with the curl line',
    { timeout: 120_000 },
    async ctx => {
      const p = await project(ctx)
      let cloned = false
      p.api.hook = (op, req) => {
        if (op === 'create') return { status: 504, body: 'Gateway Time-out', afterActing: true }
        if (op === 'list' && !cloned && p.api.unanswered.size > 0) {
          cloned = true
          const made = p.api.sets.get([...p.api.unanswered][0]!)!
          for (let i = 0; i < 19; i++) {
            const copy = { ...made, id: randomUUID() }
            p.api.sets.set(copy.id, copy)
            p.api.created.push(copy)
          }
        }
        if (op === 'delete' && req.method === 'DELETE')
          return {
            delayMs: 7500,
            afterActing: true,
            body: { message: 'Successfully deleted the distribution credentials!' },
            offSpec: 'the live delete answer'
          }
        return undefined
      }
      const [leg] = legsOf(p, 1)
      await mains(p, [leg!])
      const ours = p.api.created.map(s => s.id)
      expect(ours).toHaveLength(20)
      // The sweep (15 s at most) is quick here; the look gets 20 s.
      expect(leg!.main!.ms).toBeLessThan(40_000)
      const mainWarnings = leg!.warnings()
      const leftAfterMain = ours.filter(id => p.api.sets.has(id))
      expect(leftAfterMain.length).toBeGreaterThan(0)
      for (const id of leftAfterMain) {
        const w = mainWarnings.find(l => l.includes(id))
        expect(w, `no warning names ${id}`).toBeDefined()
        expect(w).toContain(`curl -X DELETE -H "Authorization: Token $DEEPGRAM_API_KEY" ${p.api.url}`)
      }
      await post(p, leg!, 'the leg')
      expect(leg!.post!.ms).toBeLessThan(35_000)
      const postWarnings = lines(leg!.post!.stdout).filter(l => l.startsWith('::warning'))
      for (const id of ours.filter(i => p.api.sets.has(i)))
        expect(postWarnings.some(l => l.includes(id) && l.includes('curl -X DELETE'))).toBe(true)
    }
  )
})

describe.skipIf(missing.length > 0).concurrent('3. a create answered but unusable is "maybe made"', () => {
  const big = `{"distribution_credentials_id":"x","pad":"${'a'.repeat(1024 * 1024 + 10)}"}`
  test.for<[string, Reply, string]>([
    [
      'a 200 HTML page from a proxy',
      { status: 200, body: '<html><body>Welcome</body></html>', afterActing: true, offSpec: 'a proxy' },
      'Unexpected Deepgram API response'
    ],
    [
      'a 201 over the size cap',
      { status: 201, body: big, afterActing: true, offSpec: 'too large' },
      'Unexpected Deepgram API response'
    ],
    [
      'a plain 500 sent after the set was stored',
      { status: 500, body: 'Internal Server Error', afterActing: true },
      ''
    ],
    ['a reset after the set was stored', { reset: true, afterActing: true }, '']
  ])('%s: the set is found by its mark and deleted, and the error says so', async ([, reply, title], ctx) => {
    for (const inputs of [EPHEMERAL, { rotate: 'prod-us' }]) {
      const p = await project(ctx, { faults: { create: [reply] } })
      const [leg] = legsOf(p, 1, p.inputs(inputs))
      await mains(p, [leg!])
      const id = p.api.created[0]!.id
      expect(leg!.main!.code).not.toBe(0)
      if (title) expect(leg!.error).toContain(`title=${title}`)
      expect(leg!.error).toContain(`It had made a set all the same: set ${id}, bearing its mark:`)
      expect(leg!.error).toContain('Nothing was left behind.')
      expect(p.api.sets.has(id)).toBe(false)
      expect(leg!.main!.outputs).toEqual({})
      await post(p, leg!, 'the leg')
      expect(leg!.warnings()).toEqual([])
    }
  })

  test('an HTML 200 before the API acted: none bearing the mark is listed, and the error says nothing was left', async ctx => {
    const p = await project(ctx, {
      faults: { create: [{ status: 200, body: '<html>portal</html>', offSpec: 'a captive portal' }] }
    })
    const [leg] = legsOf(p, 1)
    await mains(p, [leg!])
    expect(p.api.created).toEqual([])
    expect(leg!.error).toMatch(/none bearing its mark:[a-z2-7]{8} is listed: it made none, and nothing was left behind/)
    await post(p, leg!, 'the leg')
  })
})

describe.skipIf(missing.length > 0).concurrent('4. the post step trusts no note of another run', () => {
  test.for<[string, string]>([
    ['another repository', `${MARK} rotate:prod-us repo:999999 run:4242.1 mark:bbbbbbbb other/repo`],
    ['another run of this repository', `${MARK} rotate:prod-us repo:123456 run:77.1 mark:bbbbbbbb acme/app`],
    ['another attempt', `${MARK} ephemeral repo:123456 run:4242.2 mark:bbbbbbbb acme/app deploy`],
    ['no mark', `${MARK} ephemeral repo:123456 run:4242.1 acme/app deploy`]
  ])('a note naming %s: refused with a warning, nothing deleted', async ([, comment], ctx) => {
    const victim = { id: randomUUID(), scopes: DEFAULT, comment, created: ago(DAY) }
    const p = await project(ctx, { sets: [victim] })
    const [leg] = legsOf(p, 1)
    leg!.main = { ...emptyStep(), state: { setToCleanUp: JSON.stringify({ kind: 'lost-create', comment }) } }
    const said = await post(p, leg!, 'forged')
    expect(said.filter(l => l.startsWith('::warning'))).toEqual([
      expect.stringMatching(/^::warning title=Saved state refused::/)
    ])
    expect(p.api.requests).toEqual([])
    expect(p.api.sets.has(victim.id)).toBe(true)
  })

  test("a note of this run with another leg's mark: that leg's set is not this create's", async ctx => {
    const leg2 = {
      id: randomUUID(),
      scopes: DEFAULT,
      comment: `${HEAD} mark:cccccccc acme/app deploy`,
      created: ago(9)
    }
    const p = await project(ctx, { sets: [leg2] })
    const [leg] = legsOf(p, 1)
    const comment = `${HEAD} mark:dddddddd acme/app deploy`
    leg!.main = { ...emptyStep(), state: { setToCleanUp: JSON.stringify({ kind: 'lost-create', comment }) } }
    const said = await post(p, leg!, 'another mark')
    expect(said).toContain('No credential set bears mark:dddddddd: the create whose answer was lost made none.')
    expect(p.api.sets.has(leg2.id)).toBe(true)
  })
})

describe.skipIf(missing.length > 0).concurrent('5. a failed rotate hands retire no keeper', () => {
  /** A step that fails after the create: the docker config file cannot be written (RUNNER_TEMP is a file). */
  function unwritableTemp(): string {
    const file = join(mkdtempSync(join(tmpdir(), 'dg-temp-')), 'not-a-dir')
    writeFileSync(file, '')
    return file
  }

  test('the rotate step fails after its checks: no output names its set, it deletes the set itself, and a retire that runs anyway finds no keeper', async ctx => {
    const cluster = {
      id: randomUUID(),
      scopes: DEFAULT,
      comment: `${MARK} rotate:prod-us repo:123456 run:1.1 mark:aaaaaaaa acme/app`,
      created: ago(7 * DAY)
    }
    const p = await project(ctx, { sets: [cluster] })
    const [rotate] = legsOf(p, 1, p.inputs({ rotate: 'prod-us', 'docker-config': 'true' }), {
      RUNNER_TEMP: unwritableTemp()
    })
    await mains(p, [rotate!])
    const made = p.api.created[0]!.id
    expect(rotate!.error).toMatch(/^::error title=Docker config file not written::/)
    expect(rotate!.error).not.toContain('Nothing was left behind')
    for (const name of ['credentials-id', 'username', 'comment', 'created', 'scopes'])
      expect(rotate!.main!.outputs[name], name).toBeUndefined()
    // Deleted before the main step ended; the post step has nothing left to do.
    expect(p.api.deleted).toEqual([made])
    expect(lines(rotate!.main!.stdout)).toContain(
      `Credential set ${made}, made for rotation prod-us, is not kept: this step failed, so nothing will use it. It was deleted.`
    )
    await post(p, rotate!, 'rotate')
    expect(p.api.deleted).toEqual([made])
    // `retire: prod-us` with `credentials-id: ${{ steps.rotate.outputs.credentials-id }}` and `if: always()`.
    const [retire] = legsOf(
      p,
      1,
      p.inputs({ retire: 'prod-us', 'credentials-id': rotate!.main!.outputs['credentials-id'] ?? '' })
    )
    await mains(p, [retire!])
    expect(retire!.error).toMatch(/^::error title=Invalid input credentials-id::/)
    expect(p.api.sets.has(cluster.id)).toBe(true)
    expect(p.api.deleted).toEqual([made])
  })

  test('outside a runner (no post step), a failed rotate whose set cannot be deleted names it with the curl line', async ctx => {
    const forbidden = { status: 403, body: { err_code: 'FORBIDDEN', err_msg: 'No.' } }
    const p = await project(ctx, { faults: { delete: [forbidden] } })
    const [rotate] = legsOf(p, 1, p.inputs({ rotate: 'prod-us', 'docker-config': 'true' }), {
      RUNNER_TEMP: unwritableTemp(),
      GITHUB_ACTIONS: ''
    })
    await mains(p, [rotate!])
    const made = p.api.created[0]!.id
    expect(p.api.sets.has(made)).toBe(true)
    const out = lines(rotate!.main!.stdout)
    expect(out.join('\n')).not.toContain('the post step deletes it')
    const warning = rotate!.warnings().find(w => w.includes(made))
    expect(warning).toBeDefined()
    expect(warning).toContain(
      `curl -X DELETE -H "Authorization: Token $DEEPGRAM_API_KEY" ${p.api.url}/v1/projects/${p.ids.projectId}/self-hosted/distribution/credentials/${made}`
    )
  })
})

describe.skipIf(missing.length > 0).concurrent('4. the registry the post step logs out of', () => {
  /** The post step alone, with a saved login to `registry` by a docker on PATH that notes each
   * run's arguments in `log` (absent when it never ran). */
  async function logOutOf(registry: string, ctx: TestContext): Promise<{ said: string[]; log: string }> {
    const p = await project(ctx)
    const bin = mkdtempSync(join(tmpdir(), 'dg-fake-docker-'))
    ctx.onTestFinished(() => rmSync(bin, { recursive: true, force: true }))
    const log = join(bin, 'runs.log')
    const clientPath = writeScript(bin, 'docker', `printf '%s\\n' "$*" >> '${log}'`)
    const [leg] = legsOf(p, 1, p.inputs(), { PATH: bin })
    const state = { loggedIn: 'true', registry, logout: 'true', client: 'docker', clientPath, authFile: '' }
    leg!.main = { ...emptyStep(), state }
    return { said: await post(p, leg!, `registry ${JSON.stringify(registry)}`), log }
  }

  test.for(['--all', 'quay.io\n::error::forged', 'quay.io ::stop-commands::x', '-x', 'quay.io/../x y', ''])(
    'a saved registry of %j is refused with a warning: no client runs, nothing is obeyed',
    async (registry, ctx) => {
      const { said, log } = await logOutOf(registry, ctx)
      expect(existsSync(log)).toBe(false)
      expect(said.filter(l => /^::(?!warning|debug)/.test(l))).toEqual([])
      if (registry !== '') expect(said.filter(l => l.startsWith('::warning'))).toHaveLength(1)
    }
  )

  test.for(['quay.io', '127.0.0.1:5000', 'registry.example.com:8443', '[::1]:5000', 'mirror.example/deepgram'])(
    'a saved registry of %j, a host with an optional port (and the namespace the `registry` input allows): logged out of',
    async (registry, ctx) => {
      const { log } = await logOutOf(registry, ctx)
      expect(readFileSync(log, 'utf8')).toBe(`logout ${registry}\n`)
    }
  )
})

describe.skipIf(missing.length > 0).concurrent('6. without GITHUB_REPOSITORY_ID', () => {
  const noId = { GITHUB_REPOSITORY_ID: '' }

  test.for<[string, Record<string, string>]>([
    ['rotate', { rotate: 'prod-us' }],
    ['retire', { retire: 'prod-us', 'credentials-id': randomUUID() }]
  ])('%s refuses with an input error, before any request', async ([mode, inputs], ctx) => {
    const other = { id: randomUUID(), scopes: DEFAULT, comment: `${MARK} rotate:prod-us repo:local run:1.1 x/y` }
    const p = await project(ctx, { sets: [other] })
    const [leg] = legsOf(p, 1, p.inputs(inputs), noId)
    await mains(p, [leg!])
    expect(leg!.error).toMatch(new RegExp(`^::error title=Invalid input ${mode}::`))
    expect(leg!.error).toContain('GITHUB_REPOSITORY_ID')
    expect(p.api.requests).toEqual([])
    expect(leg!.main!.outputs).toEqual({})
    await post(p, leg!, mode)
    expect(p.api.sets.has(other.id)).toBe(true)
  })

  test("ephemeral: the sweep takes no set it cannot prove is this repository's; the job's set is made and deleted", async ctx => {
    const stale = [
      {
        id: randomUUID(),
        scopes: DEFAULT,
        comment: `${MARK} ephemeral repo:local run:local.1 local`,
        created: ago(30 * DAY)
      },
      {
        id: randomUUID(),
        scopes: DEFAULT,
        comment: `${MARK} ephemeral acme/app run 1.1 deploy`,
        created: ago(30 * DAY)
      }
    ]
    const p = await project(ctx, { sets: stale })
    const [leg] = legsOf(p, 1, p.inputs(EPHEMERAL), noId)
    await mains(p, [leg!])
    expect(leg!.main!.code).toBe(0)
    expect(lines(leg!.main!.stdout)).toContain(
      'No sweep of old sets: GITHUB_REPOSITORY_ID is not set, and without it no set can be told to be this repository’s.'
    )
    await post(p, leg!, 'ephemeral')
    expect(p.api.deleted).toEqual([leg!.setId])
    for (const s of stale) expect(p.api.sets.has(s.id)).toBe(true)
  })
})

describe.skipIf(missing.length > 0).concurrent('7. retire deletes by the ID as listed', () => {
  const rotation = (days: number, id = randomUUID().toUpperCase()): SeedSet & { id: string } => ({
    id,
    scopes: DEFAULT,
    comment: `${MARK} rotate:prod-us repo:123456 run:${days}.1 acme/app`,
    created: ago(days * DAY)
  })

  test('IDs listed in upper case are deleted in upper case (another spelling is a 404 there)', async ctx => {
    const [old, older, keep] = [rotation(14), rotation(21), rotation(7)]
    const p = await project(ctx, { exactIds: true, sets: [keep, old, older] })
    const [leg] = legsOf(p, 1, p.inputs({ retire: 'prod-us', 'credentials-id': keep.id.toLowerCase() }))
    await mains(p, [leg!])
    expect(leg!.main!.code).toBe(0)
    expect(p.api.deleted.sort()).toEqual([old.id, older.id].sort())
    expect(p.api.sets.has(keep.id)).toBe(true)
    expect(leg!.main!.outputs['retired']).toBe(`${older.id.toLowerCase()}\n${old.id.toLowerCase()}`)
    await post(p, leg!, 'retire')
  })

  test('a 404 on a set just listed, which the API still lists, is reported: a warning with the curl line, and the step fails', async ctx => {
    const [old, keep] = [rotation(14, randomUUID()), rotation(7, randomUUID())]
    const p = await project(ctx, {
      sets: [keep, old],
      faults: { delete: [{ status: 404, body: { err_code: 'NOT_FOUND', err_msg: 'Not found.' } }] }
    })
    const [leg] = legsOf(p, 1, p.inputs({ retire: 'prod-us', 'credentials-id': keep.id }))
    await mains(p, [leg!])
    expect(p.api.sets.has(old.id)).toBe(true)
    const warnings = leg!.warnings()
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^::warning title=Credential set not retired::/)
    expect(warnings[0]).toContain('the API answered 404 to deleting it, yet the API still lists it')
    expect(warnings[0]).toContain(`curl -X DELETE -H "Authorization: Token $DEEPGRAM_API_KEY" ${p.api.url}`)
    expect(leg!.error).toMatch(/^::error title=Rotation not fully retired::/)
    expect(leg!.main!.outputs['retired']).toBe('')
    expect(lines(leg!.main!.stdout).some(l => l.includes('was already deleted'))).toBe(false)
    await post(p, leg!, 'retire')
  })
})

/** A main step that did nothing but leave `state` (set by the caller). */
function emptyStep(): NonNullable<Leg['main']> {
  return { code: 0, stdout: '', stderr: '', outputs: {}, state: {}, env: {}, summary: '', ms: 0 }
}
