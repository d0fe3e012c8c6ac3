// Server text is data: made safe for one log line, an output or the summary. No I/O.

// ANSI escapes: CSI, OSC and two-character ones, and their 8-bit C1 forms (U+009B, U+009D).
const ANSI =
  // eslint-disable-next-line no-control-regex
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[@-Z\\-_]/g
// Controls, line and paragraph separators, and bidi controls (Trojan Source).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]+/g

// Invisible format characters (zero-width, word joiner, BOM, Unicode tags) hide text from a reader.
const INVISIBLE = /[\u200b-\u200d\u2060-\u2064\ufeff]|\udb40[\udc00-\udc7f]/g

/** One line of plain text: escapes removed, controls as spaces, white space folded, cut to `max`. */
export function sanitize(text: string, max = 300): string {
  return clip(text, max).text
}

// The secrets and their encoded forms, registered once per run: redacted from server text before
// it is cut, as the runner masks only whole values. One pattern, built when they are registered.
const hidden: string[] = []
let hiddenPattern: RegExp | undefined

/** Values of 4 characters or more, longest first so that a form containing another goes whole. */
function patternOf(values: readonly string[]): RegExp | undefined {
  const kept = [...new Set(values.filter(v => v.length >= 4))].sort((a, b) => b.length - a.length)
  if (kept.length === 0) return undefined
  return new RegExp(kept.map(v => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi')
}

/** Values never shown in server text. */
export function hideInServerText(values: readonly string[]): void {
  for (const v of values) if (!hidden.includes(v)) hidden.push(v)
  hiddenPattern = patternOf(hidden)
}

/** For tests: forget every registered value. */
export function forgetHidden(): void {
  hidden.length = 0
  hiddenPattern = undefined
}

/** `values` replaced by ***: for text that may echo what it was given (a credential helper's output). */
export function redact(text: string, values: readonly string[]): string {
  const pattern = patternOf(values)
  return pattern ? text.replace(pattern, '***') : text
}

function redactHidden(text: string): string {
  return hiddenPattern ? text.replace(hiddenPattern, '***') : text
}

/** What a server may echo of a secret: the value, its base64 (URL-safe, unpadded) and URL encoding. */
export function encodedForms(value: string): string[] {
  const b64 = Buffer.from(value).toString('base64')
  const url = Buffer.from(value).toString('base64url')
  return [...new Set([value, b64, b64.replace(/=+$/, ''), url, encodeURIComponent(value)])]
}

/** sanitize(), and whether it cut. Secrets are redacted before and after controls and invisible
 * characters go (they could split one), so that no cut ever leaves part of one. */
export function clip(text: string, max: number): { text: string; cut: boolean } {
  const flat = redactHidden(
    redactHidden(text).replace(ANSI, '').replace(INVISIBLE, '').replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim()
  )
  // A line that starts with "::" would be read by the runner as a workflow command.
  const safe = flat.replace(/^::/, ': :')
  if (safe.length <= max) return { text: safe, cut: false }
  // Never end on half of a surrogate pair.
  const head = safe.slice(0, max - 3).replace(/[\ud800-\udbff]$/, '')
  return { text: `${head}...`, cut: true }
}

/** A non-blank string field of a parsed JSON body, sanitised; undefined for anything else. */
export function textField(value: unknown, max = 300): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? sanitize(value, max) : undefined
}
