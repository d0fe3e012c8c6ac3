// A real registry on 127.0.0.1: Debian's docker-registry with htpasswd auth,
// or with token auth behind a token server (token-server.ts).
import { spawn, execFileSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo
      srv.close(() => resolve(port))
    })
  })
}

export class LocalRegistry {
  host = ''
  readonly dir: string
  private proc: ChildProcess | undefined
  private log = ''

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'dg-registry-'))
  }

  /** Starts with one user; the password goes to htpasswd on stdin, not argv. */
  static async start(user: string, password: string): Promise<LocalRegistry> {
    return LocalRegistry.launch(r => {
      const htpasswd = join(r.dir, 'htpasswd')
      const line = execFileSync('htpasswd', ['-niB', user], { input: password, encoding: 'utf8' })
      writeFileSync(htpasswd, line)
      return ['  htpasswd:', '    realm: test-registry', `    path: ${htpasswd}`]
    })
  }

  /** Starts with `auth: token`: clients get their tokens from `realm`, signed
   * with a key whose certificate is in `rootCertBundle`. */
  static async startWithTokenAuth(token: {
    realm: string
    service: string
    issuer: string
    rootCertBundle: string
  }): Promise<LocalRegistry> {
    return LocalRegistry.launch(() => [
      '  token:',
      `    realm: ${token.realm}`,
      `    service: ${token.service}`,
      `    issuer: ${token.issuer}`,
      `    rootcertbundle: ${token.rootCertBundle}`
    ])
  }

  private static async launch(auth: (r: LocalRegistry) => string[]): Promise<LocalRegistry> {
    const r = new LocalRegistry()
    try {
      await r.run(auth(r))
    } catch (error) {
      await r.stop()
      throw error
    }
    return r
  }

  private async run(auth: string[]): Promise<void> {
    for (let tries = 0; ; tries++) {
      const port = await freePort()
      const config = join(this.dir, 'config.yml')
      writeFileSync(
        config,
        [
          'version: 0.1',
          'log:',
          '  level: error',
          'storage:',
          '  filesystem:',
          `    rootdirectory: ${join(this.dir, 'data')}`,
          'http:',
          `  addr: 127.0.0.1:${port}`,
          'auth:',
          ...auth,
          ''
        ].join('\n')
      )
      this.log = ''
      const proc = spawn('docker-registry', ['serve', config], { stdio: ['ignore', 'pipe', 'pipe'] })
      proc.stdout?.on('data', (d: Buffer) => (this.log += d.toString()))
      proc.stderr?.on('data', (d: Buffer) => (this.log += d.toString()))
      this.proc = proc
      this.host = `127.0.0.1:${port}`
      if (await this.ready(proc)) return
      await this.stop(false)
      if (tries >= 2) throw new Error(`docker-registry did not start: ${this.log.slice(-500)}`)
    }
  }

  private async ready(proc: ChildProcess): Promise<boolean> {
    const deadline = Date.now() + 10000
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) return false
      try {
        const res = await fetch(`http://${this.host}/v2/`)
        if (res.status === 401 || res.status === 200) return true
      } catch {
        // not listening yet
      }
      await new Promise(r => setTimeout(r, 50))
    }
    return false
  }

  async stop(removeDir = true): Promise<void> {
    const proc = this.proc
    this.proc = undefined
    if (proc && proc.exitCode === null) {
      await new Promise<void>(resolve => {
        proc.once('exit', () => resolve())
        proc.kill('SIGTERM')
        setTimeout(() => proc.kill('SIGKILL'), 3000).unref()
      })
    }
    if (removeDir) rmSync(this.dir, { recursive: true, force: true })
  }
}
