// Pure retry policy for the Deepgram API call.

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number
  /** Each attempt's limit, from connect to the last byte of the body. */
  attemptTimeoutMs: number
  /** No retry starts whose wait would end after this much time in all. */
  budgetMs: number
  baseDelayMs: number
  maxDelayMs: number
  /** Retry-After is honoured up to this many milliseconds. */
  maxRetryAfterMs: number
}

// A hung API fails after three 8 s attempts and two short waits: about 27 s,
// well inside the 90 s a deploy job's user will wait for a login step.
export const DEFAULT_POLICY: RetryPolicy = {
  attempts: 4,
  attemptTimeoutMs: 8000,
  budgetMs: 30000,
  baseDelayMs: 1000,
  maxDelayMs: 8000,
  maxRetryAfterMs: 15000
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v) * 1000
  // Only an HTTP date (IMF-fixdate, RFC 850 or asctime): Date.parse alone
  // reads any string with a number in it as some date.
  if (!/^[a-z]{3,9},? .*\b\d{1,2}:\d{2}:\d{2}\b/i.test(v) || !/\b\d{2,4}\b/.test(v)) return undefined
  const at = Date.parse(v)
  if (Number.isNaN(at)) return undefined
  return Math.max(0, at - now)
}

/** Exponential backoff with equal jitter: half fixed, half random, so
 * parallel jobs sharing a key spread out. `retry` counts from 1. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

export function retryDelay(
  retry: number,
  retryAfterMs: number | undefined,
  policy: RetryPolicy,
  random: () => number = Math.random
): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs)
  return backoffDelay(retry, policy, random)
}
