// Making a credential set for a purpose (a job with `ephemeral`, a rotation with
// `rotate`): the create, the secret masked the moment the answer is read, the ID
// saved for the post step (which deletes the set unless the main step hands it
// on), and any answer that cannot be used treated as "maybe made": the set is
// deleted by its ID when the answer named one, else looked for by its create's
// mark (unanswered.ts), within one deadline.
import { usernameFor } from '../common.js'
import { ActionError, warn } from '../errors.js'
import { maskLogin, maskSecret } from '../masking.js'
import { clearSetToCleanUp, saveSetToCleanUp } from '../state.js'
import {
  createDistributionCredentials,
  credentialSetUrl,
  UnansweredCreate,
  type ListRequest
} from '../deepgram/client.js'
import { NEW_SET_WAIT_MS } from './ephemeral.js'
import type { CreatedAnswer, MadeSet, Unusable } from '../deepgram/types.js'
import { newMark, runIdentity, setComment, type SetPurpose } from './comment.js'
import { deleteOne } from './delete-listed.js'
import { deleteByHand } from './messages.js'
import { CLEANUP_LIMITS, cleanUpCreate, postStepFollows, reportCleanup } from './unanswered.js'

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

/** Makes a set with these scopes for this purpose, with the comment that marks it as such and
 * bears a mark drawn for this create alone (comment.ts); its ID is saved for the post step the
 * moment it is known. A create that may have made a set it cannot use is cleaned up before the
 * error is thrown, which says what became of the set. */
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
    const cleanup = await cleanUpCreate(api, comment, Date.now() + CLEANUP_LIMITS.timeMs)
    throw new ActionError(error.title, `${error.message} ${reportCleanup(api, comment, cleanup)}`)
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

/** Runs the moment the create answer is parsed, before anything is printed: masks every secret
 * in it (and docker's base64 form of the set's), keeps them out of any server text shown, then
 * saves the ID for the post step. */
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
  const result = await deleteOne(api, id, Date.now() + CLEANUP_LIMITS.timeMs)
  if (result.kind !== 'failed') {
    clearSetToCleanUp()
    return `The set ${id} was deleted again.`
  }
  const next = postStepFollows()
    ? 'The post step tries again.'
    : 'No post step follows outside a runner (GITHUB_ACTIONS is not true).'
  warn({
    title: 'Credential set not deleted',
    message: `Credential set ${id}, made by this run with an answer it cannot use, could not be deleted: ${result.why} ${next} ${deleteByHand(credentialSetUrl(api.apiUrl, api.projectId, id))}`
  })
  return `The set ${id} could not be deleted: see the warning.`
}
