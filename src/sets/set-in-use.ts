// What every mode that asks the API, or signs in with a set, shares: the API's
// request context, and the login of the set in use.
import * as core from '@actions/core'
import { usernameFor } from '../common.js'
import type { ListRequest } from '../deepgram/client.js'
import type { ApiAccess, SetInUse } from '../deepgram/types.js'
import type { ProxySettings } from '../http/proxy.js'

/** What signing in to the registry with the set takes: its username and secret and, for a set
 * made seconds ago, until when a refusal of it is retried. */
export interface SetLogin {
  username: string
  secret: string
  newSetUntil?: number
}

/** The login of the set in use; undefined when the run has no secret for it (a check only). */
export function loginOf(inUse: SetInUse): SetLogin | undefined {
  const username = usernameFor(inUse.id)
  if (inUse.kind !== 'stored') return { username, secret: inUse.secret, newSetUntil: inUse.newSetUntil }
  return inUse.secret === undefined ? undefined : { username, secret: inUse.secret }
}

/** The API requests' common part: where, with which key, through which proxy; retries logged. */
export function apiRequest(access: ApiAccess, proxy: ProxySettings): ListRequest {
  return {
    apiUrl: access.apiUrl,
    projectId: access.projectId,
    apiKey: access.apiKey,
    onRetry: (message: string) => core.info(message),
    proxy
  }
}
