// End-to-end: the post step acts on the STATE_* values the main step saved, which anything
// that can set the step's environment can set too. dist/post.js is run alone with crafted
// state, and must never act outside what a main step makes: no directory emptied through a
// link, no DELETE to another path of the API, no client run from a path given in state, no
// part of the key shown from a server's text. And a relative RUNNER_TEMP leaves nothing behind.
import { randomBytes, randomUUID } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, isAbsolute, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { writeScript } from '../support/faults.ts'
import { ActionRun, type StepResult } from '../support/runner.ts'
import { DeepgramStandIn, listBody, type Reply } from '../support/standin.ts'
import { missingTools } from '../support/tools.ts'
import { assertInvariants, freshIds, lines, type Ids } from './harness.ts'

const SCOPES = ['self-hosted:product:api', 'self-hosted:product:engine']
/** A job set's comment as a run without the runner's variables writes it (these tests set none). */
const LOCAL_JOB = 'deepgram-self-hosted-login ephemeral repo:local run:local.1 mark:aaaabbbb local'
const PREFIX = 'dg-docker-config-'

const missing = missingTools()

let runner: ActionRun
let scratch: string
let ids: Ids
let api: DeepgramStandIn | undefined
beforeEach(() => {
  runner = new ActionRun()
  scratch = mkdtempSync(join(tmpdir(), 'dg-post-state-'))
  ids = freshIds()
})
afterEach(async () => {
  await api?.stop()
  api = undefined
  runner.cleanup()
  rmSync(scratch, { recursive: true, force: true })
})

/** A stand-in answering `script` in turn, and the inputs that point the action at it. */
async function inputsWith(script: Reply[]): Promise<Record<string, string>> {
  api = await DeepgramStandIn.start(script)
  return { 'project-id': ids.projectId, 'api-key': ids.apiKey, 'api-url': api.url }
}

/** dist/post.js alone, with this state and no docker on PATH unless `env` says otherwise. */
async function post(
  state: Record<string, string>,
  opts: { inputs?: Record<string, string>; env?: Record<string, string> } = {}
): Promise<{ r: StepResult; warnings: string[] }> {
  const bin = join(scratch, 'empty-bin')
  mkdirSync(bin, { recursive: true })
  const r = await runner.post({ inputs: opts.inputs ?? {}, state, env: { PATH: bin, ...opts.env }, timeoutMs: 20000 })
  const checked = assertInvariants(r, {
    step: 'post',
    secret: '',
    apiKey: ids.apiKey,
    credentialsId: '',
    argv: [],
    envs: [],
    outcome: 'pass'
  })
  return { r, warnings: checked.warnings }
}

/** A directory outside RUNNER_TEMP with a file in it, which nothing may delete. */
function victim(): string {
  const dir = join(scratch, 'victim')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'keep'), 'x')
  return dir
}

describe.skipIf(missing.length > 0)('the post step trusts no state it did not make', () => {
  test.each([
    ['a link in RUNNER_TEMP with the prefix, with a trailing slash', 'link/'],
    ['a link in RUNNER_TEMP with the prefix', 'link'],
    ['a directory with the prefix outside RUNNER_TEMP', 'outside'],
    ['a directory with the prefix reached through .. from RUNNER_TEMP', 'dotdot']
  ])('docker-config: %s is left alone, with a warning', async (_, kind) => {
    const target = victim()
    const link = join(runner.temp, `${PREFIX}x`)
    symlinkSync(target, link)
    const outside = join(target, `${PREFIX}y`)
    mkdirSync(outside)
    const dir = {
      'link/': `${link}/`,
      link,
      outside,
      // Starts with RUNNER_TEMP as written, and leads out of it.
      dotdot: `${runner.temp}/../../${basename(scratch)}/victim/${PREFIX}y`
    }[kind]!
    const { r, warnings } = await post({ dockerConfig: dir })
    expect(r.code).toBe(0)
    expect(readdirSync(target).sort()).toEqual(['dg-docker-config-y', 'keep'])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^::warning title=Docker config file not deleted::The saved state names /)
    expect(lines(r.stdout)).not.toContain('Deleted the docker config file (output docker-config).')
  })

  test('docker-config with a relative RUNNER_TEMP: the file is written under its absolute path, and the post step deletes it', async () => {
    const inputs = {
      ...(await inputsWith([{ status: 200, body: listBody([{ id: ids.credentialsId, scopes: SCOPES }]) }])),
      'credentials-id': ids.credentialsId,
      secret: ids.secret,
      'required-scopes': SCOPES.join(', '),
      login: 'false',
      'docker-config': 'true'
    }
    mkdirSync(join(scratch, 'workspace', 'relative-temp'), { recursive: true })
    const env = { PATH: join(scratch, 'empty-bin'), RUNNER_TEMP: 'relative-temp' }
    mkdirSync(env.PATH)
    const cwd = join(scratch, 'workspace')
    const main = await runner.step({ inputs, env, cwd, timeoutMs: 20000 })
    expect(lines(main.stdout).filter(l => l.startsWith('::error'))).toEqual([])
    const file = main.outputs['docker-config'] ?? ''
    expect(isAbsolute(file), file).toBe(true)
    expect(file.startsWith(join(cwd, 'relative-temp', PREFIX))).toBe(true)
    expect(existsSync(file)).toBe(true)
    const after = await runner.post({ inputs, env, cwd, state: main.state, timeoutMs: 20000 })
    expect(lines(after.stdout)).toContain('Deleted the docker config file (output docker-config).')
    expect(readdirSync(join(cwd, 'relative-temp'))).toEqual([])
  })

  test.each(['.', '..', '../../../keys', `${randomUUID()}/..`, `${randomUUID()}x`])(
    'the set to delete: %s from state is no set ID: no request, a warning',
    async id => {
      const inputs = await inputsWith([{ status: 200, body: { message: 'Deleted.' }, offSpec: 'any answer' }])
      const { r, warnings } = await post({ setToCleanUp: JSON.stringify({ kind: 'job-set', id }) }, { inputs })
      expect(r.code).toBe(0)
      expect(api!.requests).toEqual([])
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/^::warning title=Credential set not deleted::The saved state names /)
      expect(warnings[0]).toContain('nothing was deleted')
    }
  )

  describe('the client to log out with', () => {
    /** A fake docker that notes each run, with its arguments, in `log`. */
    const fakeDocker = (dir: string, log: string): string => {
      mkdirSync(dir, { recursive: true })
      return writeScript(dir, 'docker', `echo "$0 $*" >> '${log}'`)
    }
    const login = (clientPath: string): Record<string, string> => ({
      loggedIn: 'true',
      registry: 'registry.example',
      logout: 'true',
      client: 'docker',
      clientPath,
      authFile: join(scratch, 'docker-config')
    })

    test('a path from state is never run: with no docker on PATH, nothing runs', async () => {
      const log = join(scratch, 'runs.log')
      const planted = fakeDocker(join(scratch, 'planted'), log)
      const { r, warnings } = await post(login(planted))
      expect(r.code).toBe(0)
      expect(existsSync(log)).toBe(false)
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toMatch(/^::warning title=Logout skipped::Skipped the logout of registry\.example: docker/)
    })

    test('a path from state that is not the docker on PATH: neither runs', async () => {
      const log = join(scratch, 'runs.log')
      const planted = fakeDocker(join(scratch, 'planted'), log)
      const onPath = join(scratch, 'bin')
      fakeDocker(onPath, log)
      const { r, warnings } = await post(login(planted), { env: { PATH: onPath } })
      expect(r.code).toBe(0)
      expect(existsSync(log)).toBe(false)
      expect(warnings).toHaveLength(1)
      expect(warnings[0]).toContain('the docker on PATH is not the file that logged in')
    })

    test('the docker on PATH that the main step used: logs out with it', async () => {
      const log = join(scratch, 'runs.log')
      const onPath = join(scratch, 'bin')
      const docker = fakeDocker(onPath, log)
      const { r, warnings } = await post(login(docker), { env: { PATH: onPath } })
      expect(r.code).toBe(0)
      expect(warnings).toEqual([])
      expect(readFileSync(log, 'utf8')).toBe(`${docker} logout registry.example\n`)
      expect(lines(r.stdout)).toContain('Logged out of registry.example.')
    })
  })

  test('a server text in a post-step warning shows no part of the API key', async () => {
    // A 401 whose message echoes the key far enough in that the cut would keep its start.
    const said = `${'x'.repeat(280)} Token ${ids.apiKey}`
    const inputs = await inputsWith([{ status: 401, body: { err_code: 'INVALID_AUTH', err_msg: said } }])
    const id = randomUUID()
    const { r, warnings } = await post(
      { setToCleanUp: JSON.stringify({ kind: 'job-set', id, comment: LOCAL_JOB }) },
      { inputs: { ...inputs, secret: ids.secret } }
    )
    expect(r.code).toBe(0)
    // The post step first reads the set, to check that it bears the mark the record names.
    expect(api!.requests.map(q => q.method)).toEqual(['GET'])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toMatch(/^::warning title=Credential set not deleted::/)
    expect(warnings[0]).toContain('HTTP 401')
    expect(warnings[0]).toContain('Token ***')
    for (let at = 0; at + 6 <= ids.apiKey.length; at++) expect(r.stdout).not.toContain(ids.apiKey.slice(at, at + 6))
  })

  test('the same with a secret echoed in a header-shaped text: hidden in every encoding', async () => {
    const secret = `sec${randomBytes(16).toString('hex')}`
    const said = `${'y'.repeat(270)} Basic ${Buffer.from(secret).toString('base64')}`
    const inputs = await inputsWith([{ status: 401, body: { err_code: 'INVALID_AUTH', err_msg: said } }])
    const { r } = await post(
      { setToCleanUp: JSON.stringify({ kind: 'job-set', id: randomUUID(), comment: LOCAL_JOB }) },
      { inputs: { ...inputs, secret } }
    )
    expect(r.stdout).toContain('Basic ***')
    expect(r.stdout).not.toContain(Buffer.from(secret).toString('base64').slice(0, 8))
  })
})
