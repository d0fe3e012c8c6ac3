// The main step: check the credential set (or, with `ephemeral`, sweep old sets
// and make one for this job; with `rotate`, make one for a rotation and keep it),
// then (optionally) check the images, write the docker config file and log in.
// `retire` is a sequence of its own: it deletes a rotation's older sets. Each
// step is a function below; the job summary is written once, at the end, with
// whatever the steps found. The entry main.ts runs run(); `npm run local-action`
// imports this file and calls it.
import * as core from '@actions/core'
import { usernameFor } from './common.js'
import { knownRegistry, registryFor } from './deepgram/credentials.js'
import { legacyScopesOnly, scopesCarried, scopesMissing } from './deepgram/messages.js'
import { checkScopes, umbrellaProducts } from './deepgram/scopes.js'
import { judgeLicenseKey } from './deepgram/key-check.js'
import { readLicenseKey, type ProjectKey } from './deepgram/project-key.js'
import { apiRequest, loginOf, obtainSet, type SetLogin } from './sets/set-in-use.js'
import type { ApiAccess, RetireChoice, SetInUse } from './deepgram/types.js'
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
import { startImageCheck, type ImageCheck } from './registry/image-check.js'
import { getInputs, maskSecretInputs, type Inputs } from './inputs/context.js'
import { listScopes, showSet } from './report/display.js'
import { fieldsCut } from './report/messages.js'
import { renderRetirement } from './report/retirement.js'
import {
  writeEarlyFailureSummary,
  writePage,
  writeSummary,
  type Report,
  type SummaryOutcome
} from './report/summary.js'
import { registryHost } from './registry/image-ref.js'
import { retiredIds, retireRotation } from './rotation/retire.js'
import { dropRotationSet, keepRotationSet, makeRotationSet } from './rotation/rotate.js'
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
  let imageCheck: ImageCheck | undefined
  try {
    maskSecretInputs()
    markMainStep()
    const inputs = getInputs()
    const proxy = readProxySettings()
    // No set to use: another sequence, with its own summary.
    if (inputs.retire !== undefined) return await retireOlderSets(inputs, proxy)
    // Fail before the API call when docker (or podman) is missing.
    const client = inputs.login ? findClient(inputs.client) : undefined
    // Signs in to the registry while the API is asked, when it can; finished once the set checks out.
    imageCheck = startChecking(inputs, proxy)
    const inUse = inputs.rotate === undefined ? await obtainSet(inputs, proxy) : await makeRotationSet(inputs, proxy)
    report = setOutputs(inputs, inUse)
    checkSetScopes(inputs, report)
    if (inputs.licenseKeyId !== undefined) await checkLicenseKey(inputs, proxy, report, inputs.licenseKeyId)
    // Without a secret (login: false and nothing else needs it) the run checks only.
    const setLogin = loginOf(inUse)
    if (setLogin !== undefined && imageCheck !== undefined)
      await checkImagesBeforeLogin(inputs, report, setLogin, imageCheck)
    if (inputs.dockerConfig && setLogin !== undefined) writeConfigFile(report, setLogin.secret)
    if (client !== undefined && setLogin !== undefined) await logInWithClient(inputs, client, setLogin, report)
    else core.info(CHECK_ONLY)
    if (inUse.kind === 'made-for-rotation') keepRotationSet(inUse)
  } catch (error) {
    if (error instanceof StepFailed) {
      if (report) {
        report.outcome = error.outcome
        report.error = error.error
      }
      if (report?.rotation !== undefined) dropRotationSet({ id: report.set.id, name: report.rotation })
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
  // (it does at once on a live registry), then the entry (main.ts) ends the process, so a
  // silent registry never holds up the failure.
  await imageCheck?.abandon()
}

/** `retire`: no set to use, no image check, no login; once the set to keep checks out, the
 * rotation's other sets are deleted. The output and the summary say which. */
async function retireOlderSets(inputs: ApiAccess & RetireChoice, proxy: ProxySettings): Promise<void> {
  const { retirement, error } = await retireRotation(apiRequest(inputs, proxy), inputs.retire, inputs.credentialsId)
  core.setOutput('retired', retiredIds(retirement).join('\n'))
  await writePage(renderRetirement(retirement))
  if (error !== undefined) fail(error)
}

/** With `images`, the image check starts now; for a stored set whose secret is given, its
 * registry sign-in runs while the API is asked (the registry is known beforehand: the `registry`
 * input, or quay.io). A set made for this job has no secret yet: its sign-in waits for it. */
function startChecking(inputs: Inputs, proxy: ProxySettings): ImageCheck | undefined {
  if (!inputs.images.length) return undefined
  const signIn =
    inputs.ephemeral || inputs.secret === undefined
      ? {}
      : {
          signIn: {
            registry: knownRegistry(inputs.registry),
            username: usernameFor(inputs.credentialsId),
            secret: inputs.secret
          }
        }
  return startImageCheck({ images: inputs.images, proxy, ...signIn })
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
  const rotation = inUse.kind === 'made-for-rotation' ? { rotation: inUse.name } : {}
  return { projectId: inputs.projectId, set, registry, username, check, outcome: 'checked', madeForJob, ...rotation }
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
        // A rotation's set is made by this job too, and deleted by the post step when it fails.
        madeForJob: report.madeForJob === true || report.rotation !== undefined
      })
    )
  }
  if (check.legacyOnly.length) warn(legacyScopesOnly({ id: shown.id, legacyOnly: check.legacyOnly }))
  const products = umbrellaProducts(check)
  core.info(scopesCarried({ id: shown.id, provider: shown.provider, required: inputs.requiredScopes, products }))
}

// `license-key-id` (issue 28): the self-hosted API key the containers license with.

/** Read once the set checks out, and judged beside it: its product scopes (the umbrella standing
 * for the set's products) and its expiry; the output, the summary's part, and a warning or the failure. */
async function checkLicenseKey(inputs: Inputs, proxy: ProxySettings, report: Report, id: string): Promise<void> {
  let key: ProjectKey
  try {
    key = await readLicenseKey(apiRequest(inputs, proxy), id)
  } catch (error) {
    throw new StepFailed('license-key-failed', error)
  }
  const set = { id: showSet(report.set).id, scopes: report.set.scopes }
  const judged = judgeLicenseKey(key, id, inputs.requiredScopes, set, Date.now())
  core.setOutput('license-key-expires', judged.expires)
  report.licenseKey = judged.check
  if (judged.error) throw new StepFailed('license-key-failed', judged.error)
  if (judged.warning) warn(judged.warning)
  if (judged.line !== undefined) core.info(judged.line)
}

/** Before docker login: a wrong secret or a missing tag fails before the docker config is written. */
async function checkImagesBeforeLogin(
  inputs: Inputs,
  report: Report,
  setLogin: SetLogin,
  imageCheck: ImageCheck
): Promise<void> {
  const images = await imageCheck.finish({
    registry: report.registry,
    username: setLogin.username,
    secret: setLogin.secret,
    scopes: report.set.scopes,
    release: inputs.release,
    ...(setLogin.newSetUntil === undefined ? {} : { newSetUntil: setLogin.newSetUntil })
  })
  report.images = images.lines
  if (images.error) {
    report.imagesHeadline = images.headline
    throw new StepFailed('images-failed', images.error)
  }
  core.setOutput('digests', (images.digests ?? []).join('\n'))
  core.setOutput('images-json', JSON.stringify(images.json ?? []))
  if (images.release !== undefined) {
    core.setOutput('release', images.release)
    const chosen = inputs.release
    const fips = chosen?.kind === 'latest' && chosen.fips === true ? { fips: true } : {}
    report.release = { tag: images.release, latest: chosen?.kind === 'latest', ...fips }
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
