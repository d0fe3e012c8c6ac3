// A step's runner files for the unit tests that run a mode, the main step or the post step in
// process against nock: GITHUB_OUTPUT, GITHUB_STATE and GITHUB_STEP_SUMMARY in a temp dir, read
// back as the runner would; and the Deepgram API's answers those tests share.
import * as core from '@actions/core'
import nock from 'nock'
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { SetUse } from '../../src/inputs/modes.js'
import { API, KEY, PROJECT } from './api-request.ts'
import { saveEnv, tempDir } from './helpers.js'
import { parseFileCommands } from './runner.ts'

export const API_SCOPE = 'self-hosted:product:api'
export const ENGINE = 'self-hosted:product:engine'

/** Sets up the runner files and an environment that is restored by `done()`. */
export function stepFiles(): {
  outputs: () => Record<string, string>
  state: () => Record<string, string>
  summary: () => string
  done: () => void
} {
  const restore = saveEnv()
  const dir = tempDir('dg-step-')
  const path = (name: string): string => join(dir.path, name)
  for (const [variable, name] of [
    ['GITHUB_OUTPUT', 'output'],
    ['GITHUB_STATE', 'state'],
    ['GITHUB_STEP_SUMMARY', 'summary']
  ] as const) {
    writeFileSync(path(name), '')
    process.env[variable] = path(name)
  }
  process.env['GITHUB_ACTIONS'] = 'true'
  // @actions/core's summary keeps the first file it wrote to: this run's is another.
  ;(core.summary as unknown as { _filePath?: string })._filePath = undefined
  return {
    outputs: () => parseFileCommands(readFileSync(path('output'), 'utf8')),
    state: () => parseFileCommands(readFileSync(path('state'), 'utf8')),
    summary: () => readFileSync(path('summary'), 'utf8'),
    done: () => {
      restore()
      dir.remove()
      process.exitCode = undefined
    }
  }
}

type StepFiles = ReturnType<typeof stepFiles>

/** For a test file: no real network (nock answers), fresh runner files for each test, and
 * `before` run after they are made. Returns the current test's files. */
export function stepPerTest(before: () => void = () => undefined): () => StepFiles {
  let step: StepFiles | undefined
  beforeAll(() => nock.disableNetConnect())
  afterAll(() => nock.enableNetConnect())
  beforeEach(() => {
    step = stepFiles()
    before()
  })
  afterEach(() => {
    nock.cleanAll()
    step?.done()
  })
  return () => {
    if (step === undefined) throw new Error('stepPerTest(): runner files are made for each test, in beforeEach')
    return step
  }
}

/** What a mode that uses a set takes: check only (no login, no image, no file). */
export const CHECK_ONLY: SetUse = {
  projectId: PROJECT,
  apiKey: KEY,
  apiUrl: API,
  requiredScopes: [API_SCOPE, ENGINE],
  login: false,
  logout: true,
  client: 'auto',
  images: [],
  dockerConfig: false
}

/** A set as the API lists it (or answers a create, with `secret`). */
export function apiSet(id: string, scopes: string[], extra: Record<string, string> = {}): object {
  const fields = {
    distribution_credentials_id: id,
    provider: 'quay',
    comment: '',
    scopes,
    created: '2026-11-30T16:00:00Z'
  }
  return { member: { member_id: id, email: 'a@example.com' }, distribution_credentials: { ...fields, ...extra } }
}
