// Pure: reads what docker or podman printed when a login or logout failed and
// tells the causes apart; hangCauses() says what usually hangs. No I/O.
import type { ClientName } from '../common.js'
import type { LoginFailureKind } from '../errors.js'
import { isObject, jsonObject } from '../json.js'
import { sanitize } from '../sanitize.js'

/** credentials: a 401; unavailable: 5xx, 429, a timeout or no connection; daemon: docker could not
 * reach its daemon; helper: a credential helper is missing or failed; namespace: rootless podman
 * could not set up its user namespace; other: blamed on nothing in particular. */
export type FailureKind = Exclude<LoginFailureKind, 'timeout'>

/** `line`: the client's own explanation; `helper`: the name after docker-credential-, when the
 * output names it; `helperStage`: storing comes after the registry accepted the login. */
export interface Failure {
  kind: FailureKind
  line: string
  helper?: string
  helperMissing?: boolean
  helperStage?: 'get' | 'store' | 'erase' | 'list'
}

/** A credential helper and the setting that names it (`"credsStore": "desktop"`, say). */
export interface HelperSetting {
  name: string
  setting: string
  file: string
}

// docker's logrus notes (level=info ... error="...") are not its verdict.
const NOTE = /^time="[^"]*" level=(?:trace|debug|info|warn|warning) /

/** The output's lines, without docker's notes (unless nothing else is left). */
function verdictLines(stderr: string, stdout: string): string[] {
  const all = `${stderr}\n${stdout}`
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '')
  // podman prints a list of causes as "Error: ... occurred:" then "* cause" lines.
  const joined: string[] = []
  for (const line of all) {
    const prev = joined.length - 1
    if (line.startsWith('* ') && prev >= 0 && / occurred:(?: \* |$)/.test(joined[prev]!)) joined[prev] += ` ${line}`
    else joined.push(line)
  }
  const verdict = joined.filter(l => !NOTE.test(l))
  return verdict.length ? verdict : joined
}

/** The client's last line that says Error, else its last line; cleaned, at most 300 characters. */
export function errorLine(stderr: string, stdout = ''): string {
  const lines = verdictLines(stderr, stdout)
  const line = [...lines].reverse().find(l => /error/i.test(l)) ?? lines[lines.length - 1] ?? 'no output'
  return sanitize(line) || 'no output'
}

const HELPER_TEXT = /error (getting|storing|erasing|listing) credentials|error saving credentials|docker-credential-/i
const HELPER_MISSING =
  /executable file not found|no such file or directory|resolves to executable in current directory|permission denied/i
const REFUSED =
  /\b401\b|\bunauthori[sz]ed\b|incorrect username or password|invalid username\/password|authentication required/i
const UNAVAILABLE = new RegExp(
  [
    // docker: "failed with status: 503 Service Unavailable", "received unexpected HTTP status: 502 Bad Gateway";
    // podman: "invalid status code from registry 502 (Bad Gateway)".
    String.raw`status(?: code)?(?: from registry)?:? (?:5\d\d|429)\b`,
    String.raw`\b(?:5\d\d|429) \(?(?:Service Unavailable|Internal Server Error|Bad Gateway|Gateway Time-?out|Too Many Requests)`,
    'too many requests|connection refused|connection reset|no such host|server misbehaving|no route to host',
    'temporary failure in name resolution|network is unreachable|TLS handshake timeout|i/o timeout',
    'context deadline exceeded|Client\\.Timeout exceeded|request canceled while waiting for connection',
    'timeout awaiting response headers|\\bunexpected EOF\\b|: EOF$'
  ].join('|'),
  'i'
)
// Rootless podman maps its user namespace with newuidmap/newgidmap and the /etc/subuid ranges.
const NAMESPACE =
  /\bnew[ug]idmap\b|cannot set up namespace|user namespaces? (?:are|is) not enabled|no subuid ranges|cannot re-exec process|setup user namespace/i
const DAEMON = /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect/i

const HELPER_STAGES: Record<string, Failure['helperStage']> = {
  getting: 'get',
  storing: 'store',
  erasing: 'erase',
  listing: 'list'
}

/** What the client was doing with its helper; "error saving credentials" is storing. */
function helperStageOf(text: string): Failure['helperStage'] {
  const stage = /error (getting|storing|erasing|listing) credentials/i.exec(text)?.[1]?.toLowerCase()
  return HELPER_STAGES[stage ?? (/error saving credentials/i.test(text) ? 'storing' : '')]
}

/** Tells the causes of a failed login apart from the client's output. */
export function classifyFailure(stderr: string, stdout = ''): Failure {
  const line = errorLine(stderr, stdout)
  const text = verdictLines(stderr, stdout).join('\n')
  // The helper first: its errors can quote anything the helper printed.
  if (HELPER_TEXT.test(text)) {
    const helper = /docker-credential-([A-Za-z0-9._-]+)/.exec(text)?.[1]?.replace(/[.,]+$/, '')
    return { kind: 'helper', line, helper, helperMissing: HELPER_MISSING.test(text), helperStage: helperStageOf(text) }
  }
  if (NAMESPACE.test(text)) return { kind: 'namespace', line }
  if (DAEMON.test(text)) return { kind: 'daemon', line }
  // The verdict line decides between refused and unavailable: docker's notes
  // mention every endpoint it tried (an https attempt refused, then http 401).
  if (REFUSED.test(line)) return { kind: 'credentials', line }
  if (UNAVAILABLE.test(line)) return { kind: 'unavailable', line }
  if (REFUSED.test(text)) return { kind: 'credentials', line }
  if (UNAVAILABLE.test(text)) return { kind: 'unavailable', line }
  return { kind: 'other', line }
}

/** The registry or the daemon may be back in a moment. */
export function isRetryable(kind: FailureKind): boolean {
  return kind === 'unavailable' || kind === 'daemon'
}

/** A logout with nothing to remove: no login for the registry, or (podman) no auth file at all. */
export function isNotLoggedIn(stderr: string, stdout = ''): boolean {
  return /not logged in(?:to)? |checking authfile: stat .*no such file or directory/i.test(`${stderr}\n${stdout}`)
}

/** The credential helper a docker-format config names for `registry`: credHelpers wins, as in docker. */
export function helperFromConfig(text: string | undefined, registry: string, file: string): HelperSetting | undefined {
  if (text === undefined || text.trim() === '') return undefined
  const config = jsonObject(text)
  if (config === undefined) return undefined
  const { credHelpers, credsStore } = config
  const safe = (name: string): boolean => /^[A-Za-z0-9._-]{1,64}$/.test(name)
  const name = isObject(credHelpers) && Object.hasOwn(credHelpers, registry) ? credHelpers[registry] : undefined
  if (typeof name === 'string' && safe(name))
    return { name, setting: `"credHelpers": {"${registry}": "${name}"}`, file }
  if (typeof credsStore === 'string' && safe(credsStore))
    return { name: credsStore, setting: `"credsStore": "${credsStore}"`, file }
  return undefined
}

/** DOCKER_HOST for a message: scheme, host and port only. */
export function describeDockerHost(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === '') return undefined
  try {
    const url = new URL(value)
    return sanitize(`${url.protocol}//${url.host}${url.protocol === 'unix:' ? url.pathname : ''}`)
  } catch {
    return 'an unreadable value'
  }
}

/** `configured`: the helper the config names for this registry; `waitedS`: how long the refusals
 * of a set made in this run (for `madeFor`, "this job" say) were retried. */
export interface Situation {
  client: ClientName
  registry: string
  username: string
  configured?: HelperSetting
  dockerHost?: string
  attempts: number
  waitedS?: number
  madeFor?: string
}

/** What usually hangs, for a login or logout stopped at its deadline. */
export function hangCauses(situation: Pick<Situation, 'client' | 'configured' | 'dockerHost'>): string {
  const helper = situation.configured
    ? `the credential helper docker-credential-${situation.configured.name} (\`${situation.configured.setting}\` in ${situation.configured.file}), which may be waiting for a locked keychain or a prompt`
    : situation.client === 'docker'
      ? 'a credential helper (`credsStore` or `credHelpers` in the docker config)'
      : 'a credential helper (`credHelpers` in the auth file or `credential-helpers` in registries.conf)'
  if (situation.client === 'podman')
    return (
      'podman needs no daemon; what usually hangs is the connection to the registry (podman has no timeout of its own: ' +
      `a proxy or firewall that swallows packets; it also keeps retrying a registry that answers 429 Too Many Requests) or ${helper}`
    )
  const daemon = situation.dockerHost
    ? `the Docker daemon at DOCKER_HOST=${situation.dockerHost} (a DinD service that is not up yet, or a host that does not answer)`
    : 'the Docker daemon (docker asks it first: a daemon that is starting or stuck)'
  return `what usually hangs is ${daemon}, or ${helper}`
}
