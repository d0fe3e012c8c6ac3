// Pure: does the self-hosted API key (`license-key-id`) carry what the deploy needs (its scopes
// against `required-scopes`), and for how long (its expiry against a clock the caller gives)?
import { ActionError, type Notice } from '../errors.js'
import { sanitize } from '../sanitize.js'
import type { ProjectKey } from './project-key.js'
import { canonicalScope, checkScopes, isUmbrella, productScopes, type ScopeCheck } from './scopes.js'

const DAY_MS = 86_400_000
/** A key that expires within this long gets a warning naming the date. */
export const EXPIRY_WARNING_MS = 30 * DAY_MS

/** `at`: epoch ms; `text`: the API's ISO 8601 timestamp for it; `expiring`: within EXPIRY_WARNING_MS. */
export type Expiry = { kind: 'never' } | { kind: 'valid' | 'expiring' | 'expired'; at: number; text: string }

/** What the key's check found, for the log, the outputs and the summary. */
export interface KeyCheck {
  id: string // as `license-key-id` gave it (validated, lower-case)
  scopes: ScopeCheck
  expiry: Expiry
  umbrellaOf?: string // the umbrella was required: the products of this set (its shown ID) stood for it
}

export interface KeyJudgement {
  check: KeyCheck
  expires: string // the `license-key-expires` output: ISO 8601, empty when the key never expires
  error?: ActionError // the key would not license the containers
  warning?: Notice
  line?: string // the log line of a key that checks out
}

/** What the key must carry: each required scope under its self-hosted: name, the umbrella
 * standing for the product scopes of the set in use. */
export function keyRequirements(required: readonly string[], setScopes: readonly string[]): string[] {
  const products = productScopes(setScopes)
  return [...new Set(required.flatMap(s => (isUmbrella(s) ? products : [canonicalScope(s)])))]
}

const iso = (at: number): string => new Date(at).toISOString()

export function expiryOf(at: number | undefined, now: number, text = at === undefined ? '' : iso(at)): Expiry {
  if (at === undefined) return { kind: 'never' }
  if (at <= now) return { kind: 'expired', at, text }
  if (at - now <= EXPIRY_WARNING_MS) return { kind: 'expiring', at, text }
  return { kind: 'valid', at, text }
}

const days = (ms: number): string => {
  const n = Math.floor(ms / DAY_MS)
  return n === 0 ? 'less than a day' : n === 1 ? '1 day' : `${n} days`
}

const REPLACE =
  "Create a self-hosted API key in the Deepgram console, put it in the secret that the Helm chart's `global.deepgramSecretRef` names (as DEEPGRAM_API_KEY), and set `license-key-id` to its ID."

/** Judges key `key` (read for `id`) against `required` (parseScopes()'s), for the set in use
 * (`set`: its shown ID and its scopes), at `now` (epoch ms). */
export function judgeLicenseKey(
  key: ProjectKey,
  id: string,
  required: readonly string[],
  set: { id: string; scopes: readonly string[] },
  now: number
): KeyJudgement {
  const needs = keyRequirements(required, set.scopes)
  const umbrella = required.some(isUmbrella) ? { umbrellaOf: set.id } : {}
  const check: KeyCheck = {
    id,
    scopes: checkScopes(key.scopes, needs),
    expiry: expiryOf(key.expiresAt, now, key.expiration),
    ...umbrella
  }
  const { expiry } = check
  const expires = expiry.kind === 'never' ? '' : expiry.text
  const problems: string[] = []
  if (expiry.kind === 'expired') {
    problems.push(
      `expired on ${expiry.text} (${days(now - expiry.at)} ago): Deepgram refuses an expired key as an invalid one (HTTP 401), so containers that hold it cannot license.`
    )
  }
  const { missing } = check.scopes
  if (missing.length) {
    const has = key.scopes.length
      ? key.scopes
          .slice(0, 20)
          .map(s => sanitize(s, 100))
          .join(', ')
      : 'no scopes'
    const of = umbrellaOf(check)
    problems.push(
      `lacks ${missing.join(', ')} (it has: ${has})${of}: the containers would pull, then fail to license those products. A key's scopes cannot be changed; lower \`required-scopes\` if this deployment does not need them.`
    )
  }
  const named = `Self-hosted API key ${id} (\`license-key-id\`)`
  if (problems.length) {
    const message = `${named} ${problems.join(' It also ')} ${REPLACE}`
    const error =
      expiry.kind === 'expired'
        ? new ActionError('Self-hosted API key expired', message)
        : new ActionError('Self-hosted API key lacks required scopes', message)
    return { check, expires, error }
  }
  const warning =
    expiry.kind === 'expiring'
      ? {
          warning: {
            title: 'Self-hosted API key expires soon',
            message: `${named} expires on ${expiry.text} (in ${days(expiry.at - now)}): from then on, containers that hold it cannot license. Replace it before then. ${REPLACE}`
          }
        }
      : {}
  const until = expiry.kind === 'never' ? 'it never expires' : `it expires on ${expiry.text}`
  const line = `${named} carries ${needs.join(', ')}${umbrellaOf(check)}; ${until}.`
  return { check, expires, ...warning, line }
}

function umbrellaOf(check: KeyCheck): string {
  return check.umbrellaOf === undefined
    ? ''
    : ` (for self-hosted:products: the product scopes of credential set ${check.umbrellaOf}, in use)`
}
