// The words about the inputs that several places share.
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { holdsMaskedInput, INSTEAD_OF_MASKED, notWithRotation } from '../../../src/inputs/messages.js'

describe('notWithRotation', () => {
  it('names the input and the mode, and says what to do instead', () => {
    const error = notWithRotation({ input: 'images', mode: 'retire' })
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).toContain('`images`')
    expect(error.message).toContain('must be empty when `retire` is set')
    expect(error.message).toContain('Check the images on the `rotate` step.')
  })

  it('words the secret differently for rotate and retire', () => {
    expect(notWithRotation({ input: 'secret', mode: 'rotate' }).message).toContain("makes the rotation's new set")
    expect(notWithRotation({ input: 'secret', mode: 'retire' }).message).toContain('needs only the API key')
  })
})

describe('holdsMaskedInput', () => {
  it('never quotes the value, names the input it holds and what to put instead', () => {
    const error = holdsMaskedInput({ input: 'registry', maskInput: 'secret', expected: INSTEAD_OF_MASKED.registry })
    expect(error.message).toContain('holds the `secret` input (not shown)')
    expect(error.message).toContain('like quay.io or 127.0.0.1:5000')
    expect(error.message).toContain('keep the secret in `secret`')
    const key = holdsMaskedInput({
      input: 'api-url',
      maskInput: 'api-key',
      expected: INSTEAD_OF_MASKED.apiUrl('https://x')
    })
    expect(key.message).toContain('keep the key in `api-key`')
  })
})
