// Pure parsing of WWW-Authenticate challenges (RFC 9110 section 11.6.1) and
// the checks on a Bearer realm before any credential is sent to it. No I/O.
import { ActionError } from '../errors.js'
import { sanitize } from '../sanitize.js'
import { transportProblem } from '../http/loopback.js'

/** Scheme and parameter names lower-cased; the first of a repeated name wins. */
export interface Challenge {
  scheme: string
  params: Record<string, string>
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y
const SPACE = /[ \t]*/y
const SEPARATORS = /[ \t,]*/y
const UNQUOTED = /[^\s,]*/y
// Only when nothing but spaces, a comma or the end follows it; else it is a parameter's name.
const TOKEN68 = /[A-Za-z0-9._~+/-]+=*(?=[ \t]*(?:,|$))/y

/** Every challenge in WWW-Authenticate values; a value that stops making sense ends its parse. */
export function parseChallenges(header: string | readonly string[] | undefined): Challenge[] {
  if (header === undefined) return []
  const values = typeof header === 'string' ? [header] : header
  return values.flatMap(parseOne)
}

function parseOne(text: string): Challenge[] {
  const challenges: Challenge[] = []
  let i = 0
  const take = (re: RegExp): string => {
    re.lastIndex = i
    const m = re.exec(text)
    if (!m) return ''
    i = re.lastIndex
    return m[0]
  }
  const quoted = (): string | undefined => {
    // text[i] is the opening quote; a backslash escapes the next character.
    let value = ''
    for (i++; i < text.length; i++) {
      const c = text.charAt(i)
      if (c === '\\' && i + 1 < text.length) value += text.charAt(++i)
      else if (c === '"') {
        i++
        return value
      } else value += c
    }
    return undefined
  }

  for (;;) {
    take(SEPARATORS)
    const scheme = take(TOKEN)
    if (scheme === '') return challenges
    // A token68 (`Negotiate abc==`) follows its scheme directly, before any comma.
    take(SPACE)
    take(TOKEN68)
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: Object.create(null) as Record<string, string> }
    challenges.push(challenge)
    // Parameters follow until the next scheme: a token not followed by '='.
    for (;;) {
      take(SEPARATORS)
      if (i >= text.length) return challenges
      const start = i
      const name = take(TOKEN)
      take(SPACE)
      if (name === '' || text[i] !== '=') {
        if (name === '') return challenges // not a parameter, not a scheme: stop reading
        i = start
        break
      }
      i++
      take(SPACE)
      // Unquoted values are read up to the next comma or space, which also
      // keeps a token68's '=' padding and tolerates an unquoted URL.
      const value = text[i] === '"' ? quoted() : take(UNQUOTED)
      if (value === undefined) return challenges
      const key = name.toLowerCase()
      if (!Object.hasOwn(challenge.params, key)) challenge.params[key] = value
      take(SPACE)
      if (i < text.length && text[i] !== ',') return challenges // junk after a value
    }
  }
}

/** Why a realm gets no credentials; realmRefused() words it. */
export type RealmProblem =
  { kind: 'scheme'; scheme: string } | { kind: 'not-a-url' | 'plain-http' | 'downgrade' | 'credentials' | 'fragment' }

export type RealmCheck = { ok: true; url: URL } | { ok: false; problem: RealmProblem }

/** A Bearer realm gets the set's Basic credentials: https, or http to a loopback host (`api-url`'s
 * rule); no user info. A registry reached over https gets no http realm at all, loopback or not:
 * it has no business sending the runner's secret there. */
export function checkRealm(realm: string, overHttps = false): RealmCheck {
  let url: URL
  try {
    url = new URL(realm)
  } catch {
    return { ok: false, problem: { kind: 'not-a-url' } }
  }
  const problem = transportProblem(url)
  if (problem === 'not-http') return { ok: false, problem: { kind: 'scheme', scheme: url.protocol.replace(/:$/, '') } }
  if (problem === 'plain-http') return { ok: false, problem: { kind: 'plain-http' } }
  if (url.protocol === 'http:' && overHttps) return { ok: false, problem: { kind: 'downgrade' } }
  if (problem === 'user-info') return { ok: false, problem: { kind: 'credentials' } }
  if (url.hash !== '') return { ok: false, problem: { kind: 'fragment' } }
  return { ok: true, url }
}

/** The realm's own query kept, then service and one `scope` per scope, as docker sends them. */
export function tokenUrl(realm: URL, service: string | undefined, scopes: readonly string[]): string {
  const url = new URL(realm.href)
  if (service !== undefined) url.searchParams.append('service', service)
  for (const scope of scopes) url.searchParams.append('scope', scope)
  return url.href
}

export function pullScope(name: string): string {
  return `repository:${name}:pull`
}

const REALM_PROBLEMS: Record<Exclude<RealmProblem['kind'], 'scheme'>, string> = {
  'not-a-url': 'is not an absolute URL',
  'plain-http': 'uses plain http to a host that is not loopback, so the secret would travel unencrypted',
  downgrade: 'uses plain http although the registry itself is reached over https',
  credentials: 'carries a user name or password',
  fragment: 'has a fragment'
}

/** The realm checkRealm() refused, in words: the secret was not sent there. */
export function realmRefused(registry: string, realm: string, problem: RealmProblem): ActionError {
  const why = problem.kind === 'scheme' ? `uses ${problem.scheme}, not https` : REALM_PROBLEMS[problem.kind]
  return new ActionError(
    'Registry token realm refused',
    `The registry ${registry} sends clients for a token to ${JSON.stringify(sanitize(realm, 200))}, which ${why}: ` +
      'the secret was not sent there and no image was checked. A registry must ask for tokens over https (plain http only on a loopback host); check `registry`.'
  )
}
