// Proof that HTTPS_PROXY still works with the bundle as built: dist/ runs in
// check-only mode against https://api.deepgram.test, a host that resolves
// nowhere, with HTTPS_PROXY and HTTP_PROXY set to a CONNECT proxy on 127.0.0.1
// and NO_PROXY cleared. The proxy tunnels every CONNECT to a local HTTPS
// stand-in whose self-signed certificate the action trusts through
// NODE_EXTRA_CA_CERTS. The request can only arrive through the proxy, over
// @actions/http-client's `tunnel` agent (httpsOverHttp). (http-client
// bypasses the proxy for loopback hosts, so 127.0.0.1 would prove nothing.)
//
// It then does the same through undici's ProxyAgent as dist/undici-lazy.js
// loads it, the path http-client keeps for fetch() (see scripts/build.mjs).
//
// Run alone: node bench/proxy.ts [entry]
import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import { connect } from 'node:net'
import type { Duplex } from 'node:stream'
import { tmpdir } from 'node:os'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { listBody } from '../__tests__/support/standin.ts'
import { close, listen, selfSigned } from './servers.ts'
import { ActionRun } from '../__tests__/support/runner.ts'
import { DIST_MAIN } from '../__tests__/support/tools.ts'

const HOST = 'api.deepgram.test'
const PROJECT = '3f1c2b7a-9d4e-4c6b-8a2f-0e1d2c3b4a59'
const SET_ID = '7b0e6a52-1c3d-4e8f-9a6b-5d4c3b2a1f0e'
const API_KEY = 'proxy-check-api-key-0123456789'

/** http-client's other proxy path, getAgentDispatcher(), which the action never
 * calls: constructs ProxyAgent from the dist/ entry's undici-lazy.js, the
 * module the bundle imports for 'undici', and sends a request through it. */
async function lazyProxyAgent(entry: string, proxyUrl: string, ca: string): Promise<number> {
  const dir = resolve(entry, '..')
  const lazy = (await import(pathToFileURL(join(dir, 'undici-lazy.js')).href)) as {
    ProxyAgent: new (opts: unknown) => { close(): Promise<void> }
  }
  const agent = new lazy.ProxyAgent({ uri: proxyUrl, requestTls: { ca } })
  const undici = createRequire(join(dir, 'index.js'))('./undici.cjs') as {
    request(url: string, opts: unknown): Promise<{ statusCode: number; body: { text(): Promise<string> } }>
  }
  try {
    const res = await undici.request(`https://${HOST}/v1/projects/${PROJECT}/self-hosted/distribution/credentials`, {
      dispatcher: agent,
      headers: { authorization: `Token ${API_KEY}` }
    })
    await res.body.text()
    return res.statusCode
  } finally {
    await agent.close()
  }
}

/** Runs the check; returns a one-line verdict, or throws when the proxy path is broken. */
export async function proxyCheck(entry: string = DIST_MAIN): Promise<string> {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' })
  } catch {
    return 'check skipped: openssl not found (Debian package openssl)'
  }
  const dir = mkdtempSync(join(tmpdir(), 'dg-proxy-'))
  const { cert, key } = selfSigned(dir, HOST, `DNS:${HOST}`)
  const seen: { connects: string[]; forwards: string[]; api: { url: string; auth: string; host: string }[] } = {
    connects: [],
    forwards: [],
    api: []
  }
  const api = createHttpsServer({ cert: readFileSync(cert), key: readFileSync(key) }, (req, res) => {
    seen.api.push({ url: req.url ?? '', auth: req.headers.authorization ?? '', host: req.headers.host ?? '' })
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify(listBody([{ id: SET_ID, scopes: ['self-hosted:product:api'] }])))
  })
  const apiPort = await listen(api)
  const proxy = createHttpServer((req, res) => {
    // A forward (plain-HTTP) request: the action never makes one here, since
    // plain http is only allowed to loopback hosts, which bypass the proxy.
    seen.forwards.push(req.url ?? '')
    res.writeHead(502).end()
  })
  // Tunnels leave the HTTP server's books: track them, to end them on close.
  const tunnels = new Set<Duplex>()
  proxy.on('connect', (req, socket: Duplex, head: Buffer) => {
    seen.connects.push(req.url ?? '')
    const upstream = connect(apiPort, '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(socket)
      socket.pipe(upstream)
    })
    tunnels.add(socket).add(upstream)
    upstream.on('error', () => socket.destroy())
    socket.on('error', () => upstream.destroy())
  })
  const proxyPort = await listen(proxy)
  const runner = new ActionRun()
  try {
    const proxyUrl = `http://127.0.0.1:${proxyPort}`
    const r = await runner.step({
      entry,
      inputs: {
        'project-id': PROJECT,
        'api-key': API_KEY,
        'credentials-id': SET_ID,
        'required-scopes': 'self-hosted:product:api',
        login: 'false',
        'api-url': `https://${HOST}`
      },
      env: {
        HTTPS_PROXY: proxyUrl,
        HTTP_PROXY: proxyUrl,
        NO_PROXY: '',
        NODE_EXTRA_CA_CERTS: cert
      },
      timeoutMs: 30000
    })
    const ok =
      r.code === 0 &&
      seen.connects.length === 1 &&
      seen.connects[0] === `${HOST}:443` &&
      seen.api.length === 1 &&
      seen.api[0]?.host === HOST &&
      seen.api[0]?.auth === `Token ${API_KEY}` &&
      r.outputs['username'] === `deepgram+${SET_ID}`
    if (!ok) {
      throw new Error(
        `HTTPS_PROXY check failed: exit ${r.code}, proxy saw ${JSON.stringify(seen)}\n${r.stdout}\n${r.stderr}`
      )
    }
    const via = `HTTPS_PROXY ok: CONNECT ${seen.connects[0]} through 127.0.0.1:${proxyPort}, then GET over TLS (${r.ms} ms)`
    // A build from before scripts/build.mjs has undici inside its bundle: nothing more to check.
    if (!existsSync(join(resolve(entry, '..'), 'undici-lazy.js'))) return `${via}; undici is bundled in`
    const lazy = await lazyProxyAgent(entry, proxyUrl, readFileSync(cert, 'utf8'))
    if (lazy !== 200 || seen.connects.length !== 2 || seen.api.length !== 2) {
      throw new Error(
        `undici's ProxyAgent (dist/undici-lazy.js) failed: status ${lazy}, proxy saw ${JSON.stringify(seen)}`
      )
    }
    return `${via}; the lazily loaded undici ProxyAgent also tunnels (HTTP ${lazy})`
  } finally {
    runner.cleanup()
    for (const s of tunnels) s.destroy()
    await close(proxy)
    await close(api)
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(await proxyCheck(resolve(process.argv[2] ?? DIST_MAIN)))
}
