// Pure parsing of image references (`[host[:port]/]name[:tag][@sha256:hex]`),
// the grammar of distribution's reference package, and their resolution
// against the registry the action signs in to. No I/O.
import { badImageReferences, holdsMaskedInput, referenceProblem } from '../inputs/messages.js'
import { isLoopbackHost } from '../http/loopback.js'
import { containedMask, quote as quoteAny, type MaskedValue } from '../inputs/validate.js'

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

/** One reference; throws Error with the problem (no input name: the caller adds it). */
export function parseImageRef(text: string, masked: readonly MaskedValue[] = []): ImageRef {
  // Never quote what overlaps the key or the secret (a secret pasted here).
  const quote = (value: string): string => quoteAny(value, masked)
  const given = text.trim()
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(given)) {
    throw new Error(referenceProblem.scheme(quote(given)))
  }
  if (/\s/.test(given)) throw new Error(referenceProblem.whiteSpace(quote(given)))
  let rest = given
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!SHA256.test(digest)) {
      throw new Error(referenceProblem.digest(quote(given), quote(digest)))
    }
  }
  let tag: string | undefined
  const colon = rest.lastIndexOf(':')
  if (colon > rest.lastIndexOf('/') && colon > rest.lastIndexOf(']')) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!TAG.test(tag)) {
      throw new Error(referenceProblem.tag(quote(given), quote(tag)))
    }
  }
  const { host, name } = splitHost(rest)
  if (host !== undefined && !DOMAIN.test(host) && !IPV6.test(host)) {
    throw new Error(referenceProblem.host(quote(given), quote(host)))
  }
  if (name === '' || !name.split('/').every(c => COMPONENT.test(c))) {
    throw new Error(referenceProblem.notAReference(quote(given), name.toLowerCase() !== name))
  }
  if ((host === undefined ? 0 : host.length + 1) + name.length > NAME_MAX) {
    throw new Error(referenceProblem.tooLong(quote(given), NAME_MAX))
  }
  return { given, host: host?.toLowerCase(), name, tag, digest }
}

/** The `images` input: one reference a line or comma-separated; blank items
 * skipped, exact repeats dropped. Every bad reference is named in one error. */
export function parseImages(input: string, value: string, masked: readonly MaskedValue[] = []): ImageRef[] {
  // Input holding the key or the secret would carry it into the log, the
  // digests output and the registry's URL. The whole input is checked, before
  // splitting: a secret with a comma in it would split into harmless-looking parts.
  const whole = containedMask(value, masked)
  if (whole) throw holdsMaskedInput(input, whole.input, 'list image references only, one a line or comma-separated')
  const items = [...new Set(value.split(/[,\r\n]+/).map(s => s.trim()))].filter(s => s !== '')
  const refs: ImageRef[] = []
  const problems: string[] = []
  for (const item of items) {
    try {
      refs.push(parseImageRef(item, masked))
    } catch (error) {
      problems.push((error as Error).message)
    }
  }
  if (problems.length) throw badImageReferences(input, problems)
  return refs
}

/** The host part of the `registry` input (which may be host[:port]/namespace), lower-cased. */
export function registryHost(registry: string): string {
  return (registry.split('/')[0] ?? registry).toLowerCase()
}

/** quay.io and quay.io:443 are the same https registry. */
function sameHost(a: string, b: string): boolean {
  const norm = (h: string): string => {
    const hostname = h.replace(/:\d+$/, '')
    return !isLoopbackHost(hostname) && h.endsWith(':443') ? hostname : h
  }
  return norm(a) === norm(b)
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
    if (ref.host !== undefined && !sameHost(ref.host, host)) foreign.push(ref)
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
