// A registry token server on 127.0.0.1, standing in for quay's /v2/auth: it
// checks Basic credentials and issues RS256 JWTs (x5c header) that Debian's
// docker-registry (distribution 2.8, `auth: token`) verifies against the test
// certificate. Like quay, it silently drops the scopes an account may not have,
// and answers a wrong password with 401 UNAUTHORIZED. Every request and every
// token issued is recorded, so tests can count requests and look for leaks.
import { execFileSync } from 'node:child_process'
import { createPrivateKey, randomUUID, sign, X509Certificate, type KeyObject } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface Account {
  password: string
  /** Repositories this account may pull; any other repository scope is dropped. */
  pull: string[]
  /** May push and pull everything (the tests' own pusher). */
  push?: boolean
}

export interface TokenRequest {
  url: string
  headers: IncomingHttpHeaders
  /** The Basic user name, when there was one. */
  user?: string
  scopes: string[]
  service?: string
  status: number
  /** The token issued, if any. */
  token?: string
  at: number
}

/** An answer that replaces the normal one, for fault tests. */
export interface TokenFault {
  status?: number
  body?: string
  hang?: boolean
}

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url')

export class TokenServer {
  readonly service: string
  readonly issuer = 'dg-test-token-issuer'
  readonly dir: string
  /** PEM of the signing certificate: the registry's rootcertbundle. */
  readonly certFile: string
  readonly requests: TokenRequest[] = []
  readonly accounts = new Map<string, Account>()
  /** Asked, in turn, about users not in `accounts`: a Deepgram stand-in's live sets. */
  readonly sources = new Set<(user: string) => Account | undefined>()
  /** Answered in turn before the normal behaviour resumes. */
  readonly faults: TokenFault[] = []
  /** Which field carries the token (quay: token; the spec allows access_token too). */
  field: 'token' | 'access_token' = 'token'
  url = ''
  private key: KeyObject
  private x5c: string
  private server: Server | undefined

  private constructor(service: string) {
    this.service = service
    this.dir = mkdtempSync(join(tmpdir(), 'dg-token-'))
    const keyFile = join(this.dir, 'key.pem')
    this.certFile = join(this.dir, 'cert.pem')
    // A self-signed certificate: the registry trusts it as a root, and the
    // JWT's x5c carries it, as distribution's token verifier expects.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-sha256',
        '-days',
        '2',
        '-subj',
        `/CN=${this.issuer}`,
        '-keyout',
        keyFile,
        '-out',
        this.certFile
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] }
    )
    this.key = createPrivateKey(readFileSync(keyFile))
    this.x5c = new X509Certificate(readFileSync(this.certFile)).raw.toString('base64')
  }

  static async start(service = 'dg-test-registry'): Promise<TokenServer> {
    const t = new TokenServer(service)
    try {
      await t.listen()
    } catch (error) {
      await t.stop()
      throw error
    }
    return t
  }

  get realm(): string {
    return `${this.url}/token`
  }

  /** Every token issued to requests whose User-Agent matches. */
  tokens(userAgent?: RegExp): string[] {
    return this.requests
      .filter(r => r.token !== undefined && (!userAgent || userAgent.test(String(r.headers['user-agent']))))
      .map(r => r.token as string)
  }

  /** A signed token granting exactly `access`. */
  jwt(subject: string, access: { type: string; name: string; actions: string[] }[]): string {
    const now = Math.floor(Date.now() / 1000)
    const header = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', x5c: [this.x5c] }))
    const claims = b64url(
      JSON.stringify({
        iss: this.issuer,
        sub: subject,
        aud: this.service,
        exp: now + 300,
        nbf: now - 5,
        iat: now,
        jti: randomUUID(),
        access
      })
    )
    const signature = sign('sha256', Buffer.from(`${header}.${claims}`), this.key)
    return `${header}.${claims}.${b64url(signature)}`
  }

  private lookup(user: string): Account | undefined {
    for (const source of this.sources) {
      const found = source(user)
      if (found) return found
    }
    return undefined
  }

  private listen(): Promise<void> {
    const server = createServer((req, res) => {
      req.resume()
      const url = new URL(req.url ?? '/', 'http://token.local')
      const record: TokenRequest = {
        url: req.url ?? '',
        headers: req.headers,
        scopes: url.searchParams.getAll('scope'),
        service: url.searchParams.get('service') ?? undefined,
        status: 0,
        at: Date.now()
      }
      this.requests.push(record)
      const answer = (status: number, body: unknown): void => {
        record.status = status
        res.writeHead(status, { 'content-type': 'application/json' })
        res.end(typeof body === 'string' ? body : JSON.stringify(body))
      }
      const fault = this.faults.shift()
      if (fault?.hang) return
      if (fault) return answer(fault.status ?? 500, fault.body ?? '')
      if (url.pathname !== '/token') return answer(404, { errors: [{ code: 'NOT_FOUND', message: 'not found' }] })

      const basic = /^Basic (.+)$/i.exec(req.headers['authorization'] ?? '')
      let account: Account | undefined
      let user = ''
      if (basic) {
        const decoded = Buffer.from(basic[1] as string, 'base64').toString('utf8')
        const colon = decoded.indexOf(':')
        user = decoded.slice(0, colon)
        record.user = user
        account = this.accounts.get(user) ?? this.lookup(user)
        if (account === undefined || account.password !== decoded.slice(colon + 1)) {
          // quay's answer to a wrong robot password.
          return answer(401, {
            errors: [
              {
                code: 'UNAUTHORIZED',
                message: `Could not find robot with username: ${user} and supplied password.`,
                detail: {}
              }
            ]
          })
        }
      }
      const access: { type: string; name: string; actions: string[] }[] = []
      for (const scope of record.scopes) {
        const m = /^repository:([^:]+):(.+)$/.exec(scope)
        if (!m || account === undefined) continue
        const name = m[1] as string
        const wanted = (m[2] as string).split(',')
        const granted = account.push ? wanted : account.pull.includes(name) ? wanted.filter(a => a === 'pull') : []
        // Scopes not granted are dropped silently, as quay does.
        if (granted.length) access.push({ type: 'repository', name, actions: granted })
      }
      const token = this.jwt(user, access)
      record.token = token
      answer(200, { [this.field]: token })
    })
    this.server = server
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => {
        this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
        resolve()
      })
    })
  }

  async stop(): Promise<void> {
    const server = this.server
    this.server = undefined
    if (server) {
      server.closeAllConnections()
      await new Promise<void>(resolve => server.close(() => resolve()))
    }
    rmSync(this.dir, { recursive: true, force: true })
  }
}
