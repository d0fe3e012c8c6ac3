// The network words the Deepgram API's, the registry's and docker's messages share.
import { describe, expect, it } from 'vitest'
import { noCompleteAnswer, proxyProblems, TIMEOUT_ADVICE, unreachableAdvice } from '../../../src/http/messages.js'

describe('the shared network advice', () => {
  it('names the input to check, and the proxy variables of self-hosted runners', () => {
    expect(unreachableAdvice('api-url')).toContain('Check `api-url`')
    expect(unreachableAdvice('registry')).toContain('HTTPS_PROXY')
    expect(TIMEOUT_ADVICE).toContain('HTTPS_PROXY/NO_PROXY')
  })

  it('says how long the answer was awaited, in seconds', () => {
    expect(noCompleteAnswer(8000)).toContain('8 s')
  })

  it('words each proxy problem', () => {
    expect(proxyProblems.notAUrl).toBe('it is not a URL')
    expect(proxyProblems.scheme('socks5:')).toBe(
      'its scheme "socks5:" is not supported (only http:// and https:// proxies are)'
    )
  })
})
