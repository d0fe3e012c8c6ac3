// What the main step hands the post step, through the runner's state file,
// read and written only here (as docker/login-action's state-helper.ts does).
// The saved names and values are the runner's STATE_* variables.
import * as core from '@actions/core'
import { isRegistryName, isUuid, type ClientName } from './common.js'
import { jsonObject } from './json.js'

const Key = {
  registry: 'registry',
  loggedIn: 'loggedIn',
  logout: 'logout',
  client: 'client',
  clientPath: 'clientPath',
  authFile: 'authFile',
  dockerConfig: 'dockerConfig',
  setToCleanUp: 'setToCleanUp'
} as const

/** A login the post step may undo: never a secret, only where it went. */
export interface SavedLogin {
  registry: string
  /** The `logout` input: false keeps the login for later jobs on the runner. */
  logout: boolean
  /** docker or podman, and its path: the post step logs out with the same one. */
  client: ClientName
  clientPath: string
  /** Where the login is kept: docker's config dir or podman's auth file ('' for podman's default). */
  authFile: string
}

export function saveLogin(login: SavedLogin): void {
  core.saveState(Key.registry, login.registry)
  core.saveState(Key.logout, String(login.logout))
  core.saveState(Key.client, login.client)
  core.saveState(Key.clientPath, login.clientPath)
  core.saveState(Key.authFile, login.authFile)
  core.saveState(Key.loggedIn, 'true')
}

/** The login the main step made, or undefined when it made none. */
export function loadLogin(): SavedLogin | { kind: 'invalid'; registry: string } | undefined {
  const registry = core.getState(Key.registry)
  if (core.getState(Key.loggedIn) !== 'true' || registry === '') return undefined
  // It goes on the client's command line: a host (and the namespace the `registry` input allows), never an option.
  if (!isRegistryName(registry)) return { kind: 'invalid', registry }
  return {
    registry,
    logout: core.getState(Key.logout) === 'true',
    client: core.getState(Key.client) === 'podman' ? 'podman' : 'docker',
    clientPath: core.getState(Key.clientPath),
    authFile: core.getState(Key.authFile)
  }
}

/** The directory of the docker config file (`docker-config: true`), saved the
 * moment it is written, so that the post step deletes it however the main step ends. */
export function saveDockerConfig(dir: string): void {
  core.saveState(Key.dockerConfig, dir)
}

export function loadDockerConfig(): string | undefined {
  return core.getState(Key.dockerConfig) || undefined
}

/** The set the post step deletes, and why: one made for this job; one a `rotate` made and did
 * not keep (a step failed); or a create whose answer was lost, whose set (if it made one) is
 * looked for by the create's mark. Each names the create by the comment it gave its set, which
 * says the repository, run, attempt and mark: the post step acts on a record only when those are
 * this run's (sets/unanswered.ts's isThisRuns()), and deletes a set only when its comment bears
 * that mark. */
export type SetToCleanUp =
  | { kind: 'job-set'; id: string; comment: string }
  | { kind: 'rotation-set'; id: string; rotation: string; comment: string }
  | { kind: 'lost-create'; comment: string }

/** Saved the moment it is known (before a create is sent, once its answer names the set), so
 * that the post step cleans up whatever fails after; one record replaces the one before. */
export function saveSetToCleanUp(record: SetToCleanUp): void {
  core.saveState(Key.setToCleanUp, JSON.stringify(record))
}

/** Nothing left to clean up: the set was deleted, kept, or never made. */
export function clearSetToCleanUp(): void {
  core.saveState(Key.setToCleanUp, '')
}

/** The saved record, or undefined when there is none; anything not of its shape is `invalid`,
 * with the saved text (never used as an ID: it goes into a DELETE's path). */
export function loadSetToCleanUp(): SetToCleanUp | { kind: 'invalid'; saved: string } | undefined {
  const saved = core.getState(Key.setToCleanUp)
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
