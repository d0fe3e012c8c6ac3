// What the bench's stand-ins share: listening on 127.0.0.1, closing, and a
// throwaway self-signed certificate for the HTTPS ones (openssl makes it; the
// action trusts it through NODE_EXTRA_CA_CERTS).
import { execFileSync } from 'node:child_process'
import type { Server as HttpServer } from 'node:http'
import type { Server as HttpsServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'

/** Listens on a free port of 127.0.0.1; resolves with the port. */
export function listen(server: HttpServer | HttpsServer): Promise<number> {
  return new Promise((done, fail) => {
    server.once('error', fail)
    server.listen(0, '127.0.0.1', () => done((server.address() as AddressInfo).port))
  })
}

export function close(server: HttpServer | HttpsServer): Promise<void> {
  server.closeAllConnections()
  return new Promise(done => server.close(() => done()))
}

/** cert.pem and key.pem in `dir`, for `commonName` with one subjectAltName (`IP:…` or `DNS:…`). */
export function selfSigned(dir: string, commonName: string, altName: string): { cert: string; key: string } {
  const cert = join(dir, 'cert.pem')
  const key = join(dir, 'key.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${commonName}`,
      '-addext',
      `subjectAltName=${altName}`,
      '-keyout',
      key,
      '-out',
      cert
    ],
    { stdio: 'ignore' }
  )
  return { cert, key }
}
