// The local run as CONTRIBUTING.md shows it to a new user: `npm run services` writes an
// env file, then `npm run local-action -- <file>` runs the main step on it, with inputs
// given on the command line winning over the file. docs/kubernetes.md's rotation (rotate
// with images and `release: latest`, twice, then retire) passes against the services, and
// a wrong key given on the command line fails.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { RELEASES } from '../../scripts/ci-services.ts'
import { finished } from '../support/spawned.ts'
import { ROOT, missingTools } from '../support/tools.ts'

const missing = missingTools()

interface Run {
  code: number | null
  out: string
  outputs: Record<string, string>
}

/** `::set-output name=<name>::<value>` lines (a value may go on over several lines). */
function outputsOf(out: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  for (const m of out.matchAll(/^::set-output name=([\w-]+)::([\s\S]*?)(?=\n::|\n\n|\n=+\n|$)/gm)) {
    outputs[m[1] ?? ''] = m[2] ?? ''
  }
  return outputs
}

describe.skipIf(missing.length > 0)('the local run, as a new user follows CONTRIBUTING.md', { timeout: 180000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-local-run-'))
  const envFile = join(dir, '.env.services')
  let pid = 0

  /** `npm run <args>` from a shell: PATH and HOME, and what the command line sets. */
  async function npm(args: string[], vars: Record<string, string> = {}): Promise<Run> {
    const env = {
      PATH: process.env['PATH'] ?? '',
      HOME: process.env['HOME'] ?? dir,
      DG_SERVICES_LOG: join(dir, 'services.log'),
      // Where node_modules is a link to another checkout's (a git worktree), local-action
      // stubs @actions/core only when Node keeps that link in module paths.
      NODE_PRESERVE_SYMLINKS: '1',
      ...vars
    }
    const child = spawn('npm', ['run', '--silent', ...args], { cwd: ROOT, env })
    // No terminal, as in CI.
    child.stdin.end()
    const { code, out } = await finished(child, 120000)
    return { code, out, outputs: outputsOf(out) }
  }

  const errors = (r: Run): string[] => r.out.split('\n').filter(l => l.startsWith('::error'))

  beforeAll(async () => {
    const r = await npm(['services', '--', 'start', '--dotenv', envFile])
    expect(r.code).toBe(0)
    pid = Number(/kill (\d+)/.exec(r.out)?.[1] ?? 0)
    expect(r.out).toContain(`Log: ${join(dir, 'services.log')}`)
  })

  afterAll(() => {
    if (pid > 0) process.kill(pid, 'SIGTERM')
    rmSync(dir, { recursive: true, force: true })
  })

  test('the env file the services wrote checks the set', async () => {
    const r = await npm(['local-action', '--', envFile])
    expect(errors(r)).toEqual([])
    expect(r.code).toBe(0)
    expect(r.outputs['scopes']).toBe('self-hosted:product:api,self-hosted:product:engine')
  })

  test('a wrong key on the command line wins over the file, and fails', async () => {
    const r = await npm(['local-action', '--', envFile], { INPUT_API_KEY: 'not-the-key-0123456789' })
    expect(errors(r)).toHaveLength(1)
    expect(errors(r)[0]).toMatch(/^::error title=Deepgram API key rejected::/)
    expect(r.out).not.toContain('not-the-key-0123456789')
  })

  test("the runner's spelling on the command line (env 'INPUT_API-KEY=…', which sh drops) wins too", async () => {
    const r = await npm(['local-action', '--', envFile], { 'INPUT_API-KEY': 'not-the-key-0123456789' })
    expect(errors(r)).toHaveLength(1)
    expect(errors(r)[0]).toMatch(/^::error title=Deepgram API key rejected::/)
  })

  test('a misspelt input on the command line is refused, not ignored', async () => {
    const r = await npm(['local-action', '--', envFile], { INPUT_CREDENTIAL_ID: 'x' })
    expect(r.code).toBe(2)
    expect(r.out).toContain('INPUT_CREDENTIAL_ID names no input of action.yml')
  })

  test("docs/kubernetes.md's rotation: rotate with images twice, then retire keeps the last set only", async () => {
    const rotate = {
      INPUT_CREDENTIALS_ID: '',
      INPUT_SECRET: '',
      INPUT_ROTATE: 'prod-us',
      INPUT_RELEASE: 'latest',
      INPUT_DOCKER_CONFIG: 'true',
      INPUT_IMAGES: 'deepgram/self-hosted-api, deepgram/self-hosted-engine'
    }
    const made: string[] = []
    for (let i = 0; i < 2; i++) {
      const r = await npm(['local-action', '--', envFile], rotate)
      expect(errors(r)).toEqual([])
      expect(r.outputs['release']).toBe(RELEASES.at(-1))
      expect(r.outputs['docker-config']).toMatch(/config\.json$/)
      made.push(r.outputs['credentials-id'] ?? '')
    }
    expect(made[0]).not.toBe(made[1])
    const keep = made[1] ?? ''
    const r = await npm(['local-action', '--', envFile], {
      INPUT_CREDENTIALS_ID: keep,
      INPUT_SECRET: '',
      INPUT_RETIRE: 'prod-us'
    })
    expect(errors(r)).toEqual([])
    expect(r.out).toContain(`Keeping credential set ${keep} of rotation prod-us`)
    expect(r.out).toContain(`Deleted credential set ${made[0]} of rotation prod-us`)
    expect(r.outputs['retired']?.split('\n')).toEqual([made[0]])
    // The file is the user's still: the command line changed nothing in it.
    expect(readFileSync(envFile, 'utf8')).not.toContain('prod-us')
  })
})
