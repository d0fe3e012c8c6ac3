// The errors the user reads: a title for the annotation, a message that says what to fix, the
// input named; and fail(), the one ::error line, with the exit code the runner reads.
import { afterEach, describe, expect, it } from 'vitest'
import { ActionError, fail, InputError, LoginError, messageOf, unexpectedFailure, warn } from '../../src/errors.js'
import { captureStdout } from '../support/helpers.js'

afterEach(() => {
  process.exitCode = undefined
})

describe('errors', () => {
  it('an input error names the input in its title and its message', () => {
    const e = new InputError('registry', 'must be a host.')
    expect(e).toBeInstanceOf(ActionError)
    expect(e.title).toBe('Invalid input registry')
    expect(e.message).toBe('Input `registry` must be a host.')
  })

  it('a login error keeps why it failed', () => {
    expect(new LoginError('t', 'm', 'timeout').kind).toBe('timeout')
  })

  it('fail(): one ::error line with the title, no stack, and a failed step', () => {
    const { out } = captureStdout(() => fail(new ActionError('Title here', 'What to fix.')))
    expect(out).toBe('::error title=Title here::What to fix.\n')
    expect(process.exitCode).toBe(1)
  })

  it('fail() on anything else says it was unexpected, with its message only', () => {
    const { out } = captureStdout(() => fail(new Error('boom')))
    expect(out).toBe('::error::Unexpected failure: boom\n')
    expect(unexpectedFailure('x')).toBe('Unexpected failure: x')
    expect(messageOf(42)).toBe('42')
  })

  it('warn(): a warning annotation with its title', () => {
    const { out } = captureStdout(() => warn({ title: 'Heads up', message: 'Something.' }))
    expect(out).toBe('::warning title=Heads up::Something.\n')
  })
})
