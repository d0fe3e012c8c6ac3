// `npm run bench`: the action's start-up cost against the floor.
//
// Starts the Deepgram stand-in and a local registry (as the end-to-end tests
// do), then runs, interleaved, N times each on Node 24:
//   A      the committed dist/main.js as the runner would: check + login
//   B      the floor: `node -e 0`, then a bare `docker login --password-stdin`
//   check  dist/ with login: false (the check-only mode)
//   images dist/ with login: false and 3 images, checked through the registry API of a
//          token-auth docker-registry (quay's robot flow); the requests it sends are counted
//   post   dist/post.js, the post step (docker logout), against `node -e 0` + `docker logout`
//   Atls   dist/, check + login as A, but against a Deepgram stand-in over HTTPS (as the real API)
//   F      the floor of Atls: one HTTPS request from a bare node (`node -e`), then `docker login`
//   L      docker/login-action's dist/index.cjs logging in to the same registry (BENCH_LOGIN_ACTION)
//   lat    check + 3 images with BENCH_LATENCY_MS (40) added to every answer of the API, the
//          registry and its token server: the step's wall time (and BENCH_BEFORE's, interleaved)
// and prints the medians, the median A/B ratio, the peak resident memory of A
// (from /usr/bin/time, Debian package `time`), the size of dist/ and a proxy
// check (see proxy.ts). Needs what the end-to-end tests need, and openssl.
// Figures and what they led to: docs/performance.md. Where the time goes:
// bench/profile.ts.
//
//   npm run bench                       N = 20
//   BENCH_N=30 npm run bench            more runs (10 or more for figures worth comparing)
//   BENCH_ENTRY=/tmp/x/main.js npm run bench    time another build instead of dist/ (its post.js beside it)
//   BENCH_BEFORE=/tmp/y/main.js npm run bench   also time that build on the latency line
//   BENCH_LOGIN_ACTION=/tmp/login-action/dist/index.cjs npm run bench   compare with docker/login-action
//   BENCH_LATENCY_MS=40                         the latency added to every loopback answer
//
// A script that prints figures, not a timed test: it exits 0 whatever they are, and fails
// only when it cannot measure (a run of the action that fails, a missing tool). CI does not run it.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { DeepgramStandIn, listBody } from '../__tests__/support/standin.ts'
import { RegistryFront } from '../__tests__/support/front.ts'
import { LocalRegistry } from '../__tests__/support/registry.ts'
import { REPOS, TokenRegistry } from '../__tests__/support/token-registry.ts'
import { ActionRun, type StepResult } from '../__tests__/support/runner.ts'
import { DIST_MAIN, NODE24, ROOT } from '../__tests__/support/tools.ts'
import { proxyCheck } from './proxy.ts'
import { delayedForwarder, startHttpsApi } from './parts.ts'

// Fewer than 10 runs give medians not worth comparing; 2 is enough to see that everything runs.
const N = Math.max(2, Number(process.env['BENCH_N'] ?? 20) || 20)
const ENTRY = resolve(process.env['BENCH_ENTRY'] ?? DIST_MAIN)
// The post step's entry, beside the main step's.
const POST_ENTRY = join(dirname(ENTRY), 'post.js')
const TIME = '/usr/bin/time'
const BEFORE = process.env['BENCH_BEFORE'] ? resolve(process.env['BENCH_BEFORE']) : undefined
const LOGIN_ACTION = process.env['BENCH_LOGIN_ACTION'] ? resolve(process.env['BENCH_LOGIN_ACTION']) : undefined
const LATENCY_MS = Number(process.env['BENCH_LATENCY_MS'] ?? 40)
// One HTTPS request from a bare node: what any client of the API pays at least.
const ONE_REQUEST = `require('https').get(process.argv[1], { headers: { authorization: 'Token x' } }, r => r.resume())`

const FIGURES_ONLY =
  'Figures only, no pass or fail: compare them with docs/performance.md, which says what each means and what it was.'

const PROJECT = '3f1c2b7a-9d4e-4c6b-8a2f-0e1d2c3b4a59'
const SET_ID = '7b0e6a52-1c3d-4e8f-9a6b-5d4c3b2a1f0e'
const USER = `deepgram+${SET_ID}`
const SECRET = 'bench-secret-Zq8v2LkP'
const API_KEY = 'bench-api-key-0123456789abcdef'

interface Exit {
  code: number | null
  stdout: string
  stderr: string
  ms: number
}

/** Spawns one process and times it from spawn to exit, in ms. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<Exit> {
  return new Promise((done, fail) => {
    const started = process.hrtime.bigint()
    const child = spawn(cmd, args, { env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()))
    child.once('error', fail)
    child.once('close', code => done({ code, stdout, stderr, ms: Number(process.hrtime.bigint() - started) / 1e6 }))
    if (input !== undefined) child.stdin?.end(input)
  })
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2
}

function expectOk(what: string, r: { code: number | null; stdout: string; stderr: string }): void {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}:\n${r.stdout}\n${r.stderr}`)
}

function dirBytes(dir: string, ext?: RegExp): number {
  let total = 0
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const p = join(dir, name)
    if (statSync(p).isFile() && (ext === undefined || ext.test(name))) total += statSync(p).size
  }
  return total
}

/** Peak resident set size of a command in MiB, from GNU time's %M (KiB). */
async function peakRss(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const out = join(mkdtempSync(join(tmpdir(), 'dg-bench-time-')), 'rss')
  const r = await timed(TIME, ['-f', '%M', '-o', out, cmd, ...args], env)
  expectOk(`${cmd} ${args.join(' ')} under ${TIME}`, r)
  const kib = Number(readFileSync(out, 'utf8').trim().split('\n').pop())
  rmSync(join(out, '..'), { recursive: true, force: true })
  return kib / 1024
}

const fmt = (ms: number): string => `${ms.toFixed(0).padStart(4)} ms`

async function main(): Promise<void> {
  if (!existsSync(NODE24))
    throw new Error(`Node 24 not found at ${NODE24}: use Node 24, or run node scripts/setup-node24.mjs`)
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} not found: run npm run build`)
  const hasTime = existsSync(TIME)

  const list = listBody([{ id: SET_ID, scopes: ['self-hosted:product:api', 'self-hosted:product:engine'] }])
  const standin = await DeepgramStandIn.start([{ body: list }])
  const httpsApi = await startHttpsApi(list)
  const slowApi = await DeepgramStandIn.start([{ body: list, delayMs: LATENCY_MS }])
  const registry = await LocalRegistry.start(USER, SECRET)
  const tokenRegistry = await TokenRegistry.start()
  const front = await RegistryFront.start(tokenRegistry.host)
  // The latency line: the registry and its token server, each answer held back.
  const tokenOrigin = new URL(tokenRegistry.tokens.realm).origin
  const slowTokens = await delayedForwarder(new URL(tokenOrigin).host, LATENCY_MS)
  const slowRegistry = await delayedForwarder(tokenRegistry.host, LATENCY_MS, { from: tokenOrigin, to: slowTokens.url })
  const runner = new ActionRun()
  const work = mkdtempSync(join(tmpdir(), 'dg-bench-'))
  try {
    const inputs = {
      'project-id': PROJECT,
      'api-key': API_KEY,
      'credentials-id': SET_ID,
      secret: SECRET,
      registry: registry.host,
      'api-url': standin.url,
      'required-scopes': 'self-hosted:product:api, self-hosted:product:engine',
      login: 'true',
      logout: 'true'
    }
    // check + 3 images: the set's robot may pull all three.
    const TAG = 'release-260812'
    await tokenRegistry.pushCatalogue(TAG)
    tokenRegistry.addSet(USER, SECRET, [REPOS.api, REPOS.engine, REPOS.licenseProxy])
    const imageInputs = {
      ...inputs,
      login: 'false',
      registry: front.host,
      images: [REPOS.api, REPOS.engine, REPOS.licenseProxy].map(n => `${n}:${TAG}`).join('\n')
    }
    const imageRequests = { registry: [] as number[], token: [] as number[] }
    const runImages = async (): Promise<StepResult> => {
      const registryBefore = front.actionRequests().length
      const tokenBefore = tokenRegistry.tokens.requests.length
      const step = await runner.step({ inputs: imageInputs, entry: ENTRY })
      expectOk('check + 3 images', step)
      if (step.outputs['digests']?.split('\n').length !== 3) {
        throw new Error(`check + 3 images gave no digests:\n${step.stdout}\n${step.stderr}`)
      }
      imageRequests.registry.push(front.actionRequests().length - registryBefore)
      imageRequests.token.push(tokenRegistry.tokens.requests.length - tokenBefore)
      return step
    }
    const latencyInputs = { ...imageInputs, registry: slowRegistry.host, 'api-url': slowApi.url }
    const runLatency = async (entry: string): Promise<number> => {
      const step = await runner.step({ inputs: latencyInputs, entry })
      expectOk(`check + 3 images with ${LATENCY_MS} ms latency (${entry})`, step)
      if (step.outputs['digests']?.split('\n').length !== 3) {
        throw new Error(`the latency run gave no digests:\n${step.stdout}\n${step.stderr}`)
      }
      return step.ms
    }
    let runs = 0
    const dockerEnv = (): Record<string, string> => ({ DOCKER_CONFIG: mkdtempSync(join(work, `docker-${runs++}-`)) })
    const base: NodeJS.ProcessEnv = { PATH: process.env['PATH'], HOME: process.env['HOME'] }

    // A: the main step as the runner runs it (fresh runner files, fresh docker config).
    const runA = async (): Promise<{ step: StepResult; docker: Record<string, string> }> => {
      const docker = dockerEnv()
      const step = await runner.step({ inputs, env: docker, entry: ENTRY })
      expectOk('A (dist, check + login)', step)
      if (step.outputs['username'] !== USER || step.state['loggedIn'] !== 'true') {
        throw new Error(`A did not log in:\n${step.stdout}\n${step.stderr}`)
      }
      return { step, docker }
    }
    // B: the floor, same registry, same kind of fresh docker config; node -e 0
    // and docker login are also kept apart, to show what A adds to each.
    const runB = async (): Promise<{ node: number; login: number; env: NodeJS.ProcessEnv }> => {
      const env = { ...base, ...dockerEnv() }
      const node = await timed(NODE24, ['-e', '0'], env)
      expectOk('node -e 0', node)
      const login = await timed('docker', ['login', registry.host, '--username', USER, '--password-stdin'], env, SECRET)
      expectOk('docker login', login)
      return { node: node.ms, login: login.ms, env }
    }

    const tls = {
      A: [] as number[],
      F: [] as number[],
      L: [] as number[],
      ratioF: [] as number[],
      ratioL: [] as number[],
      before: [] as number[],
      beforeF: [] as number[]
    }
    const latency = { after: [] as number[], before: [] as number[] }
    const tlsEnv = { NODE_EXTRA_CA_CERTS: httpsApi.caFile }
    // Atls: A against the HTTPS stand-in.
    const runAtls = async (entry = ENTRY): Promise<number> => {
      const step = await runner.step({
        inputs: { ...inputs, 'api-url': httpsApi.url },
        env: { ...dockerEnv(), ...tlsEnv },
        entry
      })
      expectOk('Atls (dist, check + login over HTTPS)', step)
      if (step.state['loggedIn'] !== 'true') throw new Error(`Atls did not log in:\n${step.stdout}\n${step.stderr}`)
      return step.ms
    }
    // F: one HTTPS request from node, then docker login: the floor of Atls.
    const runF = async (): Promise<number> => {
      const env = { ...base, ...dockerEnv(), ...tlsEnv }
      const node = await timed(NODE24, ['-e', ONE_REQUEST, `${httpsApi.url}/v1/projects/${PROJECT}`], env)
      expectOk('node: one HTTPS request', node)
      const login = await timed('docker', ['login', registry.host, '--username', USER, '--password-stdin'], env, SECRET)
      expectOk('docker login', login)
      return node.ms + login.ms
    }
    // L: docker/login-action, main step only, same registry, fresh docker config.
    const runL = async (): Promise<number> => {
      const step = await runner.step({
        inputs: { registry: registry.host, username: USER, password: SECRET, ecr: 'auto', logout: 'true' },
        env: dockerEnv(),
        entry: LOGIN_ACTION
      })
      expectOk('docker/login-action', step)
      if (!/Login Succeeded/.test(step.stdout)) throw new Error(`docker/login-action did not log in:\n${step.stdout}`)
      return step.ms
    }
    const timings = {
      A: [] as number[],
      B: [] as number[],
      node: [] as number[],
      login: [] as number[],
      ratio: [] as number[],
      check: [] as number[],
      images: [] as number[]
    }
    const post = { A: [] as number[], B: [] as number[] }
    // Warm the page cache and docker's first-run paths once, untimed.
    await runA()
    await runB()
    await runImages()
    await runAtls()
    await runF()
    if (LOGIN_ACTION) await runL()
    await runLatency(ENTRY)
    if (BEFORE) await runLatency(BEFORE)
    for (let i = 0; i < N; i++) {
      // Atls, F and L in a rotating order; then the latency runs, alternating.
      const trio: (() => Promise<void>)[] = [
        async () => void tls.A.push(await runAtls()),
        async () => void tls.F.push(await runF()),
        ...(LOGIN_ACTION ? [async () => void tls.L.push(await runL())] : []),
        ...(BEFORE ? [async () => void tls.before.push(await runAtls(BEFORE))] : [])
      ]
      for (let k = 0; k < trio.length; k++) await trio[(i + k) % trio.length]!()
      tls.ratioF.push(tls.A[i]! / tls.F[i]!)
      if (LOGIN_ACTION) tls.ratioL.push(tls.A[i]! / tls.L[i]!)
      if (BEFORE) tls.beforeF.push(tls.before[i]! / tls.F[i]!)
      if (BEFORE && i % 2 === 1) latency.before.push(await runLatency(BEFORE))
      latency.after.push(await runLatency(ENTRY))
      if (BEFORE && i % 2 === 0) latency.before.push(await runLatency(BEFORE))

      // Alternate the order so that neither side always runs on a warmer machine.
      let a: Awaited<ReturnType<typeof runA>>
      let b: Awaited<ReturnType<typeof runB>>
      if (i % 2 === 0) {
        a = await runA()
        b = await runB()
      } else {
        b = await runB()
        a = await runA()
      }
      timings.A.push(a.step.ms)
      timings.B.push(b.node + b.login)
      timings.node.push(b.node)
      timings.login.push(b.login)
      timings.ratio.push(a.step.ms / (b.node + b.login))

      const c = await runner.step({ inputs: { ...inputs, login: 'false', secret: '' }, entry: ENTRY })
      expectOk('check-only', c)
      if (c.outputs['username'] !== USER) throw new Error(`check-only did not check:\n${c.stdout}\n${c.stderr}`)
      timings.check.push(c.ms)
      timings.images.push((await runImages()).ms)

      // The post step, with the state and docker config of A's login, against
      // node -e 0 + docker logout from B's login.
      const p = await runner.post({ inputs, state: a.step.state, env: a.docker, entry: POST_ENTRY })
      expectOk('post', p)
      if (!/Logged out of/.test(p.stdout)) throw new Error(`post did not log out:\n${p.stdout}\n${p.stderr}`)
      post.A.push(p.ms)
      const pn = await timed(NODE24, ['-e', '0'], b.env)
      const pl = await timed('docker', ['logout', registry.host], b.env)
      expectOk('docker logout', pl)
      post.B.push(pn.ms + pl.ms)
    }

    // Peak memory, in runs of their own so that /usr/bin/time does not skew the times.
    const rss = { A: [] as number[], check: [] as number[], node: [] as number[] }
    if (hasTime) {
      for (let i = 0; i < Math.min(N, 10); i++) {
        const envFor = (extra: Record<string, string>): NodeJS.ProcessEnv => {
          const files = mkdtempSync(join(work, 'files-'))
          const env: NodeJS.ProcessEnv = {
            ...base,
            GITHUB_ACTIONS: 'true',
            RUNNER_TEMP: files,
            GITHUB_OUTPUT: join(files, 'output'),
            GITHUB_STATE: join(files, 'state'),
            GITHUB_STEP_SUMMARY: join(files, 'summary'),
            GITHUB_ENV: join(files, 'env'),
            GITHUB_PATH: join(files, 'path'),
            ...dockerEnv()
          }
          for (const f of ['output', 'state', 'summary', 'env', 'path']) writeFileSync(join(files, f), '')
          for (const [k, v] of Object.entries({ ...inputs, ...extra })) env[`INPUT_${k.toUpperCase()}`] = v
          return env
        }
        rss.A.push(await peakRss(NODE24, [ENTRY], envFor({})))
        rss.check.push(await peakRss(NODE24, [ENTRY], envFor({ login: 'false', secret: '' })))
        rss.node.push(await peakRss(NODE24, ['-e', '0'], base))
      }
    }

    const proxy = await proxyCheck(ENTRY)

    const distDir = resolve(ENTRY, '..')
    const js = dirBytes(distDir, /\.[cm]?js$/)
    const all = dirBytes(distDir)
    const entryBytes = statSync(ENTRY).size
    const ratio = median(timings.ratio)
    const peak = hasTime ? Math.max(...rss.A) : NaN
    const lines = [
      `Node ${(await timed(NODE24, ['--version'], base)).stdout.trim()}, ${N} interleaved runs each, medians (entry ${ENTRY.replace(`${ROOT}/`, '')}):`,
      `  A      dist/, check + login           ${fmt(median(timings.A))}`,
      `  B      node -e 0 + docker login       ${fmt(median(timings.B))}   (node -e 0 ${fmt(median(timings.node)).trim()}, docker login ${fmt(median(timings.login)).trim()})`,
      `  A/B    median of per-run ratios        ${ratio.toFixed(2)}`,
      `  check  dist/, login: false            ${fmt(median(timings.check))}`,
      `  images dist/, login: false + 3 images ${fmt(median(timings.images))}   (+${(median(timings.images) - median(timings.check)).toFixed(0)} ms over check; requests per run: ${Math.max(...imageRequests.registry)} to the registry, ${Math.max(...imageRequests.token)} to the token server)`,
      `  post   dist/, docker logout           ${fmt(median(post.A))}   (node -e 0 + docker logout: ${fmt(median(post.B)).trim()}, ratio ${(median(post.A) / median(post.B)).toFixed(2)})`,
      hasTime
        ? `  peak RSS of A                         ${peak.toFixed(1)} MiB (median ${median(rss.A).toFixed(1)}; check-only ${median(rss.check).toFixed(1)}; node -e 0 ${median(rss.node).toFixed(1)})`
        : `  peak RSS of A: ${TIME} missing (Debian package \`time\`): apt-get install time`,
      `  dist/ JavaScript                      ${(js / 1024).toFixed(1)} KiB (${js} bytes; all files ${(all / 1024).toFixed(1)} KiB; the entry alone ${(entryBytes / 1024).toFixed(1)} KiB)`,
      `  Atls   dist/, check + login, API over HTTPS ${fmt(median(tls.A))}`,
      `  F      one HTTPS request + docker login  ${fmt(median(tls.F))}`,
      `  Atls/F median of per-run ratios        ${median(tls.ratioF).toFixed(2)}` +
        (BEFORE ? `   (BENCH_BEFORE: ${fmt(median(tls.before)).trim()}, ratio ${median(tls.beforeF).toFixed(2)})` : ''),
      LOGIN_ACTION
        ? `  L      docker/login-action             ${fmt(median(tls.L))}   Atls/L median of per-run ratios ${median(tls.ratioL).toFixed(2)}`
        : '  L      docker/login-action: not measured (set BENCH_LOGIN_ACTION to its dist/index.cjs)',
      `  lat    check + 3 images, +${LATENCY_MS} ms per answer ${fmt(median(latency.after))}` +
        (BEFORE ? `   (BENCH_BEFORE ${BEFORE.replace(`${ROOT}/`, '')}: ${fmt(median(latency.before)).trim()})` : ''),
      `  proxy  ${proxy}`
    ]
    console.log(lines.join('\n'))
    // Figures, not a verdict: on a shared machine they move with the load, and the step sits at its
    // floor (Atls/F). Only a run that could not measure (a step that failed, a missing tool) fails.
    console.log(FIGURES_ONLY)
  } finally {
    runner.cleanup()
    rmSync(work, { recursive: true, force: true })
    await registry.stop()
    await front.stop()
    await tokenRegistry.stop()
    await standin.stop()
    await httpsApi.stop()
    await slowApi.stop()
    await slowRegistry.stop()
    await slowTokens.stop()
  }
}

await main()
