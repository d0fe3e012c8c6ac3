// Every sentence a user reads about the inputs: what is wrong with one and how
// to fix it. A value is quoted only in the form quote() gives (validate.ts).
import { InputError } from '../errors.js'

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
