// Pure rules of the ephemeral mode: the comment a set made for a job carries,
// the prefix that recognises this repository's sets, which of them a sweep
// deletes, and the scopes a set is created with.
import { isUuid } from '../common.js'
import { sanitize } from '../sanitize.js'
import type { CredentialSet } from './types.js'
import { canonicalScope } from './scopes.js'

export const COMMENT_PREFIX = 'deepgram-self-hosted-login ephemeral'
export const COMMENT_MAX = 200
/** A set older than this was made by a job that has ended: its post step never ran. */
export const STALE_AFTER_MS = 24 * 3600_000
/** Deletions a sweep makes at most, so that a backlog never delays a job much. */
export const SWEEP_MAX = 10

/** How long after its creation a refusal of a new set by the registry is retried: quay takes
 * a few seconds to accept a set made through the API. */
export const NEW_SET_WAIT_MS = 30_000

export interface RunVariables {
  GITHUB_REPOSITORY?: string
  GITHUB_RUN_ID?: string
  GITHUB_RUN_ATTEMPT?: string
  GITHUB_JOB?: string
}

/** One word of the comment: one line, no spaces (they separate the words), or undefined when blank. */
function word(value: string | undefined): string | undefined {
  const w = sanitize(value ?? '', 100).replace(/ /g, '_')
  return w === '' ? undefined : w
}

export function repositoryOf(env: RunVariables): string {
  return word(env.GITHUB_REPOSITORY) ?? 'local'
}

/** `deepgram-self-hosted-login ephemeral <repository> run <run id>.<attempt> <job>`. */
export function ephemeralComment(env: RunVariables): string {
  const runId = word(env.GITHUB_RUN_ID)
  const run = runId === undefined ? 'local' : `${runId}.${word(env.GITHUB_RUN_ATTEMPT) ?? '1'}`
  const job = word(env.GITHUB_JOB)
  return sanitize(`${COMMENT_PREFIX} ${repositoryOf(env)} run ${run}${job === undefined ? '' : ` ${job}`}`, COMMENT_MAX)
}

/** What every comment this action gives a set for this repository starts with, the space included
 * (so that acme/app never matches acme/app-two). */
export function sweepPrefix(env: RunVariables): string {
  return `${COMMENT_PREFIX} ${repositoryOf(env)} `
}

/** The sets a sweep deletes: made by this action for this repository (by their comment only),
 * created more than 24 hours before `now`, oldest first, at most SWEEP_MAX. A set whose creation
 * time cannot be read, or whose ID is not a UUID (it goes into the DELETE's path), is left alone. */
export function staleSets(sets: readonly CredentialSet[], prefix: string, now: number): CredentialSet[] {
  return sets
    .filter(s => s.comment.startsWith(prefix) && isUuid(s.id))
    .map(s => ({ set: s, at: Date.parse(s.created) }))
    .filter(s => !Number.isNaN(s.at) && now - s.at > STALE_AFTER_MS)
    .sort((a, b) => a.at - b.at)
    .slice(0, SWEEP_MAX)
    .map(s => s.set)
}

/** The scopes to create a set with: the required ones under their self-hosted: names (the only
 * ones create accepts), each once, in order. */
export function creationScopes(required: readonly string[]): string[] {
  return [...new Set(required.map(canonicalScope))]
}
