// The errors to throw (each with a title for the annotation), the notices to warn with, and the
// one ::error line.
import * as core from '@actions/core'

/** A failure the user can fix: one message, and a short title for the annotation; `status`, the
 * HTTP status of a refusal that a caller tells apart (the API's 403 on reading a set). */
export class ActionError extends Error {
  readonly title: string

  constructor(
    title: string,
    message: string,
    readonly status?: number
  ) {
    super(message)
    this.name = 'ActionError'
    this.title = title
  }
}

/** An input that failed validation; the message always names the input. */
export class InputError extends ActionError {
  constructor(input: string, problem: string) {
    super(`Invalid input ${input}`, `Input \`${input}\` ${problem}`)
    this.name = 'InputError'
  }
}

/** Why a registry login failed (docker/login-errors.ts's FailureKind, or stopped at its deadline). */
export type LoginFailureKind = 'credentials' | 'unavailable' | 'daemon' | 'helper' | 'namespace' | 'other' | 'timeout'

/** A login that failed; `kind` says why, so that a refusal is told apart from an outage. */
export class LoginError extends ActionError {
  readonly kind: LoginFailureKind

  constructor(title: string, message: string, kind: LoginFailureKind) {
    super(title, message)
    this.name = 'LoginError'
    this.kind = kind
  }
}

/** Something the user should read that fails nothing: a warning, with a short title. */
export interface Notice {
  title: string
  message: string
}

export function warn(notice: Notice): void {
  core.warning(notice.message, { title: notice.title })
}

/** The registry (or its token endpoint) refused the set's credentials: a set made seconds ago may
 * see it before it becomes usable. `said`: what the registry said, sanitised. */
export class CredentialsRefused extends ActionError {
  constructor(
    title: string,
    message: string,
    override readonly status: number,
    readonly byTokenEndpoint: boolean,
    readonly said: { code?: string; message?: string }
  ) {
    super(title, message)
    this.name = 'CredentialsRefused'
  }
}

/** The message of anything thrown, never its stack: what reaches the log. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** What the log says of a failure no message foresaw. */
export function unexpectedFailure(error: unknown): string {
  return `Unexpected failure: ${messageOf(error)}`
}

/** One ::error line, no stack trace: the message says what to fix. */
export function fail(error: unknown): void {
  if (error instanceof ActionError) core.error(error.message, { title: error.title })
  else core.error(unexpectedFailure(error))
  // @github/local-action's stand-in core has no ExitCode and answers a non-zero exit code with a
  // stack trace of its own: there the ::error line is the report.
  if ('ExitCode' in core) process.exitCode = 1
}
