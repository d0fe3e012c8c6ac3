// Every sentence a user reads about the registry and the image check: why an
// image would not pull and what to do, and failures of the registry as a whole. Pure.
import { ActionError } from '../errors.js'
import { checkScopes } from '../deepgram/scopes.js'
import { TIMEOUT_ADVICE, PROXY_VARIABLES, unreachableAdvice } from '../http/messages.js'
import { sanitize } from '../report/sanitize.js'
import type { ImageRef } from './image-ref.js'
import { scopeHint, type ImageResult, type ImageRow, type RegistryMessage, type ReportContext } from './image-report.js'

export function formatSaid(said: RegistryMessage): string {
  if (said.message) return ` The registry said: ${JSON.stringify(said.message)}${said.code ? ` (${said.code})` : ''}.`
  if (said.code) return ` The registry said: ${said.code}.`
  return ''
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
        ? `${r.detail}: check the runner's network and proxy settings (${PROXY_VARIABLES}), then re-run.`
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
      `${cap(what)} of ${registry} gave ${failure.detail}${failure.tries}, so no image was checked. ${TIMEOUT_ADVICE}`
    )
  }
  return new ActionError(
    'Registry unreachable',
    `Could not reach ${what} of ${registry} (${failure.detail})${failure.tries}, so no image was checked. ${unreachableAdvice('registry')}`
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

// Advice for an answer the sign-in did not expect.

export function redirectAdvice(to: string | undefined): string {
  return `It redirected${to ? ` to ${JSON.stringify(to)}` : ''}, which this action does not follow so that credentials go nowhere else: set \`registry\` to the registry itself.`
}

export const CHECK_REGISTRY = 'Check `registry`.'
export const PROBE_ADVICE = 'A registry answers GET /v2/ with 401 or 200: check `registry`.'
export const NO_TOKEN_ADVICE =
  'Its body holds no usable token (a JSON object with `token` or `access_token` expected): check `registry`.'

export function unknownChallengeAdvice(schemes: string): string {
  return `It asks for an authentication this action does not speak (challenges: ${schemes}; Bearer with a realm, or Basic, expected): check \`registry\`.`
}

export const MANIFEST_TOO_LARGE =
  'the manifest is larger than 4 MiB, the most a registry may serve, so its digest cannot be checked'

// The log of the image check.

export function checkingImages(count: number, host: string): string {
  return `Checking ${count} image${count === 1 ? '' : 's'} on ${host} through the registry API.`
}

export function willPull(given: string, digest: string): string {
  return `${given}: will pull, ${digest}.`
}

export function anonymousRegistry(host: string): { title: string; message: string } {
  return {
    title: 'Registry asked for no credentials',
    message: `The registry ${host} asked for no credentials, so the images were checked anonymously and the secret was not proven by this check.`
  }
}
