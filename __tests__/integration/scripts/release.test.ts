// scripts/release against a throwaway repository and a local bare "remote":
// it tags vX.Y.Z, moves the major tag, pushes both, and refuses what is not ready.
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ROOT } from '../../support/tools.ts'

const RELEASE = join(ROOT, 'scripts/release')
const ENV = {
  PATH: process.env['PATH'],
  HOME: process.env['HOME'],
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1'
}

let dir = ''
let work = ''
let remote = ''

const git = (...args: string[]): string => execFileSync('git', args, { cwd: work, env: ENV, encoding: 'utf8' }).trim()
const remoteTag = (tag: string): string =>
  execFileSync('git', ['rev-parse', `${tag}^{commit}`], { cwd: remote, env: ENV, encoding: 'utf8' }).trim()

/** A commit of a repository that is ready for `version` (its package script only builds dist/ as it is). */
function commitVersion(version: string, changelog = `## [${version}]`): string {
  writeFileSync(
    join(work, 'package.json'),
    JSON.stringify({ name: 'x', version, scripts: { package: 'node -e "0"' } }, null, 2)
  )
  writeFileSync(join(work, 'CHANGELOG.md'), `# Changelog\n\n${changelog}\n`)
  git('add', '-A')
  git('commit', '-qm', `version ${version}`)
  return git('rev-parse', 'HEAD')
}

function release(...args: string[]): { code: number | null; out: string } {
  const r = spawnSync('bash', [join(work, 'scripts/release'), ...args], { cwd: work, env: ENV, encoding: 'utf8' })
  return { code: r.status, out: r.stdout + r.stderr }
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dg-release-'))
  remote = join(dir, 'remote.git')
  work = join(dir, 'work')
  execFileSync('git', ['init', '-q', '--bare', remote], { env: ENV })
  execFileSync('git', ['clone', '-q', remote, work], { env: ENV, stdio: 'ignore' })
  mkdirSync(join(work, 'scripts'))
  mkdirSync(join(work, 'dist'))
  writeFileSync(join(work, 'dist/index.js'), '// built\n')
  execFileSync('cp', [RELEASE, join(work, 'scripts/release')])
})

afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('scripts/release', () => {
  it('tags vX.Y.Z, moves vX to it, and pushes both; the next release moves vX again', () => {
    const first = commitVersion('1.2.3')
    git('push', '-q', 'origin', 'HEAD')
    const r = release('v1.2.3')
    expect(r.out).toContain('v1.2.3 and v1 now point at')
    expect(r.code).toBe(0)
    expect(remoteTag('v1.2.3')).toBe(first)
    expect(remoteTag('v1')).toBe(first)

    const second = commitVersion('1.3.0')
    expect(release('v1.3.0').code).toBe(0)
    expect(remoteTag('v1')).toBe(second)
    expect(remoteTag('v1.2.3')).toBe(first)
  })

  it('--dry-run checks and tags nothing', () => {
    commitVersion('2.0.0')
    const r = release('v2.0.0', '--dry-run')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/would tag v2\.0\.0 at [0-9a-f]{40}, move v2 to it/)
    expect(git('tag', '--list')).toBe('')
  })

  it.each([
    ['1.2.3', 'not a release tag like v1.2.3'],
    ['v1.2', 'not a release tag like v1.2.3']
  ])('refuses the tag %s', (tag, message) => {
    commitVersion('1.2.3')
    expect(release(tag)).toEqual({ code: 1, out: expect.stringContaining(message) })
  })

  it('refuses a version that package.json does not have', () => {
    commitVersion('1.2.3')
    expect(release('v1.2.4')).toEqual({ code: 1, out: expect.stringContaining('package.json says 1.2.3') })
  })

  it('refuses a version without a CHANGELOG section', () => {
    commitVersion('1.2.3', '## [Unreleased]')
    expect(release('v1.2.3')).toEqual({
      code: 1,
      out: expect.stringContaining("CHANGELOG.md has no '## [1.2.3]' section")
    })
  })

  it('refuses a dirty work tree, an existing tag and an older version', () => {
    commitVersion('1.2.3')
    writeFileSync(join(work, 'stray.txt'), 'x')
    expect(release('v1.2.3').out).toContain('uncommitted changes')
    rmSync(join(work, 'stray.txt'))

    expect(release('v1.2.3').code).toBe(0)
    expect(release('v1.2.3').out).toContain('v1.2.3 already exists')
    commitVersion('1.2.0')
    expect(release('v1.2.0').out).toContain('v1.2.0 is not newer than the latest release, v1.2.3')
  })

  it('refuses a dist/ that a fresh build changes', () => {
    commitVersion('1.2.3')
    const pkg = {
      name: 'x',
      version: '1.2.3',
      scripts: { package: "node -e \"require('fs').writeFileSync('dist/index.js', 'new')\"" }
    }
    writeFileSync(join(work, 'package.json'), JSON.stringify(pkg))
    git('commit', '-qam', 'build changes dist')
    expect(release('v1.2.3')).toEqual({ code: 1, out: expect.stringContaining('dist/ is out of date') })
    expect(git('tag', '--list')).toBe('')
  })
})
