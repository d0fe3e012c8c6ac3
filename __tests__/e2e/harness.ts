// One end-to-end scenario: fresh IDs and secrets, a scripted Deepgram
// stand-in, a real registry and a recording docker wrapper (or no docker at
// all), the built action run as main then post, and the invariants that
// every step of every scenario must keep.
import { randomBytes, randomUUID } from 'node:crypto'
import { expect, test } from 'vitest'
import { DockerSpy, emptyBinDir, type DockerConfig } from '../support/dockerspy.ts'
import { QuayTags, type QuayTagsOptions } from '../support/quay-tags.ts'
import { RegistryFront, type FrontRequest, type FrontRule } from '../support/front.ts'
import { LocalRegistry } from '../support/registry.ts'
import { TokenRegistry, type Catalogue } from '../support/token-registry.ts'
import type { TokenRequest } from '../support/token-server.ts'
import { ActionRun, type StepResult } from '../support/runner.ts'
import { installHint, missingTools } from '../support/tools.ts'
import { DeepgramStandIn, type ProjectOptions, type Received, type Reply, type StoredSet } from '../support/standin.ts'

export interface Ids {
  projectId: string
  credentialsId: string
  secret: string
  apiKey: string
}

/** Fresh random IDs, secret and key for one scenario. */
export function freshIds(): Ids {
  return {
    projectId: randomUUID(),
    credentialsId: randomUUID(),
    secret: `sec${randomBytes(20).toString('hex')}`,
    apiKey: `key${randomBytes(20).toString('hex')}`
  }
}

export function usernameOf(credentialsId: string): string {
  return `deepgram+${credentialsId.toLowerCase()}`
}

export function dockerAuth(username: string, secret: string): string {
  return Buffer.from(`${username}:${secret}`).toString('base64')
}

export function lines(text: string): string[] {
  return text.split(/\r?\n/).filter(l => l !== '')
}

/** What a step is expected to do, for the invariants. */
type Outcome = 'pass' | 'fail' | 'login-refused'

export interface InvariantContext {
  step: 'main' | 'post'
  /** The inputs as given to the step ('' when not given). */
  secret: string
  apiKey: string
  credentialsId: string
  /** The docker (or podman) invocations made during this step. */
  argv: string[][]
  /** The environment each of those invocations was given. */
  envs: Record<string, string>[]
  outcome: Outcome
  /** Registry tokens issued for the set during the run: as secret as the secret. */
  tokens?: string[]
  /** Those issued to the action itself, which it must have masked. */
  actionTokens?: string[]
  /** Secrets learnt mid-run (a set made for the job): hidden like the inputs, masked by the main
   * step as soon as it has them, so their ::add-mask:: lines may come after other output. */
  learnt?: string[]
}

export interface Checked {
  stdout: string[]
  /** The one ::error line of a failing step. */
  error: string
  warnings: string[]
}

const WORKFLOW_COMMANDS_NEVER_USED = /^::(?:set-output|save-state|set-env|add-path)\b/

/** The invariants every step of every scenario keeps. */
export function assertInvariants(r: StepResult, c: InvariantContext): Checked {
  const what = `${c.step} step`
  const out = lines(r.stdout)
  const err = lines(r.stderr)
  const all = [...out, ...err]
  const base64 = c.secret === '' ? '' : dockerAuth(usernameOf(c.credentialsId), c.secret)
  const tokens = c.tokens ?? []
  const learnt = c.learnt ?? []
  const hidden = [c.secret, c.apiKey, base64, ...tokens, ...learnt].filter(v => v !== '')

  // Nothing reaches stderr: no uncaught error, no Node warning, no stack.
  expect(r.stderr, `${what}: stderr`).toBe('')

  // The secret and the key appear only on their own ::add-mask:: lines...
  for (const value of hidden) {
    for (const line of all) {
      if (line.includes(value)) expect(line, `${what}: a log line carries a secret value`).toBe(`::add-mask::${value}`)
    }
  }
  // ...which the main step always emits for them, before any other output.
  if (c.step === 'main') {
    for (const value of [c.secret, c.apiKey].filter(v => v !== '' && !/[\r\n]/.test(v))) {
      expect(out, `${what}: the ::add-mask:: line for an input secret`).toContain(`::add-mask::${value}`)
    }
  } else {
    expect(out.filter(l => l.startsWith('::add-mask::'))).toEqual([])
  }
  // (A registry token or a new set's secret is learnt mid-run: its mask comes when it arrives,
  // and it appears nowhere else.)
  const late = [...tokens, ...learnt]
  const firstOther = out.findIndex(l => !l.startsWith('::add-mask::'))
  if (firstOther >= 0) {
    expect(
      out.slice(firstOther).filter(l => l.startsWith('::add-mask::') && !late.some(t => l === `::add-mask::${t}`)),
      `${what}: ::add-mask:: after other output`
    ).toEqual([])
  }
  if (c.step === 'main') {
    for (const token of c.actionTokens ?? []) {
      expect(out, `${what}: the ::add-mask:: line for a registry token`).toContain(`::add-mask::${token}`)
    }
    for (const value of learnt) {
      expect(out, `${what}: the ::add-mask:: line for a secret learnt mid-run`).toContain(`::add-mask::${value}`)
    }
  }

  // Nor in docker's argv, an output, the state file, the env file or the summary.
  const argvText = JSON.stringify(c.argv)
  const files = JSON.stringify({ outputs: r.outputs, state: r.state, env: r.env, summary: r.summary })
  for (const value of hidden) {
    expect(argvText.includes(value), `${what}: a secret value on docker's argv`).toBe(false)
    expect(files.includes(value), `${what}: a secret value in an output, the state, env or the summary`).toBe(false)
  }

  // docker and podman (and so their credential helpers) never see the inputs.
  for (const env of c.envs) {
    expect(
      Object.keys(env).filter(n => /^INPUT_/i.test(n)),
      `${what}: an INPUT_ variable in the client's environment`
    ).toEqual([])
    for (const value of hidden) {
      expect(JSON.stringify(env).includes(value), `${what}: a secret value in the client's environment`).toBe(false)
    }
  }

  // No stack trace, no uncaught-error dump.
  for (const line of all) {
    expect(line, `${what}: stack frame in the log`).not.toMatch(/^\s+at\s/)
    expect(line, `${what}: error dump in the log`).not.toMatch(/^\s*(?:[A-Z]\w*)?Error\b|node:internal|^Uncaught/)
    expect(line, `${what}: deprecated workflow command`).not.toMatch(WORKFLOW_COMMANDS_NEVER_USED)
  }

  // Exit status and exactly one ::error line when (and only when) failing.
  const errors = out.filter(l => l.startsWith('::error'))
  const warnings = out.filter(l => l.startsWith('::warning'))
  const passing = c.step === 'post' || c.outcome === 'pass'
  if (passing) {
    expect(errors, `${what}: ::error lines of a passing step`).toEqual([])
    expect(r.code, `${what}: exit code of a passing step`).toBe(0)
  } else {
    expect(errors, `${what}: a failing step has exactly one ::error line`).toHaveLength(1)
    expect(errors[0], `${what}: ::error line`).toMatch(/^::error(?: title=[^:]+)?::\S.{20,}/)
    expect(errors[0], `${what}: an error the action did not anticipate`).not.toContain('Unexpected failure')
    expect(r.code, `${what}: exit code of a failing step`).not.toBe(0)
    expect(r.code, `${what}: killed, not exited`).not.toBe(null)
  }

  // A failed check never runs docker login; the post step never logs in.
  const logins = c.argv.filter(a => a[0] === 'login')
  if (c.step === 'post' || (c.outcome === 'fail' && c.step === 'main')) {
    expect(logins, `${what}: docker login ran`).toEqual([])
  }
  return { stdout: out, error: errors[0] ?? '', warnings }
}

export interface FixtureOptions {
  /** The stand-in's replies; a function gets the scenario's fresh IDs. Ignored with `project`. */
  script?: Reply[] | ((ids: Ids) => Reply[])
  /** 'spy': the real docker behind the recording wrapper (default); 'podman': the
   * real podman behind one, and no docker on PATH; 'absent': PATH is an empty dir. */
  docker?: 'spy' | 'podman' | 'absent'
  /** With docker 'spy': a registry whose htpasswd holds the set's user with the
   * scenario's secret ('accept', default) or with another password ('refuse').
   * 'token' (with or without docker): the shared token-auth registry, quay's
   * robot flow, reached through a fresh recording front; the set may pull `pull`. */
  registry?: 'accept' | 'refuse' | 'token'
  /** With registry 'token': the repositories the set may pull (others are silently dropped). */
  pull?: string[]
  /** With registry 'token': the set's password at the token server, when it should not be the secret. */
  robotPassword?: string
  /** With registry 'token': answers the front gives instead of forwarding. */
  front?: FrontRule
  ids?: Partial<Ids>
  /** A stand-in that keeps the project's sets (create, get, delete) instead of a script; its
   * project ID and key are the scenario's unless `apiKey` says otherwise. With registry
   * 'token', the registry accepts the sets it keeps while they exist (after their delay). */
  project?: Omit<ProjectOptions, 'projectId' | 'apiKey'> & { apiKey?: string }
}

export interface RunOptions {
  /** Overrides the default inputs; undefined removes one. */
  inputs?: Record<string, string | undefined>
  outcome: Outcome
  timeoutMs?: number
  /** Extra environment for both steps (overrides the runner files too). */
  env?: Record<string, string>
  /** Runs after the main step and before the post step, as a later step of the job would. */
  between?: (main: StepResult) => Promise<void> | void
  /** Environment for the post step only, over `env` (what a later step exported, say). */
  postEnv?: Record<string, string>
}

export interface Ran {
  main: StepResult
  post: StepResult
  mainArgv: string[][]
  postArgv: string[][]
  /** $DOCKER_CONFIG/config.json after each step ({} when absent or without docker). */
  configAfterMain: DockerConfig
  configAfterPost: DockerConfig
  requests: Received[]
  /** With registry 'token': what the action sent to the registry (through the front) and to the token server. */
  registryRequests: FrontRequest[]
  tokenRequests: TokenRequest[]
  /** main's ::error line ('' when it passed). */
  error: string
  warnings: string[]
  /** main's stdout lines. */
  log: string[]
  postLog: string[]
  /** With a project: the sets made through the API during the run (main and post). */
  created: StoredSet[]
}

export class Fixture {
  readonly ids: Ids
  readonly username: string
  standIn: DeepgramStandIn | undefined
  registry: LocalRegistry | undefined
  /** With registry 'token': the front the action talks to, and the shared registry behind it. */
  front: RegistryFront | undefined
  tokenRegistry: TokenRegistry | undefined
  docker: DockerSpy | undefined
  private noDocker: { path: string; cleanup: () => void } | undefined
  private runner = new ActionRun()
  private undo: (() => void)[] = []
  private createdBefore = 0

  private constructor(ids: Ids) {
    this.ids = ids
    this.username = usernameOf(ids.credentialsId)
  }

  static async start(opts: FixtureOptions): Promise<Fixture> {
    const f = new Fixture({ ...freshIds(), ...opts.ids })
    try {
      if (opts.project) {
        const { apiKey, ...project } = opts.project
        f.standIn = await DeepgramStandIn.startProject({
          ...project,
          projectId: f.ids.projectId,
          apiKey: apiKey ?? f.ids.apiKey
        })
      } else {
        f.standIn = await DeepgramStandIn.start(
          typeof opts.script === 'function' ? opts.script(f.ids) : (opts.script ?? [])
        )
      }
      if (opts.registry === 'token') {
        const shared = await sharedTokenRegistry()
        f.tokenRegistry = shared.registry
        if (opts.project) f.undo.push(shared.registry.acceptSetsOf(f.standIn))
        else shared.registry.addSet(f.username, opts.robotPassword ?? f.ids.secret, opts.pull ?? [])
        f.front = await RegistryFront.start(shared.registry.host, opts.front)
      }
      const client = opts.docker ?? 'spy'
      if (client !== 'absent') {
        f.docker = new DockerSpy(client === 'podman' ? 'podman' : 'docker')
        const password = opts.registry === 'refuse' ? `other${randomBytes(16).toString('hex')}` : f.ids.secret
        if (opts.registry !== 'token') f.registry = await LocalRegistry.start(f.username, password)
        if (client === 'podman') f.docker.insecure([f.host])
      } else {
        f.noDocker = emptyBinDir()
      }
    } catch (error) {
      await f.stop()
      throw error
    }
    return f
  }

  get host(): string {
    return this.front?.host ?? this.registry?.host ?? ''
  }

  get requests(): Received[] {
    return this.standIn?.requests ?? []
  }

  defaultInputs(): Record<string, string> {
    const inputs: Record<string, string> = {
      'project-id': this.ids.projectId,
      'api-key': this.ids.apiKey,
      'credentials-id': this.ids.credentialsId,
      secret: this.ids.secret,
      'api-url': this.standIn?.url ?? '',
      // action.yml's defaults, as the runner passes them.
      'required-scopes': 'self-hosted:product:api, self-hosted:product:engine',
      login: 'true',
      logout: 'true',
      client: 'auto',
      images: '',
      ephemeral: 'false'
    }
    if (this.host !== '') inputs['registry'] = this.host
    return inputs
  }

  /** Runs main then post, checks the invariants on both, and returns what happened. */
  async run(opts: RunOptions): Promise<Ran> {
    const inputs: Record<string, string> = this.defaultInputs()
    for (const [name, value] of Object.entries(opts.inputs ?? {})) {
      if (value === undefined) delete inputs[name]
      else inputs[name] = value
    }
    const env = { ...(this.docker ? this.docker.env() : { PATH: this.noDocker?.path ?? '' }), ...opts.env }
    const timeoutMs = opts.timeoutMs ?? 20000
    const before = this.docker?.invocations().length ?? 0
    const main = await this.runner.step({ inputs, env, timeoutMs })
    const middle = this.docker?.invocations().length ?? 0
    const configAfterMain = this.docker?.configJson() ?? {}
    await opts.between?.(main)
    const post = await this.runner.post({ inputs, env: { ...env, ...opts.postEnv }, state: main.state, timeoutMs })
    const argv = this.docker?.invocations() ?? []
    const envs = this.docker?.environments() ?? []
    const mainArgv = argv.slice(before, middle)
    const postArgv = argv.slice(middle)
    const fromAction = (ua: unknown): boolean => /^deepgram-self-hosted-login\//.test(String(ua))
    // Sets made during this run: their secrets are as secret as the input's. A secret the
    // create answer left out never reached the action, so it has nothing to mask.
    const created = (this.standIn?.created ?? []).slice(this.createdBefore)
    this.createdBefore += created.length
    const answered = created.filter(s => !this.standIn?.unanswered.has(s.id))
    const received = this.standIn?.project?.createOmits === 'secret' ? [] : answered
    const users = new Set(this.standIn?.project ? created.map(s => usernameOf(s.id)) : [this.username])
    const tokenRequests = (this.tokenRegistry?.tokens.requests ?? []).filter(r => users.has(r.user ?? ''))
    const ctx = {
      secret: inputs['secret'] ?? '',
      apiKey: inputs['api-key'] ?? '',
      credentialsId: inputs['credentials-id'] ?? '',
      outcome: opts.outcome,
      tokens: tokenRequests.flatMap(r => (r.token ? [r.token] : [])),
      actionTokens: tokenRequests.flatMap(r => (r.token && fromAction(r.headers['user-agent']) ? [r.token] : [])),
      // Without the ID in the answer, the action cannot know (nor mask) docker's base64 form.
      learnt: received.flatMap(s => [
        s.secret ?? '',
        ...(this.standIn?.project?.createOmits === 'id' ? [] : [dockerAuth(usernameOf(s.id), s.secret ?? '')])
      ])
    }
    const m = assertInvariants(main, { ...ctx, step: 'main', argv: mainArgv, envs: envs.slice(before, middle) })
    const p = assertInvariants(post, { ...ctx, step: 'post', argv: postArgv, envs: envs.slice(middle) })
    for (const set of received) {
      // Masked the moment it arrived: before any line that names the new set.
      const mask = m.stdout.indexOf(`::add-mask::${set.secret ?? ''}`)
      const named = m.stdout.findIndex(l => !l.startsWith('::add-mask::') && l.includes(set.id))
      if (named >= 0) expect(mask, "the new set's secret is masked before the set is named").toBeLessThan(named)
    }
    expect(this.standIn?.schemaErrors ?? [], 'stand-in answers that broke the schema').toEqual([])
    return {
      main,
      post,
      mainArgv,
      postArgv,
      configAfterMain,
      configAfterPost: this.docker?.configJson() ?? {},
      requests: [...this.requests],
      registryRequests: this.front?.actionRequests() ?? [],
      tokenRequests: tokenRequests.filter(r => fromAction(r.headers['user-agent'])),
      error: m.error,
      warnings: m.warnings,
      log: m.stdout,
      postLog: p.stdout,
      created
    }
  }

  /** Each request was the documented list call, with the key as a Token. */
  expectListRequests(requests: Received[], count: number, projectId = this.ids.projectId.toLowerCase()): void {
    expect(requests, 'requests sent to the stand-in').toHaveLength(count)
    for (const req of requests) {
      expect(req.method).toBe('GET')
      expect(req.url).toBe(`/v1/projects/${projectId}/self-hosted/distribution/credentials`)
      expect(req.headers['authorization']).toBe(`Token ${this.ids.apiKey}`)
      expect(req.headers['user-agent']).toMatch(/^deepgram-self-hosted-login\//)
    }
  }

  /** docker login ran once, secret on stdin, and config.json holds the auth. */
  expectLoggedIn(r: Ran): void {
    expect(r.mainArgv).toEqual([['login', this.host, '--username', this.username, '--password-stdin']])
    expect(r.configAfterMain.auths?.[this.host]?.auth).toBe(dockerAuth(this.username, this.ids.secret))
    const podman = this.docker?.tool === 'podman' ? ' with podman' : ''
    expect(r.log).toContain(`Logged in to ${this.host} as ${this.username}${podman}.`)
    expect(r.main.outputs['username']).toBe(this.username)
    expect(r.main.outputs['registry']).toBe(this.host)
  }

  /** The post step logged out and config.json no longer holds the auth. */
  expectLoggedOut(r: Ran): void {
    expect(r.postArgv).toEqual([['logout', this.host]])
    expect(r.configAfterPost.auths?.[this.host]).toBeUndefined()
    expect(JSON.stringify(r.configAfterPost)).not.toContain(dockerAuth(this.username, this.ids.secret))
    expect(r.postLog).toContain(`Logged out of ${this.host}.`)
  }

  /** A failed main step: nothing logged in, post has nothing to undo. */
  expectNoLogin(r: Ran): void {
    expect(r.mainArgv.filter(a => a[0] === 'login')).toEqual([])
    expect(r.postArgv).toEqual([])
    expect(r.configAfterMain.auths?.[this.host]).toBeUndefined()
    expect(r.configAfterPost.auths?.[this.host]).toBeUndefined()
    expect(r.main.state['loggedIn']).toBeUndefined()
    expect(r.postLog).toContain('Not logged in by this action: nothing to log out.')
  }

  async stop(): Promise<void> {
    for (const undo of this.undo) undo()
    await this.standIn?.stop()
    await this.registry?.stop()
    await this.front?.stop()
    this.docker?.cleanup()
    this.noDocker?.cleanup()
    this.runner.cleanup()
  }
}

/** The requests of one kind to the project's credential sets, in order. */
export function calls(f: Fixture, method: string, r: { requests: Received[] }): Received[] {
  const base = `/v1/projects/${f.ids.projectId}/self-hosted/distribution/credentials`
  return r.requests.filter(q => q.method === method && q.url.split('?')[0]!.startsWith(base))
}

/** Runs a scenario body with a fixture that is always stopped afterwards. */
export async function withFixture(opts: FixtureOptions, body: (f: Fixture) => Promise<void>): Promise<void> {
  const f = await Fixture.start(opts)
  try {
    await body(f)
  } finally {
    await f.stop()
  }
}

let shared: Promise<{ registry: TokenRegistry; digests: Catalogue }> | undefined

/** The tag the shared token-auth registry's images carry. */
export const SHARED_TAG = 'release-260812'

/** One token-auth registry for every scenario that needs one (its images
 * pushed once); each scenario adds its own set and talks through its own front. */
export function sharedTokenRegistry(): Promise<{ registry: TokenRegistry; digests: Catalogue }> {
  shared ??= (async () => {
    const registry = await TokenRegistry.start()
    try {
      return { registry, digests: await registry.pushCatalogue(SHARED_TAG) }
    } catch (error) {
      await registry.stop()
      throw error
    }
  })()
  return shared
}

export async function stopSharedTokenRegistry(): Promise<void> {
  const s = shared
  shared = undefined
  if (s) await (await s).registry.stop()
}

/** Repositories of one scenario's own (a fresh namespace) on the shared token-auth registry,
 * pushed with the given tags (each its own image; `retags` one more image under many tags). */
export async function repositories(spec: Record<string, { tags: string[]; retags?: string[] }>): Promise<{
  names: Record<string, string>
  digests: Record<string, Record<string, string>>
}> {
  const { registry } = await sharedTokenRegistry()
  const ns = `k8s${randomBytes(4).toString('hex')}`
  const names: Record<string, string> = {}
  const digests: Record<string, Record<string, string>> = {}
  for (const [key, { tags, retags }] of Object.entries(spec)) {
    const name = `${ns}/${key}`
    names[key] = name
    digests[name] = await registry.pushTags(name, tags, retags ?? [])
  }
  return { names, digests }
}

/** A front rule on the shared registry that pages tags lists as quay.io does (50 a page). */
export async function quayFront(opts: Partial<QuayTagsOptions> = {}): Promise<QuayTags> {
  const { registry } = await sharedTokenRegistry()
  return new QuayTags({ upstream: registry.host, pageSize: 50, ...opts })
}

/** The product scopes the end-to-end files name, and the action's default `required-scopes`. */
export const API = 'self-hosted:product:api'
export const ENGINE = 'self-hosted:product:engine'
export const DEFAULT_SCOPES = [API, ENGINE]

/** The tools the end-to-end files need and lack: their suites skip when any is missing. */
export const MISSING = missingTools()

/** Locally a missing tool skips the suite with what to install; in CI it fails, here. */
export function requireTools(): void {
  const skip = MISSING.length > 0 && !process.env['CI']
  if (skip) console.warn(`End-to-end suite skipped: ${installHint(MISSING)}`)
  test.skipIf(skip)('the end-to-end tools are installed', () => {
    expect(MISSING, installHint(MISSING)).toEqual([])
  })
}
