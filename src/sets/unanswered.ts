// A create that may have made a set without naming it: no answer came once the
// request may have reached the server (a timeout, a reset), a gateway answered
// 502, 503 or 504 (the server may have acted before it gave up), or the answer
// held no usable ID. Such a set would pull images for 24 hours with a secret
// nobody holds, until a sweep: it is looked for by this run's comment
// (comment.ts) and deleted at once; when the main step cannot (the list or the
// delete fails too, or the step is stopped while it waits), a marker in the
// state has the post step look again.
import * as core from '@actions/core'
import { isUuid } from '../common.js'
import { ActionError, messageOf, warn } from '../errors.js'
import { clearSetToCleanUp, saveSetToCleanUp } from '../state.js'
import {
  createDistributionCredentials,
  deleteDistributionCredentials,
  listDistributionCredentials,
  UnansweredCreate,
  type CreateSetRequest,
  type ListRequest
} from '../deepgram/client.js'
import { isMadeByThisRun, parseComment } from './comment.js'
import { noUsableSet, recovered } from './messages.js'
import type { ApiAccess, CreatedAnswer, CredentialSet, Recovery } from '../deepgram/types.js'

/** Sets whose comment says they were made by the same purpose, repository, run and attempt as
 * `comment` (the comment the create gave its set). */
function sameMaker(comment: string): (set: CredentialSet) => boolean {
  const made = parseComment(comment)
  if (made === undefined) return () => false
  const run = { ...made, repository: '', job: '' }
  return set => isUuid(set.id) && isMadeByThisRun(set.comment, made.purpose, run)
}

/** Lists the project's sets and deletes those the create may have made (this run's comment, not
 * listed before it); the marker goes once that is done, and stays for the post step when not. */
async function lookAndDelete(api: ListRequest, comment: string, exclude: readonly string[]): Promise<Recovery> {
  const ids: string[] = []
  try {
    const ours = (await listDistributionCredentials(api)).filter(sameMaker(comment))
    for (const set of ours.filter(s => !exclude.includes(s.id.toLowerCase()))) {
      const id = set.id.toLowerCase()
      await deleteDistributionCredentials(api, id)
      ids.push(id)
    }
  } catch (error) {
    return { kind: 'later', why: messageOf(error) }
  }
  clearSetToCleanUp()
  return ids.length ? { kind: 'deleted', ids } : { kind: 'none' }
}

/** Creates a set as createDistributionCredentials() does; when the create may have made a set it
 * does not name, that set is looked for and deleted before the error is thrown, which says what
 * became of it. `before`: the project's sets as listed before the create (the sweep's list), when
 * known: a set among them that bears this run's comment is not this create's. */
export async function createOrCleanUp(
  request: CreateSetRequest,
  before: readonly CredentialSet[] | undefined
): Promise<CreatedAnswer & { id: string }> {
  const exclude = (before ?? []).filter(sameMaker(request.comment)).map(s => s.id.toLowerCase())
  saveSetToCleanUp({ kind: 'lost-create', comment: request.comment, exclude })
  let answer: CreatedAnswer
  try {
    answer = await createDistributionCredentials(request)
  } catch (error) {
    if (!(error instanceof UnansweredCreate)) {
      clearSetToCleanUp()
      throw error
    }
    throw new ActionError(
      error.title,
      `${error.message} ${recovered(await lookAndDelete(request, request.comment, exclude))}`
    )
  }
  const { id } = answer
  if (id === undefined) {
    const recovery = await lookAndDelete(request, request.comment, exclude)
    throw noUsableSet({
      problem: answer.unusable ?? 'shape',
      where: answer.where,
      ...recovery
    })
  }
  // The caller's onAnswer saved the set's ID for the post step, in place of the create's record.
  return { ...answer, id }
}

/** The post step's part: a create the main step left unanswered is looked at once more. `access`
 * reads the inputs again (a bad one is a warning here, like any failure). */
export async function cleanUpLostCreate(
  lost: { comment: string; exclude: readonly string[] },
  access: () => ApiAccess
): Promise<void> {
  let recovery: Recovery
  try {
    const api = { ...access(), onRetry: (message: string) => core.info(message) }
    recovery = await lookAndDelete(api, lost.comment, lost.exclude)
  } catch (error) {
    recovery = { kind: 'later', why: messageOf(error) }
  }
  const made = "made by this run's create that went unanswered"
  if (recovery.kind === 'deleted') return core.info(`Deleted credential set ${recovery.ids.join(', ')}, ${made}.`)
  if (recovery.kind === 'none') return core.info(`No credential set ${made} was found: it made none.`)
  warn({
    title: 'Credential set not deleted',
    message: `Could not look for the credential set that this run's create, which went unanswered, may have made: ${recovery.why} Look in the Deepgram console (the project's self-hosted distribution credentials) for a set with the comment "${lost.comment}" and delete it; a later run of this action for this repository deletes it (a job's set after 24 hours, a rotation's set at its next \`retire\`).`
  })
}
