// Every sentence a user reads about HTTP itself: proxies, and the network
// advice that the Deepgram API, the registry and docker's messages share.

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

/** Why a proxy URL cannot be used: proxyUnusable()'s `problem`. Never the value itself. */
export const proxyProblems = {
  notAUrl: 'it is not a URL',
  scheme: (protocol: string): string =>
    `its scheme ${JSON.stringify(protocol)} is not supported (only http:// and https:// proxies are)`,
  noHost: 'it names no host'
}
