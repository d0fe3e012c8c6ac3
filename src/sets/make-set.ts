// Making a credential set for a job (`ephemeral`) or a rotation: the secret masked the moment
// the answer is read, the ID saved for the post step, and an answer it cannot use treated as
// "maybe made" (deleted by its ID when named, else looked for by its create's mark).
import { usernameFor } from '../common.js'
import { ActionError, warn } from '../errors.js'
import { maskLogin, maskSecret } from '../masking.js'
import { saveSetToCleanUp, clearSetToCleanUp } from '../state.js'
import { createDistributionCredentials, UnansweredCreate, type ListRequest } from '../deepgram/client.js'
import { NEW_SET_WAIT_MS } from './ephemeral.js'
import type { CreatedAnswer, MadeSet, Unusable } from '../deepgram/types.js'
import { newMark, runIdentity, setComment, type SetPurpose } from './comment.js'
import { CLEANUP_LIMITS, cleanUpCreate, dropMadeSet, reportCleanup } from './unanswered.js'

const UNUSABLE: Record<Unusable, (where?: string) => string> = {
  'no-id': () => 'no ID (a distribution_credentials_id that is a UUID)',
  'no-secret': () => 'no secret (a one-line `secret` beside the ID)',
  shape: where => `a ${where ?? 'body'} that is not in the documented shape`
}

/** The time a create gets, its retries after 429s included: with the sweep before it and the look
 * for its set after it, a step stays well within the 90 s a deploy's user waits. */
const CREATE_MS = 30_000

const ADVICE =
  'If `api-url` points at a proxy or gateway, check that it passes the answer on unchanged; otherwise re-run the job, ' +
  'or use a stored set (`credentials-id` + `secret`).'

/** Makes a set, its comment bearing a mark drawn for this create alone; a set it may have made
 * and cannot use is cleaned up before the error, which says what became of it, is thrown. */
export async function makeSet(
  api: ListRequest,
  scopes: readonly string[],
  purpose: SetPurpose
): Promise<MadeSet & { comment: string }> {
  const comment = setComment(purpose, runIdentity(process.env), newMark())
  saveSetToCleanUp({ kind: 'lost-create', comment })
  const onAnswer = (answer: CreatedAnswer): void => keepAnswer(answer, purpose, comment)
  let answer: CreatedAnswer
  try {
    const deadline = Date.now() + CREATE_MS
    answer = await createDistributionCredentials({ ...api, deadline, scopes, comment, onAnswer })
  } catch (error) {
    if (!(error instanceof UnansweredCreate)) {
      clearSetToCleanUp()
      throw error
    }
    throw new ActionError(error.title, `${error.message} ${await lookForIt(api, comment)}`)
  }
  const { id, secret, set } = answer
  if (id !== undefined && secret !== undefined && set !== undefined)
    return { set, id, secret, newSetUntil: Date.now() + NEW_SET_WAIT_MS, comment }
  const problem = UNUSABLE[answer.unusable ?? 'shape'](answer.where)
  const after = id === undefined ? await lookForIt(api, comment) : await deleteUnusable(api, id)
  throw new ActionError(
    'No usable credential set',
    `The Deepgram API returned no usable set: its answer to creating one has ${problem}. ${after} ${ADVICE}`
  )
}

/** The moment the answer is parsed, before anything is printed: masks its secrets (and docker's
 * base64 form), then saves the ID for the post step. */
function keepAnswer(answer: CreatedAnswer, purpose: SetPurpose, comment: string): void {
  for (const secret of answer.masks) if (secret.trim() !== '') maskSecret(secret)
  if (answer.id === undefined) return
  if (answer.secret !== undefined && answer.secret.trim() !== '') maskLogin(usernameFor(answer.id), answer.secret)
  const { id } = answer
  saveSetToCleanUp(
    purpose.kind === 'rotation'
      ? { kind: 'rotation-set', id, rotation: purpose.name, comment }
      : { kind: 'job-set', id, comment }
  )
}

async function lookForIt(api: ListRequest, comment: string): Promise<string> {
  const cleanup = await cleanUpCreate(api, comment, Date.now() + CLEANUP_LIMITS.timeMs)
  return reportCleanup(api, comment, cleanup)
}

/** An unusable new set, named by the answer, is deleted at once by that ID; when it cannot be,
 * the post step tries again (its ID is saved), and a warning names it. */
async function deleteUnusable(api: ListRequest, id: string): Promise<string> {
  const failed = await dropMadeSet(api, id)
  if (failed === undefined) return `The set ${id} was deleted again.`
  warn({
    title: 'Credential set not deleted',
    message: `Credential set ${id}, made by this run with an answer it cannot use, could not be deleted: ${failed}`
  })
  return `The set ${id} could not be deleted: see the warning.`
}
