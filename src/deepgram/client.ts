// The Deepgram API client: lists a project's distribution credential sets
// (deadlines and retries are http.ts's) and says what a failed answer means.
import type { ActionError } from '../errors.js'
import { apiNoAnswer, bodyNotJson, bodyTooLarge, describeHttpFailure, type ApiOperation } from './messages.js'
import { parseCredentialItem, parseCredentialList, type CredentialSet } from './credentials.js'
import {
  DEFAULT_MAX_BODY_BYTES,
  exchange,
  headerValue,
  NetworkFailure,
  noAnswerOf,
  type Answer,
  type ExchangeResult
} from '../http/exchange.js'
import type { ProxySettings } from '../http/proxy.js'
import { parseJson } from '../json.js'
import type { RetryPolicy } from '../http/retry.js'

export interface ListRequest {
  apiUrl: string
  projectId: string
  apiKey: string
  policy?: RetryPolicy
  /** Told about each retry, for the log. */
  onRetry?: (message: string) => void
  sleep?: (ms: number) => Promise<void>
  /** Bodies are read up to this size (default 1 MiB). */
  maxBodyBytes?: number
  random?: () => number
  proxy?: ProxySettings
}

/** "1 MiB", "512 KiB", "300 bytes". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`
  return `${n} bytes`
}

export function credentialsUrl(apiUrl: string, projectId: string): string {
  return `${apiUrl}/v1/projects/${encodeURIComponent(projectId)}/self-hosted/distribution/credentials`
}

function answerJson(answer: Answer, maxBodyBytes: number): unknown {
  if (answer.truncated) {
    throw bodyTooLarge(answer.status, formatBytes(maxBodyBytes))
  }
  let json: unknown
  try {
    json = parseJson(answer.body)
  } catch {
    throw bodyNotJson(answer.status, /^\s*</.test(answer.body))
  }
  return json
}

/** One GET of the API with the key; a network failure becomes the API's error. */
async function get(req: ListRequest, url: string, maxBodyBytes: number): Promise<ExchangeResult> {
  try {
    return await exchange({
      method: 'GET',
      url,
      headers: { Authorization: `Token ${req.apiKey}`, Accept: 'application/json' },
      policy: req.policy,
      service: 'Deepgram API',
      onRetry: req.onRetry,
      sleep: req.sleep,
      maxBodyBytes,
      random: req.random,
      proxy: req.proxy
    })
  } catch (error) {
    if (error instanceof NetworkFailure) throw apiNoAnswer(noAnswerOf(error), new URL(req.apiUrl).host)
    throw error
  }
}

function failure(req: ListRequest, outcome: ExchangeResult, operation: ApiOperation): ActionError {
  const { answer, attempts } = outcome
  return describeHttpFailure({
    status: answer.status,
    body: answer.body,
    location: headerValue(answer.headers['location']),
    attempts,
    projectId: req.projectId,
    truncated: answer.truncated,
    operation
  })
}

export async function listDistributionCredentials(req: ListRequest): Promise<CredentialSet[]> {
  const maxBodyBytes = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const outcome = await get(req, credentialsUrl(req.apiUrl, req.projectId), maxBodyBytes)
  const { answer } = outcome
  if (answer.status >= 200 && answer.status < 300) return parseCredentialList(answerJson(answer, maxBodyBytes))
  throw failure(req, outcome, { kind: 'list' })
}

/** One set by its ID: the owner, admin or member role may read any set of the
 * project this way, while the list shows some keys only their own account's.
 * undefined when the API answers 404 (no such set). */
export async function getDistributionCredential(req: ListRequest, id: string): Promise<CredentialSet | undefined> {
  const maxBodyBytes = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  const url = `${credentialsUrl(req.apiUrl, req.projectId)}/${encodeURIComponent(id)}`
  const outcome = await get(req, url, maxBodyBytes)
  const { answer } = outcome
  if (answer.status >= 200 && answer.status < 300)
    return parseCredentialItem(answerJson(answer, maxBodyBytes), 'the body')
  if (answer.status === 404) return undefined
  throw failure(req, outcome, { kind: 'get', id })
}
