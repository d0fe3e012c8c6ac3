// A create that may have made a set without naming it (no answer, a 5xx, an answer
// unread or without an ID): that set would pull images with a secret nobody holds. It is
// looked for by its create's mark (comment.ts), which no other create shares, and deleted
// within one deadline per step; failing that, the post step looks again.
import * as core from '@actions/core'
import { isUuid } from '../common.js'
import { messageOf, warn } from '../errors.js'
import { clearSetToCleanUp } from '../state.js'
import { credentialSetUrl, listDistributionCredentials, type ListRequest } from '../deepgram/client.js'
import { isMadeBy, parseComment, runIdentity, sameRun } from './comment.js'
import { deleteListed, deleteOne } from './delete-listed.js'
import { deleteByHand } from './messages.js'
import type { ApiAccess } from '../deepgram/types.js'

/** The time a step gives the look for a lost create's set (the list and the deletes), and how
 * many deletes run at once. */
export const CLEANUP_LIMITS = { timeMs: 20_000, concurrency: 3 }

/** What the look found: the sets bearing the mark, deleted or left (with why); or no list. */
export type Cleanup =
  { kind: 'listed'; deleted: string[]; left: { id: string; why: string }[] } | { kind: 'unlisted'; why: string }

/** True on a runner, where the post step follows the main step (@github/local-action runs the main step alone). */
export function postStepFollows(): boolean {
  return process.env['GITHUB_ACTIONS'] === 'true'
}

function retryNext(): string {
  return postStepFollows()
    ? 'The post step tries again.'
    : 'No post step follows outside a runner (GITHUB_ACTIONS is not true).'
}

/** Deletes a set this run made, by its ID (the state's note goes with it); else why not, what
 * happens next and how to delete it by hand. */
export async function dropMadeSet(api: ListRequest, id: string): Promise<string | undefined> {
  const result = await deleteOne(api, id, Date.now() + CLEANUP_LIMITS.timeMs)
  if (result.kind === 'failed')
    return `${result.why} ${retryNext()} ${deleteByHand(credentialSetUrl(api.apiUrl, api.projectId, id))}`
  clearSetToCleanUp()
}

/** Deletes the listed sets bearing the mark of the create whose comment is `comment`, all by
 * `deadline`; the state's note goes once nothing is left. */
export async function cleanUpCreate(api: ListRequest, comment: string, deadline: number): Promise<Cleanup> {
  let ours
  try {
    const listed = await listDistributionCredentials({ ...api, deadline })
    ours = listed.filter(s => isUuid(s.id) && isMadeBy(s.comment, comment))
  } catch (error) {
    return { kind: 'unlisted', why: messageOf(error) }
  }
  const results = await deleteListed(api, ours, { concurrency: CLEANUP_LIMITS.concurrency, deadline })
  const deleted: string[] = []
  const left: { id: string; why: string }[] = []
  results.forEach((result, i) => {
    const id = ours[i]?.id ?? ''
    if (result.kind === 'failed') left.push({ id, why: result.why })
    else deleted.push(id)
  })
  if (left.length === 0) clearSetToCleanUp()
  return { kind: 'listed', deleted, left }
}

/** The words that name a create by its mark, never its names (they came from the state or the runner). */
export function markOf(comment: string): string {
  return `mark:${parseComment(comment)?.mark ?? '?'}`
}

/** What became of the set a create may have made, for its error; a warning for each set left,
 * with the request that deletes it by hand. */
export function reportCleanup(api: ApiAccess, comment: string, cleanup: Cleanup): string {
  const mark = markOf(comment)
  const post = postStepFollows()
  if (cleanup.kind === 'unlisted') {
    if (!post) warnUnlisted(comment, cleanup.why)
    const next = post
      ? `the post step looks again for the set whose comment bears ${mark}, and deletes it`
      : 'no post step follows outside a runner (GITHUB_ACTIONS is not true): see the warning'
    return `It may have made a set all the same, which could not be looked for now (${cleanup.why.replace(/\.$/, '')}): ${next}.`
  }
  for (const { id, why } of cleanup.left) warnLeft(api, id, mark, why, retryNext())
  const deleted = cleanup.deleted.length ? ` Set ${cleanup.deleted.join(', ')}, bearing its ${mark}, was deleted.` : ''
  if (cleanup.left.length)
    return `It may have made a set all the same.${deleted} Set ${cleanup.left.map(l => l.id).join(', ')}, bearing its ${mark}, could not be deleted: see the warning.`
  if (cleanup.deleted.length)
    return `It had made a set all the same:${deleted.replace(' Set', ' set')} Nothing was left behind.`
  return `It may have made a set, but none bearing its ${mark} is listed: it made none, and nothing was left behind.`
}

/** `next`: what happens to it next, a sentence ('' for nothing). */
function warnLeft(api: ApiAccess, id: string, mark: string, why: string, next: string): void {
  warn({
    title: 'Credential set not deleted',
    message:
      `Credential set ${id} (its comment bears ${mark}: made by this run's create whose answer was lost) could not be deleted: ${why} ` +
      `${next ? `${next} ` : ''}${deleteByHand(credentialSetUrl(api.apiUrl, api.projectId, id))} Until then it pulls images with a secret nobody holds.`
  })
}

function warnUnlisted(comment: string, why: string): void {
  const head = comment.split(' ').slice(0, 5).join(' ')
  warn({
    title: 'Credential set not deleted',
    message:
      `A create whose answer was lost may have made a credential set, and the sets could not be listed to look for it: ${why} ` +
      `Look in the Deepgram console (the project's self-hosted distribution credentials) for a set whose comment starts "${head}" and delete it.`
  })
}

/** True when a saved record's comment names this very run (repository, run, attempt) and bears a
 * mark: the post step acts on nothing else. */
export function isThisRuns(comment: string): boolean {
  const made = parseComment(comment)
  return made?.mark !== undefined && sameRun(made, runIdentity(process.env))
}

/** The warning for a saved record that is not this run's: nothing of it is shown. */
export const NOT_THIS_RUNS = {
  title: 'Saved state refused',
  message:
    "The saved state names a set to clean up that is not this run's (its repository, run, attempt or mark does not match): nothing was looked for or deleted."
}

/** The post step's look for a lost create's set, for a record of this run (isThisRuns());
 * `access` reads the inputs again (a bad one is a warning here, like any failure). */
export async function cleanUpLostCreate(comment: string, access: () => ApiAccess, deadline: number): Promise<void> {
  let api: ListRequest
  try {
    api = { ...access(), onRetry: (message: string) => core.info(message) }
  } catch (error) {
    warnUnlisted(comment, messageOf(error))
    return
  }
  const cleanup = await cleanUpCreate(api, comment, deadline)
  const mark = markOf(comment)
  if (cleanup.kind === 'unlisted') return warnUnlisted(comment, cleanup.why)
  for (const id of cleanup.deleted)
    core.info(`Deleted credential set ${id}, made by this run's create whose answer was lost (${mark}).`)
  for (const { id, why } of cleanup.left) warnLeft(api, id, mark, why, '')
  if (cleanup.deleted.length + cleanup.left.length === 0)
    core.info(`No credential set bears ${mark}: the create whose answer was lost made none.`)
}
