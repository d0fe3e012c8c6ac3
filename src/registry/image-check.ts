// The image check as the main step drives it: started before the Deepgram API is asked (a stored
// set signs in meanwhile), finished once the set checks out, or abandoned when a step failed.
// The check itself is loaded only here, when `images` is set.
import type { ProxySettings } from '../http/proxy.js'
import type { ImageRef } from './image-ref.js'
import type { EarlySignIn, ImagesToCheck } from './preflight.js'
import type { ImageCheckReport } from './results.js'

/** What is known before the API answers; `signIn`: a stored set's, to start now (a set made for
 * the job has its secret only later). */
export interface ImageCheckStart {
  images: readonly ImageRef[]
  proxy?: ProxySettings
  signIn?: { registry: string; username: string; secret: string }
}

/** finish() uses the early sign-in when it is for the set's registry. abandon() settles when that
 * sign-in has ended or after 1 s: a failed step does not wait for a silent registry. */
export interface ImageCheck {
  finish(wanted: Omit<ImagesToCheck, 'images' | 'proxy'>): Promise<ImageCheckReport>
  abandon(): Promise<void>
}

const SIGN_IN_GRACE_MS = 1000

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
    abandon: async () => {
      let timer: NodeJS.Timeout | undefined
      const grace = new Promise<void>(resolve => {
        timer = setTimeout(resolve, SIGN_IN_GRACE_MS)
        timer.unref()
      })
      await Promise.race([early.then(started => started?.signedIn).catch(() => undefined), grace])
      clearTimeout(timer)
    }
  }
}
