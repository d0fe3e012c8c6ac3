// The image preflight for the main step: refuse images on another registry,
// check the rest through the registry API (client.ts), log each result and
// build the `digests` and `images-json` outputs (and the release the tagless
// images got), or the one error that lists every problem. image-check.ts is
// how the main step starts and finishes it.
import * as core from '@actions/core'
import type { ProxySettings } from '../http/proxy.js'
import { ActionError, CredentialsRefused, warn } from '../errors.js'
import type { ReleaseChoice } from '../common.js'
import { registryHost, resolveImages, type ImageRef } from './image-ref.js'
import { failureOf, imageLines, imagesFailedHeadline } from './image-report.js'
import { formatSaid } from './messages.js'
import { checkImages, type ImageCheckAnswer } from './client.js'
import { IMAGE_CHECK_LIMIT_MS } from './session.js'
import { signInToRegistry, type SignedIn } from './sign-in.js'
import { newSetWait, retrying, sleep, type NewSet, type Verdict } from '../http/retry.js'
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
  /** A set made in this run: a refusal of it is retried (retry.ts's newSetWait()). */
  newSet?: NewSet
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
  if (foreign.length) return refuseForeign(wanted, foreign, host)
  core.info(`Checking ${images.length} image${images.length === 1 ? '' : 's'} on ${host} through the registry API.`)
  const since = Date.now()
  const checked = await checkWithRetries(wanted, images, host, early)
  const rows = checked.rows
  const ctx = { registry: host, scopes: wanted.scopes }
  const lines = imageLines(rows, ctx)
  const refused = checked.fatal
  if (refused instanceof CredentialsRefused && wanted.newSet !== undefined) {
    const waited = Math.round((Date.now() - since) / 1000)
    const who = refused.byTokenEndpoint ? "The registry's token endpoint" : 'The registry'
    const error = new ActionError(
      'Registry credentials rejected',
      `${who} of ${host} still refused ${wanted.username}, the credential set made for ${wanted.newSet.madeFor}, after ${waited} s of retries (HTTP ${refused.status}). ` +
        "A new set is normally accepted within seconds: re-run the job; if it persists, check that `registry` is the registry of the set's provider " +
        "(a mirror does not know Deepgram's new sets)." +
        formatSaid(refused.said)
    )
    return { rows, lines, error, headline: error.title }
  }
  if (checked.fatal) return { rows, lines, error: checked.fatal, headline: checked.fatal.title }
  if (checked.signIn === 'anonymous')
    warn({
      title: 'Registry asked for no credentials',
      message: `The registry ${host} asked for no credentials, so the images were checked anonymously and the secret was not proven by this check.`
    })
  if (checked.release !== undefined) {
    const how =
      wanted.release?.kind === 'latest'
        ? `the newest ${wanted.release.fips === true ? 'FIPS release' : 'release'} every image without a tag has`
        : 'as `release` names it, for every image without a tag'
    core.info(`Release: ${checked.release}, ${how}.`)
  }
  // Each image that will pull is logged, whether or not the others fail.
  const pinned = pins(rows, host)
  const error = failureOf(rows, ctx)
  if (error) return { rows, lines, error, headline: imagesFailedHeadline(rows, host) }
  return { rows, lines, ...pinned, ...(checked.release !== undefined ? { release: checked.release } : {}) }
}

/** Refused before any request: the secret goes to the set's registry only. */
function refuseForeign(wanted: ImagesToCheck, foreign: readonly ImageRef[], host: string): ImageCheckReport {
  const rows = wanted.images.map((image): ImageRow =>
    foreign.includes(image)
      ? { image, result: { kind: 'foreign', registry: image.host ?? '' } }
      : { image, result: { kind: 'not-checked' } }
  )
  const list = foreign.map(f => `${f.given} (registry ${f.host ?? ''})`).join(', ')
  const error = new ActionError(
    'Image on another registry',
    `\`images\` lists ${list}, but this credential set signs in to ${host} only: its secret is never sent to another registry, so no image was checked. ` +
      `Write those images as ${host}/<repository>:<tag> (or without a registry), or check them in a separate step for their registry.`
  )
  return {
    rows,
    lines: imageLines(rows, { registry: host, scopes: wanted.scopes }),
    error,
    headline: imagesFailedHeadline(rows, host)
  }
}

/** The check; a set made seconds ago may be refused until the registry knows it: tried again
 * (afresh, without the early sign-in, which serves only the registry it signed in to) until its
 * wait runs out. */
async function checkWithRetries(
  wanted: ImagesToCheck,
  images: ReturnType<typeof resolveImages>['images'],
  host: string,
  early: EarlySignIn | undefined
): Promise<ImageCheckAnswer> {
  const started = early?.host === host ? early : undefined
  let refusals = 0
  const judge = (answer: ImageCheckAnswer): Verdict => {
    if (!(answer.fatal instanceof CredentialsRefused) || wanted.newSet === undefined) return { retry: false }
    const wait = newSetWait(wanted.newSet, ++refusals)
    if (wait === undefined) return { retry: false }
    const note =
      `Registry ${host} refused the new credential set ${wanted.username} (a set made seconds ago can take a few seconds ` +
      `to be accepted); retrying in ${(wait / 1000).toFixed(1)} s.`
    return { retry: true, delayMs: wait, note }
  }
  const { username, secret, proxy, release } = wanted
  const onRetry = (message: string): void => core.info(message)
  const { result } = await retrying(
    n =>
      checkImages(
        {
          registry: host,
          images,
          username,
          secret,
          mask: maskToken,
          onRetry,
          proxy,
          release,
          deadline: n === 1 ? started?.deadline : undefined
        },
        n === 1 ? started?.signedIn : undefined
      ),
    judge,
    sleep,
    onRetry
  )
  return result
}

/** The `digests` and `images-json` outputs, each image that will pull logged. */
function pins(rows: readonly ImageRow[], host: string): { digests: string[]; json: ImageJson[] } {
  const digests: string[] = []
  const json: ImageJson[] = []
  for (const row of rows) {
    if (row.result.kind === 'ok') {
      core.info(`${shownRef(row.image)}: will pull, ${row.result.digest}.`)
      digests.push(digestLine(row.image, row.result.digest))
      json.push(imageJson(row.image, host, row.result.digest))
    }
  }
  return { digests, json }
}
