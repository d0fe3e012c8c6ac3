// The credential set a run works with: the stored one, found in the list (or by
// its ID), or, with `ephemeral`, one made for this job after sweeping the ones
// earlier jobs left behind. The new set's secret is masked the moment it is read.
import * as core from '@actions/core'
import { messageOf } from '../errors.js'
import type { ProxySettings } from '../http/proxy.js'
import { maskedForms, maskLogin, type Inputs } from '../inputs/context.js'
import { encodedForms, hideInServerText, sanitize } from '../report/sanitize.js'
import { clearJobSet, saveJobSet } from '../state.js'
import {
  createDistributionCredentials,
  credentialSetUrl,
  deleteDistributionCredentials,
  getDistributionCredential,
  listDistributionCredentials,
  type ListRequest
} from './client.js'
import type { CreatedAnswer } from './created.js'
import { usernameFor } from '../common.js'
import { findCredentialSet, type CredentialSet } from './credentials.js'
import { creationScopes, ephemeralComment, NEW_SET_WAIT_MS, staleSets, sweepPrefix } from './ephemeral.js'
import {
  createdForJob,
  foundById,
  jobSetOutsideRunner,
  noUsableSet,
  setDoesNotExist,
  sweepDeleteFailed,
  sweepFailed,
  sweptSet
} from './messages.js'

/** The set the steps work with: the stored one, or the one made for this job. */
export interface SetInUse {
  set: CredentialSet
  /** Its ID, validated and lower-case: the input's, or the one the create answer gave. */
  id: string
  /** Present when the image check, the docker config file or the login needs it: the input, or the new set's. */
  secret?: string
  /** Made for this job: until when a registry's refusal of it is retried. */
  newSetUntil?: number
}

/** The set asked for by the inputs: `credentials-id`, or a new one with `ephemeral`. */
export function obtainSet(inputs: Inputs, proxy: ProxySettings): Promise<SetInUse> {
  return inputs.ephemeral ? makeSetForJob(inputs, proxy) : findSet(inputs, proxy)
}

function apiAccess(inputs: Inputs, proxy: ProxySettings): ListRequest {
  return {
    apiUrl: inputs.apiUrl,
    projectId: inputs.projectId,
    apiKey: inputs.apiKey,
    onRetry: (message: string) => core.info(message),
    proxy
  }
}

/** Lists the project's sets and picks the one asked for; a set the list does
 * not show (another account's, to a key without the read scopes) is asked for by ID. */
async function findSet(inputs: Inputs, proxy: ProxySettings): Promise<SetInUse> {
  const id = inputs.credentialsId as string
  const secret = inputs.secret === undefined ? {} : { secret: inputs.secret }
  const request = apiAccess(inputs, proxy)
  const sets = await listDistributionCredentials(request)
  const listed = findCredentialSet(sets, id)
  if (listed) return { set: listed, id, ...secret }
  const byId = await getDistributionCredential(request, id)
  if (byId === undefined || byId.id.toLowerCase() !== id) {
    throw setDoesNotExist(id, inputs.projectId, sets.length)
  }
  core.info(foundById(id))
  return { set: byId, id, ...secret }
}

/** Sweeps, then makes a set for this job; its ID is saved for the post step the moment it is known. */
async function makeSetForJob(inputs: Inputs, proxy: ProxySettings): Promise<SetInUse> {
  const api = apiAccess(inputs, proxy)
  await sweepOldSets(api)
  const comment = ephemeralComment(process.env)
  const answer = await createDistributionCredentials({
    ...api,
    scopes: creationScopes(inputs.requiredScopes),
    comment,
    onAnswer: keepAnswer
  })
  if (answer.id === undefined || answer.secret === undefined || answer.set === undefined) {
    throw noUsableSet(answer.unusable ?? 'shape', answer.where, answer.id, await deleteUnusable(api, answer.id))
  }
  core.info(createdForJob(answer.id, comment))
  // Only a runner runs the post step that deletes the set (a local run, say with @github/local-action, does not).
  if (process.env['GITHUB_ACTIONS'] !== 'true') {
    const left = jobSetOutsideRunner(answer.id, credentialSetUrl(inputs.apiUrl, inputs.projectId, answer.id))
    core.warning(left.message, { title: left.title })
  }
  return { set: answer.set, id: answer.id, secret: answer.secret, newSetUntil: Date.now() + NEW_SET_WAIT_MS }
}

/** Runs the moment the create answer is parsed, before anything is printed: masks every secret
 * in it (and docker's base64 form of the set's), keeps them out of any server text shown, then
 * saves the ID for the post step. */
function keepAnswer(answer: CreatedAnswer): void {
  for (const secret of answer.masks) {
    if (secret.trim() === '') continue
    const forms = maskedForms(secret)
    for (const form of forms) core.setSecret(form)
    hideInServerText(forms.flatMap(encodedForms))
  }
  if (answer.id === undefined) return
  if (answer.secret !== undefined && answer.secret.trim() !== '') maskLogin(usernameFor(answer.id), answer.secret)
  saveJobSet(answer.id)
}

/** An unusable new set is deleted at once: true when it was, false when not (the post step tries
 * again), undefined when there is no ID to delete it by. */
async function deleteUnusable(api: ListRequest, id: string | undefined): Promise<boolean | undefined> {
  if (id === undefined) return undefined
  try {
    await deleteDistributionCredentials(api, id)
    clearJobSet()
    return true
  } catch {
    return false
  }
}

/** Deletes this repository's sets that this action made over 24 hours ago (a runner that died
 * never ran its post step), at most 10, told apart by their comment only. Never fails the step. */
async function sweepOldSets(api: ListRequest): Promise<void> {
  const problems: string[] = []
  try {
    const sets = await listDistributionCredentials(api)
    for (const set of staleSets(sets, sweepPrefix(process.env), Date.now())) {
      const id = set.id.toLowerCase()
      try {
        await deleteDistributionCredentials(api, id)
        core.info(sweptSet(id, sanitize(set.created, 100)))
      } catch (error) {
        // The API refuses or is down: the rest waits for a later run.
        problems.push(sweepDeleteFailed(id, messageOf(error)))
        break
      }
    }
  } catch (error) {
    problems.push(messageOf(error))
  }
  if (problems.length) {
    const failed = sweepFailed(problems)
    core.warning(failed.message, { title: failed.title })
  }
}
