// The services a run of the action needs, for the CI job that runs it with
// `uses: ./` (and for trying `npm run local-action` without a Deepgram account):
// the Deepgram stand-in, as a project that keeps its sets (so `ephemeral: true`
// can create and delete one), and a real local registry (Debian's
// docker-registry), on 127.0.0.1, in a background process that outlives the
// step that starts it.
//
//   npm run services -- start [--dotenv PATH]    (any node: the npm scripts run on Node 24)
//   node scripts/ci-services.ts start [--dotenv PATH]   (on Node 24, as the workflow runs it)
//
// Makes fresh random IDs, API key and secret (throwaway: they open nothing but
// these two services), prints ::add-mask:: for the key and the secret on a
// runner, then writes to $GITHUB_OUTPUT (when set):
//   api-url, registry, project-id, api-key, secret,
//   credentials-id        a set with the api and engine scopes, whose user the registry knows
//   thin-credentials-id   a set without the engine scope
//   pid                   the background process: `kill "$pid"` stops both services
// --dotenv PATH writes the good set's inputs as INPUT_* lines for `npm run local-action`.
// The services stop by themselves after DG_SERVICES_MINUTES (default 30) minutes;
// they log to DG_SERVICES_LOG (default: a file in the temporary directory).
import { spawn } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { appendFileSync, closeSync, openSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LocalRegistry } from '../__tests__/support/registry.ts'
import { DeepgramStandIn } from '../__tests__/support/standin.ts'

export interface Services {
  'api-url': string
  registry: string
  'project-id': string
  'api-key': string
  secret: string
  'credentials-id': string
  'thin-credentials-id': string
  pid: string
}

const SCOPES = ['self-hosted:product:api', 'self-hosted:product:engine']

/** The background process: reads its IDs and secret on stdin (never argv), starts
 * both services, answers with their addresses on stdout, then only logs to stderr. */
async function serve(): Promise<void> {
  let input = ''
  for await (const chunk of process.stdin) input += String(chunk)
  const ids = JSON.parse(input) as Omit<Services, 'api-url' | 'registry' | 'pid'>
  const created = '2024-05-01T12:00:00.000000Z'
  const api = await DeepgramStandIn.startProject({
    projectId: ids['project-id'],
    apiKey: ids['api-key'],
    sets: [
      { id: ids['credentials-id'], comment: 'CI: uses ./', scopes: SCOPES, created },
      { id: ids['thin-credentials-id'], comment: 'CI: no engine scope', scopes: ['self-hosted:product:api'], created }
    ]
  })
  const registry = await LocalRegistry.start(`deepgram+${ids['credentials-id']}`, ids.secret)
  const stop = async (why: string): Promise<void> => {
    console.error(
      `ci-services: stopping (${why}); ${api.requests.length} API request(s) served; ` +
        `${api.created.length} set(s) created, ${api.sets.size} left.`
    )
    await api.stop()
    await registry.stop()
    process.exit(0)
  }
  process.once('SIGTERM', () => void stop('SIGTERM'))
  process.once('SIGINT', () => void stop('SIGINT'))
  const minutes = Number(process.env['DG_SERVICES_MINUTES'] ?? 30) || 30
  setTimeout(() => void stop(`${minutes} minutes passed`), minutes * 60000).unref()
  // Keeps the process alive until one of the above.
  setInterval(() => undefined, 1 << 30)
  process.stdout.end(`${JSON.stringify({ 'api-url': api.url, registry: registry.host })}\n`)
}

/** Starts the background process and waits for its addresses. */
export async function start(
  log = process.env['DG_SERVICES_LOG'] ?? join(tmpdir(), `dg-ci-services-${process.pid}.log`)
): Promise<Services> {
  const ids = {
    'project-id': randomUUID(),
    'api-key': `ci${randomBytes(20).toString('hex')}`,
    secret: randomBytes(24).toString('base64url'),
    'credentials-id': randomUUID(),
    'thin-credentials-id': randomUUID()
  }
  const logFd = openSync(log, 'a')
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'serve'], {
    detached: true,
    stdio: ['pipe', 'pipe', logFd]
  })
  closeSync(logFd)
  const { stdin, stdout } = child
  if (!stdin || !stdout) throw new Error('spawn gave no pipes')
  stdin.end(JSON.stringify(ids))
  const addresses = await new Promise<{ 'api-url': string; registry: string }>((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`services did not start within 30 s; see ${log}`)), 30000)
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

/** INPUT_* lines of the good set, for @github/local-action's .env. */
export function envFile(s: Services): string {
  const inputs: Record<string, string> = {
    'project-id': s['project-id'],
    'api-key': s['api-key'],
    'credentials-id': s['credentials-id'],
    secret: s.secret,
    registry: s.registry,
    'api-url': s['api-url'],
    login: 'false'
  }
  return Object.entries(inputs)
    .map(([k, v]) => `INPUT_${k.toUpperCase()}=${v}\n`)
    .join('')
}

async function main(): Promise<void> {
  const [command, flag, path] = process.argv.slice(2)
  if (command === 'serve') return serve()
  if (command !== 'start') {
    console.error('usage: npm run services -- start [--dotenv PATH]')
    process.exit(2)
  }
  const services = await start()
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
  if (flag === '--dotenv' && path) writeFileSync(path, envFile(services), { mode: 0o600 })
  console.log(
    `Deepgram stand-in at ${services['api-url']}, registry at ${services.registry}, ` +
      `project ${services['project-id']}, set ${services['credentials-id']} (thin set ${services['thin-credentials-id']}); ` +
      `stop them with: kill ${services.pid}`
  )
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main()
