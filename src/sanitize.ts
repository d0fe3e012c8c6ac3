// Server text is data: made safe for one log line, an output or the summary.
// Pure functions, no I/O.

// ANSI escape sequences: CSI (ESC [ ... final), OSC (ESC ] ... BEL or ST), and
// two-character escapes. Also their 8-bit C1 forms (CSI U+009B, OSC U+009D).
const ANSI =
  // eslint-disable-next-line no-control-regex
  /(?:\u001b\[|\u009b)[0-?]*[ -/]*[@-~]|(?:\u001b\]|\u009d)[^\u0007\u001b\u009c]*(?:\u0007|\u001b\\|\u009c)?|\u001b[@-Z\\-_]/g
// C0 and C1 controls, DEL, line and paragraph separators, and the bidi
// controls that can make a line read other than it is (Trojan Source).
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]+/g

// Invisible format characters (zero-width space and joiners, word joiner,
// invisible operators, byte-order mark, Unicode tags) hide text from a reader.
const INVISIBLE = /[\u200b-\u200d\u2060-\u2064\ufeff]|\udb40[\udc00-\udc7f]/g

/** One line of plain text: escapes removed, controls and breaks as spaces,
 * white space folded, cut to `max` characters. */
export function sanitize(text: string, max = 300): string {
  return clip(text, max).text
}

// The key, the secret and their encoded forms, registered once per run (as
// core.setSecret is): redacted from every server text before it is cut,
// because the runner masks only whole values and a cut one would show.
const hidden: string[] = []
// The same values as one pattern, built when they are registered rather than on every text.
let hiddenPattern: RegExp | undefined

/** One pattern for the values worth redacting (4 characters or more), longest first so that a
 * form containing another is redacted whole; any letter case. */
function patternOf(values: readonly string[]): RegExp | undefined {
  const kept = [...new Set(values.filter(v => v.length >= 4))].sort((a, b) => b.length - a.length)
  if (kept.length === 0) return undefined
  return new RegExp(kept.map(v => v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi')
}

/** Values never shown in server text; shorter than 4 characters is not a secret worth the noise. */
export function hideInServerText(values: readonly string[]): void {
  for (const v of values) if (!hidden.includes(v)) hidden.push(v)
  hiddenPattern = patternOf(hidden)
}

/** For tests: forget every registered value. */
export function forgetHidden(): void {
  hidden.length = 0
  hiddenPattern = undefined
}

/** `values` (those of 4 characters or more) replaced by ***, in any letter case: for text that
 * may echo what it was given, such as a credential helper's output. */
export function redact(text: string, values: readonly string[]): string {
  const pattern = patternOf(values)
  return pattern ? text.replace(pattern, '***') : text
}

/** Every registered value replaced by ***, in any letter case. */
function redactHidden(text: string): string {
  return hiddenPattern ? text.replace(hiddenPattern, '***') : text
}

/** What a server may echo of a secret: the value, its base64 (plain and URL-safe,
 * with and without padding) and its URL encoding. */
export function encodedForms(value: string): string[] {
  const b64 = Buffer.from(value).toString('base64')
  const url = Buffer.from(value).toString('base64url')
  return [...new Set([value, b64, b64.replace(/=+$/, ''), url, encodeURIComponent(value)])]
}

/** sanitize(), and whether the cut removed anything. Registered secrets are
 * redacted first, and again once controls and invisible characters are gone
 * (they could split a secret), so that no cut ever leaves part of one. */
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

/** A non-blank string field of a parsed JSON body, sanitised; undefined for
 * anything else (absent, blank, a number, an object). */
export function textField(value: unknown, max = 300): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? sanitize(value, max) : undefined
}
