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

/** One line of plain text: escapes removed, controls and breaks as spaces,
 * white space folded, cut to `max` characters. */
export function sanitize(text: string, max = 300): string {
  const flat = text.replace(ANSI, '').replace(CONTROLS, ' ').replace(/\s+/g, ' ').trim()
  // A line that starts with "::" would be read by the runner as a workflow command.
  const safe = flat.replace(/^::/, ': :')
  return safe.length > max ? `${safe.slice(0, max - 3)}...` : safe
}
