// Every sentence a user reads about the credential sets this action makes: a set
// made for the job (and the post step's delete), the sweep of old ones, a create
// that went unanswered or named no usable set. Pure.
import { ActionError, type Notice } from '../errors.js'
import type { Recovery, Unusable } from '../deepgram/types.js'

const UNUSABLE: Record<Unusable, (where?: string) => string> = {
  'no-id': () => 'no ID (a distribution_credentials_id that is a UUID)',
  'no-secret': () => 'no secret (a one-line `secret` beside the ID)',
  shape: where => `a ${where ?? 'body'} that is not in the documented shape`
}

/** An answer to creating a set that is of no use: `where` names the field for 'shape'; with the set's ID, whether
 * it was deleted again; without one, what the lookup by this run's comment did. */
export type NoUsableSet = { problem: Unusable; where?: string | undefined } & (
  { id: string; deleted: boolean } | Recovery
)

export function noUsableSet(unusable: NoUsableSet): ActionError {
  const { problem, where } = unusable
  const after =
    'id' in unusable
      ? `The set ${unusable.id} ${unusable.deleted ? 'was deleted again.' : 'could not be deleted now: the post step tries again.'}`
      : recovered(unusable)
  return new ActionError(
    'No usable credential set',
    `The Deepgram API returned no usable set: its answer to creating one has ${UNUSABLE[problem](where)}. ${after} ` +
      'If `api-url` points at a proxy or gateway, check that it passes the answer on unchanged; otherwise re-run the job, ' +
      'or use a stored set (`credentials-id` + `secret`).'
  )
}

/** What became of the set a create that went unanswered (or named no set) may have made. */
export function recovered(recovery: Recovery): string {
  if (recovery.kind === 'deleted')
    return `It may have made a set all the same: this run's set ${recovery.ids.join(', ')} was found and deleted.`
  if (recovery.kind === 'none') return 'It may have made a set all the same, but none made by this run was found.'
  return `It may have made a set all the same, which could not be looked for now (${recovery.why}): the post step looks for this run's set and deletes it.`
}

/** A sweep that could not list, or left `left` of the `found` stale sets: `problems` say why;
 * `seconds`, its time limit, when that ran out. */
export function sweepFailed(s: { problems: readonly string[]; found: number; left: number; seconds?: number }): Notice {
  const limit = `the sweep stopped at its ${s.seconds} s limit${s.found > 0 ? '' : ', before the API listed the sets'}`
  const why = [...(s.seconds === undefined ? [] : [limit]), ...s.problems].join('; ')
  const left = s.found > 0 ? ` Stale sets left: ${s.left} of ${s.found}.` : ''
  return {
    title: 'Old sets not swept',
    message: `Could not sweep the old credential sets this action made for this repository: ${why}${why.endsWith('.') ? '' : '.'}${left} This job carries on; a later run tries again.`
  }
}

/** How to delete a set by hand: the console, or one request with the key in a variable, never on the line. */
export function deleteByHand(url: string): string {
  return (
    "Delete it by hand, in the Deepgram console (the project's self-hosted distribution credentials) or with " +
    `\`curl -X DELETE -H "Authorization: Token $DEEPGRAM_API_KEY" ${url}\`.`
  )
}
