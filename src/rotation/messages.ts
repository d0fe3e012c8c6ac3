// Every sentence a user reads about rotating a Kubernetes pull secret's credential
// set: the set `rotate` makes and keeps (or, when a step fails, does not), and
// what `retire` deletes, or refuses to delete. Pure.
import { ActionError, type Notice } from '../errors.js'
import { sanitize } from '../sanitize.js'

interface OfRotation {
  id: string
  name: string
}

export function madeForRotation({ id, name, comment }: OfRotation & { comment: string }): string {
  return `Created credential set ${id} for rotation ${name} (${comment}).`
}

export function rotationSetKept({ id, name }: OfRotation): string {
  return (
    `Keeping credential set ${id} for rotation ${name}: once the cluster's pull secret holds it, ` +
    `a step with \`retire: ${name}\` and \`credentials-id: ${id}\` deletes the rotation's older sets.`
  )
}

export function rotationSetNotKept({ id, name }: OfRotation): string {
  return `Credential set ${id}, made for rotation ${name}, is not kept: this step failed, so nothing will use it, and the post step deletes it.`
}

/** `visible`: how many sets the API key sees. */
export function keepSetMissing({ id, name, projectId, visible }: OfRotation & { projectId: string; visible: number }) {
  const seen = visible === 1 ? '1 set' : `${visible} sets`
  return new ActionError(
    'Set to keep not found',
    `No distribution credential set with ID ${id} in this project (${projectId}; the API key can see ${seen}), so nothing was retired. ` +
      `\`credentials-id\` must be the set to keep: the \`credentials-id\` output of the \`rotate: ${name}\` step whose set the cluster's pull secret now holds.`
  )
}

/** `repositoryId`: this repository's GITHUB_REPOSITORY_ID; `comment`: the set's, as the API gave it. */
export function keepSetNotOfRotation({
  id,
  name,
  repositoryId,
  comment
}: OfRotation & { repositoryId: string; comment: string }): ActionError {
  const says = comment === '' ? 'it has no comment' : `its comment is ${JSON.stringify(sanitize(comment, 200))}`
  return new ActionError(
    'Set to keep is not of this rotation',
    `Credential set ${id} was not made by \`rotate: ${name}\` for this repository (repository ID ${repositoryId}): ${says}. ` +
      'Nothing was retired: `retire` deletes the other sets of a rotation only when the set to keep is one of them. ' +
      `Set \`credentials-id\` to the \`credentials-id\` output of the \`rotate: ${name}\` step, and \`retire\` to the name that step's \`rotate\` has.`
  )
}

export function keepingSet({ id, name, created }: OfRotation & { created: string }): string {
  return `Keeping credential set ${id} of rotation ${name} (made ${created}).`
}

export function nothingToRetire({ id, name }: OfRotation): string {
  return `Rotation ${name} has no set for this repository but ${id}: nothing to retire.`
}

export function retiredSet({ id, name, created }: OfRotation & { created: string }): string {
  return `Deleted credential set ${id} of rotation ${name} (made ${created}).`
}

export function retiredSetGone({ id, name }: OfRotation): string {
  return `Credential set ${id} of rotation ${name} was already deleted.`
}

/** `url`: the set's, for the curl line. */
export function retireDeleteFailed({ id, name, url, why }: OfRotation & { url: string; why: string }): Notice {
  return {
    title: 'Credential set not retired',
    message:
      `Could not delete credential set ${id} of rotation ${name}: ${why} ` +
      "Delete it by hand, in the Deepgram console (the project's self-hosted distribution credentials) or with " +
      `\`curl -X DELETE -H "Authorization: Token $DEEPGRAM_API_KEY" ${url}\`, or let the next \`retire: ${name}\` run delete it. ` +
      'Until then its secret still pulls images.'
  }
}

/** Some of the rotation's older sets are still there: `failed` their IDs, of `total`. */
export function retireIncomplete({ name, failed, total }: { name: string; failed: string[]; total: number }) {
  return new ActionError(
    'Rotation not fully retired',
    `${failed.length} of the ${total} older sets of rotation ${name} could not be deleted (${failed.join(', ')}): ` +
      'the warnings say why, and how to delete each by hand. The set to keep is kept, and the others were deleted; ' +
      `the next \`retire: ${name}\` run tries these again.`
  )
}
