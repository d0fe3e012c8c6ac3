// The Deepgram client against real HTTP servers on 127.0.0.1 (no nock here):
// what actually goes over the wire, real refused connections and real hangs.
import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { listDistributionCredentials, type ListRequest } from '../../src/deepgram.js'
import { ActionError } from '../../src/errors.js'
import type { RetryPolicy } from '../../src/retry.js'
import { parseApiUrl } from '../../src/validate.js'
import { rejected, saveEnv } from './helpers.js'
import { closedPort, listBody, startLoopback, type Loopback, type ScriptedReply } from './loopback.js'

const PROJECT = '123e4567-e89b-12d3-a456-426614174000'
const PATH = `/v1/projects/${PROJECT}/self-hosted/distribution/credentials`
const KEY = 'dg-loopback-key-0123456789abcdef'
const SET_ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const BODY = listBody([{ id: SET_ID, scopes: ['self-hosted:products'], comment: 'ci' }])
const PKG = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string
  version: string
}

const POLICY: RetryPolicy = {
  attempts: 2,
  attemptTimeoutMs: 300,
  budgetMs: 10000,
  baseDelayMs: 10,
  maxDelayMs: 20,
  maxRetryAfterMs: 2000
}

function request(apiUrl: string, overrides: Partial<ListRequest> = {}): ListRequest & { delays: number[] } {
  const delays: number[] = []
  return {
    apiUrl,
    projectId: PROJECT,
    apiKey: KEY,
    policy: POLICY,
    sleep: async ms => {
      delays.push(ms)
    },
    delays,
    ...overrides
  }
}

const servers: Loopback[] = []
async function server(script: ScriptedReply[]): Promise<Loopback> {
  const s = await startLoopback(script)
  servers.push(s)
  return s
}

let restoreEnv: () => void
beforeAll(() => {
  restoreEnv = saveEnv()
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) {
    delete process.env[name]
  }
  delete process.env['ACTIONS_ORCHESTRATION_ID']
})
afterAll(() => restoreEnv())
afterEach(async () => {
  await Promise.all(servers.splice(0).map(s => s.stop()))
})

describe('listDistributionCredentials (loopback server)', () => {
  it('sends exactly the documented request over the wire', async () => {
    const api = await server([{ status: 200, body: BODY }])
    // The api-url as a user would write it, with a trailing slash.
    const sets = await listDistributionCredentials(request(parseApiUrl('api-url', `${api.url}/`)))
    expect(sets).toEqual([
      {
        id: SET_ID,
        provider: 'quay',
        comment: 'ci',
        scopes: ['self-hosted:products'],
        created: '2024-05-01T12:00:00.000000Z'
      }
    ])
    expect(api.requests).toHaveLength(1)
    const [r] = api.requests
    expect(r!.method).toBe('GET')
    expect(r!.url).toBe(PATH)
    expect(r!.headers['authorization']).toBe(`Token ${KEY}`)
    expect(r!.headers['accept']).toBe('application/json')
    expect(r!.headers['user-agent']).toBe(`${PKG.name}/${PKG.version}`)
  })

  it('does not retry 401: the server sees one request', async () => {
    const api = await server([
      { status: 401, body: { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.', request_id: 'r-1' } },
      { status: 200, body: BODY }
    ])
    const error = await rejected(listDistributionCredentials(request(api.url)))
    expect((error as ActionError).title).toBe('Deepgram API key rejected')
    expect(error.message).toContain('"Invalid credentials." (INVALID_AUTH)')
    expect(error.message).toContain('Request ID: r-1.')
    expect(api.requests).toHaveLength(1)
  })

  it('retries 503 with Retry-After, then succeeds', async () => {
    const api = await server([
      { status: 503, headers: { 'retry-after': '1' } },
      { status: 200, body: BODY }
    ])
    const req = request(api.url)
    const sets = await listDistributionCredentials(req)
    expect(sets.map(s => s.id)).toEqual([SET_ID])
    expect(api.requests).toHaveLength(2)
    expect(req.delays).toEqual([1000])
  })

  it('retries a refused connection, then reports it with the code and attempts', async () => {
    const port = await closedPort()
    const req = request(`http://127.0.0.1:${port}`, { policy: { ...POLICY, attempts: 3 } })
    const error = await rejected(listDistributionCredentials(req))
    expect((error as ActionError).title).toBe('Deepgram API unreachable')
    expect(error.message).toContain(`127.0.0.1:${port}`)
    expect(error.message).toContain('ECONNREFUSED')
    expect(error.message).toContain('(3 attempts)')
    expect(req.delays).toHaveLength(2)
  })

  it('times out a server that never answers, in bounded time, and retries it once', async () => {
    const api = await server([{ hang: true }])
    const started = Date.now()
    const error = await rejected(listDistributionCredentials(request(api.url)))
    const took = Date.now() - started
    expect((error as ActionError).title).toBe('Deepgram API timed out')
    expect(error.message).toContain('within 0.3 s (2 attempts)')
    expect(api.requests).toHaveLength(2)
    expect(took).toBeGreaterThanOrEqual(550)
    expect(took).toBeLessThan(3000)
  })

  it('times out an answer that trickles in forever, and closes the connection', async () => {
    const timers = new Set<NodeJS.Timeout>()
    const api = await server([
      {
        handle: res => {
          res.writeHead(200, { 'content-type': 'application/json' })
          res.write('{"distribution_credentials":[')
          // A byte every 50 ms: never silent long enough for a socket timeout.
          const t = setInterval(() => res.write(' '), 50)
          timers.add(t)
          res.on('close', () => {
            clearInterval(t)
            timers.delete(t)
          })
        }
      }
    ])
    try {
      const started = Date.now()
      const error = await rejected(
        listDistributionCredentials(request(api.url, { policy: { ...POLICY, attempts: 1, attemptTimeoutMs: 250 } }))
      )
      const took = Date.now() - started
      expect((error as ActionError).title).toBe('Deepgram API timed out')
      expect(error.message).toContain('within 0.25 s')
      expect(error.message).not.toContain('attempts')
      expect(took).toBeLessThan(2000)
      expect(api.requests).toHaveLength(1)
      // The client let go of the connection instead of reading on forever.
      const deadline = Date.now() + 1000
      while (api.openSockets() > 0 && Date.now() < deadline) await new Promise(r => setTimeout(r, 20))
      expect(api.openSockets()).toBe(0)
    } finally {
      for (const t of timers) clearInterval(t)
    }
  })

  it('does not follow a redirect to another server, which receives nothing', async () => {
    const other = await server([{ status: 200, body: BODY }])
    const api = await server([{ status: 302, headers: { location: `${other.url}${PATH}` } }])
    const error = await rejected(listDistributionCredentials(request(api.url)))
    expect((error as ActionError).title).toBe('Deepgram API redirected')
    expect(error.message).toContain(`${other.url}${PATH}`)
    expect(error.message).toContain('set `api-url`')
    expect(api.requests).toHaveLength(1)
    expect(other.requests).toHaveLength(0)
  })

  it('reports a 200 HTML page (a captive portal) without retrying', async () => {
    const api = await server([{ status: 200, body: '<html><body>Log in to continue</body></html>' }])
    const error = await rejected(listDistributionCredentials(request(api.url)))
    expect(error.message).toContain('it is an HTML page')
    expect(api.requests).toHaveLength(1)
  })

  it('gives up on a 500 that persists after all attempts', async () => {
    const api = await server([{ status: 500, body: 'Internal Server Error' }])
    const error = await rejected(listDistributionCredentials(request(api.url, { policy: { ...POLICY, attempts: 3 } })))
    expect(error.message).toContain('HTTP 500 after 3 attempts')
    expect(error.message).toContain('"Internal Server Error"')
    expect(api.requests).toHaveLength(3)
  })
})
