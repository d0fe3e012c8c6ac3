// The self-hosted API key the containers license with (`license-key-id`): GET
// /v1/projects/{project_id}/keys/{key_id}, read in either documented shape (never the key's value).
import { timestampOf } from '../common.js'
import { ActionError } from '../errors.js'
import type { ExchangeResult } from '../http/exchange.js'
import { isObject } from '../json.js'
import { answerJson, failure, send, type ListRequest } from './client.js'
import { isMissingPermission, parseErrorBody } from './error-body.js'
import { formatDeepgramMessage, unexpectedShape } from './messages.js'

/** A project API key as the action reads it. */
export interface ProjectKey {
  id: string // api_key_id as the server spelt it (shown sanitised only)
  scopes: string[]
  expiresAt?: number // epoch ms; undefined when it never expires
  expiration?: string // the same, as the API wrote it: an ISO 8601 timestamp (checked), so safe to show
}

export function projectKeyUrl(apiUrl: string, projectId: string, keyId: string): string {
  return `${apiUrl}/v1/projects/${encodeURIComponent(projectId)}/keys/${encodeURIComponent(keyId.toLowerCase())}`
}

/** The key object of a get answer: `{member, api_key}` (Deepgram's SDKs) or
 * `{item: {member: {…, api_key}}}` (its current OpenAPI spec). */
function keyObject(body: unknown): { key: Record<string, unknown>; at: string } {
  if (!isObject(body)) throw unexpectedShape({ where: 'the body', expected: 'a JSON object' })
  if (isObject(body['api_key'])) return { key: body['api_key'], at: 'api_key' }
  const item = body['item']
  if (isObject(item)) {
    const member = item['member']
    if (!isObject(member)) throw unexpectedShape({ where: 'item.member', expected: 'an object' })
    if (isObject(member['api_key'])) return { key: member['api_key'], at: 'item.member.api_key' }
    throw unexpectedShape({ where: 'item.member.api_key', expected: 'an object' })
  }
  throw unexpectedShape({ where: 'the body', expected: 'an object with api_key, or item.member.api_key' })
}

/** Validates the parsed JSON of a get answer; extra fields are ignored (the key's value among them). */
export function parseProjectKey(body: unknown): ProjectKey {
  const { key, at } = keyObject(body)
  const id = key['api_key_id']
  if (typeof id !== 'string' || id === '') {
    throw unexpectedShape({ where: `${at}.api_key_id`, expected: 'a non-empty string' })
  }
  const scopes = key['scopes']
  if (!Array.isArray(scopes) || !scopes.every(s => typeof s === 'string')) {
    throw unexpectedShape({ where: `${at}.scopes`, expected: 'a list of strings' })
  }
  const expiration = key['expiration_date']
  // Left out (or null) when the key never expires.
  if (expiration === undefined || expiration === null) return { id, scopes }
  const text = typeof expiration === 'string' ? expiration : ''
  const expiresAt = timestampOf(text)
  if (expiresAt === undefined) {
    throw unexpectedShape({ where: `${at}.expiration_date`, expected: 'an ISO 8601 timestamp (or absent)' })
  }
  return { id, scopes, expiresAt, expiration: text }
}

/** Reads key `keyId` (a UUID); undefined on 404 (no such key, or one this API key may not see). */
export async function getProjectKey(req: ListRequest, keyId: string): Promise<ProjectKey | undefined> {
  const outcome = await send(req, projectKeyUrl(req.apiUrl, req.projectId, keyId))
  const { answer } = outcome
  if (answer.status >= 200 && answer.status < 300) return parseProjectKey(answerJson(answer, req))
  if (answer.status === 404) return undefined
  throw keyReadFailure(req, outcome, keyId)
}

const KEYS_READ =
  'Reading `license-key-id` needs the keys:read project scope on the API key in `api-key` ' +
  "(and, for a key of another account, members:read, admins:read and owners:read): give it those, or leave `license-key-id` empty to skip the license key's check."

/** A refused read of the license key: a missing permission is said as one (a 401
 * INSUFFICIENT_PERMISSIONS is not an invalid key); the API's other answers as for any request. */
function keyReadFailure(req: ListRequest, outcome: ExchangeResult, keyId: string): ActionError {
  const { status, body } = outcome.answer
  const said = formatDeepgramMessage(parseErrorBody(body))
  if (status === 403 || (status === 401 && isMissingPermission(body))) {
    const code = isMissingPermission(body) ? ' INSUFFICIENT_PERMISSIONS' : ''
    const text = `Deepgram refused to read API key ${keyId} (HTTP ${status}${code}): the API key in \`api-key\` is valid but lacks a permission. ${KEYS_READ}`
    return new ActionError('Deepgram API access denied', text + said)
  }
  // 400, 401 (the key itself refused), 429, 5xx, redirects: as every request's.
  if (status === 400 || status === 401 || status === 429 || status < 400 || status >= 500) {
    return failure(req, outcome)
  }
  const text = `The Deepgram API answered HTTP ${status} when reading API key ${keyId} (\`license-key-id\`): check \`api-url\`, \`project-id\` and \`license-key-id\`.`
  return new ActionError('Deepgram API error', text + said)
}

/** The key asked for, read; a 404 fails naming it, and what else a 404 can mean. */
export async function readLicenseKey(req: ListRequest, keyId: string): Promise<ProjectKey> {
  const key = await getProjectKey(req, keyId)
  if (key !== undefined && key.id.toLowerCase() === keyId) return key
  throw new ActionError(
    'Self-hosted API key not found',
    `No API key with ID ${keyId} (\`license-key-id\`) in project ${req.projectId}: asking for it answered ${key === undefined ? '404' : 'with another key'}. ` +
      "Check `license-key-id` (the key's api_key_id, shown in the Deepgram console, never the key itself) and `project-id`. " +
      "A 404 may also mean that the API key in `api-key` cannot see it: without the members:read, admins:read and owners:read scopes, an API key sees only its own account's keys. " +
      'Give it those scopes, or use an API key of the account that made the self-hosted key.'
  )
}
