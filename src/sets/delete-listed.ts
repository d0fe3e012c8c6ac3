// Deleting sets the API has just listed (the sweep's stale sets, the set a lost
// create made, a rotation's older sets): a few at a time within one deadline
// (pool.ts), each by its ID exactly as the API spelled it. A 404 on a set just
// listed is not taken on trust: the sets are listed again, and one still there
// is a failure, not "already gone".
import { messageOf } from '../errors.js'
import { pool } from '../pool.js'
import {
  credentialSetUrl,
  deleteDistributionCredentials,
  listDistributionCredentials,
  type ListRequest
} from '../deepgram/client.js'
import type { CredentialSet } from '../deepgram/types.js'

/** What became of one set: deleted, found gone (404, and no longer listed), or still there. */
export type DeleteResult = { kind: 'deleted' } | { kind: 'gone' } | { kind: 'failed'; why: string }

export interface DeleteLimits {
  concurrency: number
  /** Ms since the epoch: no request runs past it, and no delete starts after it. */
  deadline: number
}

/** Why a set was not even tried: the one deadline of all the deletes had passed. */
export const TIME_UP = 'the time allowed had run out before its turn.'

/** Deletes each set by its listed ID; the results in the sets' order. */
export async function deleteListed(
  api: ListRequest,
  sets: readonly CredentialSet[],
  limits: DeleteLimits
): Promise<DeleteResult[]> {
  const request: ListRequest = { ...api, deadline: limits.deadline }
  const results = await pool<CredentialSet, DeleteResult | 'not-found'>(
    sets,
    limits.concurrency,
    async (set): Promise<DeleteResult | 'not-found'> => {
      try {
        return (await deleteDistributionCredentials(request, set.id)) === 'deleted' ? { kind: 'deleted' } : 'not-found'
      } catch (error) {
        return { kind: 'failed', why: messageOf(error) }
      }
    },
    limits.deadline,
    () => ({ kind: 'failed', why: TIME_UP })
  )
  if (!results.includes('not-found')) return results.filter((r): r is DeleteResult => r !== 'not-found')
  return recheck(request, sets, results)
}

/** The sets that answered 404, checked against a fresh list. */
async function recheck(
  request: ListRequest,
  sets: readonly CredentialSet[],
  results: (DeleteResult | 'not-found')[]
): Promise<DeleteResult[]> {
  let listed: readonly CredentialSet[] | undefined
  let why = ''
  try {
    listed = await listDistributionCredentials(request)
  } catch (error) {
    why = messageOf(error)
  }
  return results.map((result, i): DeleteResult => {
    if (result !== 'not-found') return result
    const id = sets[i]?.id ?? ''
    if (listed === undefined)
      return {
        kind: 'failed',
        why: `the API answered 404 to deleting a set it had just listed, and could not list again to check: ${why}`
      }
    return listed.some(s => s.id === id)
      ? { kind: 'failed', why: 'the API answered 404 to deleting it, yet still lists it.' }
      : { kind: 'gone' }
  })
}

/** How to delete a set by hand: the console, or one request with the key in a variable, never on the line. */
export function deleteByHand(api: { apiUrl: string; projectId: string }, id: string): string {
  return (
    "Delete it in the Deepgram console (the project's self-hosted distribution credentials) or with " +
    `\`curl -X DELETE -H "Authorization: Token $DEEPGRAM_API_KEY" ${credentialSetUrl(api.apiUrl, api.projectId, id)}\``
  )
}
