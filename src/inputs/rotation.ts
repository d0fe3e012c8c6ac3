// The inputs of the rotation modes: `rotate: <name>` (make a set and keep it) and
// `retire: <name>` with `credentials-id` (delete the rotation's other sets). Each
// refuses what does not go with it, before any request. Pure: raw values in, a
// choice (or none, for the other modes) or an InputError out.
import { InputError } from '../errors.js'
import { ROTATION_NAME, rotationRun, type RunVariables } from '../sets/comment.js'
import type { RetireInputs, RotateInputs } from './modes.js'
import { KEEP_SET_NEEDED, notWithRotation } from './messages.js'
import { parseUuid, quote, required, singleLine, type MaskedValue } from './validate.js'

/** The inputs that decide, raw but for those parsed already. */
export interface RotationInputs {
  rotate: string
  retire: string
  ephemeral: boolean
  credentialsId: string
  secret: string
  /** `images` holds at least one image. */
  images: boolean
  release: string
  dockerConfig: boolean
  /** The runner's variables: a rotation's sets are told apart by GITHUB_REPOSITORY_ID. */
  run: RunVariables
}

/** A rotation's name, or undefined when the input is empty. */
function parseRotationName(input: string, value: string, masked: readonly MaskedValue[] = []): string | undefined {
  singleLine(input, value)
  if (value === '') return undefined
  if (!ROTATION_NAME.test(value))
    throw new InputError(
      input,
      `must name a rotation: 1 to 32 lower-case letters, digits and '-', starting with a letter or digit (like prod-us), got ${quote(value, masked)}.`
    )
  return value
}

/** `rotate` or `retire`, checked against the other inputs; undefined when neither is set. */
export function rotationChoice(
  raw: RotationInputs,
  masked: readonly MaskedValue[] = []
): Pick<RotateInputs, 'mode' | 'rotation'> | Pick<RetireInputs, 'mode' | 'rotation' | 'keepId'> | undefined {
  const rotate = parseRotationName('rotate', raw.rotate, masked)
  const retire = parseRotationName('retire', raw.retire, masked)
  if (rotate !== undefined && retire !== undefined)
    throw new InputError(
      'retire',
      'must be empty when `rotate` is set: they are two steps of one rotation. `rotate` makes the new set; ' +
        "a later step, once the cluster's pull secret holds that set, has `retire` with `credentials-id` (the set to keep)."
    )
  if (rotate !== undefined) return rotateChoice(rotate, raw)
  if (retire !== undefined) return retireChoice(retire, raw, masked)
  return undefined
}

/** What neither mode takes: a set made for the job, or a secret (rotate makes its own set). */
function refuseInBoth(mode: 'rotate' | 'retire', raw: RotationInputs): void {
  if (raw.ephemeral) throw notWithRotation({ input: 'ephemeral', mode })
  if (raw.secret !== '') throw notWithRotation({ input: 'secret', mode })
}

function rotateChoice(rotation: string, raw: RotationInputs): Pick<RotateInputs, 'mode' | 'rotation'> {
  refuseInBoth('rotate', raw)
  if (raw.credentialsId !== '') throw notWithRotation({ input: 'credentials-id', mode: 'rotate' })
  rotationRun('rotate', raw.run)
  return { mode: 'rotate', rotation }
}

function retireChoice(
  rotation: string,
  raw: RotationInputs,
  masked: readonly MaskedValue[]
): Pick<RetireInputs, 'mode' | 'rotation' | 'keepId'> {
  refuseInBoth('retire', raw)
  // `retire` uses no set: what only a set's use needs would be silently ignored.
  if (raw.images) throw notWithRotation({ input: 'images', mode: 'retire' })
  if (raw.release !== '') throw notWithRotation({ input: 'release', mode: 'retire' })
  if (raw.dockerConfig) throw notWithRotation({ input: 'docker-config', mode: 'retire' })
  required('credentials-id', raw.credentialsId, KEEP_SET_NEEDED)
  const what = 'the ID of the credential set to keep (its distribution_credentials_id)'
  const keepId = parseUuid('credentials-id', raw.credentialsId, what, masked)
  rotationRun('retire', raw.run)
  return { mode: 'retire', rotation, keepId }
}
