// End-to-end: the main and the post step are two entries (action.yml's runs.main
// and runs.post), so nothing in a step's environment can make the main step run
// as the post step. One entry read STATE_isPost and, with it set, ran the post
// step: a main step given STATE_isPost=true checked nothing and passed.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { installHint, missingTools, ROOT } from '../support/tools.ts'
import { withFixture } from './harness.ts'

const missing = missingTools()
const skip = missing.length > 0 && !process.env['CI']
if (skip) console.warn(`End-to-end suite skipped: ${installHint(missing)}`)

test('action.yml runs two different files as the main and the post step, both built', () => {
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { runs: { main: string; post: string } }
  expect(action.runs.main).toBe('dist/main.js')
  expect(action.runs.post).toBe('dist/post.js')
  for (const entry of [action.runs.main, action.runs.post]) expect(existsSync(join(ROOT, entry)), entry).toBe(true)
})

describe.skipIf(missing.length > 0)('the main entry', () => {
  test('with STATE_isPost=true in its environment, still checks: a wrong API key fails', async () => {
    const body = { err_code: 'INVALID_AUTH', err_msg: 'Invalid credentials.', request_id: 'req-1' }
    await withFixture({ script: [{ status: 401, body }] }, async f => {
      // As if a workflow (or an earlier step's GITHUB_ENV) had set it for every step.
      const r = await f.run({ outcome: 'fail', env: { STATE_isPost: 'true' } })
      f.expectListRequests(r.requests, 1)
      expect(r.main.code).toBe(1)
      expect(r.error).toMatch(/^::error title=Deepgram API key rejected::/)
      expect(r.log).not.toContain('Not logged in by this action: nothing to log out.')
      f.expectNoLogin(r)
    })
  })
})
