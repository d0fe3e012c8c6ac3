// The guard of no-io.ts: a unit test that reaches for a process or a socket fails.
import { spawnSync } from 'node:child_process'
import { createServer } from 'node:http'
import { describe, expect, it } from 'vitest'
import { handles } from './no-io.ts'

describe('unit tests are pure', () => {
  it('refuses to start a process', () => {
    expect(() => spawnSync('true')).toThrow(/not allowed/)
  })

  it('refuses to listen', () => {
    expect(() => createServer().listen(0, '127.0.0.1')).toThrow(/not allowed/)
  })

  it('refuses to connect: every socket handle is guarded', () => {
    expect(handles).toHaveLength(3)
    for (const handle of handles) {
      const connect = handle.prototype['connect'] ?? handle.prototype['send']
      expect(() => (connect as () => void)()).toThrow(/not allowed/)
    }
  })
})
