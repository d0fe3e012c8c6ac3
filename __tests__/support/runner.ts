// Runs the committed dist/ entries the way GitHub's runner does: inputs as
// INPUT_* variables, fresh runner files; dist/main.js, then dist/post.js with STATE_*.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { DIST_MAIN, DIST_POST, NODE24 } from './tools.ts'

export interface StepResult {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  state: Record<string, string>
  env: Record<string, string>
  summary: string
  ms: number
}

/** INPUT_<NAME>: upper-cased, spaces to underscores, hyphens kept. */
export function inputVar(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

/** Reads a runner file-command file (GITHUB_OUTPUT, GITHUB_STATE, GITHUB_ENV). */
export function parseFileCommands(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string]
      const value: string[] = []
      for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '')
      out[name] = value.join('\n')
    } else if (line.includes('=')) {
      const at = line.indexOf('=')
      out[line.slice(0, at)] = line.slice(at + 1)
    }
  }
  return out
}

export interface RunOptions {
  inputs?: Record<string, string>
  /** Extra environment (PATH, DOCKER_CONFIG, ...). Nothing else leaks in from the test process but HOME, PATH and XDG_RUNTIME_DIR. */
  env?: Record<string, string>
  state?: Record<string, string>
  node?: string
  /** The file to run: dist/main.js unless said otherwise (post() runs dist/post.js). */
  entry?: string
  /** The working directory (the runner's is the workspace); this process's unless said otherwise. */
  cwd?: string
  timeoutMs?: number
}

export class ActionRun {
  readonly dir: string
  /** RUNNER_TEMP: one for every step run here, as a job's steps share theirs on a runner. */
  readonly temp: string

  constructor() {
    this.dir = mkdtempSync(join(tmpdir(), 'dg-runner-'))
    this.temp = mkdtempSync(join(this.dir, 'temp-'))
  }

  /** Runs the post step's entry (dist/post.js, or `entry`), as step() runs the main step's. */
  post(opts: RunOptions = {}): Promise<StepResult> {
    return this.step({ ...opts, entry: opts.entry ?? DIST_POST })
  }

  /** Runs one step's entry (dist/main.js unless `entry` says otherwise) in a fresh set of runner files. */
  async step(opts: RunOptions = {}): Promise<StepResult> {
    const stepDir = mkdtempSync(join(this.dir, 'step-'))
    const files = {
      GITHUB_OUTPUT: join(stepDir, 'output'),
      GITHUB_STATE: join(stepDir, 'state'),
      GITHUB_STEP_SUMMARY: join(stepDir, 'summary'),
      GITHUB_ENV: join(stepDir, 'env'),
      GITHUB_PATH: join(stepDir, 'path')
    }
    for (const f of Object.values(files)) writeFileSync(f, '')
    const env: Record<string, string> = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: process.env['HOME'] ?? '/tmp',
      // A runner's job has it; rootless podman keeps its runtime files and pause process there.
      ...(process.env['XDG_RUNTIME_DIR'] ? { XDG_RUNTIME_DIR: process.env['XDG_RUNTIME_DIR'] } : {}),
      GITHUB_ACTIONS: 'true',
      RUNNER_TEMP: this.temp,
      ...files,
      ...opts.env
    }
    for (const [name, value] of Object.entries(opts.inputs ?? {})) env[inputVar(name)] = value
    for (const [name, value] of Object.entries(opts.state ?? {})) env[`STATE_${name}`] = value
    const started = Date.now()
    const child = spawn(opts.node ?? NODE24, [opts.entry ?? DIST_MAIN], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(opts.cwd === undefined ? {} : { cwd: opts.cwd })
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120000)
    const code = await new Promise<number | null>(resolve => child.on('close', c => resolve(c)))
    clearTimeout(timer)
    const read = (f: string): string => readFileSync(f, 'utf8')
    return {
      code,
      stdout,
      stderr,
      outputs: parseFileCommands(read(files.GITHUB_OUTPUT)),
      state: parseFileCommands(read(files.GITHUB_STATE)),
      env: parseFileCommands(read(files.GITHUB_ENV)),
      summary: read(files.GITHUB_STEP_SUMMARY),
      ms: Date.now() - started
    }
  }

  /** The main step, then the post step with the state the main step saved (with `entry`, the
   * post.js beside it). */
  async mainAndPost(opts: RunOptions = {}): Promise<{ main: StepResult; post: StepResult }> {
    const main = await this.step(opts)
    const entry = opts.entry === undefined ? DIST_POST : join(dirname(opts.entry), 'post.js')
    const post = await this.post({ ...opts, entry, state: main.state })
    return { main, post }
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}
