// The network advice that the Deepgram API's and the registry's messages share.

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
