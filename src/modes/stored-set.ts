// A stored set (`credentials-id`): found in the project's list (or by its ID, when
// the list does not show it), then checked and used. With its secret given, the
// registry sign-in of the image check runs while the API is asked.
import * as core from '@actions/core'
import { usernameFor } from '../common.js'
import { findCredentialSet, knownRegistry } from '../deepgram/credentials.js'
import {
  getDistributionCredential,
  listDistributionCredentials,
  type ListRequest,
  apiRequest
} from '../deepgram/client.js'
import type { StoredSetInUse } from '../deepgram/types.js'
import { ActionError } from '../errors.js'
import type { ProxySettings } from '../http/proxy.js'
import type { StoredSetInputs } from '../inputs/modes.js'
import { useSet } from './use-set.js'

export async function useStoredSet(inputs: StoredSetInputs, proxy: ProxySettings): Promise<void> {
  const { credentialsId: id, secret } = inputs
  const signIn =
    secret === undefined ? undefined : { registry: knownRegistry(inputs.registry), username: usernameFor(id), secret }
  const run = await useSet(inputs, proxy, { obtain: () => findSet(apiRequest(inputs, proxy), id, secret), signIn })
  await run.finish()
}

/** Lists the project's sets and picks the one asked for; a set the list does not show (another
 * account's, to a key without the read scopes) is asked for by ID. */
export async function findSet(request: ListRequest, id: string, secret: string | undefined): Promise<StoredSetInUse> {
  const withSecret = secret === undefined ? {} : { secret }
  const sets = await listDistributionCredentials(request)
  const listed = findCredentialSet(sets, id)
  if (listed) return { kind: 'stored', set: listed, id, ...withSecret }
  const byId = await getDistributionCredential(request, id)
  if (byId === undefined || byId.id.toLowerCase() !== id) {
    const seen = sets.length === 1 ? '1 set' : `${sets.length} sets`
    throw new ActionError(
      'Credential set not found',
      `No distribution credential set with ID ${id} in this project (${request.projectId}): it does not exist there (asking for this ID answered 404), and the API key can see ${seen}. ` +
        "Check `credentials-id` (the set's distribution_credentials_id, not its secret) and `project-id`; " +
        'a set that was deleted must be replaced by a new one.'
    )
  }
  core.info(
    `Credential set ${id} is not in the list this API key sees (it belongs to another account), but the key may read it by its ID.`
  )
  return { kind: 'stored', set: byId, id, ...withSecret }
}
