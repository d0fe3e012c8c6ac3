// The registry client: choosing docker or podman, and login/logout with the
// real docker and podman CLIs (behind recording wrappers) against a real
// registry, a registry front that fails, a port that never answers, and fake
// credential helpers. Classification of real output is checked here too.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { usernameFor, type ClientName } from '../../../src/common.js'
import {
  authLocation,
  clientForLogout,
  configuredHelper,
  findClient,
  login,
  logout,
  onPath,
  type RegistryClient
} from '../../../src/docker/client.js'
import { ActionError, LoginError } from '../../../src/errors.js'
import { parseClient } from '../../../src/inputs/validate.js'
import { DockerSpy } from '../../support/dockerspy.ts'
import {
  credentialHelper,
  startFlaky,
  startSilent,
  writeScript,
  type Flaky,
  type Silent
} from '../../support/faults.ts'
import { LocalRegistry } from '../../support/registry.ts'
import { which } from '../../support/tools.ts'
import { rejected, saveEnv, tempDir, thrown } from '../../support/helpers.js'

describe('parseClient', () => {
  it.each([
    ['', 'auto'],
    ['auto', 'auto'],
    ['docker', 'docker'],
    ['Podman', 'podman'],
    [' DOCKER ', 'docker']
  ])('%j is %s', (value, expected) => {
    expect(parseClient('client', value)).toBe(expected)
  })

  it('refuses anything else, naming the input and the choices', () => {
    expect(() => parseClient('client', 'nerdctl')).toThrow(/^Input `client` must be docker, podman or auto/)
  })
})

describe('authLocation', () => {
  it("docker: DOCKER_CONFIG, else ~/.docker; podman as containers/common: REGISTRY_AUTH_FILE, else $DOCKER_CONFIG/config.json, else under XDG_RUNTIME_DIR, else '' (podman's default)", () => {
    expect(authLocation('docker', { DOCKER_CONFIG: '/cfg', HOME: '/h' })).toBe('/cfg')
    expect(authLocation('docker', { HOME: '/h' })).toBe('/h/.docker')
    expect(authLocation('podman', { REGISTRY_AUTH_FILE: '/a.json', DOCKER_CONFIG: '/cfg' })).toBe('/a.json')
    expect(authLocation('podman', { XDG_RUNTIME_DIR: '/run/user/1001', DOCKER_CONFIG: '/cfg' })).toBe(
      '/cfg/config.json'
    )
    expect(authLocation('podman', { DOCKER_CONFIG: '/cfg' })).toBe('/cfg/config.json')
    expect(authLocation('podman', { REGISTRY_AUTH_FILE: '/a.json', XDG_RUNTIME_DIR: '/run/user/1001' })).toBe('/a.json')
    expect(authLocation('podman', { XDG_RUNTIME_DIR: '/run/user/1001' })).toBe('/run/user/1001/containers/auth.json')
    expect(authLocation('podman', { REGISTRY_AUTH_FILE: '', DOCKER_CONFIG: '', HOME: '/h' })).toBe('')
  })
})

describe('finding the client', () => {
  let restoreEnv: () => void
  let dir: ReturnType<typeof tempDir>
  const fake = (sub: string, name: string): string => {
    mkdirSync(join(dir.path, sub), { recursive: true })
    return writeScript(join(dir.path, sub), name, 'exit 0')
  }
  beforeEach(() => {
    restoreEnv = saveEnv()
    dir = tempDir('dg-path-')
  })
  afterEach(() => {
    restoreEnv()
    dir.remove()
  })

  it('auto: docker when both are on PATH', async () => {
    const docker = fake('a', 'docker')
    fake('a', 'podman')
    process.env['PATH'] = join(dir.path, 'a')
    expect(findClient('auto')).toEqual({ name: 'docker', path: docker })
  })

  it('auto: podman when docker is absent', async () => {
    const podman = fake('a', 'podman')
    process.env['PATH'] = join(dir.path, 'a')
    expect(findClient('auto')).toEqual({ name: 'podman', path: podman })
  })

  it('podman when asked, even with docker on PATH', async () => {
    fake('a', 'docker')
    const podman = fake('b', 'podman')
    process.env['PATH'] = `${join(dir.path, 'a')}:${join(dir.path, 'b')}`
    expect(findClient('podman')).toEqual({ name: 'podman', path: podman })
  })

  it('skips what a shell would skip: a file that is not executable, a directory, relative and empty entries', async () => {
    mkdirSync(join(dir.path, 'a'))
    writeFileSync(join(dir.path, 'a', 'docker'), '#!/bin/sh\n', { mode: 0o644 })
    mkdirSync(join(dir.path, 'b', 'docker'), { recursive: true })
    // A relative entry that does lead to a docker, from the working directory: never searched.
    fake('c', 'docker')
    const relativeC = relative(process.cwd(), join(dir.path, 'c'))
    const docker = fake('d', 'docker')
    process.env['PATH'] = ['', relativeC, join(dir.path, 'a'), join(dir.path, 'b'), join(dir.path, 'd')].join(':')
    expect(findClient('docker')).toEqual({ name: 'docker', path: docker })
    expect(onPath('docker', { PATH: `${relativeC}:${join(dir.path, 'a')}` })).toBeUndefined()
  })

  it('auto with neither: says what to install, and that login: false checks only', async () => {
    process.env['PATH'] = dir.path
    const error = thrown(() => findClient('auto'))
    expect(error).toBeInstanceOf(ActionError)
    expect((error as ActionError).title).toBe('Docker not found')
    expect(error.message).toContain('Neither docker nor podman is on PATH')
    expect(error.message).toContain('install Docker on the runner, or set `login: false`')
  })

  it('docker asked for but absent: does not fall back to podman', async () => {
    fake('a', 'podman')
    process.env['PATH'] = join(dir.path, 'a')
    const error = thrown(() => findClient('docker'))
    expect((error as ActionError).title).toBe('Docker not found')
    expect(error.message).toContain('`client: docker`')
  })

  it('podman asked for but absent', async () => {
    fake('a', 'docker')
    process.env['PATH'] = join(dir.path, 'a')
    const error = thrown(() => findClient('podman'))
    expect((error as ActionError).title).toBe('Podman not found')
    expect(error.message).toContain('install Podman on the runner')
  })

  it('quay.io:443 logs in and out as quay.io (issue 21): the key docker, skopeo and podman look up', async () => {
    const log = join(dir.path, 'argv')
    mkdirSync(join(dir.path, 'bin'), { recursive: true })
    const path = writeScript(join(dir.path, 'bin'), 'docker', `cat >/dev/null; echo "$*" >> '${log}'`)
    await login({ name: 'docker', path }, 'quay.io:443', USER, SECRET)
    await logout({ name: 'docker', path }, 'quay.io:443')
    await login({ name: 'docker', path }, 'quay.io:443/deepgram', USER, SECRET)
    expect(readFileSync(log, 'utf8').split('\n')).toEqual([
      `login quay.io --username ${USER} --password-stdin`,
      'logout quay.io',
      `login quay.io/deepgram --username ${USER} --password-stdin`,
      ''
    ])
  })

  // The saved path is state, which anything that sets the step's environment can set: it is
  // compared with the client on PATH, never run itself.
  it('clientForLogout: the name on PATH when it is the file the main step used, else nothing', async () => {
    const saved = fake('a', 'podman')
    const other = fake('b', 'podman')
    process.env['PATH'] = join(dir.path, 'a')
    expect(clientForLogout('podman', saved)).toEqual({ client: { name: 'podman', path: saved } })
    // The same file through a link: the one on PATH is run.
    const linked = join(dir.path, 'link')
    mkdirSync(linked)
    symlinkSync(saved, join(linked, 'podman'))
    expect(clientForLogout('podman', join(linked, 'podman'))).toEqual({ client: { name: 'podman', path: saved } })
    // Another file on PATH than the saved one, or nothing saved: neither is run.
    process.env['PATH'] = join(dir.path, 'b')
    expect(clientForLogout('podman', saved)).toEqual({ skipped: 'another' })
    expect(clientForLogout('podman', '')).toEqual({ skipped: 'another' })
    expect(clientForLogout('podman', join(dir.path, 'gone', 'podman'))).toEqual({ skipped: 'another' })
    expect(other).not.toBe(saved)
    // None on PATH: the saved one, still there, is not run either.
    process.env['PATH'] = dir.path
    expect(clientForLogout('podman', saved)).toEqual({ skipped: 'gone' })
    expect(clientForLogout('docker', join(dir.path, 'gone', 'docker'))).toEqual({ skipped: 'gone' })
  })

  it('configuredHelper reads the docker config (credHelpers before credsStore) and podman auth file', () => {
    const cfg = join(dir.path, 'cfg')
    mkdirSync(cfg)
    writeFileSync(join(cfg, 'config.json'), JSON.stringify({ credsStore: 'desktop', credHelpers: { 'r.io': 'ecr' } }))
    writeFileSync(join(dir.path, 'auth.json'), JSON.stringify({ auths: {}, credHelpers: { 'r.io': 'secretservice' } }))
    const env = { DOCKER_CONFIG: cfg, REGISTRY_AUTH_FILE: join(dir.path, 'auth.json') }
    expect(configuredHelper('docker', 'r.io', env)?.name).toBe('ecr')
    expect(configuredHelper('docker', 'quay.io', env)).toEqual({
      name: 'desktop',
      setting: '"credsStore": "desktop"',
      file: join(cfg, 'config.json')
    })
    expect(configuredHelper('podman', 'r.io', env)?.name).toBe('secretservice')
    // podman also reads docker's config.
    expect(configuredHelper('podman', 'quay.io', env)?.name).toBe('desktop')
    expect(configuredHelper('docker', 'quay.io', { DOCKER_CONFIG: join(dir.path, 'none') })).toBeUndefined()
  })
})

const NEEDED = ['docker', 'podman', 'docker-registry', 'htpasswd']
const missing = NEEDED.filter(t => which(t) === undefined)
const skip = missing.length > 0 && !process.env['CI']
if (skip) {
  console.warn(
    `SKIPPED: the login tests need ${missing.join(', ')} on PATH ` +
      '(sudo apt-get install docker.io podman docker-registry apache2-utils). In CI (CI set) they fail instead.'
  )
}

const SET_ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const USER = usernameFor(SET_ID)
const SECRET = 'Dg-Secret-3f9a0c77e1b24d5d9e8f'
const KEY = 'k3y-4b5c6d7e8f9a0b1c2d3e4f5a6b7c'
const AUTH = Buffer.from(`${USER}:${SECRET}`).toString('base64')
const FAST = { retryDelayMs: () => 50 }

/** Why the auth-file tests skip for docker: the reason vitest prints beside a skipped test. */
const PODMAN_ONLY =
  'podman only: docker always keeps its login in $DOCKER_CONFIG/config.json (or ~/.docker), never in an auth file that REGISTRY_AUTH_FILE or XDG_RUNTIME_DIR chooses'

describe.skipIf(skip).each<ClientName>(['docker', 'podman'])('%s login and logout against loopback servers', name => {
  let registry: LocalRegistry | undefined
  let silent: Silent | undefined
  let flaky: Flaky[] = []
  let spy: DockerSpy
  let client: RegistryClient
  let restoreEnv: () => void
  let dir: ReturnType<typeof tempDir>

  const stored = (): { auth?: string } | undefined => spy.configJson().auths?.[registry!.host]
  const logins = (): string[][] => spy.invocations().filter(a => a[0] === 'login')
  /** A registry front that fails; podman is told it may use plain http to it. */
  const flakyFront = async (status: number): Promise<Flaky> => {
    const f = await startFlaky(status, registry!.host)
    flaky.push(f)
    if (name === 'podman') spy.insecure([registry!.host, f.host, silent!.host])
    return f
  }

  beforeAll(async () => {
    if (missing.length > 0) throw new Error(`CI is set but ${missing.join(', ')} missing: install them`)
    registry = await LocalRegistry.start(USER, SECRET)
    silent = await startSilent()
  })
  afterAll(async () => {
    await registry?.stop()
    await silent?.stop()
  })
  beforeEach(() => {
    restoreEnv = saveEnv()
    dir = tempDir('dg-client-')
    spy = new DockerSpy(name)
    if (name === 'podman') spy.insecure([registry!.host, silent!.host])
    client = { name, path: join(spy.bin, name) }
    Object.assign(process.env, spy.env())
    // What the runner hands the action: the inputs, secret included.
    process.env['INPUT_SECRET'] = SECRET
    process.env['INPUT_API-KEY'] = KEY
    process.env['HTTPS_PROXY'] = 'http://127.0.0.1:9'
    process.env['NO_PROXY'] = '127.0.0.1'
  })
  afterEach(async () => {
    restoreEnv()
    spy.cleanup()
    dir.remove()
    for (const f of flaky) await f.stop()
    flaky = []
  })

  it('logs in with the secret on stdin only, keeps it in the auth file, and logs out', async () => {
    await login(client, registry!.host, USER, SECRET)
    expect(stored()?.auth).toBe(AUTH)
    const result = await logout(client, registry!.host)
    expect(result.outcome).toBe('ok')
    expect(stored()).toBeUndefined()
    expect(spy.invocations()).toEqual([
      ['login', registry!.host, '--username', USER, '--password-stdin'],
      ['logout', registry!.host]
    ])
  })

  it('runs the client without any INPUT_ variable, keeping PATH, HOME, proxies and the auth location', async () => {
    await login(client, registry!.host, USER, SECRET)
    await logout(client, registry!.host)
    const envs = spy.environments()
    expect(envs).toHaveLength(2)
    for (const env of envs) {
      expect(Object.keys(env).filter(n => /^INPUT_/i.test(n))).toEqual([])
      expect(JSON.stringify(env)).not.toContain(SECRET)
      expect(JSON.stringify(env)).not.toContain(KEY)
      expect(env['PATH']).toBe(process.env['PATH'])
      expect(env['HOME']).toBe(process.env['HOME'])
      expect(env['HTTPS_PROXY']).toBe('http://127.0.0.1:9')
      expect(env['NO_PROXY']).toBe('127.0.0.1')
      if (name === 'docker') expect(env['DOCKER_CONFIG']).toBe(spy.config)
      else expect(env['REGISTRY_AUTH_FILE']).toBe(spy.authFile)
    }
  })

  it('a wrong secret: refused, blamed on the secret, tried once, nothing stored', async () => {
    const error = await rejected(login(client, registry!.host, USER, 'not-the-secret', FAST))
    expect(error).toBeInstanceOf(LoginError)
    expect((error as LoginError).kind).toBe('credentials')
    expect((error as LoginError).title).toBe('Registry login failed')
    expect(error.message).toContain(`${name} login to ${registry!.host} as ${USER} failed: `)
    expect(error.message).toMatch(/401|invalid username\/password/)
    expect(error.message).toContain('check that `secret` is the secret shown when this credential set was created')
    expect(error.message).not.toContain('level=info')
    expect(error.message).not.toContain('not-the-secret')
    expect(logins()).toHaveLength(1)
    expect(stored()).toBeUndefined()
  })

  it('a registry that answers 503 twice, then works: retried, logged in on the third attempt', async () => {
    const front = await flakyFront(503)
    const retries: string[] = []
    const onRetry = (m: string): void => {
      retries.push(m)
      // The registry is back in time for the third attempt.
      if (retries.length === 2) front.heal()
    }
    await login(client, front.host, USER, SECRET, { ...FAST, onRetry })
    expect(logins()).toHaveLength(3)
    expect(front.faulted()).toBeGreaterThanOrEqual(2)
    expect(retries).toHaveLength(2)
    expect(retries[0]).toMatch(
      new RegExp(
        `^${name} login to ${front.host.replace(/\./g, '\\.')}: the registry is unavailable \\(.*503.*\\); retrying in 0\\.1 s \\(attempt 2 of 3\\)\\.$`
      )
    )
    expect(retries[1]).toContain('(attempt 3 of 3)')
    expect(spy.configJson().auths?.[front.host]?.auth).toBe(AUTH)
  })

  // podman retries a 429 by itself for about a minute: the deadline would end it.
  it.each(name === 'docker' ? [500, 502, 429] : [500, 502])(
    'a registry that always answers %i: 3 attempts, then "unavailable", not the secret',
    async status => {
      const front = await flakyFront(status)
      const error = await rejected(login(client, front.host, USER, SECRET, FAST))
      expect((error as LoginError).kind).toBe('unavailable')
      expect((error as LoginError).title).toBe('Registry unavailable')
      expect(error.message).toContain('failed 3 times: the registry is unavailable')
      expect(error.message).toContain('says nothing about `secret`')
      expect(error.message).not.toContain('create a new set')
      expect(logins()).toHaveLength(3)
    }
  )

  it('a closed port: unavailable after 3 attempts', async () => {
    const front = await flakyFront(503)
    const host = front.host
    await front.stop()
    flaky = []
    const error = await rejected(login(client, host, USER, SECRET, FAST))
    expect((error as LoginError).kind).toBe('unavailable')
    expect(error.message).toContain('connection refused')
    expect(logins()).toHaveLength(3)
  })

  it('logout when there is no login: nothing to remove, not a failure', async () => {
    const result = await logout(client, registry!.host)
    expect(['ok', 'gone']).toContain(result.outcome)
  })

  it('logout goes to the auth location the login used, even if the variable changed since', async () => {
    await login(client, registry!.host, USER, SECRET)
    const saved = authLocation(name)
    const variable = name === 'docker' ? 'DOCKER_CONFIG' : 'REGISTRY_AUTH_FILE'
    process.env[variable] = join(dir.path, name === 'docker' ? 'elsewhere' : 'elsewhere.json')
    const result = await logout(client, registry!.host, { authFile: saved })
    expect(result.outcome).toBe('ok')
    expect(stored()).toBeUndefined()
    expect(spy.environments().at(-1)?.[variable]).toBe(saved)
  })

  it("podman's default auth file: resolved in the main step, logged out of even after REGISTRY_AUTH_FILE is exported", async ctx => {
    ctx.skip(name !== 'podman', PODMAN_ONLY)
    // No REGISTRY_AUTH_FILE at login: podman writes under XDG_RUNTIME_DIR.
    const xdg = join(dir.path, 'xdg')
    mkdirSync(xdg, { mode: 0o700 })
    delete process.env['REGISTRY_AUTH_FILE']
    process.env['XDG_RUNTIME_DIR'] = xdg
    await login(client, registry!.host, USER, SECRET)
    const saved = authLocation('podman')
    expect(saved).toBe(join(xdg, 'containers', 'auth.json'))
    const entry = (): unknown =>
      (JSON.parse(readFileSync(saved, 'utf8')) as { auths?: Record<string, unknown> }).auths?.[registry!.host]
    expect(entry()).toBeDefined()
    // A later step exports another auth file (and even another runtime dir).
    process.env['REGISTRY_AUTH_FILE'] = join(dir.path, 'other.json')
    process.env['XDG_RUNTIME_DIR'] = join(dir.path, 'elsewhere')
    const result = await logout(client, registry!.host, { authFile: saved })
    expect(result.outcome).toBe('ok')
    expect(entry()).toBeUndefined()
    expect(spy.environments().at(-1)?.['REGISTRY_AUTH_FILE']).toBe(saved)
  })

  it('podman with DOCKER_CONFIG and no REGISTRY_AUTH_FILE: the login goes to $DOCKER_CONFIG/config.json, and the logout finds it there whatever the variables say then', async ctx => {
    ctx.skip(name !== 'podman', PODMAN_ONLY)
    const config = join(dir.path, 'docker-config')
    mkdirSync(config)
    delete process.env['REGISTRY_AUTH_FILE']
    process.env['DOCKER_CONFIG'] = config
    process.env['XDG_RUNTIME_DIR'] = join(dir.path, 'xdg')
    await login(client, registry!.host, USER, SECRET)
    const saved = authLocation('podman')
    expect(saved).toBe(join(config, 'config.json'))
    const entry = (): unknown =>
      (JSON.parse(readFileSync(saved, 'utf8')) as { auths?: Record<string, unknown> }).auths?.[registry!.host]
    expect(entry()).toEqual({ auth: AUTH })
    process.env['DOCKER_CONFIG'] = join(dir.path, 'elsewhere')
    process.env['REGISTRY_AUTH_FILE'] = join(dir.path, 'other.json')
    const result = await logout(client, registry!.host, { authFile: saved })
    expect(result.outcome).toBe('ok')
    expect(entry()).toBeUndefined()
  })

  it("podman's built-in default (no variable at login): the logout unsets both variables a later step may export", async ctx => {
    ctx.skip(name !== 'podman', PODMAN_ONLY)
    process.env['REGISTRY_AUTH_FILE'] = join(dir.path, 'other.json')
    process.env['DOCKER_CONFIG'] = join(dir.path, 'elsewhere')
    await logout(client, registry!.host, { authFile: '' })
    const env = spy.environments().at(-1) ?? {}
    expect(env['REGISTRY_AUTH_FILE']).toBeUndefined()
    expect(env['DOCKER_CONFIG']).toBeUndefined()
  })

  it('a registry that never answers: the deadline ends the login, and the message says what hangs', async () => {
    // docker gives up on a silent registry by itself (~25 s); podman never does.
    const host = name === 'podman' ? silent!.host : registry!.host
    if (name === 'docker') process.env['DOCKER_HOST'] = `tcp://${silent!.host}`
    const before = silent!.accepted()
    const started = Date.now()
    const error = await rejected(login(client, host, USER, SECRET, { ...FAST, timeoutMs: 1500 }))
    expect(Date.now() - started).toBeLessThan(6000)
    expect(silent!.accepted()).toBeGreaterThan(before)
    expect((error as LoginError).kind).toBe('timeout')
    expect((error as LoginError).title).toBe('Registry login timed out')
    expect(error.message).toContain(`${name} login to ${host} as ${USER} did not finish within 2 s, so it was stopped.`)
    expect(error.message).toContain('This says nothing about `secret`')
    if (name === 'docker') expect(error.message).toContain(`the Docker daemon at DOCKER_HOST=tcp://${silent!.host}`)
    else expect(error.message).toContain('podman needs no daemon')
    // Not retried: a hang would only hang again.
    expect(logins()).toHaveLength(1)
    // The client is gone: the server sees its connections close.
    const end = Date.now() + 5000
    while (silent!.open() > 0 && Date.now() < end) await new Promise(r => setTimeout(r, 50))
    expect(silent!.open()).toBe(0)
  })
})

describe.skipIf(skip)('docker and its credential helpers', () => {
  let registry: LocalRegistry | undefined
  let spy: DockerSpy
  let client: RegistryClient
  let restoreEnv: () => void
  let helpers: ReturnType<typeof tempDir>

  const useHelper = (config: object): void => writeFileSync(join(spy.config, 'config.json'), JSON.stringify(config))

  beforeAll(async () => {
    if (missing.length > 0) throw new Error(`CI is set but ${missing.join(', ')} missing: install them`)
    registry = await LocalRegistry.start(USER, SECRET)
  })
  afterAll(async () => {
    await registry?.stop()
  })
  beforeEach(() => {
    restoreEnv = saveEnv()
    spy = new DockerSpy('docker')
    helpers = tempDir('dg-helpers-')
    client = { name: 'docker', path: join(spy.bin, 'docker') }
    Object.assign(process.env, spy.env())
    process.env['PATH'] = `${helpers.path}:${process.env['PATH'] ?? ''}`
    process.env['INPUT_SECRET'] = SECRET
    process.env['INPUT_API-KEY'] = KEY
  })
  afterEach(() => {
    restoreEnv()
    spy.cleanup()
    helpers.remove()
  })

  it('the helper docker runs gets no INPUT_ variable either', async () => {
    const envLog = join(helpers.path, 'helper-env.log')
    credentialHelper(helpers.path, 'record', 'record', { envLog })
    useHelper({ credsStore: 'record' })
    await login(client, registry!.host, USER, SECRET)
    await logout(client, registry!.host)
    const dumps = readFileSync(envLog, 'utf8')
      .split('---\n')
      .filter(d => d.trim() !== '')
    expect(dumps.length).toBeGreaterThanOrEqual(2)
    for (const dump of dumps) {
      expect(dump).not.toMatch(/^INPUT_/m)
      expect(dump).not.toContain(SECRET)
      expect(dump).not.toContain(KEY)
      expect(dump).toMatch(/^PATH=/m)
      expect(dump).toContain(`DOCKER_CONFIG=${spy.config}`)
    }
  })

  it('a credsStore helper that is not installed: named, with its setting and file; tried once', async () => {
    useHelper({ credsStore: 'nope' })
    const error = await rejected(login(client, registry!.host, USER, SECRET, FAST))
    expect((error as LoginError).kind).toBe('helper')
    expect((error as LoginError).title).toBe('Credential helper failed')
    expect(error.message).toMatch(/^The registry accepted the login, but docker login/)
    expect(error.message).toContain(
      `docker-credential-nope (set by \`"credsStore": "nope"\` in ${join(spy.config, 'config.json')}) is not installed`
    )
    expect(error.message).toContain('not a problem with `secret`')
    expect(error.message).not.toContain('create a new set')
    expect(spy.invocations().filter(a => a[0] === 'login')).toHaveLength(1)
  })

  it('a credHelpers helper for this registry that fails: named from the config', async () => {
    credentialHelper(helpers.path, 'locked', 'fail')
    useHelper({ credsStore: 'other', credHelpers: { [registry!.host]: 'locked' } })
    const error = await rejected(login(client, registry!.host, USER, SECRET, FAST))
    expect((error as LoginError).kind).toBe('helper')
    expect(error.message).toContain(
      `docker-credential-locked (set by \`"credHelpers": {"${registry!.host}": "locked"}\` in ${join(spy.config, 'config.json')}) failed`
    )
    expect(error.message).toContain('keychain is locked')
  })

  it('a helper that hangs: the deadline ends docker and the helper; the message names the helper', async () => {
    const pidFile = join(helpers.path, 'helper.pid')
    credentialHelper(helpers.path, 'stuck', 'hang', { pidFile })
    useHelper({ credsStore: 'stuck' })
    const error = await rejected(login(client, registry!.host, USER, SECRET, { ...FAST, timeoutMs: 1500 }))
    expect((error as LoginError).kind).toBe('timeout')
    expect(error.message).toContain('docker-credential-stuck (`"credsStore": "stuck"`')
    expect(existsSync(pidFile)).toBe(true)
    const pid = Number(readFileSync(pidFile, 'utf8').trim())
    const end = Date.now() + 5000
    const alive = (): boolean => {
      try {
        process.kill(pid, 0)
        return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))
      } catch {
        return false
      }
    }
    while (alive() && Date.now() < end) await new Promise(r => setTimeout(r, 50))
    expect(alive()).toBe(false)
  })

  it('a logout whose helper hangs: timed out, said so, the process ended', async () => {
    await login(client, registry!.host, USER, SECRET)
    credentialHelper(helpers.path, 'stuck', 'hang')
    useHelper({ credsStore: 'stuck' })
    const started = Date.now()
    const result = await logout(client, registry!.host, { timeoutMs: 1000 })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(result.outcome).toBe('timed-out')
    expect(result.message).toContain(`docker logout ${registry!.host} did not finish within 1 s`)
    expect(result.message).toContain('docker-credential-stuck')
  })

  it('a docker that hangs (a script that sleeps): ended at the deadline with its children', async () => {
    const pids = join(helpers.path, 'pids')
    const fake = writeScript(helpers.path, 'docker', `sleep 600 &\necho "$$ $!" > '${pids}'\nwait`)
    const error = await rejected(
      login({ name: 'docker', path: fake }, registry!.host, USER, SECRET, { timeoutMs: 800 })
    )
    expect((error as LoginError).kind).toBe('timeout')
    expect(error.message).toContain('did not finish within 1 s')
    const gone = (pid: number): boolean => {
      try {
        return /^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))
      } catch {
        return true
      }
    }
    const [parent, child] = readFileSync(pids, 'utf8').trim().split(' ').map(Number)
    const end = Date.now() + 5000
    while (!(gone(parent!) && gone(child!)) && Date.now() < end) await new Promise(r => setTimeout(r, 50))
    expect(gone(parent!) && gone(child!)).toBe(true)
  })
})

describe.skipIf(skip)('podman with a credential helper in its auth file', () => {
  let registry: LocalRegistry | undefined
  let spy: DockerSpy
  let restoreEnv: () => void
  let helpers: ReturnType<typeof tempDir>
  beforeAll(async () => {
    registry = await LocalRegistry.start(USER, SECRET)
  })
  afterAll(async () => {
    await registry?.stop()
  })
  beforeEach(() => {
    restoreEnv = saveEnv()
    spy = new DockerSpy('podman')
    spy.insecure([registry!.host])
    helpers = tempDir('dg-helpers-')
    Object.assign(process.env, spy.env())
    process.env['PATH'] = `${spy.bin}:${helpers.path}`
  })
  afterEach(() => {
    restoreEnv()
    spy.cleanup()
    helpers.remove()
  })

  it('a failing helper: named, with its setting in the auth file', async () => {
    credentialHelper(helpers.path, 'locked', 'fail')
    writeFileSync(spy.authFile, JSON.stringify({ auths: {}, credHelpers: { [registry!.host]: 'locked' } }))
    const error = await rejected(
      login({ name: 'podman', path: join(spy.bin, 'podman') }, registry!.host, USER, SECRET, FAST)
    )
    expect((error as LoginError).kind).toBe('helper')
    expect(error.message).toContain(
      `docker-credential-locked (set by \`"credHelpers": {"${registry!.host}": "locked"}\` in ${spy.authFile}) failed`
    )
    expect(error.message).toContain('keychain is locked')
  })
})

// Ensures the suite notices when podman's config format or messages change.
describe.skipIf(skip)('podman itself', () => {
  it('is the podman the tests expect (podman login --password-stdin exists)', () => {
    const help = execFileSync('podman', ['login', '--help'], { encoding: 'utf8' })
    expect(help).toContain('--password-stdin')
  })
})
