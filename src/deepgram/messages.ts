// Every sentence a user reads about the Deepgram API and its credential sets:
// failed answers, odd bodies, a set not found or short of scopes. Pure.
import { ActionError } from '../errors.js'
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
  if (status === 401) return unauthorized(failed, said)
  const kind = failed.operation?.kind ?? 'list'
  const refused = kind === 'create' ? createRefused({ ...failed, said }) : undefined
  if (refused) return refused
  if (status === 403 && kind === 'delete') {
    const text = `Deepgram refused to delete a distribution credential set (HTTP 403): deleting sets needs an API key with the owner or admin role, or the keys:write project scope (the member role deletes only the sets its own account made), and project ${failed.projectId} must have self-hosted access.`
    return new ActionError(DENIED, text + said)
  }
  if (status === 403) {
    const text = `Deepgram refused to ${reading ? `read ${reading}` : 'list distribution credentials'} (HTTP 403): the API key's role must be owner, admin or member, and project ${failed.projectId} must have self-hosted access. Use a key with one of those roles, or ask Deepgram to enable self-hosted for the project.`
    return new ActionError(DENIED, text + said, status)
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

/** A 401: the key is invalid, revoked or expired; unless its body says INSUFFICIENT_PERMISSIONS
 * (Deepgram's errors page), a valid key short of a permission. `said`: what Deepgram said, formatted. */
function unauthorized(failed: FailedResponse, said: string): ActionError {
  if (!isMissingPermission(failed.body)) {
    const text = `Deepgram rejected the API key (HTTP 401): it is invalid, revoked or expired. Create a new key in the Deepgram console and store it in the secret passed as \`api-key\`.`
    return new ActionError('Deepgram API key rejected', text + said)
  }
  const { operation } = failed
  const kind = operation?.kind ?? 'list'
  const doing = operation?.kind === 'get' ? `reading distribution credential set ${operation.id}` : DOING[kind]
  const text = `Deepgram answered HTTP 401 INSUFFICIENT_PERMISSIONS when ${doing}: the API key in \`api-key\` is valid but lacks a permission this needs (${NEEDS[kind]}). Give the key that permission; a new key is not needed.`
  return new ActionError(DENIED, text + said)
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

/** `where` in the answer is not `expected` ("a string"). */
export function unexpectedShape({ where, expected }: { where: string; expected: string }): ActionError {
  return new ActionError(
    'Unexpected Deepgram API response',
    `The Deepgram API answered 200 but not in the documented shape: ${where} should be ${expected}. ` +
      'If `api-url` points at a proxy or gateway, check that it forwards to the Deepgram API unchanged.'
  )
}
