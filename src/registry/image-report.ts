// Pure translation of registry answers into results and actionable messages
// for the image preflight: one line per image, one error for the whole run.
import { ActionError } from '../errors.js'
import type { ImageRef } from './image-ref.js'
import { sanitize, textField } from '../report/sanitize.js'
import { checkScopes } from '../deepgram/scopes.js'

export type ImageResult =
  | { kind: 'ok'; digest: string }
  /** 401/403 on the manifest although the credentials were accepted. */
  | { kind: 'denied'; status: number }
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
  /** Not checked because the registry as a whole failed (see the run's error). */
  | { kind: 'not-checked' }

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
  let json: unknown
  try {
    json = JSON.parse(body.replace(/^\uFEFF/, ''))
  } catch {
    return {}
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return {}
  const o = json as Record<string, unknown>
  const errors = o['errors']
  if (Array.isArray(errors) && typeof errors[0] === 'object' && errors[0] !== null) {
    const e = errors[0] as Record<string, unknown>
    return { code: str(e['code'], 60), message: str(e['message']) }
  }
  return { message: str(o['details']) ?? str(o['error_description']) ?? str(o['message']) ?? str(o['error']) }
}

export function formatSaid(said: RegistryMessage): string {
  if (said.message) return ` The registry said: ${JSON.stringify(said.message)}${said.code ? ` (${said.code})` : ''}.`
  if (said.code) return ` The registry said: ${said.code}.`
  return ''
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

function repoAt(image: ImageRef, registry: string): string {
  return `repository ${image.name} on ${registry}`
}

function deniedAdvice(image: ImageRef, status: number, ctx: ReportContext): string {
  const base =
    `this credential set cannot pull ${repoAt(image, ctx.registry)} (HTTP ${status} although the registry accepted the secret; ` +
    'quay answers the same for a repository that does not exist, so check the name too).'
  const hint = scopeHint(image.name)
  if (hint === undefined) {
    return `${base} Check that the set was created with the scope of the product this image belongs to.`
  }
  const carried = checkScopes(ctx.scopes, [hint]).ok
  return carried
    ? `${base} Its name suggests the scope ${hint} (a hint: the mapping is not documented), which the set carries, so the registry grants the set less than its scopes say: ask Deepgram support, quoting the set's ID.`
    : `${base} Its name suggests the scope ${hint} (a hint: the mapping is not documented), which the set lacks: create a set with ${hint}, and add it to \`required-scopes\`.`
}

/** What went wrong with one image and what to do; undefined when it will pull. */
export function imageProblem(row: ImageRow, ctx: ReportContext): string | undefined {
  const { image, result } = row
  const r = result
  switch (r.kind) {
    case 'ok':
      return undefined
    case 'denied':
      return deniedAdvice(image, r.status, ctx)
    case 'unknown':
      return image.digest !== undefined
        ? `no manifest with digest ${image.digest} in ${repoAt(image, ctx.registry)} (HTTP ${r.status}): check the digest, or pin a tag.`
        : `the tag ${image.tag ?? 'latest'} does not exist in ${repoAt(image, ctx.registry)} (HTTP ${r.status}): check the tag against the release you deploy (Deepgram's tags look like release-YYMMDD) and the repository name.`
    case 'mismatch':
      return `asked for digest ${image.digest ?? ''}, the registry answered with ${r.digest}: do not deploy this; re-run the job and report it if it persists.`
    case 'redirected':
      return (
        `the registry redirected the manifest request (HTTP ${r.status}${r.location ? ` to ${JSON.stringify(r.location)}` : ''}), ` +
        'which this action does not follow so that the credentials go nowhere else: set `registry` to the registry that serves the images.'
      )
    case 'error': {
      const tries = r.attempts > 1 ? ` after ${r.attempts} attempts` : ''
      const what =
        r.status === 429
          ? 'kept rate-limiting the request: re-run later.'
          : r.status >= 500
            ? 'failed: the trouble is on the registry side; re-run later.'
            : 'gave an answer this action does not expect for a manifest.'
      return `the registry answered HTTP ${r.status}${tries} and ${what}${formatSaid(r.said)}`
    }
    case 'no-answer':
      return r.timedOut
        ? `${r.detail}: check the runner's network and proxy settings (HTTPS_PROXY/NO_PROXY), then re-run.`
        : `could not reach the registry (${r.detail}): check \`registry\`, DNS and the proxy settings.`
    case 'foreign':
      return `it names the registry ${r.registry}, not ${ctx.registry}, so it was not checked and no credentials were sent: write it as ${ctx.registry}/${image.name} or without a registry, or check it in a step for that registry.`
    case 'not-checked':
      return 'not checked: the registry check stopped before this image (see the error).'
  }
}

/** The summary's result column. */
export function resultLabel(result: ImageResult): string {
  switch (result.kind) {
    case 'ok':
      return '✓ will pull'
    case 'denied':
      return '✗ no access'
    case 'unknown':
      return '✗ not found'
    case 'mismatch':
      return '✗ digest mismatch'
    case 'foreign':
      return '✗ other registry'
    case 'not-checked':
      return '– not checked'
    default:
      return '✗ registry error'
  }
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
    reference: row.image.given,
    result: resultLabel(row.result),
    ...(row.result.kind === 'ok' ? { digest: row.result.digest } : { problem: imageProblem(row, ctx) })
  }))
}

/** The one error for every image that would not pull. */
export function imagesError(rows: readonly ImageRow[], ctx: ReportContext): ActionError | undefined {
  const problems = rows.flatMap(row => {
    const p = imageProblem(row, ctx)
    return p === undefined ? [] : [`- ${row.image.given}: ${p}`]
  })
  if (problems.length === 0) return undefined
  const n = problems.length
  return new ActionError(
    'Images would not pull',
    `${n} of ${rows.length} image${rows.length === 1 ? '' : 's'} would not pull from ${ctx.registry}; did not log in:\n${problems.join('\n')}`
  )
}

/** The references that name another registry: refused before any request. */
export function foreignError(foreign: readonly ImageRef[], registry: string): ActionError {
  const list = foreign.map(f => `${f.given} (registry ${f.host ?? ''})`).join(', ')
  return new ActionError(
    'Image on another registry',
    `\`images\` lists ${list}, but this credential set signs in to ${registry} only: its secret is never sent to another registry, so no image was checked. ` +
      `Write those images as ${registry}/<repository>:<tag> (or without a registry), or check them in a separate step for their registry.`
  )
}

// Failures of the registry as a whole: no image could be checked.

const cap = (text: string): string => `${text.charAt(0).toUpperCase()}${text.slice(1)}`

export function credentialsRejected(
  registry: string,
  username: string,
  status: number,
  byTokenEndpoint: boolean,
  said: RegistryMessage
): ActionError {
  const where = byTokenEndpoint ? "the registry's token endpoint" : 'the registry'
  return new ActionError(
    'Registry credentials rejected',
    `${cap(where)} of ${registry} refused ${username} with the given secret (HTTP ${status}): ` +
      "`secret` does not belong to this credential set. Deepgram shows a set's secret only once, when the set is created: " +
      'pass that secret, or, if it is lost, create a new set and store its secret.' +
      formatSaid(said)
  )
}

export function realmRefused(registry: string, realm: string, problem: string): ActionError {
  return new ActionError(
    'Registry token realm refused',
    `The registry ${registry} sends clients for a token to ${JSON.stringify(sanitize(realm, 200))}, which ${problem}: ` +
      'the secret was not sent there and no image was checked. A registry must ask for tokens over https (plain http only on a loopback host); check `registry`.'
  )
}

export interface NoAnswer {
  timedOut: boolean
  /** Node's error code, or "no complete answer within N s". */
  detail: string
  /** " (N attempts)" or "". */
  tries: string
}

export function registryNoAnswer(registry: string, what: string, failure: NoAnswer): ActionError {
  if (failure.timedOut) {
    return new ActionError(
      'Registry timed out',
      `${cap(what)} of ${registry} gave ${failure.detail}${failure.tries}, so no image was checked. ` +
        'Check that the runner can reach it (HTTPS_PROXY/NO_PROXY on self-hosted runners) and re-run the job.'
    )
  }
  return new ActionError(
    'Registry unreachable',
    `Could not reach ${what} of ${registry} (${failure.detail})${failure.tries}, so no image was checked. ` +
      "Check `registry` and the runner's network; self-hosted runners behind a proxy need HTTPS_PROXY (and NO_PROXY) set."
  )
}

export function unexpectedRegistryAnswer(
  registry: string,
  what: string,
  status: number,
  attempts: number,
  said: RegistryMessage,
  advice: string
): ActionError {
  const tries = attempts > 1 ? ` after ${attempts} attempts` : ''
  const transient =
    status === 429 || status >= 500 ? ' The trouble is on the registry side: re-run later.' : ` ${advice}`
  return new ActionError(
    'Unexpected registry answer',
    `${cap(what)} of ${registry} answered HTTP ${status}${tries}, so no image was checked.${transient}${formatSaid(said)}`
  )
}
