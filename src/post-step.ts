// The post step: delete the docker config file the main step wrote, then log
// out of the registry it logged in to, with the same client (docker or podman)
// and the same auth file; last, delete the credential set made for this job,
// if the main step made one (or look for it, when its create went unanswered).
// The entry post.ts runs post().
import * as core from '@actions/core'
import { isUuid } from './common.js'
import { credentialSetUrl } from './deepgram/client.js'
import { deleteOne } from './sets/delete-listed.js'
import { deletedJobSet, jobSetAlreadyGone, jobSetIdRefused, jobSetNotDeleted } from './sets/messages.js'
import { authVariable, clientForLogout, logout } from './docker/client.js'
import { CLEANUP_LIMITS, cleanUpUnansweredCreate } from './sets/unanswered.js'
import { removeDockerConfig } from './docker/config-file.js'
import {
  DOCKER_CONFIG_DELETED,
  DOCKER_CONFIG_GONE,
  dockerConfigNotDeleted,
  dockerConfigNotOurs,
  keepingLogin,
  logoutCrashed,
  logoutReport,
  logoutSkipped,
  NOTHING_TO_LOG_OUT
} from './docker/messages.js'
import { messageOf, warn } from './errors.js'
import { getApiAccess, hideSecretInputs } from './inputs/context.js'
import { loadDockerConfig, loadJobSet, loadLogin } from './state.js'

/** The time the post step gives the delete of the set made for the job (its retries included). */
const JOB_SET_DELETE_MS = 30_000

export async function post(): Promise<void> {
  // Before anything a server says can be shown: a text cut short would show part of the key.
  hideSecretInputs()
  // First, and whatever `logout` says: the file holds the login.
  deleteDockerConfig()
  await logOutOfRegistry()
  // Last: the set's secret is then gone from the runner before the set itself goes.
  await deleteJobSet()
  await cleanUpUnansweredCreate(getApiAccess, Date.now() + CLEANUP_LIMITS.timeMs)
}

function deleteDockerConfig(): void {
  const dir = loadDockerConfig()
  if (dir === undefined) return
  try {
    const removal = removeDockerConfig(dir)
    if (removal === 'deleted') core.info(DOCKER_CONFIG_DELETED)
    else if (removal === 'gone') core.info(DOCKER_CONFIG_GONE)
    else warn(dockerConfigNotOurs(dir))
  } catch (error) {
    warn(dockerConfigNotDeleted({ dir, why: messageOf(error) }))
  }
}

async function logOutOfRegistry(): Promise<void> {
  try {
    const saved = loadLogin()
    if (saved === undefined) {
      core.info(NOTHING_TO_LOG_OUT)
      return
    }
    if (!saved.logout) {
      core.info(keepingLogin(saved.registry))
      return
    }
    const found = clientForLogout(saved.client, saved.clientPath)
    if ('skipped' in found) {
      const { registry, client: name, authFile } = saved
      warn(logoutSkipped({ registry, client: name, authFile, variable: authVariable(name), reason: found.skipped }))
      return
    }
    const result = await logout(found.client, saved.registry, { authFile: saved.authFile })
    const said = logoutReport({ registry: saved.registry, client: saved.client, ...result })
    if (said.level === 'info') core.info(said.message)
    else warn(said)
  } catch (error) {
    // A failed logout must not fail a job whose real work is done.
    warn(logoutCrashed(messageOf(error)))
  }
}

/** Deletes the set made for this job, with the usual retries; a failure is a warning that says
 * how to delete it by hand, never a failed job. */
async function deleteJobSet(): Promise<void> {
  const id = loadJobSet()
  if (id === undefined) return
  // The ID goes into the DELETE's path: `..` would name another one.
  if (!isUuid(id)) {
    warn(jobSetIdRefused(id))
    return
  }
  let url = `…/self-hosted/distribution/credentials/${id}`
  try {
    const api = getApiAccess()
    url = credentialSetUrl(api.apiUrl, api.projectId, id)
    const request = { ...api, onRetry: (message: string) => core.info(message) }
    // A 404, or an answer that is not the API's, is checked against the list (delete-listed.ts).
    const result = await deleteOne(request, id, Date.now() + JOB_SET_DELETE_MS)
    if (result.kind === 'failed') warn(jobSetNotDeleted({ id, url, why: result.why }))
    else core.info(result.kind === 'deleted' ? deletedJobSet(id) : jobSetAlreadyGone(id))
  } catch (error) {
    warn(jobSetNotDeleted({ id, url, why: messageOf(error) }))
  }
}
