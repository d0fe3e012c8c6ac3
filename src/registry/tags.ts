// Pure logic of `release`: which tags are releases, the newest release every
// image has, a tags-list page, and the `Link` to the next page (RFC 8288).
// No I/O: releases.ts does the requests.
import { isFipsReleaseTag, isReleaseTag } from '../common.js'
import { jsonObject } from '../json.js'
import { sanitize } from '../sanitize.js'

/** Which tags count as releases: the plain ones (`release: latest`), or the FIPS builds
 * (`release: latest-fips`). Never both: a FIPS deployment runs FIPS images only. */
export function releaseRule(fips: boolean | undefined): (tag: string) => boolean {
  return fips === true ? isFipsReleaseTag : isReleaseTag
}

/** The release tags among `tags`, in their order. */
export function releaseTagsOf(tags: readonly string[], isRelease = isReleaseTag): string[] {
  return tags.filter(isRelease)
}

/** The newest release tag (YYMMDD compares as text, and a FIPS tag's suffix is the same on
 * every one), undefined when there is none. */
export function newestRelease(tags: readonly string[], isRelease = isReleaseTag): string | undefined {
  let newest: string | undefined
  for (const tag of releaseTagsOf(tags, isRelease)) if (newest === undefined || tag > newest) newest = tag
  return newest
}

export type ChosenRelease =
  | { ok: true; release: string }
  /** No release is on every image: each image's newest release (undefined: it has none), in order. */
  | { ok: false; newest: (string | undefined)[] }

/** The newest release tag that every list holds. */
export function chooseRelease(lists: readonly (readonly string[])[], isRelease = isReleaseTag): ChosenRelease {
  const [first, ...rest] = lists.map(list => new Set(releaseTagsOf(list, isRelease)))
  const common = [...(first ?? [])].filter(tag => rest.every(set => set.has(tag)))
  const release = newestRelease(common, isRelease)
  return release !== undefined
    ? { ok: true, release }
    : { ok: false, newest: lists.map(l => newestRelease(l, isRelease)) }
}

/** The `tags` of a tags-list answer (`{"name": …, "tags": […]}`); null means none.
 * undefined when the body is not that shape. */
export function parseTagsPage(body: string): string[] | undefined {
  const tags = jsonObject(body)?.['tags']
  if (tags === null) return []
  if (!Array.isArray(tags) || !tags.every(t => typeof t === 'string')) return undefined
  return tags
}

export type NextPage =
  | { kind: 'last' }
  | { kind: 'next'; url: string }
  /** Another origin or path (or credentials in the URL): never followed. `url` is sanitised, for a message. */
  | { kind: 'elsewhere'; url: string }
  /** A rel="next" target that is no URL. */
  | { kind: 'bad'; url: string }

/** The URI references of a Link value whose rel holds `next` (any case, quoted
 * or not, among other relation types). Commas inside <…> are kept. */
function nextTargets(value: string): string[] {
  const found: string[] = []
  const re = /<([^>]*)>([^<]*)/g
  for (const m of value.matchAll(re)) {
    const params = m[2] ?? ''
    const rel = /(?:^|;)\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(params)
    const types = (rel?.[1] ?? rel?.[2] ?? '').toLowerCase().split(/\s+/)
    if (types.includes('next')) found.push(m[1] ?? '')
  }
  return found
}

/** Where the next page is, from the Link header of the page at `current`: only
 * a URL on the same origin and path as `current` (the tags list of the same
 * repository) is followed, so that the token goes nowhere else. */
export function nextPage(link: string | readonly string[] | undefined, current: string, path: string): NextPage {
  const values = link === undefined ? [] : typeof link === 'string' ? [link] : link
  const target = values.flatMap(nextTargets)[0]
  if (target === undefined) return { kind: 'last' }
  const shown = sanitize(target, 200)
  let url: URL
  try {
    url = new URL(target, current)
  } catch {
    return { kind: 'bad', url: shown }
  }
  const here = new URL(current)
  const same =
    url.origin === here.origin && url.pathname === path && url.username === '' && url.password === '' && url.hash === ''
  if (same) return { kind: 'next', url: url.href }
  // Shown without any user name or password the URL carried.
  return { kind: 'elsewhere', url: sanitize(`${url.origin}${url.pathname}${url.search}`, 200) }
}
