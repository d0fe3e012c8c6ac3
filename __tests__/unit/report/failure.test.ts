// The summary's words for a failure: the log's ::error message, made safe for the page.
import { afterEach, describe, expect, it } from 'vitest'
import { ActionError, InputError } from '../../../src/errors.js'
import { failureParagraph, failureWords, renderEarlyFailure } from '../../../src/report/failure.js'
import { forgetHidden, hideInServerText } from '../../../src/sanitize.js'

afterEach(() => forgetHidden())

describe('renderEarlyFailure', () => {
  it('opens with ❌ and the title in one line, then says what to fix, naming the input as code', () => {
    const page = renderEarlyFailure(new InputError('api-key', 'must be a Deepgram API key: copy the key again.'))
    const [first, second, ...rest] = page.split('\n')
    expect(first).toBe('<h3>❌ Invalid input api-key; did not log in</h3>')
    expect(second).toBe('<p>Input <code>api-key</code> must be a Deepgram API key: copy the key again.</p>')
    expect(rest).toEqual([''])
  })

  it('escapes HTML in the title and the message, so that no text can end the page early', () => {
    const page = renderEarlyFailure(new ActionError('A <b>title</b>', 'said "<script>x</script>" & `project-id`'))
    expect(page).not.toContain('<b>')
    expect(page).not.toContain('<script>')
    expect(page).toContain('A &#60;b&#62;title&#60;/b&#62;')
    expect(page).toContain('said &#34;&#60;script&#62;x&#60;/script&#62;&#34; &#38; <code>project-id</code>')
  })

  it('an error no message foresaw: the log words it, and the page says so', () => {
    expect(failureWords(new TypeError('boom'))).toEqual({
      title: 'Unexpected failure',
      message: 'Unexpected failure: boom'
    })
    expect(renderEarlyFailure('odd').split('\n')[0]).toBe('<h3>❌ Unexpected failure; did not log in</h3>')
  })

  it('never shows a registered secret, should a message carry one, nor a line break', () => {
    const secret = 'Zq8v2LkP-secret-0123'
    hideInServerText([secret])
    const page = renderEarlyFailure(new Error(`the server echoed ${secret}\nand more`))
    expect(page).not.toContain(secret)
    expect(page).toContain('the server echoed *** and more')
    expect(page.split('\n')).toHaveLength(3)
  })

  it('keeps a long message to a size the page can take', () => {
    const paragraph = failureParagraph(new ActionError('t', 'x'.repeat(10_000)))
    expect(paragraph.length).toBeLessThan(3100)
    expect(paragraph).toMatch(/\.\.\.<\/p>$/)
  })
})
