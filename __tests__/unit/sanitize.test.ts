import { describe, expect, it } from 'vitest'
import { sanitize } from '../../src/sanitize.js'

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
    ['tabs and runs of space', ' a \t  b ', 'a b']
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
})
