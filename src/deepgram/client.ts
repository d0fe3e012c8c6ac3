// The Deepgram API client: lists a project's distribution credential sets
// (deadlines and retries are http.ts's) and says what a failed answer means.
import { apiNoAnswer, bodyNotJson, bodyTooLarge, describeHttpFailure } from './messages.js'
import { parseCredentialList, type CredentialSet } from './credentials.js'
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

function parseOk(answer: Answer, maxBodyBytes: number): CredentialSet[] {
  if (answer.truncated) {
    throw bodyTooLarge(answer.status, formatBytes(maxBodyBytes))
  }
  let json: unknown
  try {
    // A byte-order mark is not JSON, but some gateways add one.
    json = JSON.parse(answer.body.replace(/^\uFEFF/, ''))
  } catch {
    throw bodyNotJson(answer.status, /^\s*</.test(answer.body))
  }
  return parseCredentialList(json)
}

export async function listDistributionCredentials(req: ListRequest): Promise<CredentialSet[]> {
  const maxBodyBytes = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  let outcome: ExchangeResult
  try {
    outcome = await exchange({
      method: 'GET',
      url: credentialsUrl(req.apiUrl, req.projectId),
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
  const { answer, attempts } = outcome
  if (answer.status >= 200 && answer.status < 300) return parseOk(answer, maxBodyBytes)
  throw describeHttpFailure({
    status: answer.status,
    body: answer.body,
    location: headerValue(answer.headers['location']),
    attempts,
    projectId: req.projectId,
    truncated: answer.truncated
  })
}
