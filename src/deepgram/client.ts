// The Deepgram API client: lists a project's distribution credential sets
// (deadlines and retries are http.ts's) and says what a failed answer means.
import { ActionError } from '../errors.js'
import { describeHttpFailure } from './api-errors.js'
import { parseCredentialList, type CredentialSet } from './credentials.js'
import { DEFAULT_MAX_BODY_BYTES, exchange, headerValue, NetworkFailure, type Answer, type Outcome } from '../http/exchange.js'
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

function networkFailure(failure: NetworkFailure, apiUrl: string): ActionError {
  const host = new URL(apiUrl).host
  if (failure.midBody) {
    return new ActionError(
      'Deepgram API answer cut off',
      `The connection to the Deepgram API at ${host} broke before its whole answer arrived (${failure.message})${failure.tries}. ` +
        'A proxy or the network cut it short: re-run the job, and check HTTPS_PROXY/NO_PROXY on self-hosted runners.'
    )
  }
  if (failure.timedOut) {
    return new ActionError(
      'Deepgram API timed out',
      `The Deepgram API at ${host} gave no complete answer within ${failure.timeoutMs / 1000} s${failure.tries}. ` +
        'Check that the runner can reach it (HTTPS_PROXY/NO_PROXY on self-hosted runners) and re-run the job.'
    )
  }
  return new ActionError(
    'Deepgram API unreachable',
    `Could not reach the Deepgram API at ${host} (${failure.message})${failure.tries}. ` +
      "Check `api-url` and the runner's network; self-hosted runners behind a proxy need HTTPS_PROXY (and NO_PROXY) set."
  )
}

function parseOk(answer: Answer, maxBodyBytes: number): CredentialSet[] {
  if (answer.truncated) {
    throw new ActionError(
      'Unexpected Deepgram API response',
      `The Deepgram API answered ${answer.status} with a body larger than ${formatBytes(maxBodyBytes)}, so the action stopped reading it there: ` +
        'a list of credential sets is a few KB. Check that `api-url` points at the Deepgram API, or at a proxy that forwards it unchanged.'
    )
  }
  let json: unknown
  try {
    // A byte-order mark is not JSON, but some gateways add one.
    json = JSON.parse(answer.body.replace(/^\uFEFF/, ''))
  } catch {
    const html = /^\s*</.test(answer.body)
    throw new ActionError(
      'Unexpected Deepgram API response',
      `The Deepgram API answered ${answer.status} but the body is not JSON${html ? ' (it is an HTML page)' : ''}: ` +
        "a proxy, captive portal or gateway may have answered instead. Check `api-url` and the runner's proxy settings."
    )
  }
  return parseCredentialList(json)
}

export async function listDistributionCredentials(req: ListRequest): Promise<CredentialSet[]> {
  const maxBodyBytes = req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES
  let outcome: Outcome
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
      random: req.random
    })
  } catch (error) {
    if (error instanceof NetworkFailure) throw networkFailure(error, req.apiUrl)
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
