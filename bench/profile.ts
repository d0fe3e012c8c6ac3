// Where the start-up time goes: runs dist/main.js once, as the main step
// (check + login), under --cpu-prof, and prints the self time by kind
// (compiling the bundle, loading Node built-ins, GC, waiting...) and by function.
//
//   node bench/profile.ts [entry]      profile written to .bench/ (git-ignored)
//
// dist/ is minified; for readable function names profile a readable build:
//   node scripts/build.mjs --out .bench/dist --no-minify && node bench/profile.ts .bench/dist/main.js
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { DeepgramStandIn, listBody } from '../__tests__/support/standin.ts'
import { LocalRegistry } from '../__tests__/support/registry.ts'
import { ActionRun } from '../__tests__/support/runner.ts'
import { DIST_MAIN, ROOT } from '../__tests__/support/tools.ts'

const ENTRY = resolve(process.argv[2] ?? DIST_MAIN)
const OUT = join(ROOT, '.bench')
const RUNS = Math.max(1, Number(process.env['PROFILE_RUNS'] ?? 5) || 5)
const SET_ID = '7b0e6a52-1c3d-4e8f-9a6b-5d4c3b2a1f0e'
const USER = `deepgram+${SET_ID}`
const SECRET = 'profile-secret-Zq8v2LkP'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

/** Which bucket a sample's own frame falls in. */
function category(url: string, fn: string, entryUrl: string): string {
  if (url === '') {
    if (fn === '(idle)') return 'idle: waiting for the API and docker'
    if (fn === '(garbage collector)') return 'garbage collector'
    if (fn === '(program)') return 'native (program)'
    return `native: ${fn}`
  }
  if (fn === 'compileSourceTextModule' || fn === 'compileFunction') return 'compiling the bundle'
  if (fn === 'compileForInternalLoader') return 'loading Node built-ins (compile)'
  if (url.startsWith('node:')) return 'Node built-ins (running)'
  if (url.startsWith(entryUrl.replace(/[^/]*$/, ''))) return 'dist/ code'
  return url
}

function summarise(profiles: Profile[], entry: string): string {
  const entryUrl = pathToFileURL(entry).href
  const byCategory = new Map<string, number>()
  const byFn = new Map<string, number>()
  let total = 0
  for (const profile of profiles) {
    total += (profile.endTime - profile.startTime) / 1000 / profiles.length
    const byId = new Map(profile.nodes.map(n => [n.id, n]))
    const self = new Map<number, number>()
    profile.samples.forEach((id, i) =>
      self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / profiles.length)
    )
    for (const [id, us] of self) {
      const n = byId.get(id)
      if (!n) continue
      const { url, functionName, lineNumber } = n.callFrame
      const cat = category(url, functionName, entryUrl)
      byCategory.set(cat, (byCategory.get(cat) ?? 0) + us)
      const where = url === '' ? '' : ` ${url.replace(`file://${ROOT}/`, '')}:${lineNumber + 1}`
      const fn = `${functionName || '(anonymous)'}${where}`
      byFn.set(fn, (byFn.get(fn) ?? 0) + us)
    }
  }
  const top = (m: Map<string, number>, k: number): string =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, k)
      .map(([name, us]) => `  ${(us / 1000).toFixed(1).padStart(7)} ms  ${name}`)
      .join('\n')
  return [
    `Profile of ${entry.replace(`${ROOT}/`, '')} (check + login), mean of ${profiles.length} runs: ${total.toFixed(0)} ms from profiler start to exit.`,
    'Self time by kind:',
    top(byCategory, 12),
    'Self time by function:',
    top(byFn, 15)
  ].join('\n')
}

const standin = await DeepgramStandIn.start([
  { body: listBody([{ id: SET_ID, scopes: ['self-hosted:product:api', 'self-hosted:product:engine'] }]) }
])
const registry = await LocalRegistry.start(USER, SECRET)
const runner = new ActionRun()
try {
  mkdirSync(OUT, { recursive: true })
  const dir = join(OUT, `profile-${Date.now()}`)
  // One run is noisy: profile RUNS of them and report the mean.
  for (let i = 0; i < RUNS; i++) {
    const r = await runner.step({
      entry: ENTRY,
      inputs: {
        'project-id': '3f1c2b7a-9d4e-4c6b-8a2f-0e1d2c3b4a59',
        'api-key': 'profile-api-key-0123456789abcdef',
        'credentials-id': SET_ID,
        secret: SECRET,
        registry: registry.host,
        'api-url': standin.url
      },
      env: { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir} --cpu-prof-interval=100`, DOCKER_CONFIG: runner.dir }
    })
    if (r.code !== 0) throw new Error(`the action failed:\n${r.stdout}\n${r.stderr}`)
  }
  const files = readdirSync(dir).filter(f => f.endsWith('.cpuprofile'))
  if (files.length !== RUNS) throw new Error(`expected ${RUNS} profiles in ${dir}, found ${files.length}`)
  const profiles = files.map(f => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Profile)
  console.log(summarise(profiles, ENTRY))
  console.log(`(${RUNS} profiles in ${dir.replace(`${ROOT}/`, '')}: open one in Chrome DevTools for the flame chart)`)
} finally {
  runner.cleanup()
  await registry.stop()
  await standin.stop()
}
