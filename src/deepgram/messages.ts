// Every sentence a user reads about the Deepgram API and its credential sets:
// failed answers, odd bodies, a set not found or short of scopes. Pure.
import { ActionError } from '../errors.js'
import { CUT_OFF_ADVICE, TIMEOUT_ADVICE, unreachableAdvice } from '../http/messages.js'
import { isHttpStatus } from '../http/retry.js'
import { sanitize as clean } from '../report/sanitize.js'
import { parseErrorBody, type DeepgramMessage } from './error-body.js'

export function formatDeepgramMessage(said: DeepgramMessage): string {
  if (said.html) return ' The body was an HTML page, not a Deepgram answer: a proxy or gateway may have answered.'
  const parts: string[] = []
  if (said.message) parts.push(`Deepgram said: ${JSON.stringify(said.message)}${said.code ? ` (${said.code})` : ''}.`)
  else if (said.code) parts.push(`Deepgram said: ${said.code}.`)
  if (said.requestId) parts.push(`Request ID: ${said.requestId}.`)
  return parts.length ? ` ${parts.join(' ')}` : ''
}

/** What the failed request was for. */
export type ApiOperation = { kind: 'list' } | { kind: 'get'; id: string }

export interface FailedResponse {
  status: number
  body: string
  location?: string
  attempts: number
  projectId: string
  /** The body was longer than the client reads: only its start is here. */
  truncated?: boolean
  /** The list, unless said otherwise. */
  operation?: ApiOperation
}

export function describeHttpFailure(failed: FailedResponse): ActionError {
  const cut = failed.truncated ? ' (The body was too long to read whole; only its start was read.)' : ''
  const said = formatDeepgramMessage(parseErrorBody(failed.body)) + cut
  const tries = failed.attempts > 1 ? ` after ${failed.attempts} attempts` : ''
  const status = failed.status
  const reading = failed.operation?.kind === 'get' ? `distribution credential set ${failed.operation.id}` : undefined
  if (!isHttpStatus(status)) {
    return new ActionError(
      'Deepgram API error',
      `The answer's status ${status} is not an HTTP status (those run from 100 to 599): something other than the Deepgram API answered. ` +
        "Check `api-url` and the runner's proxy settings."
    )
  }
  if (status === 304) {
    return new ActionError(
      'Deepgram API error',
      'The answer was HTTP 304 Not Modified, which only answers a conditional request, and this one was not: ' +
        "a caching proxy or gateway answered instead of the Deepgram API. Check `api-url` and the runner's proxy settings."
    )
  }
  if (status === 401) {
    return new ActionError(
      'Deepgram API key rejected',
      `Deepgram rejected the API key (HTTP 401): it is invalid, revoked or expired. ` +
        `Create a new key in the Deepgram console and store it in the secret passed as \`api-key\`.${said}`
    )
  }
  if (status === 403) {
    return new ActionError(
      'Deepgram API access denied',
      `Deepgram refused to ${reading ? `read ${reading}` : 'list distribution credentials'} (HTTP 403): the API key's role must be owner, admin or member, ` +
        `and project ${failed.projectId} must have self-hosted access. Use a key with one of those roles, or ask Deepgram to enable self-hosted for the project.${said}`
    )
  }
  if (status === 404) {
    return new ActionError(
      'Deepgram project not found',
      `Deepgram found no project ${failed.projectId} for this API key (HTTP 404): check \`project-id\`, and that the key belongs to that project.${said}`
    )
  }
  if (status === 400) {
    return new ActionError(
      'Deepgram API rejected the request',
      `Deepgram rejected the request as malformed (HTTP 400): check \`project-id\`.${said}`
    )
  }
  if (status === 429) {
    return new ActionError(
      'Deepgram API rate limit',
      `Deepgram kept rate-limiting the request (HTTP 429)${tries}: wait a minute and re-run the job, or spread out jobs that share this API key.${said}`
    )
  }
  if (status >= 500) {
    return new ActionError(
      'Deepgram API unavailable',
      `The Deepgram API failed with HTTP ${status}${tries}: this is on Deepgram's side or a proxy's; re-run the job later.${said}`
    )
  }
  if (status >= 300 && status < 400) {
    const to = failed.location ? ` to ${JSON.stringify(clean(failed.location, 200))}` : ''
    return new ActionError(
      'Deepgram API redirected',
      `The Deepgram API answered with a redirect (HTTP ${status})${to}, which this action does not follow so that the API key is sent nowhere else: ` +
        'set `api-url` to the final API address.'
    )
  }
  return new ActionError(
    'Deepgram API error',
    `The Deepgram API answered HTTP ${status} when ${reading ? `reading ${reading}` : 'listing distribution credentials'}: check \`api-url\`, \`project-id\` and \`api-key\`.${said}`
  )
}

/** The last attempt got no HTTP answer. */
export interface NoAnswer {
  /** Node's error code, or "no complete answer within N s". */
  detail: string
  timedOut: boolean
  midBody: boolean
  timeoutMs: number
  /** " (N attempts)" or "". */
  tries: string
}

export function apiNoAnswer(failure: NoAnswer, host: string): ActionError {
  if (failure.midBody) {
    return new ActionError(
      'Deepgram API answer cut off',
      `The connection to the Deepgram API at ${host} broke before its whole answer arrived (${failure.detail})${failure.tries}. ${CUT_OFF_ADVICE}`
    )
  }
  if (failure.timedOut) {
    return new ActionError(
      'Deepgram API timed out',
      `The Deepgram API at ${host} gave no complete answer within ${failure.timeoutMs / 1000} s${failure.tries}. ${TIMEOUT_ADVICE}`
    )
  }
  return new ActionError(
    'Deepgram API unreachable',
    `Could not reach the Deepgram API at ${host} (${failure.detail})${failure.tries}. ${unreachableAdvice('api-url')}`
  )
}

export function bodyTooLarge(status: number, limit: string): ActionError {
  return new ActionError(
    'Unexpected Deepgram API response',
    `The Deepgram API answered ${status} with a body larger than ${limit}, so the action stopped reading it there: ` +
      'a list of credential sets is a few KB. Check that `api-url` points at the Deepgram API, or at a proxy that forwards it unchanged.'
  )
}

export function bodyNotJson(status: number, html: boolean): ActionError {
  return new ActionError(
    'Unexpected Deepgram API response',
    `The Deepgram API answered ${status} but the body is not JSON${html ? ' (it is an HTML page)' : ''}: ` +
      "a proxy, captive portal or gateway may have answered instead. Check `api-url` and the runner's proxy settings."
  )
}

export function unexpectedShape(where: string, expected: string): ActionError {
  return new ActionError(
    'Unexpected Deepgram API response',
    `The Deepgram API answered 200 but not in the documented shape: ${where} should be ${expected}. ` +
      'If `api-url` points at a proxy or gateway, check that it forwards to the Deepgram API unchanged.'
  )
}

/** A JSON object without the list: a wrong `api-url`, or a gateway's own answer. */
export function notAList(keys: readonly string[]): ActionError {
  const shown = keys.slice(0, 5).map(k => JSON.stringify(clean(k, 40)))
  const more = keys.length > 5 ? ` and ${keys.length - 5} more` : ''
  return new ActionError(
    'Unexpected Deepgram API response',
    `The Deepgram API answered 200, but not with a Deepgram list of credential sets: the JSON object has no distribution_credentials field ` +
      `(it has ${shown.join(', ')}${more}). \`api-url\` may point at another service, or a gateway answered in its place: ` +
      'check that `api-url` is the Deepgram API, or a proxy that forwards it unchanged.'
  )
}

/** Neither in the list nor found by its ID. */
export function setDoesNotExist(id: string, projectId: string, visible: number): ActionError {
  const seen = visible === 1 ? '1 set' : `${visible} sets`
  return new ActionError(
    'Credential set not found',
    `No distribution credential set with ID ${id} in this project (${projectId}): it does not exist there (asking for this ID answered 404), and the API key can see ${seen}. ` +
      "Check `credentials-id` (the set's distribution_credentials_id, not its secret) and `project-id`; " +
      'a set that was deleted must be replaced by a new one.'
  )
}

/** A log line: the set was found by its ID, not in the list. */
export function foundById(id: string): string {
  return `Credential set ${id} is not in the list this API key sees (it belongs to another account), but the key may read it by its ID.`
}

export function unknownProvider(provider: string, known: Readonly<Record<string, string>>): ActionError {
  return new ActionError(
    'Unknown registry provider',
    `The credential set's provider is ${JSON.stringify(clean(provider, 100))}, for which this action knows no registry ` +
      `(it knows ${Object.entries(known)
        .map(([p, r]) => `${p} -> ${r}`)
        .join(', ')}): set the \`registry\` input to the registry that provider serves.`
  )
}

/** `id` and `has` are the shown (sanitised) forms. */
export function scopesMissing(id: string, missing: readonly string[], has: string): ActionError {
  return new ActionError(
    'Credential set lacks required scopes',
    `Credential set ${id} is missing ${missing.join(', ')} (it has: ${has}). ` +
      'Images for those products would fail to pull. Create a new distribution credential set with the missing scopes ' +
      '(its creator must hold them too), or lower `required-scopes` if this deployment does not need them.'
  )
}

export function legacyScopesOnly(id: string, legacyOnly: readonly string[]): { title: string; message: string } {
  return {
    title: 'Legacy onprem: scopes',
    message:
      `Credential set ${id} grants ${legacyOnly.join(', ')} only through pre-rename onprem: scope names. ` +
      'It works today; consider creating a new set so that it carries self-hosted: scopes.'
  }
}

export function scopesCarried(id: string, provider: string, required: readonly string[]): string {
  return `Credential set ${id} (${provider}) carries ${required.join(', ')}.`
}

export function fieldsCut(cuts: readonly string[]): { title: string; message: string } {
  return {
    title: 'Long API fields cut',
    message:
      `The credential set's ${cuts.join(', ')} ${cuts.length > 1 ? 'were' : 'was'} too long to copy whole: ` +
      'the outputs and the job summary hold the start only.'
  }
}
