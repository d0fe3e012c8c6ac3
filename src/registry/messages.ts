// Every sentence a user reads about the registry and the image check: why an
// image would not pull and what to do, and failures of the registry as a whole.
// Wording only: which rows fail, and which scope a repository hints at, are
// decided by image-report.ts. Pure.
import { PROXY_VARIABLES } from '../http/messages.js'
import type { ImageRef } from './image-ref.js'
import type * as R from './results.js'

export function formatSaid(said: R.RegistryMessage): string {
  if (said.message) return ` The registry said: ${JSON.stringify(said.message)}${said.code ? ` (${said.code})` : ''}.`
  if (said.code) return ` The registry said: ${said.code}.`
  return ''
}

const repoAt = (image: ImageRef, registry: string): string => `repository ${image.name} on ${registry}`

function deniedAdvice(image: ImageRef, status: number, registry: string, hint: R.ScopeHint | undefined): string {
  const base =
    `this credential set cannot pull ${repoAt(image, registry)} (HTTP ${status} although the registry accepted the secret; ` +
    'quay answers the same for a repository that does not exist, so check the name too).'
  if (hint === undefined)
    return `${base} Check that the set was created with the scope of the product this image belongs to.`
  const { scope } = hint
  return hint.carried
    ? `${base} Its name suggests the scope ${scope} (a hint: the mapping is not documented), which the set carries, so the registry grants the set less than its scopes say: ask Deepgram support, quoting the set's ID.`
    : `${base} Its name suggests the scope ${scope} (a hint: the mapping is not documented), which the set lacks: create a set with ${scope}, and add it to \`required-scopes\`.`
}

const NAME_THE_RELEASE = 'Name the release in `release` (like release-260812) instead of latest.'

/** 404 on a manifest: the release, the digest or the tag asked for is not there. */
function unknownProblem(image: ImageRef, status: number, registry: string): string {
  if (image.fromRelease) {
    const latest = image.tag?.endsWith('-fips') === true ? 'latest-fips' : 'latest'
    return `the release ${image.tag ?? ''} (from \`release\`) does not exist in ${repoAt(image, registry)} (HTTP ${status}): set \`release\` to a release every image has, or to ${latest} for the newest one they share.`
  }
  if (image.digest !== undefined) {
    return `no manifest with digest ${image.digest} in ${repoAt(image, registry)} (HTTP ${status}): check the digest, or pin a tag.`
  }
  if (image.tag === undefined) {
    return (
      `the tag latest does not exist in ${repoAt(image, registry)} (HTTP ${status}): the image was given without a tag, which means latest. ` +
      `Set \`release: latest\` to use the newest release every image given without a tag has, or name a release tag, like ${image.given}:release-260812.`
    )
  }
  return `the tag ${image.tag} does not exist in ${repoAt(image, registry)} (HTTP ${status}): check the tag against the release you deploy (Deepgram's tags look like release-YYMMDD) and the repository name.`
}

/** The image check's limit ran out before this image was checked. */
function outOfTimeProblem(image: ImageRef, limitS: number, tagsOf: string | undefined): string {
  if (tagsOf === undefined) {
    return `not checked: the image check stops after ${limitS} s, and this image had no answer by then. Re-run the job; if it persists, the registry is slow or hangs on this manifest.`
  }
  // The image whose own tags list it was: given without a tag or digest.
  const own = image.tag === undefined && image.digest === undefined && image.name === tagsOf
  return (
    `not checked: the image check stops after ${limitS} s, and the tags list of ${tagsOf} (read for \`release: latest\`) was still being read then` +
    `${own ? '' : ", before this image's manifest was asked for"}. ` +
    'Re-run the job; if it persists, the registry is slow or hangs on that tags list: name the release in `release` (like release-260812) instead of latest.'
  )
}

/** The redirect of a request for `what`, not followed. */
function redirected(what: string, status: number, location: string | undefined): string {
  return (
    `the registry redirected ${what} (HTTP ${status}${location ? ` to ${JSON.stringify(location)}` : ''}), ` +
    'which this action does not follow so that the credentials go nowhere else: set `registry` to the registry that serves the images.'
  )
}

export const after = (attempts: number): string => (attempts > 1 ? ` after ${attempts} attempts` : '')

/** What went wrong with one image and what to do (`hint`: for a refusal); undefined when it will pull. */
export function imageProblem(p: { row: R.ImageRow; registry: string; hint?: R.ScopeHint }): string | undefined {
  const { row, registry, hint } = p
  const { image, result: r } = row
  switch (r.kind) {
    case 'ok':
      return undefined
    case 'denied':
      return r.anonymous
        ? `the registry refused ${repoAt(image, registry)} to a request without credentials (HTTP ${r.status}) and asked for none this action can send ` +
            '(a Bearer challenge with a realm, or Basic), so the secret was never sent and this check proved nothing about it: check `registry`.'
        : deniedAdvice(image, r.status, registry, hint)
    case 'unknown':
      return unknownProblem(image, r.status, registry)
    case 'mismatch':
      return `asked for digest ${image.digest ?? ''}, the registry answered with ${r.digest}: do not deploy this; re-run the job and report it if it persists.`
    case 'redirected':
      return redirected('the manifest request', r.status, r.location)
    case 'error': {
      const what =
        r.status === 429
          ? 'kept rate-limiting the request: re-run later.'
          : r.status >= 500
            ? 'failed: the trouble is on the registry side; re-run later.'
            : 'gave an answer this action does not expect for a manifest.'
      return `the registry answered HTTP ${r.status}${after(r.attempts)} and ${what}${formatSaid(r.said)}`
    }
    case 'no-answer':
      return r.timedOut
        ? `${r.detail}: check the runner's network and proxy settings (${PROXY_VARIABLES}), then re-run.`
        : `could not reach the registry (${r.detail}): check \`registry\`, DNS and the proxy settings.`
    case 'foreign':
      return `it names the registry ${r.registry}, not ${registry}, so it was not checked and no credentials were sent: write it as ${registry}/${image.name} or without a registry, or check it in a step for that registry.`
    case 'not-manifest': {
      const what = r.badBody
        ? `a body that is not a manifest of its Content-Type ${JSON.stringify(r.contentType ?? '')}`
        : r.contentType
          ? `Content-Type ${JSON.stringify(r.contentType)}, not one of the manifest types asked for`
          : 'no Content-Type, where a manifest type was asked for'
      return `${registry} answered HTTP ${r.status} with ${what}: it does not look like a container registry (a website answers every path), so the image was not found there. Check \`registry\`.`
    }
    case 'not-checked':
      if (r.limitS !== undefined) return outOfTimeProblem(image, r.limitS, r.tagsOf)
      return r.why === 'no-release'
        ? "not checked: no release could be chosen, because another image's tags could not be read."
        : 'not checked: the registry check stopped before this image (see the error).'
    case 'tags-failed':
      return tagsProblem(image, r.failure, registry, hint)
    case 'no-release': {
      const kind = r.fips ? 'FIPS release' : 'release'
      return `${r.newest ? `its newest ${kind} is ${r.newest}` : `it has no ${kind} tag (${r.fips ? 'release-YYMMDD-fips' : 'release-YYMMDD'})`}, and no ${kind} is on every image given without a tag.`
    }
  }
}

/** Why `release: latest` could not read an image's tags, and what to do. */
function tagsProblem(image: ImageRef, f: R.TagsFailure, registry: string, hint: R.ScopeHint | undefined): string {
  switch (f.kind) {
    case 'denied':
      return deniedAdvice(image, f.status, registry, hint)
    case 'unknown':
      return `the repository ${image.name} does not exist on ${registry} (HTTP ${f.status} on its tags list): check the name.`
    case 'redirected':
      return redirected('the tags list', f.status, f.location)
    case 'error': {
      const what =
        f.status === 429 || f.status >= 500
          ? 're-run later, or name the release in `release`.'
          : `this action does not expect that for a tags list. ${NAME_THE_RELEASE}`
      return `the registry answered its tags list with HTTP ${f.status}${after(f.attempts)}: ${what}${formatSaid(f.said)}`
    }
    case 'no-answer':
      return f.timedOut
        ? `its tags list: ${f.detail}: check the runner's network and proxy settings (${PROXY_VARIABLES}), then re-run.`
        : `could not reach the registry for its tags list (${f.detail}): check \`registry\`, DNS and the proxy settings.`
    case 'elsewhere':
      return `its tags list links the next page to ${JSON.stringify(f.url)}, which is not the tags list of ${image.name} on ${registry}: not followed, so that the token goes nowhere else. ${NAME_THE_RELEASE}`
    case 'bad-link':
      return `its tags list names a next page that is not a URL (${JSON.stringify(f.url)}): not followed. ${NAME_THE_RELEASE}`
    case 'loop':
      return `its tags list links back to a page already read: not followed again. ${NAME_THE_RELEASE}`
    case 'too-many-pages':
      return `its tags list goes on past ${f.pages} pages: stopped there. ${NAME_THE_RELEASE}`
    case 'too-many-tags':
      return `its tags list holds more than ${f.max.toLocaleString('en-US')} tags: stopped reading there. ${NAME_THE_RELEASE}`
    case 'bad-body':
      return `the registry's answer to its tags list is not a tags list ({"tags": [...]}, at most 1 MiB a page). ${NAME_THE_RELEASE}`
  }
}

// Failures of the registry as a whole: no image could be checked.

export const STEP: Record<R.SignInStep, { subject: string; object: string }> = {
  api: { subject: 'The registry API (GET /v2/)', object: 'the registry API (GET /v2/)' },
  token: { subject: 'The token endpoint', object: 'the token endpoint' }
}

/** What an `error` result quotes for a manifest longer than a registry may serve. */
export const MANIFEST_TOO_LARGE =
  'the manifest is larger than 4 MiB, the most a registry may serve, so its digest cannot be checked'
