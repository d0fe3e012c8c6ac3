// Every sentence a user reads about the registry and the image check: why an
// image would not pull and what to do, and failures of the registry as a whole. Pure.
import { ActionError } from '../errors.js'
import { checkScopes } from '../deepgram/scopes.js'
import { TIMEOUT_ADVICE, PROXY_VARIABLES, unreachableAdvice } from '../http/messages.js'
import { sanitize } from '../report/sanitize.js'
import type { ImageRef } from './image-ref.js'
import {
  scopeHint,
  type ImageResult,
  type ImageRow,
  type RegistryMessage,
  type ReportContext,
  type TagsFailure
} from './image-report.js'
import { shownRef } from './pins.js'

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
      return r.anonymous
        ? `the registry refused ${repoAt(image, ctx.registry)} to a request without credentials (HTTP ${r.status}) and asked for none this action can send ` +
            '(a Bearer challenge with a realm, or Basic), so the secret was never sent and this check proved nothing about it: check `registry`.'
        : deniedAdvice(image, r.status, ctx)
    case 'unknown':
      if (image.fromRelease) {
        return `the release ${image.tag ?? ''} (from \`release\`) does not exist in ${repoAt(image, ctx.registry)} (HTTP ${r.status}): set \`release\` to a release every image has, or to latest for the newest one they share.`
      }
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
    case 'not-manifest': {
      const what = r.badBody
        ? `a body that is not a manifest of its Content-Type ${JSON.stringify(r.contentType ?? '')}`
        : r.contentType
          ? `Content-Type ${JSON.stringify(r.contentType)}, not one of the manifest types asked for`
          : 'no Content-Type, where a manifest type was asked for'
      return `${ctx.registry} answered HTTP ${r.status} with ${what}: it does not look like a container registry (a website answers every path), so the image was not found there. Check \`registry\`.`
    }
    case 'not-checked':
      if (r.limitS !== undefined) {
        return `not checked: the image check stops after ${r.limitS} s, and this image had no answer by then. Re-run the job; if it persists, the registry is slow or hangs on this manifest.`
      }
      return r.why === 'no-release'
        ? "not checked: no release could be chosen, because another image's tags could not be read."
        : 'not checked: the registry check stopped before this image (see the error).'
    case 'tags-failed':
      return tagsProblem(image, r.failure, ctx)
    case 'no-release':
      return `${r.newest ? `its newest release is ${r.newest}` : 'it has no release tag (release-YYMMDD)'}, and no release is on every image given without a tag.`
  }
}

const NAME_THE_RELEASE = 'Name the release in `release` (like release-260812) instead of latest.'

/** Why `release: latest` could not read an image's tags, and what to do. */
function tagsProblem(image: ImageRef, failure: TagsFailure, ctx: ReportContext): string {
  const f = failure
  switch (f.kind) {
    case 'denied':
      return deniedAdvice(image, f.status, ctx)
    case 'unknown':
      return `the repository ${image.name} does not exist on ${ctx.registry} (HTTP ${f.status} on its tags list): check the name.`
    case 'redirected':
      return (
        `the registry redirected the tags list (HTTP ${f.status}${f.location ? ` to ${JSON.stringify(f.location)}` : ''}), ` +
        'which this action does not follow so that the credentials go nowhere else: set `registry` to the registry that serves the images.'
      )
    case 'error': {
      const tries = f.attempts > 1 ? ` after ${f.attempts} attempts` : ''
      const what =
        f.status === 429 || f.status >= 500
          ? 're-run later, or name the release in `release`.'
          : `this action does not expect that for a tags list. ${NAME_THE_RELEASE}`
      return `the registry answered its tags list with HTTP ${f.status}${tries}: ${what}${formatSaid(f.said)}`
    }
    case 'no-answer':
      return f.timedOut
        ? `its tags list: ${f.detail}: check the runner's network and proxy settings (${PROXY_VARIABLES}), then re-run.`
        : `could not reach the registry for its tags list (${f.detail}): check \`registry\`, DNS and the proxy settings.`
    case 'elsewhere':
      return `its tags list links the next page to ${JSON.stringify(f.url)}, which is not the tags list of ${image.name} on ${ctx.registry}: not followed, so that the token goes nowhere else. ${NAME_THE_RELEASE}`
    case 'bad-link':
      return `its tags list names a next page that is not a URL (${JSON.stringify(f.url)}): not followed. ${NAME_THE_RELEASE}`
    case 'loop':
      return `its tags list links back to a page already read: not followed again. ${NAME_THE_RELEASE}`
    case 'too-many-pages':
      return `its tags list goes on past ${f.pages} pages: stopped there. ${NAME_THE_RELEASE}`
    case 'bad-body':
      return `the registry's answer to its tags list is not a tags list ({"tags": [...]}, at most 1 MiB a page). ${NAME_THE_RELEASE}`
  }
}

/** `release: latest` found no release that every tagless image has: the newest of each, and any other problem. */
export function noCommonRelease(rows: readonly ImageRow[], ctx: ReportContext): ActionError {
  const newest: string[] = []
  const others: string[] = []
  for (const row of rows) {
    if (row.result.kind === 'no-release') newest.push(`${row.image.given}: ${row.result.newest ?? 'no release tag'}`)
    else {
      const problem = imageProblem(row, ctx)
      if (problem !== undefined) others.push(`- ${shownRef(row.image)}: ${problem}`)
    }
  }
  return new ActionError(
    'No common release',
    `\`release: latest\` found no release tag (release-YYMMDD) that every image given without a tag has on ${ctx.registry}, so it chose none and did not log in. ` +
      `The newest release of each: ${newest.join('; ')}. ` +
      'Set `release` to a release every one of them has, or check that `images` lists images Deepgram releases together.' +
      (others.length ? `\nAlso:\n${others.join('\n')}` : '')
  )
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
    case 'not-manifest':
      return '✗ not a registry'
    case 'not-checked':
      return '– not checked'
    case 'tags-failed':
      return '✗ tags not read'
    case 'no-release':
      return '✗ no common release'
    default:
      return '✗ registry error'
  }
}

/** The one error for every image that would not pull. */
export function imagesError(rows: readonly ImageRow[], ctx: ReportContext): ActionError | undefined {
  const problems = rows.flatMap(row => {
    const p = imageProblem(row, ctx)
    return p === undefined ? [] : [`- ${shownRef(row.image)}: ${p}`]
  })
  if (problems.length === 0) return undefined
  const unchecked = rows.filter(row => row.result.kind === 'not-checked' && row.result.limitS !== undefined)
  const n = problems.length - unchecked.length
  const of = `${rows.length} image${rows.length === 1 ? '' : 's'}`
  if (unchecked.length) {
    const limit = (unchecked[0]?.result as { limitS: number }).limitS
    const head = n > 0 ? `${n} of ${of} would not pull from ${ctx.registry}, and ` : `Of ${of} on ${ctx.registry}, `
    return new ActionError(
      'Image check ran out of time',
      `${head}${unchecked.length} ${unchecked.length === 1 ? 'was' : 'were'} left unchecked when the image check's ${limit} s limit ran out; did not log in:\n${problems.join('\n')}`
    )
  }
  return new ActionError(
    'Images would not pull',
    `${n} of ${of} would not pull from ${ctx.registry}; did not log in:\n${problems.join('\n')}`
  )
}

/** The job summary's one line for a failed image check. */
export function imagesFailedHeadline(rows: readonly ImageRow[], registry: string): string {
  if (rows.some(row => row.result.kind === 'no-release')) return 'No release is on every image given without a tag'
  if (rows.some(row => row.result.kind === 'foreign')) return 'An image is on another registry: nothing was checked'
  const failed = rows.filter(row => row.result.kind !== 'ok').length
  return `${failed} of ${rows.length} image${rows.length === 1 ? '' : 's'} would not pull from ${registry}`
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

/** The registry (or its token endpoint) refused the set's credentials: the one registry failure
 * that a set made seconds ago may see before it becomes usable, so the caller can tell it apart. */
export class CredentialsRefused extends ActionError {
  constructor(
    title: string,
    message: string,
    readonly status: number,
    readonly byTokenEndpoint: boolean,
    readonly said: RegistryMessage
  ) {
    super(title, message)
    this.name = 'CredentialsRefused'
  }
}

export function credentialsRejected(
  registry: string,
  username: string,
  status: number,
  byTokenEndpoint: boolean,
  said: RegistryMessage
): CredentialsRefused {
  const where = byTokenEndpoint ? "the registry's token endpoint" : 'the registry'
  return new CredentialsRefused(
    'Registry credentials rejected',
    `${cap(where)} of ${registry} refused ${username} with the given secret (HTTP ${status}): ` +
      "`secret` does not belong to this credential set. Deepgram shows a set's secret only once, when the set is created: " +
      'pass that secret, or, if it is lost, create a new set and store its secret.' +
      formatSaid(said),
    status,
    byTokenEndpoint,
    said
  )
}

/** A set made for this job, still refused when the wait for it ran out. */
export function newSetStillRefused(
  registry: string,
  username: string,
  refused: CredentialsRefused,
  waitedS: number
): ActionError {
  const where = refused.byTokenEndpoint ? "the registry's token endpoint" : 'the registry'
  return new ActionError(
    'Registry credentials rejected',
    `${cap(where)} of ${registry} still refused ${username}, the credential set made for this job, after ${waitedS} s of retries (HTTP ${refused.status}). ` +
      "A new set is normally accepted within seconds: re-run the job; if it persists, check that `registry` is the registry of the set's provider " +
      "(a mirror does not know Deepgram's new sets)." +
      formatSaid(refused.said)
  )
}

/** The log line before another try of a set made seconds ago. */
export function newSetRefusedNote(registry: string, username: string, delayMs: number): string {
  return (
    `Registry ${registry} refused the new credential set ${username} (a set made seconds ago can take a few seconds ` +
    `to be accepted); retrying in ${(delayMs / 1000).toFixed(1)} s.`
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

/** The image check's time limit ran out while signing in. */
export function signInOutOfTime(registry: string, what: string, limitS: number): ActionError {
  return new ActionError(
    'Image check ran out of time',
    `${cap(what)} of ${registry} had not answered when the image check's ${limitS} s limit ran out, so no image was checked. ${TIMEOUT_ADVICE}`
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

export function willPull(shown: string, digest: string): string {
  return `${shown}: will pull, ${digest}.`
}

/** The release the tagless images got. */
export function releaseChosen(tag: string, latest: boolean): string {
  return latest
    ? `Release: ${tag}, the newest release every image without a tag has.`
    : `Release: ${tag}, as \`release\` names it, for every image without a tag.`
}

export function anonymousRegistry(host: string): { title: string; message: string } {
  return {
    title: 'Registry asked for no credentials',
    message: `The registry ${host} asked for no credentials, so the images were checked anonymously and the secret was not proven by this check.`
  }
}

/** Why a token realm is refused; realmRefused() puts it in a sentence. */
export const realmProblem = {
  notAUrl: 'is not an absolute URL',
  scheme: (scheme: string): string => `uses ${scheme}, not https`,
  plainHttp: 'uses plain http to a host that is not loopback, so the secret would travel unencrypted',
  downgrade: 'uses plain http although the registry itself is reached over https',
  credentials: 'carries a user name or password',
  fragment: 'has a fragment'
} as const
