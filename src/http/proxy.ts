// Pure reading of the proxy variables @actions/http-client honours, so that a
// value it would silently ignore is either read as curl reads it or refused.
import { ActionError } from '../errors.js'

/** The variable the client reads for this URL: the lower-case name first, as @actions/http-client does. */
export function proxyVariable(
  url: URL,
  env: Readonly<Record<string, string | undefined>>
): { name: string; value: string } | undefined {
  const names = url.protocol === 'https:' ? ['https_proxy', 'HTTPS_PROXY'] : ['http_proxy', 'HTTP_PROXY']
  for (const name of names) {
    const value = env[name]
    if (value) return { name, value }
  }
  return undefined
}

/** `host:port` without a scheme means `http://host:port`, as for curl (the client would read
 * "proxy.corp:3128" as a scheme with no host, and go direct without a word). */
export function withScheme(value: string): string {
  const v = value.trim()
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `http://${v}`
}

/** Why a proxy URL cannot be used, or undefined when it can; never quotes it (a password). */
export function proxyProblem(value: string): string | undefined {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'it is not a URL'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return `its scheme ${JSON.stringify(url.protocol.slice(0, 20))} is not supported (only http:// and https:// proxies are)`
  return url.hostname === '' ? 'it names no host' : undefined
}

export type ProxyDecision = { use: 'direct' } | { use: 'proxy'; name: string; value: string; changed: boolean }

/** What to do for a request to `url`; throws when the proxy in force cannot be used (never direct instead). */
export function decideProxy(
  url: URL,
  env: Readonly<Record<string, string | undefined>>,
  bypassed: boolean
): ProxyDecision {
  if (bypassed) return { use: 'direct' }
  const found = proxyVariable(url, env)
  if (!found) return { use: 'direct' }
  const value = withScheme(found.value)
  const problem = proxyProblem(value)
  if (problem)
    throw new ActionError(
      'Proxy setting unusable',
      `${found.name} is set, but ${problem}. Set it to http://host:port (or https://host:port, with user:password@ before the host if the proxy needs them), ` +
        `or add ${url.hostname} to NO_PROXY to go direct.`
    )
  return { use: 'proxy', name: found.name, value, changed: value !== found.value }
}

const PROXY_NAMES = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'] as const

/** The proxy variables as the run found them: read once, then passed to every exchange. */
export interface ProxySettings {
  readonly env: Readonly<Record<string, string | undefined>>
}

/** Reads the proxy variables once for the run. @actions/http-client reads process.env itself, so a
 * usable scheme-less `host:port`, which it would misread, is written back once with its scheme. */
export function readProxySettings(env: NodeJS.ProcessEnv = process.env): ProxySettings {
  const snapshot: Record<string, string | undefined> = {}
  for (const name of PROXY_NAMES) {
    const value = env[name]
    if (!value) continue
    const fixed = withScheme(value)
    if (fixed !== value && proxyProblem(fixed) === undefined) env[name] = fixed
    snapshot[name] = env[name]
  }
  return { env: snapshot }
}
