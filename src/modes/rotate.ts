// `rotate: <name>`: makes a set for the rotation, whose comment marks it as this
// rotation's for this repository (for `retire` to find), then checks and uses it
// like any set. Its ID is saved for the post step the moment it is known; only
// once every step has passed is it kept (the post step then leaves it alone), so
// that a set that failed a check, or a main step that died, leaves none.
import * as core from '@actions/core'
import type { RotationSetInUse } from '../deepgram/types.js'
import { apiRequest } from '../deepgram/client.js'
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
    core.info(
      `Credential set ${id}, made for rotation ${name}, is not kept: this step failed, so nothing will use it, and the post step deletes it.`
    )
  }
  await run.finish()
}

/** Makes the rotation's new set (no sweep: a job's sets are the ephemeral mode's business). */
async function makeRotationSet(inputs: RotateInputs, proxy: ProxySettings): Promise<RotationSetInUse> {
  const name = inputs.rotation
  const purpose = { kind: 'rotation', name } as const
  const made = await makeSet(apiRequest(inputs, proxy), creationScopes(inputs.requiredScopes), purpose)
  core.info(`Created credential set ${made.id} for rotation ${name} (${made.comment}).`)
  return { kind: 'made-for-rotation', name, ...made }
}
