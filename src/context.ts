// Reads the action's inputs from the runner, masks the secret ones, and
// validates the rest (validate.ts) before anything touches the network.
import * as core from '@actions/core'
import { usernameFor } from './credentials.js'
import { parseImages, type ImageRef } from './image-ref.js'
import {
  parseApiKey,
  parseApiUrl,
  parseBoolean,
  parseRegistry,
  parseScopes,
  parseSecretValue,
  parseUuid
} from './validate.js'

export interface Inputs {
  projectId: string
  apiKey: string
  credentialsId: string
  /** Present exactly when `login` is true or `images` is set. */
  secret?: string
  requiredScopes: string[]
  registry?: string
  login: boolean
  logout: boolean
  apiUrl: string
  /** Images to check through the registry API; empty: no preflight. */
  images: ImageRef[]
}

function mask(value: string): void {
  if (value === '') return
  core.setSecret(value)
  // The runner masks line by line, so a value with a line break (refused
  // later) must have each of its lines masked too.
  for (const line of value.split(/\r?\n|\r/)) {
    if (line.trim() !== '' && line !== value) core.setSecret(line.trim())
  }
}

/** Mask the key and the secret. Called before anything else is printed. */
export function maskSecretInputs(): void {
  mask(core.getInput('api-key'))
  mask(core.getInput('secret'))
}

export function getInputs(): Inputs {
  const projectId = parseUuid('project-id', core.getInput('project-id'), 'a Deepgram project ID')
  const apiKey = parseApiKey('api-key', core.getInput('api-key'))
  const credentialsId = parseUuid(
    'credentials-id',
    core.getInput('credentials-id'),
    "the credential set's distribution_credentials_id"
  )
  const login = parseBoolean('login', core.getInput('login'), true)
  const images = parseImages('images', core.getInput('images'))
  const secret = login
    ? parseSecretValue('secret', core.getInput('secret'), ' when `login` is true (set `login: false` to check only)')
    : images.length
      ? parseSecretValue('secret', core.getInput('secret'), ' when `images` is set (the image check signs in with it)')
      : undefined
  if (secret !== undefined) {
    // docker keeps base64(username:secret) in config.json; mask that form too.
    core.setSecret(Buffer.from(`${usernameFor(credentialsId)}:${secret}`).toString('base64'))
  }
  return {
    projectId,
    apiKey,
    credentialsId,
    secret,
    requiredScopes: parseScopes('required-scopes', core.getMultilineInput('required-scopes').join('\n')),
    registry: parseRegistry('registry', core.getInput('registry')),
    login,
    logout: parseBoolean('logout', core.getInput('logout'), true),
    apiUrl: parseApiUrl('api-url', core.getInput('api-url')),
    images
  }
}
