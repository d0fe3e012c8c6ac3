// Reads the action's inputs from the runner, masks the secret ones, and
// validates the rest (validate.ts) before anything touches the network.
import * as core from '@actions/core'
import { readFileSync } from 'node:fs'
import { usernameFor, type ClientChoice, type ReleaseChoice } from '../common.js'
import type { ApiAccess, JobSetChoice, SetChoice, StoredSetChoice } from '../deepgram/types.js'
import { hideSecret, maskedForms, maskLogin, maskSecret } from '../masking.js'
import { InputError } from '../errors.js'
import { whyNoSecrets, type RunContext } from './event.js'
import {
  noSecretsError,
  notWithEphemeral,
  releaseWithoutTaglessImages,
  SECRET_FOR_DOCKER_CONFIG,
  SECRET_FOR_IMAGES,
  SECRET_FOR_LOGIN
} from './messages.js'
import type { ImageRef } from '../registry/image-ref.js'
import { parseImages } from './images.js'
import { rotationChoice } from './rotation.js'
import {
  parseApiKey,
  parseApiUrl,
  parseBoolean,
  parseClient,
  parseRegistry,
  parseRelease,
  parseScopes,
  parseSecretValue,
  parseUuid,
  refuseUmbrellaOfStoredSet,
  required,
  type MaskedValue
} from './validate.js'

/** The inputs every mode has. */
export interface CommonInputs {
  projectId: string
  apiKey: string
  requiredScopes: string[]
  registry?: string
  login: boolean
  logout: boolean
  apiUrl: string
  /** docker, podman, or auto (docker if on PATH, else podman). */
  client: ClientChoice
  /** Images to check through the registry API; empty: no preflight. */
  images: ImageRef[]
  /** The tag for the images given without one; undefined: latest, as docker reads it. */
  release?: ReleaseChoice
  /** Write a docker config file with the login (for a Kubernetes pull secret). */
  dockerConfig: boolean
  /** `license-key-id`: the self-hosted API key the containers license with, checked beside the set. */
  licenseKeyId?: string
}

/** The inputs, one variant per mode (deepgram/types.ts): a stored set (`credentialsId`, and
 * `secret` when `login` is true, `images` is set or `docker-config` is true); with
 * `ephemeral`, a set made for this job (neither); with `rotate`, a set made for a rotation and
 * kept (neither); with `retire`, the rotation's set to keep (`credentialsId`, no secret). */
export type Inputs = CommonInputs & SetChoice

const SECRET_INPUTS = ['api-key', 'secret'] as const

/** Mask the key and the secret, and keep them (and their encoded forms) out of
 * any server text shown. Called before anything else is printed. */
export function maskSecretInputs(): void {
  for (const input of SECRET_INPUTS) maskSecret(core.getInput(input))
}

/** For the post step: the key and the secret kept out of any server text it shows. The runner
 * masks them already (the main step told it to); a server text cut short would show part of one. */
export function hideSecretInputs(): void {
  for (const input of SECRET_INPUTS) hideSecret(core.getInput(input))
}

/** What the runner masks, by input: never to be quoted in a message, nor any part of it. */
function maskedValues(): MaskedValue[] {
  return SECRET_INPUTS.flatMap(input => maskedForms(core.getInput(input)).map(value => ({ input, value })))
}

/** The event, actor and payload of this run, for telling why secrets are missing. */
function runContext(): RunContext {
  let event: unknown
  const path = process.env['GITHUB_EVENT_PATH']
  try {
    if (path) event = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    // No readable payload: only the actor can tell.
  }
  return {
    eventName: process.env['GITHUB_EVENT_NAME'] ?? '',
    event,
    actor: process.env['GITHUB_ACTOR'] ?? '',
    triggeringActor: process.env['GITHUB_TRIGGERING_ACTOR'] ?? ''
  }
}

export function getInputs(): Inputs {
  const masked = maskedValues()
  const ephemeral = parseBoolean('ephemeral', core.getInput('ephemeral'), false, masked)
  const login = parseBoolean('login', core.getInput('login'), true, masked)
  const images = parseImages('images', core.getInput('images'), masked)
  const dockerConfig = parseBoolean('docker-config', core.getInput('docker-config'), false, masked)
  const rotation = rotationChoice(
    {
      rotate: core.getInput('rotate'),
      retire: core.getInput('retire'),
      ephemeral,
      credentialsId: core.getInput('credentials-id'),
      secret: core.getInput('secret'),
      images: images.length > 0,
      release: core.getInput('release'),
      dockerConfig
    },
    masked
  )
  // Why the secret is needed, if it is: the first reason is the one told. A set made
  // for the job (`ephemeral`) or a rotation (`rotate`) brings its own; `retire` needs none.
  const secretNeeded =
    ephemeral || rotation !== undefined
      ? undefined
      : login
        ? SECRET_FOR_LOGIN
        : images.length
          ? SECRET_FOR_IMAGES
          : dockerConfig
            ? SECRET_FOR_DOCKER_CONFIG
            : undefined
  // Empty secrets on a fork pull request or a Dependabot run: GitHub passed none.
  const empty = SECRET_INPUTS.filter(i => core.getInput(i) === '' && (i !== 'secret' || secretNeeded !== undefined))
  if (empty.length) {
    const why = whyNoSecrets(runContext())
    if (why) throw noSecretsError({ empty, why })
  }
  const projectId = parseUuid('project-id', core.getInput('project-id'), 'a Deepgram project ID', masked)
  const apiKey = parseApiKey('api-key', core.getInput('api-key'))
  const choice = rotation ?? (ephemeral ? jobSet() : storedSet(masked, secretNeeded))
  const licenseKey = licenseKeyInput(choice.retire !== undefined, masked)
  const release = parseRelease('release', core.getInput('release'), masked)
  if (release !== undefined && !images.some(i => i.tag === undefined && i.digest === undefined)) {
    throw releaseWithoutTaglessImages({ input: 'release', imagesEmpty: images.length === 0 })
  }
  if (!choice.ephemeral && choice.secret !== undefined) maskLogin(usernameFor(choice.credentialsId), choice.secret)
  const requiredScopes = parseScopes('required-scopes', core.getMultilineInput('required-scopes').join('\n'), masked)
  // The umbrella means "every product scope the key can grant" for a set the action makes only.
  if (choice.credentialsId !== undefined) refuseUmbrellaOfStoredSet('required-scopes', requiredScopes)
  return {
    projectId,
    apiKey,
    ...choice,
    requiredScopes,
    registry: parseRegistry('registry', core.getInput('registry'), masked),
    login,
    logout: parseBoolean('logout', core.getInput('logout'), true, masked),
    apiUrl: parseApiUrl('api-url', core.getInput('api-url'), masked),
    client: parseClient('client', core.getInput('client'), masked),
    images,
    release,
    dockerConfig,
    ...licenseKey
  }
}

/** `license-key-id`, validated before any request; `retire` checks no set, so no key either. */
function licenseKeyInput(retire: boolean, masked: readonly MaskedValue[]): { licenseKeyId?: string } {
  const value = core.getInput('license-key-id')
  if (value === '') return {}
  if (retire) {
    throw new InputError(
      'license-key-id',
      'is not used with `retire`, which checks no set and no key: leave it empty here, and set it on the step that checks the set (such as the `rotate` step).'
    )
  }
  const what = 'the ID (api_key_id) of the self-hosted API key the containers license with, not the key itself'
  return { licenseKeyId: parseUuid('license-key-id', value, what, masked) }
}

/** With `ephemeral`, the set is made for the job: neither `credentials-id` nor `secret` may be given. */
function jobSet(): JobSetChoice {
  for (const input of ['credentials-id', 'secret']) if (core.getInput(input) !== '') throw notWithEphemeral(input)
  return { ephemeral: true }
}

/** A stored set: its ID, and its secret when `secretNeeded` says why a step needs it. */
function storedSet(masked: readonly MaskedValue[], secretNeeded: string | undefined): StoredSetChoice {
  const id = core.getInput('credentials-id')
  if (id === '') required('credentials-id', '', ' unless `ephemeral` is true')
  const credentialsId = parseUuid('credentials-id', id, "the credential set's distribution_credentials_id", masked)
  if (secretNeeded === undefined) return { ephemeral: false, credentialsId }
  return { ephemeral: false, credentialsId, secret: parseSecretValue('secret', core.getInput('secret'), secretNeeded) }
}

/** What the post step needs to delete a set made for the job: the project, the key and the API,
 * read again from the inputs (the main step validated them; the key is never saved). */
export function getApiAccess(): ApiAccess {
  return {
    projectId: parseUuid('project-id', core.getInput('project-id'), 'a Deepgram project ID'),
    apiKey: parseApiKey('api-key', core.getInput('api-key')),
    apiUrl: parseApiUrl('api-url', core.getInput('api-url'))
  }
}
