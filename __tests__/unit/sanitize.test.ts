import { afterEach, describe, expect, it } from 'vitest'
import { clip, encodedForms, forgetHidden, redact, hideInServerText, sanitize, textField } from '../../src/sanitize.js'

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

describe('registered secrets in server text', () => {
  const KEY = 'dg-key-0123456789abcdef0123456789abcdef'
  const SECRET = 'Sx9-secret-4f2a9c1e7b3d5a8f'
  const USER = 'deepgram+64d1f840-3b7e-43b2-a7b6-d56756d4476d'
  const b64 = (s: string): string => Buffer.from(s).toString('base64')
  afterEach(() => forgetHidden())
  const register = (): void => hideInServerText([KEY, SECRET, `${USER}:${SECRET}`].flatMap(encodedForms))

  it.each([
    ['the key', KEY],
    ['the secret', SECRET],
    ['base64 of username:secret', b64(`${USER}:${SECRET}`)],
    ['base64 of the secret', b64(SECRET)],
    ['base64 of the key', b64(KEY)],
    ['the secret, URL-encoded', encodeURIComponent(SECRET)],
    ['the key in upper case', KEY.toUpperCase()]
  ])('%s straddling the cut: redacted before cutting, no part of it shows', (_, value) => {
    register()
    // The value starts 10 characters before the cut: a cut first would keep its first 7.
    const text = `${'x'.repeat(287)}${value}${'y'.repeat(50)}`
    const out = sanitize(text, 300)
    expect(out).toBe(`${'x'.repeat(287)}***${'y'.repeat(7)}...`)
    for (const part of [KEY, SECRET, b64(SECRET), b64(`${USER}:${SECRET}`)]) expect(out).not.toContain(part.slice(0, 6))
  })

  it('a secret split by invisible characters or controls is redacted once they are gone', () => {
    register()
    const split = `${SECRET.slice(0, 5)}\u200b${SECRET.slice(5, 9)}\u001b[0m${SECRET.slice(9)}`
    expect(sanitize(`said: ${split}`)).toBe('said: ***')
  })

  it('textField redacts too', () => {
    register()
    expect(textField(`Authorization: Basic ${b64(`${USER}:${SECRET}`)}`, 30)).toBe('Authorization: Basic ***')
  })

  it('nothing registered: text unchanged', () => {
    expect(sanitize(`a ${SECRET}`)).toBe(`a ${SECRET}`)
  })
})

describe('redact', () => {
  it('replaces a secret wherever it occurs, in any letter case and longest first, not short fragments', () => {
    expect(redact('out: `s3cr3t-value` and s3cr3t-value', ['s3cr3t-value', 'abc'])).toBe('out: `***` and ***')
    expect(redact('S3CR3T-VALUE', ['s3cr3t-value'])).toBe('***')
    expect(redact('s3cr3t-value-long', ['s3cr3t-value', 's3cr3t-value-long'])).toBe('***')
    expect(redact('a (b) c', ['(b) c'])).toBe('a ***')
    expect(redact('nothing here', [])).toBe('nothing here')
  })
})
