// One HTTP exchange with retries, shared by every outside HTTP service (the
// Deepgram API, the image registry): a per-attempt deadline, retries with
// jitter for transient failures, Retry-After, no redirects, proxies through
// @actions/http-client. What an answer means is the caller's business.
import { HttpClient } from '@actions/http-client'
import type { IncomingHttpHeaders } from 'node:http'
import { messageOf } from './errors.js'
import { DEFAULT_POLICY, isRetryableStatus, parseRetryAfter, retryDelay, type RetryPolicy } from './retry.js'
import { USER_AGENT } from './version.js'

export interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
  /** The body as received, for callers that hash it (a manifest's digest). */
  bytes: Buffer
}

export interface Exchange {
  method: 'GET' | 'HEAD'
  url: string
  headers: Record<string, string>
  policy?: RetryPolicy
  /** Names the service in retry notes: "Deepgram API", "Registry quay.io". */
  service: string
  /** Told about each retry, for the log. */
  onRetry?: (message: string) => void
  sleep?: (ms: number) => Promise<void>
}

export interface Outcome {
  /** The last answer: a success, or a failure that was not (or no longer) retried. */
  answer: Answer
  attempts: number
}

/** The last attempt failed without an HTTP answer. */
export class NetworkFailure extends Error {
  constructor(
    readonly error: unknown,
    readonly timedOut: boolean,
    readonly attempts: number,
    readonly timeoutMs: number
  ) {
    super(timedOut ? `no complete answer within ${timeoutMs / 1000} s` : errorCode(error))
    this.name = 'NetworkFailure'
  }

  /** ` (N attempts)` when there was more than one, for messages. */
  get tries(): string {
    return this.attempts > 1 ? ` (${this.attempts} attempts)` : ''
  }
}

class AttemptTimeout extends Error {}

// Certificate problems and requests Node refuses to send do not heal on retry.
const PERMANENT_NETWORK_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|ERR_INVALID/

async function attempt(
  method: Exchange['method'],
  url: string,
  headers: Record<string, string>,
  timeoutMs: number
): Promise<Answer> {
  // Redirects are not followed, so credentials go only where they were meant to.
  const client = new HttpClient(USER_AGENT, [], {
    allowRedirects: false,
    allowRetries: false,
    keepAlive: false,
    socketTimeout: timeoutMs
  })
  let destroy: (() => void) | undefined
  let timer: NodeJS.Timeout | undefined
  const exchange = (async (): Promise<Answer> => {
    const res = method === 'HEAD' ? await client.head(url, headers) : await client.get(url, headers)
    destroy = () => res.message.destroy()
    const bytes = await readBytes(res.message)
    return { status: res.message.statusCode ?? 0, headers: res.message.headers, body: bytes.toString('utf8'), bytes }
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

async function readBytes(message: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of message) chunks.push(chunk)
  return Buffer.concat(chunks)
}

function isTimeout(error: unknown): boolean {
  return error instanceof AttemptTimeout || (error instanceof Error && /^Request timeout/.test(error.message))
}

/** Node's error code (ECONNREFUSED, ...), else the message: never a stack. */
export function errorCode(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (typeof code === 'string' && code !== '') return code
  return messageOf(error)
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

const defaultSleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/** Sends the request until it gets a final answer; throws NetworkFailure when
 * the last attempt got none. */
export async function exchange(x: Exchange): Promise<Outcome> {
  const policy = x.policy ?? DEFAULT_POLICY
  const sleep = x.sleep ?? defaultSleep
  const started = Date.now()
  for (let n = 1; ; n++) {
    let answer: Answer | undefined
    let failure: unknown
    try {
      answer = await attempt(x.method, x.url, x.headers, policy.attemptTimeoutMs)
    } catch (error) {
      failure = error
    }
    if (answer && answer.status >= 200 && answer.status < 300) return { answer, attempts: n }

    const retryable = answer ? isRetryableStatus(answer.status) : !PERMANENT_NETWORK_CODES.test(errorCode(failure))
    const retryAfter = answer ? parseRetryAfter(headerValue(answer.headers['retry-after']), Date.now()) : undefined
    const delay = retryDelay(n, retryAfter, policy)
    const fitsBudget = Date.now() - started + delay + policy.attemptTimeoutMs <= policy.budgetMs
    if (!retryable || n >= policy.attempts || !fitsBudget) {
      if (!answer) throw new NetworkFailure(failure, isTimeout(failure), n, policy.attemptTimeoutMs)
      return { answer, attempts: n }
    }
    const why = answer
      ? `HTTP ${answer.status}`
      : isTimeout(failure)
        ? `no complete answer within ${policy.attemptTimeoutMs / 1000} s`
        : errorCode(failure)
    x.onRetry?.(
      `${x.service}: ${why}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${n + 1} of ${policy.attempts}).`
    )
    await sleep(delay)
  }
}
