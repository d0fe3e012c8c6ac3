// `ephemeral`: sweeps the sets earlier jobs of this repository left behind, makes
// a set for this job (its ID saved for the post step, which deletes it), then
// checks and uses it like any set.
import * as core from '@actions/core'
import { credentialSetUrl, type ListRequest, apiRequest } from '../deepgram/client.js'
import type { JobSetInUse } from '../deepgram/types.js'
import { warn } from '../errors.js'
import type { ProxySettings } from '../http/proxy.js'
import type { JobSetInputs } from '../inputs/modes.js'
import { creationScopes } from '../sets/ephemeral.js'
import { makeSet } from '../sets/make-set.js'
import { deleteByHand } from '../sets/messages.js'
import { sweepOldSets } from '../sets/sweep.js'
import { postStepFollows } from '../sets/unanswered.js'
import { useSet } from './use-set.js'

export async function useJobSet(inputs: JobSetInputs, proxy: ProxySettings): Promise<void> {
  const api = apiRequest(inputs, proxy)
  const run = await useSet(inputs, proxy, { obtain: () => makeSetForJob(api, inputs.requiredScopes) })
  await run.finish()
}

/** Sweeps, then makes a set for this job; its ID is saved for the post step the moment it is known. */
async function makeSetForJob(api: ListRequest, requiredScopes: readonly string[]): Promise<JobSetInUse> {
  await sweepOldSets(api)
  const made = await makeSet(api, creationScopes(requiredScopes), { kind: 'ephemeral' })
  core.info(`Created credential set ${made.id} for this job (${made.comment}); the post step deletes it.`)
  // Only a runner runs the post step that deletes the set (a local run, say with @github/local-action, does not).
  if (!postStepFollows()) {
    const url = credentialSetUrl(api.apiUrl, api.projectId, made.id)
    warn({
      title: 'Credential set left behind',
      message:
        `This run is not on a GitHub Actions runner (GITHUB_ACTIONS is not true), where the post step deletes the set made for the job; ` +
        `here none will (@github/local-action runs the main step only), so credential set ${made.id} stays when this run ends. ` +
        `${deleteByHand(url)} Until then its secret still pulls images.`
    })
  }
  return { kind: 'made-for-job', ...made }
}
