// HTTP servers on 127.0.0.1 that hand every request to a route function (the
// registry client tests script registries this way), recording each request.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { afterAll, afterEach, beforeAll } from 'vitest'
import { clearProxyEnv, saveEnv } from './helpers.js'

export interface Req {
  method: string
  url: string
  headers: IncomingHttpHeaders
}

/** Answers one request; n counts the server's requests from 1. */
export type Route = (req: Req, res: ServerResponse, n: number) => void

export interface Server {
  host: string
  url: string
  requests: Req[]
  stop: () => Promise<void>
}

const servers: Server[] = []

/** A server on 127.0.0.1 whose every request goes to `route`; stopServers() stops it unless `own` (the caller stops it). */
export async function serve(route: Route, own = false): Promise<Server> {
  const requests: Req[] = []
  const server = createServer((req, res) => {
    const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers }
    requests.push(r)
    req.resume()
    route(r, res, requests.length)
  })
  // A proxy sees CONNECT for what it would tunnel: recorded, then refused.
  server.on('connect', (req, socket: Socket) => {
    requests.push({ method: 'CONNECT', url: req.url ?? '', headers: req.headers })
    socket.end('HTTP/1.1 502 Bad Gateway\r\n\r\n')
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  const s: Server = {
    host,
    url: `http://${host}`,
    requests,
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
  if (!own) servers.push(s)
  return s
}

/** Stops every server serve() started that the caller does not own (for afterEach). */
async function stopServers(): Promise<void> {
  await Promise.all(servers.splice(0).map(s => s.stop()))
}

export function send(
  res: ServerResponse,
  status: number,
  headers: Record<string, string> = {},
  body: string | Buffer = ''
): void {
  res.writeHead(status, headers)
  res.end(body)
}

/** For a test file of such servers: no proxy variable while it runs (the client talks to them
 * directly), and every server stopped after each test. */
export function servingOnLoopback(): void {
  let restoreEnv: () => void
  beforeAll(() => {
    restoreEnv = saveEnv()
    clearProxyEnv()
  })
  afterAll(() => restoreEnv())
  afterEach(() => stopServers())
}
