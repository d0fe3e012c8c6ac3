// Making a credential set for a purpose (a job with `ephemeral`, a rotation with
// `rotate`): the create, the secret masked the moment the answer is read, the ID
// saved for the post step (which deletes the set unless the main step hands it
// on), and an answer of no use deleted again at once.
import { usernameFor } from '../common.js'
import { maskLogin, maskSecret } from '../masking.js'
import { clearSetToCleanUp, saveSetToCleanUp } from '../state.js'
import { deleteDistributionCredentials, type ListRequest } from '../deepgram/client.js'
import { NEW_SET_WAIT_MS } from './ephemeral.js'
import { noUsableSet } from './messages.js'
import type { CreatedAnswer, CredentialSet, MadeSet } from '../deepgram/types.js'
import { createOrCleanUp } from './unanswered.js'
import { runIdentity, setComment, type SetPurpose } from './comment.js'

/** Makes a set with these scopes for this purpose, with the comment that marks it as such; its ID
 * is saved for the post step the moment it is known. A create that may have made a set it does
 * not name is cleaned up (unanswered.ts): `before`, the sets listed before it when known, are not
 * this create's. */
export async function makeSet(
  api: ListRequest,
  scopes: readonly string[],
  purpose: SetPurpose,
  before?: readonly CredentialSet[]
): Promise<MadeSet & { comment: string }> {
  const comment = setComment(purpose, runIdentity(process.env))
  const onAnswer = (answer: CreatedAnswer): void => keepAnswer(answer, purpose)
  const answer = await createOrCleanUp({ ...api, scopes, comment, onAnswer }, before)
  if (answer.secret === undefined || answer.set === undefined) {
    throw noUsableSet({
      problem: answer.unusable ?? 'shape',
      where: answer.where,
      id: answer.id,
      deleted: await deleteUnusable(api, answer.id)
    })
  }
  const newSetUntil = Date.now() + NEW_SET_WAIT_MS
  return { set: answer.set, id: answer.id, secret: answer.secret, newSetUntil, comment }
}

/** Runs the moment the create answer is parsed, before anything is printed: masks every secret
 * in it (and docker's base64 form of the set's), keeps them out of any server text shown, then
 * saves the ID for the post step. */
function keepAnswer(answer: CreatedAnswer, purpose: SetPurpose): void {
  for (const secret of answer.masks) if (secret.trim() !== '') maskSecret(secret)
  if (answer.id === undefined) return
  if (answer.secret !== undefined && answer.secret.trim() !== '') maskLogin(usernameFor(answer.id), answer.secret)
  const { id } = answer
  saveSetToCleanUp(
    purpose.kind === 'rotation' ? { kind: 'rotation-set', id, rotation: purpose.name } : { kind: 'job-set', id }
  )
}

/** An unusable new set is deleted at once: true when it was, false when not (the post step tries
 * again). */
async function deleteUnusable(api: ListRequest, id: string): Promise<boolean> {
  try {
    await deleteDistributionCredentials(api, id)
    clearSetToCleanUp()
    return true
  } catch {
    return false
  }
}
