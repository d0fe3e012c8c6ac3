// The post step: log out of the registry the main step logged in to, with the
// same client (docker or podman) and the same auth file.
import * as core from '@actions/core'
import { messageOf } from './errors.js'
import { authVariable, logout, relocateClient, type ClientName } from './docker/client.js'
import { State } from './state.js'

export async function post(): Promise<void> {
  try {
    const registry = core.getState(State.registry)
    if (core.getState(State.loggedIn) !== 'true' || registry === '') {
      core.info('Not logged in by this action: nothing to log out.')
      return
    }
    if (core.getState(State.logout) !== 'true') {
      core.info(`Keeping the login to ${registry} (logout: false).`)
      return
    }
    const name: ClientName = core.getState(State.client) === 'podman' ? 'podman' : 'docker'
    const authFile = core.getState(State.authFile)
    const client = await relocateClient(name, core.getState(State.clientPath))
    if (client === undefined) {
      const where = authFile ? ` (${authVariable(name)}=${authFile})` : ''
      core.warning(
        `Skipped the logout of ${registry}: ${name}, which logged in, is no longer on PATH (an earlier step removed it or changed PATH). ` +
          `The login stays in ${name}'s auth file${where} until the runner is cleaned up.`,
        { title: 'Logout skipped' }
      )
      return
    }
    const result = await logout(client, registry, { authFile })
    if (result.outcome === 'ok') core.info(`Logged out of ${registry}.`)
    else if (result.outcome === 'gone') core.info(`Already logged out of ${registry} (${name}: ${result.message}).`)
    else if (result.outcome === 'timed-out') core.warning(result.message, { title: 'Logout timed out' })
    else core.warning(`${name} logout ${registry} failed: ${result.message}`, { title: 'Logout failed' })
  } catch (error) {
    // A failed logout must not fail a job whose real work is done.
    core.warning(`Could not log out: ${messageOf(error)}`, {
      title: 'Logout failed'
    })
  }
}
