// scripts/release against a throwaway repository and a local bare "remote":
// it tags vX.Y.Z, moves the major tag, pushes both in one atomic push, and
// refuses what is not ready (HEAD other than the remote's main among it).
import { execFileSync, spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
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
const remoteTags = (): string[] =>
  execFileSync('git', ['tag', '--list'], { cwd: remote, env: ENV, encoding: 'utf8' }).split('\n').filter(Boolean)

/** A commit of a repository that is ready for `version` (its package script only builds dist/ as it is),
 * pushed as the remote's main unless `push` is false. */
function commitVersion(
  version: string,
  { changelog = `## [${version}]\n\n- What changed.`, push = true } = {}
): string {
  writeFileSync(
    join(work, 'package.json'),
    JSON.stringify({ name: 'x', version, scripts: { package: 'node -e "0"' } }, null, 2)
  )
  writeFileSync(join(work, 'CHANGELOG.md'), `# Changelog\n\n${changelog}\n`)
  git('add', '-A')
  git('commit', '-qm', `version ${version}`)
  if (push) git('push', '-q', 'origin', 'HEAD:main')
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
  execFileSync('git', ['init', '-q', '--bare', '--initial-branch=main', remote], { env: ENV })
  execFileSync('git', ['clone', '-q', remote, work], { env: ENV, stdio: 'ignore' })
  mkdirSync(join(work, 'scripts'))
  mkdirSync(join(work, 'dist'))
  writeFileSync(join(work, 'dist/index.js'), '// built\n')
  execFileSync('cp', [RELEASE, join(work, 'scripts/release')])
  execFileSync('cp', [join(ROOT, 'scripts/changelog.mjs'), join(work, 'scripts/changelog.mjs')])
})

afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('scripts/release', () => {
  it('tags vX.Y.Z, moves vX to it, and pushes both; the next release moves vX again', () => {
    const first = commitVersion('1.2.3')
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
    '1.2.3',
    'v1.2',
    'V1.2.3',
    'v1.2.3.4',
    'v1.2.3-rc.1',
    'v1.2.3 ',
    'v01.2.3',
    'v1.02.3',
    'v1.2.03',
    'v00.0.1',
    'v1.2.\u0663'
  ])('refuses the tag %j, and tags nothing', tag => {
    commitVersion('1.2.3')
    expect(release(tag)).toEqual({ code: 1, out: expect.stringContaining('is not a release tag like v1.2.3') })
    expect(git('tag', '--list')).toBe('')
  })

  it('accepts a 0 alone and numbers with zeros inside: v0.10.0', () => {
    commitVersion('0.10.0')
    expect(release('v0.10.0', '--dry-run')).toEqual({ code: 0, out: expect.stringContaining('would tag v0.10.0') })
  })

  it('refuses unless HEAD is the remote main: a commit not pushed, another branch, a main moved on since', () => {
    git('add', '-A')
    git('commit', '-qm', 'earlier')
    expect(release('v1.2.3').out).toContain('cannot fetch main and the tags from origin')
    git('push', '-q', 'origin', 'HEAD:main')
    commitVersion('1.2.3', { push: false })
    expect(release('v1.2.3')).toEqual({ code: 1, out: expect.stringContaining("HEAD is not origin's main") })
    git('push', '-q', 'origin', 'HEAD:feature')
    expect(release('v1.2.3')).toEqual({ code: 1, out: expect.stringContaining("HEAD is not origin's main") })

    // HEAD is main as this clone last saw it, but someone has pushed to main since.
    git('push', '-q', 'origin', 'HEAD:main')
    git('fetch', '-q', 'origin')
    const other = join(dir, 'other')
    execFileSync('git', ['clone', '-q', remote, other], { env: ENV, stdio: 'ignore' })
    execFileSync('git', ['commit', '-q', '--allow-empty', '-m', 'later'], { cwd: other, env: ENV })
    execFileSync('git', ['push', '-q', 'origin', 'HEAD:main'], { cwd: other, env: ENV })
    expect(release('v1.2.3')).toEqual({ code: 1, out: expect.stringContaining("HEAD is not origin's main") })
    expect(release('v1.2.3', '--dry-run').code).toBe(1)
    expect(remoteTags()).toEqual([])
    expect(git('tag', '--list')).toBe('')
  })

  it('pushes the tag and the moved major tag in one atomic push: a refused ref pushes neither', () => {
    const first = commitVersion('1.2.3')
    expect(release('v1.2.3').code).toBe(0)
    const second = commitVersion('1.2.4')
    // The remote refuses to move v1 (an update hook judges each ref on its own).
    const hook = join(remote, 'hooks/update')
    writeFileSync(hook, '#!/bin/sh\n[ "$1" != refs/tags/v1 ]\n')
    chmodSync(hook, 0o755)
    const r = release('v1.2.4')
    expect(r.code).toBe(1)
    expect(r.out).toContain('origin refused the push: neither v1.2.4 nor v1 was pushed')
    expect(remoteTags().sort()).toEqual(['v1', 'v1.2.3'])
    expect(remoteTag('v1')).toBe(first)
    // Nor does the clone keep tags the remote does not have: once the remote takes them, a second try works.
    expect(git('tag', '--list', 'v1.2.4')).toBe('')
    expect(git('rev-parse', 'v1^{commit}')).toBe(first)
    rmSync(hook)
    expect(release('v1.2.4').code).toBe(0)
    expect(remoteTag('v1.2.4')).toBe(second)
    expect(remoteTag('v1')).toBe(second)
  })

  it('releases a patch of an older major: moves that major only, newer than the last of that major', () => {
    const v142 = commitVersion('1.4.2')
    expect(release('v1.4.2').code).toBe(0)
    const v200 = commitVersion('2.0.0')
    expect(release('v2.0.0').code).toBe(0)

    const v143 = commitVersion('1.4.3')
    const r = release('v1.4.3')
    expect(r.out).toContain('v1.4.3 and v1 now point at')
    expect(r.code).toBe(0)
    expect(remoteTag('v1.4.3')).toBe(v143)
    expect(remoteTag('v1')).toBe(v143)
    expect(remoteTag('v2')).toBe(v200)
    expect(remoteTag('v1.4.2')).toBe(v142)

    commitVersion('1.4.1')
    expect(release('v1.4.1').out).toContain('v1.4.1 is not newer than the latest v1 release, v1.4.3')
    // A major that never had a release starts only above the latest one.
    commitVersion('0.9.0')
    expect(release('v0.9.0').out).toContain('v0.9.0 starts v0, older than the latest release, v2.0.0')
    expect(remoteTags().sort()).toEqual(['v1', 'v1.4.2', 'v1.4.3', 'v2', 'v2.0.0'])
  })

  it('refuses a version that package.json does not have', () => {
    commitVersion('1.2.3')
    expect(release('v1.2.4')).toEqual({ code: 1, out: expect.stringContaining('package.json says 1.2.3') })
  })

  it('refuses a version without a CHANGELOG section', () => {
    commitVersion('1.2.3', { changelog: '## [Unreleased]' })
    expect(release('v1.2.3')).toEqual({
      code: 1,
      out: expect.stringContaining("CHANGELOG.md has no '## [1.2.3]' section")
    })
  })

  it('refuses a version whose CHANGELOG section is empty: it becomes the release notes', () => {
    commitVersion('1.2.3', { changelog: '## [1.2.3]\n\n## [1.2.2]\n\n- Older.' })
    expect(release('v1.2.3')).toEqual({
      code: 1,
      out: expect.stringContaining("CHANGELOG.md's '## [1.2.3]' section is empty")
    })
    expect(git('tag', '--list')).toBe('')
  })

  it('refuses a dirty work tree, an existing tag and an older version', () => {
    commitVersion('1.2.3')
    writeFileSync(join(work, 'stray.txt'), 'x')
    expect(release('v1.2.3').out).toContain('uncommitted changes')
    rmSync(join(work, 'stray.txt'))

    expect(release('v1.2.3').code).toBe(0)
    expect(release('v1.2.3').out).toContain('v1.2.3 already exists')
    commitVersion('1.2.0')
    expect(release('v1.2.0').out).toContain('v1.2.0 is not newer than the latest v1 release, v1.2.3')
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
    git('push', '-q', 'origin', 'HEAD:main')
    expect(release('v1.2.3')).toEqual({ code: 1, out: expect.stringContaining('dist/ is out of date') })
    expect(git('tag', '--list')).toBe('')
  })
})
