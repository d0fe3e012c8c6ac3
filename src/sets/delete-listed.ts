// Deleting sets the API has just listed, a few at a time within one deadline, each by its ID as
// the API spelled it. A 404, or a 2xx that is not the API's JSON, is checked against a new list.
import { messageOf } from '../errors.js'
import { pool } from '../pool.js'
import { deleteDistributionCredentials, listDistributionCredentials, type ListRequest } from '../deepgram/client.js'
import type { CredentialSet } from '../deepgram/types.js'

/** What became of one set: deleted, found gone (404, and no longer listed), or still there. */
export type DeleteResult = { kind: 'deleted' } | { kind: 'gone' } | { kind: 'failed'; why: string }

export interface DeleteLimits {
  concurrency: number
  /** Ms since the epoch: no request runs past it, and no delete starts after it. */
  deadline: number
  /** No delete starts after one that failed (the API refuses or is down: the rest waits). */
  stopOnFailure?: boolean
}

/** Why a set was not even tried: the one deadline of all the deletes had passed. */
export const TIME_UP = 'the time allowed had run out before its turn.'
/** Why a set was not tried with stopOnFailure: a delete before it failed. */
export const NOT_TRIED = 'not tried: a delete before it failed.'

/** Deletes each set by its listed ID; the results in the sets' order. */
export async function deleteListed(
  api: ListRequest,
  sets: readonly CredentialSet[],
  limits: DeleteLimits
): Promise<DeleteResult[]> {
  const request: ListRequest = { ...api, deadline: limits.deadline }
  const results = await pool<CredentialSet, DeleteResult | Unsure>(
    sets,
    async set => {
      try {
        const done = await deleteDistributionCredentials(request, set.id)
        return done === 'deleted' ? { kind: 'deleted' } : done === 'gone' ? 'not-found' : 'unconfirmed'
      } catch (error) {
        return { kind: 'failed', why: messageOf(error) }
      }
    },
    {
      limit: limits.concurrency,
      deadline: limits.deadline,
      late: () => ({ kind: 'failed', why: Date.now() >= limits.deadline ? TIME_UP : NOT_TRIED }),
      stop: result => limits.stopOnFailure === true && typeof result !== 'string' && result.kind === 'failed'
    }
  )
  const sure = results.filter((r): r is DeleteResult => typeof r !== 'string')
  return sure.length === results.length ? sure : recheck(request, sets, results)
}

/** A delete answered 404, or 2xx with a body that is not the API's. */
type Unsure = 'not-found' | 'unconfirmed'

const UNSURE: Record<Unsure, string> = {
  'not-found': 'the API answered 404 to deleting it',
  unconfirmed: "the answer to deleting it was not the API's (not JSON: a proxy's page?)"
}

/** The sets whose delete was unsure, checked against a fresh list. */
async function recheck(
  request: ListRequest,
  sets: readonly CredentialSet[],
  results: (DeleteResult | Unsure)[]
): Promise<DeleteResult[]> {
  let listed: readonly CredentialSet[] | undefined
  let why = ''
  try {
    listed = await listDistributionCredentials(request)
  } catch (error) {
    why = messageOf(error)
  }
  return results.map((result, i): DeleteResult => {
    if (typeof result !== 'string') return result
    const id = sets[i]?.id ?? ''
    if (listed === undefined)
      return { kind: 'failed', why: `${UNSURE[result]}, and the sets could not be listed again to check: ${why}` }
    if (listed.some(s => s.id === id)) return { kind: 'failed', why: `${UNSURE[result]}, yet the API still lists it.` }
    return result === 'not-found' ? { kind: 'gone' } : { kind: 'deleted' }
  })
}

/** Deletes one set by its ID (as the API gave it), checked as deleteListed() checks a set. */
export async function deleteOne(api: ListRequest, id: string, deadline: number): Promise<DeleteResult> {
  const set = { id, provider: '', comment: '', scopes: [], created: '' }
  const [result] = await deleteListed(api, [set], { concurrency: 1, deadline })
  return result ?? { kind: 'failed', why: TIME_UP }
}
