import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { usernameFor } from '../../src/credentials.js'
import { dockerErrorLine, dockerLogin, dockerLogout, findDocker } from '../../src/docker.js'
import { ActionError } from '../../src/errors.js'
import { LocalRegistry } from '../support/registry.ts'
import { rejected, saveEnv, tempDir } from './helpers.js'

function which(tool: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim() || undefined
  } catch {
    return undefined
  }
}

describe('dockerErrorLine', () => {
  it.each<[string, string, string, string]>([
    [
      'an Error line',
      'Login did not succeed\nError response from daemon: unauthorized: bad\n',
      '',
      'Error response from daemon: unauthorized: bad'
    ],
    ['the last of several Error lines', 'Error: first\nsomething\nError: second\nfinal words\n', '', 'Error: second'],
    ['the last line without any Error', 'one\ntwo\n  three  \n\n', '', 'three'],
    ['from stdout when stderr is empty', '', 'x\nerror: from stdout\n', 'error: from stdout'],
    ['stderr before stdout', 'err line\n', 'out line\n', 'out line'],
    ['nothing at all', '', '', 'no output'],
    ['only blank lines', '\n \r\n', '\n', 'no output'],
    ['CRLF lines', 'a\r\nError: windows\r\n', '', 'Error: windows'],
    [
      "docker's verdict, not its logrus notes that mention error",
      [
        'time="2026-01-01T00:00:00Z" level=info msg="Error logging in to endpoint, trying next endpoint" endpoint="{false https://127.0.0.1:5000}" error="Get \\"https://127.0.0.1:5000/v2/\\": http: server gave HTTP response to HTTPS client"',
        'time="2026-01-01T00:00:00Z" level=info msg="Error logging in to endpoint, trying next endpoint" error="login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized"',
        'login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized'
      ].join('\n'),
      '',
      'login attempt to http://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized'
    ],
    [
      'a logrus error entry when that is all there is',
      'time="2026-01-01T00:00:00Z" level=info msg="note"\ntime="2026-01-01T00:00:00Z" level=error msg="bad thing"\n',
      '',
      'time="2026-01-01T00:00:00Z" level=error msg="bad thing"'
    ],
    [
      'the logrus notes when they are all there is',
      'time="2026-01-01T00:00:00Z" level=info msg="note one"\ntime="2026-01-01T00:00:00Z" level=info msg="note two"\n',
      '',
      'time="2026-01-01T00:00:00Z" level=info msg="note two"'
    ]
  ])('picks %s', (_name, stderr, stdout, expected) => {
    expect(dockerErrorLine(stderr, stdout)).toBe(expected)
  })

  it('cuts a very long line to 300 characters', () => {
    const line = dockerErrorLine(`Error: ${'x'.repeat(1000)}`)
    expect(line).toHaveLength(300)
    expect(line.endsWith('...')).toBe(true)
  })
})

describe('findDocker', () => {
  let restoreEnv: () => void
  let dir: ReturnType<typeof tempDir>
  beforeEach(() => {
    restoreEnv = saveEnv()
    dir = tempDir('dg-path-')
  })
  afterEach(() => {
    restoreEnv()
    dir.remove()
  })

  it('fails with an actionable message when docker is not on PATH', async () => {
    process.env['PATH'] = dir.path
    const error = await rejected(findDocker())
    expect(error).toBeInstanceOf(ActionError)
    expect((error as ActionError).title).toBe('Docker not found')
    expect(error.message).toContain('login: false')
  })

  it('finds the docker that PATH names first', async () => {
    const fake = join(dir.path, 'docker')
    writeFileSync(fake, '#!/bin/sh\nexit 0\n')
    chmodSync(fake, 0o755)
    process.env['PATH'] = `${dir.path}:${process.env['PATH'] ?? ''}`
    expect(await findDocker()).toBe(fake)
  })
})

const TOOLS = ['docker', 'docker-registry', 'htpasswd']
const missing = TOOLS.filter(t => which(t) === undefined)
const inCI = Boolean(process.env['CI'])
const skip = missing.length > 0 && !inCI
if (skip) {
  console.warn(
    `SKIPPED: docker login/logout tests need ${missing.join(', ')} on PATH ` +
      '(sudo apt-get install docker.io docker-registry apache2-utils). In CI (CI set) they fail instead.'
  )
}

describe.skipIf(skip)(
  `dockerLogin/dockerLogout with the real docker CLI and a real registry${skip ? ` (skipped: missing ${missing.join(', ')})` : ''}`,
  () => {
    const SET_ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
    const USER = usernameFor(SET_ID)
    const SECRET = 'Dg-Secret-3f9a0c77e1b24d5d9e8f'
    let registry: LocalRegistry | undefined
    let docker = ''
    let restoreEnv: () => void
    let config: ReturnType<typeof tempDir>

    const configJson = (): { auths?: Record<string, { auth?: string }> } => {
      const file = join(config.path, 'config.json')
      return existsSync(file)
        ? (JSON.parse(readFileSync(file, 'utf8')) as { auths?: Record<string, { auth?: string }> })
        : {}
    }

    beforeAll(async () => {
      if (missing.length > 0) throw new Error(`CI is set but ${missing.join(', ')} missing: install them`)
      docker = which('docker')!
      registry = await LocalRegistry.start(USER, SECRET)
    })
    afterAll(async () => {
      await registry?.stop()
    })
    beforeEach(() => {
      restoreEnv = saveEnv()
      config = tempDir('dg-docker-config-')
      process.env['DOCKER_CONFIG'] = config.path
    })
    afterEach(() => {
      restoreEnv()
      config.remove()
    })

    it('logs in and stores base64(user:secret) for the registry in $DOCKER_CONFIG/config.json', async () => {
      await dockerLogin(docker, registry!.host, USER, SECRET)
      const auths = configJson().auths ?? {}
      expect(Object.keys(auths)).toEqual([registry!.host])
      expect(auths[registry!.host]?.auth).toBe(Buffer.from(`${USER}:${SECRET}`).toString('base64'))
    })

    it("refuses a wrong secret with an ActionError quoting docker's error, storing nothing", async () => {
      const error = await rejected(dockerLogin(docker, registry!.host, USER, 'not-the-secret'))
      expect(error).toBeInstanceOf(ActionError)
      expect((error as ActionError).title).toBe('Registry login failed')
      expect(error.message).toContain(`docker login to ${registry!.host} as ${USER} failed: `)
      expect(error.message).toMatch(/401|unauthorized/i)
      expect(error.message).not.toContain('level=info')
      expect(error.message).toContain('`secret`')
      expect(error.message).not.toContain('not-the-secret')
      expect(error.message).not.toContain(SECRET)
      expect(configJson().auths?.[registry!.host]).toBeUndefined()
    })

    it('refuses a wrong user', async () => {
      const error = await rejected(dockerLogin(docker, registry!.host, usernameFor('0'.repeat(32)), SECRET))
      expect((error as ActionError).title).toBe('Registry login failed')
    })

    it('logs out, removing the entry', async () => {
      await dockerLogin(docker, registry!.host, USER, SECRET)
      expect(configJson().auths?.[registry!.host]).toBeDefined()
      const result = await dockerLogout(docker, registry!.host)
      expect(result.ok).toBe(true)
      expect(result.message).toContain(registry!.host)
      expect(configJson().auths?.[registry!.host]).toBeUndefined()
    })

    it('never puts the secret on argv (or in the environment): it goes on stdin', async () => {
      const wrapperDir = tempDir('dg-docker-wrapper-')
      try {
        const log = join(wrapperDir.path, 'argv.log')
        const envLog = join(wrapperDir.path, 'env.log')
        const wrapper = join(wrapperDir.path, 'docker')
        writeFileSync(
          wrapper,
          [
            '#!/bin/sh',
            `printf '%s\\n' "--- $#" "$@" >> '${log}'`,
            `env >> '${envLog}'`,
            `exec '${docker}' "$@"`,
            ''
          ].join('\n')
        )
        chmodSync(wrapper, 0o755)
        await dockerLogin(wrapper, registry!.host, USER, SECRET)
        // The login through the wrapper worked, so the secret did reach docker (on stdin).
        expect(configJson().auths?.[registry!.host]?.auth).toBe(Buffer.from(`${USER}:${SECRET}`).toString('base64'))
        await dockerLogout(wrapper, registry!.host)
        expect(configJson().auths?.[registry!.host]).toBeUndefined()
        const argv = readFileSync(log, 'utf8')
        expect(argv.split('\n')).toEqual([
          '--- 5',
          'login',
          registry!.host,
          '--username',
          USER,
          '--password-stdin',
          '--- 2',
          'logout',
          registry!.host,
          ''
        ])
        expect(argv).not.toContain(SECRET)
        expect(readFileSync(envLog, 'utf8')).not.toContain(SECRET)
      } finally {
        wrapperDir.remove()
      }
    })
  }
)
