// A seeded fault fuzz of the sets this action makes (issue 27). Each schedule is
// one job's set, two or three matrix legs side by side, or a rotation followed by
// its retire, run as the runner runs dist/ against the stand-in (the live API's
// rules), whose every request may get a fault drawn from the schedule's seed:
// resets and 5xx before and after the API acts, pages that are not JSON before
// and after it acts, 429s, slow answers. Whatever happened, the invariants hold:
// - no set of the run left live unless a warning names it (a kept rotation set excepted);
// - no set that is not the run's deleted (nor one a sweep or retire may not take);
// - no leg's set deleted before its own post step;
// - a kept rotation set still live after its retire;
// - no secret or key shown, in part or whole; every step done within 90 s, with one
//   ::error line exactly when it fails.
// FUZZ_SEED=<n> replays a run; FUZZ_SCHEDULES=<n> runs more or fewer schedules.
import { randomUUID } from 'node:crypto'
import { describe, expect, test, type TestContext } from 'vitest'
import type { Operation, Reply, SeedSet } from '../support/standin.ts'
import { missingTools } from '../support/tools.ts'
import { checkStep, Project, type Leg } from './legs.ts'

const SEED = Number(process.env['FUZZ_SEED'] ?? 27_2026)
const SCHEDULES = Number(process.env['FUZZ_SCHEDULES'] ?? 27)
const DEFAULT = ['self-hosted:product:api', 'self-hosted:product:engine']
const MARK = 'deepgram-self-hosted-login'
const DAY = 86400_000
const ago = (ms: number): string => new Date(Date.now() - ms).toISOString()

/** mulberry32: a small seeded generator, the same draws for the same seed. */
function generator(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const html = '<html><body><h1>502 Bad Gateway</h1></body></html>'
/** The operations on sets (the fuzz uses no project key). */
type SetOperation = Extract<Operation, 'list' | 'create' | 'get' | 'delete'>
const FAULTS: Record<SetOperation, Record<string, Reply>> = {
  create: {
    'reset before': { reset: true },
    'reset after': { reset: true, afterActing: true },
    '500 after': { status: 500, body: 'Internal Server Error', afterActing: true },
    '502 before': { status: 502, body: html },
    '503 after': { status: 503, body: 'Service Unavailable', afterActing: true },
    '504 after': { status: 504, body: html, afterActing: true },
    'html 200 before': { status: 200, body: html, offSpec: 'a proxy' },
    'html 200 after': { status: 200, body: html, afterActing: true, offSpec: 'a proxy' },
    '429': { status: 429, headers: { 'retry-after': '1' }, body: { err_code: 'TOO_MANY_REQUESTS' } },
    slow: { delayOnly: true, delayMs: 2500 },
    // Past the 8 s an attempt gets: the set is made, and its answer never read.
    'slow past the timeout': { delayOnly: true, delayMs: 9000 }
  },
  list: {
    reset: { reset: true },
    '503': { status: 503, body: 'Service Unavailable' },
    'html 200': { status: 200, body: html, offSpec: 'a proxy' },
    '429': { status: 429, headers: { 'retry-after': '1' }, body: { err_code: 'TOO_MANY_REQUESTS' } },
    slow: { delayOnly: true, delayMs: 2500 },
    'slow past the timeout': { delayOnly: true, delayMs: 9000 }
  },
  get: {
    '503': { status: 503, body: 'Service Unavailable' },
    slow: { delayOnly: true, delayMs: 1500 }
  },
  delete: {
    'reset before': { reset: true },
    'reset after': { reset: true, afterActing: true },
    '503 before': { status: 503, body: 'Service Unavailable' },
    '502 after': { status: 502, body: html, afterActing: true },
    'html 200 before': { status: 200, body: html, offSpec: 'a proxy' },
    'html 200 after': { status: 200, body: html, afterActing: true, offSpec: 'a proxy' },
    '429': { status: 429, headers: { 'retry-after': '1' }, body: { err_code: 'TOO_MANY_REQUESTS' } },
    slow: { delayOnly: true, delayMs: 2500 }
  }
}

const isSetOperation = (op: Operation): op is SetOperation => op in FAULTS

type Kind = 'job' | 'matrix' | 'rotation'

interface Schedule {
  n: number
  seed: number
  kind: Kind
  /** The faults given, in order: for the report of a failing schedule. */
  given: string[]
}

/** Sets of others (and the run's own older ones) in the project before the schedule starts. */
function seeds(): { sets: SeedSet[]; takeable: Set<string>; rotationOlder: Set<string> } {
  const set = (comment: string, days: number): SeedSet & { id: string } => ({
    id: randomUUID(),
    scopes: DEFAULT,
    comment,
    created: ago(days * DAY)
  })
  const stale = set(`${MARK} ephemeral repo:123456 run:1.1 mark:aaaaaaaa acme/app deploy`, 9)
  const older = set(`${MARK} rotate:prod-us repo:123456 run:2.1 mark:bbbbbbbb acme/app`, 14)
  const others = [
    // Another repository's, stale; another rotation of this repository; a recent job's set of
    // this repository (its job may still run); the same leg words as this run, another mark.
    set(`${MARK} ephemeral repo:999999 run:1.1 mark:cccccccc other/app deploy`, 30),
    set(`${MARK} rotate:prod-us repo:999999 run:3.1 mark:dddddddd other/app`, 30),
    set(`${MARK} rotate:staging repo:123456 run:4.1 mark:eeeeeeee acme/app`, 30),
    set(`${MARK} ephemeral repo:123456 run:4242.1 mark:ffffffff acme/app deploy`, 2),
    set(`${MARK} ephemeral repo:local run:local.1 mark:gggggggg local`, 30),
    set('CI pulls (made by hand)', 400)
  ]
  return { sets: [stale, older, ...others], takeable: new Set([stale.id]), rotationOlder: new Set([older.id]) }
}

/** Runs the schedule and checks every invariant. */
async function run(s: Schedule, ctx: TestContext): Promise<void> {
  const rng = generator(s.seed)
  const { sets, takeable, rotationOlder } = seeds()
  const p = await Project.start({ sets, registryDelayMs: 0 })
  ctx.onTestFinished(() => p.stop())
  const rate = 0.25 + rng() * 0.35
  p.api.hook = op => {
    if (!isSetOperation(op) || rng() >= rate) return undefined
    const faults = FAULTS[op]
    const names = Object.keys(faults)
    const name = names[Math.floor(rng() * names.length)] ?? ''
    s.given.push(`${op}: ${name}`)
    return faults[name]
  }
  const steps: { leg: Leg; what: string }[] = []
  const check = (leg: Leg, what: string, step: 'main' | 'post'): void => {
    checkStep(leg[step]!, p.hidden(), `schedule ${s.n} (${s.kind}, seed ${s.seed}) ${what} ${step}`)
  }
  let kept: string | undefined
  if (s.kind === 'rotation') {
    const rotate = p.leg(p.inputs({ rotate: 'prod-us' }), { GITHUB_JOB: 'rotate' })
    steps.push({ leg: rotate, what: 'rotate' })
    await rotate.runMain()
    check(rotate, 'rotate', 'main')
    await rotate.runPost()
    check(rotate, 'rotate', 'post')
    kept = rotate.main!.code === 0 ? rotate.setId : undefined
    if (kept !== undefined) expect(p.api.sets.has(kept), 'the kept rotation set is live').toBe(true)
    // Retire keeps the new set (or, when rotate failed, the older one, so that retire runs all the same).
    const keep = kept ?? [...rotationOlder][0]!
    const retire = p.leg(p.inputs({ retire: 'prod-us', 'credentials-id': keep }), { GITHUB_JOB: 'retire' })
    steps.push({ leg: retire, what: 'retire' })
    await retire.runMain()
    check(retire, 'retire', 'main')
    await retire.runPost()
    check(retire, 'retire', 'post')
    expect(p.api.sets.has(keep), 'the set retire keeps is live').toBe(true)
    if (kept !== undefined) for (const id of rotationOlder) takeable.add(id)
  } else {
    const n = s.kind === 'job' ? 1 : 2 + Math.floor(rng() * 2)
    const legs = Array.from({ length: n }, () => p.leg(p.inputs({ ephemeral: 'true' })))
    legs.forEach((leg, i) => steps.push({ leg, what: `leg ${i}` }))
    await Promise.all(legs.map(l => l.runMain()))
    legs.forEach((l, i) => check(l, `leg ${i}`, 'main'))
    // Each passing leg's set is in use until its own post step, whatever the others did.
    const inUse = legs.filter(l => l.main!.code === 0).map(l => l.setId!)
    for (const id of inUse) expect(p.api.sets.has(id), `leg set ${id} deleted before its post step`).toBe(true)
    const order = legs.map((leg, i) => ({ leg, i, at: rng() })).sort((a, b) => a.at - b.at)
    for (const { leg, i } of order) {
      await leg.runPost()
      check(leg, `leg ${i}`, 'post')
      for (const other of legs.filter(l => l.post === undefined && l.main!.code === 0))
        expect(p.api.sets.has(other.setId!), `leg set ${other.setId} deleted before its post step`).toBe(true)
    }
  }
  const made = new Set(p.api.created.map(c => c.id))
  const warnings = steps.flatMap(st => st.leg.warnings())
  // No set of the run left live unless a warning names it (by its ID, or by its create's mark
  // when the sets could not be listed to find its ID); the kept rotation set excepted.
  for (const set of p.api.created) {
    if (!p.api.sets.has(set.id) || set.id === kept) continue
    const mark = /mark:[a-z2-7]{8}/.exec(set.comment ?? '')?.[0] ?? set.id
    expect(
      warnings.some(w => w.includes(set.id) || w.includes(mark)),
      `set ${set.id} left live and unnamed; faults: ${s.given.join(', ')}`
    ).toBe(true)
  }
  // No set that is not the run's deleted.
  for (const id of p.api.deleted)
    expect(made.has(id) || takeable.has(id), `deleted ${id}, not the run's; faults: ${s.given.join(', ')}`).toBe(true)
  if (kept !== undefined) expect(p.api.sets.has(kept), 'the kept rotation set is live at the end').toBe(true)
  expect(p.api.schemaErrors).toEqual([])
}

const kinds: Kind[] = ['job', 'matrix', 'rotation']
const schedules: Schedule[] = Array.from({ length: SCHEDULES }, (_, n) => ({
  n,
  seed: SEED + n,
  kind: kinds[n % kinds.length]!,
  given: []
}))

describe.skipIf(missingTools().length > 0).concurrent(`the ownership fuzz (FUZZ_SEED=${SEED})`, () => {
  test.for(schedules)('schedule $n: $kind, seed $seed', { timeout: 240_000 }, async (s, ctx) => {
    const started = Date.now()
    try {
      await run(s, ctx)
    } finally {
      console.log(
        `fuzz schedule ${s.n} (${s.kind}, seed ${s.seed}): ${Date.now() - started} ms; faults: ${s.given.join(', ') || 'none'}`
      )
    }
  })
})
