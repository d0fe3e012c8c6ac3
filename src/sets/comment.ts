// Pure: the comment this action gives the credential sets it makes, and the
// reading of it back. A set carries no other mark of who made it, so the
// comment alone tells the sweep (ephemeral sets an ended job left behind) and
// `retire` (a rotation's older sets) which sets are theirs to delete.
//
//   deepgram-self-hosted-login ephemeral repo:<repository id> run:<run id>.<attempt> <owner/name> <job>
//   deepgram-self-hosted-login rotate:<name> repo:<repository id> run:<run id>.<attempt> <owner/name>
//
// The live API refuses a comment over 128 characters (and trims it), so the
// comment is ASCII and at most 128 characters whatever the names: the head,
// which is all a reader matches on, is at most 123; the names after it are
// for people and are cut to fit. The repository is named by GITHUB_REPOSITORY_ID,
// which a rename or a transfer keeps, and which no other repository shares
// even when its name only adds a suffix.

const COMMENT_MARK = 'deepgram-self-hosted-login'
/** The live API's limit (deepgram-rust-sdk: "comment must be between 1 and 128 characters"). */
export const COMMENT_MAX = 128

/** A rotation's name: lower-case letters, digits and `-`, at most 32 characters. */
export const ROTATION_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/

export type SetPurpose = { kind: 'ephemeral' } | { kind: 'rotation'; name: string }

/** Who is making a set: the run's variables, each reduced to what a comment may hold. */
export interface RunIdentity {
  /** GITHUB_REPOSITORY_ID (digits), or `local` outside a runner. */
  repositoryId: string
  /** GITHUB_REPOSITORY (owner/name), for people; `local` outside a runner. */
  repository: string
  /** GITHUB_RUN_ID (digits), or `local`. */
  runId: string
  /** GITHUB_RUN_ATTEMPT (digits), 1 when unset. */
  attempt: string
  /** GITHUB_JOB, for people; may be empty. */
  job: string
}

export interface RunVariables {
  GITHUB_REPOSITORY_ID?: string | undefined
  GITHUB_REPOSITORY?: string | undefined
  GITHUB_RUN_ID?: string | undefined
  GITHUB_RUN_ATTEMPT?: string | undefined
  GITHUB_JOB?: string | undefined
}

const ID = /^\d{1,20}$/
const ATTEMPT = /^\d{1,5}$/

/** A name for people: printable ASCII without spaces (they separate the words), or '' when none. */
function word(value: string | undefined): string {
  return (value ?? '').trim().replace(/[^\x21-\x7e]+/g, '_')
}

export function runIdentity(env: RunVariables): RunIdentity {
  const digits = (value: string | undefined): string | undefined => {
    const v = (value ?? '').trim()
    return ID.test(v) ? v : undefined
  }
  const attempt = (env.GITHUB_RUN_ATTEMPT ?? '').trim()
  return {
    repositoryId: digits(env.GITHUB_REPOSITORY_ID) ?? 'local',
    repository: word(env.GITHUB_REPOSITORY) || 'local',
    runId: digits(env.GITHUB_RUN_ID) ?? 'local',
    attempt: ATTEMPT.test(attempt) ? attempt : '1',
    job: word(env.GITHUB_JOB)
  }
}

function purposeWord(purpose: SetPurpose): string {
  return purpose.kind === 'ephemeral' ? 'ephemeral' : `rotate:${purpose.name}`
}

/** The comment for a set made for `purpose` by this run: at most 128 ASCII characters. */
export function setComment(purpose: SetPurpose, run: RunIdentity): string {
  const head = `${COMMENT_MARK} ${purposeWord(purpose)} repo:${run.repositoryId} run:${run.runId}.${run.attempt}`
  const names = purpose.kind === 'ephemeral' && run.job !== '' ? `${run.repository} ${run.job}` : run.repository
  // The server trims the comment: a cut that ends in a space would not match what was sent.
  return `${head} ${names}`.slice(0, COMMENT_MAX).trimEnd()
}

/** What a comment in this action's format says. */
export interface ParsedComment {
  purpose: SetPurpose
  repositoryId: string
  runId: string
  attempt: string
}

const FORMAT = new RegExp(
  `^${COMMENT_MARK} (ephemeral|rotate:([a-z0-9][a-z0-9-]{0,31})) repo:(\\d{1,20}|local) run:(\\d{1,20}|local)\\.(\\d{1,5})(?: [\\x21-\\x7e ]*)?$`
)

/** The comment read in this action's format, or undefined when it does not parse completely
 * (a set made by hand, whatever words it starts with, is never taken for one of ours). */
export function parseComment(comment: string): ParsedComment | undefined {
  const m = FORMAT.exec(comment)
  if (!m) return undefined
  const purpose: SetPurpose = m[2] === undefined ? { kind: 'ephemeral' } : { kind: 'rotation', name: m[2] }
  return { purpose, repositoryId: m[3] ?? '', runId: m[4] ?? '', attempt: m[5] ?? '' }
}

// Before repository IDs: `deepgram-self-hosted-login ephemeral <owner/name> run <run id>.<attempt> <job>`
// (`run local` outside a runner), the name as one word cut at 100 characters.
const LEGACY = new RegExp(`^${COMMENT_MARK} ephemeral (\\S{1,100}) run (?:\\d{1,20}\\.\\d{1,5}|local)(?: \\S{1,100})?$`)

/** A set made for a job of this repository (by its ID; sets of the old format by its name). */
export function isEphemeralOf(comment: string, run: RunIdentity): boolean {
  const parsed = parseComment(comment)
  if (parsed) return parsed.purpose.kind === 'ephemeral' && parsed.repositoryId === run.repositoryId
  return LEGACY.exec(comment)?.[1] === run.repository
}

/** A set of rotation `name` made for this repository (by its ID). */
export function isRotationOf(comment: string, name: string, run: RunIdentity): boolean {
  const parsed = parseComment(comment)
  return parsed?.purpose.kind === 'rotation' && parsed.purpose.name === name && parsed.repositoryId === run.repositoryId
}

/** The set this very run (and attempt) made for `purpose`: for finding a set whose create was
 * never answered. */
export function isMadeByThisRun(comment: string, purpose: SetPurpose, run: RunIdentity): boolean {
  const parsed = parseComment(comment)
  return (
    parsed !== undefined &&
    purposeWord(parsed.purpose) === purposeWord(purpose) &&
    parsed.repositoryId === run.repositoryId &&
    parsed.runId === run.runId &&
    parsed.attempt === run.attempt
  )
}
