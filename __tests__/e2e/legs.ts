// Steps of one or more jobs run against one Deepgram stand-in that keeps a
// project's sets (the live API's rules): matrix legs side by side, a rotation
// then its retire. Each step is dist/ run as the runner runs it, and checked
// against the invariants every step keeps, whatever the API did: nothing on
// stderr, no secret or key shown in part or whole, done within 90 s, and an
// ::error line exactly when it fails.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'vitest'
import { ActionRun, type StepResult } from '../support/runner.ts'
import { DeepgramStandIn, type ProjectOptions } from '../support/standin.ts'
import { dockerAuth, freshIds, lines, usernameOf, type Ids } from './harness.ts'

/** The runner's variables of one job: the legs of a matrix share every one of them. */
const RUN_ENV = {
  GITHUB_REPOSITORY_ID: '123456',
  GITHUB_REPOSITORY: 'acme/app',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_JOB: 'deploy'
}

/** The longest a step may take (the fuzz's bar). */
const STEP_LIMIT_MS = 90_000

export class Project {
  private constructor(
    readonly api: DeepgramStandIn,
    readonly ids: Ids,
    private readonly bin: string
  ) {}

  static async start(options: Omit<ProjectOptions, 'projectId' | 'apiKey'> = {}): Promise<Project> {
    const ids = freshIds()
    const api = await DeepgramStandIn.startProject({ ...options, projectId: ids.projectId, apiKey: ids.apiKey })
    return new Project(api, ids, mkdtempSync(join(tmpdir(), 'dg-nodocker-')))
  }

  /** A step's inputs: the project, no docker, no login; `extra` over them (undefined removes one). */
  inputs(extra: Record<string, string | undefined> = {}): Record<string, string> {
    const inputs: Record<string, string | undefined> = {
      'project-id': this.ids.projectId,
      'api-key': this.ids.apiKey,
      'api-url': this.api.url,
      'required-scopes': 'self-hosted:product:api, self-hosted:product:engine',
      login: 'false',
      ...extra
    }
    return Object.fromEntries(Object.entries(inputs).filter((e): e is [string, string] => e[1] !== undefined))
  }

  /** What no step may show: the key, and every secret the API handed out, with docker's form of it. */
  hidden(): string[] {
    return [
      this.ids.apiKey,
      ...this.api.created.flatMap(s => (s.secret ? [s.secret, dockerAuth(usernameOf(s.id), s.secret)] : []))
    ]
  }

  private readonly legs: Leg[] = []

  /** A leg (or a later step of a job) with its own runner files and `env` over RUN_ENV. */
  leg(inputs: Record<string, string>, env: Record<string, string> = {}): Leg {
    const leg = new Leg(inputs, { ...RUN_ENV, PATH: this.bin, ...env })
    this.legs.push(leg)
    return leg
  }

  async stop(): Promise<void> {
    for (const leg of this.legs) leg.cleanup()
    await this.api.stop()
    rmSync(this.bin, { recursive: true, force: true })
  }
}

/** One job's steps: its main step, then its post step with the state the main step saved. */
export class Leg {
  readonly runner = new ActionRun()
  main: StepResult | undefined
  post: StepResult | undefined

  constructor(
    readonly inputs: Record<string, string>,
    readonly env: Record<string, string>
  ) {}

  async runMain(): Promise<StepResult> {
    this.main = await this.runner.step({ inputs: this.inputs, env: this.env, timeoutMs: STEP_LIMIT_MS + 10_000 })
    return this.main
  }

  async runPost(): Promise<StepResult> {
    const state = this.main?.state ?? {}
    this.post = await this.runner.post({ inputs: this.inputs, env: this.env, state, timeoutMs: STEP_LIMIT_MS + 10_000 })
    return this.post
  }

  /** The set the main step made and handed on (its outputs name it), if any. */
  get setId(): string | undefined {
    return this.main?.outputs['credentials-id']
  }

  /** Every warning of both steps. */
  warnings(): string[] {
    return [this.main, this.post].flatMap(r => (r ? lines(r.stdout).filter(l => l.startsWith('::warning')) : []))
  }

  /** The main step's ::error line ('' when it passed). */
  get error(): string {
    return lines(this.main?.stdout ?? '').find(l => l.startsWith('::error')) ?? ''
  }

  cleanup(): void {
    this.runner.cleanup()
  }
}

/** Every 8-character piece of a value: none may show, not even a part of a secret. */
function pieces(value: string): string[] {
  const out: string[] = []
  for (let at = 0; at + 8 <= value.length; at++) out.push(value.slice(at, at + 8))
  return out
}

/** The invariants of one step, whatever the API did. `what` names it in a failure. */
export function checkStep(r: StepResult, hidden: readonly string[], what: string): { failed: boolean } {
  expect(r.stderr, `${what}: stderr`).toBe('')
  expect(r.code, `${what}: killed, not exited`).not.toBe(null)
  expect(r.ms, `${what}: took ${r.ms} ms`).toBeLessThan(STEP_LIMIT_MS)
  const all = lines(r.stdout)
  const masks = new Set(hidden.map(v => `::add-mask::${v}`))
  const parts = hidden.flatMap(pieces)
  for (const line of all) {
    if (masks.has(line)) continue
    const shown = parts.find(p => line.includes(p))
    expect(shown, `${what}: a log line shows part of a secret: ${line.slice(0, 200)}`).toBeUndefined()
    expect(line, `${what}: stack frame in the log`).not.toMatch(/^\s+at\s/)
    expect(line, `${what}: an error the action did not anticipate`).not.toContain('Unexpected failure')
  }
  const files = JSON.stringify({ outputs: r.outputs, state: r.state, env: r.env, summary: r.summary })
  expect(
    parts.find(p => files.includes(p)),
    `${what}: part of a secret in an output, the state or the summary`
  ).toBeUndefined()
  const errors = all.filter(l => l.startsWith('::error'))
  const failed = r.code !== 0
  expect(errors, `${what}: ::error lines (exit code ${r.code})`).toHaveLength(failed ? 1 : 0)
  return { failed }
}
