// Pure rules of the ephemeral mode: which of the sets this action made for this
// repository's jobs a sweep deletes, and the scopes a set is created with. The
// comment that tells those sets apart is comment.ts's.
import { isUuid, timestampOf } from '../common.js'
import { isEphemeralOf, type RunIdentity } from './comment.js'
import type { CredentialSet } from '../deepgram/types.js'
import { canonicalScope } from '../deepgram/scopes.js'

/** A set older than this was made by a job that has ended: its post step never ran. GitHub lets
 * a job on a self-hosted runner run for up to 5 days (35 days is a whole workflow run's limit, not
 * a job's): 6 days leave a day to spare, so the set of a job still running is never swept. */
const STALE_AFTER_MS = 6 * 24 * 3600_000
/** The same, for people. */
export const STALE_AFTER_TEXT = '6 days'
/** Deletions a sweep makes at most, so that a backlog never delays a job much. */
export const SWEEP_MAX = 10

/** How long after its creation a refusal of a new set by the registry is retried: quay takes
 * a few seconds to accept a set made through the API. */
export const NEW_SET_WAIT_MS = 30_000

/** The sets a sweep deletes: made by this action for a job of this repository (by their comment
 * only, which must parse completely: comment.ts), created more than STALE_AFTER_MS (6 days) before `now`, oldest
 * first, at most SWEEP_MAX. A set whose creation time is not a full timestamp, or whose ID is not a
 * UUID (it goes into the DELETE's path), is left alone. */
export function staleSets(sets: readonly CredentialSet[], run: RunIdentity, now: number): CredentialSet[] {
  return sets
    .filter(s => isEphemeralOf(s.comment, run) && isUuid(s.id))
    .map(s => ({ set: s, at: timestampOf(s.created) }))
    .filter((s): s is { set: CredentialSet; at: number } => s.at !== undefined && now - s.at > STALE_AFTER_MS)
    .sort((a, b) => a.at - b.at)
    .slice(0, SWEEP_MAX)
    .map(s => s.set)
}

/** The scopes to create a set with: the required ones under their self-hosted: names (the
 * reference's only ones; the live API takes onprem: names too), each once, in order. */
export function creationScopes(required: readonly string[]): string[] {
  return [...new Set(required.map(canonicalScope))]
}
