// One image's manifest check: a HEAD for its digest (GET when the registry refuses HEAD, sends no
// usable digest, or to quote an error body), and the answer as an ImageResult.
import { createHash } from 'node:crypto'
import { headerValue, NetworkFailure, type Answer, type ExchangeResult } from '../http/exchange.js'
import { sanitize } from '../sanitize.js'
import type { ResolvedImage } from './image-ref.js'
import { isManifestOf, isManifestType, MANIFEST_ACCEPT, mediaTypeOf } from './manifest.js'
import { MANIFEST_TOO_LARGE } from './messages.js'
import type { ImageResult } from './results.js'
import { parseRegistryMessage, redirectTarget, send, withAuth, type Session } from './session.js'

const DIGEST = /^sha256:[a-f0-9]{64}$/
// The spec lets registries refuse manifests over 4 MiB; a cut one would hash to the wrong digest.
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024

/** `challenge`: the 401's answer when the request went without credentials. */
export interface Checked {
  image: ResolvedImage
  result: ImageResult
  challenge?: Answer
}

const is2xx = (status: number): boolean => status >= 200 && status < 300

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
  if (type === undefined || !isManifestType(type))
    return { kind: 'not-manifest', status: answer.status, contentType: shown }
  if (withBody && !isManifestOf(type, answer.body))
    return { kind: 'not-manifest', status: answer.status, contentType: shown, badBody: true }
  return undefined
}

/** A 2xx manifest answer's Docker-Content-Digest, else the sha256 of the manifest as served (a GET
 * when the answer had no body); or why there is none. */
async function digestOf(
  first: ExchangeResult,
  gotBody: boolean,
  getManifest: () => Promise<ExchangeResult>,
  anonymous: boolean
): Promise<{ digest: string } | { result: ImageResult }> {
  const wrong = notManifest(first.answer, gotBody)
  if (wrong) return { result: wrong }
  const header = headerValue(first.answer.headers['docker-content-digest'])?.trim()
  if (!gotBody && header !== undefined && DIGEST.test(header)) return { digest: header }
  const get = gotBody ? first : await getManifest()
  const { answer, attempts } = get
  if (!is2xx(answer.status)) return { result: failed(get, anonymous) }
  if (answer.truncated)
    return { result: { kind: 'error', status: answer.status, attempts, said: { message: MANIFEST_TOO_LARGE } } }
  const wrongBody = notManifest(answer, true)
  if (wrongBody) return { result: wrongBody }
  return { digest: `sha256:${createHash('sha256').update(answer.bytes).digest('hex')}` }
}

/** `auth`: none for anonymously. */
export async function checkManifest(
  session: Session,
  image: ResolvedImage,
  auth: string | undefined
): Promise<Checked> {
  const url = `${session.base}/v2/${image.name}/manifests/${image.reference}`
  const headers = withAuth({ Accept: MANIFEST_ACCEPT }, auth)
  const anonymous = auth === undefined
  const service = `Registry ${session.registry}, ${image.name}${image.digest ? '@' : ':'}${image.reference}`
  const getManifest = (): Promise<ExchangeResult> => send(session, 'GET', url, headers, service, MAX_MANIFEST_BYTES)
  const done = (result: ImageResult, challenge?: Answer): Checked => ({ image, result, challenge })
  try {
    const head = await send(session, 'HEAD', url, headers, service)
    // A registry (or proxy) that refuses HEAD on manifests serves them on GET.
    const first = head.answer.status === 405 ? await getManifest() : head
    const { status } = first.answer
    const gotBody = first !== head
    if (is2xx(status)) {
      const found = await digestOf(first, gotBody, getManifest, anonymous)
      if ('result' in found) return done(found.result)
      const { digest } = found
      if (image.digest !== undefined && digest !== image.digest) return done({ kind: 'mismatch', digest })
      return done({ kind: 'ok', digest })
    }
    if (status === 401 && anonymous) return done(failed(first, true), first.answer)
    if (!gotBody && status >= 400 && status < 500 && ![401, 403, 404, 429].includes(status)) {
      // A HEAD answer has no body: fetch the error body once to quote its code and message.
      return done(failed(await send(session, 'GET', url, headers, service), anonymous))
    }
    return done(failed(first, anonymous))
  } catch (error) {
    if (!(error instanceof NetworkFailure)) throw error
    if (error.pastDeadline) return done({ kind: 'not-checked', limitS: session.limitMs / 1000 })
    return done({ kind: 'no-answer', timedOut: error.timedOut, detail: `${error.message}${error.tries}` })
  }
}
