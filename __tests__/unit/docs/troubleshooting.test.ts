// docs/troubleshooting.md keeps a row for every error and warning the action can
// print. The titles are read from the sources wherever a failure is decided
// (`new ActionError('…'`, its subclasses, a Notice's `title: '…'`, or a constant
// either names), not from a list of files, so sentences may move between files
// without this test changing. Each table row, in turn, must quote a title the
// sources have (or be marked a log line, or a warning with no title): no row for
// a message that is gone.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ROOT } from '../../support/tools.ts'

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') ? [readFileSync(path, 'utf8')] : []
  })
}

const STRING = String.raw`'((?:[^'\\]|\\.)+)'|"((?:[^"\\]|\\.)+)"|` + '`([^`$]+)`'
/** Where a title is given: an error's first argument, or a notice's `title:` (up to `,` `;` `}` or a line end). */
const TITLE_SITES = [/new (?:ActionError|LoginError|CredentialsRefused)\(\s*([^,)]+)/g, /\btitle:\s*([^,;}\n]+)/g]
const CONSTANT = new RegExp(String.raw`\bconst ([A-Z][A-Z0-9_]*)(?::\s*string)?\s*=\s*(?:${STRING})`, 'g')
const INPUT_ERROR = /new InputError\(\s*'([a-z-]+)'/g

/** Every title the action can print an error or a warning with, and the title expressions it
 * could not read (a form this test does not know yet: teach it, rather than miss a title). A
 * lower-case name (`title`, `error.title`) hands on a title given elsewhere: not a new one. */
function titlesIn(texts: readonly string[]): { titles: Set<string>; unread: string[] } {
  const constants = new Map<string, string>()
  for (const text of texts) {
    for (const m of text.matchAll(CONSTANT)) constants.set(m[1] ?? '', m[2] ?? m[3] ?? m[4] ?? '')
  }
  const titles = new Set<string>()
  const unread: string[] = []
  for (const text of texts) {
    for (const site of TITLE_SITES) {
      for (const m of text.matchAll(site)) {
        const expression = (m[1] ?? '').trim()
        const literal = new RegExp(`^(?:${STRING})$`).exec(expression)
        const title = literal ? (literal[1] ?? literal[2] ?? literal[3]) : constants.get(expression)
        if (title !== undefined) titles.add(title)
        else if (!/^[a-z][\w.]*$/.test(expression) && expression !== 'string') unread.push(expression)
      }
    }
    for (const m of text.matchAll(INPUT_ERROR)) titles.add(`Invalid input ${m[1]}`)
  }
  return { titles, unread }
}

interface Row {
  line: number
  cell: string
}

/** The first cell of every table row of the page (not its header or rule). */
function tableRows(markdown: string): Row[] {
  const rows: Row[] = []
  let header = false
  markdown.split('\n').forEach((text, i) => {
    if (!text.startsWith('|')) {
      header = false
      return
    }
    const cell = (text.split(/(?<!\\)\|/)[1] ?? '').trim()
    if (/^-+$/.test(cell)) return
    if (!header) {
      header = true
      return
    }
    rows.push({ line: i + 1, cell })
  })
  return rows
}

/** A row quotes `title` when one of its code spans starts with it, then ends or goes on with `:`. */
const quotes = (cell: string, title: string): boolean =>
  [...cell.matchAll(/`([^`]+)`/g)].some(m => {
    const span = m[1] ?? ''
    return span === title || span.startsWith(`${title}:`) || span.startsWith(`${title} `)
  })

const page = readFileSync(join(ROOT, 'docs/troubleshooting.md'), 'utf8')
const rows = tableRows(page)
const { titles, unread } = titlesIn(sources(join(ROOT, 'src')))

describe('docs/troubleshooting.md and the messages of src/', () => {
  it('finds the titles wherever they are written (a literal, a constant, a notice)', () => {
    const { titles: found, unread: none } = titlesIn([
      "const DENIED = 'Access denied'\nthrow new ActionError(DENIED, 'x')",
      "return new LoginError(\n  'Registry login failed', m, 'other')",
      "warn({ title: 'Old sets not swept', message })",
      "new InputError('api-url', 'must use https')"
    ])
    expect([...found].sort()).toEqual(
      ['Access denied', 'Invalid input api-url', 'Old sets not swept', 'Registry login failed'].sort()
    )
    expect(none).toEqual([])
    // A form it cannot read is reported, not skipped: a title there would go unchecked.
    expect(titlesIn(['throw new ActionError(TITLES.gone, m)', 'warn({ title: pick(x), message })']).unread).toEqual([
      'TITLES.gone',
      'pick(x)'
    ])
    // A title handed on (`error.title`, `title`) is no new title.
    expect(titlesIn(['new ActionError(error.title, m)', 'new LoginError(title, m, k)']).unread).toEqual([])
    // The sources hold dozens, among them rotate's and retire's, and no title this test cannot read.
    expect(unread).toEqual([])
    expect(titles.size).toBeGreaterThan(40)
    expect(titles).toContain('Rotation not fully retired')
    expect(titles).toContain('Credential set not retired')
  })

  it('has a row for every title the action can print', () => {
    const missing = [...titles].filter(
      title =>
        !rows.some(r => quotes(r.cell, title)) &&
        // One row covers every input's "is required" and "single line" errors.
        !(title.startsWith('Invalid input ') && rows.some(r => quotes(r.cell, 'Invalid input <name>')))
    )
    expect(missing).toEqual([])
  })

  it("quotes in each row's first cell a title the sources have, or marks it a log line", () => {
    const known = (cell: string): boolean =>
      /\((?:log line|[^)]*no title)\)/.test(cell) ||
      [...titles].some(t => quotes(cell, t)) ||
      /^`Invalid input [\w<>-]+/.test(cell) ||
      quotes(cell, 'Unexpected failure')
    const stale = rows.filter(r => !known(r.cell)).map(r => `${r.line}: ${r.cell}`)
    expect(stale).toEqual([])
  })

  it('covers rotate and retire in a section of their own', () => {
    const section = page.split(/^## /m).find(s => /^.*\b(rotat|retir)/i.test(s.split('\n')[0] ?? ''))
    expect(section).toBeDefined()
    for (const title of [
      'Set to keep not found',
      'Set to keep is not of this rotation',
      'Rotation not fully retired'
    ]) {
      expect(tableRows(section ?? '').some(r => quotes(r.cell, title))).toBe(true)
    }
  })
})
