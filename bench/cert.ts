// A throwaway self-signed certificate for the bench's HTTPS stand-ins (openssl
// makes it; the action trusts it through NODE_EXTRA_CA_CERTS).
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'

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
