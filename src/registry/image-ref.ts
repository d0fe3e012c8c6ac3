// Pure: image references (`[host[:port]/]name[:tag][@sha256:hex]`, distribution's grammar), and
// their resolution against the registry signed in to. No words: inputs/ words a ReferenceProblem.
import { isLoopbackHost } from '../http/loopback.js'

/** `given`: as the user wrote it, trimmed; `host`: lower-cased, none for a relative name; `name`:
 * the repository; `fromRelease`: the tag came from the `release` input. */
export interface ImageRef {
  given: string
  host?: string
  name: string
  tag?: string
  digest?: string
  fromRelease?: boolean
}

/** `reference`: what goes after /manifests/, the digest when there is one (as in docker), else the tag. */
export interface ResolvedImage extends ImageRef {
  registry: string
  reference: string
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const DOMAIN =
  /^(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])(?:\.(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9]))*(?::[0-9]{1,5})?$/i
const IPV6 = /^\[[0-9a-f:.]+\](?::[0-9]{1,5})?$/i
const TAG = /^[\w][\w.-]{0,127}$/
const SHA256 = /^sha256:[a-f0-9]{64}$/
const NAME_MAX = 255

/** As docker: the first component is a registry when it has a dot or a port, is localhost, or has upper case. */
function splitHost(path: string): { host?: string; name: string } {
  const slash = path.indexOf('/')
  if (slash < 0) return { name: path }
  const first = path.slice(0, slash)
  if (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase() || first.startsWith('['))
    return { host: first, name: path.slice(slash + 1) }
  return { name: path }
}

/** What is wrong with a reference; `part` is the piece of it at fault, as written. */
export type ReferenceProblem =
  | { kind: 'scheme' }
  | { kind: 'white-space' }
  | { kind: 'digest'; part: string }
  | { kind: 'tag'; part: string }
  | { kind: 'host'; part: string }
  | { kind: 'not-a-reference'; upperCase: boolean }
  | { kind: 'too-long'; max: number }

export type ParsedRef = { ok: true; ref: ImageRef } | { ok: false; given: string; problem: ReferenceProblem }

/** One reference, trimmed, or what is wrong with it. */
export function parseImageRef(text: string): ParsedRef {
  const given = text.trim()
  const refused = (problem: ReferenceProblem): ParsedRef => ({ ok: false, given, problem })
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(given)) return refused({ kind: 'scheme' })
  if (/\s/.test(given)) return refused({ kind: 'white-space' })
  let rest = given
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!SHA256.test(digest)) return refused({ kind: 'digest', part: digest })
  }
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/') && colon > rest.lastIndexOf(']')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!TAG.test(tag)) return refused({ kind: 'tag', part: tag })
  }
  const { host, name } = splitHost(rest)
  if (host !== undefined && !DOMAIN.test(host) && !IPV6.test(host)) return refused({ kind: 'host', part: host })
  if (name === '' || !name.split('/').every(c => COMPONENT.test(c)))
    return refused({ kind: 'not-a-reference', upperCase: name.toLowerCase() !== name })
  if ((host === undefined ? 0 : host.length + 1) + name.length > NAME_MAX)
    return refused({ kind: 'too-long', max: NAME_MAX })
  return { ok: true, ref: { given, host: host?.toLowerCase(), name, tag, digest } }
}

/** Without port 443, https's default: docker, skopeo and podman look `quay.io:443` up as `quay.io`.
 * A loopback registry speaks plain http, where 443 is not the default: it keeps its port. */
function withoutDefaultPort(host: string): string {
  const m = /^(.*):443$/.exec(host)
  return m?.[1] !== undefined && !isLoopbackHost(m[1]) ? m[1] : host
}

/** The `registry` input (namespace kept) without the default port, as docker login and logout are
 * given it: the key they write then names the host that pulls look up. */
export function loginServer(registry: string): string {
  const slash = registry.indexOf('/')
  return slash < 0
    ? withoutDefaultPort(registry)
    : `${withoutDefaultPort(registry.slice(0, slash))}${registry.slice(slash)}`
}

/** The `registry` input's host, lower-cased, without the default port: what the image check, the
 * `images-json` output and the docker config file's key all name. */
export function registryHost(registry: string): string {
  return withoutDefaultPort((registry.split('/')[0] ?? registry).toLowerCase())
}

/** Relative names are resolved to the registry's host; names on another host (`foreign`: credentials
 * must never go there) are set apart. */
export function resolveImages(
  refs: readonly ImageRef[],
  registry: string
): { images: ResolvedImage[]; foreign: ImageRef[] } {
  const host = registryHost(registry)
  const images: ResolvedImage[] = []
  const foreign: ImageRef[] = []
  for (const ref of refs) {
    // quay.io and quay.io:443 are the same https registry.
    if (ref.host !== undefined && withoutDefaultPort(ref.host) !== host) foreign.push(ref)
    else images.push({ ...ref, registry: host, reference: ref.digest ?? ref.tag ?? 'latest' })
  }
  return { images, foreign }
}

/** https, except http for a loopback host, as docker does. */
export function registryBaseUrl(host: string): string {
  const hostname = host.replace(/:\d+$/, '')
  return `${isLoopbackHost(hostname) ? 'http' : 'https'}://${host}`
}
