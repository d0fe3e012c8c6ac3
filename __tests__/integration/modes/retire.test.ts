// retire's deletes against a real HTTP server on 127.0.0.1: a few at a time, and all
// of them within one deadline, whatever the API does.
import { randomUUID } from 'node:crypto'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { retiredIds, retireRotation } from '../../../src/modes/retire.js'
import { captureStdoutAsync, clearProxyEnv, saveEnv } from '../../support/helpers.js'
import { listBody } from '../../support/loopback.js'

const PROJECT = '123e4567-e89b-12d3-a456-426614174000'
const KEY = 'dg-loopback-key-0123456789abcdef'
const REPO_ID = '424242'
const DAY = 86400_000

const comment = (run: number): string =>
  `deepgram-self-hosted-login rotate:prod-us repo:${REPO_ID} run:${run}.1 acme/app`

/** The kept set (newest) and `n` older sets of the rotation, oldest first. */
function rotation(n: number): { keep: string; older: string[]; body: unknown } {
  const older = Array.from({ length: n }, () => randomUUID())
  const keep = randomUUID()
  const sets = [
    ...older.map((id, i) => ({
      id,
      scopes: [],
      comment: comment(i + 1),
      created: new Date(Date.now() - (n + 1 - i) * DAY).toISOString()
    })),
    { id: keep, scopes: [], comment: comment(999), created: new Date().toISOString() }
  ]
  // Listed newest first: the order of the deletes is the action's own.
  return { keep, older, body: listBody([...sets].reverse()) }
}

interface Api {
  url: string
  deletes: string[]
  maxInFlight: number
  stop: () => Promise<void>
}

/** Lists `body`; answers each DELETE after `deleteMs`, or never. */
async function api(body: unknown, deleteMs: number | 'never'): Promise<Api> {
  const state = { deletes: [] as string[], inFlight: 0, maxInFlight: 0 }
  const held: ServerResponse[] = []
  const server: Server = createServer((req, res) => {
    req.resume()
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(body))
      return
    }
    state.deletes.push((req.url ?? '').split('/').pop() ?? '')
    state.inFlight++
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight)
    res.on('close', () => state.inFlight--)
    if (deleteMs === 'never') return void held.push(res)
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ message: 'Successfully deleted the distribution credentials!' }))
    }, deleteMs)
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    get deletes() {
      return state.deletes
    },
    get maxInFlight() {
      return state.maxInFlight
    },
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

let restoreEnv: () => void
let server: Api | undefined
beforeEach(() => {
  restoreEnv = saveEnv()
  clearProxyEnv()
  process.env['GITHUB_REPOSITORY_ID'] = REPO_ID
})
afterEach(async () => {
  await server?.stop()
  server = undefined
  restoreEnv()
})

describe('retire against a loopback API', () => {
  it('deletes at most `concurrency` sets at once, oldest first, and lists every one', async () => {
    const { keep, older, body } = rotation(10)
    server = await api(body, 150)
    const started = Date.now()
    const { result, out } = await captureStdoutAsync(() =>
      retireRotation({ apiUrl: server!.url, projectId: PROJECT, apiKey: KEY }, 'prod-us', keep, {
        concurrency: 4,
        deadlineMs: 30_000,
        stepMs: 60_000
      })
    )
    const elapsed = Date.now() - started
    expect(result?.error).toBeUndefined()
    expect(server.maxInFlight).toBe(4)
    // Three rounds of 150 ms, not ten in a row, nor all ten at once.
    expect(elapsed).toBeGreaterThanOrEqual(3 * 150)
    expect(elapsed).toBeLessThan(10 * 150)
    expect(server.deletes.slice(0, 4).sort()).toEqual(older.slice(0, 4).sort())
    expect(retiredIds(result!.retirement)).toEqual(older)
    expect(server.deletes).not.toContain(keep)
    expect(out).not.toContain('::warning')
  })

  it('ends at the deadline when the API never answers: every set not deleted is a warning, and the error says how many', async () => {
    const { keep, older, body } = rotation(5)
    server = await api(body, 'never')
    const started = Date.now()
    const { result, out } = await captureStdoutAsync(() =>
      retireRotation({ apiUrl: server!.url, projectId: PROJECT, apiKey: KEY }, 'prod-us', keep, {
        concurrency: 2,
        deadlineMs: 800,
        stepMs: 60_000
      })
    )
    const elapsed = Date.now() - started
    expect(elapsed).toBeGreaterThanOrEqual(700)
    expect(elapsed).toBeLessThan(3000)
    // Two tried (and cut off at the deadline); the other three never started.
    expect(server.deletes).toHaveLength(2)
    expect(retiredIds(result!.retirement)).toEqual([])
    const warnings = out.split('\n').filter(l => l.startsWith('::warning'))
    expect(warnings).toHaveLength(5)
    for (const id of older) expect(warnings.filter(w => w.includes(id))).toHaveLength(1)
    expect(warnings.filter(w => w.includes('the time allowed had run out'))).toHaveLength(3)
    expect(result?.error?.message).toContain(`5 of the 5 older sets of rotation prod-us could not be deleted`)
  })
})
