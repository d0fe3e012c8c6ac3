// Pure: the comment that marks the sets this action makes, the only mark of who made a set, and
// its reading back (the sweep, `retire` and the clean-up of a lost create go by it alone):
//
//   deepgram-self-hosted-login ephemeral repo:<repository id> run:<run id>.<attempt> mark:<mark> <owner/name> <job>
//   deepgram-self-hosted-login rotate:<name> repo:<repository id> run:<run id>.<attempt> mark:<mark> <owner/name>
//
// The mark (8 random base32 characters) is drawn for each create: a matrix job's legs share
// everything else. The live API refuses a comment over 128 characters, so the head, all a reader
// matches on, is at most 127 and the names after it are cut to fit. GITHUB_REPOSITORY_ID survives
// a rename; without it the comment says `repo:local`, which no reader takes a set by.

import { randomBytes } from 'node:crypto'
import { InputError } from '../errors.js'

const COMMENT_MARK = 'deepgram-self-hosted-login'
/** The live API's limit (deepgram-rust-sdk: "comment must be between 1 and 128 characters"). */
export const COMMENT_MAX = 128

/** A rotation's name: lower-case letters, digits and `-`, at most 32 characters. */
export const ROTATION_NAME = /^[a-z0-9][a-z0-9-]{0,31}$/

export type SetPurpose = { kind: 'ephemeral' } | { kind: 'rotation'; name: string }

/** The value of GITHUB_REPOSITORY_ID (or GITHUB_RUN_ID) when the runner did not set one. */
const NO_ID = 'local'

/** Who is making a set: the run's variables, each reduced to what a comment may hold (repository
 * and job are for people; `local` for an ID or a repository the runner did not set). */
export type RunIdentity = Record<'repositoryId' | 'repository' | 'runId' | 'attempt' | 'job', string>

type RunVariable = 'GITHUB_REPOSITORY_ID' | 'GITHUB_REPOSITORY' | 'GITHUB_RUN_ID' | 'GITHUB_RUN_ATTEMPT' | 'GITHUB_JOB'
export type RunVariables = Partial<Record<RunVariable, string | undefined>>

// GitHub's IDs have 9 to 11 digits today, and a run is re-run at most 50 times: longer values
// count as unset. Readers take what older versions wrote (up to 20 and 5 digits).
const ID = /^\d{1,16}$/
const ATTEMPT = /^\d{1,3}$/

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
    repositoryId: digits(env.GITHUB_REPOSITORY_ID) ?? NO_ID,
    repository: word(env.GITHUB_REPOSITORY) || 'local',
    runId: digits(env.GITHUB_RUN_ID) ?? NO_ID,
    attempt: ATTEMPT.test(attempt) ? attempt : '1',
    job: word(env.GITHUB_JOB)
  }
}

/** True when the run knows its repository's ID: the only proof that a set is this repository's. */
export function knowsRepository(run: RunIdentity): boolean {
  return run.repositoryId !== NO_ID
}

/** The run of a `rotate` or `retire` step, which must know its repository's ID; checked before any request. */
export function rotationRun(mode: 'rotate' | 'retire', env: RunVariables): RunIdentity {
  const run = runIdentity(env)
  if (knowsRepository(run)) return run
  throw new InputError(
    mode,
    "needs the GITHUB_REPOSITORY_ID variable (the repository's ID, digits), which this runner did not set: " +
      "a rotation's sets are told apart from every other repository's by that ID alone, so without it `rotate` and `retire` " +
      "could take another repository's sets for this one's. Run it on a runner that sets GITHUB_REPOSITORY_ID, as every runner " +
      'of github.com does. Nothing was created or deleted.'
  )
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'
const MARK_FORMAT = /^[a-z2-7]{8}$/

/** A fresh mark for one create: 8 base32 characters from 40 random bits. */
export function newMark(random: (size: number) => Buffer = randomBytes): string {
  const bytes = random(5)
  let bits = 0n
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte)
  let mark = ''
  for (let i = 7; i >= 0; i--) mark += BASE32[Number((bits >> BigInt(i * 5)) & 31n)]
  return mark
}

export function isMark(value: string): boolean {
  return MARK_FORMAT.test(value)
}

function purposeWord(purpose: SetPurpose): string {
  return purpose.kind === 'ephemeral' ? 'ephemeral' : `rotate:${purpose.name}`
}

/** The comment for a set made for `purpose` by this run's create marked `mark`: at most 128 ASCII characters. */
export function setComment(purpose: SetPurpose, run: RunIdentity, mark: string): string {
  const head = `${COMMENT_MARK} ${purposeWord(purpose)} repo:${run.repositoryId} run:${run.runId}.${run.attempt} mark:${mark}`
  const names = purpose.kind === 'ephemeral' && run.job !== '' ? `${run.repository} ${run.job}` : run.repository
  // The server trims the comment: a cut that ends in a space would not match what was sent.
  return `${head} ${names}`.slice(0, COMMENT_MAX).trimEnd()
}

/** What a comment in this action's format says (no mark in comments written before marks). */
type ParsedComment = Pick<RunIdentity, 'repositoryId' | 'runId' | 'attempt'> & { purpose: SetPurpose; mark?: string }

/** True when both name the same repository, run and attempt. */
export function sameRun(a: Omit<ParsedComment, 'purpose'>, b: Omit<ParsedComment, 'purpose'>): boolean {
  return a.repositoryId === b.repositoryId && a.runId === b.runId && a.attempt === b.attempt
}

const FORMAT = new RegExp(
  `^${COMMENT_MARK} (ephemeral|rotate:([a-z0-9][a-z0-9-]{0,31})) repo:(\\d{1,20}|local) run:(\\d{1,20}|local)\\.(\\d{1,5})(?: mark:([a-z2-7]{8}))?(?: [\\x21-\\x7e ]*)?$`
)

/** The comment read in this action's format, or undefined when it does not parse completely
 * (a set made by hand, whatever words it starts with, is never taken for one of ours). */
export function parseComment(comment: string): ParsedComment | undefined {
  const m = FORMAT.exec(comment)
  if (!m) return undefined
  const purpose: SetPurpose = m[2] === undefined ? { kind: 'ephemeral' } : { kind: 'rotation', name: m[2] }
  const mark = m[6] === undefined ? {} : { mark: m[6] }
  return { purpose, repositoryId: m[3] ?? '', runId: m[4] ?? '', attempt: m[5] ?? '', ...mark }
}

// Before repository IDs: `deepgram-self-hosted-login ephemeral <owner/name> run <run id>.<attempt> <job>`
// (`run local` outside a runner), the name as one word cut at 100 characters.
const LEGACY = new RegExp(`^${COMMENT_MARK} ephemeral (\\S{1,100}) run (?:\\d{1,20}\\.\\d{1,5}|local)(?: \\S{1,100})?$`)

/** A set made for a job of this repository (by its ID; sets of the old format by its name).
 * Never one when the run has no repository ID: nothing proves whose such a set is. */
export function isEphemeralOf(comment: string, run: RunIdentity): boolean {
  if (!knowsRepository(run)) return false
  const parsed = parseComment(comment)
  if (parsed) return parsed.purpose.kind === 'ephemeral' && parsed.repositoryId === run.repositoryId
  return LEGACY.exec(comment)?.[1] === run.repository
}

/** A set of rotation `name` made for this repository (by its ID). */
export function isRotationOf(comment: string, name: string, run: RunIdentity): boolean {
  const parsed = parseComment(comment)
  return (
    knowsRepository(run) &&
    parsed?.purpose.kind === 'rotation' &&
    parsed.purpose.name === name &&
    parsed.repositoryId === run.repositoryId
  )
}

/** The set one create made: its comment says the same purpose, repository, run and attempt,
 * and bears the same mark. Nothing else can be: the mark was drawn for that create alone. */
export function isMadeBy(comment: string, create: string): boolean {
  const made = parseComment(create)
  const parsed = parseComment(comment)
  return (
    made?.mark !== undefined &&
    parsed?.mark === made.mark &&
    purposeWord(parsed.purpose) === purposeWord(made.purpose) &&
    sameRun(parsed, made)
  )
}
