// Signing in to a registry as docker does: GET /v2/ without credentials, then what its challenge
// asks for: one Bearer token for every repository, or Basic, proven once on /v2/. The header it
// yields serves every later request of the check.
import { ActionError, CredentialsRefused } from '../errors.js'
import { basicCredentials } from '../common.js'
import { NetworkFailure, type Answer, type ExchangeResult } from '../http/exchange.js'
import { jsonObject } from '../json.js'
import { sanitize } from '../sanitize.js'
import { checkRealm, parseChallenges, pullScope, realmRefused, tokenUrl } from './auth-challenge.js'
import { after, formatSaid, STEP } from './messages.js'
import { TIMEOUT_ADVICE, unreachableAdvice } from '../http/messages.js'
import type { SignIn, SignInStep, UnexpectedWhy } from './results.js'
import {
  openSession,
  parseRegistryMessage,
  redirectTarget,
  send,
  type Session,
  type SessionRequest
} from './session.js'

/** A sign-in: the Authorization header to send (none when anonymous), or why there is none. */
export type SignedIn = { header?: string; signIn: SignIn; fatal?: undefined } | { fatal: ActionError }

type Sent = { outcome: ExchangeResult; fatal?: undefined } | { fatal: ActionError }

/** No answer at all to a sign-in request fails the whole check. */
async function signInRequest(
  session: Session,
  step: SignInStep,
  url: string,
  headers: Record<string, string>
): Promise<Sent> {
  try {
    return { outcome: await send(session, 'GET', url, headers) }
  } catch (error) {
    if (!(error instanceof NetworkFailure)) throw error
    const { registry } = session
    if (error.pastDeadline)
      return {
        fatal: new ActionError(
          'Image check ran out of time',
          `${STEP[step].subject} of ${registry} had not answered when the image check's ${session.limitMs / 1000} s limit ran out, so no image was checked. ${TIMEOUT_ADVICE}`
        )
      }
    const gave = `${error.message}${error.tries}, so no image was checked.`
    const fatal = error.timedOut
      ? new ActionError('Registry timed out', `${STEP[step].subject} of ${registry} gave ${gave} ${TIMEOUT_ADVICE}`)
      : new ActionError(
          'Registry unreachable',
          `Could not reach ${STEP[step].object} of ${registry} (${error.message})${error.tries}, so no image was checked. ${unreachableAdvice('registry')}`
        )
    return { fatal }
  }
}

const ADVICE: Record<Exclude<UnexpectedWhy['kind'], 'redirect' | 'challenge'>, string> = {
  'not-a-registry': 'A registry answers GET /v2/ with 401 or 200: check `registry`.',
  unexpected: 'Check `registry`.',
  'no-token':
    'Its body holds no usable token (a JSON object with `token` or `access_token` expected): check `registry`.'
}

function whyOf(answer: Answer, otherwise: UnexpectedWhy): UnexpectedWhy {
  if (answer.status < 300 || answer.status >= 400) return otherwise
  return { kind: 'redirect', to: redirectTarget(answer) }
}

function unexpected(
  session: Session,
  step: SignInStep,
  outcome: ExchangeResult,
  why: UnexpectedWhy,
  quoted = true
): { fatal: ActionError } {
  const { answer, attempts } = outcome
  const { status } = answer
  const said = quoted ? parseRegistryMessage(answer.body) : {}
  const advice =
    status === 429 || status >= 500
      ? ' The trouble is on the registry side: re-run later.'
      : why.kind === 'redirect'
        ? ` It redirected${why.to ? ` to ${JSON.stringify(why.to)}` : ''}, which this action does not follow so that credentials go nowhere else: set \`registry\` to the registry itself.`
        : why.kind === 'challenge'
          ? ` It asks for an authentication this action does not speak (challenges: ${why.schemes}; Bearer with a realm, or Basic, expected): check \`registry\`.`
          : ` ${ADVICE[why.kind]}`
  return {
    fatal: new ActionError(
      'Unexpected registry answer',
      `${STEP[step].subject} of ${session.registry} answered HTTP ${status}${after(attempts)}, so no image was checked.${advice}${formatSaid(said)}`
    )
  }
}

/** To a request that carried the set's credentials, 401 or 403 means the secret is not the set's. */
function refusal(session: Session, step: SignInStep, outcome: ExchangeResult): { fatal: ActionError } | undefined {
  const { status, body } = outcome.answer
  if (status === 401 || status === 403) {
    const { registry, username } = session
    const said = parseRegistryMessage(body)
    const who = step === 'token' ? "The registry's token endpoint" : 'The registry'
    const message =
      `${who} of ${registry} refused ${username} with the given secret (HTTP ${status}): ` +
      "`secret` does not belong to this credential set. Deepgram shows a set's secret only once, when the set is created: " +
      'pass that secret, or, if it is lost, create a new set and store its secret.' +
      formatSaid(said)
    return { fatal: new CredentialsRefused('Registry credentials rejected', message, status, step === 'token', said) }
  }
  if (status < 200 || status >= 300)
    return unexpected(session, step, outcome, whyOf(outcome.answer, { kind: 'unexpected' }))
  return undefined
}

export function signInToRegistry(req: SessionRequest): Promise<SignedIn> {
  return signIn(openSession(req))
}

export async function signIn(session: Session): Promise<SignedIn> {
  const probe = await signInRequest(session, 'api', `${session.base}/v2/`, {})
  if (probe.fatal) return probe
  const { answer } = probe.outcome
  if (answer.status >= 200 && answer.status < 300) return { signIn: 'anonymous' }
  if (answer.status !== 401) return unexpected(session, 'api', probe.outcome, whyOf(answer, { kind: 'not-a-registry' }))
  const followed = await followChallenge(session, answer)
  if (followed) return followed
  const schemes =
    parseChallenges(answer.headers['www-authenticate'])
      .map(c => sanitize(c.scheme, 40))
      .join(', ') || 'none'
  return unexpected(session, 'api', probe.outcome, { kind: 'challenge', schemes }, false)
}

/** The sign-in a 401's challenge asks for, or undefined when it asks for none this action speaks. */
export async function followChallenge(session: Session, answer: Answer): Promise<SignedIn | undefined> {
  const challenges = parseChallenges(answer.headers['www-authenticate'])
  for (const c of challenges) {
    const realm = c.params['realm']
    if (c.scheme === 'bearer' && realm !== undefined) return bearerToken(session, realm, c.params['service'])
  }
  if (challenges.some(c => c.scheme === 'basic')) return basicSignIn(session)
  return undefined
}

function basicAuth(session: Session): string {
  return `Basic ${basicCredentials(session.username, session.secret)}`
}

async function bearerToken(session: Session, realm: string, service: string | undefined): Promise<SignedIn> {
  const checked = checkRealm(realm, session.base.startsWith('https:'))
  if (!checked.ok) return { fatal: realmRefused(session.registry, realm, checked.problem) }
  const scopes = [...new Set(session.repositories.map(pullScope))]
  const headers = { Authorization: basicAuth(session), Accept: 'application/json' }
  const sent = await signInRequest(session, 'token', tokenUrl(checked.url, service, scopes), headers)
  if (sent.fatal) return sent
  const refused = refusal(session, 'token', sent.outcome)
  if (refused) return refused
  const token = readToken(sent.outcome.answer.body)
  if (token === undefined) return unexpected(session, 'token', sent.outcome, { kind: 'no-token' }, false)
  session.mask(token)
  return { header: `Bearer ${token}`, signIn: 'bearer' }
}

/** `token`, else `access_token`; undefined unless it can travel in a header. */
function readToken(body: string): string | undefined {
  const o = jsonObject(body)
  if (o === undefined) return undefined
  const token = [o['token'], o['access_token']].find(t => typeof t === 'string' && t !== '')
  return typeof token === 'string' && /^[\x21-\x7e]+$/.test(token) ? token : undefined
}

/** A Basic registry checks the credentials on every request: prove them once on /v2/. */
async function basicSignIn(session: Session): Promise<SignedIn> {
  const header = basicAuth(session)
  const sent = await signInRequest(session, 'api', `${session.base}/v2/`, { Authorization: header })
  if (sent.fatal) return sent
  return refusal(session, 'api', sent.outcome) ?? { header, signIn: 'basic' }
}
