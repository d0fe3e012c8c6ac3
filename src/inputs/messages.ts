// Every sentence a user reads about the inputs: what is wrong with one and how
// to fix it. A value is quoted only in the form quote() gives (validate.ts).
import { ActionError, InputError } from '../errors.js'
import type { ReferenceProblem } from '../registry/image-ref.js'
import { sanitize } from '../sanitize.js'
import { SKIP_DEPENDABOT, SKIP_FORKS, type NoSecrets } from './event.js'

/** A value an input was given, quoted by quote() (validate.ts), for the message about `input`. */
export interface BadValue {
  input: string
  quoted: string
}

/** How quote() shows a value that shares something with the masked value of `input`. */
export function maskedValue({ length, input }: { length: number; input: string }): string {
  return `a ${length}-character value that is, contains or is part of the \`${input}\` input (not shown)`
}

export function tooLongToShow(shape: string): string {
  return `${shape} (not shown: too long to be a value of this input)`
}

export function lineBreak(input: string): InputError {
  return new InputError(input, 'must be a single line, but it contains a line break.')
}

/** `why`: when the input is required (" when `login` is true ..."), or ''. */
export function requiredButEmpty({ input, why }: { input: string; why: string }): InputError {
  return new InputError(input, `is required${why} but is empty or not set.`)
}

/** `credentials-id` or `secret` given with `ephemeral: true`. Never quotes the value. */
export function notWithEphemeral(input: string): InputError {
  return new InputError(
    input,
    'must be empty when `ephemeral` is true: the action then makes a credential set for this job and uses its secret. ' +
      'Remove `credentials-id` and `secret`, or set `ephemeral: false` to use that stored set.'
  )
}

/** `rotate` or `retire` that is not a rotation's name (sets/comment.ts's ROTATION_NAME). */
export function notARotationName({ input, quoted }: BadValue): InputError {
  return new InputError(
    input,
    `must name a rotation: 1 to 32 lower-case letters, digits and '-', starting with a letter or digit (like prod-us), got ${quoted}.`
  )
}

export function rotateWithRetire(): InputError {
  return new InputError(
    'retire',
    'must be empty when `rotate` is set: they are two steps of one rotation. `rotate` makes the new set; ' +
      "a later step, once the cluster's pull secret holds that set, has `retire` with `credentials-id` (the set to keep)."
  )
}

/** The inputs that `rotate` or `retire` refuse. */
export type NotWithRotation = 'ephemeral' | 'secret' | 'credentials-id' | 'images' | 'release' | 'docker-config'

/** Why an input does not go with `rotate` or `retire`, by input. */
const NOT_WITH_ROTATION: Record<NotWithRotation, (mode: 'rotate' | 'retire') => string> = {
  ephemeral: mode =>
    `must be false when \`${mode}\` is set: a rotation's set is kept for the cluster, while a set made for the job (\`ephemeral\`) is deleted after it. Use one or the other.`,
  secret: mode =>
    mode === 'rotate'
      ? "must be empty when `rotate` is set: the action makes the rotation's new set and uses its secret."
      : 'must be empty when `retire` is set: retiring deletes sets, which needs only the API key.',
  'credentials-id': () =>
    'must be empty when `rotate` is set: the action makes a new set for the rotation. `credentials-id` goes with `retire`, on a later step (the set to keep).',
  images: () =>
    "must be empty when `retire` is set: `retire` checks no image, it deletes the rotation's older sets. Check the images on the `rotate` step.",
  release: () => 'must be empty when `retire` is set: `retire` checks no image. Give `release` to the `rotate` step.',
  'docker-config': () =>
    "must be false when `retire` is set: `retire` writes no file, it deletes the rotation's older sets. Write the docker config file on the `rotate` step."
}

/** `input` given with `rotate` or `retire` (`mode`), which does not use it. Never quotes the value. */
export function notWithRotation({ input, mode }: { input: NotWithRotation; mode: 'rotate' | 'retire' }): InputError {
  return new InputError(input, NOT_WITH_ROTATION[input](mode))
}

/** Why `credentials-id` is required with `retire`, for requiredButEmpty(). */
export const KEEP_SET_NEEDED =
  " when `retire` is set (the set to keep: the `credentials-id` output of the `rotate` step whose set the cluster's pull secret holds)"

/** `what` the UUID is ("a Deepgram project ID"). */
export function notUuid({ input, what, quoted }: BadValue & { what: string }): InputError {
  return new InputError(input, `must be ${what} (a UUID like 123e4567-e89b-12d3-a456-426614174000), got ${quoted}.`)
}

export function controlCharacter(input: string): InputError {
  return new InputError(input, 'contains a control character; copy the value again without it.')
}

export function notAnApiKey(input: string): InputError {
  return new InputError(
    input,
    'must be a Deepgram API key: visible ASCII characters only, with no spaces. Copy the key again.'
  )
}

export function notBoolean({ input, quoted }: BadValue): InputError {
  return new InputError(input, `must be true or false (or True, TRUE, False, FALSE), got ${quoted}.`)
}

export function notAScope({ input, quoted }: BadValue): InputError {
  return new InputError(
    input,
    `has ${quoted}, which is not a self-hosted scope: use names like self-hosted:product:api, self-hosted:product:engine or self-hosted:products.`
  )
}

/** The umbrella (`scope`, as given) required of a stored set, which never lists it. */
export function umbrellaOfStoredSet({ input, scope }: { input: string; scope: string }): InputError {
  return new InputError(
    input,
    `names ${scope}, which a stored set never carries: Deepgram expands it, when a set is made, into the product scopes ` +
      'its maker holds, and lists those. For a stored set (`credentials-id`), name the product scopes this deployment ' +
      'needs instead, e.g. self-hosted:product:api, self-hosted:product:engine (the default). ' +
      `${scope} is for a set the action makes (\`ephemeral\`): every product scope the API key can grant.`
  )
}

export function registryWithScheme({ input, quoted }: BadValue): InputError {
  return new InputError(
    input,
    `must be a registry host without a scheme, like quay.io or 127.0.0.1:5000, got ${quoted}.`
  )
}

export function notARegistry({ input, quoted }: BadValue): InputError {
  return new InputError(
    input,
    `must be a registry host with an optional port, like quay.io or 127.0.0.1:5000, got ${quoted}.`
  )
}

export function notAUrl({ input, example, quoted }: BadValue & { example: string }): InputError {
  return new InputError(input, `must be an absolute URL like ${example}, got ${quoted}.`)
}

export function notHttps({ input, quoted }: BadValue): InputError {
  return new InputError(input, `must use https, got ${quoted}.`)
}

/** `quoted`: the URL's host, quoted. */
export function plainHttp({ input, quoted: quotedHost }: BadValue): InputError {
  return new InputError(
    input,
    `must use https: plain http would send the API key unencrypted to ${quotedHost} (http is allowed only for loopback hosts such as 127.0.0.1).`
  )
}

export function urlWithCredentials(input: string): InputError {
  return new InputError(input, 'must not contain a user name or password; the API key goes in `api-key`.')
}

export function urlWithQuery({ input, quoted }: BadValue): InputError {
  return new InputError(input, `must not have a query or fragment, got ${quoted}.`)
}

export function notAClient({ input, quoted }: BadValue): InputError {
  return new InputError(input, `must be docker, podman or auto (the default), got ${quoted}.`)
}

export function notARelease({ input, quoted }: BadValue): InputError {
  return new InputError(
    input,
    `must be latest (the newest release every tagless image has), latest-fips (the newest FIPS release, release-YYMMDD-fips, they all have) or a release tag like release-260812 or release-260812-fips, got ${quoted}.`
  )
}

/** `release` set, but no image it could apply to. */
export function releaseWithoutTaglessImages({
  input,
  imagesEmpty
}: {
  input: string
  imagesEmpty: boolean
}): InputError {
  const but = imagesEmpty
    ? '`images` is empty: list the images (like deepgram/self-hosted-api), or leave `release` empty.'
    : 'every image has one: write them without a tag (deepgram/self-hosted-api) to use the release, or leave `release` empty.'
  return new InputError(input, `applies to the images in \`images\` given without a tag or digest, but ${but}`)
}

export const SECRET_FOR_LOGIN = ' when `login` is true (set `login: false` to check only)'
export const SECRET_FOR_IMAGES = ' when `images` is set (the image check signs in with it)'
export const SECRET_FOR_DOCKER_CONFIG = ' when `docker-config` is true (the file holds the login)'

export function badImageReferences({ input, problems }: { input: string; problems: readonly string[] }): InputError {
  return new InputError(
    input,
    `has ${problems.length === 1 ? 'a bad reference' : 'bad references'}: ${problems.join('; ')}.`
  )
}

/** What to put in an input instead of the key or the secret (holdsMaskedInput()'s `expected`). */
export const INSTEAD_OF_MASKED = {
  registry: 'set it to a registry host, like quay.io or 127.0.0.1:5000',
  apiUrl: (example: string): string => `set it to the API's URL, like ${example}`
}

/** An input that holds the key or the secret: refused whole, never quoted, so
 * no part of it reaches a log line, a URL, DNS or a registry. */
export function holdsMaskedInput({
  input,
  maskInput,
  expected
}: {
  input: string
  maskInput: string
  expected: string
}): InputError {
  return new InputError(
    input,
    `holds the \`${maskInput}\` input (not shown), so it was not used: ${expected}, and keep the ${maskInput === 'api-key' ? 'key' : 'secret'} in \`${maskInput}\`.`
  )
}

/** The error for empty secret inputs on such a run: what happened and the `if:` that skips the step. */
export function noSecretsError({ empty, why }: { empty: readonly string[]; why: NoSecrets }): ActionError {
  const inputs =
    empty.length > 1
      ? `Inputs ${empty.map(i => `\`${i}\``).join(' and ')} are empty`
      : `Input \`${empty[0] ?? 'api-key'}\` is empty`
  if (why.kind === 'dependabot') {
    return new ActionError(
      'No secrets on a Dependabot run',
      `${inputs}: this run was started by Dependabot, and GitHub gives Dependabot runs only Dependabot secrets, not Actions secrets. ` +
        `Skip this step on Dependabot runs with \`${SKIP_DEPENDABOT}\`, or store the values as Dependabot secrets too ` +
        '(Settings → Secrets and variables → Dependabot).'
    )
  }
  const from = why.head ? `the fork ${sanitize(why.head, 100)}` : 'a fork'
  return new ActionError(
    'No secrets on a fork pull request',
    `${inputs}: this run is for a pull request from ${from}, and GitHub passes no secrets to runs for pull requests from forks. ` +
      `Skip this step on such runs with \`${SKIP_FORKS}\`.`
  )
}

/** What is wrong with one image reference; the `images` error lists them. Values come quoted by quote(). */
export function referenceProblem({ given, problem }: { given: string; problem: ReferenceProblem }): string {
  switch (problem.kind) {
    case 'scheme':
      return `${given} starts with a URL scheme: write an image reference without it, like quay.io/deepgram/self-hosted-api:release-260812`
    case 'white-space':
      return `${given} contains white space`
    case 'digest':
      return `${given} has digest ${problem.part}, which is not sha256: followed by 64 lower-case hex digits`
    case 'tag':
      return `${given} has tag ${problem.part}: a tag is 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`
    case 'host':
      return `${given} names the registry ${problem.part}, which is not a host[:port]`
    case 'not-a-reference':
      return `${given} is not an image reference${problem.upperCase ? ' (repository names are lower-case)' : ''}: use [registry/]repository[:tag][@sha256:digest], like deepgram/self-hosted-api:release-260812`
    case 'too-long':
      return `${given} has a name longer than ${problem.max} characters`
  }
}
