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

export class DeepgramStandIn {
  readonly requests: Received[] = []
  url = ''
  private server: Server | undefined
  private script: Reply[]
  private timers = new Set<NodeJS.Timeout>()

  constructor(script: Reply[]) {
    script.forEach(checkReply)
    this.script = script
  }

  static async start(script: Reply[]): Promise<DeepgramStandIn> {
    const s = new DeepgramStandIn(script)
    await s.listen()
    return s
  }

  private listen(): Promise<void> {
    const server = createServer((req, res) => {
      this.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, at: Date.now() })
      const reply = this.script[Math.min(this.requests.length - 1, this.script.length - 1)] ?? { status: 500 }
      req.resume()
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
