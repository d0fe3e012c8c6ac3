// The summary's HTML pieces: every server text escaped, tables with no blank line.
import { describe, expect, it } from 'vitest'
import { code, escapeHtml, richText, table } from '../../../src/report/html.js'

describe('html', () => {
  it('escapes what HTML or Markdown would read', () => {
    expect(escapeHtml('<b>&"x"</b>')).not.toMatch(/[<>"]/)
    expect(code('a<b')).toBe(`<code>${escapeHtml('a<b')}</code>`)
  })

  it('a table: a head row and a row per item, no blank line', () => {
    const t = table(
      ['A', 'B'],
      [
        ['1', '2'],
        ['3', '4']
      ]
    )
    expect(t).toContain('<tr><th>A</th><th>B</th></tr>')
    expect(t).toContain('<tr><td>3</td><td>4</td></tr>')
    expect(t).not.toContain('\n\n')
  })

  it('rich text: escaped, with `code` spans', () => {
    expect(richText('use `x<y`')).toContain('<code>')
    expect(richText('a <b>')).not.toContain('<b>')
  })
})
