// The Deepgram client against real HTTP servers on 127.0.0.1 (no nock here):
// what actually goes over the wire, real refused connections and real hangs.
import dns from 'node:dns'
import { readFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import { isIP, type AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { listDistributionCredentials, type ListRequest } from '../../../src/deepgram/client.js'
import { ActionError } from '../../../src/errors.js'
import type { RetryPolicy } from '../../../src/http/retry.js'
import { parseApiUrl } from '../../../src/inputs/validate.js'
import { rejected, saveEnv } from '../../support/helpers.js'
import { closedPort, listBody, startLoopback, type Loopback, type ScriptedReply } from '../../support/loopback.js'

const PROJECT = '123e4567-e89b-12d3-a456-426614174000'
const PATH = `/v1/projects/${PROJECT}/self-hosted/distribution/credentials`
const KEY = 'dg-loopback-key-0123456789abcdef'
const SET_ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const BODY = listBody([{ id: SET_ID, scopes: ['self-hosted:products'], comment: 'ci' }])
const PKG = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
  name: string
  version: string
}

const POLICY: RetryPolicy = {
  attempts: 2,
  attemptTimeoutMs: 300,
  budgetMs: 10000,
  baseDelayMs: 10,
  maxDelayMs: 20,
  maxRetryAfterMs: 2000,
  rateLimit: { attempts: 3, baseDelayMs: 20, maxDelayMs: 40 }
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
async function server(script: ScriptedReply[], host?: string): Promise<Loopback> {
  const s = await startLoopback(script, host)
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
    // Retry-After is the least wait; up to the 10 ms window is added on top.
    expect(req.delays).toHaveLength(1)
    expect(req.delays[0]).toBeGreaterThanOrEqual(1000)
    expect(req.delays[0]).toBeLessThanOrEqual(1010)
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

describe('listDistributionCredentials: broken and oversized answers (loopback server)', () => {
  const HEAD = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n'
  const PARTIAL = '{"distribution_credentials":['

  it('fails an attempt at once when the connection is reset mid-body, and retries it', async () => {
    const api = await server([
      { raw: HEAD + PARTIAL, reset: true },
      { status: 200, body: BODY }
    ])
    const notes: string[] = []
    const req = request(api.url, { policy: { ...POLICY, attemptTimeoutMs: 5000 }, onRetry: m => notes.push(m) })
    const started = Date.now()
    const sets = await listDistributionCredentials(req)
    expect(Date.now() - started).toBeLessThan(2000)
    expect(sets.map(s => s.id)).toEqual([SET_ID])
    expect(api.requests).toHaveLength(2)
    expect(notes).toHaveLength(1)
    expect(notes[0]).toContain('Deepgram API: connection broke mid-answer (ECONNRESET); retrying in')
  })

  it('fails at once on a body shorter than its Content-Length, and says the answer was cut off', async () => {
    const api = await server([{ raw: HEAD + PARTIAL }])
    const req = request(api.url, { policy: { ...POLICY, attemptTimeoutMs: 5000 } })
    const started = Date.now()
    const error = await rejected(listDistributionCredentials(req))
    expect(Date.now() - started).toBeLessThan(2000)
    expect((error as ActionError).title).toBe('Deepgram API answer cut off')
    expect(error.message).toContain('broke before its whole answer arrived')
    expect(error.message).toContain('(2 attempts)')
    expect(error.message).not.toContain('within')
    expect(api.requests).toHaveLength(2)
  })

  it('reads a body of exactly maxBodyBytes, and refuses one byte more, saying so', async () => {
    const exact = JSON.stringify(BODY)
    const max = Buffer.byteLength(exact)
    const api = await server([
      { status: 200, body: exact },
      { status: 200, body: `${exact} ` }
    ])
    await expect(listDistributionCredentials(request(api.url, { maxBodyBytes: max }))).resolves.toHaveLength(1)
    const error = await rejected(listDistributionCredentials(request(api.url, { maxBodyBytes: max })))
    expect((error as ActionError).title).toBe('Unexpected Deepgram API response')
    expect(error.message).toContain(`with a body larger than ${max} bytes, so the action stopped reading it there`)
    expect(api.requests).toHaveLength(2)
  })

  it('stops reading a huge body at 1 MiB and closes the connection', async () => {
    const total = 256 * 1024 * 1024
    let written = 0
    const api = await server([
      {
        handle: res => {
          res.writeHead(200, { 'content-type': 'application/json' })
          res.write('{"distribution_credentials":[],"padding":"')
          const chunk = Buffer.alloc(64 * 1024, 'x')
          const pump = (): void => {
            while (written < total && !res.destroyed) {
              written += chunk.length
              if (!res.write(chunk)) return void res.once('drain', pump)
            }
            if (!res.destroyed) res.end('"}')
          }
          pump()
        }
      }
    ])
    const error = await rejected(listDistributionCredentials(request(api.url)))
    expect(error.message).toContain('with a body larger than 1 MiB, so the action stopped reading it there')
    expect(error.message).toContain('a few KB')
    // The server could write only what the socket buffers held past the cap.
    expect(written).toBeLessThan(total / 4)
    expect(api.requests).toHaveLength(1)
  })

  it('quotes the start of an oversized error body and says it was cut', async () => {
    const api = await server([{ status: 400, body: `Bad request ${'x'.repeat(2 * 1024 * 1024)}` }])
    const error = await rejected(listDistributionCredentials(request(api.url)))
    expect((error as ActionError).title).toBe('Deepgram API rejected the request')
    expect(error.message).toContain('Deepgram said: "Bad request xxx')
    expect(error.message).toContain('only its start was read')
    expect(error.message.length).toBeLessThan(1000)
  })

  it('does not retry a status outside 100-599, and says it is not an HTTP status', async () => {
    const api = await server([
      { raw: 'HTTP/1.1 700 Strange\r\nContent-Length: 0\r\n\r\n' },
      { status: 200, body: BODY }
    ])
    const req = request(api.url)
    const error = await rejected(listDistributionCredentials(req))
    expect((error as ActionError).title).toBe('Deepgram API error')
    expect(error.message).toContain('status 700 is not an HTTP status')
    expect(error.message).not.toContain('after')
    expect(api.requests).toHaveLength(1)
    expect(req.delays).toEqual([])
  })

  it('does not call a 304 a redirect', async () => {
    const api = await server([{ status: 304 }])
    const error = await rejected(listDistributionCredentials(request(api.url)))
    expect((error as ActionError).title).toBe('Deepgram API error')
    expect(error.message).toContain('HTTP 304 Not Modified')
    expect(error.message).not.toMatch(/redirect/i)
    expect(api.requests).toHaveLength(1)
  })
})

describe('listDistributionCredentials: addresses and proxies', () => {
  it('reaches an IPv6 loopback api-url, http://[::1]:port', async () => {
    const api = await server([{ status: 200, body: BODY }], '::1')
    expect(api.url).toMatch(/^http:\/\/\[::1\]:\d+$/)
    const sets = await listDistributionCredentials(request(parseApiUrl('api-url', `${api.url}/`)))
    expect(sets.map(s => s.id)).toEqual([SET_ID])
    expect(api.requests).toHaveLength(1)
    expect(api.requests[0]!.headers['host']).toBe(new URL(api.url).host)
  })

  describe('HTTPS_PROXY', () => {
    // Name lookups are answered here, so that nothing reaches a resolver: localhost
    // is 127.0.0.1, any other name is unknown (and recorded).
    const looked: string[] = []
    const realLookup = dns.lookup
    let proxy: Server | undefined
    const connects: string[] = []
    const proxyAuth: string[] = []
    const FORBIDDEN = 'HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n'
    let connectAnswer = FORBIDDEN

    beforeEach(async () => {
      looked.length = 0
      connects.length = 0
      proxyAuth.length = 0
      connectAnswer = FORBIDDEN
      // A proxy that records each CONNECT and refuses it: the target is never contacted.
      proxy = createServer()
      proxy.on('connect', (req: IncomingMessage, socket: Duplex) => {
        connects.push(req.url ?? '')
        proxyAuth.push(req.headers['proxy-authorization'] ?? '')
        socket.end(connectAnswer)
      })
      await new Promise<void>(resolve => proxy!.listen(0, '127.0.0.1', resolve))
      ;(dns as { lookup: unknown }).lookup = (
        hostname: string,
        options: unknown,
        callback?: (...args: unknown[]) => void
      ): void => {
        const cb = (typeof options === 'function' ? options : callback) as (...args: unknown[]) => void
        const all = typeof options === 'object' && options !== null && (options as { all?: boolean }).all
        looked.push(hostname)
        const address = hostname === 'localhost' ? '127.0.0.1' : isIP(hostname) ? hostname : undefined
        if (address === undefined) {
          const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' })
          return process.nextTick(() => cb(error))
        }
        const family = isIP(address)
        process.nextTick(() => (all ? cb(null, [{ address, family }]) : cb(null, address, family)))
      }
    })

    afterEach(async () => {
      ;(dns as { lookup: unknown }).lookup = realLookup
      for (const name of ['HTTPS_PROXY', 'https_proxy']) delete process.env[name]
      await new Promise<void>(resolve => proxy!.close(() => resolve()))
    })

    it('reads host:port without a scheme as http://host:port, as curl does', async () => {
      const { port } = proxy!.address() as AddressInfo
      process.env['HTTPS_PROXY'] = `localhost:${port}`
      const req = request('https://api.deepgram.test', { policy: { ...POLICY, attempts: 1 } })
      await rejected(listDistributionCredentials(req))
      expect(connects).toEqual(['api.deepgram.test:443'])
      expect(looked).not.toContain('api.deepgram.test')
      expect(process.env['HTTPS_PROXY']).toBe(`http://localhost:${port}`)
    })

    it('a proxy that refuses its credentials (407 to CONNECT): said at once, not retried, credentials not shown', async () => {
      const { port } = proxy!.address() as AddressInfo
      connectAnswer =
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="corp"\r\nContent-Length: 0\r\n\r\n'
      process.env['HTTPS_PROXY'] = `http://builder:s3cr3t-pw@127.0.0.1:${port}`
      const req = request('https://api.deepgram.test')
      const error = await rejected(listDistributionCredentials(req))
      expect((error as ActionError).title).toBe('Proxy refused its credentials')
      expect(error.message).toContain('The proxy named by HTTPS_PROXY refused its credentials (HTTP 407')
      expect(error.message).toContain('CONNECT api.deepgram.test:443')
      expect(error.message).toContain('add api.deepgram.test to NO_PROXY')
      expect(error.message).not.toContain('s3cr3t-pw')
      expect(error.message).not.toContain('builder')
      expect(connects).toEqual(['api.deepgram.test:443'])
      // The credentials did go to the proxy, which is what it refused.
      expect(proxyAuth[0]).toBe(`Basic ${Buffer.from('builder:s3cr3t-pw').toString('base64')}`)
      expect(req.delays).toEqual([])
    })

    it('refuses a proxy it cannot use rather than going direct, without quoting the value', async () => {
      process.env['https_proxy'] = 'socks5://user:hunter2@localhost:1080'
      const error = await rejected(listDistributionCredentials(request('https://api.deepgram.test')))
      expect((error as ActionError).title).toBe('Proxy setting unusable')
      expect(error.message).toContain('https_proxy is set, but its scheme "socks5:" is not supported')
      expect(error.message).not.toContain('hunter2')
      expect(looked).toEqual([])
      expect(connects).toEqual([])
    })
  })
})
