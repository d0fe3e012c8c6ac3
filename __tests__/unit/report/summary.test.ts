import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CredentialSet } from '../../../src/deepgram/types.js'
import { imageRef } from '../../support/refs.ts'
import { imageLines } from '../../../src/registry/image-report.js'
import type { ImageRow } from '../../../src/registry/results.js'
import { checkScopes } from '../../../src/deepgram/scopes.js'
import { ActionError } from '../../../src/errors.js'
import { escapeHtml } from '../../../src/report/html.js'
import {
  renderSummary,
  writeEarlyFailureSummary,
  writePage,
  type SummaryOutcome,
  type Report
} from '../../../src/report/summary.js'
import { saveEnv, tempDir } from '../../support/helpers.js'

const writeSummary = (r: Report): Promise<void> => writePage(renderSummary(r))

const PROJECT = '123e4567-e89b-12d3-a456-426614174000'
const SET_ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'

function report(
  overrides: Partial<CredentialSet> = {},
  outcome: SummaryOutcome = 'logged-in',
  required?: string[]
): Report {
  const set: CredentialSet = {
    id: SET_ID,
    provider: 'quay',
    comment: 'Production pulls',
    scopes: ['self-hosted:product:api', 'onprem:product:engine'],
    created: '2023-06-28T20:01:41.642434Z',
    ...overrides
  }
  return {
    projectId: PROJECT,
    set,
    registry: 'quay.io',
    username: `deepgram+${SET_ID}`,
    check: checkScopes(set.scopes, required ?? ['self-hosted:product:api', 'self-hosted:product:engine']),
    outcome
  }
}

/** The table row whose first cell contains `label`, as its cells' inner HTML. */
function row(html: string, label: string): string[] {
  const rows = [...html.matchAll(/<tr>(.*?)<\/tr>/gs)].map(m =>
    [...m[1]!.matchAll(/<t[dh]>(.*?)<\/t[dh]>/gs)].map(c => c[1]!)
  )
  const found = rows.find(cells => cells[0]?.includes(label))
  if (!found) throw new Error(`no row for ${label} in ${html}`)
  return found
}

let dir: ReturnType<typeof tempDir>
let file: string
let restoreEnv: () => void

beforeAll(() => {
  dir = tempDir('dg-summary-')
  // @actions/core remembers the summary path once it has used it: one file for all tests.
  file = join(dir.path, 'step-summary.md')
})
afterAll(() => dir.remove())
beforeEach(() => {
  restoreEnv = saveEnv()
  writeFileSync(file, '')
  process.env['GITHUB_STEP_SUMMARY'] = file
})
afterEach(() => restoreEnv())

const read = (): string => readFileSync(file, 'utf8')

describe('writeSummary', () => {
  it('names project, credential ID, comment, provider, registry, username and created', async () => {
    await writeSummary(report())
    const html = read()
    // Last, folded: the set's fields are for a second look, not the first.
    expect(html).toMatch(
      new RegExp(
        `<details><summary>Credential set <code>${SET_ID}</code></summary>\\n<table>\\n[^]*</table>\\n</details>\\n$`
      )
    )
    expect(html.indexOf('<details>')).toBeGreaterThan(html.indexOf('Required scope'))
    expect(row(html, 'Project')[1]).toBe(`<code>${PROJECT}</code>`)
    expect(row(html, 'Credential ID')[1]).toBe(`<code>${SET_ID}</code>`)
    expect(row(html, 'Comment')[1]).toBe('Production pulls')
    expect(row(html, 'Provider')[1]).toBe('<code>quay</code>')
    expect(row(html, 'Registry')[1]).toBe('<code>quay.io</code>')
    expect(row(html, 'Username')[1]).toBe(`<code>deepgram+${SET_ID}</code>`)
    expect(row(html, 'Created')[1]).toBe('2023-06-28T20:01:41.642434Z')
  })

  it('lists each required scope with ✓ or ✗ and how it was granted', async () => {
    const required = [
      'self-hosted:product:api',
      'self-hosted:product:engine',
      'self-hosted:product:billing',
      'self-hosted:product:license-proxy'
    ]
    await writeSummary(
      report(
        { scopes: ['self-hosted:product:api', 'onprem:product:engine', 'onprem:products'] },
        'scope-check-failed',
        required
      )
    )
    const html = read()
    expect(row(html, '<code>self-hosted:product:api</code>')[1]).toBe('✓ granted')
    expect(row(html, '<code>self-hosted:product:engine</code>')[1]).toMatch(/^✓ .*legacy onprem:/)
    expect(row(html, '<code>self-hosted:product:billing</code>')[1]).toMatch(/^✓ .*onprem:products/)
    expect(row(html, '<code>self-hosted:product:license-proxy</code>')[1]).toMatch(/^✓/)
    await writeSummary(report({ scopes: ['self-hosted:product:api'] }, 'scope-check-failed'))
    const second = read().slice(html.length)
    expect(row(second, '<code>self-hosted:product:api</code>')[1]).toMatch(/^✓/)
    expect(row(second, '<code>self-hosted:product:engine</code>')[1]).toBe('✗ missing')
  })

  it('a required umbrella: lists the product scopes the set got for it', async () => {
    const live = ['self-hosted:product:api', 'onprem:product:api', 'self-hosted:product:billing']
    await writeSummary(report({ scopes: live }, 'checked', ['self-hosted:products']))
    expect(row(read(), '<code>self-hosted:products</code>')[1]).toBe(
      '✓ every product scope the API key can grant: <code>self-hosted:product:api</code>, <code>self-hosted:product:billing</code>'
    )
  })

  it('says the umbrella granted a product', async () => {
    await writeSummary(report({ scopes: ['self-hosted:products'] }))
    expect(row(read(), '<code>self-hosted:product:engine</code>')[1]).toBe('✓ granted by self-hosted:products')
  })

  it.each<[SummaryOutcome, string]>([
    ['logged-in', '<h3>✅ Logged in to quay.io</h3>'],
    ['checked', '<h3>✅ Checked without logging in (login: false)</h3>'],
    ['scope-check-failed', '<h3>❌ The credential set lacks self-hosted:product:engine; did not log in</h3>'],
    ['images-failed', '<h3>❌ 1 of 2 images would not pull from quay.io; did not log in</h3>'],
    ['config-failed', '<h3>❌ The docker config file could not be written; did not log in</h3>'],
    ['login-failed', '<h3>❌ The registry refused the login to quay.io</h3>'],
    ['login-error', '<h3>❌ The login to quay.io did not complete (not a refused secret: see the error)</h3>']
  ])('opens with the outcome %s: ✅ or ❌ and one line', async (outcome, line) => {
    const r = report(outcome === 'scope-check-failed' ? { scopes: ['self-hosted:product:api'] } : {}, outcome)
    await writeSummary({ ...r, imagesHeadline: '1 of 2 images would not pull from quay.io' })
    const html = read()
    expect(html.split('\n')[0]).toBe(line)
    expect(html.match(/<h3>/g)).toHaveLength(1)
  })

  it.each<SummaryOutcome>(['scope-check-failed', 'config-failed', 'login-failed', 'login-error'])(
    'after a failed step (%s), says what to do in the words of the error, right under the outcome',
    async outcome => {
      const error = new ActionError('Title', 'What went wrong: lower `required-scopes`.')
      await writeSummary({ ...report({}, outcome), error })
      expect(read().split('\n')[1]).toBe('<p>What went wrong: lower <code>required-scopes</code>.</p>')
    }
  )

  it('a failed image check says what to do per image, in its table, not once more above it', async () => {
    await writeSummary({ ...report({}, 'images-failed'), error: new ActionError('Images would not pull', 'a\n- b') })
    expect(read()).not.toContain('<p>')
  })

  it('an image check that failed as a whole (its error is the headline): says what to do, since no row does', async () => {
    const error = new ActionError('Registry credentials rejected', 'The registry refused the secret: check `secret`.')
    await writeSummary({ ...report({}, 'images-failed'), imagesHeadline: 'Registry credentials rejected', error })
    const page = read().split('\n')
    expect(page[0]).toBe('<h3>❌ Registry credentials rejected; did not log in</h3>')
    expect(page[1]).toBe('<p>The registry refused the secret: check <code>secret</code>.</p>')
  })

  it('a failure before the set was found: a page of its own, with what to fix', async () => {
    await writeEarlyFailureSummary(new ActionError('Credential set not found', 'Check `credentials-id`.'))
    expect(read()).toBe(
      '<h3>❌ Credential set not found; did not log in</h3>\n<p>Check <code>credentials-id</code>.</p>\n'
    )
  })

  it('with podman, says so', async () => {
    await writeSummary({ ...report({}, 'logged-in'), client: 'podman' })
    expect(read().split('\n')[0]).toBe('<h3>✅ Logged in to quay.io with podman</h3>')
  })

  it('escapes HTML in the comment and every other API-supplied field', async () => {
    await writeSummary(
      report({
        comment: '<script>alert("x")</script> & <img src=x onerror=alert(1)>',
        provider: '<b>quay</b>',
        created: '<i>2024</i>',
        id: `${SET_ID}"'<`
      })
    )
    const html = read()
    expect(html).not.toContain('<script>')
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<b>')
    expect(html).not.toContain('<i>')
    expect(row(html, 'Comment')[1]).toBe(
      '&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62; &#38; &#60;img src=x onerror=alert(1)&#62;'
    )
    expect(row(html, 'Provider')[1]).toBe('<code>&#60;b&#62;quay&#60;/b&#62;</code>')
    expect(row(html, 'Credential ID')[1]).toBe(`<code>${SET_ID}&#34;&#39;&#60;</code>`)
  })

  it('keeps server text inside the table whatever it holds: blank lines, Markdown, workflow commands', async () => {
    const hostile =
      'ok\n\n[click me](https://evil.example) ![img](https://evil.example/x.png)\r\n\r\n# Heading\n\n::error::x\u001b[31m\u202e'
    await writeSummary(report({ comment: hostile, created: `2024\n\n${hostile}`, provider: `quay\n\n${hostile}` }))
    const html = read()
    const table = html.slice(html.indexOf('<details>'), html.indexOf('</details>'))
    // Line breaks only between rows: server text cannot end the HTML block.
    for (const line of table.split('\n').slice(1, -1)) expect(line).toMatch(/^(?:<table>|<tr>.*<\/tr>|<\/table>)$/)
    expect(table).not.toMatch(/\r/)
    expect(html).not.toMatch(/\n\s*\n/)
    expect(html).not.toMatch(/^\s*(?:#|::|\[|!\[)/m)
    expect(html).not.toContain('\u001b')
    expect(html).not.toContain('\u202e')
    expect(row(html, 'Comment')[1]).toBe(
      'ok [click me](https://evil.example) ![img](https://evil.example/x.png) # Heading ::error::x'
    )
    expect(row(html, 'Created')[1]).toContain('2024 ok [click me]')
    // Every row is still there, in order, after the hostile ones.
    expect(row(html, 'Registry')[1]).toBe('<code>quay.io</code>')
    expect(row(html, 'Username')[1]).toBe(`<code>deepgram+${SET_ID}</code>`)
  })

  it('cuts a multi-megabyte comment in the summary', async () => {
    await writeSummary(report({ comment: `${'<'.repeat(10)}${'y'.repeat(3 * 1024 * 1024)}` }))
    const html = read()
    expect(html.length).toBeLessThan(10000)
    expect(row(html, 'Comment')[1]).toMatch(/^(?:&#60;){10}y+\.\.\.$/)
  })

  it('adds an images table: reference, result, digest or what went wrong (escaped)', async () => {
    const digest = `sha256:${'ab'.repeat(32)}`
    const rows: ImageRow[] = [
      { image: imageRef('quay.io/deepgram/self-hosted-api:release-1'), result: { kind: 'ok', digest } },
      { image: imageRef('deepgram/self-hosted-engine:release-1'), result: { kind: 'denied', status: 401 } },
      {
        image: imageRef('deepgram/self-hosted-api:x'),
        result: {
          kind: 'error',
          status: 400,
          attempts: 1,
          said: { code: 'X', message: '<img src=x onerror=alert(1)>' }
        }
      }
    ]
    const images = imageLines(rows, { registry: 'quay.io', scopes: ['self-hosted:product:api'] })
    await writeSummary({ ...report({}, 'images-failed'), images, imagesHeadline: '2 of 3 images would not pull' })
    const html = read()
    // Each reason once, in its row: no paragraph repeating the error.
    expect(html.match(/this credential set cannot pull/g)).toHaveLength(1)
    expect(html).not.toContain('<br>')
    expect(row(html, 'Image')).toEqual(['Image', 'Result', 'Digest, or what went wrong'])
    expect(row(html, 'self-hosted-api:release-1')).toEqual([
      '<code>quay.io/deepgram/self-hosted-api:release-1</code>',
      '✓ will pull',
      `<code>${digest}</code>`
    ])
    const denied = row(html, 'self-hosted-engine:release-1')
    expect(denied[1]).toBe('✗ no access')
    expect(denied[2]).toContain('this credential set cannot pull repository deepgram/self-hosted-engine on quay.io')
    expect(denied[2]).toContain('self-hosted:product:engine')
    expect(row(html, 'self-hosted-api:x')[2]).toContain('&#60;img src=x onerror=alert(1)&#62;')
    expect(html).not.toContain('<img')
  })

  it('has no images table without images', async () => {
    await writeSummary(report())
    expect(read()).not.toContain('Digest, or what went wrong')
  })

  it('shows (none) for an empty comment', async () => {
    await writeSummary(report({ comment: '' }))
    expect(row(read(), 'Comment')[1]).toBe('(none)')
  })

  it('appends, so an earlier step’s summary is kept', async () => {
    writeFileSync(file, 'earlier step\n')
    await writeSummary(report())
    const html = read()
    expect(html.startsWith('earlier step\n')).toBe(true)
    expect(html).toContain(SET_ID)
  })

  it('writes nothing and does not throw without GITHUB_STEP_SUMMARY', async () => {
    delete process.env['GITHUB_STEP_SUMMARY']
    await expect(writeSummary(report())).resolves.toBeUndefined()
    expect(read()).toBe('')
    process.env['GITHUB_STEP_SUMMARY'] = ''
    await expect(writeSummary(report())).resolves.toBeUndefined()
    expect(read()).toBe('')
  })
})

describe('escapeHtml', () => {
  it.each([
    ['plain', 'plain'],
    ['<a href="x">', '&#60;a href=&#34;x&#34;&#62;'],
    ["it's & done", 'it&#39;s &#38; done'],
    ['&#60;', '&#38;#60;']
  ])('%j -> %j', (text, expected) => {
    expect(escapeHtml(text)).toBe(expected)
  })
})
