// The image check's results, as types: what the registry answered for each
// image, and what the check hands back. No logic, no imports beyond types.
import type { ActionError } from '../errors.js'
import type { ImageRef } from './image-ref.js'
import type { ImageJson } from './pins.js'

/** The error a registry sent, from its body: sanitised, for quoting. */
export interface RegistryMessage {
  code?: string
  message?: string
}

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
  | NotChecked
  /** `release: latest` could not read this image's tags. */
  | { kind: 'tags-failed'; failure: TagsFailure }
  /** `release: latest` found no release every tagless image has; this one's newest (undefined: it has none). */
  | { kind: 'no-release'; newest?: string; fips?: true }

/** Not checked: the registry as a whole failed (see the run's error); (`release`) no release
 * could be chosen, because another image's tags could not be read; or the image check's
 * time limit ran out first (`limitS`), while the tags list of `tagsOf` was still being read
 * when it ran out during `release: latest`. */
type NotChecked =
  | { kind: 'not-checked'; why?: undefined; limitS?: undefined }
  | { kind: 'not-checked'; why: 'no-release'; limitS?: undefined }
  | { kind: 'not-checked'; why?: undefined; limitS: number; tagsOf?: string }

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
  /** More tags than one image's list may have: reading stopped at `max`. */
  | { kind: 'too-many-tags'; max: number }
  /** A 2xx whose body is not a tags list, or longer than a page may be. */
  | { kind: 'bad-body' }

export interface ImageRow {
  image: ImageRef
  result: ImageResult
}

/** What the words about a result need besides the row. */
export interface ReportContext {
  /** The registry host the images were checked on. */
  registry: string
  /** The set's scopes as the API listed them, for the hint when a repository is refused. */
  scopes: readonly string[]
}

/** One image as the job summary shows it: plain text, escaped by the summary. */
export interface ImageLine {
  reference: string
  result: string
  digest?: string
  problem?: string
}

/** How the registry was signed in to; anonymous when it asked for no credentials. */
export type SignIn = 'bearer' | 'basic' | 'anonymous'

/** What the image check found, for the main step's outputs and summary. */
export interface ImageCheckReport {
  rows: ImageRow[]
  /** The rows as the job summary shows them. */
  lines: ImageLine[]
  /** `<reference as given>@sha256:<digest>`, in order; set only when every image will pull. */
  digests?: string[]
  /** The same, as the `images-json` output's objects. */
  json?: ImageJson[]
  /** The tag the tagless images got (`release` set); only when every image will pull. */
  release?: string
  error?: ActionError
  /** With `error`: the job summary's one line for it. */
  headline?: string
}

// What the words about a failure need (messages.ts words them; the other files decide them).

/** The scope a refused repository's name suggests, and whether the set carries it. */
export interface ScopeHint {
  scope: string
  carried: boolean
}

/** An image that would not pull, as an error lists it: the reference shown, and its problem. */
export interface ProblemLine {
  shown: string
  problem: string
}

/** The sign-in request a failure is about: GET /v2/ (with or without credentials), or the token endpoint. */
export type SignInStep = 'api' | 'token'

/** Why a sign-in answer was not one this action can use, when the registry is not simply failing. */
export type UnexpectedWhy =
  /** GET /v2/ answered neither 401 nor 2xx. */
  | { kind: 'not-a-registry' }
  /** Another answer a sign-in request does not expect. */
  | { kind: 'unexpected' }
  | { kind: 'redirect'; to?: string }
  /** A 2xx from the token endpoint without a usable token. */
  | { kind: 'no-token' }
  /** A 401 asking for an authentication this action does not speak; `schemes` are sanitised. */
  | { kind: 'challenge'; schemes: string }
