// A Deepgram API stand-in on 127.0.0.1: answers each request from a scripted
// list and records what it received. The last entry repeats once the list is spent.
// Every success (2xx) body is checked against Deepgram's OpenAPI schema when
// the stand-in starts, unless the reply says why it is deliberately off-spec.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { assertListBody } from './schema.ts'

export interface Reply {
  status?: number
  headers?: Record<string, string>
  /** A string is sent as is; anything else as JSON. */
  body?: unknown
  /** Wait this long before answering. */
  delayMs?: number
  /** Never answer (the connection stays open until the stand-in stops). */
  hang?: boolean
  /** A 2xx body that deliberately breaks the documented shape (HTML, drifted JSON):
   * why. Without it a 2xx body must match ListProjectDistributionCredentialsV1Response. */
  offSpec?: string
}

/** Throws when a scripted success body does not match Deepgram's list schema. */
export function checkReply(reply: Reply): void {
  const status = reply.status ?? 200
  if (reply.hang || status < 200 || status >= 300 || reply.offSpec !== undefined) return
  let body = reply.body
  if (typeof body === 'string' || body === undefined) {
    try {
      body = JSON.parse(typeof body === 'string' ? body : '')
    } catch {
      throw new Error(`stand-in success body is not JSON (mark the reply offSpec if that is the point)`)
    }
  }
  assertListBody(body)
}

export interface Received {
  method: string
  url: string
  headers: IncomingHttpHeaders
  at: number
}

/** A rate limit as an API gateway keeps one: at most `perSecond` requests in
 * any one-second window, rejected ones included (so a client that hammers
 * stays locked out); past it, 429 with `Retry-After`. */
export interface RateLimit {
  perSecond: number
  retryAfter: string
}

export class DeepgramStandIn {
  readonly requests: Received[] = []
  /** Requests answered 429 by the rate limit. */
  rejected = 0
  url = ''
  private server: Server | undefined
  private script: Reply[]
  private timers = new Set<NodeJS.Timeout>()
  private limit: RateLimit | undefined
  private window: number[] = []
  private admitted = 0

  constructor(script: Reply[], limit?: RateLimit) {
    script.forEach(checkReply)
    this.script = script
    this.limit = limit
  }

  static async start(script: Reply[], limit?: RateLimit): Promise<DeepgramStandIn> {
    const s = new DeepgramStandIn(script, limit)
    await s.listen()
    return s
  }

  /** True when the rate limit refuses a request arriving now (which still counts). */
  private limited(now: number): boolean {
    if (!this.limit) return false
    this.window = this.window.filter(t => t > now - 1000)
    const full = this.window.length >= this.limit.perSecond
    this.window.push(now)
    return full
  }

  private listen(): Promise<void> {
    const server = createServer((req, res) => {
      const now = Date.now()
      this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, at: now })
      req.resume()
      if (this.limited(now)) {
        this.rejected++
        const body = JSON.stringify({ err_code: 'TOO_MANY_REQUESTS', err_msg: 'Too many requests.' })
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': this.limit!.retryAfter })
        res.end(body)
        return
      }
      const reply = this.script[Math.min(this.admitted++, this.script.length - 1)] ?? { status: 500 }
      if (reply.hang) return
      const send = (): void => {
        const body =
          reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
        const type = typeof reply.body === 'string' ? 'text/plain' : 'application/json'
        res.writeHead(reply.status ?? 200, { 'content-type': type, ...reply.headers })
        res.end(body)
      }
      if (reply.delayMs) {
        const t = setTimeout(() => {
          this.timers.delete(t)
          send()
        }, reply.delayMs)
        this.timers.add(t)
      } else send()
    })
    this.server = server
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo
        this.url = `http://127.0.0.1:${port}`
        resolve()
      })
    })
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t)
    const server = this.server
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>(resolve => server.close(() => resolve()))
    this.server = undefined
  }
}

/** A list body in the documented shape, one item per set. */
export function listBody(
  sets: { id: string; scopes: string[]; provider?: string; comment?: string; created?: string }[]
): unknown {
  return {
    distribution_credentials: sets.map((s, i) => ({
      member: { member_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, email: `member${i}@example.com` },
      distribution_credentials: {
        distribution_credentials_id: s.id,
        provider: s.provider ?? 'quay',
        ...(s.comment === undefined ? {} : { comment: s.comment }),
        scopes: s.scopes,
        created: s.created ?? '2024-05-01T12:00:00.000000Z'
      }
    }))
  }
}
