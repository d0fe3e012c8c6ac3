// The post step: log out of the registry the main step logged in to.
import * as core from '@actions/core'
import { messageOf } from './errors.js'
import { dockerLogout, findDocker } from './docker.js'
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
    const result = await dockerLogout(await findDocker(), registry)
    if (result.ok) core.info(`Logged out of ${registry}.`)
    else core.warning(`docker logout ${registry} failed: ${result.message}`, { title: 'Logout failed' })
  } catch (error) {
    // A failed logout must not fail a job whose real work is done.
    core.warning(`Could not log out: ${messageOf(error)}`, {
      title: 'Logout failed'
    })
  }
}
