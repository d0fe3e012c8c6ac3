// What the main step hands the post step, through the runner's state file,
// read and written only here (as docker/login-action's state-helper.ts does).
// The saved names and values are the runner's STATE_* variables: keep them stable.
import * as core from '@actions/core'
import type { ClientName } from './common.js'
import { jsonObject } from './json.js'

const Key = {
  isPost: 'isPost',
  registry: 'registry',
  loggedIn: 'loggedIn',
  logout: 'logout',
  client: 'client',
  clientPath: 'clientPath',
  authFile: 'authFile',
  dockerConfig: 'dockerConfig',
  ephemeralId: 'ephemeralId',
  unansweredCreate: 'unansweredCreate'
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

/** Saved first thing, as it always was: the state a main step leaves stays the same. Nothing reads
 * it any more: the post step is its own entry (dist/post.js), never chosen by the state. */
export function markMainStep(): void {
  core.saveState(Key.isPost, 'true')
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
export function loadLogin(): SavedLogin | undefined {
  const registry = core.getState(Key.registry)
  if (core.getState(Key.loggedIn) !== 'true' || registry === '') return undefined
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

/** The ID (never the secret) of the set made for this job: saved the moment it is known, so that
 * the post step deletes the set whatever fails after. */
export function saveJobSet(id: string): void {
  core.saveState(Key.ephemeralId, id)
}

/** The set was deleted already (or never made): the post step has nothing to delete. */
export function clearJobSet(): void {
  core.saveState(Key.ephemeralId, '')
}

/** The ID of the set made for this job, or undefined. */
export function loadJobSet(): string | undefined {
  const id = core.getState(Key.ephemeralId)
  return id === '' ? undefined : id
}

/** Saved before a create is sent: the comment it gives the set, which bears the create's mark,
 * so that the post step looks for its set when the main step never learns what it made (it was
 * stopped while it waited, or could not look itself). */
export function savePendingCreate(comment: string): void {
  core.saveState(Key.unansweredCreate, JSON.stringify({ comment }))
}

/** The create was answered with the set's ID, or its set was looked for and dealt with. */
export function clearPendingCreate(): void {
  core.saveState(Key.unansweredCreate, '')
}

/** The comment of the create the main step left unanswered, or undefined (also for anything not
 * of this shape: one printable ASCII line of 1 to 128 characters). */
export function loadPendingCreate(): string | undefined {
  const comment = jsonObject(core.getState(Key.unansweredCreate))?.['comment']
  return typeof comment === 'string' && /^[\x20-\x7e]{1,128}$/.test(comment) ? comment : undefined
}
