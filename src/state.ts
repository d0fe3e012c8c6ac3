// What the main step hands the post step through the runner's state (its STATE_* variables),
// read and written only here (as docker/login-action's state-helper.ts does).
import * as core from '@actions/core'
import { isRegistryName, isUuid, type ClientName } from './common.js'
import { jsonObject } from './json.js'

/** A login the post step may undo: never a secret, only where it went. */
export interface SavedLogin {
  registry: string
  logout: boolean // the `logout` input: false keeps the login for later jobs on the runner
  client: ClientName // and its path: the post step logs out with the same one
  clientPath: string
  authFile: string // docker's config dir or podman's auth file ('' for podman's default)
}

export function saveLogin(login: SavedLogin): void {
  core.saveState('registry', login.registry)
  core.saveState('logout', String(login.logout))
  core.saveState('client', login.client)
  core.saveState('clientPath', login.clientPath)
  core.saveState('authFile', login.authFile)
  core.saveState('loggedIn', 'true')
}

/** The login the main step made, or undefined when it made none. */
export function loadLogin(): SavedLogin | { kind: 'invalid'; registry: string } | undefined {
  const registry = core.getState('registry')
  if (core.getState('loggedIn') !== 'true' || registry === '') return undefined
  // It goes on the client's command line: a host (and the namespace the `registry` input allows), never an option.
  if (!isRegistryName(registry)) return { kind: 'invalid', registry }
  return {
    registry,
    logout: core.getState('logout') === 'true',
    client: core.getState('client') === 'podman' ? 'podman' : 'docker',
    clientPath: core.getState('clientPath'),
    authFile: core.getState('authFile')
  }
}

/** The docker config file's directory, saved the moment it is written: the post step deletes it. */
export function saveDockerConfig(dir: string): void {
  core.saveState('dockerConfig', dir)
}

export function loadDockerConfig(): string | undefined {
  return core.getState('dockerConfig') || undefined
}

/** The set the post step deletes: a job's, a rotation's not kept, or a lost create's (looked for
 * by its mark). Each names its create's comment: the post step acts only on this run's. */
export type SetToCleanUp =
  | { kind: 'job-set'; id: string; comment: string }
  | { kind: 'rotation-set'; id: string; rotation: string; comment: string }
  | { kind: 'lost-create'; comment: string }

/** Saved before a create is sent, and again once its answer names the set; one record replaces the one before. */
export function saveSetToCleanUp(record: SetToCleanUp): void {
  core.saveState('setToCleanUp', JSON.stringify(record))
}

/** Nothing left to clean up: the set was deleted, kept, or never made. */
export function clearSetToCleanUp(): void {
  core.saveState('setToCleanUp', '')
}

/** The saved record, or undefined when there is none; anything not of its shape is `invalid`,
 * with the saved text (never used as an ID: it goes into a DELETE's path). */
export function loadSetToCleanUp(): SetToCleanUp | { kind: 'invalid'; saved: string } | undefined {
  const saved = core.getState('setToCleanUp')
  if (saved === '') return undefined
  const { kind, id, rotation, comment } = jsonObject(saved) ?? {}
  const isId = (value: unknown): value is string => typeof value === 'string' && isUuid(value)
  // One printable ASCII line, as this action writes a comment.
  if (typeof comment !== 'string' || !/^[\x20-\x7e]{1,128}$/.test(comment)) return { kind: 'invalid', saved }
  if (kind === 'job-set' && isId(id)) return { kind, id, comment }
  if (kind === 'rotation-set' && isId(id) && typeof rotation === 'string' && /^[a-z0-9-]{1,32}$/.test(rotation))
    return { kind, id, rotation, comment }
  if (kind === 'lost-create') return { kind, comment }
  return { kind: 'invalid', saved }
}
