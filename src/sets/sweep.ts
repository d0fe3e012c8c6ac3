// The sweep before a set is made for a job: deletes the sets this action made
// for this repository that a job left behind (its runner died before the post
// step). Which sets those are is ephemeral.ts's rule; this file asks the API,
// within one time limit for the whole sweep, so that a slow API never holds up the job.
import * as core from '@actions/core'
import { messageOf, warn } from '../errors.js'
import { sanitize } from '../sanitize.js'
import { pool } from '../pool.js'
import { deleteDistributionCredentials, listDistributionCredentials, type ListRequest } from '../deepgram/client.js'
import { runIdentity } from './comment.js'
import { staleSets } from './ephemeral.js'
import { sweepFailed } from './messages.js'
import type { CredentialSet } from '../deepgram/types.js'

/** How long a sweep may take in all, the list included, and how many deletes run at once. */
export interface SweepLimits {
  timeMs: number
  concurrency: number
}

const SWEEP_LIMITS: SweepLimits = { timeMs: 15_000, concurrency: 3 }

// A request cut at the deadline ends within a moment of it: its failure is the time, not the API.
const CUT_SLACK_MS = 100

/** Deletes this repository's sets that this action made over 24 hours ago (a runner that died
 * never ran its post step), at most 10, told apart by their comment only. Never fails the step,
 * and never takes longer than `limits.timeMs`: every request (and its retries) ends by then.
 * Returns the list it read (undefined when it could not): the sets that existed before this run
 * made one. */
export async function sweepOldSets(
  api: ListRequest,
  limits: SweepLimits = SWEEP_LIMITS
): Promise<readonly CredentialSet[] | undefined> {
  const deadline = Date.now() + limits.timeMs
  const request: ListRequest = { ...api, deadline }
  const timeUp = (): boolean => Date.now() >= deadline - CUT_SLACK_MS
  // The limit, for the warning, once it has come.
  const limit = (): { seconds?: number } => (timeUp() ? { seconds: Math.round(limits.timeMs / 1000) } : {})
  let listed: readonly CredentialSet[]
  try {
    listed = await listDistributionCredentials(request)
  } catch (error) {
    warn(sweepFailed({ problems: timeUp() ? [] : [messageOf(error)], found: 0, left: 0, ...limit() }))
    return undefined
  }
  const stale = staleSets(listed, runIdentity(process.env), Date.now())
  const problems: string[] = []
  const deleteOne = async (set: CredentialSet): Promise<boolean> => {
    const id = set.id.toLowerCase()
    try {
      await deleteDistributionCredentials(request, id)
      core.info(
        `Deleted stale credential set ${id} (made by this action for this repository on ${sanitize(set.created, 100)}, over 24 hours ago; its job never deleted it).`
      )
      return true
    } catch (error) {
      if (!timeUp()) problems.push(`deleting ${id} failed: ${messageOf(error)}`)
      return false
    }
  }
  // A delete that failed (the API refuses or is down) stops the sweep: the rest waits for a later run.
  const results = await pool(stale, deleteOne, {
    limit: limits.concurrency,
    deadline: deadline - CUT_SLACK_MS,
    late: () => false,
    stop: deleted => !deleted
  })
  const left = results.filter(deleted => !deleted).length
  if (left > 0) warn(sweepFailed({ problems, found: stale.length, left, ...limit() }))
  return listed
}
