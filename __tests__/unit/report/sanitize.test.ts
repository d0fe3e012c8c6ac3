import { describe, expect, it } from 'vitest'
import { clip, sanitize } from '../../../src/report/sanitize.js'

describe('sanitize', () => {
  it.each([
    ['line breaks', 'a\nb\r\nc\u2028d', 'a b c d'],
    ['a workflow command on a new line', 'ok\n::error::pwned', 'ok ::error::pwned'],
    ['a leading workflow command', '::add-mask::x', ': :add-mask::x'],
    ['ANSI colour', '\u001b[31mred\u001b[0m', 'red'],
    ['an OSC hyperlink', '\u001b]8;;https://evil\u0007click\u001b]8;;\u0007', 'click'],
    ['8-bit CSI', '\u009b31mred', 'red'],
    ['C1 controls', 'a\u0085b\u0090c', 'a b c'],
    ['bidi overrides', 'abc\u202edef\u2066x\u2069', 'abc def x'],
    ['NUL and DEL', 'a\u0000b\u007fc', 'a b c'],
    ['tabs and runs of space', ' a \t  b ', 'a b'],
    ['zero-width and invisible characters', 'a\u200bb\u200dc\u2060d\ufeffe\u2063f', 'abcdef'],
    ['Unicode tag characters (hidden text)', 'ok\u{e0041}\u{e0042}\u{e007f}', 'ok'],
    ['a workflow command after leading blanks and breaks', ' \r\n\t::stop-commands::tok', ': :stop-commands::tok'],
    ['blank lines (a Markdown paragraph break)', 'a\n\n\n[x](https://e)', 'a [x](https://e)']
  ])('removes %s', (_, input, expected) => {
    expect(sanitize(input)).toBe(expected)
  })

  it('cuts long text and says so', () => {
    const out = sanitize('x'.repeat(500), 50)
    expect(out).toHaveLength(50)
    expect(out.endsWith('...')).toBe(true)
  })

  it('leaves ordinary text alone', () => {
    expect(sanitize('quay — self-hosted:product:api (ünïcode) ::1')).toBe(
      'quay — self-hosted:product:api (ünïcode) ::1'
    )
  })

  it('never ends a cut on half of a surrogate pair', () => {
    const out = sanitize(`${'x'.repeat(6)}😀😀😀`, 10)
    expect(out).toBe('xxxxxx...')
    expect(out).not.toMatch(/[\ud800-\udfff]/)
  })
})

describe('clip', () => {
  it('says whether it cut', () => {
    expect(clip('short', 10)).toEqual({ text: 'short', cut: false })
    expect(clip('0123456789', 10)).toEqual({ text: '0123456789', cut: false })
    expect(clip('0123456789a', 10)).toEqual({ text: '0123456...', cut: true })
    // Stripped characters do not count.
    expect(clip('\u001b[1m0123456789\u001b[0m', 10)).toEqual({ text: '0123456789', cut: false })
  })
})
