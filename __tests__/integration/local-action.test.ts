// `npm run local-action`, as a contributor runs it: @github/local-action runs src/main-step.ts
// with its own stand-in for @actions/core, the inputs read from a .env file, against the
// Deepgram stand-in on loopback. A failing check must print its ::error line and end there:
// no TypeError from the stub, no stack trace, and the job summary still written.
import { spawn } from 'node:child_process'
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DeepgramStandIn } from '../support/standin.ts'
import { tempDir } from '../support/helpers.js'
import { finished } from '../support/spawned.ts'
import { ROOT } from '../support/tools.ts'

const API = 'self-hosted:product:api'
const ENGINE = 'self-hosted:product:engine'
const PROJECT = randomUUID()
const KEY = `la${randomBytes(16).toString('hex')}`
const GOOD = randomUUID()
const THIN = randomUUID()

let dir: ReturnType<typeof tempDir>
let api: DeepgramStandIn

beforeAll(async () => {
  dir = tempDir('dg-local-action-')
  api = await DeepgramStandIn.startProject({
    projectId: PROJECT,
    apiKey: KEY,
    sets: [
      { id: GOOD, scopes: [API, ENGINE], comment: 'local-action' },
      { id: THIN, scopes: [API], comment: 'no engine' }
    ]
  })
})
afterAll(async () => {
  await api.stop()
  dir.remove()
})

interface LocalRun {
  code: number | null
  out: string
  summary: string
}

/** `npm run local-action -- <file>` with these INPUT_* lines in a .env-style file. */
async function localAction(inputs: Record<string, string>): Promise<LocalRun> {
  const run = mkdtempSync(join(dir.path, 'run-'))
  const envFile = join(run, '.env')
  const lines = Object.entries({ 'project-id': PROJECT, 'api-key': KEY, 'api-url': api.url, login: 'false', ...inputs })
  writeFileSync(envFile, lines.map(([k, v]) => `INPUT_${k.toUpperCase()}=${v}\n`).join(''), { mode: 0o600 })
  const summary = join(run, 'summary.md')
  writeFileSync(summary, '')
  // Only what a shell has: no GITHUB_ACTIONS, no runner files but the summary. Where node_modules
  // is a link to another checkout's (a git worktree), local-action stubs @actions/core only when
  // Node keeps that link in module paths.
  const env = {
    PATH: process.env['PATH'] ?? '',
    HOME: process.env['HOME'] ?? run,
    GITHUB_STEP_SUMMARY: summary,
    NODE_PRESERVE_SYMLINKS: '1'
  }
  const child = spawn('npm', ['run', '--silent', 'local-action', '--', envFile], { cwd: ROOT, env })
  const { code, out } = await finished(child, 90000)
  return { code, out, summary: readFileSync(summary, 'utf8') }
}

function expectNoCrash(r: LocalRun): void {
  expect(r.out).not.toContain('TypeError')
  // A stack trace, ours or local-action's answer to a non-zero exit code.
  expect(r.out).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m)
  expect(r.out).not.toContain('Command failed')
  expect(r.code).toBe(0)
}

const errorLines = (r: LocalRun): string[] => r.out.split('\n').filter(l => l.startsWith('::error '))

describe('npm run local-action', { timeout: 120000 }, () => {
  it('an unknown set: prints the ::error line and no stack trace; the summary says what to fix', async () => {
    const r = await localAction({ 'credentials-id': randomUUID() })
    expect(errorLines(r)).toHaveLength(1)
    expect(errorLines(r)[0]).toMatch(/^::error title=Credential set not found::No distribution credential set with ID /)
    expectNoCrash(r)
    expect(r.summary.split('\n')[0]).toBe('<h3>❌ Credential set not found; did not log in</h3>')
    expect(r.summary).toContain('<code>credentials-id</code>')
    expect(r.out).not.toContain(KEY)
  })

  it('a set short of a scope: the ::error line, no stack trace; the summary says what to do', async () => {
    const r = await localAction({ 'credentials-id': THIN })
    expect(errorLines(r)).toHaveLength(1)
    expect(errorLines(r)[0]).toMatch(/^::error title=Credential set lacks required scopes::/)
    expectNoCrash(r)
    // login: false: the headline does not say it did not log in, which it never meant to.
    expect(r.summary).toMatch(/^<h3>❌ The credential set lacks self-hosted:product:engine<\/h3>\n<p>/)
    expect(r.summary).toContain('lower <code>required-scopes</code>')
  })

  it('ephemeral: true warns that no post step will delete the set, and says how to delete it', async () => {
    const r = await localAction({ ephemeral: 'true' })
    expect(errorLines(r)).toEqual([])
    expectNoCrash(r)
    const made = api.created.at(-1)?.id
    expect(made).toBeDefined()
    // Nothing deleted it: the warning is true.
    expect(api.sets.has(made ?? '')).toBe(true)
    const warning = r.out.split('\n').find(l => l.startsWith('::warning title=Credential set left behind'))
    expect(warning).toBeDefined()
    expect(warning).toContain(`credential set ${made}`)
    expect(warning).toContain(
      `curl -X DELETE -H "Authorization: Token $DEEPGRAM_API_KEY" ${api.url}/v1/projects/${PROJECT}/self-hosted/distribution/credentials/${made}`
    )
    expect(r.out).not.toContain(KEY)
  })
})
