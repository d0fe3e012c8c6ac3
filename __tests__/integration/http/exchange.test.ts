// The one retrying exchange, against a real server on loopback: a transient failure retried
// with a note, the answer handed back with its attempts, a body cut at its cap, and a server
// that never answers given up on with a NetworkFailure that says so.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exchange, NetworkFailure } from '../../../src/http/exchange.js'
import type { RetryPolicy } from '../../../src/http/retry.js'

const POLICY: RetryPolicy = {
  attempts: 3,
  attemptTimeoutMs: 300,
  budgetMs: 5000,
  baseDelayMs: 1,
  maxDelayMs: 2,
  maxRetryAfterMs: 100,
  rateLimit: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 }
}

let server: Server
let base = ''
let flaky = 0
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/flaky') {
      if (flaky++ === 0) return void res.writeHead(503).end('busy')
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
    }
    if (req.url === '/big') return void res.writeHead(200).end('x'.repeat(5000))
    // /silent: never answers.
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => {
  server.closeAllConnections()
  server.close()
})

const request = (path: string, notes: string[] = []): Parameters<typeof exchange>[0] => ({
  method: 'GET',
  url: `${base}${path}`,
  headers: {},
  policy: POLICY,
  service: 'Test service',
  onRetry: note => notes.push(note),
  proxy: { env: {} }
})

describe('exchange', () => {
  it('retries a 503 with a note, then hands back the answer and the attempts', async () => {
    const notes: string[] = []
    const { answer, attempts } = await exchange(request('/flaky', notes))
    expect(answer.status).toBe(200)
    expect(answer.body).toBe('ok')
    expect(attempts).toBe(2)
    expect(notes).toHaveLength(1)
    expect(notes[0]).toContain('Test service')
  })

  it('stops reading a body at its cap, and says so', async () => {
    const { answer } = await exchange({ ...request('/big'), maxBodyBytes: 100 })
    expect(answer.truncated).toBe(true)
    expect(answer.body.length).toBeLessThanOrEqual(100)
  })

  it('a server that never answers: a NetworkFailure that says it timed out, after every attempt', async () => {
    const error = await exchange(request('/silent')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NetworkFailure)
    const failure = error as NetworkFailure
    expect(failure.timedOut).toBe(true)
    expect(failure.attempts).toBe(3)
    expect(failure.tries).toBe(' (3 attempts)')
  })
})
