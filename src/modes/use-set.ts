// The steps every mode that uses a set runs once it has one (a stored set, a set
// made for the job, a rotation's): its outputs, the scope check, the image check
// (started before the API is asked), the docker config file, the login; then the
// job summary, written once at the end with whatever the steps found.
import * as core from '@actions/core'
import { usernameFor } from '../common.js'
import { registryFor } from '../deepgram/credentials.js'
import { checkScopes, scopesMissing, umbrellaProducts } from '../deepgram/scopes.js'
import type { SetInUse } from '../deepgram/types.js'
import { apiRequest } from '../deepgram/client.js'
import { checkLicenseKey } from './license-key.js'
import { authLocation, findClient, login, type RegistryClient } from '../docker/client.js'
import { tempRoot, writeDockerConfig } from '../docker/config-file.js'
import { ActionError, fail, LoginError, messageOf, warn } from '../errors.js'
import { sanitize } from '../sanitize.js'
import type { ProxySettings } from '../http/proxy.js'
import type { SetUse } from '../inputs/modes.js'
import { startImageCheck, type ImageCheck, type ImageCheckStart } from '../registry/image-check.js'
import { registryHost } from '../registry/image-ref.js'
import { showSet, listScopes } from '../report/display.js'
import {
  renderSummary,
  writeEarlyFailureSummary,
  writePage,
  type Report,
  type SummaryOutcome
} from '../report/summary.js'
import type { NewSet } from '../http/retry.js'
import { saveDockerConfig, saveLogin } from '../state.js'

/** A failure after the set was found: the summary says which step failed. */
class StepFailed extends Error {
  constructor(
    readonly outcome: SummaryOutcome,
    readonly error: unknown
  ) {
    super('step failed')
  }
}

/** `obtain` asks the API for the set (finds or makes it); `signIn`, a stored set's, runs meanwhile. */
export interface SetSource {
  obtain: () => Promise<SetInUse>
  signIn?: ImageCheckStart['signIn']
}

/** `inUse` once the set was found or made, `passed` once every step did; finish() reports the
 * failure, writes the summary and lets an early registry sign-in end. */
export interface SetRun {
  inUse?: SetInUse
  passed: boolean
  finish: () => Promise<void>
}

export async function useSet(inputs: SetUse, proxy: ProxySettings, source: SetSource): Promise<SetRun> {
  let imageCheck: ImageCheck | undefined
  let inUse: SetInUse | undefined
  let report: Report | undefined
  try {
    // Fail before the API call when docker (or podman) is missing.
    const client = inputs.login ? findClient(inputs.client) : undefined
    // Signs in to the registry while the API is asked, when it can; finished once the set checks out.
    if (inputs.images.length) imageCheck = startImageCheck({ images: inputs.images, proxy, signIn: source.signIn })
    inUse = await source.obtain()
    const made = (report = reportOf(inputs, inUse))
    // A set made by this run is named in the outputs only once kept: a later `if: always()` step
    // must not take a set that failed.
    if (inUse.kind === 'stored') setOutputs(made)
    await runSteps(inputs, inUse, made, { client, imageCheck, proxy })
    if (inUse.kind !== 'stored') setOutputs(made)
    return { inUse, passed: true, finish: () => finish(made, imageCheck) }
  } catch (error) {
    if (!(error instanceof StepFailed) || report === undefined) {
      // Before the set was found (inputs, the API): the summary says what failed and what to fix.
      return { passed: false, finish: () => finishEarly(error, imageCheck) }
    }
    const failed = { ...report, outcome: error.outcome, error: error.error }
    return { inUse, passed: false, finish: () => finish(failed, imageCheck, error.error) }
  }
}

/** Signing in with the set; for a set made seconds ago, how its refusals are retried. */
interface SetLogin {
  username: string
  secret: string
  newSet?: NewSet
}

/** The login of the set in use; undefined when the run has no secret for it (a check only). */
function loginOf(inUse: SetInUse): SetLogin | undefined {
  const username = usernameFor(inUse.id)
  if (inUse.kind === 'stored') return inUse.secret === undefined ? undefined : { username, secret: inUse.secret }
  return { username, secret: inUse.secret, newSet: { until: inUse.newSetUntil, madeFor: madeFor(inUse) } }
}

/** What a set this run made was made for. */
function madeFor(inUse: SetInUse & { kind: 'made-for-job' | 'made-for-rotation' }): string {
  return inUse.kind === 'made-for-job' ? 'this job' : `rotation ${inUse.name}`
}

/** The steps, in order; each failure is a StepFailed that names the step. */
async function runSteps(
  inputs: SetUse,
  inUse: SetInUse,
  report: Report,
  { client, imageCheck, proxy }: { client?: RegistryClient; imageCheck?: ImageCheck; proxy: ProxySettings }
): Promise<void> {
  checkSetScopes(inputs, report, inUse)
  if (inputs.licenseKeyId !== undefined) await licenseKey(inputs, proxy, report, inputs.licenseKeyId)
  // Without a secret (login: false and nothing else needs it) the run checks only.
  const setLogin = loginOf(inUse)
  if (setLogin !== undefined && imageCheck !== undefined) await checkImages(inputs, report, setLogin, imageCheck)
  if (inputs.dockerConfig && setLogin !== undefined) writeConfigFile(report, setLogin.secret)
  if (client !== undefined && setLogin !== undefined) await logInWithClient(inputs, client, setLogin, report)
  else core.info('Check only (login: false): did not log in.')
}

/** `license-key-id`: the key's check beside the set's, in the summary; its failure fails the step. */
async function licenseKey(inputs: SetUse, proxy: ProxySettings, report: Report, id: string): Promise<void> {
  const set = { id: showSet(report.set).id, scopes: report.set.scopes }
  const { check, error } = await checkLicenseKey(apiRequest(inputs, proxy), id, inputs.requiredScopes, set)
  if (check !== undefined) report.licenseKey = check
  if (error !== undefined) throw new StepFailed('license-key-failed', error)
}

async function finish(report: Report, imageCheck: ImageCheck | undefined, error?: unknown): Promise<void> {
  if (error !== undefined) fail(error)
  await writePage(renderSummary(report))
  // An early registry sign-in gets a moment to end, then main.ts ends the process: a silent registry never holds up a failure.
  await imageCheck?.abandon()
}

async function finishEarly(error: unknown, imageCheck: ImageCheck | undefined): Promise<void> {
  fail(error)
  await writeEarlyFailureSummary(error)
  await imageCheck?.abandon()
}

/** What the summary reports of the set, before any step ran. */
function reportOf(inputs: SetUse, inUse: SetInUse): Report {
  const { set } = inUse
  return {
    projectId: inputs.projectId,
    set,
    registry: registryFor(set.provider, inputs.registry),
    // The validated ID, not the server's spelling of the same ID.
    username: usernameFor(inUse.id),
    check: checkScopes(set.scopes, inputs.requiredScopes),
    outcome: 'checked',
    checkOnly: !inputs.login,
    madeForJob: inUse.kind === 'made-for-job',
    ...(inUse.kind === 'made-for-rotation' ? { rotation: inUse.name } : {})
  }
}

/** The set's outputs, copied only in their shown (sanitised, cut) form. */
function setOutputs(report: Report): void {
  const shown = showSet(report.set)
  // Lower-case, as the username has it (action.yml), whatever the API's spelling.
  core.setOutput('credentials-id', report.set.id.toLowerCase())
  core.setOutput('username', report.username)
  core.setOutput('provider', shown.provider)
  core.setOutput('scopes', shown.scopesText)
  core.setOutput('comment', shown.comment)
  core.setOutput('created', shown.created)
  if (shown.cuts.length) {
    const cut = `The credential set's ${shown.cuts.join(', ')} ${shown.cuts.length > 1 ? 'were' : 'was'} too long to copy whole: `
    warn({ title: 'Long API fields cut', message: `${cut}the outputs and the job summary hold the start only.` })
  }
  core.setOutput('registry', report.registry)
}

function checkSetScopes(inputs: SetUse, report: Report, inUse: SetInUse): void {
  const shown = showSet(report.set)
  const { check } = report
  if (!check.ok) {
    // A set this job made (for itself or a rotation) lacks what the key's account does not hold.
    const made = inUse.kind === 'stored' ? undefined : madeFor(inUse)
    throw new StepFailed('scope-check-failed', scopesMissing(shown.id, check.missing, listScopes(shown.scopes), made))
  }
  if (check.legacyOnly.length)
    warn({
      title: 'Legacy onprem: scopes',
      message:
        `Credential set ${shown.id} grants ${check.legacyOnly.join(', ')} only through pre-rename onprem: scope names. ` +
        'It works today; consider creating a new set so that it carries self-hosted: scopes.'
    })
  const products = umbrellaProducts(check)
  const got = products
    ? `; self-hosted:products gave it every product scope the API key can grant: ${products.join(', ')}`
    : ''
  core.info(`Credential set ${shown.id} (${shown.provider}) carries ${inputs.requiredScopes.join(', ')}${got}.`)
}

/** Before docker login: a wrong secret or a missing tag fails before the docker config is written. */
async function checkImages(inputs: SetUse, report: Report, setLogin: SetLogin, imageCheck: ImageCheck): Promise<void> {
  const images = await imageCheck.finish({
    registry: report.registry,
    username: setLogin.username,
    secret: setLogin.secret,
    scopes: report.set.scopes,
    release: inputs.release,
    ...(setLogin.newSet === undefined ? {} : { newSet: setLogin.newSet })
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
    const message =
      `Could not write the docker config file in a new directory under ${sanitize(root)} (${sanitize(messageOf(error))}): ` +
      'RUNNER_TEMP (or, outside a runner, the system temp directory) must be a directory the job can write to. No file was left behind.'
    throw new StepFailed('config-failed', new ActionError('Docker config file not written', message))
  }
  saveDockerConfig(written.dir)
  core.setOutput('docker-config', written.file)
  core.info(`Wrote a docker config file with the login for ${host} (output docker-config); the post step deletes it.`)
  if (report.madeForJob)
    warn({
      title: 'Docker config of a set made for this job',
      message:
        'The docker config file holds the login of the credential set made for this job, which the post step deletes: ' +
        'it serves pulls within this job only. A Kubernetes pull secret made from it stops working when the job ends; ' +
        'for a cluster, use a stored set (`credentials-id` + `secret`) instead of `ephemeral`.'
    })
  report.dockerConfig = true
}

async function logInWithClient(
  inputs: SetUse,
  client: RegistryClient,
  setLogin: SetLogin,
  report: Report
): Promise<void> {
  try {
    await login(client, report.registry, setLogin.username, setLogin.secret, {
      onRetry: message => core.info(message),
      ...(setLogin.newSet === undefined ? {} : { newSet: setLogin.newSet })
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
  core.info(`Logged in to ${report.registry} as ${report.username}${client.name === 'docker' ? '' : ' with podman'}.`)
  report.outcome = 'logged-in'
  report.client = client.name
}
