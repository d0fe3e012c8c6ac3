// The main step: reads the inputs into one mode, and runs that mode's flow, each
// in its own file under modes/: a stored set, a set made for this job, a set made
// for a rotation (each checked and used by modes/use-set.ts's steps), or
// `retire`. The entry main.ts runs run(); `npm run local-action` imports this file
// and calls it.
import { fail } from './errors.js'
import { readProxySettings } from './http/proxy.js'
import { getInputs, maskSecretInputs } from './inputs/context.js'
import type { Inputs } from './inputs/modes.js'
import { useJobSet } from './modes/job-set.js'
import { retire } from './modes/retire.js'
import { rotate } from './modes/rotate.js'
import { useStoredSet } from './modes/stored-set.js'
import { writeEarlyFailureSummary } from './report/summary.js'

export async function run(): Promise<void> {
  let inputs: Inputs
  try {
    maskSecretInputs()
    inputs = getInputs()
  } catch (error) {
    // The summary says which input to fix.
    fail(error)
    return writeEarlyFailureSummary(error)
  }
  const proxy = readProxySettings()
  switch (inputs.mode) {
    case 'stored':
      return useStoredSet(inputs, proxy)
    case 'job-set':
      return useJobSet(inputs, proxy)
    case 'rotate':
      return rotate(inputs, proxy)
    case 'retire':
      return retire(inputs, proxy)
    default:
      return inputs satisfies never
  }
}
