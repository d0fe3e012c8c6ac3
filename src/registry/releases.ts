// `release`: the tag the images given without one get. Named, it is given as
// is; `latest` reads the tags list of each such image page by page (following
// `Link: <…>; rel="next"` on the registry's own origin only, tags.ts decides)
// and takes the newest release they all have. Only release tags are kept while
// paging, and the tags read are capped, so memory stays small whatever a
// registry sends.
import type { ReleaseChoice } from '../common.js'
import { NetworkFailure } from '../http/exchange.js'
import type { ResolvedImage } from './image-ref.js'
import { withRelease } from './pins.js'
import { pool } from '../pool.js'
import type { ImageResult, TagsFailure } from './results.js'
import { CONCURRENCY, parseRegistryMessage, redirectTarget, send, withAuth, type Session } from './session.js'
import { chooseRelease, newestRelease, nextPage, parseTagsPage, releaseRule } from './tags.js'

/** Pages read at most per repository: 200 of quay.io's pages of 50 are 10,000 tags. */
const MAX_TAG_PAGES = 200
/** Tags read at most for one image, all pages together: far more than any release history. */
export const MAX_TAGS = 100_000
// A page of tags is small; a longer answer is not one.
const MAX_TAGS_PAGE_BYTES = 1024 * 1024

export type Listed =
  /** The release tags of the repository (the others are dropped as they are read). */
  | { kind: 'listed'; releases: string[] }
  | { kind: 'failed'; failure: TagsFailure }
  /** The image check's deadline came while the list was read, or before it started. */
  | { kind: 'out-of-time' }

const failed = (failure: TagsFailure): Listed => ({ kind: 'failed', failure })

/** The release tags of one repository (`isRelease` says which: plain or FIPS), every page of its tags list read. */
export async function listReleases(
  session: Session,
  name: string,
  auth: string | undefined,
  isRelease: (tag: string) => boolean = releaseRule(false)
): Promise<Listed> {
  const path = `/v2/${name}/tags/list`
  let url = `${session.base}${path}`
  const read = new Set<string>([url])
  const headers = withAuth({ Accept: 'application/json' }, auth)
  const service = `Registry ${session.registry}, tags of ${name}`
  const releases = new Set<string>()
  let tagsRead = 0
  try {
    for (let page = 1; ; page++) {
      const { answer, attempts } = await send(session, 'GET', url, headers, service, MAX_TAGS_PAGE_BYTES)
      const status = answer.status
      if (status === 401 || status === 403) return failed({ kind: 'denied', status })
      if (status === 404) return failed({ kind: 'unknown', status })
      if (status >= 300 && status < 400) return failed({ kind: 'redirected', status, location: redirectTarget(answer) })
      if (status < 200 || status >= 300) {
        return failed({ kind: 'error', status, attempts, said: parseRegistryMessage(answer.body) })
      }
      const tags = answer.truncated ? undefined : parseTagsPage(answer.body)
      if (tags === undefined) return failed({ kind: 'bad-body' })
      tagsRead += tags.length
      if (tagsRead > MAX_TAGS) return failed({ kind: 'too-many-tags', max: MAX_TAGS })
      for (const tag of tags) if (isRelease(tag)) releases.add(tag)
      const next = nextPage(answer.headers['link'], url, path)
      if (next.kind === 'last') return { kind: 'listed', releases: [...releases] }
      if (next.kind === 'elsewhere') return failed({ kind: 'elsewhere', url: next.url })
      if (next.kind === 'bad') return failed({ kind: 'bad-link', url: next.url })
      if (read.has(next.url)) return failed({ kind: 'loop' })
      if (page >= MAX_TAG_PAGES) return failed({ kind: 'too-many-pages', pages: page })
      read.add(next.url)
      url = next.url
    }
  } catch (error) {
    if (!(error instanceof NetworkFailure)) throw error
    if (error.pastDeadline) return { kind: 'out-of-time' }
    return failed({ kind: 'no-answer', timedOut: error.timedOut, detail: `${error.message}${error.tries}` })
  }
}

/** An image, with its tag once `release` gave it one, and its result when that was
 * decided without asking for its manifest. */
export interface Entry {
  image: ResolvedImage
  decided?: ImageResult
}

export interface Released {
  entries: Entry[]
  /** The tag the tagless images got. */
  release?: string
  /** The repository whose tags list was still being read when the image check's time ran out. */
  outOfTimeOn?: string
}

const fipsMark = (choice: ReleaseChoice): { fips?: true } =>
  choice.kind === 'latest' && choice.fips ? { fips: true } : {}
const isTagless = (image: ResolvedImage): boolean => image.tag === undefined && image.digest === undefined
const entries = (images: readonly ResolvedImage[]): Entry[] => images.map(image => ({ image }))

/** Gives the tagless images their tag: the one named, or the newest release
 * they all have (one tags request per page per tagless repository, nothing more). */
export async function applyRelease(
  session: Session,
  images: readonly ResolvedImage[],
  choice: ReleaseChoice | undefined,
  auth: string | undefined
): Promise<Released> {
  if (choice === undefined) return { entries: entries(images) }
  if (choice.kind === 'named') return { entries: entries(withRelease(images, choice.tag)), release: choice.tag }
  // One list per repository, even if two references name it.
  const names = [...new Set(images.filter(isTagless).map(i => i.name))]
  if (names.length === 0) return { entries: entries(images) }
  const isRelease = releaseRule(choice.fips)
  const listOf = async (name: string): Promise<{ name: string; listed: Listed }> => ({
    name,
    listed: await listReleases(session, name, auth, isRelease)
  })
  const lists = await pool(names, listOf, {
    limit: CONCURRENCY,
    deadline: session.deadline,
    late: (name): { name: string; listed: Listed } => ({ name, listed: { kind: 'out-of-time' } })
  })
  const releases = lists.flatMap(l => (l.listed.kind === 'listed' ? [l.listed.releases] : []))
  const chosen = releases.length === lists.length ? chooseRelease(releases, isRelease) : undefined
  if (chosen?.ok) return { entries: entries(withRelease(images, chosen.release)), release: chosen.release }
  const byName = new Map(lists.map(l => [l.name, l.listed]))
  const outOfTimeOn = lists.find(l => l.listed.kind === 'out-of-time')?.name
  const limitS = session.limitMs / 1000
  const decide = (image: ResolvedImage): ImageResult | undefined => {
    const listed = isTagless(image) ? byName.get(image.name) : undefined
    switch (listed?.kind) {
      case undefined:
        return undefined
      case 'failed':
        return { kind: 'tags-failed', failure: listed.failure }
      case 'out-of-time':
        return { kind: 'not-checked', limitS, tagsOf: image.name }
      case 'listed':
        // Read, but another list failed (no choice), or no release is on every image.
        return chosen
          ? { kind: 'no-release', newest: newestRelease(listed.releases, isRelease), ...fipsMark(choice) }
          : { kind: 'not-checked', why: 'no-release' }
    }
  }
  return {
    entries: images.map(image => {
      const decided = decide(image)
      return decided ? { image, decided } : { image }
    }),
    ...(outOfTimeOn === undefined ? {} : { outOfTimeOn })
  }
}
