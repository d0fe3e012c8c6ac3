import { describe, expect, it } from 'vitest'
import {
  COMMENT_MAX,
  isEphemeralOf,
  isMadeByThisRun,
  isRotationOf,
  parseComment,
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

// GitHub's limits: owners of 39 characters, repository names of 100; job IDs are free text.
const LONGEST = runIdentity({
  GITHUB_REPOSITORY_ID: '99999999999999999999',
  GITHUB_REPOSITORY: `${'o'.repeat(39)}/${'r'.repeat(100)}`,
  GITHUB_RUN_ID: '99999999999999999999',
  GITHUB_RUN_ATTEMPT: '99999',
  GITHUB_JOB: 'j'.repeat(60)
})

describe('setComment', () => {
  it('names the purpose, the repository by ID, the run and attempt, then the names', () => {
    expect(setComment(EPHEMERAL, RUN)).toBe(
      'deepgram-self-hosted-login ephemeral repo:123456789 run:4242.2 acme/app deploy'
    )
    expect(setComment(PROD, RUN)).toBe('deepgram-self-hosted-login rotate:prod-us repo:123456789 run:4242.2 acme/app')
  })

  it.each([
    ['ephemeral', EPHEMERAL],
    ['the longest rotation name', { kind: 'rotation', name: 'a'.repeat(32) } as SetPurpose]
  ])('fits in 128 characters with the longest names GitHub allows (%s), and still parses', (_, purpose) => {
    const comment = setComment(purpose, LONGEST)
    expect(comment.length).toBeLessThanOrEqual(COMMENT_MAX)
    expect(comment).toBe(comment.trim())
    expect(parseComment(comment)).toEqual({
      purpose,
      repositoryId: '99999999999999999999',
      runId: '99999999999999999999',
      attempt: '99999'
    })
  })

  it('is printable ASCII on one line whatever the names hold', () => {
    const odd = runIdentity({
      GITHUB_REPOSITORY_ID: '1',
      GITHUB_REPOSITORY: 'a/b',
      GITHUB_JOB: 'job\n::error::x\u001b[31m é 日本 \u202e'
    })
    const comment = setComment(EPHEMERAL, odd)
    expect(comment).toMatch(/^[\x20-\x7e]+$/)
    expect(comment).not.toContain('\n')
    expect(isEphemeralOf(comment, odd)).toBe(true)
  })

  it('outside a runner: local, attempt 1', () => {
    expect(setComment(EPHEMERAL, runIdentity({}))).toBe(
      'deepgram-self-hosted-login ephemeral repo:local run:local.1 local'
    )
    // Values that are not IDs are not taken for one.
    const bad = runIdentity({ GITHUB_REPOSITORY_ID: '12 34', GITHUB_RUN_ID: '../1', GITHUB_RUN_ATTEMPT: 'x' })
    expect([bad.repositoryId, bad.runId, bad.attempt]).toEqual(['local', 'local', '1'])
  })
})

describe('isEphemeralOf', () => {
  it('matches on the repository ID, never on a name that only shares a beginning', () => {
    const long = { ...LONGEST, repositoryId: '111' }
    const suffixed = { ...long, repositoryId: '222', repository: `${long.repository}-two` }
    expect(isEphemeralOf(setComment(EPHEMERAL, long), long)).toBe(true)
    expect(isEphemeralOf(setComment(EPHEMERAL, long), suffixed)).toBe(false)
    expect(isEphemeralOf(setComment(EPHEMERAL, suffixed), long)).toBe(false)
  })

  it('a rotation set is not an ephemeral one', () => {
    expect(isEphemeralOf(setComment(PROD, RUN), RUN)).toBe(false)
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
    expect(isEphemeralOf('deepgram-self-hosted-login ephemeral local run local', runIdentity({}))).toBe(true)
    expect(isEphemeralOf('deepgram-self-hosted-login ephemeral acme/app-two run 4242.2 deploy', RUN)).toBe(false)
    expect(isEphemeralOf('deepgram-self-hosted-login ephemeral acme/app keep this one', RUN)).toBe(false)
  })
})

describe('isRotationOf', () => {
  it('matches the name and the repository ID exactly', () => {
    const comment = setComment(PROD, RUN)
    expect(isRotationOf(comment, 'prod-us', RUN)).toBe(true)
    expect(isRotationOf(comment, 'prod', RUN)).toBe(false)
    expect(isRotationOf(comment, 'prod-us-2', RUN)).toBe(false)
    expect(isRotationOf(comment, 'prod-us', { ...RUN, repositoryId: '1234567890' })).toBe(false)
    expect(isRotationOf(setComment(EPHEMERAL, RUN), 'prod-us', RUN)).toBe(false)
    expect(isRotationOf('deepgram-self-hosted-login rotate:prod-us repo:123456789 by hand', 'prod-us', RUN)).toBe(false)
  })
})

describe('isMadeByThisRun', () => {
  it('is the same purpose, repository, run and attempt', () => {
    const comment = setComment(EPHEMERAL, RUN)
    expect(isMadeByThisRun(comment, EPHEMERAL, RUN)).toBe(true)
    expect(isMadeByThisRun(comment, EPHEMERAL, { ...RUN, attempt: '3' })).toBe(false)
    expect(isMadeByThisRun(comment, EPHEMERAL, { ...RUN, runId: '4243' })).toBe(false)
    expect(isMadeByThisRun(comment, PROD, RUN)).toBe(false)
    expect(isMadeByThisRun(setComment(PROD, RUN), PROD, RUN)).toBe(true)
  })
})
