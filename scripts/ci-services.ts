// The services a run of the action needs, for the CI jobs that run it with
// `uses: ./` (and for trying `npm run local-action` without a Deepgram account):
// the Deepgram stand-in, as a project that keeps its sets (so `ephemeral`,
// `rotate` and `retire` can create and delete them), and, where Debian's
// docker-registry is installed, a real local registry behind a token server that
// accepts every set the stand-in keeps, as quay accepts Deepgram's: the seeded
// sets at once, a set made through the API a couple of seconds after its create
// (the delay quay has), and no set once it is deleted. The registry holds
// Deepgram-like images under two releases, so `images` and `release: latest`
// work. All on 127.0.0.1, in a background process that outlives the command.
//
//   npm run services -- start [--dotenv PATH [--force]] [--no-registry]
//   node scripts/ci-services.ts start …   (on Node 24, as the workflows run it)
//
// Makes fresh random IDs, API key and secret (throwaway: they open nothing but
// these services), prints ::add-mask:: for the key and the secret on a runner,
// then writes to $GITHUB_OUTPUT (when set):
//   api-url, registry (empty without docker-registry), project-id, api-key, secret,
//   credentials-id        a set with the api and engine scopes, whose secret is `secret`
//   thin-credentials-id   a set without the engine scope
//   pid                   the background process: `kill "$pid"` stops them all
// --dotenv PATH writes the good set's inputs as INPUT_* lines for `npm run local-action`;
// it never replaces a file that is there: it asks on a terminal, and refuses elsewhere
// unless --force is given. Without docker-registry (macOS, Windows) or with
// --no-registry, only the stand-in runs: check-only runs (`login: false`, no `images`).
// The services stop by themselves after DG_SERVICES_MINUTES (default 30) minutes;
// they log to DG_SERVICES_LOG (default: a file in the temporary directory), and say where.
import { spawn } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import {
  accessSync,
  appendFileSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, isAbsolute, join } from 'node:path'
import { createInterface } from 'node:readline/promises'
import { fileURLToPath } from 'node:url'
import { DeepgramStandIn } from '../__tests__/support/standin.ts'
import { REPOS, TokenRegistry } from '../__tests__/support/token-registry.ts'

interface Services {
  'api-url': string
  /** Empty when no registry runs. */
  registry: string
  'project-id': string
  'api-key': string
  secret: string
  'credentials-id': string
  'thin-credentials-id': string
  pid: string
}

type Ids = Omit<Services, 'api-url' | 'registry' | 'pid'>

const SCOPES = ['self-hosted:product:api', 'self-hosted:product:engine']
/** The releases the local registry holds, oldest first: `release: latest` picks the last. */
export const RELEASES = ['release-260729', 'release-260812'] as const
/** The repositories that hold them (relative to the registry, as `images` may name them). */
const IMAGES = Object.values(REPOS)

/** The registry needs Debian's docker-registry, and openssl for its token server's certificate. */
function registryTools(env: NodeJS.ProcessEnv = process.env): string[] {
  return ['docker-registry', 'openssl'].filter(tool => !onPath(tool, env))
}

/** Like src/docker/client.ts's onPath(), which node cannot load from here (src/ imports `.js` names). */
function onPath(name: string, env: NodeJS.ProcessEnv): boolean {
  const exts = process.platform === 'win32' ? (env['PATHEXT'] ?? '.EXE').split(';') : ['']
  return (env['PATH'] ?? '').split(delimiter).some(
    dir =>
      isAbsolute(dir) &&
      exts.some(ext => {
        try {
          accessSync(join(dir, name + ext), constants.X_OK)
          return statSync(join(dir, name + ext)).isFile()
        } catch {
          return false
        }
      })
  )
}

/** The background process: reads its IDs and secret on stdin (never argv), starts the
 * services, answers with their addresses on stdout, then only logs to stderr. */
async function serve(withRegistry: boolean): Promise<void> {
  let input = ''
  for await (const chunk of process.stdin) input += String(chunk)
  const ids = JSON.parse(input) as Ids
  const created = '2024-05-01T12:00:00.000000Z'
  const api = await DeepgramStandIn.startProject({
    projectId: ids['project-id'],
    apiKey: ids['api-key'],
    sets: [
      { id: ids['credentials-id'], comment: 'CI: uses ./', scopes: SCOPES, created, secret: ids.secret },
      {
        id: ids['thin-credentials-id'],
        comment: 'CI: no engine scope',
        scopes: ['self-hosted:product:api'],
        created,
        secret: randomBytes(24).toString('base64url')
      }
    ]
  })
  let registry: TokenRegistry | undefined
  if (withRegistry) {
    registry = await TokenRegistry.start()
    registry.acceptSetsOf(api)
    for (const release of RELEASES) await registry.pushCatalogue(release)
  }
  const stop = async (why: string): Promise<void> => {
    console.error(
      `ci-services: stopping (${why}); ${api.requests.length} API request(s) served; ` +
        `${api.created.length} set(s) created, ${api.deleted.length} deleted, ${api.sets.size} left.`
    )
    await api.stop()
    await registry?.stop()
    process.exit(0)
  }
  process.once('SIGTERM', () => void stop('SIGTERM'))
  process.once('SIGINT', () => void stop('SIGINT'))
  const minutes = Number(process.env['DG_SERVICES_MINUTES'] ?? 30) || 30
  setTimeout(() => void stop(`${minutes} minutes passed`), minutes * 60000).unref()
  // Keeps the process alive until one of the above.
  setInterval(() => undefined, 1 << 30)
  console.error(`ci-services: stand-in at ${api.url}; registry at ${registry?.host ?? '(none)'}`)
  process.stdout.end(`${JSON.stringify({ 'api-url': api.url, registry: registry?.host ?? '' })}\n`)
}

function defaultLog(): string {
  return process.env['DG_SERVICES_LOG'] ?? join(tmpdir(), `dg-ci-services-${process.pid}.log`)
}

/** Starts the background process and waits for its addresses. */
async function start(log = defaultLog(), withRegistry = true): Promise<Services> {
  const ids: Ids = {
    'project-id': randomUUID(),
    'api-key': `ci${randomBytes(20).toString('hex')}`,
    secret: randomBytes(24).toString('base64url'),
    'credentials-id': randomUUID(),
    'thin-credentials-id': randomUUID()
  }
  const logFd = openSync(log, 'a')
  const args = [fileURLToPath(import.meta.url), 'serve', ...(withRegistry ? [] : ['--no-registry'])]
  const child = spawn(process.execPath, args, { detached: true, stdio: ['pipe', 'pipe', logFd], windowsHide: true })
  closeSync(logFd)
  const { stdin, stdout } = child
  if (!stdin || !stdout) throw new Error('spawn gave no pipes')
  stdin.end(JSON.stringify(ids))
  const addresses = await new Promise<{ 'api-url': string; registry: string }>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`services did not start within 60 s; see ${log}`)), 60000)
    stdout.on('data', (d: Buffer) => (out += d.toString()))
    stdout.on('end', () => {
      clearTimeout(timer)
      try {
        resolve(JSON.parse(out) as { 'api-url': string; registry: string })
      } catch {
        reject(new Error(`services failed to start; see ${log}`))
      }
    })
    child.once('exit', code => reject(new Error(`services exited with ${code}; see ${log}`)))
  })
  child.unref()
  return { ...ids, ...addresses, pid: String(child.pid) }
}

/** INPUT_* lines of the good set, for @github/local-action's .env, with what the services hold. */
function envFile(s: Services): string {
  const inputs: Record<string, string> = {
    'project-id': s['project-id'],
    'api-key': s['api-key'],
    'credentials-id': s['credentials-id'],
    secret: s.secret,
    ...(s.registry ? { registry: s.registry } : {}),
    'api-url': s['api-url'],
    login: 'false'
  }
  const about = [
    `# Written by \`npm run services\` for \`npm run local-action\`: throwaway values that open only these services`,
    `# (stop them with: kill ${s.pid}). Thin set (no engine scope): ${s['thin-credentials-id']}.`,
    s.registry
      ? `# The registry ${s.registry} holds ${IMAGES.join(', ')} at ${RELEASES.join(' and ')}: name them in INPUT_IMAGES relative to it.`
      : '# No registry runs (no docker-registry here): check-only runs, without INPUT_IMAGES.'
  ]
  // What a runner sets: `rotate` and `retire` tell a rotation's sets apart by the repository's ID.
  const run = ["# The repository's ID, as a runner sets it: rotate and retire need it.", 'GITHUB_REPOSITORY_ID=424242']
  return (
    [...about, ...Object.entries(inputs).map(([k, v]) => `INPUT_${k.toUpperCase()}=${v}`), ...run].join('\n') + '\n'
  )
}

interface Options {
  dotenv?: string
  force: boolean
  registry: boolean
}

const USAGE = 'usage: npm run services -- start [--dotenv PATH [--force]] [--no-registry]'

function parseArgs(args: readonly string[]): Options | string {
  const options: Options = { force: false, registry: true }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (arg === '--dotenv' && args[i + 1] !== undefined && !args[i + 1]!.startsWith('--')) options.dotenv = args[++i]
    else if (arg === '--force') options.force = true
    else if (arg === '--no-registry') options.registry = false
    else return `${USAGE} (unknown or incomplete argument: ${arg})`
  }
  return options
}

/** May the env file be written? A file that is there is replaced only with --force, or when
 * the user says yes on a terminal; without one (CI) the answer is no. */
async function mayWrite(path: string, force: boolean): Promise<boolean> {
  if (force || !existsSync(path)) return true
  if (!process.stdin.isTTY) return false
  const rl = createInterface({ input: process.stdin, output: process.stderr })
  try {
    return /^y(es)?$/i.test((await rl.question(`${path} exists. Replace it? [y/N] `)).trim())
  } finally {
    rl.close()
  }
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2)
  if (command === 'serve') return serve(!rest.includes('--no-registry'))
  const options = command === 'start' ? parseArgs(rest) : USAGE
  if (typeof options === 'string') {
    console.error(options)
    process.exit(2)
  }
  // Before anything starts: nothing to stop when the answer is no.
  if (options.dotenv !== undefined && !(await mayWrite(options.dotenv, options.force))) {
    console.error(
      `services: ${options.dotenv} exists and was left as it is (it may hold your own key). ` +
        `Give another path to --dotenv, or add --force to replace it. Nothing was started.`
    )
    process.exit(1)
  }
  const missing = options.registry ? registryTools() : []
  const log = defaultLog()
  const services = await start(log, options.registry && missing.length === 0)
  if (process.env['GITHUB_ACTIONS'] === 'true') {
    console.log(`::add-mask::${services['api-key']}`)
    console.log(`::add-mask::${services.secret}`)
  }
  const output = process.env['GITHUB_OUTPUT']
  if (output) {
    appendFileSync(
      output,
      Object.entries(services)
        .map(([k, v]) => `${k}=${v}\n`)
        .join('')
    )
  }
  if (options.dotenv !== undefined) writeFileSync(options.dotenv, envFile(services), { mode: 0o600 })
  console.log(
    `Deepgram stand-in at ${services['api-url']}, ` +
      (services.registry
        ? `registry at ${services.registry} (${IMAGES.join(', ')} at ${RELEASES.join(', ')}), `
        : `no registry (${options.registry ? `${missing.join(' and ')} not on PATH` : '--no-registry'}: check-only runs), `) +
      `project ${services['project-id']}, set ${services['credentials-id']} (thin set ${services['thin-credentials-id']})` +
      (options.dotenv === undefined ? '' : `; inputs written to ${options.dotenv}`) +
      `. Log: ${log}. Stop them with: kill ${services.pid}`
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main()
