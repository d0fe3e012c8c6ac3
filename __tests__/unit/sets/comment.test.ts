import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import {
  COMMENT_MAX,
  isEphemeralOf,
  isMadeBy,
  isMark,
  isRotationOf,
  newMark,
  parseComment,
  rotationRun,
  runIdentity,
  setComment,
  type SetPurpose
} from '../../../src/sets/comment.js'

const RUN = runIdentity({
  GITHUB_REPOSITORY_ID: '123456789',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_JOB: 'deploy'
})
const EPHEMERAL: SetPurpose = { kind: 'ephemeral' }
const PROD: SetPurpose = { kind: 'rotation', name: 'prod-us' }

const MARK = 'k3x7q2ab'

// GitHub's limits: owners of 39 characters, repository names of 100; job IDs are free text. IDs of
// 16 digits and attempts of 3 are the longest a comment takes (GitHub's have 9 to 11, and 50 re-runs).
const LONGEST = runIdentity({
  GITHUB_REPOSITORY_ID: '9999999999999999',
  GITHUB_REPOSITORY: `${'o'.repeat(39)}/${'r'.repeat(100)}`,
  GITHUB_RUN_ID: '9999999999999999',
  GITHUB_RUN_ATTEMPT: '999',
  GITHUB_JOB: 'j'.repeat(60)
})

describe('setComment', () => {
  it("names the purpose, the repository by ID, the run and attempt, the create's mark, then the names", () => {
    expect(setComment(EPHEMERAL, RUN, MARK)).toBe(
      `deepgram-self-hosted-login ephemeral repo:123456789 run:4242.2 mark:${MARK} acme/app deploy`
    )
    expect(setComment(PROD, RUN, MARK)).toBe(
      `deepgram-self-hosted-login rotate:prod-us repo:123456789 run:4242.2 mark:${MARK} acme/app`
    )
  })

  it.each([
    ['ephemeral', EPHEMERAL],
    ['the longest rotation name', { kind: 'rotation', name: 'a'.repeat(32) } as SetPurpose]
  ])('fits in 128 characters with the longest names GitHub allows (%s), and still parses', (_, purpose) => {
    const comment = setComment(purpose, LONGEST, MARK)
    expect(comment.length).toBeLessThanOrEqual(COMMENT_MAX)
    expect(comment).toBe(comment.trim())
    expect(parseComment(comment)).toEqual({
      purpose,
      repositoryId: '9999999999999999',
      runId: '9999999999999999',
      attempt: '999',
      mark: MARK
    })
  })

  it('is printable ASCII on one line whatever the names hold', () => {
    const odd = runIdentity({
      GITHUB_REPOSITORY_ID: '1',
      GITHUB_REPOSITORY: 'a/b',
      GITHUB_JOB: 'job\n::error::x\u001b[31m é 日本 \u202e'
    })
    const comment = setComment(EPHEMERAL, odd, MARK)
    expect(comment).toMatch(/^[\x20-\x7e]+$/)
    expect(comment).not.toContain('\n')
    expect(isEphemeralOf(comment, odd)).toBe(true)
  })

  it('outside a runner: local, attempt 1', () => {
    expect(setComment(EPHEMERAL, runIdentity({}), MARK)).toBe(
      `deepgram-self-hosted-login ephemeral repo:local run:local.1 mark:${MARK} local`
    )
    // Values that are not IDs are not taken for one, nor longer ones than GitHub's.
    const bad = runIdentity({ GITHUB_REPOSITORY_ID: '12 34', GITHUB_RUN_ID: '../1', GITHUB_RUN_ATTEMPT: 'x' })
    expect([bad.repositoryId, bad.runId, bad.attempt]).toEqual(['local', 'local', '1'])
    const long = runIdentity({ GITHUB_REPOSITORY_ID: '1'.repeat(17), GITHUB_RUN_ATTEMPT: '1000' })
    expect([long.repositoryId, long.attempt]).toEqual(['local', '1'])
  })
})

describe('newMark', () => {
  it('is 8 base32 characters, from 40 random bits', () => {
    expect(newMark(() => Buffer.from([0, 0, 0, 0, 0]))).toBe('aaaaaaaa')
    expect(newMark(() => Buffer.from([255, 255, 255, 255, 255]))).toBe('77777777')
    expect(newMark(() => Buffer.from([8, 66, 17, 141, 136]))).toBe('bbbbddmi')
  })

  it('differs between creates', () => {
    const marks = new Set(Array.from({ length: 2000 }, () => newMark()))
    expect(marks.size).toBe(2000)
    for (const mark of marks) expect(isMark(mark)).toBe(true)
  })

  it.each(['', 'abcdefg', 'abcdefghi', 'ABCDEFGH', 'abcdefg1', 'abcdefg8', 'abcd efg'])('%j is no mark', value => {
    expect(isMark(value)).toBe(false)
  })
})

describe('rotationRun', () => {
  it('is the run when GITHUB_REPOSITORY_ID is set', () => {
    expect(rotationRun('rotate', { GITHUB_REPOSITORY_ID: '77', GITHUB_RUN_ID: '5' }).repositoryId).toBe('77')
  })

  it.each([{}, { GITHUB_REPOSITORY_ID: '' }, { GITHUB_REPOSITORY_ID: 'local' }, { GITHUB_REPOSITORY_ID: '12a' }])(
    'refuses %j with an input error that names the variable',
    env => {
      for (const mode of ['rotate', 'retire'] as const) {
        let error: unknown
        try {
          rotationRun(mode, { GITHUB_REPOSITORY: 'acme/app', ...env })
        } catch (e) {
          error = e
        }
        expect(error).toBeInstanceOf(InputError)
        expect((error as InputError).title).toBe(`Invalid input ${mode}`)
        expect((error as InputError).message).toContain('GITHUB_REPOSITORY_ID')
      }
    }
  )
})

describe('isEphemeralOf', () => {
  it('matches on the repository ID, never on a name that only shares a beginning', () => {
    const long = { ...LONGEST, repositoryId: '111' }
    const suffixed = { ...long, repositoryId: '222', repository: `${long.repository}-two` }
    expect(isEphemeralOf(setComment(EPHEMERAL, long, MARK), long)).toBe(true)
    expect(isEphemeralOf(setComment(EPHEMERAL, long, MARK), suffixed)).toBe(false)
    expect(isEphemeralOf(setComment(EPHEMERAL, suffixed, MARK), long)).toBe(false)
  })

  it('a rotation set is not an ephemeral one', () => {
    expect(isEphemeralOf(setComment(PROD, RUN, MARK), RUN)).toBe(false)
  })

  it.each([
    'deepgram-self-hosted-login ephemeral repo:123456789',
    'deepgram-self-hosted-login ephemeral repo:123456789 run:4242',
    'deepgram-self-hosted-login ephemeral repo:123456789 run:x.1 acme/app',
    'deepgram-self-hosted-login ephemeral repo:123456789 run:4242.2acme/app',
    'deepgram-self-hosted-login ephemeral repo:123456789 run:4242.2 acme/app\nmore',
    'Deepgram-self-hosted-login ephemeral repo:123456789 run:4242.2',
    'deepgram-self-hosted-login ephemeral repo:123456789 for production, do not delete',
    'deepgram-self-hosted-login ephemeral acme/app made by hand',
    ' deepgram-self-hosted-login ephemeral repo:123456789 run:4242.2'
  ])('a comment that does not parse completely is never ours: %j', comment => {
    expect(isEphemeralOf(comment, RUN)).toBe(false)
  })

  it('recognises sets of the old format by the repository name', () => {
    expect(isEphemeralOf('deepgram-self-hosted-login ephemeral acme/app run 4242.2 deploy', RUN)).toBe(true)
    expect(isEphemeralOf('deepgram-self-hosted-login ephemeral acme/app run 77.1', RUN)).toBe(true)
    expect(isEphemeralOf('deepgram-self-hosted-login ephemeral acme/app run local', RUN)).toBe(true)
    // Without a repository ID, nothing proves whose a set is.
    expect(isEphemeralOf('deepgram-self-hosted-login ephemeral local run local', runIdentity({}))).toBe(false)
    expect(isEphemeralOf(setComment(EPHEMERAL, runIdentity({}), MARK), runIdentity({}))).toBe(false)
    expect(isEphemeralOf('deepgram-self-hosted-login ephemeral acme/app-two run 4242.2 deploy', RUN)).toBe(false)
    expect(isEphemeralOf('deepgram-self-hosted-login ephemeral acme/app keep this one', RUN)).toBe(false)
  })
})

describe('isRotationOf', () => {
  it('matches the name and the repository ID exactly', () => {
    const comment = setComment(PROD, RUN, MARK)
    expect(isRotationOf(comment, 'prod-us', RUN)).toBe(true)
    // A rotation's set made before marks is still one.
    expect(
      isRotationOf('deepgram-self-hosted-login rotate:prod-us repo:123456789 run:1.1 acme/app', 'prod-us', RUN)
    ).toBe(true)
    expect(isRotationOf(comment.replace('123456789', 'local'), 'prod-us', { ...RUN, repositoryId: 'local' })).toBe(
      false
    )
    expect(isRotationOf(comment, 'prod', RUN)).toBe(false)
    expect(isRotationOf(comment, 'prod-us-2', RUN)).toBe(false)
    expect(isRotationOf(comment, 'prod-us', { ...RUN, repositoryId: '1234567890' })).toBe(false)
    expect(isRotationOf(setComment(EPHEMERAL, RUN, MARK), 'prod-us', RUN)).toBe(false)
    expect(isRotationOf('deepgram-self-hosted-login rotate:prod-us repo:123456789 by hand', 'prod-us', RUN)).toBe(false)
  })
})

describe('isMadeBy', () => {
  it('is the same purpose, repository, run, attempt and mark', () => {
    const create = setComment(EPHEMERAL, RUN, MARK)
    expect(isMadeBy(create, create)).toBe(true)
    // The server trims and keeps the comment as sent; the names are not compared.
    expect(isMadeBy(setComment(EPHEMERAL, { ...RUN, job: 'other' }, MARK), create)).toBe(true)
    // A matrix leg of the same job: everything the same but its mark.
    expect(isMadeBy(setComment(EPHEMERAL, RUN, 'zzzzzzzz'), create)).toBe(false)
    expect(isMadeBy(setComment(EPHEMERAL, { ...RUN, attempt: '3' }, MARK), create)).toBe(false)
    expect(isMadeBy(setComment(EPHEMERAL, { ...RUN, runId: '4243' }, MARK), create)).toBe(false)
    expect(isMadeBy(setComment(EPHEMERAL, { ...RUN, repositoryId: '1' }, MARK), create)).toBe(false)
    expect(isMadeBy(setComment(PROD, RUN, MARK), create)).toBe(false)
  })

  it('never matches without a mark: sets made before marks, or a create that names none', () => {
    const old = 'deepgram-self-hosted-login ephemeral repo:123456789 run:4242.2 acme/app deploy'
    expect(isMadeBy(old, old)).toBe(false)
    expect(isMadeBy(setComment(EPHEMERAL, RUN, MARK), old)).toBe(false)
    expect(isMadeBy(old, setComment(EPHEMERAL, RUN, MARK))).toBe(false)
  })
})
