// Every sentence a user reads about the Deepgram API and its credential sets:
// failed answers, odd bodies, a set not found or short of scopes. Pure.
import { ActionError, type Notice } from '../errors.js'
import type { NoAnswer } from '../http/exchange.js'
import { CUT_OFF_ADVICE, TIMEOUT_ADVICE, unreachableAdvice } from '../http/messages.js'
import { isHttpStatus } from '../http/retry.js'
import { sanitize as clean } from '../sanitize.js'
import type { ApiOperation, FailedResponse } from './types.js'
import { isMissingPermission, parseErrorBody, type DeepgramMessage } from './error-body.js'

export function formatDeepgramMessage(said: DeepgramMessage): string {
  if (said.html) return ' The body was an HTML page, not a Deepgram answer: a proxy or gateway may have answered.'
  const parts: string[] = []
  if (said.message) parts.push(`Deepgram said: ${JSON.stringify(said.message)}${said.code ? ` (${said.code})` : ''}.`)
  else if (said.code) parts.push(`Deepgram said: ${said.code}.`)
  if (said.requestId) parts.push(`Request ID: ${said.requestId}.`)
  return parts.length ? ` ${parts.join(' ')}` : ''
}

const DOING: Record<ApiOperation['kind'], string> = {
  list: 'listing distribution credentials',
  get: 'reading a distribution credential set',
  create: 'creating a distribution credential set',
  delete: 'deleting a distribution credential set'
}

export function describeHttpFailure(failed: FailedResponse): ActionError {
  const cut = failed.truncated ? ' (The body was too long to read whole; only its start was read.)' : ''
  const said = formatDeepgramMessage(parseErrorBody(failed.body)) + cut
  const tries = failed.attempts > 1 ? ` after ${failed.attempts} attempts` : ''
  const status = failed.status
  const reading = failed.operation?.kind === 'get' ? `distribution credential set ${failed.operation.id}` : undefined
  const proxied = "Check `api-url` and the runner's proxy settings."
  if (!isHttpStatus(status)) {
    const text = `The answer's status ${status} is not an HTTP status (those run from 100 to 599): something other than the Deepgram API answered. ${proxied}`
    return new ActionError('Deepgram API error', text)
  }
  if (status === 304) {
    const text = `The answer was HTTP 304 Not Modified, which only answers a conditional request, and this one was not: a caching proxy or gateway answered instead of the Deepgram API. ${proxied}`
    return new ActionError('Deepgram API error', text)
  }
  if (status === 401 && isMissingPermission(failed.body)) {
    // Deepgram's errors page: a 401 INSUFFICIENT_PERMISSIONS is a valid key short of a permission.
    const doing = reading ? `reading ${reading}` : DOING[failed.operation?.kind ?? 'list']
    const text = `Deepgram answered HTTP 401 INSUFFICIENT_PERMISSIONS when ${doing}: the API key in \`api-key\` is valid but lacks a permission this needs (${NEEDS[failed.operation?.kind ?? 'list']}). Give the key that permission; a new key is not needed.`
    return new ActionError(DENIED, text + said)
  }
  if (status === 401) {
    const text = `Deepgram rejected the API key (HTTP 401): it is invalid, revoked or expired. Create a new key in the Deepgram console and store it in the secret passed as \`api-key\`.`
    return new ActionError('Deepgram API key rejected', text + said)
  }
  const kind = failed.operation?.kind ?? 'list'
  const refused = kind === 'create' ? createRefused({ ...failed, said }) : undefined
  if (refused) return refused
  if (status === 403 && kind === 'delete') {
    const text = `Deepgram refused to delete a distribution credential set (HTTP 403): deleting sets needs an API key with the owner or admin role, or the keys:write project scope (the member role deletes only the sets its own account made), and project ${failed.projectId} must have self-hosted access.`
    return new ActionError(DENIED, text + said)
  }
  if (status === 403) {
    const text = `Deepgram refused to ${reading ? `read ${reading}` : 'list distribution credentials'} (HTTP 403): the API key's role must be owner, admin or member, and project ${failed.projectId} must have self-hosted access. Use a key with one of those roles, or ask Deepgram to enable self-hosted for the project.`
    return new ActionError(DENIED, text + said)
  }
  if (status === 404) {
    const text = `Deepgram found no project ${failed.projectId} for this API key (HTTP 404): check \`project-id\`, and that the key belongs to that project.`
    return new ActionError('Deepgram project not found', text + said)
  }
  if (status === 400) {
    const scopes =
      kind === 'create'
        ? ' and `required-scopes` (a set is created with self-hosted:products and self-hosted:product:* scopes only)'
        : ''
    return new ActionError(
      MALFORMED,
      `Deepgram rejected the request as malformed (HTTP 400): check \`project-id\`${scopes}.${said}`
    )
  }
  if (status === 429) {
    const text = `Deepgram kept rate-limiting the request (HTTP 429)${tries}: wait a minute and re-run the job, or spread out jobs that share this API key.`
    return new ActionError('Deepgram API rate limit', text + said)
  }
  if (status >= 500) {
    const text = `The Deepgram API failed with HTTP ${status}${tries}: this is on Deepgram's side or a proxy's; re-run the job later.`
    return new ActionError('Deepgram API unavailable', text + said)
  }
  if (status >= 300 && status < 400) {
    const to = failed.location ? ` to ${JSON.stringify(clean(failed.location, 200))}` : ''
    const text = `The Deepgram API answered with a redirect (HTTP ${status})${to}, which this action does not follow so that the API key is sent nowhere else: set \`api-url\` to the final API address.`
    return new ActionError('Deepgram API redirected', text)
  }
  const text = `The Deepgram API answered HTTP ${status} when ${reading ? `reading ${reading}` : DOING[kind]}: check \`api-url\`, \`project-id\` and \`api-key\`.`
  return new ActionError('Deepgram API error', text + said)
}

/** What each operation needs of the API key (Deepgram's reference and the live API's rules). */
const NEEDS: Record<ApiOperation['kind'], string> = {
  list: 'the owner, admin or member role',
  get: 'the owner, admin or member role, or the keys:read scope',
  create: 'the keys:write scope and every product scope the set asks for',
  delete: "the owner or admin role, or keys:write; the member role deletes only its own account's sets"
}

const DENIED = 'Deepgram API access denied'
const MALFORMED = 'Deepgram API rejected the request'
const STORED_INSTEAD = 'or use a stored set (`credentials-id` + `secret`), whose check needs only the member role.'

/** A 403 or 400 to creating a set: the live API's message names what it refused (deepgram-rust-sdk). */
function createRefused(failed: FailedResponse & { said: string }): ActionError | undefined {
  const { status, said, projectId } = failed
  const message = parseErrorBody(failed.body).message ?? ''
  if (status === 403) {
    const text = `Deepgram refused to create a distribution credential set (HTTP 403): the API key lacks what Deepgram names below. Creating a set needs the keys:write scope and every product scope the set asks for (\`required-scopes\`): the owner role alone does not include the product scopes, and project ${projectId} must have self-hosted access. Give the API key what it lacks, ${STORED_INSTEAD}`
    return new ActionError(DENIED, text + said)
  }
  if (status !== 400) return undefined
  // The live API's modern 400 for a body it cannot read: quoted with its details (`said`).
  if (/INVALID_JSON/i.test(parseErrorBody(failed.body).code ?? '') || /Json deserialize error/i.test(message)) {
    const text = `Deepgram could not read the request that creates a distribution credential set (HTTP 400): this action sends \`provider\`, \`comment\` and \`scopes\` in the JSON body as the live API reads them, so a proxy changed the request or the API's rule changed: tell this action's maintainers, quoting what Deepgram said, and meanwhile ${STORED_INSTEAD}`
    return new ActionError(MALFORMED, text + said)
  }
  if (/comment/i.test(message)) {
    const text = `Deepgram refused the comment this action gave the new set (HTTP 400): the action keeps it within the 1 to 128 characters the API takes, so a proxy changed the request or the API's rule changed: tell this action's maintainers, and meanwhile ${STORED_INSTEAD}`
    return new ActionError(MALFORMED, text + said)
  }
  if (/scope/i.test(message)) {
    const text = `Deepgram refused the scopes the new set asked for (HTTP 400): a set needs at least one product scope, and self-hosted:products stands for those the API key holds, if any. Give the key the product scopes this deployment needs (such as self-hosted:product:api and self-hosted:product:engine), or name in \`required-scopes\` product scopes it holds.`
    return new ActionError(MALFORMED, text + said)
  }
  return undefined
}

/** The last attempt got no HTTP answer from the API at `host`. */
export function apiNoAnswer(failure: NoAnswer & { host: string }): ActionError {
  const { host } = failure
  if (failure.midBody) {
    const text = `The connection to the Deepgram API at ${host} broke before its whole answer arrived (${failure.detail})${failure.tries}. ${CUT_OFF_ADVICE}`
    return new ActionError('Deepgram API answer cut off', text)
  }
  if (failure.timedOut) {
    const text = `The Deepgram API at ${host} gave no complete answer within ${failure.timeoutMs / 1000} s${failure.tries}. ${TIMEOUT_ADVICE}`
    return new ActionError('Deepgram API timed out', text)
  }
  const text = `Could not reach the Deepgram API at ${host} (${failure.detail})${failure.tries}. ${unreachableAdvice('api-url')}`
  return new ActionError('Deepgram API unreachable', text)
}

/** An answer of `status` whose body went past `limit` ("1 MiB"). */
export function bodyTooLarge({ status, limit }: { status: number; limit: string }): ActionError {
  return new ActionError(
    'Unexpected Deepgram API response',
    `The Deepgram API answered ${status} with a body larger than ${limit}, so the action stopped reading it there: ` +
      'a list of credential sets is a few KB. Check that `api-url` points at the Deepgram API, or at a proxy that forwards it unchanged.'
  )
}

export function bodyNotJson({ status, html }: { status: number; html: boolean }): ActionError {
  return new ActionError(
    'Unexpected Deepgram API response',
    `The Deepgram API answered ${status} but the body is not JSON${html ? ' (it is an HTML page)' : ''}: ` +
      "a proxy, captive portal or gateway may have answered instead. Check `api-url` and the runner's proxy settings."
  )
}

/** `where` in the answer is not `expected` ("a string"). */
export function unexpectedShape({ where, expected }: { where: string; expected: string }): ActionError {
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

/** Neither in the list nor found by its ID; `visible`: how many sets the key sees. */
export function setDoesNotExist(missing: { id: string; projectId: string; visible: number }): ActionError {
  const { id, projectId, visible } = missing
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

/** `known`: the registry of each provider the action knows. */
export function unknownProvider(unknown: { provider: string; known: ReadonlyMap<string, string> }): ActionError {
  const known = [...unknown.known].map(([p, r]) => `${p} -> ${r}`).join(', ')
  const text = `The credential set's provider is ${JSON.stringify(clean(unknown.provider, 100))}, for which this action knows no registry (it knows ${known}): set the \`registry\` input to the registry that provider serves.`
  return new ActionError('Unknown registry provider', text)
}

/** `id` and `has` (the scopes it has, listed) are the shown (sanitised) forms. */
export function scopesMissing(short: {
  id: string
  missing: readonly string[]
  has: string
  madeForJob?: boolean
}): ActionError {
  const { id, missing, has, madeForJob = false } = short
  if (madeForJob) {
    return new ActionError(
      'Credential set lacks required scopes',
      `Credential set ${id}, made for this job, is missing ${missing.join(', ')} (it has: ${has}): ` +
        "Deepgram leaves out of a new set the scopes that the API key's account does not hold. " +
        'Use an API key of an account that holds them, or lower `required-scopes` if this deployment does not need them. ' +
        'The post step deletes the set.'
    )
  }
  return new ActionError(
    'Credential set lacks required scopes',
    `Credential set ${id} is missing ${missing.join(', ')} (it has: ${has}). ` +
      'Images for those products would fail to pull. Create a new distribution credential set with the missing scopes ' +
      '(its creator must hold them too), or lower `required-scopes` if this deployment does not need them. ' +
      'Or, with an API key that holds keys:write and those scopes, set `ephemeral: true`: the action then makes a set with the required scopes for each job.'
  )
}

export function legacyScopesOnly({ id, legacyOnly }: { id: string; legacyOnly: readonly string[] }): Notice {
  return {
    title: 'Legacy onprem: scopes',
    message:
      `Credential set ${id} grants ${legacyOnly.join(', ')} only through pre-rename onprem: scope names. ` +
      'It works today; consider creating a new set so that it carries self-hosted: scopes.'
  }
}

/** `products`: what the umbrella was met by, in a set the action made. */
export function scopesCarried(set: {
  id: string
  provider: string
  required: readonly string[]
  products?: readonly string[] | undefined
}): string {
  const { id, provider, required, products } = set
  const got = products
    ? `; self-hosted:products gave it every product scope the API key can grant: ${products.join(', ')}`
    : ''
  return `Credential set ${id} (${provider}) carries ${required.join(', ')}${got}.`
}
