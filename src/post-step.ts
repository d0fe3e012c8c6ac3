// The post step (post.ts runs post()): delete the docker config file, log out with the same client
// and auth file, then delete the set the main step made and did not keep (or look for it).
import * as core from '@actions/core'
import { sanitize } from './sanitize.js'
import { credentialSetUrl, getDistributionCredential, type ListRequest } from './deepgram/client.js'
import { isMadeBy } from './sets/comment.js'
import { deleteOne } from './sets/delete-listed.js'
import { deleteByHand } from './sets/messages.js'
import { authVariable, clientForLogout, logout } from './docker/client.js'
import { CLEANUP_LIMITS, cleanUpLostCreate, isThisRuns, markOf, NOT_THIS_RUNS } from './sets/unanswered.js'
import { removeDockerConfig } from './docker/config-file.js'
import { ActionError, messageOf, warn } from './errors.js'
import { getApiAccess, hideSecretInputs } from './inputs/context.js'
import { loadDockerConfig, loadLogin, loadSetToCleanUp } from './state.js'

export async function post(): Promise<void> {
  // Before anything a server says can be shown: a text cut short would show part of the key.
  hideSecretInputs()
  // First, and whatever `logout` says: the file holds the login.
  deleteDockerConfig()
  await logOutOfRegistry()
  // Last: the set's secret is then gone from the runner before the set itself goes.
  await cleanUpSet()
}

function deleteDockerConfig(): void {
  const dir = loadDockerConfig()
  if (dir === undefined) return
  try {
    const removal = removeDockerConfig(dir)
    if (removal === 'deleted') core.info('Deleted the docker config file (output docker-config).')
    else if (removal === 'gone') core.info('The docker config file (output docker-config) was already deleted.')
    else
      warn({
        title: 'Docker config file not deleted',
        message:
          `The saved state names ${sanitize(dir)}, which is not a directory this action makes ` +
          '(a real directory, not a link, directly under RUNNER_TEMP, named dg-docker-config-…), so it was left alone.'
      })
  } catch (error) {
    warn({
      title: 'Docker config file not deleted',
      message:
        `Could not delete the docker config file's directory ${sanitize(dir)} (${sanitize(messageOf(error))}): it holds the login until the runner empties RUNNER_TEMP. ` +
        'On a self-hosted runner, delete it in a later step.'
    })
  }
}

async function logOutOfRegistry(): Promise<void> {
  try {
    const saved = loadLogin()
    if (saved === undefined) {
      core.info('Not logged in by this action: nothing to log out.')
      return
    }
    if ('kind' in saved) {
      const message = `The saved state names ${JSON.stringify(sanitize(saved.registry, 100))} as the registry to log out of, which is not a registry (a host with an optional port): no client was run.`
      return warn({ title: 'Logout skipped', message })
    }
    if (!saved.logout) {
      core.info(`Keeping the login to ${saved.registry} (logout: false).`)
      return
    }
    const found = clientForLogout(saved.client, saved.clientPath)
    if ('skipped' in found) {
      const { registry, client, authFile } = saved
      const where = authFile ? ` (${authVariable(client)}=${sanitize(authFile)})` : ''
      const why =
        found.skipped === 'gone'
          ? `${client}, which logged in, is no longer on PATH (an earlier step removed it or changed PATH)`
          : `the ${client} on PATH is not the file that logged in, and the post step runs no other (an earlier step changed PATH, or the saved state)`
      const message = `Skipped the logout of ${registry}: ${why}. The login stays in ${client}'s auth file${where} until the runner is cleaned up.`
      return warn({ title: 'Logout skipped', message })
    }
    const { registry, client } = saved
    const { outcome, message } = await logout(found.client, registry, { authFile: saved.authFile })
    if (outcome === 'ok') core.info(`Logged out of ${registry}.`)
    else if (outcome === 'gone') core.info(`Already logged out of ${registry} (${client}: ${message}).`)
    else if (outcome === 'timed-out') warn({ title: 'Logout timed out', message })
    else warn({ title: 'Logout failed', message: `${client} logout ${registry} failed: ${message}` })
  } catch (error) {
    // A failed logout must not fail a job whose real work is done.
    warn({ title: 'Logout failed', message: `Could not log out: ${messageOf(error)}` })
  }
}

/** The time the post step gives the delete of the set made and not kept, retries included. */
const SET_DELETE_MS = 30_000

/** A failure is a warning that says how to delete the set by hand, never a failed job. Only a
 * record that names this run is acted on, and a set is deleted only when it bears the record's mark. */
async function cleanUpSet(): Promise<void> {
  const record = loadSetToCleanUp()
  if (record === undefined) return
  if (record.kind === 'invalid') {
    // The ID goes into the DELETE's path: `..` would name another one.
    const saved = JSON.stringify(sanitize(record.saved, 100))
    const message = `The saved state names ${saved} as the set to delete, which is not a set made by this job: nothing was deleted.`
    return warn({ title: 'Credential set not deleted', message })
  }
  if (!isThisRuns(record.comment)) return warn(NOT_THIS_RUNS)
  if (record.kind === 'lost-create')
    return cleanUpLostCreate(record.comment, getApiAccess, Date.now() + CLEANUP_LIMITS.timeMs)
  const { id } = record
  const madeFor =
    record.kind === 'job-set' ? 'made for this job' : `made for rotation ${record.rotation}, which failed its check`
  let url = `…/self-hosted/distribution/credentials/${id}`
  try {
    const api = getApiAccess()
    url = credentialSetUrl(api.apiUrl, api.projectId, id)
    const request = { ...api, onRetry: (message: string) => core.info(message) }
    const deadline = Date.now() + SET_DELETE_MS
    if (!(await bearsMark(request, id, record.comment, deadline))) {
      const message = `Credential set ${id}, which the saved state names, does not bear this run's mark (${markOf(record.comment)}): it was not made by this run, and was not deleted.`
      return warn({ title: 'Saved state refused', message })
    }
    // A 404, or an answer that is not the API's, is checked against the list (sets/delete-listed.ts).
    const result = await deleteOne(request, id, deadline)
    if (result.kind === 'failed') throw new Error(result.why)
    core.info(
      result.kind === 'deleted'
        ? `Deleted credential set ${id}, ${madeFor}.`
        : `Credential set ${id}, ${madeFor}, was already deleted.`
    )
  } catch (error) {
    warn({
      title: 'Credential set not deleted',
      message:
        `Could not delete credential set ${id}, ${madeFor}: ${messageOf(error)} ${deleteByHand(url)} ` +
        "Until then its secret, which only this runner held, still pulls images; a later run of this action for this repository deletes it (a job's set after 6 days, a rotation's set at its next `retire`)."
    })
  }
}

/** True when the set's comment bears its create's mark; a set already gone is as good, and a key
 * that may not read sets is taken at its word (the record named this run). */
async function bearsMark(api: ListRequest, id: string, comment: string, deadline: number): Promise<boolean> {
  try {
    const set = await getDistributionCredential({ ...api, deadline }, id)
    return set === undefined || isMadeBy(set.comment, comment)
  } catch (error) {
    if (error instanceof ActionError && error.status === 403) return true
    throw error
  }
}
