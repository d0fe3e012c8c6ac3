// The registry client for the image preflight (Docker Registry HTTP API v2 /
// OCI distribution): sign in as docker does (GET /v2/, then a token from the
// Bearer realm or Basic credentials), then, for `release: latest`, the tags of
// each image given without a tag (page by page), then one HEAD per image
// manifest, all within one time limit. Sign-in is its own function: it can start before the
// Deepgram API has answered, and its header serves any later registry request.
// Deadlines, retries and proxies are http.ts's; messages are messages.ts's.
import { createHash } from 'node:crypto'
import { ActionError } from '../errors.js'
import { checkRealm, parseChallenges, pullScope, tokenUrl } from './auth-challenge.js'
import { exchange, headerValue, NetworkFailure, type Answer, type ExchangeResult } from '../http/exchange.js'
import { registryBaseUrl, type ResolvedImage } from './image-ref.js'
import { parseRegistryMessage, type ImageResult, type ImageRow, type TagsFailure } from './image-report.js'
import type { ReleaseChoice } from '../common.js'
import { withRelease } from './pins.js'
import { chooseRelease, nextPage, parseTagsPage } from './tags.js'
import { isManifestOf, isManifestType, MANIFEST_ACCEPT, mediaTypeOf } from './manifest.js'
import {
  CHECK_REGISTRY,
  credentialsRejected,
  MANIFEST_TOO_LARGE,
  NO_TOKEN_ADVICE,
  PROBE_ADVICE,
  realmRefused,
  redirectAdvice,
  registryNoAnswer,
  signInOutOfTime,
  unexpectedRegistryAnswer,
  unknownChallengeAdvice
} from './messages.js'
import type { ProxySettings } from '../http/proxy.js'
import type { RetryPolicy } from '../http/retry.js'
import { basicCredentials } from '../common.js'
import { jsonObject } from '../json.js'
import { sanitize } from '../report/sanitize.js'

export { MANIFEST_ACCEPT } from './manifest.js'

const DIGEST = /^sha256:[a-f0-9]{64}$/
/** Manifests checked at once: enough to hide latency, few enough to be polite. */
const CONCURRENCY = 4
/** The whole image check, sign-in included, ends within this: hung manifests
 * must not hold a deploy for minutes. */
export const IMAGE_CHECK_LIMIT_MS = 60_000

/** What signing in to a registry needs. */
export interface SignInRequest {
  /** The registry host[:port]. */
  registry: string
  /** The repositories the token must cover: one token request asks for all of them. */
  repositories: readonly string[]
  username: string
  secret: string
  /** Called with the registry token the moment it is read, before anything can print it (core.setSecret). */
  mask: (value: string) => void
  policy?: RetryPolicy
  onRetry?: (message: string) => void
  sleep?: (ms: number) => Promise<void>
  proxy?: ProxySettings
  /** Epoch ms: no request runs past it (the image check's limit). */
  deadline?: number
  /** The limit the deadline stands for, in ms, for messages. */
  limitMs?: number
}

export interface ImageCheckRequest extends Omit<SignInRequest, 'repositories'> {
  images: readonly ResolvedImage[]
  /** The tag for the images given without one; undefined: latest, as docker reads it. */
  release?: ReleaseChoice
}

export type SignIn = 'bearer' | 'basic' | 'anonymous'

/** A sign-in: the Authorization header to send (none when anonymous), or why there is none. */
export type SignedIn = { header?: string; signIn: SignIn; fatal?: undefined } | { fatal: ActionError }

export interface ImageCheckAnswer {
  rows: ImageRow[]
  /** The registry as a whole failed (credentials, realm, network): no image was checked. */
  fatal?: ActionError
  /** How the registry was signed in to; anonymous when it asked for no credentials. */
  signIn?: SignIn
  /** The tag the images given without one got, when `release` was set and one was chosen. */
  release?: string
}

interface Ctx extends SignInRequest {
  base: string
  limitMs: number
  /** The images and the release choice, for `release: latest` (empty for a sign-in alone). */
  images: readonly ResolvedImage[]
  release?: ReleaseChoice
}

function contextOf(req: SignInRequest & { images?: readonly ResolvedImage[]; release?: ReleaseChoice }): Ctx {
  const limitMs = req.limitMs ?? IMAGE_CHECK_LIMIT_MS
  return {
    ...req,
    images: req.images ?? [],
    base: registryBaseUrl(req.registry),
    limitMs,
    deadline: req.deadline ?? Date.now() + limitMs
  }
}

function noAnswer(ctx: Ctx, what: string, failure: NetworkFailure): ActionError {
  if (failure.pastDeadline) return signInOutOfTime(ctx.registry, what, ctx.limitMs / 1000)
  return registryNoAnswer(ctx.registry, what, {
    timedOut: failure.timedOut,
    detail: failure.message,
    tries: failure.tries
  })
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
    proxy: ctx.proxy,
    deadline: ctx.deadline
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
  return `Basic ${basicCredentials(username, secret)}`
}

type Sent = { outcome: ExchangeResult; fatal?: undefined } | { fatal: ActionError }

/** One sign-in request; no answer at all fails the whole check. */
async function signInRequest(ctx: Ctx, what: string, url: string, headers: Record<string, string>): Promise<Sent> {
  try {
    return { outcome: await send(ctx, 'GET', url, headers) }
  } catch (error) {
    if (error instanceof NetworkFailure) return { fatal: noAnswer(ctx, what, error) }
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

/** Signs in as docker does: GET /v2/ without credentials, then whatever its
 * challenge asks for (one token covering every repository, or Basic). */
export async function signInToRegistry(req: SignInRequest): Promise<SignedIn> {
  return signIn(contextOf(req))
}

async function signIn(ctx: Ctx): Promise<SignedIn> {
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
  const followed = await followChallenge(ctx, answer)
  if (followed) return followed
  const schemes = challengeSchemes(answer)
  const advice = unknownChallengeAdvice(schemes)
  return { fatal: unexpectedRegistryAnswer(ctx.registry, what, 401, attempts, {}, advice) }
}

function challengeSchemes(answer: Answer): string {
  return (
    parseChallenges(answer.headers['www-authenticate'])
      .map(c => sanitize(c.scheme, 40))
      .join(', ') || 'none'
  )
}

/** The sign-in a 401's challenge asks for, or undefined when it asks for none this action speaks. */
async function followChallenge(ctx: Ctx, answer: Answer): Promise<SignedIn | undefined> {
  const challenges = parseChallenges(answer.headers['www-authenticate'])
  const bearer = challenges.find(c => c.scheme === 'bearer' && c.params['realm'] !== undefined)
  if (bearer) return bearerToken(ctx, bearer.params['realm'] as string, bearer.params['service'])
  if (challenges.some(c => c.scheme === 'basic')) return basicSignIn(ctx)
  return undefined
}

/** One token for every repository, asked with the set's Basic credentials. */
async function bearerToken(ctx: Ctx, realm: string, service: string | undefined): Promise<SignedIn> {
  const checked = checkRealm(realm, ctx.base.startsWith('https:'))
  if (!checked.ok) return { fatal: realmRefused(ctx.registry, realm, checked.problem) }
  const what = 'the token endpoint'
  const scopes = [...new Set(ctx.repositories.map(pullScope))]
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
async function basicSignIn(ctx: Ctx): Promise<SignedIn> {
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

function failed(outcome: ExchangeResult, anonymous: boolean): ImageResult {
  const { answer, attempts } = outcome
  const status = answer.status
  if (status === 401 || status === 403)
    return anonymous ? { kind: 'denied', status, anonymous } : { kind: 'denied', status }
  if (status === 404) return { kind: 'unknown', status }
  if (status >= 300 && status < 400) return { kind: 'redirected', status, location: redirectTarget(answer) }
  return { kind: 'error', status, attempts, said: parseRegistryMessage(answer.body) }
}

/** A 2xx answer that is not a manifest of a type asked for; undefined when it is one. */
function notManifest(answer: Answer, withBody: boolean): ImageResult | undefined {
  const type = mediaTypeOf(headerValue(answer.headers['content-type']))
  const shown = type === undefined ? undefined : sanitize(type, 100)
  if (!isManifestType(type)) return { kind: 'not-manifest', status: answer.status, contentType: shown }
  if (withBody && !isManifestOf(type as string, answer.body)) {
    return { kind: 'not-manifest', status: answer.status, contentType: shown, badBody: true }
  }
  return undefined
}

/** One image's result; `challenge` is the 401's answer when the request went without credentials. */
interface Checked {
  result: ImageResult
  challenge?: Answer
}

async function checkOne(ctx: Ctx, image: ResolvedImage, auth: string | undefined): Promise<Checked> {
  const url = `${ctx.base}/v2/${image.name}/manifests/${image.reference}`
  const headers: Record<string, string> = { Accept: MANIFEST_ACCEPT }
  if (auth !== undefined) headers['Authorization'] = auth
  const anonymous = auth === undefined
  const service = `Registry ${ctx.registry}, ${image.name}${image.digest ? '@' : ':'}${image.reference}`
  const getManifest = (): Promise<ExchangeResult> => send(ctx, 'GET', url, headers, service, MAX_MANIFEST_BYTES)
  try {
    const head = await send(ctx, 'HEAD', url, headers, service)
    // A registry (or proxy) that refuses HEAD on manifests serves them on GET.
    const first = head.answer.status === 405 ? await getManifest() : head
    const { answer } = first
    const gotBody = first !== head
    let digest: string | undefined
    if (answer.status >= 200 && answer.status < 300) {
      const wrong = notManifest(answer, gotBody)
      if (wrong) return { result: wrong }
      digest = headerValue(answer.headers['docker-content-digest'])?.trim()
      if (gotBody || digest === undefined || !DIGEST.test(digest)) {
        // No usable digest header: the digest is the sha256 of the manifest as served.
        const get = gotBody ? first : await getManifest()
        if (get.answer.status < 200 || get.answer.status >= 300) return { result: failed(get, anonymous) }
        if (get.answer.truncated) {
          return {
            result: {
              kind: 'error',
              status: get.answer.status,
              attempts: get.attempts,
              said: { message: MANIFEST_TOO_LARGE }
            }
          }
        }
        const wrongBody = notManifest(get.answer, true)
        if (wrongBody) return { result: wrongBody }
        digest = sha256(get.answer.bytes)
      }
    } else if (answer.status === 401 && anonymous) {
      return { result: failed(first, true), challenge: answer }
    } else if (
      !gotBody &&
      answer.status >= 400 &&
      answer.status < 500 &&
      ![401, 403, 404, 429].includes(answer.status)
    ) {
      // A HEAD answer has no body: fetch the error body once to quote its code and message.
      return { result: failed(await send(ctx, 'GET', url, headers, service), anonymous) }
    } else return { result: failed(first, anonymous) }
    if (image.digest !== undefined && digest !== image.digest) return { result: { kind: 'mismatch', digest } }
    return { result: { kind: 'ok', digest } }
  } catch (error) {
    if (error instanceof NetworkFailure) {
      if (error.pastDeadline) return { result: { kind: 'not-checked', limitS: ctx.limitMs / 1000 } }
      return { result: { kind: 'no-answer', timedOut: error.timedOut, detail: `${error.message}${error.tries}` } }
    }
    throw error
  }
}

/** Runs `fn` over the items, at most `limit` at a time, results in order;
 * items not started by the deadline get `late`. */
async function pool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
  deadline: number,
  late: () => R
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++
      results[i] = Date.now() >= deadline ? late() : await fn(items[i] as T, i)
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
  const lists = await pool(
    names,
    CONCURRENCY,
    name => listTags(ctx, name, auth),
    ctx.deadline as number,
    (): Listed => ({
      ok: false,
      failure: { kind: 'no-answer', timedOut: true, detail: `the image check's ${ctx.limitMs / 1000} s limit ran out` }
    })
  )
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

/** Signs in (or takes a sign-in already under way), gives the tagless images
 * their release, then checks every image (all of them, whatever fails), within
 * the time limit. Requests are one /v2/ probe, one token request (or the Basic
 * check), with `release: latest` one per page of each tagless image's tags, one
 * HEAD per image, and a GET
 * only for an image whose answer lacks a digest or an error body, or whose
 * HEAD was refused. When /v2/ let an anonymous request in but a manifest asks
 * for credentials, its challenge is followed as docker does: one token request
 * for every repository, then those manifests again. */
export async function checkImages(req: ImageCheckRequest, signedIn?: Promise<SignedIn>): Promise<ImageCheckAnswer> {
  const ctx = contextOf({ ...req, repositories: req.images.map(i => i.name) })
  const deadline = ctx.deadline as number
  const auth = await (signedIn ?? signIn(ctx))
  const notChecked = (): ImageRow[] => req.images.map(image => ({ image, result: { kind: 'not-checked' } }))
  if (auth.fatal) return { rows: notChecked(), fatal: auth.fatal }
  const late = (): Checked => ({ result: { kind: 'not-checked', limitS: ctx.limitMs / 1000 } })
  const released = await applyRelease(ctx, auth.header)
  const images = released.images
  const checked = await pool(
    images,
    CONCURRENCY,
    async (image, i): Promise<Checked> => {
      const decided = released.decided[i]
      return decided ? { result: decided } : checkOne(ctx, image, auth.header)
    },
    deadline,
    late
  )
  let signedInAs = auth.signIn
  const challenged = checked.flatMap((c, i) => (c.challenge ? [i] : []))
  const challenge = checked.find(c => c.challenge)?.challenge
  if (challenge) {
    const followed = await followChallenge(ctx, challenge)
    if (followed?.fatal) {
      const rows = images.map((image, i) => ({
        image,
        result: challenged.includes(i) ? ({ kind: 'not-checked' } as const) : (checked[i] as Checked).result
      }))
      return { rows, fatal: followed.fatal }
    }
    if (followed) {
      signedInAs = followed.signIn
      const again = await pool(
        challenged.map(i => images[i] as ResolvedImage),
        CONCURRENCY,
        image => checkOne(ctx, image, followed.header),
        deadline,
        late
      )
      challenged.forEach((i, n) => (checked[i] = again[n] as Checked))
    }
  }
  const rows = images.map((image, i) => ({ image, result: (checked[i] as Checked).result }))
  return { rows, signIn: signedInAs, ...(released.release !== undefined ? { release: released.release } : {}) }
}
