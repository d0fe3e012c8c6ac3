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

export function notAUrl({ input, example, quoted }: BadValue & { example: string }): InputError {
  return new InputError(input, `must be an absolute URL like ${example}, got ${quoted}.`)
}

export const SECRET_FOR_LOGIN = ' when `login` is true (set `login: false` to check only)'
export const SECRET_FOR_IMAGES = ' when `images` is set (the image check signs in with it)'
export const SECRET_FOR_DOCKER_CONFIG = ' when `docker-config` is true (the file holds the login)'

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
