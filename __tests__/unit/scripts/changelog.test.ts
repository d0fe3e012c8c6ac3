// scripts/changelog.mjs: the section of CHANGELOG.md a release publishes as its notes.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { changelogSection } from '../../../scripts/changelog.mjs'
import { ROOT } from '../../support/tools.ts'

const PAGE = `# Changelog

## [Unreleased]

- Next.

## [1.2.3] - 2026-12-01

### Fixed

- One.

## [1.2.2]

- Older.

[1.2.3]: https://example.com/compare/v1.2.2...v1.2.3
`

describe('the release notes: one version of CHANGELOG.md', () => {
  it('is the section under its heading, up to the next one, without the heading', () => {
    expect(changelogSection(PAGE, '1.2.3')).toBe('### Fixed\n\n- One.')
  })

  it('stops at the link definitions at the end', () => {
    expect(changelogSection(PAGE, '1.2.2')).toBe('- Older.')
  })

  it('is undefined for a version without a section, and never matches a prefix (1.2 is not 1.2.3)', () => {
    expect(changelogSection(PAGE, '1.2.4')).toBeUndefined()
    expect(changelogSection(PAGE, '1.2')).toBeUndefined()
    expect(changelogSection('## [1.2.30]\n\n- x\n', '1.2.3')).toBeUndefined()
  })

  it('is empty for an empty section (scripts/release refuses it)', () => {
    expect(changelogSection('## [1.0.1]\n\n## [1.0.0]\n- x\n', '1.0.1')).toBe('')
  })

  it("has this repository's first release", () => {
    expect(changelogSection(readFileSync(join(ROOT, 'CHANGELOG.md'), 'utf8'), '1.0.0')).toMatch(/^The first release\./)
  })
})
