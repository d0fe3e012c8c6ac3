// runBounded with real processes: shell scripts that sleep, fork children,
// read stdin and record their environment.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runBounded, withoutInputs } from '../../../src/docker/run-bounded.js'
import { tempDir } from '../../support/helpers.js'

let dir: ReturnType<typeof tempDir>
beforeEach(() => {
  dir = tempDir('dg-bounded-')
})
afterEach(() => dir.remove())

function script(name: string, body: string): string {
  const file = join(dir.path, name)
  writeFileSync(file, `#!/bin/sh\n${body}\n`)
  chmodSync(file, 0o755)
  return file
}

/** True while a process with this pid exists (signal 0 only checks). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function waitUntil(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (check()) return true
    await new Promise(r => setTimeout(r, 50))
  }
  return check()
}

describe('withoutInputs', () => {
  it('drops every INPUT_ variable (any case) and keeps everything else', () => {
    const kept = {
      PATH: '/bin',
      HOME: '/root',
      DOCKER_CONFIG: '/d',
      DOCKER_HOST: 'tcp://127.0.0.1:2375',
      HTTPS_PROXY: 'http://127.0.0.1:3128',
      no_proxy: 'localhost',
      REGISTRY_AUTH_FILE: '/a.json',
      XDG_RUNTIME_DIR: '/run/user/0',
      MY_INPUT_NOTE: 'kept'
    }
    const env = withoutInputs({ ...kept, 'INPUT_API-KEY': 'k', INPUT_SECRET: 's', input_lower: 'x', UNSET: undefined })
    expect(env).toEqual(kept)
  })
})

describe('runBounded', () => {
  it('returns exit code and output, gives stdin to the process, and hands it exactly the env given', async () => {
    const envLog = join(dir.path, 'env.log')
    const file = script('echoer', `env > '${envLog}'\nread line\necho "got:$line"\necho "to stderr" >&2\nexit 3`)
    const r = await runBounded(file, [], {
      timeoutMs: 10000,
      input: Buffer.from('the-input\n'),
      env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ONLY_THIS: 'yes' }
    })
    expect(r).toEqual({ exitCode: 3, stdout: 'got:the-input\n', stderr: 'to stderr\n', timedOut: false })
    const names = readFileSync(envLog, 'utf8')
      .split('\n')
      .map(l => l.split('=')[0])
    expect(names).toContain('ONLY_THIS')
    expect(names.filter(n => n?.startsWith('INPUT_'))).toEqual([])
  })

  it('ends a hung process and the children it started when the deadline passes', async () => {
    const pids = join(dir.path, 'pids')
    // The "client" starts a child (a helper) that sleeps too, then waits on it.
    const file = script('hang', `sleep 300 &\necho "$$ $!" > '${pids}'\nwait`)
    const started = Date.now()
    const r = await runBounded(file, [], { timeoutMs: 700, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' } })
    const took = Date.now() - started
    expect(r.timedOut).toBe(true)
    expect(r.exitCode).toBe(null)
    expect(took).toBeGreaterThanOrEqual(650)
    expect(took).toBeLessThan(5000)
    const [parent, child] = readFileSync(pids, 'utf8').trim().split(' ').map(Number)
    expect(await waitUntil(() => !alive(parent!) && !alive(child!), 4000)).toBe(true)
  })

  it('ends a child that ignores SIGTERM with SIGKILL', async () => {
    const pidFile = join(dir.path, 'pid')
    const file = script(
      'stubborn',
      `trap '' TERM\nsh -c "trap '' TERM; echo \\$\\$ > '${pidFile}'; while :; do sleep 1; done" &\nwait`
    )
    const r = await runBounded(file, [], { timeoutMs: 500, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' } })
    expect(r.timedOut).toBe(true)
    expect(await waitUntil(() => existsSync(pidFile), 2000)).toBe(true)
    const pid = Number(readFileSync(pidFile, 'utf8').trim())
    expect(await waitUntil(() => !alive(pid), 6000)).toBe(true)
  })

  it('returns soon after the process exits even when a grandchild keeps its output open', async () => {
    const file = script('forks', 'sleep 30 &\necho done\nexit 0')
    const started = Date.now()
    const r = await runBounded(file, [], { timeoutMs: 20000, env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin' } })
    expect(r.exitCode).toBe(0)
    expect(r.timedOut).toBe(false)
    expect(r.stdout).toBe('done\n')
    expect(Date.now() - started).toBeLessThan(6000)
  })

  it('rejects when the program cannot be run', async () => {
    await expect(runBounded(join(dir.path, 'missing'), [], { timeoutMs: 1000, env: {} })).rejects.toThrow(/ENOENT/)
  })
})
