// Making a credential set for a purpose (a job with `ephemeral`, a rotation with
// `rotate`): the create, the secret masked the moment the answer is read, the ID
// saved for the post step (which deletes the set unless the main step hands it
// on), and an answer of no use deleted again at once.
import { usernameFor } from '../common.js'
import { maskLogin, maskSecret } from '../masking.js'
import { clearJobSet, saveJobSet } from '../state.js'
import { deleteDistributionCredentials, type ListRequest } from '../deepgram/client.js'
import { NEW_SET_WAIT_MS } from './ephemeral.js'
import { noUsableSet } from './messages.js'
import type { CreatedAnswer, CredentialSet, MadeSet } from '../deepgram/types.js'
import { createOrCleanUp } from './unanswered.js'

/** Makes a set with these scopes and this comment; its ID is saved for the post step the moment
 * it is known. A create that may have made a set it does not name is cleaned up (unanswered.ts):
 * `before`, the sets listed before it when known, are not this create's. */
export async function makeSet(
  api: ListRequest,
  scopes: readonly string[],
  comment: string,
  before?: readonly CredentialSet[]
): Promise<MadeSet> {
  const answer = await createOrCleanUp({ ...api, scopes, comment, onAnswer: keepAnswer }, before)
  if (answer.secret === undefined || answer.set === undefined) {
    throw noUsableSet({
      problem: answer.unusable ?? 'shape',
      where: answer.where,
      id: answer.id,
      deleted: await deleteUnusable(api, answer.id)
    })
  }
  return { set: answer.set, id: answer.id, secret: answer.secret, newSetUntil: Date.now() + NEW_SET_WAIT_MS }
}

/** Runs the moment the create answer is parsed, before anything is printed: masks every secret
 * in it (and docker's base64 form of the set's), keeps them out of any server text shown, then
 * saves the ID for the post step. */
function keepAnswer(answer: CreatedAnswer): void {
  for (const secret of answer.masks) if (secret.trim() !== '') maskSecret(secret)
  if (answer.id === undefined) return
  if (answer.secret !== undefined && answer.secret.trim() !== '') maskLogin(usernameFor(answer.id), answer.secret)
  saveJobSet(answer.id)
}

/** An unusable new set is deleted at once: true when it was, false when not (the post step tries
 * again). */
async function deleteUnusable(api: ListRequest, id: string): Promise<boolean> {
  try {
    await deleteDistributionCredentials(api, id)
    clearJobSet()
    return true
  } catch {
    return false
  }
}
