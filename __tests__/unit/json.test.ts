import { describe, expect, it } from 'vitest'
import { jsonObject, parseJson } from '../../src/json.js'

describe('JSON from servers and config files', () => {
  it('drops a byte-order mark before parsing, and throws on what is not JSON', () => {
    expect(parseJson('\uFEFF{"a":1}')).toEqual({ a: 1 })
    expect(() => parseJson('<html>')).toThrow(SyntaxError)
  })

  it('jsonObject: an object, else undefined (not JSON, an array, null, a string)', () => {
    expect(jsonObject('\uFEFF{"token":"t"}')).toEqual({ token: 't' })
    for (const text of ['', 'nope', '[1]', 'null', '"s"', '{']) expect(jsonObject(text)).toBeUndefined()
  })
})
