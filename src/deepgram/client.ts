// The Deepgram API client: lists a project's distribution credential sets,
// gets, creates and deletes one (deadlines and retries are http/exchange.ts's),
// and says what a failed answer means.
import * as core from '@actions/core'
import { ActionError } from '../errors.js'
import { describeHttpFailure } from './messages.js'
import { CUT_OFF_ADVICE, TIMEOUT_ADVICE, unreachableAdvice } from '../http/messages.js'
import type { ApiOperation } from './types.js'
import { readCreatedSet } from './created.js'
import { parseCredentialItem, parseCredentialList } from './credentials.js'
import type { ApiAccess, CreatedAnswer, CredentialSet } from './types.js'
import {
  DEFAULT_MAX_BODY_BYTES,
  exchange,
  headerValue,
  NetworkFailure,
  type Answer,
  type ExchangeResult
} from '../http/exchange.js'
import type { ProxySettings } from '../http/proxy.js'
import { isObject, parseJson } from '../json.js'
import { DEFAULT_POLICY, type RetryPolicy } from '../http/retry.js'

export interface ListRequest extends ApiAccess {
  policy?: RetryPolicy
  /** Told about each retry, for the log. */
  onRetry?: (message: string) => void
  sleep?: (ms: number) => Promise<void>
  /** Bodies are read up to this size (default 1 MiB). */
  maxBodyBytes?: number
  random?: () => number
  proxy?: ProxySettings
  /** No attempt runs past this moment (ms since the epoch), on top of the policy's own limits. */
  deadline?: number
}

/** The API requests' common part for a run: where, with which key, through which proxy; retries logged. */
export function apiRequest(access: ApiAccess, proxy: ProxySettings): ListRequest {
  const { apiUrl, projectId, apiKey } = access
  return { apiUrl, projectId, apiKey, onRetry: (message: string) => core.info(message), proxy }
}

/** "1 MiB", "512 KiB", "300 bytes". */
function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`
  return `${n} bytes`
}

export function credentialsUrl(apiUrl: string, projectId: string): string {
  return `${apiUrl}/v1/projects/${encodeURIComponent(projectId)}/self-hosted/distribution/credentials`
}

export function answerJson(answer: Answer, req: ListRequest): unknown {
  if (answer.truncated) {
    throw new ActionError(
      'Unexpected Deepgram API response',
      `The Deepgram API answered ${answer.status} with a body larger than ${formatBytes(req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)}, so the action stopped reading it there: ` +
        'a list of credential sets is a few KB. Check that `api-url` points at the Deepgram API, or at a proxy that forwards it unchanged.'
    )
  }
  try {
    return parseJson(answer.body)
  } catch {
    throw new ActionError(
      'Unexpected Deepgram API response',
      `The Deepgram API answered ${answer.status} but the body is not JSON${/^\s*</.test(answer.body) ? ' (it is an HTML page)' : ''}: ` +
        "a proxy, captive portal or gateway may have answered instead. Check `api-url` and the runner's proxy settings."
    )
  }
}

/** The URL of one set, its ID spelled as given (the API's own spelling). */
export function credentialSetUrl(apiUrl: string, projectId: string, id: string): string {
  return `${credentialsUrl(apiUrl, projectId)}/${encodeURIComponent(id)}`
}

/** A create that failed without saying whether it made a set (unanswered.ts looks for it). */
export class UnansweredCreate extends ActionError {
  constructor(error: ActionError) {
    super(error.title, error.message)
    this.name = 'UnansweredCreate'
  }
}

// Failures before the request could leave (no connection, no name, a refused certificate): nothing was made.
const NOT_SENT =
  /^(?:ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ENETUNREACH|EHOSTUNREACH)$|CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL/

interface Send {
  method: 'GET' | 'POST' | 'DELETE'
  body?: string
  policy?: RetryPolicy
}

/** One request to the API with the key, retried as its policy says; a network failure becomes the API's error. */
export async function send(req: ListRequest, url: string, how: Send = { method: 'GET' }): Promise<ExchangeResult> {
  const headers: Record<string, string> = { Authorization: `Token ${req.apiKey}`, Accept: 'application/json' }
  if (how.body !== undefined) headers['Content-Type'] = 'application/json'
  try {
    return await exchange({
      method: how.method,
      url,
      headers,
      ...(how.body === undefined ? {} : { body: how.body }),
      policy: how.policy ?? req.policy,
      service: 'Deepgram API',
      onRetry: req.onRetry,
      sleep: req.sleep,
      maxBodyBytes: req.maxBodyBytes,
      random: req.random,
      proxy: req.proxy,
      deadline: req.deadline
    })
  } catch (error) {
    if (!(error instanceof NetworkFailure)) throw error
    const { midBody, timedOut, message: detail, tries, timeoutMs } = error
    const host = new URL(req.apiUrl).host
    const noAnswer = midBody
      ? new ActionError(
          'Deepgram API answer cut off',
          `The connection to the Deepgram API at ${host} broke before its whole answer arrived (${detail})${tries}. ${CUT_OFF_ADVICE}`
        )
      : timedOut
        ? new ActionError(
            'Deepgram API timed out',
            `The Deepgram API at ${host} gave no complete answer within ${timeoutMs / 1000} s${tries}. ${TIMEOUT_ADVICE}`
          )
        : new ActionError(
            'Deepgram API unreachable',
            `Could not reach the Deepgram API at ${host} (${detail})${tries}. ${unreachableAdvice('api-url')}`
          )
    // Only a create (the one POST) can have made something the answer would have named.
    throw how.method === 'POST' && !NOT_SENT.test(error.message) ? new UnansweredCreate(noAnswer) : noAnswer
  }
}

/** A failed answer said as for any request (`operation`, when given, says which). */
export function failure(req: ListRequest, outcome: ExchangeResult, operation?: ApiOperation): ActionError {
  const { answer, attempts } = outcome
  const { status, body, truncated } = answer
  const location = headerValue(answer.headers['location'])
  return describeHttpFailure({
    status,
    body,
    location,
    attempts,
    projectId: req.projectId,
    truncated,
    ...(operation && { operation })
  })
}

export async function listDistributionCredentials(req: ListRequest): Promise<CredentialSet[]> {
  const outcome = await send(req, credentialsUrl(req.apiUrl, req.projectId))
  const { answer } = outcome
  if (answer.status >= 200 && answer.status < 300) return parseCredentialList(answerJson(answer, req))
  throw failure(req, outcome, { kind: 'list' })
}

/** One set by its ID (the list shows some keys only their own account's); undefined on 404. */
export async function getDistributionCredential(req: ListRequest, id: string): Promise<CredentialSet | undefined> {
  const outcome = await send(req, credentialSetUrl(req.apiUrl, req.projectId, id))
  const { answer } = outcome
  if (answer.status >= 200 && answer.status < 300) return parseCredentialItem(answerJson(answer, req), 'the body')
  if (answer.status === 404) return undefined
  throw failure(req, outcome, { kind: 'get', id })
}

export interface CreateSetRequest extends ListRequest {
  scopes: readonly string[]
  comment: string
  /** Told what the answer holds the moment it is parsed, before anything else can print it:
   * the caller masks the secrets and saves the ID here. */
  onAnswer: (answer: CreatedAnswer) => void
}

/** Creates a set, sent in both documented forms at once (query and JSON body). Only 429s are
 * retried: any other failure may have made a set already, and a second one would outlive the job. */
export async function createDistributionCredentials(req: CreateSetRequest): Promise<CreatedAnswer> {
  const query = new URLSearchParams([...req.scopes.map((s): [string, string] => ['scopes', s]), ['provider', 'quay']])
  const url = `${credentialsUrl(req.apiUrl, req.projectId)}?${query.toString()}`
  const body = JSON.stringify({ comment: req.comment, scopes: req.scopes, provider: 'quay' })
  const policy = { ...(req.policy ?? DEFAULT_POLICY), attempts: 1 }
  const outcome = await send(req, url, { method: 'POST', body, policy })
  const { answer } = outcome
  if (answer.status < 200 || answer.status >= 300) {
    const refused = failure(req, outcome, { kind: 'create' })
    throw answer.status >= 500 && answer.status <= 599 ? new UnansweredCreate(refused) : refused
  }
  let json: unknown
  try {
    json = answerJson(answer, req)
  } catch (error) {
    throw error instanceof ActionError ? new UnansweredCreate(error) : error
  }
  const created = readCreatedSet(json)
  req.onAnswer(created)
  return created
}

/** Deletes a set: 'gone' on 404; 'unconfirmed' for a 2xx that is not the API's JSON (a proxy's
 * page?): the caller checks the list before it takes either for done. */
export async function deleteDistributionCredentials(
  req: ListRequest,
  id: string
): Promise<'deleted' | 'gone' | 'unconfirmed'> {
  const outcome = await send(req, credentialSetUrl(req.apiUrl, req.projectId, id), { method: 'DELETE' })
  const { answer } = outcome
  if (answer.status === 404) return 'gone'
  if (answer.status < 200 || answer.status >= 300) throw failure(req, outcome, { kind: 'delete', id })
  try {
    return isObject(answerJson(answer, req)) ? 'deleted' : 'unconfirmed'
  } catch {
    return 'unconfirmed'
  }
}
