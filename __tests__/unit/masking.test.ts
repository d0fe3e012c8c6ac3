// What the runner is told to mask: a secret, each of its lines, and a login's encoded form;
// and the same values kept out of any server text shown.
import { describe, expect, it } from 'vitest'
import { hideSecret, maskedForms, maskLogin, maskSecret } from '../../src/masking.js'
import { forgetHidden, sanitize } from '../../src/sanitize.js'
import { captureStdout } from '../support/helpers.js'

const masks = (out: string): string[] =>
  out
    .split('\n')
    .filter(l => l.startsWith('::add-mask::'))
    .map(l => l.slice('::add-mask::'.length))

describe('masking', () => {
  it('a value and each of its lines, never an empty one', () => {
    expect(maskedForms('')).toEqual([])
    expect(maskedForms('one')).toEqual(['one'])
    expect(maskedForms('first\n second \n\n')).toEqual(['first\n second \n\n', 'first', 'second'])
  })

  it('maskSecret tells the runner, and hides the value from server text', () => {
    const secret = 'mask-me-0123456789abcdef'
    const { out } = captureStdout(() => maskSecret(secret))
    expect(masks(out)).toContain(secret)
    expect(sanitize(`the server said ${secret}`, 200)).not.toContain(secret)
    forgetHidden()
  })

  it('hideSecret hides without telling the runner again', () => {
    const secret = 'hide-me-0123456789abcdef'
    const { out } = captureStdout(() => hideSecret(secret))
    expect(masks(out)).toEqual([])
    expect(sanitize(`said ${secret}`, 200)).not.toContain(secret)
    forgetHidden()
  })

  it("maskLogin masks docker's base64 form of the login too", () => {
    const { out } = captureStdout(() => maskLogin('deepgram+abc', 'login-secret-0123456789'))
    expect(masks(out)).toContain(Buffer.from('deepgram+abc:login-secret-0123456789').toString('base64'))
  })
})
