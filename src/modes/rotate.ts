// `rotate: <name>`: makes a set for the rotation, whose comment marks it as this
// rotation's for this repository (for `retire` to find), then checks and uses it
// like any set. Its ID is saved for the post step the moment it is known; only
// once every step has passed is it kept (the post step then leaves it alone), and
// named in the outputs. A set that failed a check is deleted before the step ends
// (the post step stays the fallback), so that a `retire` that runs anyway finds no
// set to keep; a main step that died leaves it to the post step.
import * as core from '@actions/core'
import type { RotationSetInUse } from '../deepgram/types.js'
import { apiRequest, credentialSetUrl, type ListRequest } from '../deepgram/client.js'
import { warn } from '../errors.js'
import { deleteOne } from '../sets/delete-listed.js'
import { deleteByHand } from '../sets/messages.js'
import { CLEANUP_LIMITS, postStepFollows } from '../sets/unanswered.js'
import type { ProxySettings } from '../http/proxy.js'
import type { RotateInputs } from '../inputs/modes.js'
import { creationScopes } from '../sets/ephemeral.js'
import { makeSet } from '../sets/make-set.js'
import { clearSetToCleanUp } from '../state.js'
import { useSet } from './use-set.js'

export async function rotate(inputs: RotateInputs, proxy: ProxySettings): Promise<void> {
  const name = inputs.rotation
  const run = await useSet(inputs, proxy, { obtain: () => makeRotationSet(inputs, proxy) })
  const id = run.inUse?.id
  if (run.passed && id !== undefined) {
    clearSetToCleanUp()
    core.info(
      `Keeping credential set ${id} for rotation ${name}: once the cluster's pull secret holds it, ` +
        `a step with \`retire: ${name}\` and \`credentials-id: ${id}\` deletes the rotation's older sets.`
    )
  } else if (id !== undefined) {
    await dropRotationSet(apiRequest(inputs, proxy), id, name)
  }
  await run.finish()
}

/** A step failed: the set is not kept, and is deleted before this step ends, so that a later
 * step (a `retire` that runs anyway) never meets it; when it cannot be, the post step tries again
 * (on a runner), and a warning names it with the request that deletes it. */
async function dropRotationSet(api: ListRequest, id: string, name: string): Promise<void> {
  const notKept = `Credential set ${id}, made for rotation ${name}, is not kept: this step failed, so nothing will use it.`
  const result = await deleteOne(api, id, Date.now() + CLEANUP_LIMITS.timeMs)
  if (result.kind !== 'failed') {
    clearSetToCleanUp()
    return core.info(`${notKept} It was deleted.`)
  }
  const next = postStepFollows()
    ? 'The post step tries again.'
    : 'No post step follows outside a runner (GITHUB_ACTIONS is not true).'
  const url = credentialSetUrl(api.apiUrl, api.projectId, id)
  warn({
    title: 'Credential set not deleted',
    message: `${notKept} It could not be deleted now: ${result.why} ${next} ${deleteByHand(url)} Until then its secret still pulls images.`
  })
}

/** Makes the rotation's new set (no sweep: a job's sets are the ephemeral mode's business). */
async function makeRotationSet(inputs: RotateInputs, proxy: ProxySettings): Promise<RotationSetInUse> {
  const name = inputs.rotation
  const purpose = { kind: 'rotation', name } as const
  const made = await makeSet(apiRequest(inputs, proxy), creationScopes(inputs.requiredScopes), purpose)
  core.info(`Created credential set ${made.id} for rotation ${name} (${made.comment}).`)
  return { kind: 'made-for-rotation', name, ...made }
}
