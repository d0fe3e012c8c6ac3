/** A failure the user can fix: one message, and a short title for the annotation. */
export class ActionError extends Error {
  readonly title: string

  constructor(title: string, message: string) {
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

/** The registry (or its token endpoint) refused the set's credentials: the one registry failure
 * that a set made seconds ago may see before it becomes usable, so the caller can tell it apart. */
export class CredentialsRefused extends ActionError {
  constructor(
    title: string,
    message: string,
    readonly status: number,
    readonly byTokenEndpoint: boolean,
    /** What the registry said, sanitised. */
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
