// The sweep before a set is made for a job: deletes the sets this action made
// for this repository that a job left behind (its runner died before the post
// step). Which sets those are is ephemeral.ts's rule; this file asks the API.
import * as core from '@actions/core'
import { messageOf, warn } from '../errors.js'
import { sanitize } from '../sanitize.js'
import { deleteDistributionCredentials, listDistributionCredentials, type ListRequest } from './client.js'
import { runIdentity } from './comment.js'
import { staleSets } from './ephemeral.js'
import { sweepDeleteFailed, sweepFailed, sweptSet } from './messages.js'
import type { CredentialSet } from './types.js'

/** Deletes this repository's sets that this action made over 24 hours ago (a runner that died
 * never ran its post step), at most 10, told apart by their comment only. Never fails the step.
 * Returns the list it read (undefined when it could not): the sets that existed before this run
 * made one. */
export async function sweepOldSets(api: ListRequest): Promise<readonly CredentialSet[] | undefined> {
  const problems: string[] = []
  let listed: readonly CredentialSet[] | undefined
  try {
    const sets = await listDistributionCredentials(api)
    listed = sets
    for (const set of staleSets(sets, runIdentity(process.env), Date.now())) {
      const id = set.id.toLowerCase()
      try {
        await deleteDistributionCredentials(api, id)
        core.info(sweptSet({ id, created: sanitize(set.created, 100) }))
      } catch (error) {
        // The API refuses or is down: the rest waits for a later run.
        problems.push(sweepDeleteFailed({ id, why: messageOf(error) }))
        break
      }
    }
  } catch (error) {
    problems.push(messageOf(error))
  }
  if (problems.length) warn(sweepFailed(problems))
  return listed
}
