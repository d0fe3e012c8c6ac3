// The main step: check the credential set (or, with `ephemeral`, sweep old sets
// and make one for this job), then (optionally) check the images, write the
// docker config file and log in. Each step is a function below; the job
// summary is written once, at the end, with whatever the steps found. The entry
// main.ts runs run(); `npm run local-action` imports this file and calls it.
import * as core from '@actions/core'
import { usernameFor } from './common.js'
import { knownRegistry, registryFor } from './deepgram/credentials.js'
import { legacyScopesOnly, scopesCarried, scopesMissing } from './deepgram/messages.js'
import { checkScopes, umbrellaProducts } from './deepgram/scopes.js'
import { loginOf, obtainSet, type SetLogin } from './deepgram/set-in-use.js'
import type { SetInUse } from './deepgram/types.js'
import { authLocation, findClient, login, type RegistryClient } from './docker/client.js'
import { tempRoot, writeDockerConfig } from './docker/config-file.js'
import {
  CHECK_ONLY,
  DOCKER_CONFIG_OF_JOB_SET,
  dockerConfigUnwritable,
  dockerConfigWritten,
  loggedIn
} from './docker/messages.js'
import { ActionError, LoginError, messageOf, unexpectedFailure, warn } from './errors.js'
import { readProxySettings, type ProxySettings } from './http/proxy.js'
import type { EarlySignIn } from './registry/preflight.js'
import { getInputs, maskSecretInputs, type Inputs } from './inputs/context.js'
import { listScopes, showSet } from './report/display.js'
import { fieldsCut } from './report/messages.js'
import { writeSummary, type Report, type SummaryOutcome } from './report/summary.js'
import { registryHost } from './registry/image-ref.js'
import { markMainStep, saveDockerConfig, saveLogin } from './state.js'

/** One ::error line, no stack trace: the message says what to fix. */
export function fail(error: unknown): void {
  if (error instanceof ActionError) core.error(error.message, { title: error.title })
  else core.error(unexpectedFailure(error))
  process.exitCode = core.ExitCode.Failure
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
    early = startRegistrySignIn(inputs, proxy)
    early.catch(() => undefined)
    const inUse = await obtainSet(inputs, proxy)
    report = setOutputs(inputs, inUse)
    checkSetScopes(inputs, report)
    // Without a secret (login: false and nothing else needs it) the run checks only.
    const setLogin = loginOf(inUse)
    if (setLogin !== undefined) await checkImagesBeforeLogin(inputs, report, setLogin, proxy, early)
    if (inputs.dockerConfig && setLogin !== undefined) writeConfigFile(report, setLogin.secret)
    if (client !== undefined && setLogin !== undefined) await logInWithClient(inputs, client, setLogin, report)
    else core.info(CHECK_ONLY)
  } catch (error) {
    if (error instanceof StepFailed) {
      if (report) report.outcome = error.outcome
      fail(error.error)
    } else {
      // Before the set was found (inputs, the API): there is nothing to summarise.
      report = undefined
      fail(error)
    }
  }
  if (report) await writeSummary(report)
  // A failure leaves an early registry sign-in unneeded: it gets a moment to end
  // (it does at once on a live registry), then the entry (main.ts) ends the process, so a
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
async function startRegistrySignIn(inputs: Inputs, proxy: ProxySettings): Promise<EarlySignIn | undefined> {
  // A set made for this job has no secret yet: its sign-in waits for it.
  if (inputs.ephemeral || inputs.secret === undefined || !inputs.images.length) return undefined
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
  if (shown.cuts.length) warn(fieldsCut(shown.cuts))
  const registry = registryFor(set.provider, inputs.registry)
  core.setOutput('registry', registry)
  const check = checkScopes(set.scopes, inputs.requiredScopes)
  const madeForJob = inUse.kind === 'made-for-job'
  return { projectId: inputs.projectId, set, registry, username, check, outcome: 'checked', madeForJob }
}

function checkSetScopes(inputs: Inputs, report: Report): void {
  const shown = showSet(report.set)
  const { check } = report
  if (!check.ok) {
    throw new StepFailed(
      'scope-check-failed',
      scopesMissing({
        id: shown.id,
        missing: check.missing,
        has: listScopes(shown.scopes),
        madeForJob: report.madeForJob
      })
    )
  }
  if (check.legacyOnly.length) warn(legacyScopesOnly({ id: shown.id, legacyOnly: check.legacyOnly }))
  const products = umbrellaProducts(check)
  core.info(scopesCarried({ id: shown.id, provider: shown.provider, required: inputs.requiredScopes, products }))
}

/** Before docker login: a wrong secret or a missing tag fails before the docker config is written. */
async function checkImagesBeforeLogin(
  inputs: Inputs,
  report: Report,
  setLogin: SetLogin,
  proxy: ProxySettings,
  early: Promise<EarlySignIn | undefined>
): Promise<void> {
  if (!inputs.images.length) return
  const { preflightImages } = await import('./registry/preflight.js')
  const images = await preflightImages(
    {
      images: inputs.images,
      registry: report.registry,
      username: setLogin.username,
      secret: setLogin.secret,
      scopes: report.set.scopes,
      proxy,
      release: inputs.release,
      ...(setLogin.newSetUntil === undefined ? {} : { newSetUntil: setLogin.newSetUntil })
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
    throw new StepFailed('config-failed', dockerConfigUnwritable({ root, why: messageOf(error) }))
  }
  saveDockerConfig(written.dir)
  core.setOutput('docker-config', written.file)
  core.info(dockerConfigWritten(host))
  if (report.madeForJob) warn(DOCKER_CONFIG_OF_JOB_SET)
  report.dockerConfig = true
}

async function logInWithClient(
  inputs: Inputs,
  client: RegistryClient,
  setLogin: SetLogin,
  report: Report
): Promise<void> {
  try {
    await login(client, report.registry, setLogin.username, setLogin.secret, {
      onRetry: message => core.info(message),
      ...(setLogin.newSetUntil === undefined ? {} : { newSetUntil: setLogin.newSetUntil })
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
  core.info(loggedIn({ registry: report.registry, username: report.username, client: client.name }))
  report.outcome = 'logged-in'
  report.client = client.name
}
