// The registry client for the image preflight (Docker Registry HTTP API v2 /
// OCI distribution): sign in as docker does (GET /v2/, then a token from the
// Bearer realm or Basic credentials), then, for `release: latest`, the tags of
// each image given without a tag (page by page), then one HEAD per image manifest.
// Deadlines, retries and proxies are http.ts's; messages are image-report.ts's.
import { createHash } from 'node:crypto'
import { ActionError } from '../errors.js'
import { checkRealm, parseChallenges, pullScope, tokenUrl } from './auth-challenge.js'
import { exchange, headerValue, NetworkFailure, type Answer, type ExchangeResult } from '../http/exchange.js'
import { registryBaseUrl, type ResolvedImage } from './image-ref.js'
import { parseRegistryMessage, type ImageResult, type ImageRow, type TagsFailure } from './image-report.js'
import type { ReleaseChoice } from '../inputs/validate.js'
import { withRelease } from './pins.js'
import { chooseRelease, nextPage, parseTagsPage } from './tags.js'
import {
  CHECK_REGISTRY,
  credentialsRejected,
  MANIFEST_TOO_LARGE,
  NO_TOKEN_ADVICE,
  PROBE_ADVICE,
  realmRefused,
  redirectAdvice,
  registryNoAnswer,
  unexpectedRegistryAnswer,
  unknownChallengeAdvice
} from './messages.js'
import type { ProxySettings } from '../http/proxy.js'
import type { RetryPolicy } from '../http/retry.js'
import { jsonObject } from '../json.js'
import { sanitize } from '../report/sanitize.js'

/** Every manifest type docker pull accepts, indexes first: the registry then
 * answers with the stored manifest, so the digest is the one a pull resolves
 * (a registry converts, or falls back to another type, when the stored one is not accepted). */
export const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
].join(', ')

const DIGEST = /^sha256:[a-f0-9]{64}$/
/** Manifests checked at once: enough to hide latency, few enough to be polite. */
const CONCURRENCY = 4

export interface ImageCheckRequest {
  /** The registry host[:port]. */
  registry: string
  images: readonly ResolvedImage[]
  username: string
  secret: string
  /** Called with the registry token the moment it is read, before anything can print it (core.setSecret). */
  mask: (value: string) => void
  policy?: RetryPolicy
  onRetry?: (message: string) => void
  sleep?: (ms: number) => Promise<void>
  proxy?: ProxySettings
  /** The tag for the images given without one; undefined: latest, as docker reads it. */
  release?: ReleaseChoice
}

export type SignIn = 'bearer' | 'basic' | 'anonymous'

export interface ImageCheckAnswer {
  rows: ImageRow[]
  /** The registry as a whole failed (credentials, realm, network): no image was checked. */
  fatal?: ActionError
  /** How the registry was signed in to; anonymous when it asked for no credentials. */
  signIn?: SignIn
  /** The tag the images given without one got, when `release` was set and one was chosen. */
  release?: string
}

interface Ctx extends ImageCheckRequest {
  base: string
}

function noAnswer(registry: string, what: string, failure: NetworkFailure): ActionError {
  return registryNoAnswer(registry, what, { timedOut: failure.timedOut, detail: failure.message, tries: failure.tries })
}

async function send(
  ctx: Ctx,
  method: 'GET' | 'HEAD',
  url: string,
  headers: Record<string, string>,
  service = `Registry ${ctx.registry}`,
  maxBodyBytes?: number
): Promise<ExchangeResult> {
  return exchange({
    method,
    url,
    headers,
    service,
    policy: ctx.policy,
    onRetry: ctx.onRetry,
    sleep: ctx.sleep,
    maxBodyBytes,
    proxy: ctx.proxy
  })
}

// The distribution spec lets registries refuse manifests over 4 MiB; a longer
// body cannot be a manifest, and a cut one would hash to the wrong digest.
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024

function redirectTarget(answer: Answer): string | undefined {
  const location = headerValue(answer.headers['location'])
  return location === undefined ? undefined : sanitize(location, 200)
}

/** What to do about an answer the sign-in did not expect: a redirect is explained, anything else gets `otherwise`. */
function adviceFor(answer: Answer, otherwise: string): string {
  if (answer.status < 300 || answer.status >= 400) return otherwise
  const to = redirectTarget(answer)
  return redirectAdvice(to)
}

function basicAuth(username: string, secret: string): string {
  return `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`
}

type Auth = { header?: string; signIn: SignIn } | { fatal: ActionError }
type Sent = { outcome: ExchangeResult; fatal?: undefined } | { fatal: ActionError }

/** One sign-in request; no answer at all fails the whole check. */
async function signInRequest(ctx: Ctx, what: string, url: string, headers: Record<string, string>): Promise<Sent> {
  try {
    return { outcome: await send(ctx, 'GET', url, headers) }
  } catch (error) {
    if (error instanceof NetworkFailure) return { fatal: noAnswer(ctx.registry, what, error) }
    throw error
  }
}

/** The answer to a request that carried the set's credentials: 401 or 403 means the secret is not the set's. */
function refusal(ctx: Ctx, what: string, outcome: ExchangeResult, byTokenEndpoint: boolean): ActionError | undefined {
  const { answer, attempts } = outcome
  const said = parseRegistryMessage(answer.body)
  if (answer.status === 401 || answer.status === 403) {
    return credentialsRejected(ctx.registry, ctx.username, answer.status, byTokenEndpoint, said)
  }
  if (answer.status < 200 || answer.status >= 300) {
    return unexpectedRegistryAnswer(
      ctx.registry,
      what,
      answer.status,
      attempts,
      said,
      adviceFor(answer, CHECK_REGISTRY)
    )
  }
  return undefined
}

/** GET /v2/ without credentials, then whatever its challenge asks for. */
async function signIn(ctx: Ctx): Promise<Auth> {
  const what = 'the registry API (GET /v2/)'
  const probe = await signInRequest(ctx, what, `${ctx.base}/v2/`, {})
  if (probe.fatal) return probe
  const { answer, attempts } = probe.outcome
  if (answer.status >= 200 && answer.status < 300) return { signIn: 'anonymous' }
  if (answer.status !== 401) {
    const advice = adviceFor(answer, PROBE_ADVICE)
    return {
      fatal: unexpectedRegistryAnswer(
        ctx.registry,
        what,
        answer.status,
        attempts,
        parseRegistryMessage(answer.body),
        advice
      )
    }
  }
  const challenges = parseChallenges(answer.headers['www-authenticate'])
  const bearer = challenges.find(c => c.scheme === 'bearer' && c.params['realm'] !== undefined)
  if (bearer) return bearerToken(ctx, bearer.params['realm'] as string, bearer.params['service'])
  if (challenges.some(c => c.scheme === 'basic')) return basicSignIn(ctx)
  const schemes = challenges.map(c => sanitize(c.scheme, 40)).join(', ') || 'none'
  const advice = unknownChallengeAdvice(schemes)
  return { fatal: unexpectedRegistryAnswer(ctx.registry, what, 401, attempts, {}, advice) }
}

/** One token for every repository, asked with the set's Basic credentials. */
async function bearerToken(ctx: Ctx, realm: string, service: string | undefined): Promise<Auth> {
  const checked = checkRealm(realm, ctx.base.startsWith('https:'))
  if (!checked.ok) return { fatal: realmRefused(ctx.registry, realm, checked.problem) }
  const what = 'the token endpoint'
  const scopes = [...new Set(ctx.images.map(i => pullScope(i.name)))]
  const sent = await signInRequest(ctx, what, tokenUrl(checked.url, service, scopes), {
    Authorization: basicAuth(ctx.username, ctx.secret),
    Accept: 'application/json'
  })
  if (sent.fatal) return sent
  const refused = refusal(ctx, what, sent.outcome, true)
  if (refused) return { fatal: refused }
  const token = readToken(sent.outcome.answer.body)
  if (token === undefined) {
    const advice = NO_TOKEN_ADVICE
    return {
      fatal: unexpectedRegistryAnswer(ctx.registry, what, sent.outcome.answer.status, sent.outcome.attempts, {}, advice)
    }
  }
  ctx.mask(token)
  return { header: `Bearer ${token}`, signIn: 'bearer' }
}

/** `token`, else `access_token` (both are in the spec); undefined unless it can travel in a header. */
function readToken(body: string): string | undefined {
  const o = jsonObject(body)
  if (o === undefined) return undefined
  const token = [o['token'], o['access_token']].find(t => typeof t === 'string' && t !== '')
  return typeof token === 'string' && /^[\x21-\x7e]+$/.test(token) ? token : undefined
}

/** A Basic registry checks the credentials on every request: prove them once on /v2/. */
async function basicSignIn(ctx: Ctx): Promise<Auth> {
  const what = 'the registry API (GET /v2/)'
  const header = basicAuth(ctx.username, ctx.secret)
  const sent = await signInRequest(ctx, what, `${ctx.base}/v2/`, { Authorization: header })
  if (sent.fatal) return sent
  const refused = refusal(ctx, what, sent.outcome, false)
  return refused ? { fatal: refused } : { header, signIn: 'basic' }
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

function failed(outcome: ExchangeResult): ImageResult {
  const { answer, attempts } = outcome
  const status = answer.status
  if (status === 401 || status === 403) return { kind: 'denied', status }
  if (status === 404) return { kind: 'unknown', status }
  if (status >= 300 && status < 400) return { kind: 'redirected', status, location: redirectTarget(answer) }
  return { kind: 'error', status, attempts, said: parseRegistryMessage(answer.body) }
}

async function checkOne(ctx: Ctx, image: ResolvedImage, auth: string | undefined): Promise<ImageResult> {
  const url = `${ctx.base}/v2/${image.name}/manifests/${image.reference}`
  const headers: Record<string, string> = { Accept: MANIFEST_ACCEPT }
  if (auth !== undefined) headers['Authorization'] = auth
  const service = `Registry ${ctx.registry}, ${image.name}${image.digest ? '@' : ':'}${image.reference}`
  try {
    const head = await send(ctx, 'HEAD', url, headers, service)
    let digest: string | undefined
    if (head.answer.status >= 200 && head.answer.status < 300) {
      digest = headerValue(head.answer.headers['docker-content-digest'])?.trim()
      if (digest === undefined || !DIGEST.test(digest)) {
        // No usable digest header: the digest is the sha256 of the manifest as served.
        const get = await send(ctx, 'GET', url, headers, service, MAX_MANIFEST_BYTES)
        if (get.answer.status < 200 || get.answer.status >= 300) return failed(get)
        if (get.answer.truncated) {
          return {
            kind: 'error',
            status: get.answer.status,
            attempts: get.attempts,
            said: { message: MANIFEST_TOO_LARGE }
          }
        }
        digest = sha256(get.answer.bytes)
      }
    } else if (
      head.answer.status >= 400 &&
      head.answer.status < 500 &&
      ![401, 403, 404, 429].includes(head.answer.status)
    ) {
      // A HEAD answer has no body: fetch the error body once to quote its code and message.
      return failed(await send(ctx, 'GET', url, headers, service))
    } else return failed(head)
    if (image.digest !== undefined && digest !== image.digest) return { kind: 'mismatch', digest }
    return { kind: 'ok', digest }
  } catch (error) {
    if (error instanceof NetworkFailure)
      return { kind: 'no-answer', timedOut: error.timedOut, detail: `${error.message}${error.tries}` }
    throw error
  }
}

/** Runs `fn` over the items, at most `limit` at a time, results in order. */
async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      results[i] = await fn(items[i] as T, i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
  return results
}

/** Pages read at most per repository: 200 of quay.io's pages of 50 are 10,000 tags. */
export const MAX_TAG_PAGES = 200
// A page of tags is small; a longer answer is not one.
const MAX_TAGS_PAGE_BYTES = 1024 * 1024

type Listed = { ok: true; tags: string[] } | { ok: false; failure: TagsFailure }

/** Every tag of one repository, following `Link: <…>; rel="next"` page by page,
 * on the registry's own origin only (tags.ts decides what is followed). */
async function listTags(ctx: Ctx, name: string, auth: string | undefined): Promise<Listed> {
  const path = `/v2/${name}/tags/list`
  let url = `${ctx.base}${path}`
  const read = new Set<string>([url])
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (auth !== undefined) headers['Authorization'] = auth
  const service = `Registry ${ctx.registry}, tags of ${name}`
  const tags: string[] = []
  try {
    for (let page = 1; ; page++) {
      const { answer, attempts } = await send(ctx, 'GET', url, headers, service, MAX_TAGS_PAGE_BYTES)
      const status = answer.status
      if (status === 401 || status === 403) return { ok: false, failure: { kind: 'denied', status } }
      if (status === 404) return { ok: false, failure: { kind: 'unknown', status } }
      if (status >= 300 && status < 400) {
        return { ok: false, failure: { kind: 'redirected', status, location: redirectTarget(answer) } }
      }
      if (status < 200 || status >= 300) {
        return { ok: false, failure: { kind: 'error', status, attempts, said: parseRegistryMessage(answer.body) } }
      }
      const listed = answer.truncated ? undefined : parseTagsPage(answer.body)
      if (listed === undefined) return { ok: false, failure: { kind: 'bad-body' } }
      tags.push(...listed)
      const next = nextPage(answer.headers['link'], url, path)
      if (next.kind === 'last') return { ok: true, tags }
      if (next.kind === 'elsewhere') return { ok: false, failure: { kind: 'elsewhere', url: next.url } }
      if (next.kind === 'bad') return { ok: false, failure: { kind: 'bad-link', url: next.url } }
      if (read.has(next.url)) return { ok: false, failure: { kind: 'loop' } }
      if (page >= MAX_TAG_PAGES) return { ok: false, failure: { kind: 'too-many-pages', pages: page } }
      read.add(next.url)
      url = next.url
    }
  } catch (error) {
    if (error instanceof NetworkFailure) {
      const failure: TagsFailure = {
        kind: 'no-answer',
        timedOut: error.timedOut,
        detail: `${error.message}${error.tries}`
      }
      return { ok: false, failure }
    }
    throw error
  }
}

interface Released {
  images: ResolvedImage[]
  /** Results decided before any manifest request: the tagless images when no release was chosen. */
  decided: (ImageResult | undefined)[]
  release?: string
}

/** Gives the tagless images their tag: the one named, or the newest release
 * they all have (one tags request per page per tagless image, nothing more). */
async function applyRelease(ctx: Ctx, auth: string | undefined): Promise<Released> {
  const images = [...ctx.images]
  const decided: (ImageResult | undefined)[] = images.map(() => undefined)
  const choice = ctx.release
  if (choice === undefined) return { images, decided }
  if (choice.kind === 'named') return { images: withRelease(images, choice.tag), decided, release: choice.tag }
  const tagless = images.flatMap((image, i) => (image.tag === undefined && image.digest === undefined ? [i] : []))
  if (tagless.length === 0) return { images, decided }
  // One list per repository, even if two references name it.
  const names = [...new Set(tagless.map(i => (images[i] as ResolvedImage).name))]
  const lists = await pool(names, CONCURRENCY, name => listTags(ctx, name, auth))
  const byName = new Map(names.map((name, i) => [name, lists[i] as Listed]))
  const failed = lists.some(l => !l.ok)
  const chosen = failed ? undefined : chooseRelease(lists.map(l => (l.ok ? l.tags : [])))
  if (chosen?.ok) return { images: withRelease(images, chosen.release), decided, release: chosen.release }
  for (const i of tagless) {
    const listed = byName.get((images[i] as ResolvedImage).name) as Listed
    if (!listed.ok) decided[i] = { kind: 'tags-failed', failure: listed.failure }
    else if (chosen && !chosen.ok) {
      decided[i] = { kind: 'no-release', newest: chosen.newest[names.indexOf((images[i] as ResolvedImage).name)] }
    } else decided[i] = { kind: 'not-checked', why: 'no-release' }
  }
  return { images, decided }
}

/** Signs in, gives the tagless images their release, then checks every image
 * (all of them, whatever fails): requests are one /v2/ probe, one token request
 * (or the Basic check), with `release: latest` one per page of each tagless
 * image's tags, one HEAD per image, and a GET only for an image whose answer
 * lacks a digest or an error body. */
export async function checkImages(req: ImageCheckRequest): Promise<ImageCheckAnswer> {
  const ctx: Ctx = { ...req, base: registryBaseUrl(req.registry) }
  const auth = await signIn(ctx)
  if ('fatal' in auth) {
    return { rows: req.images.map(image => ({ image, result: { kind: 'not-checked' } })), fatal: auth.fatal }
  }
  const released = await applyRelease(ctx, auth.header)
  const results = await pool(
    released.images,
    CONCURRENCY,
    async (image, i) => released.decided[i] ?? checkOne(ctx, image, auth.header)
  )
  const rows = released.images.map((image, i) => ({ image, result: results[i] as ImageResult }))
  return { rows, signIn: auth.signIn, ...(released.release !== undefined ? { release: released.release } : {}) }
}
