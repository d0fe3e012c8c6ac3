// Reads the action's inputs from the runner, masks the secret ones, and
// validates the rest (validate.ts) before anything touches the network.
import { InputError } from '../errors.js'
import * as core from '@actions/core'
import { readFileSync } from 'node:fs'
import { usernameFor } from '../common.js'
import type { ApiAccess } from '../deepgram/types.js'
import { hideSecret, maskedForms, maskLogin, maskSecret } from '../masking.js'
import { noSecretsError, whyNoSecrets, type RunContext } from './event.js'
import { SECRET_FOR_DOCKER_CONFIG, SECRET_FOR_IMAGES, SECRET_FOR_LOGIN } from './messages.js'
import type { Inputs, StoredSetInputs, SetUse } from './modes.js'
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

const SECRET_INPUTS = ['api-key', 'secret'] as const

/** Mask the key and the secret (and their encoded forms), kept out of server text; before anything is printed. */
export function maskSecretInputs(): void {
  for (const input of SECRET_INPUTS) maskSecret(core.getInput(input))
}

/** For the post step: the runner masks them already, but a server text cut short would show part of one. */
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
      dockerConfig,
      run: process.env
    },
    masked
  )
  // A set made for the job (`ephemeral`) or a rotation (`rotate`) brings its own; `retire` needs none.
  const secretNeeded =
    ephemeral || rotation !== undefined ? undefined : whySecret(login, images.length > 0, dockerConfig)
  refuseEmptySecrets(secretNeeded)
  const projectId = parseUuid('project-id', core.getInput('project-id'), 'a Deepgram project ID', masked)
  const apiKey = parseApiKey('api-key', core.getInput('api-key'))
  const stored = rotation ?? (ephemeral ? jobSet() : storedSet(masked, secretNeeded))
  const licenseKey = licenseKeyInput(stored.mode === 'retire', masked)
  const release = parseRelease('release', core.getInput('release'), masked)
  if (release !== undefined && !images.some(i => i.tag === undefined && i.digest === undefined)) {
    const but = images.length
      ? 'every image has one: write them without a tag (deepgram/self-hosted-api) to use the release, or leave `release` empty.'
      : '`images` is empty: list the images (like deepgram/self-hosted-api), or leave `release` empty.'
    throw new InputError('release', `applies to the images in \`images\` given without a tag or digest, but ${but}`)
  }
  if (stored.mode === 'stored' && stored.secret !== undefined)
    maskLogin(usernameFor(stored.credentialsId), stored.secret)
  const requiredScopes = parseScopes('required-scopes', core.getMultilineInput('required-scopes').join('\n'), masked)
  // The umbrella means "every product scope the key can grant" for a set the action makes only.
  if (stored.mode === 'stored' || stored.mode === 'retire') refuseUmbrellaOfStoredSet('required-scopes', requiredScopes)
  const use: SetUse = {
    projectId,
    apiKey,
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
  // `retire` uses no set: of the rest it keeps the API's access only.
  if (stored.mode === 'retire') return { ...stored, projectId, apiKey, apiUrl: use.apiUrl }
  return { ...use, ...stored }
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

/** Why a stored set's secret is needed, if it is: the first reason is the one told. */
function whySecret(login: boolean, images: boolean, dockerConfig: boolean): string | undefined {
  if (login) return SECRET_FOR_LOGIN
  if (images) return SECRET_FOR_IMAGES
  return dockerConfig ? SECRET_FOR_DOCKER_CONFIG : undefined
}

/** Empty secrets on a fork pull request or a Dependabot run: GitHub passed none. */
function refuseEmptySecrets(secretNeeded: string | undefined): void {
  const empty = SECRET_INPUTS.filter(i => core.getInput(i) === '' && (i !== 'secret' || secretNeeded !== undefined))
  if (empty.length === 0) return
  const why = whyNoSecrets(runContext())
  if (why) throw noSecretsError({ empty, why })
}

/** With `ephemeral`, the set is made for the job: neither `credentials-id` nor `secret` may be given. */
function jobSet(): { mode: 'job-set' } {
  for (const input of ['credentials-id', 'secret'])
    if (core.getInput(input) !== '')
      throw new InputError(
        input,
        'must be empty when `ephemeral` is true: the action then makes a credential set for this job and uses its secret. ' +
          'Remove `credentials-id` and `secret`, or set `ephemeral: false` to use that stored set.'
      )
  return { mode: 'job-set' }
}

/** A stored set: its ID, and its secret when `secretNeeded` says why a step needs it. */
function storedSet(
  masked: readonly MaskedValue[],
  secretNeeded: string | undefined
): Pick<StoredSetInputs, 'mode' | 'credentialsId' | 'secret'> {
  const id = core.getInput('credentials-id')
  if (id === '') required('credentials-id', '', ' unless `ephemeral` is true')
  const credentialsId = parseUuid('credentials-id', id, "the credential set's distribution_credentials_id", masked)
  if (secretNeeded === undefined) return { mode: 'stored', credentialsId }
  const secret = parseSecretValue('secret', core.getInput('secret'), secretNeeded)
  return { mode: 'stored', credentialsId, secret }
}

/** What the post step needs to delete a set, read again from the inputs (the key is never saved). */
export function getApiAccess(): ApiAccess {
  return {
    projectId: parseUuid('project-id', core.getInput('project-id'), 'a Deepgram project ID'),
    apiKey: parseApiKey('api-key', core.getInput('api-key')),
    apiUrl: parseApiUrl('api-url', core.getInput('api-url'))
  }
}
