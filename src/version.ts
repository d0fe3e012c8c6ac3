// Kept equal to package.json's version by a unit test; bundled so the
// User-Agent needs no file read at start-up.
export const ACTION_NAME = 'deepgram-self-hosted-login'
export const ACTION_VERSION = '1.0.0'
export const USER_AGENT = `${ACTION_NAME}/${ACTION_VERSION}`
