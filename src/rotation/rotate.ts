// `rotate: <name>`: makes a set for the rotation, whose comment marks it as this
// rotation's for this repository (for `retire` to find), and which the steps then
// check and use like any set. Like a set made for a job, its ID is saved for the
// post step; only once every step has passed is it kept (the post step then leaves
// it alone), so that a set that failed a check, or a main step that died, leaves none.
import * as core from '@actions/core'
import { clearJobSet } from '../state.js'
import { newMark, rotationRun, setComment } from '../sets/comment.js'
import { creationScopes } from '../sets/ephemeral.js'
import { makeSet } from '../sets/make-set.js'
import { apiRequest } from '../sets/set-in-use.js'
import type { ApiAccess, RotateChoice, RotationSetInUse } from '../deepgram/types.js'
import type { ProxySettings } from '../http/proxy.js'
import { madeForRotation, rotationSetKept, rotationSetNotKept } from './messages.js'

/** What makeRotationSet() is asked: the API, the rotation, and the scopes its set is made with. */
export type RotationWanted = ApiAccess & RotateChoice & { requiredScopes: readonly string[] }

/** Makes the rotation's new set (no sweep: ephemeral sets are the ephemeral mode's business). */
export async function makeRotationSet(wanted: RotationWanted, proxy: ProxySettings): Promise<RotationSetInUse> {
  const name = wanted.rotate
  const comment = setComment({ kind: 'rotation', name }, rotationRun('rotate', process.env), newMark())
  const made = await makeSet(apiRequest(wanted, proxy), creationScopes(wanted.requiredScopes), comment)
  core.info(madeForRotation({ id: made.id, name, comment }))
  return { kind: 'made-for-rotation', name, ...made }
}

/** Every step passed: the set is kept, and the post step no longer deletes it. */
export function keepRotationSet(inUse: RotationSetInUse): void {
  clearJobSet()
  core.info(rotationSetKept({ id: inUse.id, name: inUse.name }))
}

/** A step failed: the set is not kept (the post step deletes it, as it does a job's set). */
export function dropRotationSet(rotation: { id: string; name: string }): void {
  core.info(rotationSetNotKept(rotation))
}
