// The image preflight for the main step: refuse images on another registry,
// check the rest through the registry API (client.ts), log each result and
// build the `digests` and `images-json` outputs (and the release the tagless
// images got), or the one error that lists every problem. image-check.ts is
// how the main step starts and finishes it.
import * as core from '@actions/core'
import type { ProxySettings } from '../http/proxy.js'
import { CredentialsRefused, warn } from '../errors.js'
import type { ReleaseChoice } from '../common.js'
import { registryHost, resolveImages, type ImageRef } from './image-ref.js'
import { failureOf, imageLines, imagesFailedHeadline } from './image-report.js'
import { anonymousRegistry, foreignError, newSetStillRefused } from './messages.js'
import { checkImages, type ImageCheckAnswer } from './client.js'
import { IMAGE_CHECK_LIMIT_MS } from './session.js'
import { signInToRegistry, type SignedIn } from './sign-in.js'
import { backoffDelay, NEW_SET_RETRY, retrying, sleep, waitWithin, type Verdict } from '../http/retry.js'
import { digestLine, imageJson, shownRef, type ImageJson } from './pins.js'
import type { ImageCheckReport, ImageRow } from './results.js'
import { hideInServerText } from '../sanitize.js'

export interface ImagesToCheck {
  images: readonly ImageRef[]
  /** The registry the set signs in to (the `registry` input may add a namespace). */
  registry: string
  username: string
  secret: string
  /** The set's scopes, for the hint when a repository is refused. */
  scopes: readonly string[]
  proxy?: ProxySettings
  /** The tag for the images given without one. */
  release?: ReleaseChoice
  /** For a set made in this run: until this time (ms since the epoch), a refusal of its
   * credentials is retried with backoff, since a new set takes seconds to be accepted. */
  newSetUntil?: number
}

/** A registry token: masked in the log, and redacted from any server text shown. */
function maskToken(value: string): void {
  core.setSecret(value)
  hideInServerText([value])
}

/** A sign-in started before the Deepgram API answered, for the registry the set
 * will use when that registry is known beforehand (the `registry` input, or quay.io). */
export interface EarlySignIn {
  host: string
  signedIn: Promise<SignedIn>
  /** Epoch ms when the image check's time limit, which the sign-in starts, runs out. */
  deadline: number
}

/** Starts signing in to `registry` now, so that the image check costs the longer
 * of the API request and the sign-in, not their sum. Undefined when an image names
 * another registry: that is refused before any request, as before. */
export function signInEarly(wanted: Omit<ImagesToCheck, 'scopes' | 'release'>): EarlySignIn | undefined {
  const host = registryHost(wanted.registry)
  const { images, foreign } = resolveImages(wanted.images, wanted.registry)
  if (foreign.length || images.length === 0) return undefined
  const deadline = Date.now() + IMAGE_CHECK_LIMIT_MS
  const signedIn = signInToRegistry({
    registry: host,
    repositories: images.map(i => i.name),
    username: wanted.username,
    secret: wanted.secret,
    mask: maskToken,
    onRetry: message => core.info(message),
    proxy: wanted.proxy,
    deadline
  })
  // Awaited only if the set checks out; until then a failure must not surface as unhandled.
  signedIn.catch(() => undefined)
  return { host, signedIn, deadline }
}

export async function preflightImages(wanted: ImagesToCheck, early?: EarlySignIn): Promise<ImageCheckReport> {
  const host = registryHost(wanted.registry)
  const { images, foreign } = resolveImages(wanted.images, wanted.registry)
  if (foreign.length) {
    // Refused before any request: the secret goes to the set's registry only.
    const rows = wanted.images.map((image): ImageRow =>
      foreign.includes(image)
        ? { image, result: { kind: 'foreign', registry: image.host ?? '' } }
        : { image, result: { kind: 'not-checked' } }
    )
    return {
      rows,
      lines: imageLines(rows, { registry: host, scopes: wanted.scopes }),
      error: foreignError({ foreign, registry: host }),
      headline: imagesFailedHeadline(rows, host)
    }
  }
  core.info(`Checking ${images.length} image${images.length === 1 ? '' : 's'} on ${host} through the registry API.`)
  // The early sign-in serves only the registry it signed in to.
  const started = early?.host === host ? early : undefined
  const since = Date.now()
  let refusals = 0
  // A set made seconds ago may be refused until the registry knows it: tried again (afresh,
  // without the early sign-in) until its wait runs out.
  const judge = (answer: ImageCheckAnswer): Verdict => {
    if (!(answer.fatal instanceof CredentialsRefused) || wanted.newSetUntil === undefined) return { retry: false }
    const wait = waitWithin(wanted.newSetUntil, backoffDelay(++refusals, NEW_SET_RETRY))
    if (wait === undefined) return { retry: false }
    const note =
      `Registry ${host} refused the new credential set ${wanted.username} (a set made seconds ago can take a few seconds ` +
      `to be accepted); retrying in ${(wait / 1000).toFixed(1)} s.`
    return { retry: true, delayMs: wait, note }
  }
  const { result: checked } = await retrying(
    n =>
      checkImages(
        {
          registry: host,
          images,
          username: wanted.username,
          secret: wanted.secret,
          mask: maskToken,
          onRetry: message => core.info(message),
          proxy: wanted.proxy,
          release: wanted.release,
          deadline: n === 1 ? started?.deadline : undefined
        },
        n === 1 ? started?.signedIn : undefined
      ),
    judge,
    sleep,
    note => core.info(note)
  )
  const rows = checked.rows
  const ctx = { registry: host, scopes: wanted.scopes }
  const lines = imageLines(rows, ctx)
  if (checked.fatal instanceof CredentialsRefused && wanted.newSetUntil !== undefined) {
    const waited = Math.round((Date.now() - since) / 1000)
    const error = newSetStillRefused({
      registry: host,
      username: wanted.username,
      refused: checked.fatal,
      waitedS: waited
    })
    return { rows, lines, error, headline: error.title }
  }
  if (checked.fatal) return { rows, lines, error: checked.fatal, headline: checked.fatal.title }
  if (checked.signIn === 'anonymous') warn(anonymousRegistry(host))
  if (checked.release !== undefined) {
    const how =
      wanted.release?.kind === 'latest'
        ? `the newest ${wanted.release.fips === true ? 'FIPS release' : 'release'} every image without a tag has`
        : 'as `release` names it, for every image without a tag'
    core.info(`Release: ${checked.release}, ${how}.`)
  }
  const digests: string[] = []
  const json: ImageJson[] = []
  for (const row of rows) {
    if (row.result.kind === 'ok') {
      core.info(`${shownRef(row.image)}: will pull, ${row.result.digest}.`)
      digests.push(digestLine(row.image, row.result.digest))
      json.push(imageJson(row.image, host, row.result.digest))
    }
  }
  const error = failureOf(rows, ctx)
  if (error) return { rows, lines, error, headline: imagesFailedHeadline(rows, host) }
  return { rows, lines, digests, json, ...(checked.release !== undefined ? { release: checked.release } : {}) }
}
