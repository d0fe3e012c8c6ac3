// `retire: <name>` with `credentials-id`: once the set to keep checks out (it exists
// and was made by `rotate: <name>` for this repository), deletes every other set of
// that rotation for this repository, and nothing else: a set's comment is the only
// mark of who made it (sets/comment.ts). The deletes run a few at a time within
// one deadline, so that a backlog never holds up the schedule for long.
import * as core from '@actions/core'
import { isUuid } from '../common.js'
import { type ActionError, warn } from '../errors.js'
import { sanitize } from '../sanitize.js'
import {
  credentialSetUrl,
  getDistributionCredential,
  listDistributionCredentials,
  type ListRequest
} from '../deepgram/client.js'
import { isRotationOf, rotationRun, type RunIdentity } from '../sets/comment.js'
import { deleteListed, TIME_UP } from '../sets/delete-listed.js'
import { findCredentialSet } from '../deepgram/credentials.js'
import type { CredentialSet, RetireResult, Retirement } from '../deepgram/types.js'
import {
  keepingSet,
  keepSetMissing,
  keepSetNotOfRotation,
  nothingToRetire,
  retireDeleteFailed,
  retiredSet,
  retiredSetGone,
  retireIncomplete
} from './messages.js'

/** How many deletes run at once, the time all of them get (each keeps its own retries inside it),
 * and the time the whole step gets, the list included: a backlog of hundreds of sets, or an API
 * that answers slowly, still ends within 75 s. */
export interface RetireLimits {
  concurrency: number
  deadlineMs: number
  stepMs: number
}

export const RETIRE_LIMITS: RetireLimits = { concurrency: 4, deadlineMs: 60_000, stepMs: 75_000 }

/** The rotation's sets for this repository but the one kept, oldest first. Only a set whose
 * comment parses completely as this rotation's (for this repository's ID) counts, and only one
 * whose ID is a UUID (it goes into the DELETE's path). */
export function otherSetsOf(sets: readonly CredentialSet[], name: string, keepId: string, run: RunIdentity) {
  const at = (set: CredentialSet): number => Date.parse(set.created) || 0
  return sets
    .filter(s => isRotationOf(s.comment, name, run) && isUuid(s.id) && s.id.toLowerCase() !== keepId)
    .sort((a, b) => at(a) - at(b))
}

/** The IDs deleted, for the `retired` output. */
export function retiredIds(retirement: Retirement): string[] {
  if (retirement.kind === 'refused') return []
  return retirement.others.filter(o => o.result.kind === 'retired').map(o => o.set.id.toLowerCase())
}

/** What was done, and the error that fails the step when the set to keep was wrong (nothing
 * deleted) or some delete failed. A failure to list (or to read the set to keep) is thrown. */
export async function retireRotation(
  api: ListRequest,
  name: string,
  keepId: string,
  limits: RetireLimits = RETIRE_LIMITS
): Promise<{ retirement: Retirement; error?: ActionError }> {
  const run = rotationRun('retire', process.env)
  const step = Date.now() + limits.stepMs
  const request: ListRequest = { ...api, deadline: Math.min(api.deadline ?? Infinity, step) }
  const sets = await listDistributionCredentials(request)
  const keep = findCredentialSet(sets, keepId) ?? (await getDistributionCredential(request, keepId))
  if (keep === undefined || keep.id.toLowerCase() !== keepId) {
    const error = keepSetMissing({ id: keepId, name, projectId: api.projectId, visible: sets.length })
    return { retirement: { kind: 'refused', name, keepId, why: 'missing' }, error }
  }
  if (!isRotationOf(keep.comment, name, run)) {
    const error = keepSetNotOfRotation({ id: keepId, name, repositoryId: run.repositoryId, comment: keep.comment })
    return { retirement: { kind: 'refused', name, keepId, why: 'other' }, error }
  }
  core.info(keepingSet({ id: keepId, name, created: sanitize(keep.created, 100) }))
  const others = otherSetsOf(sets, name, keepId, run)
  if (others.length === 0) core.info(nothingToRetire({ id: keepId, name }))
  const retirement: Retirement = { kind: 'done', name, keep, others: await deleteEach(request, others, name, limits) }
  const failed = retirement.others.filter(o => o.result.kind === 'failed').map(o => o.set.id)
  if (failed.length === 0) return { retirement }
  return { retirement, error: retireIncomplete({ name, failed, total: others.length }) }
}

/** Deletes the sets by their listed IDs, a few at a time, all within one deadline
 * (sets/delete-listed.ts); each with what became of it, in order. A set not deleted is a warning
 * that names it and says how to delete it by hand. */
async function deleteEach(
  api: ListRequest,
  sets: readonly CredentialSet[],
  name: string,
  limits: RetireLimits
): Promise<{ set: CredentialSet; result: RetireResult }[]> {
  const deadline = Math.min(Date.now() + limits.deadlineMs, api.deadline ?? Infinity)
  const results = await deleteListed(api, sets, { concurrency: limits.concurrency, deadline })
  return sets.map((set, i) => {
    const done = results[i] ?? { kind: 'failed', why: TIME_UP }
    const { id } = set
    if (done.kind === 'deleted') core.info(retiredSet({ id, name, created: sanitize(set.created, 100) }))
    else if (done.kind === 'gone') core.info(retiredSetGone({ id, name }))
    else warn(retireDeleteFailed({ id, name, url: credentialSetUrl(api.apiUrl, api.projectId, id), why: done.why }))
    return { set, result: done.kind === 'deleted' ? { kind: 'retired' } : done }
  })
}
