// Pure parsing of image references (`[host[:port]/]name[:tag][@sha256:hex]`),
// the grammar of distribution's reference package, and their resolution
// against the registry the action signs in to. No I/O, no words: a reference
// that is not one comes back as the kind of problem, which inputs/ words.
import { isLoopbackHost } from '../http/loopback.js'

export interface ImageRef {
  /** The reference as the user wrote it (trimmed): what the `digests` output repeats. */
  given: string
  /** The registry host[:port] it names, lower-cased; undefined for a relative name. */
  host?: string
  /** The repository, e.g. deepgram/self-hosted-api. */
  name: string
  tag?: string
  /** sha256:<64 hex>. */
  digest?: string
  /** The tag came from the `release` input (the reference was given without one). */
  fromRelease?: boolean
}

/** A reference resolved to the registry it will be checked on. */
export interface ResolvedImage extends ImageRef {
  registry: string
  /** What goes after /manifests/: the digest when there is one (it wins over a tag, as in docker), else the tag. */
  reference: string
}

const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const DOMAIN =
  /^(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9])(?:\.(?:[a-z0-9]|[a-z0-9][a-z0-9-]*[a-z0-9]))*(?::[0-9]{1,5})?$/i
const IPV6 = /^\[[0-9a-f:.]+\](?::[0-9]{1,5})?$/i
const TAG = /^[\w][\w.-]{0,127}$/
const SHA256 = /^sha256:[a-f0-9]{64}$/
const NAME_MAX = 255

/** Like docker: the first component names a registry when it has a dot or a
 * port, is localhost, or has upper case; otherwise the name is relative. */
function splitHost(path: string): { host?: string; name: string } {
  const slash = path.indexOf('/')
  if (slash < 0) return { name: path }
  const first = path.slice(0, slash)
  if (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase() || first.startsWith('[')) {
    return { host: first, name: path.slice(slash + 1) }
  }
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
  if (name === '' || !name.split('/').every(c => COMPONENT.test(c))) {
    return refused({ kind: 'not-a-reference', upperCase: name.toLowerCase() !== name })
  }
  if ((host === undefined ? 0 : host.length + 1) + name.length > NAME_MAX) {
    return refused({ kind: 'too-long', max: NAME_MAX })
  }
  return { ok: true, ref: { given, host: host?.toLowerCase(), name, tag, digest } }
}

/** A host[:port] without the port when it is https's default, 443: `quay.io:443` is the
 * key docker, skopeo and podman look up as `quay.io`. A loopback registry speaks plain
 * http (registryBaseUrl), where 443 is not the default: it keeps its port. */
function withoutDefaultPort(host: string): string {
  const m = /^(.*):443$/.exec(host)
  return m?.[1] !== undefined && !isLoopbackHost(m[1]) ? m[1] : host
}

/** The `registry` input (host[:port] or host[:port]/namespace) without the default https
 * port, as docker login and logout are given it: the key they write then names the host
 * that pulls look up. The namespace stays. */
export function loginServer(registry: string): string {
  const slash = registry.indexOf('/')
  return slash < 0
    ? withoutDefaultPort(registry)
    : `${withoutDefaultPort(registry.slice(0, slash))}${registry.slice(slash)}`
}

/** The host part of the `registry` input (which may be host[:port]/namespace), lower-cased,
 * without the default https port: what the image check, the `images-json` output and the
 * docker config file's key all name. */
export function registryHost(registry: string): string {
  return withoutDefaultPort((registry.split('/')[0] ?? registry).toLowerCase())
}

export interface Resolution {
  images: ResolvedImage[]
  /** References that name another registry: credentials must never go there. */
  foreign: ImageRef[]
}

/** Relative names are resolved to the registry's host; names on another host are set apart. */
export function resolveImages(refs: readonly ImageRef[], registry: string): Resolution {
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

/** The `digests` output line: the reference as given, pinned. A reference that
 * already names a digest is pinned as it stands (and the registry confirmed it). */
export function pinned(ref: ImageRef, digest: string): string {
  return ref.digest === undefined ? `${ref.given}@${digest}` : ref.given
}

/** The base URL of a registry host: https, except http for a loopback host
 * (docker, too, talks plain http to a registry on 127.0.0.0/8 or ::1). */
export function registryBaseUrl(host: string): string {
  const hostname = host.replace(/:\d+$/, '')
  return `${isLoopbackHost(hostname) ? 'http' : 'https'}://${host}`
}
