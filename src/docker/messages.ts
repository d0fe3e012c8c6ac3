// Every sentence a user reads about docker and podman: choosing the client,
// logging in and out, and why a login failed (login-errors.ts tells the causes apart).
import { ActionError, LoginError, type Notice } from '../errors.js'
import type { ClientChoice, ClientName } from '../common.js'
import { sanitize } from '../sanitize.js'
import type { Failure, Situation } from './login-errors.js'

export function clientNotFound(choice: ClientChoice): ActionError {
  if (choice === 'podman') {
    return new ActionError(
      'Podman not found',
      'podman is not on PATH, so the action cannot log in (`client: podman`): install Podman on the runner, ' +
        'use `client: auto` to log in with docker instead, or set `login: false` to run the scope check only.'
    )
  }
  if (choice === 'docker') {
    return new ActionError(
      'Docker not found',
      'docker is not on PATH, so the action cannot log in (`client: docker`): install Docker on the runner, or set `login: false` to run the scope check only. ' +
        'On a runner with Podman only, use `client: auto` or `client: podman`.'
    )
  }
  return new ActionError(
    'Docker not found',
    'Neither docker nor podman is on PATH, so the action cannot log in: install Docker on the runner, or set `login: false` to run the scope check only. ' +
      '(Podman works too: with `client: auto`, the default, it is used when docker is absent.)'
  )
}

/** A login about to be tried again: `next` of `attempts`, after `wait` ms. */
export interface LoginRetry {
  client: ClientName
  registry: string
  failure: Failure
  wait: number
  next: number
  attempts: number
}

export const CHECK_ONLY = 'Check only (login: false): did not log in.'

// The post step.

export const NOTHING_TO_LOG_OUT = 'Not logged in by this action: nothing to log out.'

/** The post step found no client to log out with; `variable` names where `authFile` came from.
 * `reason`: gone, no such client on PATH; another, the one on PATH is not the one that logged in. */
export interface LogoutSkipped {
  registry: string
  client: ClientName
  authFile: string
  variable: string
  reason: 'gone' | 'another'
}

export function logoutSkipped({ registry, client, authFile, variable, reason }: LogoutSkipped): Notice {
  const where = authFile ? ` (${variable}=${sanitize(authFile)})` : ''
  const why =
    reason === 'gone'
      ? `${client}, which logged in, is no longer on PATH (an earlier step removed it or changed PATH)`
      : `the ${client} on PATH is not the file that logged in, and the post step runs no other (an earlier step changed PATH, or the saved state)`
  return {
    title: 'Logout skipped',
    message:
      `Skipped the logout of ${registry}: ${why}. ` +
      `The login stays in ${client}'s auth file${where} until the runner is cleaned up.`
  }
}

export type LogoutOutcome = 'ok' | 'gone' | 'failed' | 'timed-out'

/** A logout's outcome, and what the client said (`message`). */
export interface LogoutDone {
  registry: string
  client: ClientName
  outcome: LogoutOutcome
  message: string
}

/** How the post step reports a logout: an info line, or a notice to warn with. */
export function logoutReport({
  registry,
  client,
  outcome,
  message
}: LogoutDone): { level: 'info'; message: string } | ({ level: 'warning' } & Notice) {
  if (outcome === 'ok') return { level: 'info', message: `Logged out of ${registry}.` }
  if (outcome === 'gone')
    return { level: 'info', message: `Already logged out of ${registry} (${client}: ${message}).` }
  if (outcome === 'timed-out') return { level: 'warning', title: 'Logout timed out', message }
  return { level: 'warning', title: 'Logout failed', message: `${client} logout ${registry} failed: ${message}` }
}

function helperName(failure: Failure, situation: Situation): { name?: string; where: string } {
  const name = failure.helper ?? situation.configured?.name
  const configured = situation.configured && situation.configured.name === name ? situation.configured : undefined
  if (configured) return { name, where: `set by \`${configured.setting}\` in ${configured.file}` }
  if (situation.client === 'podman') {
    return {
      name,
      where: 'set by `credHelpers` in the auth file or `credential-helpers` in registries.conf'
    }
  }
  return { name, where: 'set by `credsStore` or `credHelpers` in the docker config' }
}

/** Before another login with a set made seconds ago, which the registry refused; `wait` in ms. */
export interface NewSetLoginRetry {
  client: ClientName
  registry: string
  username: string
  failure: Failure
  wait: number
}

/** The error for a login that failed with this cause. */
export function loginFailed({ failure, situation }: { failure: Failure; situation: Situation }): LoginError {
  const { title, message } = loginFailureWording(failure, situation)
  return new LoginError(title, message, failure.kind)
}

function loginFailureWording(failure: Failure, situation: Situation): Notice {
  const who = `${situation.client} login to ${situation.registry} as ${situation.username}`
  const said = `${situation.client} said: ${failure.line}`
  switch (failure.kind) {
    case 'credentials':
      if (situation.waitedS !== undefined) {
        return {
          title: 'Registry login failed',
          message:
            `${who} failed: ${failure.line} — the registry still refused the credential set made for this job after ${situation.waitedS} s of retries. ` +
            "A new set is normally accepted within seconds: re-run the job; if it persists, check that `registry` is the registry of the set's provider."
        }
      }
      return {
        title: 'Registry login failed',
        message:
          `${who} failed: ${failure.line} — the registry refused the credentials: ` +
          'check that `secret` is the secret shown when this credential set was created (it cannot be shown again; create a new set if it is lost).'
      }
    case 'unavailable':
      return {
        title: 'Registry unavailable',
        message:
          `${who} failed ${situation.attempts === 1 ? 'once' : `${situation.attempts} times`}: the registry is unavailable (an HTTP 5xx or 429 answer, a timeout, or no connection), ` +
          `so this says nothing about \`secret\`. Last try: ${failure.line}. Re-run the job later; if it persists, check the runner's network, ` +
          'its proxy settings (HTTPS_PROXY, NO_PROXY) and the registry status page (status.quay.io for quay.io).'
      }
    case 'daemon':
      return {
        title: 'Docker daemon unreachable',
        message:
          `${who} failed ${situation.attempts === 1 ? 'once' : `${situation.attempts} times`}: docker could not reach its daemon` +
          `${situation.dockerHost ? ` at DOCKER_HOST=${situation.dockerHost}` : ''}, so this says nothing about \`secret\`. ${said}. ` +
          'Start the daemon (for a DinD service, wait until it is up), fix DOCKER_HOST, or use `client: podman`, which needs no daemon.'
      }
    case 'namespace':
      return {
        title: 'Podman cannot run rootless',
        message:
          `${who} failed before reaching the registry: podman could not set up its user namespace, so this says nothing about \`secret\`. ${said}. ` +
          'Rootless podman needs newuidmap and newgidmap (Debian and Ubuntu package uidmap) and a range for the user in /etc/subuid and /etc/subgid: ' +
          'install uidmap on the runner, or use `client: docker`.'
      }
    case 'helper': {
      const { name, where } = helperName(failure, situation)
      const helper = name ? `docker-credential-${name}` : 'the credential helper'
      const stored = failure.helperStage === 'store' ? 'The registry accepted the login, but ' : ''
      const problem = failure.helperMissing ? 'is not installed (or not on PATH)' : 'failed'
      const fix = failure.helperMissing
        ? `Install ${helper} on the runner, or remove that setting`
        : `Fix ${helper} (it may be waiting for a locked keychain or a prompt), or remove that setting`
      return {
        title: 'Credential helper failed',
        message:
          `${stored}${who} could not use its credential helper: ${helper} (${where}) ${problem}. ${said}. ` +
          `${fix}, so that ${situation.client} keeps the login in its own file. This is not a problem with \`secret\`.`
      }
    }
    case 'other':
      return {
        title: 'Registry login failed',
        message:
          `${who} failed: ${failure.line}. ` +
          'The output names no known cause (see the troubleshooting table in the README); if it mentions the password, check `secret`.'
      }
  }
}

/** What usually hangs, for a login or logout stopped at its deadline. */
export function hangCauses(situation: Pick<Situation, 'client' | 'configured' | 'dockerHost'>): string {
  const helper = situation.configured
    ? `the credential helper docker-credential-${situation.configured.name} (\`${situation.configured.setting}\` in ${situation.configured.file}), which may be waiting for a locked keychain or a prompt`
    : situation.client === 'docker'
      ? 'a credential helper (`credsStore` or `credHelpers` in the docker config)'
      : 'a credential helper (`credHelpers` in the auth file or `credential-helpers` in registries.conf)'
  if (situation.client === 'podman') {
    return (
      'podman needs no daemon; what usually hangs is the connection to the registry (podman has no timeout of its own: ' +
      `a proxy or firewall that swallows packets; it also keeps retrying a registry that answers 429 Too Many Requests) or ${helper}`
    )
  }
  const daemon = situation.dockerHost
    ? `the Docker daemon at DOCKER_HOST=${situation.dockerHost} (a DinD service that is not up yet, or a host that does not answer)`
    : 'the Docker daemon (docker asks it first: a daemon that is starting or stuck)'
  return `what usually hangs is ${daemon}, or ${helper}`
}

// The docker config file (`docker-config: true`): never its content, and its
// path only where the user must act on it (a file the post step could not delete).

/** `docker-config` with `ephemeral`: the file's login dies with the set, when the job ends. */
export const DOCKER_CONFIG_OF_JOB_SET: Notice = {
  title: 'Docker config of a set made for this job',
  message:
    'The docker config file holds the login of the credential set made for this job, which the post step deletes: ' +
    'it serves pulls within this job only. A Kubernetes pull secret made from it stops working when the job ends; ' +
    'for a cluster, use a stored set (`credentials-id` + `secret`) instead of `ephemeral`.'
}

export const DOCKER_CONFIG_DELETED = 'Deleted the docker config file (output docker-config).'
export const DOCKER_CONFIG_GONE = 'The docker config file (output docker-config) was already deleted.'
