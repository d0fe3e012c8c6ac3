// Every sentence a user reads about the credential sets this action makes: a set
// made for the job (and the post step's delete), the sweep of old ones, a create
// that went unanswered or named no usable set. Pure.
import type { Notice } from '../errors.js'
import { sanitize as clean } from '../sanitize.js'

export function createdForJob({ id, comment }: { id: string; comment: string }): string {
  return `Created credential set ${id} for this job (${comment}); the post step deletes it.`
}

export function deletedJobSet(id: string): string {
  return `Deleted credential set ${id}, made for this job.`
}

export function jobSetAlreadyGone(id: string): string {
  return `Credential set ${id}, made for this job, was already deleted.`
}

/** The saved state names as the set made for this job something that is no set ID. */
export function jobSetIdRefused(id: string): Notice {
  return {
    title: 'Credential set not deleted',
    message: `The saved state names ${JSON.stringify(clean(id, 100))} as the set made for this job, which is not a set ID (a UUID): nothing was deleted.`
  }
}

/** How to delete a set by hand: the console, or one request with the key in a variable, never on the line. */
function deleteByHand(url: string): string {
  return (
    "Delete it by hand, in the Deepgram console (the project's self-hosted distribution credentials) or with " +
    `\`curl -X DELETE -H "Authorization: Token $DEEPGRAM_API_KEY" ${url}\`.`
  )
}

/** `url`: the set's, for the curl line. */
export function jobSetNotDeleted({ id, url, why }: { id: string; url: string; why: string }): Notice {
  return {
    title: 'Credential set not deleted',
    message:
      `Could not delete credential set ${id}, made for this job: ${why} ${deleteByHand(url)} ` +
      "Until then its secret, which only this runner held, still pulls images; a later run of this action for this repository deletes it (a job's set after 6 days, a rotation's set at its next `retire`)."
  }
}

/** A set made for the job by a run that no post step follows (not on a runner). */
export function jobSetOutsideRunner({ id, url }: { id: string; url: string }): Notice {
  return {
    title: 'Credential set left behind',
    message:
      `This run is not on a GitHub Actions runner (GITHUB_ACTIONS is not true), where the post step deletes the set made for the job; ` +
      `here none will (@github/local-action runs the main step only), so credential set ${id} stays when this run ends. ` +
      `${deleteByHand(url)} Until then its secret still pulls images.`
  }
}
