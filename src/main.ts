// The main step: check the credential set (or, with `ephemeral`, sweep old sets
// and make one for this job), then (optionally) check the images, write the
// docker config file and log in. Each step is a function below; the job
// summary is written once, at the end, with whatever the steps found.
import * as core from '@actions/core'
import { usernameFor } from './common.js'
import { knownRegistry, registryFor } from './deepgram/credentials.js'
import { fieldsCut, legacyScopesOnly, scopesCarried, scopesMissing } from './deepgram/messages.js'
import { checkScopes } from './deepgram/scopes.js'
import { obtainSet, type SetInUse } from './deepgram/set-in-use.js'
import { authLocation, findClient, login, LoginError, type RegistryClient } from './docker/client.js'
import { tempRoot, writeDockerConfig } from './docker/config-file.js'
import {
  CHECK_ONLY,
  dockerConfigOfJobSet,
  dockerConfigUnwritable,
  dockerConfigWritten,
  loggedIn
} from './docker/messages.js'
import { ActionError, messageOf, unexpectedFailure } from './errors.js'
import { readProxySettings, type ProxySettings } from './http/proxy.js'
import type { EarlySignIn } from './registry/preflight.js'
import { getInputs, maskSecretInputs, type Inputs } from './inputs/context.js'
import { listScopes, showSet } from './report/display.js'
import { writeEarlyFailureSummary, writeSummary, type Report, type SummaryOutcome } from './report/summary.js'
import { registryHost } from './registry/image-ref.js'
import { markMainStep, saveDockerConfig, saveLogin } from './state.js'

/** One ::error line, no stack trace: the message says what to fix. */
export function fail(error: unknown): void {
  if (error instanceof ActionError) core.error(error.message, { title: error.title })
  else core.error(unexpectedFailure(error))
  // The runner reads the failure from the exit code. @github/local-action runs run() with a
  // stand-in for @actions/core that has no ExitCode, and answers any other exit code than 0 with
  // a stack trace of its own: there the ::error line is the report.
  if ('ExitCode' in core) process.exitCode = 1
}

/** A failure after the set was found: the summary says which step failed. */
class StepFailed extends Error {
  constructor(
    readonly outcome: SummaryOutcome,
    readonly error: unknown
  ) {
    super('step failed')
  }
}

export async function run(): Promise<void> {
  let report: Report | undefined
  let early: Promise<EarlySignIn | undefined> | undefined
  try {
    maskSecretInputs()
    markMainStep()
    const inputs = getInputs()
    const proxy = readProxySettings()
    // Fail before the API call when docker (or podman) is missing.
    const client = inputs.login ? findClient(inputs.client) : undefined
    // Runs while the API is asked; awaited only once the set checks out.
    early = signInEarly(inputs, proxy)
    early.catch(() => undefined)
    const inUse = await obtainSet(inputs, proxy)
    report = setOutputs(inputs, inUse)
    checkSetScopes(inputs, report)
    await checkImages(inputs, report, inUse, proxy, early)
    if (inputs.dockerConfig && inUse.secret !== undefined) writeConfigFile(report, inUse.secret)
    if (client !== undefined && inUse.secret !== undefined) await logIn(inputs, client, inUse, report)
    else core.info(CHECK_ONLY)
  } catch (error) {
    if (error instanceof StepFailed) {
      if (report) {
        report.outcome = error.outcome
        report.error = error.error
      }
      fail(error.error)
    } else {
      // Before the set was found (inputs, the API): the summary says what failed and what to fix.
      report = undefined
      fail(error)
      await writeEarlyFailureSummary(error)
    }
  }
  if (report) await writeSummary(report)
  // A failure leaves an early registry sign-in unneeded: it gets a moment to end
  // (it does at once on a live registry), then index.ts ends the process, so a
  // silent registry never holds up the failure.
  await settled(early, SIGN_IN_GRACE_MS)
}

/** How long a failed step waits for a sign-in it no longer needs. */
const SIGN_IN_GRACE_MS = 1000

async function settled(early: Promise<EarlySignIn | undefined> | undefined, graceMs: number): Promise<void> {
  if (early === undefined) return
  let timer: NodeJS.Timeout | undefined
  const grace = new Promise<void>(resolve => {
    timer = setTimeout(resolve, graceMs)
    timer.unref()
  })
  await Promise.race([early.then(started => started?.signedIn).catch(() => undefined), grace])
  clearTimeout(timer)
}

/** With `images`, the registry sign-in does not wait for the API when the
 * registry is known beforehand (the `registry` input, or the default): it runs
 * while the API is asked. */
async function signInEarly(inputs: Inputs, proxy: ProxySettings): Promise<EarlySignIn | undefined> {
  // A set made for this job has no secret yet: its sign-in waits for it.
  if (!inputs.images.length || inputs.secret === undefined || inputs.credentialsId === undefined) return undefined
  // Loaded only when needed: a run without images does not pay for parsing it.
  const preflight = await import('./registry/preflight.js')
  return preflight.signInEarly({
    images: inputs.images,
    registry: knownRegistry(inputs.registry),
    username: usernameFor(inputs.credentialsId),
    secret: inputs.secret,
    proxy
  })
}

/** The set's outputs, copied only in their shown (sanitised, cut) form. */
function setOutputs(inputs: Inputs, inUse: SetInUse): Report {
  const { set } = inUse
  const shown = showSet(set)
  // The validated ID, not the server's spelling of the same ID.
  const username = usernameFor(inUse.id)
  core.setOutput('credentials-id', inUse.id)
  core.setOutput('username', username)
  core.setOutput('provider', shown.provider)
  core.setOutput('scopes', shown.scopesText)
  core.setOutput('comment', shown.comment)
  core.setOutput('created', shown.created)
  if (shown.cuts.length) {
    const cut = fieldsCut(shown.cuts)
    core.warning(cut.message, { title: cut.title })
  }
  const registry = registryFor(set.provider, inputs.registry)
  core.setOutput('registry', registry)
  const check = checkScopes(set.scopes, inputs.requiredScopes)
  const madeForJob = inUse.newSetUntil !== undefined
  return { projectId: inputs.projectId, set, registry, username, check, outcome: 'checked', madeForJob }
}

function checkSetScopes(inputs: Inputs, report: Report): void {
  const shown = showSet(report.set)
  const { check } = report
  if (!check.ok) {
    throw new StepFailed(
      'scope-check-failed',
      scopesMissing(shown.id, check.missing, listScopes(shown.scopes), report.madeForJob)
    )
  }
  if (check.legacyOnly.length) {
    const legacy = legacyScopesOnly(shown.id, check.legacyOnly)
    core.warning(legacy.message, { title: legacy.title })
  }
  core.info(scopesCarried(shown.id, shown.provider, inputs.requiredScopes))
}

/** Before docker login: a wrong secret or a missing tag fails before the docker config is written. */
async function checkImages(
  inputs: Inputs,
  report: Report,
  inUse: SetInUse,
  proxy: ProxySettings,
  early: Promise<EarlySignIn | undefined>
): Promise<void> {
  if (!inputs.images.length || inUse.secret === undefined) return
  const { preflightImages } = await import('./registry/preflight.js')
  const images = await preflightImages(
    {
      images: inputs.images,
      registry: report.registry,
      username: report.username,
      secret: inUse.secret,
      scopes: report.set.scopes,
      proxy,
      release: inputs.release,
      ...(inUse.newSetUntil === undefined ? {} : { newSetUntil: inUse.newSetUntil })
    },
    await early
  )
  report.images = images.lines
  if (images.error) {
    report.imagesHeadline = images.headline
    throw new StepFailed('images-failed', images.error)
  }
  core.setOutput('digests', (images.digests ?? []).join('\n'))
  core.setOutput('images-json', JSON.stringify(images.json ?? []))
  if (images.release !== undefined) {
    core.setOutput('release', images.release)
    report.release = { tag: images.release, latest: inputs.release?.kind === 'latest' }
  }
}

/** The docker config file for a pull secret, once every check passed; the post step deletes it. */
function writeConfigFile(report: Report, secret: string): void {
  const root = tempRoot()
  const host = registryHost(report.registry)
  let written
  try {
    written = writeDockerConfig(host, report.username, secret, root)
  } catch (error) {
    throw new StepFailed('config-failed', dockerConfigUnwritable(root, messageOf(error)))
  }
  saveDockerConfig(written.dir)
  core.setOutput('docker-config', written.file)
  core.info(dockerConfigWritten(host))
  if (report.madeForJob) {
    const shortLived = dockerConfigOfJobSet()
    core.warning(shortLived.message, { title: shortLived.title })
  }
  report.dockerConfig = true
}

async function logIn(inputs: Inputs, client: RegistryClient, inUse: SetInUse, report: Report): Promise<void> {
  try {
    await login(client, report.registry, report.username, inUse.secret as string, {
      onRetry: message => core.info(message),
      ...(inUse.newSetUntil === undefined ? {} : { newSetUntil: inUse.newSetUntil })
    })
  } catch (error) {
    // Only a refusal is the registry refusing: not a timeout or an outage.
    const refused = !(error instanceof LoginError) || error.kind === 'credentials'
    throw new StepFailed(refused ? 'login-failed' : 'login-error', error)
  }
  saveLogin({
    registry: report.registry,
    logout: inputs.logout,
    client: client.name,
    clientPath: client.path,
    authFile: authLocation(client.name)
  })
  core.info(loggedIn(report.registry, report.username, client.name))
  report.outcome = 'logged-in'
  report.client = client.name
}
