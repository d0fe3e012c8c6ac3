// A front on 127.0.0.1 for a real registry: forwards every request unchanged
// and records it, unless a rule answers instead (a 503, a hang, another
// challenge). Tests count the requests the action sends through it.
import {
  request as httpRequest,
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FrontRequest {
  method: string
  url: string
  headers: IncomingHttpHeaders
  at: number
}

export interface FrontReply {
  status?: number
  headers?: Record<string, string>
  body?: string
  /** Never answer (the connection stays open until the front stops). */
  hang?: boolean
}

/** Decides one request: undefined forwards it. `n` counts requests from 1. A rule
 * may take its time (a stand-in that reads the registry behind it first). */
export type FrontRule = (req: FrontRequest, n: number) => FrontReply | undefined | Promise<FrontReply | undefined>

/** Passes a request on to `target` (host:port) and its answer back: a plain
 * forwarding proxy for the test fronts. `host` is rewritten when asked, for
 * servers that check it. */
export function forward(req: IncomingMessage, res: ServerResponse, target: string, rewriteHost = false): void {
  const [hostname, port] = target.split(':')
  const headers = rewriteHost ? { ...req.headers, host: target } : req.headers
  const upstream = httpRequest({ hostname, port: Number(port), method: req.method, path: req.url, headers }, answer => {
    res.writeHead(answer.statusCode ?? 502, answer.headers)
    answer.pipe(res)
  })
  upstream.on('error', () => {
    res.writeHead(502)
    res.end()
  })
  req.pipe(upstream)
}

export class RegistryFront {
  readonly requests: FrontRequest[] = []
  host = ''
  rule: FrontRule | undefined
  private server: Server | undefined
  private readonly target: string

  private constructor(target: string, rule?: FrontRule) {
    this.target = target
    this.rule = rule
  }

  /** `target` is the registry's host:port. */
  static async start(target: string, rule?: FrontRule): Promise<RegistryFront> {
    const f = new RegistryFront(target, rule)
    await f.listen()
    return f
  }

  /** The requests the action sent (its User-Agent), not docker's or the tests' own. */
  actionRequests(): FrontRequest[] {
    return this.requests.filter(r => /^deepgram-self-hosted-login\//.test(String(r.headers['user-agent'])))
  }

  private listen(): Promise<void> {
    const server = createServer((req, res) => {
      const seen: FrontRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, at: Date.now() }
      this.requests.push(seen)
      const decide = async (): Promise<FrontReply | undefined> => this.rule?.(seen, this.requests.length)
      decide().then(
        reply => {
          if (!reply) return forward(req, res, this.target)
          req.resume()
          if (reply.hang) return
          res.writeHead(reply.status ?? 200, reply.headers)
          res.end(reply.body ?? '')
        },
        (error: unknown) => {
          req.resume()
          res.writeHead(500, { 'content-type': 'text/plain' })
          res.end(`front rule failed: ${String(error)}`)
        }
      )
    })
    this.server = server
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => {
        this.host = `127.0.0.1:${(server.address() as AddressInfo).port}`
        resolve()
      })
    })
  }

  async stop(): Promise<void> {
    const server = this.server
    this.server = undefined
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>(resolve => server.close(() => resolve()))
  }
}
