// Pure: registry answers as results, one per image, and the lines the job
// summary shows for them (the words are messages.ts's).
import { jsonObject } from '../json.js'
import type { ImageRef } from './image-ref.js'
import { textField } from '../report/sanitize.js'
import { imageProblem, resultLabel } from './messages.js'
import { shownRef } from './pins.js'

export type ImageResult =
  | { kind: 'ok'; digest: string }
  /** 401/403 on the manifest although the credentials were accepted; `anonymous`
   * when no credentials were sent at all (the registry asked for none it could take). */
  | { kind: 'denied'; status: number; anonymous?: true }
  /** 404: no such tag (or digest, or repository). */
  | { kind: 'unknown'; status: number }
  /** A request by digest answered with another digest. */
  | { kind: 'mismatch'; digest: string }
  | { kind: 'redirected'; status: number; location?: string }
  /** Any other answer, quoted from the registry's error body when it has one. */
  | { kind: 'error'; status: number; attempts: number; said: RegistryMessage }
  | { kind: 'no-answer'; timedOut: boolean; detail: string }
  /** Refused before any request: another registry. */
  | { kind: 'foreign'; registry: string }
  /** A 2xx answer that is no manifest: a Content-Type not asked for (or none),
   * or a body that is not a manifest of its type. The host is not a registry. */
  | { kind: 'not-manifest'; status: number; contentType?: string; badBody?: true }
  /** Not checked because the registry as a whole failed (see the run's error), (`release`)
   * because no release could be chosen: another image's tags could not be read, or,
   * with `limitS`, because the image check's time limit ran out first. */
  | { kind: 'not-checked'; why?: 'no-release'; limitS?: number }
  /** `release: latest` could not read this image's tags. */
  | { kind: 'tags-failed'; failure: TagsFailure }
  /** `release: latest` found no release every tagless image has; this one's newest (undefined: it has none). */
  | { kind: 'no-release'; newest?: string }

/** Why the tags of one image could not be read (`release: latest`). */
export type TagsFailure =
  | { kind: 'denied'; status: number }
  | { kind: 'unknown'; status: number }
  | { kind: 'redirected'; status: number; location?: string }
  | { kind: 'error'; status: number; attempts: number; said: RegistryMessage }
  | { kind: 'no-answer'; timedOut: boolean; detail: string }
  /** The Link names another origin or path: not followed. The URL is sanitised. */
  | { kind: 'elsewhere'; url: string }
  /** The Link names no URL. */
  | { kind: 'bad-link'; url: string }
  /** The Link names a page already read. */
  | { kind: 'loop' }
  | { kind: 'too-many-pages'; pages: number }
  /** A 2xx whose body is not a tags list, or longer than a page may be. */
  | { kind: 'bad-body' }

export interface ImageRow {
  image: ImageRef
  result: ImageResult
}

export interface RegistryMessage {
  code?: string
  message?: string
}

const str = (v: unknown, max = 200): string | undefined => textField(v, max)

/** The distribution spec's error body (`{"errors":[{"code","message"}]}`), or
 * the `details`/`error` fields token servers use; sanitised. */
export function parseRegistryMessage(body: string): RegistryMessage {
  const o = jsonObject(body)
  if (o === undefined) return {}
  const errors = o['errors']
  if (Array.isArray(errors) && typeof errors[0] === 'object' && errors[0] !== null) {
    const e = errors[0] as Record<string, unknown>
    return { code: str(e['code'], 60), message: str(e['message']) }
  }
  return { message: str(o['details']) ?? str(o['error_description']) ?? str(o['message']) ?? str(o['error']) }
}

const PRODUCTS = ['api', 'engine', 'license-proxy', 'billing', 'dgtools', 'hotpepper', 'metrics-server']

/** The scope a repository's name suggests (self-hosted-engine -> self-hosted:product:engine,
 * onprem-api -> self-hosted:product:api). A hint only: Deepgram documents no mapping. */
export function scopeHint(name: string): string | undefined {
  const last = name.split('/').pop() ?? ''
  const m = /^(?:self-hosted|onprem)-(.+)$/.exec(last)
  return m && PRODUCTS.includes(m[1] as string) ? `self-hosted:product:${m[1]}` : undefined
}

export interface ReportContext {
  /** The registry host the images were checked on. */
  registry: string
  /** The set's scopes as the API listed them, for the hint. */
  scopes: readonly string[]
}

/** One image as the job summary shows it: plain text, escaped by the summary. */
export interface ImageLine {
  reference: string
  result: string
  digest?: string
  problem?: string
}

export function imageLines(rows: readonly ImageRow[], ctx: ReportContext): ImageLine[] {
  return rows.map(row => ({
    reference: shownRef(row.image),
    result: resultLabel(row.result),
    ...(row.result.kind === 'ok' ? { digest: row.result.digest } : { problem: imageProblem(row, ctx) })
  }))
}
