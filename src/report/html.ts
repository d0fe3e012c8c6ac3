// Pure: text made fit for the job summary's HTML.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

export const code = (s: string): string => `<code>${escapeHtml(s)}</code>`

/** A message as the log shows it, escaped, with its `input` and `key: value` spans as code. */
export function richText(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>')
}
