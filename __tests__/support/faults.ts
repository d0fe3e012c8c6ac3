// Faulty registries on 127.0.0.1 for the login tests: a port that accepts and
// never answers (a hung daemon or registry), and a registry front that answers
// a given status to the first requests, then passes everything to a real
// registry. Fake credential helpers and clients as shell scripts.
import { chmodSync, writeFileSync } from 'node:fs'
import { createServer as createHttpServer } from 'node:http'
import { createServer, type AddressInfo, type Socket } from 'node:net'
import { join } from 'node:path'
import { forward } from './front.ts'

export interface Silent {
  host: string
  /** Connections accepted so far. */
  accepted: () => number
  /** Connections the other side has not closed yet. */
  open: () => number
  stop: () => Promise<void>
}

/** Accepts TCP connections and never says a word. */
export async function startSilent(): Promise<Silent> {
  const sockets = new Set<Socket>()
  let accepted = 0
  const server = createServer(socket => {
    accepted++
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => undefined)
    // Read (and drop) what comes, so that the client closing is seen.
    socket.resume()
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    host: `127.0.0.1:${port}`,
    accepted: () => accepted,
    open: () => sockets.size,
    stop: () =>
      new Promise<void>(resolve => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      })
  }
}

export interface Flaky {
  host: string
  /** Requests that got the fault. */
  faulted: () => number
  /** From now on, pass every request to the target. */
  heal: () => void
  stop: () => Promise<void>
}

/** Answers `status` to every request until heal(), then proxies to `target`
 * (host:port of a real registry). */
export async function startFlaky(status: number, target: string): Promise<Flaky> {
  let healed = false
  let faulted = 0
  const server = createHttpServer((req, res) => {
    if (!healed) {
      faulted++
      req.resume()
      res.writeHead(status, { 'content-type': 'text/plain' })
      res.end(`fault ${status}\n`)
      return
    }
    forward(req, res, target, true)
  })
  server.keepAliveTimeout = 100
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    host: `127.0.0.1:${port}`,
    faulted: () => faulted,
    heal: () => {
      healed = true
    },
    stop: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** Writes an executable shell script. */
export function writeScript(dir: string, name: string, body: string): string {
  const file = join(dir, name)
  writeFileSync(file, `#!/bin/sh\n${body}\n`)
  chmodSync(file, 0o755)
  return file
}

/** Single-quoted for sh. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/**
 * A docker credential helper `docker-credential-<name>` in `dir`:
 * 'record' stores nothing, answers "not found" to get, and appends its
 * environment (one `env` dump per call, separated by ---) to `envLog`;
 * 'fail' prints a message and exits 1; 'hang' writes its pid to `pidFile` and sleeps.
 */
export function credentialHelper(
  dir: string,
  name: string,
  mode: 'record' | 'fail' | 'hang',
  files: { envLog?: string; pidFile?: string } = {}
): string {
  const body = {
    record: [
      `{ env; echo ---; } >> ${shQuote(files.envLog ?? '/dev/null')}`,
      'cat > /dev/null',
      'case "$1" in get) echo "credentials not found in native keychain"; exit 1;; list) echo "{}";; esac',
      'exit 0'
    ].join('\n'),
    fail: 'cat > /dev/null\necho "keychain is locked"\nexit 1',
    hang: `echo $$ > ${shQuote(files.pidFile ?? '/dev/null')}\nexec sleep 600`
  }[mode]
  return writeScript(dir, `docker-credential-${name}`, body)
}

/** registries.conf that lets podman speak plain http to these loopback hosts (tests only). */
export function insecureRegistriesConf(file: string, hosts: string[]): string {
  writeFileSync(file, hosts.map(h => `[[registry]]\nlocation = "${h}"\ninsecure = true\n`).join('\n'))
  return file
}
