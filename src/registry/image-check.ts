// The image check as the main step drives it, in one object: started before the
// Deepgram API is asked (so that the registry sign-in runs meanwhile, when the
// registry and the set's secret are known beforehand), finished once the set
// checks out, or abandoned when a step failed. The check itself (preflight.ts
// and the registry client) is loaded only here, when `images` is set.
import type { ProxySettings } from '../http/proxy.js'
import type { ImageRef } from './image-ref.js'
import type { EarlySignIn, ImagesToCheck } from './preflight.js'
import type { ImageCheckReport } from './results.js'

/** What is known before the API answers. */
export interface ImageCheckStart {
  images: readonly ImageRef[]
  proxy?: ProxySettings
  /** A stored set's sign-in, to start now: the registry known beforehand (the `registry` input,
   * else quay.io), the set's username and secret. Absent for a set made for the job, whose
   * secret comes with it: its sign-in waits for finish(). */
  signIn?: { registry: string; username: string; secret: string }
}

/** What the set's answer adds: its registry, username and secret (they win over the early
 * sign-in's, which is dropped when its registry differs), its scopes, and `release`. */
type ImageCheckFinish = Omit<ImagesToCheck, 'images' | 'proxy'>

export interface ImageCheck {
  /** Checks the images, using the sign-in started early when it is for this registry. */
  finish(wanted: ImageCheckFinish): Promise<ImageCheckReport>
  /** Settles once the sign-in started early has ended, or after a grace of 1 s, whichever
   * comes first: a failed step does not wait for a silent registry. Harmless after finish(). */
  abandon(): Promise<void>
}

/** How long a failed step waits for a sign-in it no longer needs. */
const SIGN_IN_GRACE_MS = 1000

/** Starts the image check: loads it, and signs in at once when `start.signIn` is given. */
export function startImageCheck(start: ImageCheckStart): ImageCheck {
  const { images, proxy } = start
  const preflight = import('./preflight.js')
  const known = start.signIn
  const early: Promise<EarlySignIn | undefined> =
    known === undefined ? Promise.resolve(undefined) : preflight.then(p => p.signInEarly({ images, proxy, ...known }))
  // Awaited only if the set checks out; until then a failure must not surface as unhandled.
  early.catch(() => undefined)
  return {
    finish: async wanted => (await preflight).preflightImages({ ...wanted, images, proxy }, await early),
    abandon: () => settled(early, SIGN_IN_GRACE_MS)
  }
}

async function settled(early: Promise<EarlySignIn | undefined>, graceMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  const grace = new Promise<void>(resolve => {
    timer = setTimeout(resolve, graceMs)
    timer.unref()
  })
  await Promise.race([early.then(started => started?.signedIn).catch(() => undefined), grace])
  clearTimeout(timer)
}
