// One HTTP exchange with retries, shared by the Deepgram API and the registry: a per-attempt
// deadline, jittered retries, Retry-After, no redirects, proxies. What an answer means is the caller's.
import { ActionError, messageOf } from '../errors.js'
import { HttpClient } from '@actions/http-client'
import type { RequestHandler } from '@actions/http-client/lib/interfaces'
import { checkBypass } from '@actions/http-client/lib/proxy'
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import { decideProxy, readProxySettings, type ProxySettings } from './proxy.js'
import {
  attemptsFor,
  DEFAULT_POLICY,
  parseRetryAfter,
  retryDelay,
  retryKindOf,
  retrying,
  sleep,
  type RetryKind,
  type RetryPolicy,
  type Verdict
} from './retry.js'
import { USER_AGENT } from '../version.js'

export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024

/** The body up to maxBodyBytes (`truncated` when it was longer), as text and as received (`bytes`). */
export interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
  truncated: boolean
  bytes: Buffer
}

/** What every request to a service is sent with. `proxy`: the run's settings, read once (read
 * here when absent); `deadline`: epoch ms past which no attempt runs nor retry starts, a bound on
 * a whole series of exchanges (the image check) on top of the policy's own. */
export interface RequestContext {
  policy?: RetryPolicy
  onRetry?: (message: string) => void
  sleep?: (ms: number) => Promise<void>
  proxy?: ProxySettings
  deadline?: number
}

export interface Exchange extends RequestContext {
  method: 'GET' | 'HEAD' | 'POST' | 'DELETE'
  url: string
  headers: Record<string, string>
  body?: string
  /** Names the service in retry notes: "Deepgram API", "Registry quay.io". */
  service: string
  /** Stop reading a body past this many bytes (default 1 MiB). */
  maxBodyBytes?: number
  /** The jitter's random source, in [0, 1). */
  random?: () => number
}

/** The last answer (a success, or a failure no longer retried), after this many attempts. */
export interface ExchangeResult {
  answer: Answer
  attempts: number
}

/** The last attempt failed without an HTTP answer. `midBody`: the connection broke once the
 * answer had begun; `pastDeadline`: the exchange was cut short by its deadline, not given up on. */
export class NetworkFailure extends Error {
  readonly midBody: boolean

  constructor(
    readonly error: unknown,
    readonly timedOut: boolean,
    readonly attempts: number,
    readonly timeoutMs: number,
    readonly pastDeadline = false
  ) {
    super(timedOut ? noCompleteAnswer(timeoutMs) : errorCode(error))
    this.name = 'NetworkFailure'
    this.midBody = error instanceof BodyBroken
  }

  /** ` (N attempts)` when there was more than one, for messages. */
  get tries(): string {
    return this.attempts > 1 ? ` (${this.attempts} attempts)` : ''
  }
}

class AttemptTimeout extends Error {}

const noCompleteAnswer = (timeoutMs: number): string => `no complete answer within ${timeoutMs / 1000} s`

/** The `code` of a system error (ECONNRESET, ...). */
function nodeCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined
  return typeof error.code === 'string' && error.code !== '' ? error.code : undefined
}

/** The connection ended before the body did: a network failure, known at once, not at the deadline. */
class BodyBroken extends Error {
  readonly code: string

  constructor(cause: unknown) {
    super('the connection closed before the whole body arrived', { cause })
    this.name = 'BodyBroken'
    this.code = nodeCode(cause) ?? 'ECONNRESET'
  }
}

// Certificate problems and requests Node refuses to send do not heal on retry.
const PERMANENT_NETWORK_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|ERR_INVALID/

/** Reads a body in linear time (unlike readBody()'s concatenation per chunk), up to `cap` bytes;
 * fails as soon as the connection breaks instead of waiting for an 'end' that never comes. */
function readCapped(message: IncomingMessage, cap: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    const settle = (end: () => void): void => {
      if (!settled) end()
      settled = true
    }
    const finish = (truncated: boolean): void =>
      settle(() => resolve({ bytes: Buffer.concat(chunks, size), truncated }))
    const fail = (error: unknown): void => settle(() => reject(new BodyBroken(error)))
    message.on('data', (chunk: Buffer) => {
      if (settled) return
      const room = cap - size
      if (chunk.length > room) {
        chunks.push(chunk.subarray(0, room))
        size = cap
        finish(true)
        // Nothing past the cap is read: the connection is closed.
        message.destroy()
        return
      }
      chunks.push(chunk)
      size += chunk.length
    })
    message.once('end', () => finish(false))
    message.on('error', fail)
    message.once('close', () => {
      if (!message.complete) fail(undefined)
    })
  })
}

// The client passes "[::1]", brackets and all, as the host, which Node looks up as a name: direct
// requests get the bare address (a proxy's CONNECT needs the brackets).
const BARE_IPV6_HOST: RequestHandler = {
  prepareRequest(options) {
    if (typeof options.host === 'string') options.host = options.host.replace(/^\[(.*)\]$/, '$1')
  },
  canHandleAuthentication: () => false,
  handleAuthentication: () => Promise.reject(new Error('not an authentication handler'))
}

/** The status a proxy answered CONNECT with, when that is why the attempt failed. */
function connectStatus(error: unknown): number | undefined {
  const m = /tunneling socket could not be established, statusCode=(\d{3})/.exec(
    error instanceof Error ? error.message : ''
  )
  return m ? Number(m[1]) : undefined
}

async function attempt(request: Exchange, timeoutMs: number, proxied: boolean): Promise<Answer> {
  // Redirects are not followed, so credentials go only where they were meant to.
  const client = new HttpClient(USER_AGENT, proxied ? [] : [BARE_IPV6_HOST], {
    allowRedirects: false,
    allowRetries: false,
    keepAlive: false,
    socketTimeout: timeoutMs
  })
  let destroy: (() => void) | undefined
  let timer: NodeJS.Timeout | undefined
  const exchange = (async (): Promise<Answer> => {
    const body = request.method === 'POST' ? (request.body ?? '') : null
    const res = await client.request(request.method, request.url, body, request.headers)
    destroy = () => res.message.destroy()
    const { bytes, truncated } = await readCapped(res.message, request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES)
    return {
      status: res.message.statusCode ?? 0,
      headers: res.message.headers,
      body: bytes.toString('utf8'),
      truncated,
      bytes
    }
  })()
  // The socket timeout only notices silence; this also stops an answer that trickles in forever.
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
  return nodeCode(error) ?? messageOf(error)
}

export function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value
}

/** One attempt's outcome: an answer, or a failure without one. */
type Tried = { answer: Answer; failure?: undefined } | { answer?: undefined; failure: unknown }

/** When an exchange is tried again: a 429 or a transient failure, each up to its policy's
 * attempts, within the policy's budget and the exchange's deadline; with a note for the log. */
function judgeOf(request: Exchange, policy: RetryPolicy, started: number): (tried: Tried, n: number) => Verdict {
  const failures: Record<RetryKind, number> = { 'rate-limit': 0, transient: 0 }
  return ({ answer, failure }: Tried, n: number): Verdict => {
    if (answer && answer.status >= 200 && answer.status < 300) return { retry: false }
    const kind: RetryKind | undefined = answer
      ? retryKindOf(answer.status)
      : PERMANENT_NETWORK_CODES.test(errorCode(failure)) || connectStatus(failure) === 407
        ? undefined
        : 'transient'
    const retry = kind ? ++failures[kind] : 0
    const retryAfter = answer ? parseRetryAfter(headerValue(answer.headers['retry-after']), Date.now()) : undefined
    const delay = kind ? retryDelay(retry, retryAfter, policy, request.random ?? Math.random, kind) : 0
    const fitsBudget =
      Date.now() - started + delay + policy.attemptTimeoutMs <= policy.budgetMs &&
      (request.deadline === undefined || Date.now() + delay < request.deadline)
    if (!kind || retry >= attemptsFor(kind, policy) || !fitsBudget) return { retry: false }
    const why = answer
      ? `HTTP ${answer.status}`
      : isTimeout(failure)
        ? noCompleteAnswer(policy.attemptTimeoutMs)
        : failure instanceof BodyBroken
          ? `connection broke mid-answer (${errorCode(failure)})`
          : errorCode(failure)
    return {
      retry: true,
      delayMs: delay,
      note: `${request.service}: ${why}; retrying in ${(delay / 1000).toFixed(1)} s (attempt ${n + 1} of ${attemptsFor(kind, policy) + n - retry}).`
    }
  }
}

export async function exchange(request: Exchange): Promise<ExchangeResult> {
  const policy = request.policy ?? DEFAULT_POLICY
  const started = Date.now()
  const target = new URL(request.url)
  const decision = decideProxy(target, (request.proxy ?? readProxySettings()).env, checkBypass(target))
  const proxyVariable = decision.use === 'proxy' ? decision.name : 'HTTPS_PROXY'
  // An attempt never outlives the deadline: it gets what time is left, if less.
  const timeoutFor = (): number =>
    request.deadline === undefined
      ? policy.attemptTimeoutMs
      : Math.max(1, Math.min(policy.attemptTimeoutMs, request.deadline - Date.now()))
  const pastDeadline = (): boolean => request.deadline !== undefined && Date.now() >= request.deadline - 1
  if (pastDeadline()) throw new NetworkFailure(new AttemptTimeout(), true, 0, policy.attemptTimeoutMs, true)
  const { result, attempts } = await retrying<Tried>(
    () =>
      attempt(request, timeoutFor(), decision.use === 'proxy').then(
        answer => ({ answer }),
        (failure: unknown) => ({ failure })
      ),
    judgeOf(request, policy, started),
    request.sleep ?? sleep,
    request.onRetry
  )
  if (result.answer === undefined) {
    // A proxy that refuses its credentials will refuse them again: said at once, never retried.
    if (connectStatus(result.failure) === 407) {
      const port = target.port || (target.protocol === 'https:' ? '443' : '80')
      throw new ActionError(
        'Proxy refused its credentials',
        `The proxy named by ${proxyVariable} refused its credentials (HTTP 407 Proxy Authentication Required to CONNECT ${target.hostname}:${port}), ` +
          `so nothing reached the ${request.service.replace(/^Registry\b/, 'registry')}. Put the proxy's user name and password in ${proxyVariable} ` +
          `(http://user:password@host:port, percent-encoded), or add ${target.hostname} to NO_PROXY to go direct.`
      )
    }
    const { failure } = result
    throw new NetworkFailure(failure, isTimeout(failure), attempts, policy.attemptTimeoutMs, pastDeadline())
  }
  return { answer: result.answer, attempts }
}
