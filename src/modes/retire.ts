// `retire: <name>` with `credentials-id`: once the set to keep checks out (made by
// `rotate: <name>` for this repository), deletes every other set of that rotation for this
// repository, and nothing else (a set's comment is the only mark of who made it), a few at a
// time within one deadline. No set is used: no image check, no login.
import * as core from '@actions/core'
import { isUuid, timestampOf } from '../common.js'
import {
  credentialSetUrl,
  getDistributionCredential,
  listDistributionCredentials,
  type ListRequest,
  apiRequest
} from '../deepgram/client.js'
import { findCredentialSet } from '../deepgram/credentials.js'
import type { CredentialSet, RetireResult, Retirement } from '../deepgram/types.js'
import { ActionError, fail, warn } from '../errors.js'
import type { ProxySettings } from '../http/proxy.js'
import type { RetireInputs } from '../inputs/modes.js'
import { olderOrOther, renderRetirement } from '../report/retirement.js'
import { writeEarlyFailureSummary, writePage } from '../report/summary.js'
import { sanitize } from '../sanitize.js'
import { isRotationOf, rotationRun, type RunIdentity } from '../sets/comment.js'
import { deleteListed, TIME_UP } from '../sets/delete-listed.js'
import { deleteByHand } from '../sets/messages.js'

export async function retire(inputs: RetireInputs, proxy: ProxySettings): Promise<void> {
  let done: { retirement: Retirement; error?: ActionError }
  try {
    done = await retireRotation(apiRequest(inputs, proxy), inputs.rotation, inputs.keepId)
  } catch (error) {
    // The list (or the set to keep) could not be read: nothing was deleted.
    fail(error)
    return writeEarlyFailureSummary(error)
  }
  core.setOutput('retired', retiredIds(done.retirement).join('\n'))
  await writePage(renderRetirement(done.retirement))
  if (done.error !== undefined) fail(done.error)
}

/** Deletes at once, the time they all get, and the whole step's (the list included): a backlog of
 * hundreds of sets, or a slow API, still ends within 75 s. */
const RETIRE_LIMITS = { concurrency: 4, deadlineMs: 60_000, stepMs: 75_000 }
export type RetireLimits = typeof RETIRE_LIMITS

/** The rotation's sets for this repository but the one kept, oldest first (no full timestamp
 * first of all); only those whose ID is a UUID (it goes into the DELETE's path). */
export function otherSetsOf(sets: readonly CredentialSet[], name: string, keepId: string, run: RunIdentity) {
  const at = (set: CredentialSet): number => timestampOf(set.created) ?? 0
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
  const mustBe = `\`credentials-id\` must be the set to keep: the \`credentials-id\` output of the \`rotate: ${name}\` step`
  if (keep === undefined || keep.id.toLowerCase() !== keepId) {
    const seen = sets.length === 1 ? '1 set' : `${sets.length} sets`
    const error = new ActionError(
      'Set to keep not found',
      `No distribution credential set with ID ${keepId} in this project (${api.projectId}; the API key can see ${seen}), so nothing was retired. ` +
        `${mustBe} whose set the cluster's pull secret now holds.`
    )
    return { retirement: { kind: 'refused', name, keepId, why: 'missing' }, error }
  }
  if (!isRotationOf(keep.comment, name, run)) {
    const says =
      keep.comment === '' ? 'it has no comment' : `its comment is ${JSON.stringify(sanitize(keep.comment, 200))}`
    const error = new ActionError(
      'Set to keep is not of this rotation',
      `Credential set ${keepId} was not made by \`rotate: ${name}\` for this repository (repository ID ${run.repositoryId}): ${says}. ` +
        'Nothing was retired: `retire` deletes the other sets of a rotation only when the set to keep is one of them. ' +
        `Set \`credentials-id\` to the \`credentials-id\` output of the \`rotate: ${name}\` step, and \`retire\` to the name that step's \`rotate\` has.`
    )
    return { retirement: { kind: 'refused', name, keepId, why: 'other' }, error }
  }
  core.info(`Keeping credential set ${keepId} of rotation ${name} (made ${sanitize(keep.created, 100)}).`)
  const others = otherSetsOf(sets, name, keepId, run)
  if (others.length === 0)
    core.info(`Rotation ${name} has no set for this repository but ${keepId}: nothing to retire.`)
  const retirement: Retirement = { kind: 'done', name, keep, others: await deleteEach(request, others, name, limits) }
  const failed = retirement.others.filter(o => o.result.kind === 'failed').map(o => o.set.id)
  if (failed.length === 0) return { retirement }
  const error = new ActionError(
    'Rotation not fully retired',
    `${failed.length} of the ${others.length} ${olderOrOther(keep, others)} sets of rotation ${name} could not be deleted (${failed.join(', ')}): ` +
      'the warnings say why, and how to delete each by hand. The set to keep is kept, and the others were deleted; ' +
      `the next \`retire: ${name}\` run tries these again.`
  )
  return { retirement, error }
}

/** Deletes the sets (sets/delete-listed.ts); each with what became of it, in order, and a
 * warning for each set not deleted. */
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
    if (done.kind === 'deleted')
      core.info(`Deleted credential set ${id} of rotation ${name} (made ${sanitize(set.created, 100)}).`)
    else if (done.kind === 'gone') core.info(`Credential set ${id} of rotation ${name} was already deleted.`)
    else {
      const byHand = deleteByHand(credentialSetUrl(api.apiUrl, api.projectId, id)).replace(/\.$/, '')
      warn({
        title: 'Credential set not retired',
        message: `Could not delete credential set ${id} of rotation ${name}: ${done.why} ${byHand}, or let the next \`retire: ${name}\` run delete it. Until then its secret still pulls images.`
      })
    }
    return { set, result: done.kind === 'deleted' ? { kind: 'retired' } : done }
  })
}
