// Every sentence a user reads about HTTP itself: proxies, and the network
// advice that the Deepgram API, the registry and docker's messages share.
import { ActionError } from '../errors.js'

/** Where self-hosted runners set their proxy. */
export const PROXY_VARIABLES = 'HTTPS_PROXY/NO_PROXY'

/** For a service that gave no complete answer in time. */
export const TIMEOUT_ADVICE = `Check that the runner can reach it (${PROXY_VARIABLES} on self-hosted runners) and re-run the job.`

/** For a service that could not be reached; `input` is the input that names it. */
export function unreachableAdvice(input: string): string {
  return `Check \`${input}\` and the runner's network; self-hosted runners behind a proxy need HTTPS_PROXY (and NO_PROXY) set.`
}

/** For an answer cut off mid-body. */
export const CUT_OFF_ADVICE = `A proxy or the network cut it short: re-run the job, and check ${PROXY_VARIABLES} on self-hosted runners.`

/** Why an attempt got no answer, for a retry note or the error: none, whole, within the time. */
export function noCompleteAnswer(timeoutMs: number): string {
  return `no complete answer within ${timeoutMs / 1000} s`
}

/** Why an attempt got no answer: the connection broke (`code`: Node's) after the answer began. */
export function brokeMidAnswer(code: string): string {
  return `connection broke mid-answer (${code})`
}

/** Why a proxy URL cannot be used: proxyUnusable()'s `problem`. Never the value itself. */
export const proxyProblems = {
  notAUrl: 'it is not a URL',
  scheme: (protocol: string): string =>
    `its scheme ${JSON.stringify(protocol)} is not supported (only http:// and https:// proxies are)`,
  noHost: 'it names no host'
}

/** A proxy variable the client would silently ignore; `host`: the request's. Never quotes the
 * value: it may carry a password. */
export function proxyUnusable({
  variable,
  problem,
  host
}: {
  variable: string
  problem: string
  host: string
}): ActionError {
  return new ActionError(
    'Proxy setting unusable',
    `${variable} is set, but ${problem}. Set it to http://host:port (or https://host:port, with user:password@ before the host if the proxy needs them), ` +
      `or add ${host} to NO_PROXY to go direct.`
  )
}

/** A retry of `service` ("Deepgram API", "Registry quay.io"): attempt `next` of `of`, after `delayMs`. */
export interface Retry {
  service: string
  why: string
  delayMs: number
  next: number
  of: number
}

/** The log line before a retry. */
export function retryNote({ service, why, delayMs, next, of }: Retry): string {
  return `${service}: ${why}; retrying in ${(delayMs / 1000).toFixed(1)} s (attempt ${next} of ${of}).`
}

/** The proxy that `variable` names answered CONNECT to `host` (host:port) with 407. Never quotes
 * the variable's value: it holds the credentials. */
export function proxyRefusedCredentials({
  variable,
  host,
  service
}: {
  variable: string
  host: string
  service: string
}): ActionError {
  return new ActionError(
    'Proxy refused its credentials',
    `The proxy named by ${variable} refused its credentials (HTTP 407 Proxy Authentication Required to CONNECT ${host}), ` +
      `so nothing reached the ${service.replace(/^Registry\b/, 'registry')}. Put the proxy's user name and password in ${variable} ` +
      `(http://user:password@host:port, percent-encoded), or add ${host.replace(/:\d+$/, '')} to NO_PROXY to go direct.`
  )
}
