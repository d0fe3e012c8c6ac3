// Pure: text made fit for the job summary's HTML.

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

export const code = (s: string): string => `<code>${escapeHtml(s)}</code>`

/** A message as the log shows it, escaped, with its `input` and `key: value` spans as code. */
export function richText(text: string): string {
  return escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>')
}

/** An HTML table of cells already made safe. */
export function table(head: string[], rows: string[][]): string {
  const tr = (cells: string[], tag: 'th' | 'td'): string =>
    `<tr>${cells.map(c => `<${tag}>${c}</${tag}>`).join('')}</tr>`
  // One row a line, so that a change to the page reads as a diff; never a blank line.
  return ['<table>', tr(head, 'th'), ...rows.map(r => tr(r, 'td')), '</table>'].join('\n')
}
