// Every sentence a user reads about docker and podman: choosing the client,
// logging in and out, and why a login failed (login-errors.ts tells the causes apart).
import { LoginError, type Notice } from '../errors.js'
import type { Failure, Situation } from './login-errors.js'

// The post step.

export type LogoutOutcome = 'ok' | 'gone' | 'failed' | 'timed-out'

/** A credential helper that failed (or is missing), named with the setting that chose it. */
function helperFailure(failure: Failure, situation: Situation, who: string, said: string): Notice {
  const name = failure.helper ?? situation.configured?.name
  const configured = situation.configured && situation.configured.name === name ? situation.configured : undefined
  const where = configured
    ? `set by \`${configured.setting}\` in ${configured.file}`
    : situation.client === 'podman'
      ? 'set by `credHelpers` in the auth file or `credential-helpers` in registries.conf'
      : 'set by `credsStore` or `credHelpers` in the docker config'
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

/** The error for a login that failed with this cause. */
export function loginFailed({ failure, situation }: { failure: Failure; situation: Situation }): LoginError {
  const error = ({ title, message }: Notice): LoginError => new LoginError(title, message, failure.kind)
  const who = `${situation.client} login to ${situation.registry} as ${situation.username}`
  const said = `${situation.client} said: ${failure.line}`
  switch (failure.kind) {
    case 'credentials':
      if (situation.waitedS !== undefined) {
        return error({
          title: 'Registry login failed',
          message:
            `${who} failed: ${failure.line} — the registry still refused the credential set made for ${situation.madeFor ?? 'this job'} after ${situation.waitedS} s of retries. ` +
            "A new set is normally accepted within seconds: re-run the job; if it persists, check that `registry` is the registry of the set's provider."
        })
      }
      return error({
        title: 'Registry login failed',
        message:
          `${who} failed: ${failure.line} — the registry refused the credentials: ` +
          'check that `secret` is the secret shown when this credential set was created (it cannot be shown again; create a new set if it is lost).'
      })
    case 'unavailable':
      return error({
        title: 'Registry unavailable',
        message:
          `${who} failed ${situation.attempts === 1 ? 'once' : `${situation.attempts} times`}: the registry is unavailable (an HTTP 5xx or 429 answer, a timeout, or no connection), ` +
          `so this says nothing about \`secret\`. Last try: ${failure.line}. Re-run the job later; if it persists, check the runner's network, ` +
          'its proxy settings (HTTPS_PROXY, NO_PROXY) and the registry status page (status.quay.io for quay.io).'
      })
    case 'daemon':
      return error({
        title: 'Docker daemon unreachable',
        message:
          `${who} failed ${situation.attempts === 1 ? 'once' : `${situation.attempts} times`}: docker could not reach its daemon` +
          `${situation.dockerHost ? ` at DOCKER_HOST=${situation.dockerHost}` : ''}, so this says nothing about \`secret\`. ${said}. ` +
          'Start the daemon (for a DinD service, wait until it is up), fix DOCKER_HOST, or use `client: podman`, which needs no daemon.'
      })
    case 'namespace':
      return error({
        title: 'Podman cannot run rootless',
        message:
          `${who} failed before reaching the registry: podman could not set up its user namespace, so this says nothing about \`secret\`. ${said}. ` +
          'Rootless podman needs newuidmap and newgidmap (Debian and Ubuntu package uidmap) and a range for the user in /etc/subuid and /etc/subgid: ' +
          'install uidmap on the runner, or use `client: docker`.'
      })
    case 'helper':
      return error(helperFailure(failure, situation, who, said))
    case 'other':
      return error({
        title: 'Registry login failed',
        message:
          `${who} failed: ${failure.line}. ` +
          'The output names no known cause (see the troubleshooting table in the README); if it mentions the password, check `secret`.'
      })
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
