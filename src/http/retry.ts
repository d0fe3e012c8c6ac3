// The retry policies, and the one retry loop that HTTP exchanges and the docker/podman login share.

/** `attempts`: in all, while failures are transient (5xx, network); `attemptTimeoutMs`: from connect
 * to the body's last byte; `budgetMs`: no retry starts that could end past it; `rateLimit`: 429s, the
 * service is up but asks us to slow down, so more attempts and a wider jitter window. */
export interface RetryPolicy {
  attempts: number
  attemptTimeoutMs: number
  budgetMs: number
  baseDelayMs: number
  maxDelayMs: number
  maxRetryAfterMs: number
  rateLimit: { attempts: number; baseDelayMs: number; maxDelayMs: number }
}

// A hung API fails in about 27 s (three 8 s attempts, two short waits), well inside the 90 s a
// deploy's user will wait; a rate-limited herd of matrix jobs spreads over 4, 6, 9, then 10 s.
export const DEFAULT_POLICY: RetryPolicy = {
  attempts: 4,
  attemptTimeoutMs: 8000,
  budgetMs: 30000,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
  maxRetryAfterMs: 15000,
  rateLimit: { attempts: 10, baseDelayMs: 4000, maxDelayMs: 10000 }
}

/** Waits of 1-2 s, 2-4 s, then 4-8 s, for a login (a registry blip passes, an outage fails fast)
 * and for a new set a registry refused. */
export const SHORT_RETRY: RetryPolicy = { ...DEFAULT_POLICY, baseDelayMs: 2000, maxDelayMs: 8000 }

/** A set made in this run, which a registry may refuse for a few seconds: the login and the image
 * check retry its refusals until `until` (epoch ms); `madeFor` names it ("this job", "rotation eu-west"). */
export interface NewSet {
  until: number
  madeFor: string
  /** The wait before the n-th retry (counting from 1); tests shorten it. */
  delayMs?: (retry: number) => number
}

/** The wait before retrying the n-th refusal of a new set, or undefined once its time is up. */
export function newSetWait(newSet: NewSet, refusal: number): number | undefined {
  return waitWithin(newSet.until, newSet.delayMs?.(refusal) ?? backoffDelay(refusal, SHORT_RETRY))
}

export type RetryKind = 'rate-limit' | 'transient'

/** A real HTTP status: three digits from 100 to 599 (RFC 9110). */
export function isHttpStatus(status: number): boolean {
  return Number.isInteger(status) && status >= 100 && status <= 599
}

/** 429 and 5xx; a status outside 100-599 is not a server error but a broken answer. */
export function retryKindOf(status: number): RetryKind | undefined {
  if (status === 429) return 'rate-limit'
  if (status >= 500 && status <= 599) return 'transient'
  return undefined
}

export function attemptsFor(kind: RetryKind, policy: RetryPolicy): number {
  return kind === 'rate-limit' ? policy.rateLimit.attempts : policy.attempts
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  const v = value?.trim() ?? ''
  if (/^\d+$/.test(v)) return Number(v) * 1000
  // Only an HTTP date (IMF-fixdate, RFC 850 or asctime): Date.parse reads any number as some date.
  if (!/^[a-z]{3,9},? .*\b\d{1,2}:\d{2}:\d{2}\b/i.test(v) || !/\b\d{2,4}\b/.test(v)) return undefined
  const at = Date.parse(v)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}

/** The jitter window of the `retry`-th retry (from 1): transient failures double it, rate limits
 * widen it gently (a herd needs spreading more than slowing), both up to their cap. */
export function jitterWindow(retry: number, kind: RetryKind, policy: RetryPolicy): number {
  if (kind === 'rate-limit') {
    const { baseDelayMs, maxDelayMs } = policy.rateLimit
    return Math.min(maxDelayMs, baseDelayMs * 1.5 ** (retry - 1))
  }
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1))
}

/** Exponential backoff with equal jitter (half fixed, half random), so parallel jobs spread out. */
export function backoffDelay(
  retry: number,
  policy: RetryPolicy,
  random: () => number = Math.random,
  kind: RetryKind = 'transient'
): number {
  const ceiling = jitterWindow(retry, kind, policy)
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

/** Retry-After is a minimum, never the whole wait: jobs told the same Retry-After would
 * otherwise all come back in the same instant and be refused together again. */
export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number = Math.random,
  kind: RetryKind = 'transient'
): number {
  if (retryAfterMs === undefined) return backoffDelay(retry, policy, random, kind)
  return Math.round(Math.min(retryAfterMs, policy.maxRetryAfterMs) + random() * jitterWindow(retry, kind, policy))
}

/** Stop with the attempt's result, or wait and try again (with a note for the log). */
export type Verdict = { retry: false } | { retry: true; delayMs: number; note: string }

/** `delayMs`, cut short so that a last try comes before `until` (epoch ms); undefined once it is past. */
export function waitWithin(until: number, delayMs: number, now = Date.now()): number | undefined {
  const left = until - now
  return left <= 0 ? undefined : Math.min(delayMs, left)
}

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/** The one retry loop: runs `attempt` (n counts from 1) until `judge` says stop. */
export async function retrying<T>(
  attempt: (n: number) => Promise<T>,
  judge: (result: T, n: number) => Verdict,
  sleep: (ms: number) => Promise<void>,
  onRetry?: (note: string) => void
): Promise<{ result: T; attempts: number }> {
  for (let n = 1; ; n++) {
    const result = await attempt(n)
    const verdict = judge(result, n)
    if (!verdict.retry) return { result, attempts: n }
    onRetry?.(verdict.note)
    await sleep(verdict.delayMs)
  }
}
