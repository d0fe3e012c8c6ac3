import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getInputs, maskSecretInputs } from '../../../src/inputs/context.js'
import type { JobSetInputs, StoredSetInputs } from '../../../src/inputs/modes.js'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ActionError, InputError } from '../../../src/errors.js'
import { captureStdout, clearInputs, saveEnv, setInputs, tempDir } from '../../support/helpers.js'
import { forgetHidden, sanitize } from '../../../src/sanitize.js'

const PROJECT = '123e4567-e89b-12d3-a456-426614174000'
const SET_ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const KEY = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0'
const SECRET = 'S3CRET+value/with=odd%chars'

const BASE = {
  'project-id': PROJECT,
  'api-key': KEY,
  'credentials-id': SET_ID,
  secret: SECRET
}

/** The values of the ::add-mask:: commands written, decoded. */
function masks(out: string): string[] {
  return out
    .split(/\r?\n/)
    .filter(l => l.startsWith('::add-mask::'))
    .map(l => l.slice('::add-mask::'.length).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%'))
}

/** The inputs of a stored set or a job's set: every field these tests read. */
function run(): {
  inputs?: Partial<Omit<StoredSetInputs, 'mode'>> & { mode: StoredSetInputs['mode'] | JobSetInputs['mode'] }
  error?: unknown
  out: string
} {
  const { result, error, out } = captureStdout(() => getInputs())
  return { inputs: result?.mode === 'stored' || result?.mode === 'job-set' ? result : undefined, error, out }
}

let restoreEnv: () => void
beforeEach(() => {
  restoreEnv = saveEnv()
  clearInputs()
  // What a runner sets; `rotate` and `retire` need it.
  process.env['GITHUB_REPOSITORY_ID'] = '123456'
})
afterEach(() => restoreEnv())

describe('environment handling in these tests', () => {
  it('INPUT_* names are upper-cased with hyphens kept', () => {
    setInputs({ 'project-id': PROJECT, 'required-scopes': 'x' })
    expect(process.env['INPUT_PROJECT-ID']).toBe(PROJECT)
    expect(process.env['INPUT_REQUIRED-SCOPES']).toBe('x')
  })

  it('starts each test without the inputs of the previous one', () => {
    expect(Object.keys(process.env).filter(n => n.startsWith('INPUT_'))).toEqual([])
  })
})

describe('maskSecretInputs', () => {
  it('masks the API key and the secret', () => {
    setInputs(BASE)
    const { out, error } = captureStdout(() => maskSecretInputs())
    expect(error).toBeUndefined()
    expect(masks(out)).toEqual([KEY, SECRET])
    expect(out).toContain(`::add-mask::${KEY}\n`)
    // '%' travels escaped in a workflow command
    expect(out).toContain('::add-mask::S3CRET+value/with=odd%25chars')
  })

  it('masks nothing for inputs that are not set (no empty mask)', () => {
    setInputs({ 'project-id': PROJECT })
    const { out } = captureStdout(() => maskSecretInputs())
    expect(masks(out)).toEqual([])
    expect(out).toBe('')
  })

  it('masks each line of a value with line breaks too', () => {
    setInputs({ 'api-key': 'first-part\nsecond-part\r\n  third-part  ', secret: SECRET })
    const { out } = captureStdout(() => maskSecretInputs())
    expect(masks(out)).toEqual([
      'first-part\nsecond-part\r\n  third-part',
      'first-part',
      'second-part',
      'third-part',
      SECRET
    ])
  })
})

describe('getInputs', () => {
  it('reads and validates every input', () => {
    setInputs({
      ...BASE,
      'project-id': PROJECT.toUpperCase(),
      'credentials-id': SET_ID.toUpperCase(),
      'required-scopes': 'self-hosted:product:api\nSelf-Hosted:Product:License-Proxy, onprem:product:engine',
      registry: '127.0.0.1:5000',
      login: 'True',
      logout: 'FALSE',
      'api-url': 'http://127.0.0.1:8080/',
      client: 'Podman'
    })
    const { inputs, error } = run()
    expect(error).toBeUndefined()
    expect(inputs).toEqual({
      projectId: PROJECT,
      apiKey: KEY,
      credentialsId: SET_ID,
      secret: SECRET,
      requiredScopes: ['self-hosted:product:api', 'self-hosted:product:license-proxy', 'onprem:product:engine'],
      registry: '127.0.0.1:5000',
      login: true,
      logout: false,
      apiUrl: 'http://127.0.0.1:8080',
      client: 'podman',
      images: [],
      release: undefined,
      dockerConfig: false,
      mode: 'stored'
    })
  })

  it('ephemeral: true needs neither credentials-id nor secret, even to log in', () => {
    setInputs({ 'project-id': PROJECT, 'api-key': KEY, ephemeral: 'true', login: 'true' })
    const { inputs, error, out } = run()
    expect(error).toBeUndefined()
    expect(inputs?.mode).toBe('job-set')
    expect(inputs).not.toHaveProperty('credentialsId')
    expect(inputs).not.toHaveProperty('secret')
    expect(inputs?.login).toBe(true)
    // Nothing to mask yet: the secret comes with the set, later.
    expect(masks(out)).toEqual([])
  })

  it.each(['self-hosted:products', 'self-hosted:product:api, ONPREM:PRODUCTS'])(
    'required-scopes %j of a stored set: an input error that says to name the product scopes',
    scopes => {
      setInputs({ ...BASE, 'required-scopes': scopes })
      const { error } = run()
      expect(error).toBeInstanceOf(InputError)
      const message = (error as Error).message
      expect((error as InputError).title).toBe('Invalid input required-scopes')
      expect(message).toMatch(
        /^Input `required-scopes` names (?:self-hosted|onprem):products, which a stored set never carries/
      )
      expect(message).toContain('name the product scopes')
      expect(message).toContain('self-hosted:product:api, self-hosted:product:engine')
    }
  )

  it('required-scopes self-hosted:products with ephemeral: every product scope the key can grant', () => {
    setInputs({ 'project-id': PROJECT, 'api-key': KEY, ephemeral: 'true', 'required-scopes': 'onprem:products' })
    const { inputs, error } = run()
    expect(error).toBeUndefined()
    expect(inputs?.requiredScopes).toEqual(['onprem:products'])
  })

  it('ephemeral: true with credentials-id or secret: an input error that quotes neither', () => {
    for (const [input, value] of [
      ['credentials-id', SET_ID],
      ['secret', SECRET]
    ] as const) {
      clearInputs()
      setInputs({ 'project-id': PROJECT, 'api-key': KEY, ephemeral: 'TRUE', [input]: value })
      const { error } = run()
      expect(error).toBeInstanceOf(InputError)
      expect((error as InputError).title).toBe(`Invalid input ${input}`)
      expect((error as Error).message).toContain('must be empty when `ephemeral` is true')
      expect((error as Error).message).not.toContain(value)
    }
  })

  it('without ephemeral, an empty credentials-id says it is needed unless ephemeral is true', () => {
    setInputs({ ...BASE, 'credentials-id': '' })
    const { error } = run()
    expect((error as Error).message).toBe(
      'Input `credentials-id` is required unless `ephemeral` is true but is empty or not set.'
    )
  })

  it('ephemeral must be a boolean', () => {
    setInputs({ ...BASE, ephemeral: 'yes' })
    expect((run().error as Error).message).toContain('Input `ephemeral` must be true or false')
  })

  it('reads images, one a line or comma-separated', () => {
    setInputs({
      ...BASE,
      images: 'quay.io/deepgram/self-hosted-api:release-260812,\n deepgram/self-hosted-engine:release-260812\n'
    })
    const { inputs, error } = run()
    expect(error).toBeUndefined()
    expect(inputs?.images).toEqual([
      {
        given: 'quay.io/deepgram/self-hosted-api:release-260812',
        host: 'quay.io',
        name: 'deepgram/self-hosted-api',
        tag: 'release-260812',
        digest: undefined
      },
      {
        given: 'deepgram/self-hosted-engine:release-260812',
        host: undefined,
        name: 'deepgram/self-hosted-engine',
        tag: 'release-260812',
        digest: undefined
      }
    ])
  })

  it('with images set and login false, still requires the secret, and says why', () => {
    setInputs({ ...BASE, secret: '', login: 'false', images: 'deepgram/self-hosted-api:release-260812' })
    const { error } = run()
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toBe(
      'Input `secret` is required when `images` is set (the image check signs in with it) but is empty or not set.'
    )
  })

  it('with images set and login false, reads and masks the secret like a login would', () => {
    setInputs({ ...BASE, login: 'false', images: 'deepgram/self-hosted-api:release-260812' })
    const { inputs, out, error } = run()
    expect(error).toBeUndefined()
    expect(inputs?.secret).toBe(SECRET)
    expect(masks(out)).toEqual([Buffer.from(`deepgram+${SET_ID}:${SECRET}`).toString('base64')])
  })

  it('refuses a bad image reference before the secret is even looked at', () => {
    setInputs({ ...BASE, secret: '', images: 'deepgram/ok:1, https://quay.io/deepgram/x:1' })
    const { error } = run()
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toMatch(
      /^Input `images` has a bad reference: "https:\/\/quay\.io\/deepgram\/x:1" starts with a URL scheme/
    )
  })

  it('applies the defaults of optional inputs', () => {
    setInputs(BASE)
    const { inputs } = run()
    expect(inputs).toMatchObject({
      requiredScopes: ['self-hosted:product:api', 'self-hosted:product:engine'],
      registry: undefined,
      login: true,
      logout: true,
      apiUrl: 'https://api.deepgram.com',
      client: 'auto'
    })
  })

  it('masks base64("deepgram+<lower-case id>:<secret>"), the form docker stores', () => {
    setInputs({ ...BASE, 'credentials-id': SET_ID.toUpperCase() })
    const { out, error } = run()
    expect(error).toBeUndefined()
    const stored = Buffer.from(`deepgram+${SET_ID}:${SECRET}`).toString('base64')
    expect(masks(out)).toContain(stored)
    expect(masks(out)).not.toContain(Buffer.from(`deepgram+${SET_ID.toUpperCase()}:${SECRET}`).toString('base64'))
    // getInputs itself prints nothing but masks
    expect(out.split('\n').filter(l => l !== '' && !l.startsWith('::add-mask::'))).toEqual([])
  })

  it('with login false, needs no secret and ignores one that is given', () => {
    setInputs({ ...BASE, secret: '', login: 'false' })
    const first = run()
    expect(first.error).toBeUndefined()
    expect(first.inputs?.login).toBe(false)
    expect(first.inputs?.secret).toBeUndefined()
    expect(masks(first.out)).toEqual([])

    setInputs({ ...BASE, login: 'FALSE' })
    const second = run()
    expect(second.inputs?.secret).toBeUndefined()
    expect(masks(second.out)).toEqual([])
  })

  it.each([[''], ['true'], ['TRUE']])('with login %j, requires the secret and says how to skip it', login => {
    setInputs({ ...BASE, secret: '', login })
    const { error } = run()
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toContain('`secret` is required when `login` is true')
    expect((error as Error).message).toContain('login: false')
  })

  it('reads a secret given only as whitespace as empty', () => {
    setInputs({ ...BASE, secret: '   ' })
    const { error } = run()
    expect((error as Error).message).toContain('`secret` is required')
  })

  it.each<[Record<string, string>, string]>([
    [{ 'project-id': '' }, 'project-id'],
    [{ 'project-id': '../..' }, 'project-id'],
    [{ 'api-key': '' }, 'api-key'],
    [{ 'credentials-id': 'abc' }, 'credentials-id'],
    [{ login: 'yes' }, 'login'],
    [{ logout: 'nope' }, 'logout'],
    [{ 'required-scopes': 'api' }, 'required-scopes'],
    [{ registry: 'https://quay.io' }, 'registry'],
    [{ 'api-url': 'http://api.deepgram.com' }, 'api-url'],
    [{ client: 'nerdctl' }, 'client'],
    [{ client: 'docker\n::error::x' }, 'client']
  ])('refuses %j, naming the input', (bad, input) => {
    setInputs({ ...BASE, ...bad })
    const { error } = run()
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toContain(`\`${input}\``)
  })

  it('refuses a workflow command smuggled after a line break in an ID, without echoing it', () => {
    setInputs({ ...BASE, 'credentials-id': `${SET_ID}\n::set-output name=x::y` })
    const { error, out } = run()
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toContain('`credentials-id` must be a single line')
    expect((error as Error).message).not.toContain('set-output')
    expect((error as Error).message).not.toContain(SET_ID)
    expect(out).not.toContain('set-output')
  })

  it.each<[string, string]>([
    ['secret', `${SECRET}\nmore`],
    ['secret', `${SECRET}\u0007`],
    ['api-key', `${KEY}\u0001`], // (an environment variable cannot hold NUL)
    ['api-key', `${KEY}\r\n::add-mask::x`]
  ])('refuses a bad %s without putting it in the message', (input, value) => {
    setInputs({ ...BASE, [input]: value })
    const { error } = run()
    expect(error).toBeInstanceOf(InputError)
    const message = (error as Error).message
    expect(message).toContain(`\`${input}\``)
    expect(message).not.toContain(SECRET)
    expect(message).not.toContain(KEY)
  })

  it.each<[string, (secret: string) => string]>([
    ['credentials-id', v => v],
    ['credentials-id', v => v.slice(0, 20)],
    ['credentials-id', v => `${v} `.trim().toUpperCase()],
    ['project-id', v => v],
    ['login', v => v],
    ['logout', v => v.slice(2, 12)],
    ['required-scopes', v => `self-hosted:products,${v}`],
    ['registry', v => `-${v}`],
    ['api-url', v => `https://host/${v}?`]
  ])('never echoes the secret (or part of it) pasted into %s', (input, paste) => {
    const secret = 'dgsec3f9a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4'
    setInputs({ ...BASE, secret, [input]: paste(secret) })
    const { error, out } = run()
    expect(error).toBeInstanceOf(InputError)
    const message = (error as Error).message
    expect(message).toContain(`\`${input}\``)
    expect(message).toContain('the `secret` input (not shown)')
    for (let i = 0; i + 8 <= secret.length; i++) expect(message.toLowerCase()).not.toContain(secret.slice(i, i + 8))
    expect(out.split('\n').filter(l => l !== '' && !l.startsWith('::add-mask::'))).toEqual([])
  })

  it('never echoes the API key pasted into credentials-id, even with login false', () => {
    setInputs({ ...BASE, login: 'false', 'credentials-id': KEY.slice(0, 36) })
    const { error } = run()
    expect((error as Error).message).toContain('the `api-key` input (not shown)')
    expect((error as Error).message).not.toContain(KEY.slice(0, 8))
  })
})

describe('getInputs: no secrets on fork pull requests and Dependabot runs', () => {
  let dir: ReturnType<typeof tempDir>
  // (clearInputs() has removed the test process's own event and actor.)
  beforeEach(() => {
    dir = tempDir('dg-event-')
  })
  afterEach(() => dir.remove())

  function pullRequest(head: string, base = 'acme/app', eventName = 'pull_request'): void {
    const path = join(dir.path, 'event.json')
    writeFileSync(
      path,
      JSON.stringify({
        action: 'synchronize',
        pull_request: {
          number: 7,
          head: { ref: 'patch-1', repo: { full_name: head, fork: head !== base } },
          base: { ref: 'main', repo: { full_name: base, fork: false } }
        }
      })
    )
    process.env['GITHUB_EVENT_NAME'] = eventName
    process.env['GITHUB_EVENT_PATH'] = path
  }

  it('says an empty api-key on a fork pull request is GitHub withholding secrets, and shows the if: that skips the step', () => {
    pullRequest('someone/app')
    setInputs({ ...BASE, 'api-key': '', secret: '' })
    const { error } = run()
    expect((error as ActionError).title).toBe('No secrets on a fork pull request')
    expect((error as Error).message).toBe(
      'Inputs `api-key` and `secret` are empty: this run is for a pull request from the fork someone/app, ' +
        'and GitHub passes no secrets to runs for pull requests from forks. ' +
        "Skip this step on such runs with `if: github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository`."
    )
  })

  it('names only the empty input, and only the secret when login is true', () => {
    pullRequest('someone/app')
    setInputs({ ...BASE, secret: '' })
    expect((run().error as Error).message).toMatch(
      /^Input `secret` is empty: this run is for a pull request from the fork/
    )
    setInputs({ ...BASE, secret: '', login: 'false' })
    expect(run().error).toBeUndefined()
  })

  it.each([['GITHUB_ACTOR'], ['GITHUB_TRIGGERING_ACTOR']])('says so for a Dependabot run (%s)', name => {
    process.env['GITHUB_EVENT_NAME'] = 'push'
    process.env[name] = 'dependabot[bot]'
    setInputs({ ...BASE, 'api-key': '' })
    const { error } = run()
    expect((error as ActionError).title).toBe('No secrets on a Dependabot run')
    expect((error as Error).message).toContain('Input `api-key` is empty: this run was started by Dependabot')
    expect((error as Error).message).toContain("`if: github.actor != 'dependabot[bot]'`")
  })

  it('keeps the plain message for a pull request from the same repository, or with secrets given', () => {
    pullRequest('acme/app')
    setInputs({ ...BASE, 'api-key': '' })
    expect((run().error as ActionError).title).toBe('Invalid input api-key')
    pullRequest('someone/app')
    setInputs(BASE)
    expect(run().error).toBeUndefined()
  })

  it('keeps the plain message on pull_request_target (it runs with secrets) and without a readable event file', () => {
    pullRequest('someone/app', 'acme/app', 'pull_request_target')
    setInputs({ ...BASE, 'api-key': '' })
    expect((run().error as ActionError).title).toBe('Invalid input api-key')
    process.env['GITHUB_EVENT_NAME'] = 'pull_request'
    process.env['GITHUB_EVENT_PATH'] = join(dir.path, 'missing.json')
    expect((run().error as ActionError).title).toBe('Invalid input api-key')
  })
})

describe('server text never shows the key, the secret or their encoded forms', () => {
  afterEach(() => forgetHidden())

  it('maskSecretInputs and getInputs register them for redaction', () => {
    setInputs(BASE)
    captureStdout(() => maskSecretInputs())
    expect(run().error).toBeUndefined()
    const b64 = (s: string): string => Buffer.from(s).toString('base64')
    for (const form of [
      KEY,
      SECRET,
      b64(SECRET),
      b64(KEY),
      b64(`deepgram+${SET_ID}:${SECRET}`),
      encodeURIComponent(SECRET)
    ]) {
      expect(sanitize(`echo: ${form}`)).toBe('echo: ***')
    }
  })
})

describe('license-key-id (issue 28)', () => {
  const KEY_ID = '9F2C1B7E-5A4D-4E3F-8B21-0C6D5E4F3A21'
  it('empty: no key to check; a UUID: kept lower-case, in every mode that checks a set', () => {
    setInputs(BASE)
    expect(run().inputs?.licenseKeyId).toBeUndefined()
    const modes: Record<string, string>[] = [
      {},
      { ephemeral: 'true', 'credentials-id': '', secret: '' },
      { rotate: 'prod', 'credentials-id': '', secret: '' }
    ]
    for (const mode of modes) {
      clearInputs()
      setInputs({ ...BASE, ...mode, 'license-key-id': KEY_ID })
      const { result, error } = captureStdout(() => getInputs())
      expect(error, JSON.stringify(mode)).toBeUndefined()
      expect(result?.mode === 'retire' ? 'retire' : result?.licenseKeyId).toBe(KEY_ID.toLowerCase())
    }
  })
  it('not a UUID: an input error naming it, quoting the value but never the API key', () => {
    setInputs({ ...BASE, 'license-key-id': 'dg_live_1234' })
    const { error } = run()
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).message).toMatch(/^Input `license-key-id` must be the ID \(api_key_id\)/)
    expect((error as InputError).message).toContain('"dg_live_1234"')
    clearInputs()
    setInputs({ ...BASE, 'license-key-id': KEY })
    const pasted = run().error as InputError
    expect(pasted.message).not.toContain(KEY)
    expect(pasted.message).toContain('`api-key`')
  })
  it('with retire: refused as an input error', () => {
    setInputs({ ...BASE, secret: '', retire: 'prod', 'license-key-id': KEY_ID })
    const { error } = run()
    expect(error).toBeInstanceOf(InputError)
    expect((error as InputError).message).toMatch(/^Input `license-key-id` is not used with `retire`/)
  })
})
