// The Deepgram client's request as the nock tests use it: a fake https host, a
// policy with short waits, sleeps recorded instead of slept, retry notes kept.
import type { ListRequest } from '../../src/deepgram/client.js'
import type { RetryPolicy } from '../../src/http/retry.js'

export const API = 'https://api.deepgram.test'
export const PROJECT = '123e4567-e89b-12d3-a456-426614174000'
export const PATH = `/v1/projects/${PROJECT}/self-hosted/distribution/credentials`
export const KEY = 'dg-test-key-0123456789abcdef'

export const POLICY: RetryPolicy = {
  attempts: 3,
  attemptTimeoutMs: 2000,
  budgetMs: 60000,
  baseDelayMs: 10,
  maxDelayMs: 40,
  maxRetryAfterMs: 5000,
  rateLimit: { attempts: 5, baseDelayMs: 20, maxDelayMs: 45 }
}

/** A request whose sleeps are recorded (and not slept) and whose retry notes are kept. */
export function apiRequest(overrides: Partial<ListRequest> = {}): ListRequest & { delays: number[]; notes: string[] } {
  const delays: number[] = []
  const notes: string[] = []
  return {
    apiUrl: API,
    projectId: PROJECT,
    apiKey: KEY,
    policy: POLICY,
    sleep: async ms => {
      delays.push(ms)
    },
    onRetry: m => notes.push(m),
    delays,
    notes,
    ...overrides
  }
}
