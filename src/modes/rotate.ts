// `rotate: <name>`: makes a set marked as this rotation's for this repository, then checks
// and uses it like any set; it is kept (and named in the outputs) only once every step passed.
// A set that failed a check is deleted before the step ends, so that a `retire` that runs
// anyway finds no set to keep; the post step stays the fallback.
import * as core from '@actions/core'
import type { RotationSetInUse } from '../deepgram/types.js'
import { apiRequest, type ListRequest } from '../deepgram/client.js'
import { warn } from '../errors.js'
import { dropMadeSet } from '../sets/unanswered.js'
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

/** A step failed: the set is deleted now, so that a later `retire` never meets it; else a warning. */
async function dropRotationSet(api: ListRequest, id: string, name: string): Promise<void> {
  const notKept = `Credential set ${id}, made for rotation ${name}, is not kept: this step failed, so nothing will use it.`
  const failed = await dropMadeSet(api, id)
  if (failed === undefined) return core.info(`${notKept} It was deleted.`)
  warn({
    title: 'Credential set not deleted',
    message: `${notKept} It could not be deleted now: ${failed} Until then its secret still pulls images.`
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
