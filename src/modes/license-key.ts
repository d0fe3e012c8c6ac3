// `license-key-id` (issue 28): the self-hosted API key the containers license with,
// read once the set checks out and judged beside it: its product scopes (the
// umbrella standing for the set's products) and its expiry. The output, the
// warning and the log line are set here; the caller shows the check in the summary
// and fails the step on the failure returned.
import * as core from '@actions/core'
import type { ListRequest } from '../deepgram/client.js'
import { judgeLicenseKey, type KeyCheck } from '../deepgram/key-check.js'
import { readLicenseKey, type ProjectKey } from '../deepgram/project-key.js'
import { warn } from '../errors.js'

/** The key `id` (validated) for the set in use (`set`: its shown ID, its scopes): the check, when
 * the key could be read, and what fails the step, if anything does. */
export async function checkLicenseKey(
  api: ListRequest,
  id: string,
  requiredScopes: readonly string[],
  set: { id: string; scopes: readonly string[] }
): Promise<{ check?: KeyCheck; error?: unknown }> {
  let key: ProjectKey
  try {
    key = await readLicenseKey(api, id)
  } catch (error) {
    return { error }
  }
  const judged = judgeLicenseKey(key, id, requiredScopes, set, Date.now())
  core.setOutput('license-key-expires', judged.expires)
  if (judged.error) return { check: judged.check, error: judged.error }
  if (judged.warning) warn(judged.warning)
  if (judged.line !== undefined) core.info(judged.line)
  return { check: judged.check }
}
