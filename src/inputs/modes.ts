// The inputs as one value: one member per mode, each holding only what that mode
// uses, told apart by `mode` (main-step.ts dispatches on it once).
import type { ClientChoice, ReleaseChoice } from '../common.js'
import type { ApiAccess } from '../deepgram/types.js'
import type { ImageRef } from '../registry/image-ref.js'

/** What every mode that uses a set (checks it, and with its secret checks images, writes the
 * docker config file, logs in) has. */
export interface SetUse extends ApiAccess {
  requiredScopes: string[]
  registry?: string
  login: boolean
  logout: boolean
  /** docker, podman, or auto (docker if on PATH, else podman). */
  client: ClientChoice
  /** Images to check through the registry API; empty: no image check. */
  images: ImageRef[]
  /** The tag for the images given without one; undefined: latest, as docker reads it. */
  release?: ReleaseChoice
  /** Write a docker config file with the login (for a Kubernetes pull secret). */
  dockerConfig: boolean
  /** `license-key-id`: the self-hosted API key the containers license with, checked beside the set. */
  licenseKeyId?: string
}

/** A stored set: its ID (validated, lower-case), and its secret when a step needs it. */
export interface StoredSetInputs extends SetUse {
  mode: 'stored'
  credentialsId: string
  secret?: string
}

/** `ephemeral`: a set made for this job, deleted by the post step. */
export interface JobSetInputs extends SetUse {
  mode: 'job-set'
}

/** `rotate`: a set made for the rotation of this name, kept once every step passed. */
export interface RotateInputs extends SetUse {
  mode: 'rotate'
  rotation: string
}

/** `retire`: the rotation of this name keeps the set `keepId` (`credentials-id`); its other sets
 * are deleted. No set is used: no secret, no image check, no login. */
export interface RetireInputs extends ApiAccess {
  mode: 'retire'
  rotation: string
  keepId: string
}

export type Inputs = StoredSetInputs | JobSetInputs | RotateInputs | RetireInputs
