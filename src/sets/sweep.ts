// The sweep before a set is made for a job: deletes the sets this action made
// for this repository that a job left behind (its runner died before the post
// step). Which sets those are is ephemeral.ts's rule; this file asks the API,
// within one time limit for the whole sweep, so that a slow API never holds up the job.
import * as core from '@actions/core'
import { messageOf, warn } from '../errors.js'
import { sanitize } from '../sanitize.js'
import { listDistributionCredentials, type ListRequest } from '../deepgram/client.js'
import { knowsRepository, runIdentity } from './comment.js'
import { deleteListed, NOT_TRIED, TIME_UP } from './delete-listed.js'
import { STALE_AFTER_TEXT, staleSets } from './ephemeral.js'
import type { CredentialSet } from '../deepgram/types.js'

/** How long a sweep may take in all, the list included, and how many deletes run at once. */
export interface SweepLimits {
  timeMs: number
  concurrency: number
}

const SWEEP_LIMITS: SweepLimits = { timeMs: 15_000, concurrency: 3 }

// A request cut at the deadline ends within a moment of it: its failure is the time, not the API.
const CUT_SLACK_MS = 100

/** Deletes this repository's sets that this action made over 6 days ago (a runner that died
 * never ran its post step), at most 10, told apart by their comment only. Never fails the step,
 * and never takes longer than `limits.timeMs`: every request (and its retries) ends by then.
 * Without GITHUB_REPOSITORY_ID nothing proves whose a set is: nothing is swept. */
export async function sweepOldSets(api: ListRequest, limits: SweepLimits = SWEEP_LIMITS): Promise<void> {
  const run = runIdentity(process.env)
  if (!knowsRepository(run)) {
    core.info(
      'No sweep of old sets: GITHUB_REPOSITORY_ID is not set, and without it no set can be told to be this repository’s.'
    )
    return
  }
  const deadline = Date.now() + limits.timeMs
  const timeUp = (): boolean => Date.now() >= deadline - CUT_SLACK_MS
  const limit = `the sweep stopped at its ${Math.round(limits.timeMs / 1000)} s limit`
  let listed: readonly CredentialSet[]
  try {
    listed = await listDistributionCredentials({ ...api, deadline })
  } catch (error) {
    notSwept(timeUp() ? `${limit}, before the API listed the sets.` : messageOf(error))
    return
  }
  const stale = staleSets(listed, run, Date.now())
  // A delete that failed (the API refuses or is down) stops the sweep: the rest waits for a later run.
  const results = await deleteListed(api, stale, { concurrency: limits.concurrency, deadline, stopOnFailure: true })
  const problems: string[] = []
  stale.forEach((set, i) => {
    const result = results[i]
    if (result?.kind === 'failed') {
      if (result.why !== TIME_UP && result.why !== NOT_TRIED) problems.push(`deleting ${set.id} failed: ${result.why}`)
    } else
      core.info(
        `Deleted stale credential set ${set.id} (made by this action for this repository on ${sanitize(set.created, 100)}, over ${STALE_AFTER_TEXT} ago; its job never deleted it).`
      )
  })
  const left = results.filter(r => r.kind === 'failed').length
  if (left === 0) return
  const why = [...(timeUp() ? [limit] : []), ...problems].join('; ')
  notSwept(`${why}${why.endsWith('.') ? '' : '.'} Stale sets left: ${left} of ${stale.length}.`)
}

function notSwept(why: string): void {
  warn({
    title: 'Old sets not swept',
    message: `Could not sweep the old credential sets this action made for this repository: ${why} This job carries on; a later run tries again.`
  })
}
