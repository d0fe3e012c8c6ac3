// A scripted HTTP server on 127.0.0.1 for the client tests: each request gets
// the next reply (the last one repeats); every request and socket is recorded.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ScriptedReply {
  status?: number
  headers?: Record<string, string>
  /** A string is sent as is; anything else as JSON. */
  body?: unknown
  /** Never answer; the connection stays open until the server stops. */
  hang?: boolean
  /** Write the response by hand. */
  handle?: (res: ServerResponse) => void
  /** Bytes written straight to the socket (status line and all), then the
   * socket is ended, or reset when `reset` is set. */
  raw?: string
  reset?: boolean
}

interface Seen {
  method: string
  url: string
  headers: IncomingHttpHeaders
}

export interface Loopback {
  url: string
  requests: Seen[]
  /** Connections still open on the server side. */
  openSockets: () => number
  stop: () => Promise<void>
}

/** A scripted server on 127.0.0.1, or on another loopback address such as ::1. */
export async function startLoopback(script: ScriptedReply[], host = '127.0.0.1'): Promise<Loopback> {
  const requests: Seen[] = []
  let open = 0
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers })
    const reply = script[Math.min(requests.length - 1, script.length - 1)] ?? { status: 500 }
    req.resume()
    if (reply.hang) return
    if (reply.handle) return reply.handle(res)
    if (reply.raw !== undefined) {
      const socket = res.socket!
      socket.write(reply.raw)
      // A beat later, so that the client has read what came before the cut.
      setTimeout(() => (reply.reset ? socket.resetAndDestroy() : socket.end()), 30)
      return
    }
    const text =
      reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
    const type = typeof reply.body === 'string' ? 'text/plain' : 'application/json'
    res.writeHead(reply.status ?? 200, { 'content-type': type, ...reply.headers })
    res.end(text)
  })
  server.on('connection', socket => {
    open++
    socket.on('close', () => open--)
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, host, resolve)
  })
  const { port } = server.address() as AddressInfo
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    requests,
    openSockets: () => open,
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** A port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>(resolve => server.close(() => resolve()))
  return port
}

// The same documented list body the end-to-end stand-in serves.
export { listBody } from './standin.ts'
