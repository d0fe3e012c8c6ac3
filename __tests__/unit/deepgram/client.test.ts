// The Deepgram client against nock on a fake https host (nothing leaves the
// process), plus real loopback servers where a request escaping would show.
import nock from 'nock'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { credentialsUrl, getDistributionCredential, listDistributionCredentials } from '../../../src/deepgram/client.js'
import { ActionError } from '../../../src/errors.js'
import { parseUuid } from '../../../src/inputs/validate.js'
import { ACTION_VERSION } from '../../../src/version.js'
import { API, apiRequest, KEY, PATH, POLICY, PROJECT } from '../../support/api-request.ts'
import { rejected, saveEnv } from '../../support/helpers.js'
import { listBody } from '../../support/standin.ts'
import { readFileSync } from 'node:fs'

const SET_ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const BODY = listBody([{ id: SET_ID, scopes: ['self-hosted:product:api', 'self-hosted:product:engine'] }])
const PKG_VERSION = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version

const request = apiRequest

/** Each delay within its [least, most] range, and no more delays than ranges. */
function expectDelays(delays: number[], ranges: [number, number][]): void {
  expect(delays).toHaveLength(ranges.length)
  ranges.forEach(([least, most], i) => {
    expect(delays[i]).toBeGreaterThanOrEqual(least)
    expect(delays[i]).toBeLessThanOrEqual(most)
  })
}

/** A socket error as Node raises it. (nock 15 delivers only Error instances.) */
function netError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code })
}

let restoreEnv: () => void
const unmatched: string[] = []
const onNoMatch = (req: { method?: string; url?: string }): void => {
  unmatched.push(`${req.method} ${req.url}`)
}

beforeAll(() => {
  restoreEnv = saveEnv()
  // A proxy in the environment would change where the client connects.
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) {
    delete process.env[name]
  }
  delete process.env['ACTIONS_ORCHESTRATION_ID']
  nock.disableNetConnect()
  nock.emitter.on('no match', onNoMatch)
})

afterAll(() => {
  nock.emitter.removeListener('no match', onNoMatch)
  nock.enableNetConnect()
  nock.restore()
  restoreEnv()
})

beforeEach(() => {
  unmatched.length = 0
})

afterEach(() => {
  nock.abortPendingRequests()
  nock.cleanAll()
})

/** Every test: nothing went anywhere nock did not expect, except allowed loopback. */
function expectNoStrayRequests(): void {
  expect(unmatched.filter(u => !/\/\/127\.0\.0\.1:\d+\//.test(u))).toEqual([])
}

describe('credentialsUrl', () => {
  it('is the self-hosted list path under the API URL', () => {
    expect(credentialsUrl('https://api.deepgram.com', PROJECT)).toBe(`https://api.deepgram.com${PATH}`)
    expect(credentialsUrl('https://proxy.example.com/dg', PROJECT)).toBe(`https://proxy.example.com/dg${PATH}`)
  })

  it('encodes the project ID as one path segment', () => {
    expect(credentialsUrl(API, '../x?y#z')).toBe(
      `${API}/v1/projects/..%2Fx%3Fy%23z/self-hosted/distribution/credentials`
    )
  })
})

describe('getDistributionCredential (nock)', () => {
  const one = (BODY as { distribution_credentials: unknown[] }).distribution_credentials[0]

  it('asks for the one set under the list path, with the key; parses the item', async () => {
    const scope = nock(API).get(`${PATH}/${SET_ID}`).matchHeader('authorization', `Token ${KEY}`).reply(200, one)
    const set = await getDistributionCredential(request(), SET_ID)
    expect(set?.id).toBe(SET_ID)
    expect(set?.scopes).toEqual(['self-hosted:product:api', 'self-hosted:product:engine'])
    scope.done()
  })

  it('is undefined on 404: no such set', async () => {
    const scope = nock(API).get(`${PATH}/${SET_ID}`).reply(404, { err_code: 'NOT_FOUND', err_msg: 'not found' })
    expect(await getDistributionCredential(request(), SET_ID)).toBeUndefined()
    scope.done()
  })

  it('names the set on another failure (403), and refuses a body of another shape', async () => {
    nock(API).get(`${PATH}/${SET_ID}`).reply(403, { err_code: 'FORBIDDEN', err_msg: 'Insufficient permissions.' })
    const error = await rejected(getDistributionCredential(request(), SET_ID))
    expect((error as ActionError).title).toBe('Deepgram API access denied')
    expect(error.message).toContain(`refused to read distribution credential set ${SET_ID} (HTTP 403)`)
    expect(error.message).toContain('Insufficient permissions.')
    nock(API).get(`${PATH}/${SET_ID}`).reply(200, { distribution_credentials: [] })
    const odd = await rejected(getDistributionCredential(request(), SET_ID))
    expect(odd.message).toContain('the body.distribution_credentials should be an object')
  })
})

describe('listDistributionCredentials (nock)', () => {
  it('sends GET with a lower-case project ID, Token auth, its User-Agent and Accept json; parses the sets', async () => {
    const projectId = parseUuid('project-id', PROJECT.toUpperCase(), 'a Deepgram project ID')
    const seen: { method: string; url: string; headers: Record<string, string> }[] = []
    const scope = nock(API)
      .get(PATH)
      .reply((r: Request) => {
        seen.push({ method: r.method, url: r.url, headers: Object.fromEntries(r.headers.entries()) })
        return [200, BODY, { 'content-type': 'application/json' }]
      })
    const req = request({ projectId })
    const sets = await listDistributionCredentials(req)
    expect(sets).toEqual([
      {
        id: SET_ID,
        provider: 'quay',
        comment: '',
        scopes: ['self-hosted:product:api', 'self-hosted:product:engine'],
        created: '2024-05-01T12:00:00.000000Z'
      }
    ])
    scope.done()
    expect(seen).toHaveLength(1)
    const [sent] = seen
    expect(sent!.method).toBe('GET')
    expect(sent!.url).toBe(`${API}${PATH}`)
    expect(sent!.headers['authorization']).toBe(`Token ${KEY}`)
    expect(sent!.headers['accept']).toBe('application/json')
    expect(sent!.headers['user-agent']).toBe(`deepgram-self-hosted-login/${PKG_VERSION}`)
    expect(sent!.headers['user-agent']).toContain(ACTION_VERSION)
    expect(req.delays).toEqual([])
    expect(req.notes).toEqual([])
    expectNoStrayRequests()
  })

  it('matches on the headers nock is told to require', async () => {
    const scope = nock(API, {
      reqheaders: {
        authorization: `Token ${KEY}`,
        accept: 'application/json',
        'user-agent': `deepgram-self-hosted-login/${PKG_VERSION}`
      }
    })
      .get(PATH)
      .reply(200, BODY)
    await expect(listDistributionCredentials(request())).resolves.toHaveLength(1)
    scope.done()
    expectNoStrayRequests()
  })

  it('returns [] for an empty list', async () => {
    const scope = nock(API).get(PATH).reply(200, { distribution_credentials: [] })
    await expect(listDistributionCredentials(request())).resolves.toEqual([])
    scope.done()
  })

  it.each<[number, string, string]>([
    [
      401,
      '{"err_code":"INVALID_AUTH","err_msg":"Invalid credentials.","request_id":"req-401"}',
      'Deepgram API key rejected'
    ],
    [403, '{"category":"FORBIDDEN","message":"Nope.","request_id":"req-403"}', 'Deepgram API access denied'],
    [404, 'UUID parsing failed: invalid length', 'Deepgram project not found'],
    [400, '{"err_code":"BAD_REQUEST","err_msg":"Bad.","request_id":"req-400"}', 'Deepgram API rejected the request'],
    [418, '', 'Deepgram API error']
  ])('does not retry HTTP %i: exactly one request', async (status, body, title) => {
    const scope = nock(API).get(PATH).reply(status, body)
    // A second request would find this and be counted.
    const again = nock(API).get(PATH).reply(200, BODY)
    const req = request()
    const error = await rejected(listDistributionCredentials(req))
    expect(error).toBeInstanceOf(ActionError)
    expect((error as ActionError).title).toBe(title)
    expect(error.message).toContain(`HTTP ${status}`)
    expect(error.message).not.toContain('attempts')
    scope.done()
    expect(again.isDone()).toBe(false)
    expect(req.delays).toEqual([])
    if (body.includes('request_id')) expect(error.message).toContain(`Request ID: req-${status}`)
  })

  it.each([500, 502, 503, 504])('retries HTTP %i, then succeeds', async status => {
    const scope = nock(API).get(PATH).reply(status, 'busy').get(PATH).reply(status, 'busy').get(PATH).reply(200, BODY)
    const req = request()
    const sets = await listDistributionCredentials(req)
    expect(sets.map(s => s.id)).toEqual([SET_ID])
    scope.done()
    // Jittered exponential backoff: retry 1 within [5, 10], retry 2 within [10, 20].
    expectDelays(req.delays, [
      [5, 10],
      [10, 20]
    ])
    expect(req.notes).toHaveLength(2)
    expect(req.notes[0]).toContain(`HTTP ${status}`)
    expect(req.notes[0]).toContain('attempt 2 of 3')
    expect(req.notes[1]).toContain('attempt 3 of 3')
  })

  it('retries HTTP 429 without Retry-After in the wider rate-limit window, then succeeds', async () => {
    const scope = nock(API)
      .get(PATH)
      .reply(429, 'slow down')
      .get(PATH)
      .reply(429, 'slow down')
      .get(PATH)
      .reply(200, BODY)
    const req = request()
    await listDistributionCredentials(req)
    scope.done()
    // Windows of 20 and 30 ms (base 20, widened by half), equal jitter.
    expectDelays(req.delays, [
      [10, 20],
      [15, 30]
    ])
    expect(req.notes[0]).toContain('HTTP 429')
    expect(req.notes[0]).toContain('attempt 2 of 5')
  })

  it('keeps retrying 429 past the attempts a 5xx gets', async () => {
    const limited = nock(API).get(PATH).times(4).reply(429, '', { 'Retry-After': '0' }).get(PATH).reply(200, BODY)
    const req = request()
    await expect(listDistributionCredentials(req)).resolves.toHaveLength(1)
    limited.done()
    expect(req.delays).toHaveLength(4)
    // The same run of 5xx gives up at POLICY.attempts (3).
    const failing = nock(API).get(PATH).times(3).reply(503, '', { 'Retry-After': '0' })
    const again = nock(API).get(PATH).reply(200, BODY)
    const error = await rejected(listDistributionCredentials(request()))
    expect(error.message).toContain('HTTP 503 after 3 attempts')
    failing.done()
    expect(again.isDone()).toBe(false)
  })

  // The jitter comes on top, up to the kind's window (429: 20 ms, 5xx: 10 ms here).
  it.each<[number, number[], string]>([
    [0, [2000, 0], 'retrying in 2.0 s'],
    [0.5, [2010, 5], 'retrying in 2.0 s']
  ])('takes Retry-After in seconds as the least wait (random %d: %j)', async (random, delays, note) => {
    const scope = nock(API)
      .get(PATH)
      .reply(429, '{"err_code":"TOO_MANY_REQUESTS"}', { 'Retry-After': '2' })
      .get(PATH)
      .reply(503, '', { 'Retry-After': '0' })
      .get(PATH)
      .reply(200, BODY)
    const req = request({ random: () => random })
    await listDistributionCredentials(req)
    scope.done()
    expect(req.delays).toEqual(delays)
    expect(req.notes[0]).toContain(note)
  })

  it('honours Retry-After as an HTTP date', async () => {
    const at = new Date(Date.now() + 3000).toUTCString()
    const scope = nock(API).get(PATH).reply(429, '', { 'Retry-After': at }).get(PATH).reply(200, BODY)
    const req = request({ random: () => 0 })
    await listDistributionCredentials(req)
    scope.done()
    expect(req.delays).toHaveLength(1)
    // Whole seconds in the date, and some milliseconds pass before it is read.
    expect(req.delays[0]).toBeGreaterThan(1000)
    expect(req.delays[0]).toBeLessThanOrEqual(3000)
  })

  it('caps a long Retry-After at maxRetryAfterMs', async () => {
    const scope = nock(API).get(PATH).reply(429, '', { 'Retry-After': '3600' }).get(PATH).reply(200, BODY)
    const req = request({ policy: { ...POLICY, maxRetryAfterMs: 1234 }, random: () => 0 })
    await listDistributionCredentials(req)
    scope.done()
    expect(req.delays).toEqual([1234])
  })

  it('ignores an unreadable Retry-After and backs off instead', async () => {
    const scope = nock(API).get(PATH).reply(503, '', { 'Retry-After': 'soon' }).get(PATH).reply(200, BODY)
    const req = request()
    await listDistributionCredentials(req)
    scope.done()
    expectDelays(req.delays, [[5, 10]])
  })

  it('gives up after the last attempt, saying how many there were', async () => {
    const scope = nock(API)
      .get(PATH)
      .times(3)
      .reply(503, '{"category":"UNAVAILABLE","message":"Try later.","request_id":"req-503"}')
    const again = nock(API).get(PATH).reply(200, BODY)
    const req = request()
    const error = await rejected(listDistributionCredentials(req))
    expect((error as ActionError).title).toBe('Deepgram API unavailable')
    expect(error.message).toContain('HTTP 503 after 3 attempts')
    expect(error.message).toContain('"Try later." (UNAVAILABLE)')
    expect(error.message).toContain('req-503')
    scope.done()
    expect(again.isDone()).toBe(false)
    expect(req.delays).toHaveLength(2)
  })

  it('gives up on 429 after the last rate-limit attempt', async () => {
    const scope = nock(API).get(PATH).times(2).reply(429, '{"err_code":"TOO_MANY_REQUESTS"}', { 'Retry-After': '1' })
    const req = request({ policy: { ...POLICY, rateLimit: { ...POLICY.rateLimit, attempts: 2 } }, random: () => 0 })
    const error = await rejected(listDistributionCredentials(req))
    expect((error as ActionError).title).toBe('Deepgram API rate limit')
    expect(error.message).toContain('after 2 attempts')
    expect(error.message).toContain('TOO_MANY_REQUESTS')
    expect(req.delays).toEqual([1000])
    scope.done()
  })

  it('stops early when the budget forbids another attempt', async () => {
    // 1 s Retry-After plus a 2 s attempt does not fit in 2.5 s.
    const scope = nock(API).get(PATH).reply(503, '', { 'Retry-After': '1' })
    const again = nock(API).get(PATH).reply(200, BODY)
    const req = request({ policy: { ...POLICY, attempts: 5, budgetMs: 2500 }, random: () => 0 })
    const error = await rejected(listDistributionCredentials(req))
    expect(error.message).toContain('HTTP 503')
    expect(error.message).not.toContain('attempts')
    scope.done()
    expect(again.isDone()).toBe(false)
    expect(req.delays).toEqual([])
    expect(req.notes).toEqual([])
  })

  it('retries within the budget, then stops when the next wait would overrun it', async () => {
    // The injected sleep moves the clock the client reads, as a real wait would.
    const realNow = Date.now.bind(Date)
    let slept = 0
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => realNow() + slept)
    try {
      // Waits are 1 s (Retry-After), attempts 2 s, budget 3.5 s: attempt 1 ends at
      // ~0 and 0 + 1 + 2 <= 3.5 fits; attempt 2 ends at ~1 and 1 + 1 + 2 > 3.5 does not.
      const scope = nock(API).get(PATH).times(2).reply(503, '', { 'Retry-After': '1' })
      const again = nock(API).get(PATH).reply(200, BODY)
      const req = request({
        policy: { ...POLICY, attempts: 10, budgetMs: 3500 },
        random: () => 0,
        sleep: async ms => {
          req.delays.push(ms)
          slept += ms
        }
      })
      const error = await rejected(listDistributionCredentials(req))
      expect(error.message).toContain('HTTP 503 after 2 attempts')
      expect(req.delays).toEqual([1000])
      scope.done()
      expect(again.isDone()).toBe(false)
    } finally {
      clock.mockRestore()
    }
  })

  it('retries a network error, then succeeds', async () => {
    const scope = nock(API)
      .get(PATH)
      .replyWithError(netError('ECONNRESET', 'socket hang up'))
      .get(PATH)
      .reply(200, BODY)
    const req = request()
    const sets = await listDistributionCredentials(req)
    expect(sets).toHaveLength(1)
    scope.done()
    expect(req.notes).toHaveLength(1)
    expect(req.notes[0]).toContain('Deepgram API: ECONNRESET; retrying in')
    expect(req.notes[0]).toContain('attempt 2 of 3')
  })

  it('gives up on a network error that persists, naming the code and the attempts', async () => {
    const scope = nock(API)
      .get(PATH)
      .times(3)
      .replyWithError(netError('ECONNREFUSED', 'connect ECONNREFUSED 192.0.2.1:443'))
    const req = request()
    const error = await rejected(listDistributionCredentials(req))
    expect((error as ActionError).title).toBe('Deepgram API unreachable')
    expect(error.message).toContain('api.deepgram.test')
    expect(error.message).toContain('ECONNREFUSED')
    expect(error.message).toContain('(3 attempts)')
    expect(error.message).toContain('HTTPS_PROXY')
    scope.done()
    expect(req.delays).toHaveLength(2)
  })

  it('does not retry a certificate error', async () => {
    const scope = nock(API).get(PATH).replyWithError(netError('CERT_HAS_EXPIRED', 'certificate has expired'))
    const again = nock(API).get(PATH).reply(200, BODY)
    const req = request()
    const error = await rejected(listDistributionCredentials(req))
    expect(error.message).toContain('CERT_HAS_EXPIRED')
    expect(error.message).not.toContain('attempts')
    scope.done()
    expect(again.isDone()).toBe(false)
  })

  it('times out an answer whose body is delayed beyond attemptTimeoutMs, within a bounded time', async () => {
    const scope = nock(API).get(PATH).times(2).delay(3000).reply(200, BODY)
    const req = request({ policy: { ...POLICY, attempts: 2, attemptTimeoutMs: 150 } })
    const started = Date.now()
    const error = await rejected(listDistributionCredentials(req))
    const took = Date.now() - started
    expect((error as ActionError).title).toBe('Deepgram API timed out')
    expect(error.message).toContain('within 0.15 s (2 attempts)')
    expect(error.message).toContain('api.deepgram.test')
    expect(took).toBeGreaterThanOrEqual(250)
    expect(took).toBeLessThan(2000)
    expect(req.notes[0]).toMatch(/no complete answer within [\d.]+ s; retrying/)
    scope.done()
  })

  it('does not follow a redirect to another host; that host gets nothing; says to set api-url', async () => {
    const elsewhereUrl = 'http://127.0.0.1:8931'
    const elsewhere = nock(elsewhereUrl).get(PATH).reply(200, BODY)
    const scope = nock(API)
      .get(PATH)
      .reply(301, '', { Location: `${elsewhereUrl}${PATH}` })
    const other = nock('https://other.deepgram.test').get(PATH).reply(200, BODY)
    const req = request()
    const error = await rejected(listDistributionCredentials(req))
    expect((error as ActionError).title).toBe('Deepgram API redirected')
    expect(error.message).toContain('HTTP 301')
    expect(error.message).toContain(elsewhereUrl)
    expect(error.message).toContain('set `api-url`')
    scope.done()
    expect(other.isDone()).toBe(false)
    expect(elsewhere.isDone()).toBe(false)
    expect(req.delays).toEqual([])
  })

  it.each([302, 307, 308])('does not follow HTTP %i either', async status => {
    const scope = nock(API)
      .get(PATH)
      .reply(status, '', { Location: `https://other.deepgram.test${PATH}` })
    const other = nock('https://other.deepgram.test').get(PATH).reply(200, BODY)
    const error = await rejected(listDistributionCredentials(request()))
    expect(error.message).toContain(`HTTP ${status}`)
    expect(error.message).toContain('https://other.deepgram.test')
    expect(error.message).toContain('set `api-url`')
    scope.done()
    expect(other.isDone()).toBe(false)
  })

  it('reports a 200 with an HTML body as not JSON, without retrying', async () => {
    const scope = nock(API)
      .get(PATH)
      .reply(200, '<!DOCTYPE html><html><body>Sign in to the Wi-Fi</body></html>', { 'content-type': 'text/html' })
    const again = nock(API).get(PATH).reply(200, BODY)
    const error = await rejected(listDistributionCredentials(request()))
    expect((error as ActionError).title).toBe('Unexpected Deepgram API response')
    expect(error.message).toContain('not JSON (it is an HTML page)')
    expect(error.message).toContain('`api-url`')
    scope.done()
    expect(again.isDone()).toBe(false)
  })

  it('reads a 200 body that starts with a byte-order mark', async () => {
    const scope = nock(API)
      .get(PATH)
      .reply(200, `\uFEFF${JSON.stringify(BODY)}`)
    const sets = await listDistributionCredentials(request())
    expect(sets.map(s => s.id)).toEqual([SET_ID])
    scope.done()
  })

  it('reports a 200 with an empty body as not JSON', async () => {
    const scope = nock(API).get(PATH).reply(200, '')
    const error = await rejected(listDistributionCredentials(request()))
    expect(error.message).toContain('not JSON')
    expect(error.message).not.toContain('HTML')
    scope.done()
  })

  it('reports a 200 with JSON of another shape, naming the path', async () => {
    const scope = nock(API)
      .get(PATH)
      .reply(200, { distribution_credentials: [{ distribution_credentials: { id: SET_ID, scopes: [] } }] })
    const error = await rejected(listDistributionCredentials(request()))
    expect((error as ActionError).title).toBe('Unexpected Deepgram API response')
    expect(error.message).toContain('distribution_credentials[0].distribution_credentials.distribution_credentials_id')
    scope.done()
  })

  it('reports a 200 with a JSON array, without retrying', async () => {
    const scope = nock(API).get(PATH).reply(200, [BODY])
    const again = nock(API).get(PATH).reply(200, BODY)
    const error = await rejected(listDistributionCredentials(request()))
    expect(error.message).toContain('the body should be a JSON object')
    scope.done()
    expect(again.isDone()).toBe(false)
  })

  it('uses the default policy when none is given (a success needs no retry)', async () => {
    const scope = nock(API).get(PATH).reply(200, BODY)
    const sets = await listDistributionCredentials({ apiUrl: API, projectId: PROJECT, apiKey: KEY })
    expect(sets).toHaveLength(1)
    scope.done()
  })

  it('keeps the API URL path prefix', async () => {
    const scope = nock(API).get(`/gateway/dg${PATH}`).reply(200, BODY)
    await listDistributionCredentials(request({ apiUrl: `${API}/gateway/dg` }))
    scope.done()
  })
})
