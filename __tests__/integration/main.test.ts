// The main and post steps in-process, against a real loopback API and (when
// installed) the real docker CLI and registry; runner files in a temp dir.
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { run } from '../../src/main-step.js'
import { post } from '../../src/post-step.js'
import { writeDockerConfig } from '../../src/docker/config-file.js'
import { LocalRegistry } from '../support/registry.ts'
import { REPOS, TokenRegistry, type Catalogue } from '../support/token-registry.ts'
import { which } from '../support/tools.ts'
import { captureStdoutAsync, clearInputs, saveEnv, setInputs, tempDir } from '../support/helpers.js'
import { listBody, startLoopback, type Loopback } from '../support/loopback.js'

const PROJECT = '123e4567-e89b-12d3-a456-426614174000'
const SET_ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const KEY = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0'
const SECRET = 'Dg-Main-Secret-77e1b24d5d9e8f'
const USER = `deepgram+${SET_ID}`

/** Reads a runner file-command file (GITHUB_OUTPUT, GITHUB_STATE). */
function fileCommands(path: string): Record<string, string> {
  const out: Record<string, string> = {}
  const lines = readFileSync(path, 'utf8').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i] ?? '')
    if (!heredoc) continue
    const value: string[] = []
    for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) value.push(lines[i] ?? '')
    out[heredoc[1]!] = value.join('\n')
  }
  return out
}

let dir: ReturnType<typeof tempDir>
let files: Record<'GITHUB_OUTPUT' | 'GITHUB_STATE' | 'GITHUB_STEP_SUMMARY', string>
let restoreEnv: () => void
let api: Loopback | undefined

beforeAll(() => {
  dir = tempDir('dg-main-')
  files = {
    GITHUB_OUTPUT: join(dir.path, 'output'),
    GITHUB_STATE: join(dir.path, 'state'),
    // @actions/core remembers the summary path: one file for the whole file.
    GITHUB_STEP_SUMMARY: join(dir.path, 'summary')
  }
})
afterAll(() => dir.remove())
beforeEach(() => {
  restoreEnv = saveEnv()
  clearInputs()
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy']) delete process.env[name]
  for (const [name, path] of Object.entries(files)) {
    writeFileSync(path, '')
    process.env[name] = path
  }
  process.exitCode = undefined
})
afterEach(async () => {
  process.exitCode = undefined
  restoreEnv()
  await api?.stop()
  api = undefined
})

async function apiWith(scopes: string[], comment = 'main test'): Promise<Loopback> {
  api = await startLoopback([{ status: 200, body: listBody([{ id: SET_ID, scopes, comment }]) }])
  return api
}

describe('run (main step)', () => {
  it('docker-config with a RUNNER_TEMP that is not a directory: fails, says what to fix, leaves nothing', async () => {
    const { url } = await apiWith(['self-hosted:product:api', 'self-hosted:product:engine'])
    const notADir = join(dir.path, 'runner-temp-is-a-file')
    writeFileSync(notADir, '')
    process.env['RUNNER_TEMP'] = notADir
    setInputs({
      'project-id': PROJECT,
      'api-key': KEY,
      'credentials-id': SET_ID,
      secret: SECRET,
      login: 'false',
      'docker-config': 'true',
      'api-url': url
    })
    const { out } = await captureStdoutAsync(() => run())
    expect(process.exitCode).toBe(1)
    const errors = out.split('\n').filter(l => l.startsWith('::error'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(
      /^::error title=Docker config file not written::Could not write the docker config file in a new directory under .*runner-temp-is-a-file \(ENOTDIR/
    )
    expect(out.split('\n').filter(l => l.includes(SECRET))).toEqual([`::add-mask::${SECRET}`])
    expect(fileCommands(files.GITHUB_OUTPUT)['docker-config']).toBeUndefined()
    expect(fileCommands(files.GITHUB_STATE)['dockerConfig']).toBeUndefined()
    expect(readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')).toContain('❌ The docker config file could not be written')
  })

  it('checks only with login: false; sets outputs, state and summary', async () => {
    const { url } = await apiWith(['self-hosted:product:api', 'self-hosted:product:engine'])
    setInputs({
      'project-id': PROJECT,
      'api-key': KEY,
      'credentials-id': SET_ID.toUpperCase(),
      login: 'false',
      'api-url': url
    })
    const { out } = await captureStdoutAsync(() => run())
    expect(process.exitCode).toBeUndefined()
    expect(out).not.toContain('::error')
    expect(out).toContain(`::add-mask::${KEY}`)
    expect(out).toContain('Check only (login: false)')
    expect(fileCommands(files.GITHUB_OUTPUT)).toEqual({
      'credentials-id': SET_ID,
      username: USER,
      provider: 'quay',
      scopes: 'self-hosted:product:api,self-hosted:product:engine',
      comment: 'main test',
      created: '2024-05-01T12:00:00.000000Z',
      registry: 'quay.io'
    })
    expect(fileCommands(files.GITHUB_STATE)).toEqual({})
    expect(readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')).toContain('✅ Checked without logging in')
    expect(api!.requests).toHaveLength(1)
    expect(api!.requests[0]!.headers['authorization']).toBe(`Token ${KEY}`)
  })

  it('fails with one ::error naming the missing scope, and does not log in', async () => {
    const { url } = await apiWith(['self-hosted:product:api'])
    setInputs({ 'project-id': PROJECT, 'api-key': KEY, 'credentials-id': SET_ID, login: 'false', 'api-url': url })
    const { out } = await captureStdoutAsync(() => run())
    expect(process.exitCode).toBe(1)
    const errors = out.split('\n').filter(l => l.startsWith('::error'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toContain('title=Credential set lacks required scopes')
    expect(errors[0]).toContain('missing self-hosted:product:engine')
    expect(readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')).toContain('✗ missing')
    expect(fileCommands(files.GITHUB_STATE)['loggedIn']).toBeUndefined()
  })

  it('warns when a scope is granted only by its onprem: name', async () => {
    const { url } = await apiWith(['onprem:product:api', 'onprem:product:engine'])
    setInputs({ 'project-id': PROJECT, 'api-key': KEY, 'credentials-id': SET_ID, login: 'false', 'api-url': url })
    const { out } = await captureStdoutAsync(() => run())
    expect(process.exitCode).toBeUndefined()
    expect(out).toMatch(
      /::warning title=Legacy onprem%3A scopes::.*self-hosted:product:api, self-hosted:product:engine/
    )
  })

  it('fails on a bad input before any request, naming the input', async () => {
    const { url } = await apiWith(['self-hosted:products'])
    setInputs({ 'project-id': '../..', 'api-key': KEY, 'credentials-id': SET_ID, login: 'false', 'api-url': url })
    const { out } = await captureStdoutAsync(() => run())
    expect(process.exitCode).toBe(1)
    expect(out).toMatch(/::error title=Invalid input project-id::Input `project-id` must be/)
    expect(api!.requests).toHaveLength(0)
  })

  it('never prints or copies API text raw: provider, comment, created and scopes are one safe line each', async () => {
    const evil = '\n::error::pwned\n::add-mask::quay\n::stop-commands::tok\n\u001b[31mred\u202eevil\n\n[x](https://e)'
    api = await startLoopback([
      {
        status: 200,
        body: listBody([
          {
            id: SET_ID,
            provider: `quay${evil}`,
            comment: `c${evil}`,
            created: `2025${evil}`,
            scopes: ['self-hosted:products', `onprem:x${evil}`]
          }
        ])
      }
    ])
    setInputs({
      'project-id': PROJECT,
      'api-key': KEY,
      'credentials-id': SET_ID,
      login: 'false',
      registry: 'mirror.example.com',
      'api-url': api.url
    })
    const { out } = await captureStdoutAsync(() => run())
    expect(process.exitCode).toBeUndefined()
    const lines = out.split('\n')
    // The only workflow commands are the action's own.
    expect(lines.filter(l => /^\s*::/.test(l) && !l.startsWith(`::add-mask::${KEY}`))).toEqual([])
    expect(out).not.toContain('\u001b')
    expect(out).not.toContain('\u202e')
    expect(out).toContain(
      `Credential set ${SET_ID} (quay ::error::pwned ::add-mask::quay ::stop-commands::tok red evil [x](https://e)) carries`
    )
    const outputs = fileCommands(files.GITHUB_OUTPUT)
    for (const name of ['provider', 'comment', 'created', 'scopes']) {
      for (const bad of ['\r', '\n', '\u001b', '\u202e']) expect(outputs[name], name).not.toContain(bad)
    }
    expect(outputs['provider']).toBe(
      'quay ::error::pwned ::add-mask::quay ::stop-commands::tok red evil [x](https://e)'
    )
    expect(outputs['registry']).toBe('mirror.example.com')
  })

  it('cuts a huge comment in the outputs and warns that it did', async () => {
    const comment = 'z'.repeat(900 * 1024)
    await apiWith(['self-hosted:products'], comment)
    setInputs({ 'project-id': PROJECT, 'api-key': KEY, 'credentials-id': SET_ID, login: 'false', 'api-url': api!.url })
    const { out } = await captureStdoutAsync(() => run())
    expect(process.exitCode).toBeUndefined()
    expect(fileCommands(files.GITHUB_OUTPUT)['comment']).toBe(`${'z'.repeat(997)}...`)
    expect(out).toContain(
      `::warning title=Long API fields cut::The credential set's \`comment\` (${comment.length} characters, cut to 1000) was too long to copy whole`
    )
    expect(out.length).toBeLessThan(5000)
  })

  it('a set the list lacks and the API does not know by ID (404): does not exist in this project', async () => {
    const missing = '00000000-0000-4000-8000-000000000000'
    api = await startLoopback([
      { status: 200, body: listBody([{ id: SET_ID, scopes: ['self-hosted:products'] }]) },
      { status: 404, body: { category: 'NOT_FOUND', message: 'no such credentials', request_id: 'r-1' } }
    ])
    setInputs({ 'project-id': PROJECT, 'api-key': KEY, 'credentials-id': missing, login: 'false', 'api-url': api.url })
    const { out } = await captureStdoutAsync(() => run())
    expect(process.exitCode).toBe(1)
    expect(out).toContain('::error title=Credential set not found::')
    expect(out).toContain(
      `No distribution credential set with ID ${missing} in this project (${PROJECT}): it does not exist there`
    )
    expect(out).toContain('can see 1 set')
    expect(api.requests.map(r => `${r.method} ${r.url}`)).toEqual([
      `GET /v1/projects/${PROJECT}/self-hosted/distribution/credentials`,
      `GET /v1/projects/${PROJECT}/self-hosted/distribution/credentials/${missing}`
    ])
  })

  it("a colleague's set, invisible in the list but readable by ID: one more request, then the usual check", async () => {
    const theirs = '11111111-2222-4333-8444-555555555555'
    const item = (
      listBody([{ id: theirs, scopes: ['self-hosted:products'], comment: 'made by a colleague' }]) as {
        distribution_credentials: unknown[]
      }
    ).distribution_credentials[0]
    api = await startLoopback([
      { status: 200, body: listBody([{ id: SET_ID, scopes: ['self-hosted:products'] }]) },
      { status: 200, body: item }
    ])
    setInputs({
      'project-id': PROJECT,
      'api-key': KEY,
      'credentials-id': theirs.toUpperCase(),
      login: 'false',
      'api-url': api.url
    })
    const { out } = await captureStdoutAsync(() => run())
    expect(process.exitCode).toBeUndefined()
    expect(out).not.toContain('::error')
    expect(out).toContain(`Credential set ${theirs} is not in the list this API key sees`)
    expect(fileCommands(files.GITHUB_OUTPUT)['comment']).toBe('made by a colleague')
    expect(fileCommands(files.GITHUB_OUTPUT)['username']).toBe(`deepgram+${theirs}`)
    expect(api.requests).toHaveLength(2)
    expect(api.requests[1]!.url).toBe(`/v1/projects/${PROJECT}/self-hosted/distribution/credentials/${theirs}`)
    expect(api.requests[1]!.headers['authorization']).toBe(`Token ${KEY}`)
  })
  it('a registry of quay.io:443: the docker config file names quay.io, the host skopeo and podman look up', async () => {
    const { url } = await apiWith(['self-hosted:product:api', 'self-hosted:product:engine'])
    const temp = join(dir.path, 'runner-temp-443')
    mkdirSync(temp, { recursive: true })
    process.env['RUNNER_TEMP'] = temp
    setInputs({
      'project-id': PROJECT,
      'api-key': KEY,
      'credentials-id': SET_ID,
      secret: SECRET,
      login: 'false',
      registry: 'quay.io:443',
      'docker-config': 'true',
      'api-url': url
    })
    const { out } = await captureStdoutAsync(() => run())
    expect(out).not.toContain('::error')
    const file = fileCommands(files.GITHUB_OUTPUT)['docker-config'] ?? ''
    const config = JSON.parse(readFileSync(file, 'utf8')) as { auths: Record<string, unknown> }
    expect(Object.keys(config.auths)).toEqual(['quay.io'])
  })
})

describe('post (post step)', () => {
  it('deletes the docker config file the main step wrote, before and whatever the logout does', async () => {
    const temp = join(dir.path, 'runner-temp-post')
    mkdirSync(temp, { recursive: true })
    const written = writeDockerConfig('quay.io', USER, SECRET, temp)
    // The same RUNNER_TEMP in both steps, as on a runner.
    process.env['RUNNER_TEMP'] = temp
    process.env['STATE_dockerConfig'] = written.dir
    const { out } = await captureStdoutAsync(() => post())
    expect(out.split('\n')[0]).toBe('Deleted the docker config file (output docker-config).')
    expect(out).toContain('nothing to log out')
    expect(existsSync(written.dir)).toBe(false)
    // A second post (a re-run of the step) finds it gone and says so.
    const again = await captureStdoutAsync(() => post())
    expect(again.out).toContain('The docker config file (output docker-config) was already deleted.')
    expect(process.exitCode).toBeUndefined()
  })

  it('leaves alone a directory the action did not make, with a warning', async () => {
    const other = join(dir.path, 'workspace-keep')
    mkdirSync(other, { recursive: true })
    writeFileSync(join(other, 'keep'), 'x')
    process.env['STATE_dockerConfig'] = other
    const { out } = await captureStdoutAsync(() => post())
    expect(out).toContain('::warning title=Docker config file not deleted::The saved state names ')
    expect(existsSync(join(other, 'keep'))).toBe(true)
    expect(process.exitCode).toBeUndefined()
  })

  it('does nothing when the main step did not log in', async () => {
    const { out } = await captureStdoutAsync(() => post())
    expect(out).toContain('nothing to log out')
    expect(process.exitCode).toBeUndefined()
  })

  it('keeps the login with logout: false', async () => {
    process.env['STATE_loggedIn'] = 'true'
    process.env['STATE_registry'] = 'quay.io'
    process.env['STATE_logout'] = 'false'
    const { out } = await captureStdoutAsync(() => post())
    expect(out).toContain('Keeping the login to quay.io')
  })

  it.each(['docker', 'podman'])(
    'says the logout was skipped when %s is gone, without advising login: false',
    async name => {
      process.env['STATE_loggedIn'] = 'true'
      process.env['STATE_registry'] = 'quay.io'
      process.env['STATE_logout'] = 'true'
      process.env['STATE_client'] = name
      process.env['STATE_clientPath'] = join(dir.path, 'gone', name)
      process.env['STATE_authFile'] = join(dir.path, 'auth')
      process.env['PATH'] = dir.path
      const { out } = await captureStdoutAsync(() => post())
      expect(out).toContain(
        `::warning title=Logout skipped::Skipped the logout of quay.io: ${name}, which logged in, is no longer on PATH`
      )
      expect(out).not.toContain('login: false')
      expect(process.exitCode).toBeUndefined()
    }
  )
})

const haveTools = ['docker', 'docker-registry', 'htpasswd'].every(t => {
  try {
    return execFileSync('sh', ['-c', `command -v ${t}`], { encoding: 'utf8' }).trim() !== ''
  } catch {
    return false
  }
})
const skipDocker = !haveTools && !process.env['CI']
if (skipDocker) console.warn('SKIPPED: the main-step docker tests need docker, docker-registry and htpasswd on PATH.')

describe.skipIf(skipDocker)(
  `run then post with the real docker CLI and registry${skipDocker ? ' (skipped: docker, docker-registry or htpasswd missing)' : ''}`,
  () => {
    let registry: LocalRegistry | undefined
    let config: ReturnType<typeof tempDir>
    beforeAll(async () => {
      if (!haveTools) throw new Error('CI is set but docker, docker-registry or htpasswd is missing')
      registry = await LocalRegistry.start(USER, SECRET)
    })
    afterAll(async () => {
      await registry?.stop()
    })
    beforeEach(() => {
      config = tempDir('dg-main-docker-')
      process.env['DOCKER_CONFIG'] = config.path
    })
    afterEach(() => config.remove())

    it('logs in, saves state for post, and post logs out', async () => {
      const { url } = await apiWith(['self-hosted:products'])
      setInputs({
        'project-id': PROJECT,
        'api-key': KEY,
        'credentials-id': SET_ID,
        secret: SECRET,
        registry: registry!.host,
        'api-url': url
      })
      const main = await captureStdoutAsync(() => run())
      expect(main.out).not.toContain('::error')
      expect(process.exitCode).toBeUndefined()
      expect(main.out).toContain(`::add-mask::${Buffer.from(`${USER}:${SECRET}`).toString('base64')}`)
      expect(main.out).toContain(`Logged in to ${registry!.host} as ${USER}.`)
      const state = fileCommands(files.GITHUB_STATE)
      expect(state).toEqual({
        registry: registry!.host,
        logout: 'true',
        client: 'docker',
        clientPath: expect.stringMatching(/\/docker$/) as unknown,
        authFile: config.path,
        loggedIn: 'true'
      })
      const configFile = join(config.path, 'config.json')
      const stored = (): unknown =>
        existsSync(configFile)
          ? (JSON.parse(readFileSync(configFile, 'utf8')) as { auths?: Record<string, unknown> }).auths?.[
              registry!.host
            ]
          : undefined
      expect(stored()).toEqual({ auth: Buffer.from(`${USER}:${SECRET}`).toString('base64') })
      expect(readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')).toContain('✅ Logged in to ')

      for (const [name, value] of Object.entries(state)) process.env[`STATE_${name}`] = value
      const after = await captureStdoutAsync(() => post())
      expect(after.out).toContain(`Logged out of ${registry!.host}.`)
      expect(stored()).toBeUndefined()
    })

    it('reports a wrong secret as a failed login, with the summary saying so', async () => {
      const { url } = await apiWith(['self-hosted:products'])
      setInputs({
        'project-id': PROJECT,
        'api-key': KEY,
        'credentials-id': SET_ID,
        secret: 'wrong-secret-value',
        registry: registry!.host,
        'api-url': url
      })
      const { out } = await captureStdoutAsync(() => run())
      expect(process.exitCode).toBe(1)
      expect(out).toMatch(/::error title=Registry login failed::docker login to 127\.0\.0\.1:\d+ as deepgram\+/)
      expect(readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')).toContain('❌ The registry refused the login')
      expect(fileCommands(files.GITHUB_STATE)['loggedIn']).toBeUndefined()
    })
  }
)

const haveRegistryTools = ['docker-registry', 'openssl'].every(t => which(t) !== undefined)
const skipImages = !haveRegistryTools && !process.env['CI']

describe.skipIf(skipImages)('run with images (real docker-registry with token auth)', () => {
  const TAG = 'release-260812'
  let reg: TokenRegistry
  let digests: Catalogue
  beforeAll(async () => {
    if (!haveRegistryTools) throw new Error('CI is set but docker-registry or openssl is missing')
    reg = await TokenRegistry.start()
    digests = await reg.pushCatalogue(TAG)
    reg.addSet(USER, SECRET, [REPOS.api, REPOS.engine])
  })
  afterAll(async () => {
    await reg?.stop()
  })
  /** The inputs of a check-only run with images on the token registry. */
  const checkOnlyWith = (apiUrl: string, images: string): void =>
    setInputs({
      'project-id': PROJECT,
      'api-key': KEY,
      'credentials-id': SET_ID,
      secret: SECRET,
      login: 'false',
      registry: reg.host,
      images,
      'api-url': apiUrl
    })

  it('login: false with images: checks them, masks the token, sets digests, no docker needed', async () => {
    const { url } = await apiWith(['self-hosted:product:api', 'self-hosted:product:engine'])
    process.env['PATH'] = dir.path
    const refs = [`${reg.host}/${REPOS.api}:${TAG}`, `${REPOS.engine}:${TAG}`, `${REPOS.api}@${digests.api}`]
    checkOnlyWith(url, refs.join('\n'))
    const { out } = await captureStdoutAsync(() => run())
    expect(out).not.toContain('::error')
    expect(process.exitCode).toBeUndefined()
    const [token] = reg.tokens.tokens(/^deepgram-self-hosted-login\//)
    expect(token).toBeDefined()
    const lines = out.split('\n')
    // The token is masked before any line that could carry it, and appears nowhere else.
    expect(lines).toContain(`::add-mask::${token}`)
    expect(lines.filter(l => l.includes(token!))).toEqual([`::add-mask::${token}`])
    expect(lines).toContain(`${refs[0]}: will pull, ${digests.api}.`)
    expect(fileCommands(files.GITHUB_OUTPUT)['digests']).toBe(
      [`${refs[0]}@${digests.api}`, `${refs[1]}@${digests.engine}`, refs[2]].join('\n')
    )
    const summary = readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')
    expect(summary).toContain(`<code>${digests.engine}</code>`)
    expect(summary).not.toContain(token!)
    expect(fileCommands(files.GITHUB_STATE)).toEqual({})
  })

  it('every problem in one ::error; no digests output', async () => {
    const { url } = await apiWith(['self-hosted:product:api', 'self-hosted:product:engine'])
    checkOnlyWith(url, `${REPOS.api}:release-215015, ${REPOS.licenseProxy}:${TAG}, ${REPOS.engine}:${TAG}`)
    const { out } = await captureStdoutAsync(() => run())
    expect(process.exitCode).toBe(1)
    const errors = out.split('\n').filter(l => l.startsWith('::error'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(
      /^::error title=Images would not pull::2 of 3 images would not pull from 127\.0\.0\.1:\d+; did not log in:%0A- /
    )
    expect(errors[0]).toContain(`the tag release-215015 does not exist in repository ${REPOS.api}`)
    expect(errors[0]).toContain(`this credential set cannot pull repository ${REPOS.licenseProxy}`)
    expect(errors[0]).toContain('self-hosted:product:license-proxy')
    expect(fileCommands(files.GITHUB_OUTPUT)['digests']).toBeUndefined()
    expect(readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8')).toContain('images would not pull')
  })

  it('signs in to the registry while the API is asked: the token is in hand before the API answers', async () => {
    let answeredAt = 0
    api = await startLoopback([
      {
        handle: res =>
          setTimeout(() => {
            answeredAt = Date.now()
            res.writeHead(200, { 'content-type': 'application/json' })
            res.end(
              JSON.stringify(
                listBody([{ id: SET_ID, scopes: ['self-hosted:product:api', 'self-hosted:product:engine'] }])
              )
            )
          }, 700)
      }
    ])
    const before = reg.tokens.requests.length
    checkOnlyWith(api.url, `${REPOS.api}:${TAG}\n${REPOS.engine}:${TAG}`)
    const { out } = await captureStdoutAsync(() => run())
    expect(out).not.toContain('::error')
    const tokenRequests = reg.tokens.requests.slice(before)
    // One token request, covering both repositories, made before the API's answer came.
    expect(tokenRequests).toHaveLength(1)
    expect(tokenRequests[0]!.at).toBeLessThan(answeredAt)
    expect(fileCommands(files.GITHUB_OUTPUT)['digests']?.split('\n')).toHaveLength(2)
  })

  it('the set fails its scope check: the early sign-in is never reported, only the scopes', async () => {
    const { url } = await apiWith(['self-hosted:product:api'])
    setInputs({
      'project-id': PROJECT,
      'api-key': KEY,
      'credentials-id': SET_ID,
      secret: 'not-the-secret-0000',
      login: 'false',
      registry: reg.host,
      images: `${REPOS.api}:${TAG}`,
      'api-url': url
    })
    const { out } = await captureStdoutAsync(() => run())
    expect(process.exitCode).toBe(1)
    const errors = out.split('\n').filter(l => l.startsWith('::error'))
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^::error title=Credential set lacks required scopes::/)
  })

  it('an image on another registry: refused before any registry request', async () => {
    const { url } = await apiWith(['self-hosted:product:api', 'self-hosted:product:engine'])
    const before = reg.tokens.requests.length
    checkOnlyWith(url, `${REPOS.api}:${TAG}\nquay.io/${REPOS.engine}:${TAG}`)
    const { out } = await captureStdoutAsync(() => run())
    expect(process.exitCode).toBe(1)
    expect(out).toContain(
      `::error title=Image on another registry::\`images\` lists quay.io/${REPOS.engine}:${TAG} (registry quay.io)`
    )
    expect(reg.tokens.requests.length).toBe(before)
  })
})
