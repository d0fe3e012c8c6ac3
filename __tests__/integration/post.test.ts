// The post entry (dist/post.js, action.yml's runs.post), run as the runner runs it: it runs the
// post step only, and a record of the set to clean up that names no set deletes nothing, with a
// warning, and passes.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { NODE24, ROOT } from '../support/tools.ts'

describe('dist/post.js', () => {
  it('runs the post step: nothing to log out, a record of no known shape deletes nothing', () => {
    const env = {
      PATH: process.env['PATH'] ?? '',
      'INPUT_PROJECT-ID': '123e4567-e89b-12d3-a456-426614174000',
      'INPUT_API-KEY': 'dg-test-key-0123456789abcdef',
      // Nothing listens there: a request would fail, not pass unseen.
      'INPUT_API-URL': 'http://127.0.0.1:9',
      STATE_setToCleanUp: JSON.stringify({ kind: 'job-set', id: '../../keys' })
    }
    const result = spawnSync(NODE24, [join(ROOT, 'dist/post.js')], { env, encoding: 'utf8', timeout: 20000 })
    expect(result.status).toBe(0)
    expect(result.stdout).toContain('Not logged in by this action: nothing to log out.')
    expect(result.stdout).toMatch(
      /::warning title=Credential set not deleted::The saved state names .* nothing was deleted\./
    )
  })
})
