// The network words the Deepgram API's and the registry's messages share.
import { describe, expect, it } from 'vitest'
import { TIMEOUT_ADVICE, unreachableAdvice } from '../../../src/http/messages.js'

describe('the shared network advice', () => {
  it('names the input to check, and the proxy variables of self-hosted runners', () => {
    expect(unreachableAdvice('api-url')).toContain('Check `api-url`')
    expect(unreachableAdvice('registry')).toContain('HTTPS_PROXY')
    expect(TIMEOUT_ADVICE).toContain('HTTPS_PROXY/NO_PROXY')
  })
})
