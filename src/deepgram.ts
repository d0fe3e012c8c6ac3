// The Deepgram API client: lists a project's distribution credential sets,
// with a per-attempt deadline and retries for transient failures.
import { HttpClient } from '@actions/http-client'
import type { IncomingHttpHeaders } from 'node:http'
import { ActionError, messageOf } from './errors.js'
import { describeHttpFailure } from './api-errors.js'
import { parseCredentialList, type CredentialSet } from './credentials.js'
import { DEFAULT_POLICY, isRetryableStatus, parseRetryAfter, retryDelay, type RetryPolicy } from './retry.js'
import { USER_AGENT } from './version.js'

export interface ListRequest {
  apiUrl: string
  projectId: string
  apiKey: string
  policy?: RetryPolicy
  /** Told about each retry, for the log. */
  onRetry?: (message: string) => void
  sleep?: (ms: number) => Promise<void>
}

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

class AttemptTimeout extends Error {}

// Certificate problems and requests Node refuses to send do not heal on retry.
const PERMANENT_NETWORK_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|ERR_INVALID/

export function credentialsUrl(apiUrl: string, projectId: string): string {
  return `${apiUrl}/v1/projects/${encodeURIComponent(projectId)}/self-hosted/distribution/credentials`
}

async function attempt(url: string, apiKey: string, timeoutMs: number): Promise<Answer> {
  // Redirects are not followed, so the key goes only where api-url says.
  const client = new HttpClient(USER_AGENT, [], {
    allowRedirects: false,
    allowRetries: false,
    keepAlive: false,
    socketTimeout: timeoutMs
  })
  let destroy: (() => void) | undefined
  let timer: NodeJS.Timeout | undefined
  const exchange = (async (): Promise<Answer> => {
    const res = await client.get(url, { Authorization: `Token ${apiKey}`, Accept: 'application/json' })
    destroy = () => res.message.destroy()
    const body = await res.readBody()
    return { status: res.message.statusCode ?? 0, headers: res.message.headers, body }
  })()
  // The socket timeout only notices silence; this deadline also stops an
  // answer that trickles in forever.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AttemptTimeout()), timeoutMs)
  })
  exchange.catch(() => undefined)
  try {
    return await Promise.race([exchange, deadline])
  } finally {
    clearTimeout(timer)
    destroy?.()
    client.dispose()
  }
}

function isTimeout(error: unknown): boolean {
  return error instanceof AttemptTimeout || (error instanceof Error && /^Request timeout/.test(error.message))
}

/** Node's error code (ECONNREFUSED, ...), else the message: never a stack. */
function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (typeof code === 'string' && code !== '') return code
  return messageOf(error)
}

/** One line for the log when a network failure is about to be retried. */
function networkProblem(error: unknown, timeoutMs: number): string {
  return isTimeout(error) ? `no complete answer within ${timeoutMs / 1000} s` : errorCode(error)
}

function networkFailure(error: unknown, apiUrl: string, timeoutMs: number, attempts: number): ActionError {
  const tries = attempts > 1 ? ` (${attempts} attempts)` : ''
  const host = new URL(apiUrl).host
  if (isTimeout(error)) {
    return new ActionError(
      'Deepgram API timed out',
      `The Deepgram API at ${host} gave no complete answer within ${timeoutMs / 1000} s${tries}. ` +
        'Check that the runner can reach it (HTTPS_PROXY/NO_PROXY on self-hosted runners) and re-run the job.'
    )
  }
  return new ActionError(
    'Deepgram API unreachable',
    `Could not reach the Deepgram API at ${host} (${errorCode(error)})${tries}. ` +
      "Check `api-url` and the runner's network; self-hosted runners behind a proxy need HTTPS_PROXY (and NO_PROXY) set."
  )
}

function parseOk(answer: Answer): CredentialSet[] {
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

const defaultSleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

export async function listDistributionCredentials(req: ListRequest): Promise<CredentialSet[]> {
  const policy = req.policy ?? DEFAULT_POLICY
  const sleep = req.sleep ?? defaultSleep
  const url = credentialsUrl(req.apiUrl, req.projectId)
  const started = Date.now()
  for (let n = 1; ; n++) {
    let answer: Answer | undefined
    let failure: unknown
    try {
      answer = await attempt(url, req.apiKey, policy.attemptTimeoutMs)
    } catch (error) {
      failure = error
    }
    if (answer && answer.status >= 200 && answer.status < 300) return parseOk(answer)

    const retryable = answer ? isRetryableStatus(answer.status) : !PERMANENT_NETWORK_CODES.test(errorCode(failure))
    const retryAfter = answer ? parseRetryAfter(headerValue(answer.headers['retry-after']), Date.now()) : undefined
    const delay = retryDelay(n, retryAfter, policy)
    const fitsBudget = Date.now() - started + delay + policy.attemptTimeoutMs <= policy.budgetMs
    if (!retryable || n >= policy.attempts || !fitsBudget) {
      if (!answer) throw networkFailure(failure, req.apiUrl, policy.attemptTimeoutMs, n)
      throw describeHttpFailure({
        status: answer.status,
        body: answer.body,
        location: headerValue(answer.headers['location']),
        attempts: n,
        projectId: req.projectId
      })
    }
    const why = answer ? `HTTP ${answer.status}` : networkProblem(failure, policy.attemptTimeoutMs)
    req.onRetry?.(
      `Deepgram API: ${why}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${n + 1} of ${policy.attempts}).`
    )
    await sleep(delay)
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}
