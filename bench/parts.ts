// Parts for bench.ts's floors and latency line: a Deepgram API stand-in over
// HTTPS (the real API is HTTPS, so the floor's one request pays for TLS as the
// action does), and a forwarder that adds latency to every answer of a
// loopback server (a registry, its token server), rewriting the token realm
// so that the token requests go through a delayed forwarder too.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer as createHttpServer, request } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { close, listen, selfSigned } from './servers.ts'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface HttpsApi {
  url: string
  /** The stand-in's self-signed certificate, for NODE_EXTRA_CA_CERTS. */
  caFile: string
  requests: number
  stop(): Promise<void>
}

/** The list answer over HTTPS on 127.0.0.1 (openssl makes the certificate). */
export async function startHttpsApi(body: unknown, delayMs = 0): Promise<HttpsApi> {
  const dir = mkdtempSync(join(tmpdir(), 'dg-bench-tls-'))
  const { cert, key } = selfSigned(dir, '127.0.0.1', 'IP:127.0.0.1')
  const text = JSON.stringify(body)
  const api: HttpsApi = { url: '', caFile: cert, requests: 0, stop: async () => undefined }
  const server = createHttpsServer({ cert: readFileSync(cert), key: readFileSync(key) }, (req, res) => {
    api.requests++
    req.resume()
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(text)
    }, delayMs)
  })
  api.url = `https://127.0.0.1:${await listen(server)}`
  api.stop = async () => {
    await close(server)
    rmSync(dir, { recursive: true, force: true })
  }
  return api
}

export interface Delayed {
  host: string
  url: string
  stop(): Promise<void>
}

/** Forwards every request to `target` (host:port) and holds each answer back
 * `delayMs` before passing it on: a network's round trip, on loopback.
 * `rewrite` replaces text in WWW-Authenticate (a realm pointing elsewhere). */
export async function delayedForwarder(
  target: string,
  delayMs: number,
  rewrite?: { from: string; to: string }
): Promise<Delayed> {
  const [hostname, port] = target.split(':')
  const server = createHttpServer((req, res) => {
    const upstream = request(
      { hostname, port: Number(port), method: req.method, path: req.url, headers: req.headers },
      answer => {
        const chunks: Buffer[] = []
        answer.on('data', (c: Buffer) => chunks.push(c))
        answer.on('end', () =>
          setTimeout(() => {
            const headers = { ...answer.headers }
            const challenge = headers['www-authenticate']
            if (rewrite && typeof challenge === 'string') {
              headers['www-authenticate'] = challenge.split(rewrite.from).join(rewrite.to)
            }
            res.writeHead(answer.statusCode ?? 502, headers)
            res.end(Buffer.concat(chunks))
          }, delayMs)
        )
      }
    )
    upstream.on('error', () => {
      res.writeHead(502)
      res.end()
    })
    req.pipe(upstream)
  })
  const host = `127.0.0.1:${await listen(server)}`
  return { host, url: `http://${host}`, stop: () => close(server) }
}
