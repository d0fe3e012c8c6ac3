// The credential set a run works with: the stored one, found in the list (or by
// its ID), or, with `ephemeral`, one made for this job after sweeping the ones
// earlier jobs left behind. The new set's secret is masked the moment it is read.
import * as core from '@actions/core'
import type { ProxySettings } from '../http/proxy.js'
import { warn } from '../errors.js'
import {
  credentialSetUrl,
  getDistributionCredential,
  listDistributionCredentials,
  type ListRequest
} from '../deepgram/client.js'
import { usernameFor } from '../common.js'
import { findCredentialSet } from '../deepgram/credentials.js'
import type {
  ApiAccess,
  JobSetChoice,
  JobSetInUse,
  SetInUse,
  StoredSetChoice,
  StoredSetInUse
} from '../deepgram/types.js'
import { newMark, runIdentity, setComment } from './comment.js'
import { postStepFollows } from './unanswered.js'
import { creationScopes } from './ephemeral.js'
import { makeSet } from './make-set.js'
import { foundById, setDoesNotExist } from '../deepgram/messages.js'
import { createdForJob, jobSetOutsideRunner } from './messages.js'
import { sweepOldSets } from './sweep.js'

/** What signing in to the registry with the set takes: its username and secret and, for a set
 * made seconds ago, until when a refusal of it is retried. */
export interface SetLogin {
  username: string
  secret: string
  newSetUntil?: number
}

/** The login of the set in use; undefined when the run has no secret for it (a check only). */
export function loginOf(inUse: SetInUse): SetLogin | undefined {
  const username = usernameFor(inUse.id)
  if (inUse.kind !== 'stored') return { username, secret: inUse.secret, newSetUntil: inUse.newSetUntil }
  return inUse.secret === undefined ? undefined : { username, secret: inUse.secret }
}

/** What obtainSet() is asked: the API, the set chosen, and the scopes a new set is made with
 * (`rotate` is rotation/rotate.ts's). */
export type SetWanted = ApiAccess & (StoredSetChoice | JobSetChoice) & { requiredScopes: readonly string[] }

/** The set asked for by the inputs: `credentials-id`, or a new one with `ephemeral`. */
export function obtainSet(wanted: SetWanted, proxy: ProxySettings): Promise<SetInUse> {
  const api = apiRequest(wanted, proxy)
  return wanted.ephemeral ? makeSetForJob(api, wanted.requiredScopes) : findSet(api, wanted)
}

/** The API requests' common part: where, with which key, through which proxy; retries logged. */
export function apiRequest(access: ApiAccess, proxy: ProxySettings): ListRequest {
  return {
    apiUrl: access.apiUrl,
    projectId: access.projectId,
    apiKey: access.apiKey,
    onRetry: (message: string) => core.info(message),
    proxy
  }
}

/** Lists the project's sets and picks the one asked for; a set the list does
 * not show (another account's, to a key without the read scopes) is asked for by ID. */
async function findSet(request: ListRequest, stored: StoredSetChoice): Promise<StoredSetInUse> {
  const id = stored.credentialsId
  const secret = stored.secret === undefined ? {} : { secret: stored.secret }
  const sets = await listDistributionCredentials(request)
  const listed = findCredentialSet(sets, id)
  if (listed) return { kind: 'stored', set: listed, id, ...secret }
  const byId = await getDistributionCredential(request, id)
  if (byId === undefined || byId.id.toLowerCase() !== id) {
    throw setDoesNotExist({ id, projectId: request.projectId, visible: sets.length })
  }
  core.info(foundById(id))
  return { kind: 'stored', set: byId, id, ...secret }
}

/** Sweeps, then makes a set for this job; its ID is saved for the post step the moment it is known. */
async function makeSetForJob(api: ListRequest, requiredScopes: readonly string[]): Promise<JobSetInUse> {
  await sweepOldSets(api)
  const comment = setComment({ kind: 'ephemeral' }, runIdentity(process.env), newMark())
  const made = await makeSet(api, creationScopes(requiredScopes), comment)
  core.info(createdForJob({ id: made.id, comment }))
  // Only a runner runs the post step that deletes the set (a local run, say with @github/local-action, does not).
  if (!postStepFollows()) {
    warn(jobSetOutsideRunner({ id: made.id, url: credentialSetUrl(api.apiUrl, api.projectId, made.id) }))
  }
  return { kind: 'made-for-job', ...made }
}
