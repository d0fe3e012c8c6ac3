import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { ACTION_NAME, ACTION_VERSION, USER_AGENT } from '../../src/version.js'

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  name: string
  version: string
}

describe('version', () => {
  it("ACTION_VERSION equals package.json's version", () => {
    expect(ACTION_VERSION).toBe(pkg.version)
  })

  it("ACTION_NAME equals package.json's name", () => {
    expect(ACTION_NAME).toBe(pkg.name)
  })

  it('the User-Agent is name/version', () => {
    expect(USER_AGENT).toBe(`${pkg.name}/${pkg.version}`)
  })
})
