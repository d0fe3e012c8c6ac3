// What the runner is told to mask, and kept out of any server text shown (sanitize.ts): the key,
// the secrets, the login's encoded form. Shared by inputs/ and deepgram/, so below both.
import * as core from '@actions/core'
import { basicCredentials } from './common.js'
import { encodedForms, hideInServerText } from './sanitize.js'

/** The value, and each of its lines: the runner masks line by line (a line break is refused later). */
export function maskedForms(value: string): string[] {
  if (value === '') return []
  const lines = value
    .split(/\r?\n|\r/)
    .map(l => l.trim())
    .filter(l => l !== '' && l !== value)
  return [value, ...lines]
}

/** Masks a secret value (each of its forms) and keeps it, in every encoding, out of server text. */
export function maskSecret(value: string): void {
  for (const form of maskedForms(value)) core.setSecret(form)
  hideSecret(value)
}

/** Out of server text only: for the post step, whose runner still masks what the main step said. */
export function hideSecret(value: string): void {
  hideInServerText(maskedForms(value).flatMap(encodedForms))
}

/** Masks base64(username:secret), which config files keep, and keeps `username:secret` in every
 * encoding out of server text (an echoed Authorization: Basic header). */
export function maskLogin(username: string, secret: string): void {
  core.setSecret(basicCredentials(username, secret))
  hideInServerText(encodedForms(`${username}:${secret}`))
}
