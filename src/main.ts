// The main step: check the credential set, then (optionally) log in.
import * as core from '@actions/core'
import { getInputs, maskSecretInputs } from './inputs/context.js'
import { findCredentialSet, registryFor, usernameFor } from './deepgram/credentials.js'
import { listDistributionCredentials } from './deepgram/client.js'
import { listScopes, showSet } from './report/display.js'
import { authLocation, findClient, login, LoginError } from './docker/client.js'
import { ActionError, messageOf } from './errors.js'
import { checkScopes } from './deepgram/scopes.js'
import { State } from './state.js'
import { writeSummary, type Report } from './report/summary.js'

/** One ::error line, no stack trace: the message says what to fix. */
export function fail(error: unknown): void {
  if (error instanceof ActionError) core.error(error.message, { title: error.title })
  else core.error(`Unexpected failure: ${messageOf(error)}`)
  process.exitCode = core.ExitCode.Failure
}

export async function run(): Promise<void> {
  try {
    maskSecretInputs()
    // Saved first, so that the post step knows it is the post step even
    // when this one fails.
    core.saveState(State.isPost, 'true')
    const inputs = getInputs()
    // Fail before the API call when docker (or podman) is missing.
    const client = inputs.login ? await findClient(inputs.client) : undefined

    const sets = await listDistributionCredentials({
      apiUrl: inputs.apiUrl,
      projectId: inputs.projectId,
      apiKey: inputs.apiKey,
      onRetry: message => core.info(message)
    })
    const set = findCredentialSet(sets, inputs.credentialsId)
    // What the API said is printed and copied only in its shown form (display.ts).
    const shown = showSet(set)
    // The validated input, not the server's spelling of the same ID.
    const username = usernameFor(inputs.credentialsId)
    core.setOutput('username', username)
    core.setOutput('provider', shown.provider)
    core.setOutput('scopes', shown.scopesText)
    core.setOutput('comment', shown.comment)
    core.setOutput('created', shown.created)
    if (shown.cuts.length) {
      core.warning(
        `The credential set's ${shown.cuts.join(', ')} ${shown.cuts.length > 1 ? 'were' : 'was'} too long to copy whole: ` +
          'the outputs and the job summary hold the start only.',
        { title: 'Long API fields cut' }
      )
    }
    const registry = registryFor(set.provider, inputs.registry)
    core.setOutput('registry', registry)

    const check = checkScopes(set.scopes, inputs.requiredScopes)
    const report: Report = { projectId: inputs.projectId, set, registry, username, check, outcome: 'checked' }
    const has = listScopes(shown.scopes)
    if (!check.ok) {
      await writeSummary({ ...report, outcome: 'scope-check-failed' })
      throw new ActionError(
        'Credential set lacks required scopes',
        `Credential set ${shown.id} is missing ${check.missing.join(', ')} (it has: ${has}). ` +
          'Images for those products would fail to pull. Create a new distribution credential set with the missing scopes ' +
          '(its creator must hold them too), or lower `required-scopes` if this deployment does not need them.'
      )
    }
    if (check.legacyOnly.length) {
      core.warning(
        `Credential set ${shown.id} grants ${check.legacyOnly.join(', ')} only through pre-rename onprem: scope names. ` +
          'It works today; consider creating a new set so that it carries self-hosted: scopes.',
        { title: 'Legacy onprem: scopes' }
      )
    }
    core.info(`Credential set ${shown.id} (${shown.provider}) carries ${inputs.requiredScopes.join(', ')}.`)

    // Before docker login: a wrong secret or a missing tag fails before the docker config is written.
    if (inputs.images.length && inputs.secret !== undefined) {
      // Loaded only when needed: a run without images does not pay for parsing it.
      const { preflightImages } = await import('./registry/preflight.js')
      const images = await preflightImages({
        images: inputs.images,
        registry,
        username,
        secret: inputs.secret,
        scopes: set.scopes
      })
      report.images = images.lines
      if (images.error) {
        await writeSummary({ ...report, outcome: 'images-failed', imagesError: images.error.message })
        throw images.error
      }
      core.setOutput('digests', (images.digests ?? []).join('\n'))
    }

    if (client !== undefined && inputs.secret !== undefined) {
      try {
        await login(client, registry, username, inputs.secret, { onRetry: message => core.info(message) })
      } catch (error) {
        // Only a refusal is the registry refusing: not a timeout or an outage.
        const refused = !(error instanceof LoginError) || error.kind === 'credentials'
        await writeSummary({ ...report, outcome: refused ? 'login-failed' : 'login-error' })
        throw error
      }
      core.saveState(State.registry, registry)
      core.saveState(State.logout, String(inputs.logout))
      core.saveState(State.client, client.name)
      core.saveState(State.clientPath, client.path)
      core.saveState(State.authFile, authLocation(client.name))
      core.saveState(State.loggedIn, 'true')
      core.info(`Logged in to ${registry} as ${username}${client.name === 'docker' ? '' : ' with podman'}.`)
      await writeSummary({ ...report, outcome: 'logged-in' })
    } else {
      core.info('Check only (login: false): did not log in.')
      await writeSummary(report)
    }
  } catch (error) {
    fail(error)
  }
}
