// docker or podman: choose it, log in with the secret on stdin (retrying while the registry is
// unavailable), log out; each run with a deadline and an environment without the action's inputs.
import { accessSync, constants, readFileSync, statSync } from 'node:fs'
import { homedir } from 'node:os'
import { join, posix, win32 } from 'node:path'
import { basicCredentials } from '../common.js'
import { ActionError, LoginError, messageOf, type Notice } from '../errors.js'
import { loginServer } from '../registry/image-ref.js'
import {
  classifyFailure,
  describeDockerHost,
  errorLine,
  hangCauses,
  helperFromConfig,
  isNotLoggedIn,
  isRetryable,
  type Failure,
  type HelperSetting,
  type Situation
} from './login-errors.js'
import { backoffDelay, newSetWait, retrying, SHORT_RETRY, sleep, type NewSet, type Verdict } from '../http/retry.js'
import { realPath } from './config-file.js'
import { runBounded, withoutInputs, type BoundedResult } from './run-bounded.js'
import { redact, sanitize } from '../sanitize.js'
import type { ClientChoice, ClientName } from '../common.js'

export interface RegistryClient {
  name: ClientName
  path: string
}

const LOGIN_TIMEOUT_MS = 60_000
const LOGOUT_TIMEOUT_MS = 30_000
/** Attempts in all while the registry (or docker's daemon) is unavailable. */
const LOGIN_ATTEMPTS = 3

/** The files a shell would try for `name`: each absolute PATH entry (a relative one would find a
 * file in the working directory). On Windows only `.exe` and `.com` files in PATHEXT count: Node
 * cannot run a `.cmd` or `.bat` without a shell, nor a file without an extension. */
export function pathCandidates(name: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const p = platform === 'win32' ? win32 : posix
  const exts =
    platform === 'win32'
      ? (env['PATHEXT'] ?? '.EXE;.COM')
          .split(';')
          .filter(ext => /^\.(?:exe|com)$/i.test(ext))
          .map(ext => ext.toLowerCase())
      : ['']
  return (env['PATH'] ?? '')
    .split(p.delimiter)
    .filter(dir => dir !== '' && p.isAbsolute(dir))
    .flatMap(dir => exts.map(ext => p.join(dir, name + ext)))
}

/** The first executable file `name` on PATH. Synchronous: well under a millisecond, where
 * @actions/io's which() took several on the start-up path. */
export function onPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const file of pathCandidates(name, env, process.platform)) {
    try {
      accessSync(file, constants.X_OK)
      if (statSync(file).isFile()) return file
    } catch {
      // Not there, or not executable: the next one.
    }
  }
  return undefined
}

/** docker or podman, as the `client` input asks; fails with what to install. */
export function findClient(choice: ClientChoice): RegistryClient {
  const order: ClientName[] = choice === 'auto' ? ['docker', 'podman'] : [choice]
  for (const name of order) {
    const path = onPath(name)
    if (path) return { name, path }
  }
  if (choice === 'podman')
    throw new ActionError(
      'Podman not found',
      'podman is not on PATH, so the action cannot log in (`client: podman`): install Podman on the runner, ' +
        'use `client: auto` to log in with docker instead, or set `login: false` to run the scope check only.'
    )
  throw new ActionError(
    'Docker not found',
    choice === 'docker'
      ? 'docker is not on PATH, so the action cannot log in (`client: docker`): install Docker on the runner, or set `login: false` to run the scope check only. ' +
          'On a runner with Podman only, use `client: auto` or `client: podman`.'
      : 'Neither docker nor podman is on PATH, so the action cannot log in: install Docker on the runner, or set `login: false` to run the scope check only. ' +
          '(Podman works too: with `client: auto`, the default, it is used when docker is absent.)'
  )
}

/** The client on PATH, only when it is the very file the main step used (`savedPath`): the saved
 * path is state, which anything that sets the step's environment can set, so it is compared, never
 * run. Else why not: `gone`, none on PATH; `another`, not that file. */
export function clientForLogout(
  name: ClientName,
  savedPath: string
): { client: RegistryClient } | { skipped: 'gone' | 'another' } {
  const found = onPath(name)
  if (found === undefined) return { skipped: 'gone' }
  const real = realPath(found)
  if (real === undefined || savedPath === '' || real !== realPath(savedPath)) return { skipped: 'another' }
  return { client: { name, path: found } }
}

export function authVariable(client: ClientName): 'DOCKER_CONFIG' | 'REGISTRY_AUTH_FILE' {
  return client === 'docker' ? 'DOCKER_CONFIG' : 'REGISTRY_AUTH_FILE'
}

/** podman's auth file as containers/common's GetDefaultAuthFile resolves it: REGISTRY_AUTH_FILE,
 * else $DOCKER_CONFIG/config.json, else $XDG_RUNTIME_DIR/containers/auth.json; '' for its
 * built-in default (none of them set). */
function podmanAuthFile(env: NodeJS.ProcessEnv): string {
  if (env['REGISTRY_AUTH_FILE']) return env['REGISTRY_AUTH_FILE']
  if (env['DOCKER_CONFIG']) return join(env['DOCKER_CONFIG'], 'config.json')
  if (env['XDG_RUNTIME_DIR']) return join(env['XDG_RUNTIME_DIR'], 'containers', 'auth.json')
  return ''
}

/** Where docker reads `.docker` from: on Windows USERPROFILE, whatever HOME a shell (Git Bash)
 * exported; elsewhere HOME; the account's own when the variable is empty. */
export function dockerHome(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  return (platform === 'win32' ? env['USERPROFILE'] : env['HOME']) || homedir()
}

/** Where the login will be kept, resolved in the main step so that the post step logs out of that
 * very file whatever a later step exports: docker's config dir; podman's auth file, or '' for its
 * built-in default, which the logout gets back by unsetting REGISTRY_AUTH_FILE and DOCKER_CONFIG. */
export function authLocation(client: ClientName, env: NodeJS.ProcessEnv = process.env): string {
  if (client === 'docker') return env['DOCKER_CONFIG'] || join(dockerHome(env, process.platform), '.docker')
  return podmanAuthFile(env)
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

/** The credential helper the client's config names for `registry`: docker's config.json; for
 * podman its auth file, then docker's config, which it also reads. */
export function configuredHelper(
  client: ClientName,
  registry: string,
  env: NodeJS.ProcessEnv = process.env
): HelperSetting | undefined {
  const dockerFile = join(authLocation('docker', env), 'config.json')
  const files = client === 'docker' ? [dockerFile] : [podmanAuthFile(env), dockerFile].filter(f => f !== '')
  for (const file of files) {
    const found = helperFromConfig(readText(file), registry, sanitize(file))
    if (found) return found
  }
  return undefined
}

function situation(client: RegistryClient, registry: string, username: string, env: NodeJS.ProcessEnv): Situation {
  const configured = configuredHelper(client.name, registry, env)
  const dockerHost = client.name === 'docker' ? describeDockerHost(env['DOCKER_HOST']) : undefined
  return { client: client.name, registry, username, attempts: 1, configured, dockerHost }
}

/** One login try: what the client did, and why it failed when it did. */
type Tried = { result: BoundedResult; failure?: Failure }

export interface LoginOptions {
  /** Each attempt's deadline (tests shorten it). */
  timeoutMs?: number
  attempts?: number
  /** The wait before retry n (counting from 1); tests shorten it. */
  retryDelayMs?: (retry: number) => number
  onRetry?: (message: string) => void
  /** A set made in this run: a refusal of it is retried (retry.ts's newSetWait()). */
  newSet?: NewSet
}

export async function login(
  client: RegistryClient,
  given: string,
  username: string,
  secret: string,
  opts: LoginOptions = {}
): Promise<void> {
  // quay.io:443 is written down as quay.io, the key pulls look up.
  const registry = loginServer(given)
  const timeoutMs = opts.timeoutMs ?? LOGIN_TIMEOUT_MS
  const env = withoutInputs(process.env)
  const hidden = [secret, basicCredentials(username, secret)]
  const s = situation(client, registry, username, process.env)
  // The secret travels on stdin only: never on argv, where `ps` and audit logs see it.
  const args = ['login', registry, '--username', username, '--password-stdin']
  // Each try, with the cause of its failure read once: the judge retries on it, the error names it.
  const attempt = async (): Promise<Tried> => {
    let result: BoundedResult
    try {
      result = await runBounded(client.path, args, { timeoutMs, input: Buffer.from(secret), env })
    } catch (error) {
      throw new ActionError(
        'Registry login failed',
        `Could not run ${client.name} (${sanitize(client.path)}): ${sanitize(redact(messageOf(error), hidden))}.`
      )
    }
    if (result.timedOut || result.exitCode === 0) return { result }
    return { result, failure: classifyFailure(redact(result.stderr, hidden), redact(result.stdout, hidden)) }
  }
  const started = Date.now()
  const { result: last, attempts } = await retrying(attempt, loginJudge(s, opts), sleep, opts.onRetry)
  if (last.result.timedOut)
    throw new LoginError(
      'Registry login timed out',
      `${s.client} login to ${s.registry} as ${s.username} did not finish within ${Math.round(timeoutMs / 1000)} s, so it was stopped. ` +
        `This says nothing about \`secret\`: ${hangCauses(s)}.`,
      'timeout'
    )
  if (last.failure === undefined) return
  const waitedS = Math.round((Date.now() - started) / 1000)
  const newSet = opts.newSet && { waitedS, madeFor: opts.newSet.madeFor }
  throw loginFailed({ failure: last.failure, situation: { ...s, attempts, ...newSet } })
}

/** When a login is tried again: an outage, up to `attempts` in all; a refusal of a new set, as
 * retry.ts's newSetWait() says. The two are counted apart: each has its own limit. */
function loginJudge(s: Situation, opts: LoginOptions): (tried: Tried) => Verdict {
  const attempts = opts.attempts ?? LOGIN_ATTEMPTS
  const delay = opts.retryDelayMs ?? ((retry: number) => backoffDelay(retry, SHORT_RETRY))
  let unavailable = 0
  let refused = 0
  return ({ failure }: Tried): Verdict => {
    if (failure === undefined) return { retry: false }
    const doing = `${s.client} login to ${s.registry}`
    if (failure.kind === 'credentials' && opts.newSet !== undefined) {
      const wait = newSetWait(opts.newSet, ++refused)
      if (wait === undefined) return { retry: false }
      const note =
        `${doing}: the registry refused the new credential set ${s.username} (${failure.line}); ` +
        `a set made seconds ago can take a few seconds to be accepted; retrying in ${(wait / 1000).toFixed(1)} s.`
      return { retry: true, delayMs: wait, note }
    }
    if (!isRetryable(failure.kind) || ++unavailable >= attempts) return { retry: false }
    const wait = delay(unavailable)
    const what = failure.kind === 'daemon' ? 'the Docker daemon is unreachable' : 'the registry is unavailable'
    const note = `${doing}: ${what} (${failure.line}); retrying in ${(wait / 1000).toFixed(1)} s (attempt ${unavailable + 1} of ${attempts}).`
    return { retry: true, delayMs: wait, note }
  }
}

/** The error for a login that failed with this cause: each cause in its words. */
export function loginFailed({ failure, situation: s }: { failure: Failure; situation: Situation }): LoginError {
  const who = `${s.client} login to ${s.registry} as ${s.username}`
  const said = `${s.client} said: ${failure.line}`
  const times = s.attempts === 1 ? 'once' : `${s.attempts} times`
  // A helper is named with the setting that chose it, when the config names this very helper.
  const name = failure.helper ?? s.configured?.name
  const where =
    s.configured && s.configured.name === name
      ? `set by \`${s.configured.setting}\` in ${s.configured.file}`
      : s.client === 'podman'
        ? 'set by `credHelpers` in the auth file or `credential-helpers` in registries.conf'
        : 'set by `credsStore` or `credHelpers` in the docker config'
  const helper = name ? `docker-credential-${name}` : 'the credential helper'
  const words: Record<Failure['kind'], Notice> = {
    credentials: {
      title: 'Registry login failed',
      message:
        s.waitedS !== undefined
          ? `${who} failed: ${failure.line} — the registry still refused the credential set made for ${s.madeFor ?? 'this job'} after ${s.waitedS} s of retries. ` +
            "A new set is normally accepted within seconds: re-run the job; if it persists, check that `registry` is the registry of the set's provider."
          : `${who} failed: ${failure.line} — the registry refused the credentials: ` +
            'check that `secret` is the secret shown when this credential set was created (it cannot be shown again; create a new set if it is lost).'
    },
    unavailable: {
      title: 'Registry unavailable',
      message:
        `${who} failed ${times}: the registry is unavailable (an HTTP 5xx or 429 answer, a timeout, or no connection), ` +
        `so this says nothing about \`secret\`. Last try: ${failure.line}. Re-run the job later; if it persists, check the runner's network, ` +
        'its proxy settings (HTTPS_PROXY, NO_PROXY) and the registry status page (status.quay.io for quay.io).'
    },
    daemon: {
      title: 'Docker daemon unreachable',
      message:
        `${who} failed ${times}: docker could not reach its daemon${s.dockerHost ? ` at DOCKER_HOST=${s.dockerHost}` : ''}, so this says nothing about \`secret\`. ${said}. ` +
        'Start the daemon (for a DinD service, wait until it is up), fix DOCKER_HOST, or use `client: podman`, which needs no daemon.'
    },
    namespace: {
      title: 'Podman cannot run rootless',
      message:
        `${who} failed before reaching the registry: podman could not set up its user namespace, so this says nothing about \`secret\`. ${said}. ` +
        'Rootless podman needs newuidmap and newgidmap (Debian and Ubuntu package uidmap) and a range for the user in /etc/subuid and /etc/subgid: ' +
        'install uidmap on the runner, or use `client: docker`.'
    },
    helper: {
      title: 'Credential helper failed',
      message:
        `${failure.helperStage === 'store' ? 'The registry accepted the login, but ' : ''}${who} could not use its credential helper: ${helper} (${where}) ` +
        `${failure.helperMissing ? 'is not installed (or not on PATH)' : 'failed'}. ${said}. ` +
        `${failure.helperMissing ? `Install ${helper} on the runner` : `Fix ${helper} (it may be waiting for a locked keychain or a prompt)`}, ` +
        `or remove that setting, so that ${s.client} keeps the login in its own file. This is not a problem with \`secret\`.`
    },
    other: {
      title: 'Registry login failed',
      message: `${who} failed: ${failure.line}. The output names no known cause (see the troubleshooting table in the README); if it mentions the password, check \`secret\`.`
    }
  }
  const { title, message } = words[failure.kind]
  return new LoginError(title, message, failure.kind)
}

/** `gone`: there was no login to remove. */
export interface LogoutResult {
  outcome: 'ok' | 'gone' | 'failed' | 'timed-out'
  message: string
}

/** `authFile`: authLocation() as the main step saved it; '' for the client's default. */
export async function logout(
  client: RegistryClient,
  given: string,
  opts: { authFile?: string; timeoutMs?: number } = {}
): Promise<LogoutResult> {
  const registry = loginServer(given)
  const timeoutMs = opts.timeoutMs ?? LOGOUT_TIMEOUT_MS
  const env = withoutInputs(process.env)
  // The same file the login went to, even if a later step changed the variables (for podman,
  // REGISTRY_AUTH_FILE comes before DOCKER_CONFIG; without either it takes its default).
  if (opts.authFile) env[authVariable(client.name)] = opts.authFile
  else if (opts.authFile === '' && client.name === 'podman') {
    delete env['REGISTRY_AUTH_FILE']
    delete env['DOCKER_CONFIG']
  }
  let result
  try {
    result = await runBounded(client.path, ['logout', registry], { timeoutMs, env })
  } catch (error) {
    return { outcome: 'failed', message: `could not run ${client.name}: ${sanitize(messageOf(error))}` }
  }
  if (result.timedOut) {
    const s = situation(client, registry, '', env)
    return {
      outcome: 'timed-out',
      message:
        `${client.name} logout ${registry} did not finish within ${Math.round(timeoutMs / 1000)} s, so it was stopped; the login may still be stored on the runner. ` +
        `${hangCauses(s).replace(/^./, c => c.toUpperCase())}.`
    }
  }
  const message = errorLine(result.stderr, result.stdout)
  if (result.exitCode === 0) return { outcome: 'ok', message }
  if (isNotLoggedIn(result.stderr, result.stdout)) return { outcome: 'gone', message }
  return { outcome: 'failed', message }
}
