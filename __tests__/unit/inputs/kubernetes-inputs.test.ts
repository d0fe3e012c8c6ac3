// The inputs of the Kubernetes path: `release` and `docker-config`, alone and together with the others.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { getInputs } from '../../../src/inputs/context.js'
import type { StoredSetInputs } from '../../../src/inputs/modes.js'
import { parseRelease } from '../../../src/inputs/validate.js'
import { captureStdout, clearInputs, saveEnv, setInputs, thrown } from '../../support/helpers.js'

const PROJECT = '123e4567-e89b-12d3-a456-426614174000'
const SET_ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const KEY = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0'
const SECRET = 'S3CRET+value/with=odd%chars'
const BASE = { 'project-id': PROJECT, 'api-key': KEY, 'credentials-id': SET_ID, secret: SECRET }

function inputError(input: string, fn: () => unknown): InputError {
  const error = thrown(fn)
  expect(error).toBeInstanceOf(InputError)
  expect((error as InputError).title).toBe(`Invalid input ${input}`)
  return error as InputError
}

/** The inputs of a stored set: every field these tests read. */
function run(inputs: Record<string, string>): { inputs?: Partial<StoredSetInputs>; error?: unknown; out: string } {
  setInputs(inputs)
  const { result, error, out } = captureStdout(() => getInputs())
  return { inputs: result?.mode === 'stored' ? result : undefined, error, out }
}

let restoreEnv: () => void
beforeEach(() => {
  restoreEnv = saveEnv()
  clearInputs()
})
afterEach(() => restoreEnv())

describe('parseRelease', () => {
  it('empty: no release (a tagless image means latest, as docker reads it)', () => {
    expect(parseRelease('release', '')).toBeUndefined()
    expect(parseRelease('release', '  ')).toBeUndefined()
  })
  it('latest: the newest release, in any letter case', () => {
    for (const v of ['latest', 'Latest', 'LATEST', ' latest '])
      expect(parseRelease('release', v)).toEqual({ kind: 'latest' })
  })
  it('a release tag: named', () => {
    expect(parseRelease('release', 'release-260812')).toEqual({ kind: 'named', tag: 'release-260812' })
    expect(parseRelease('release', ' release-260812 ')).toEqual({ kind: 'named', tag: 'release-260812' })
  })
  it('latest-fips: the newest FIPS release, in any letter case', () => {
    for (const v of ['latest-fips', 'Latest-FIPS', ' LATEST-FIPS '])
      expect(parseRelease('release', v)).toEqual({ kind: 'latest', fips: true })
  })
  it('a FIPS release tag: named', () => {
    expect(parseRelease('release', 'release-260728-fips')).toEqual({ kind: 'named', tag: 'release-260728-fips' })
    expect(parseRelease('release', 'release-240229-fips')).toEqual({ kind: 'named', tag: 'release-240229-fips' })
  })
  it.each([
    '260812',
    'release-26081',
    'release-2608120',
    'release-260812-rc1',
    'v1.2.3',
    'newest',
    'release_260812',
    'release-269999',
    'release-260431',
    'release-260431-fips',
    'release-250229-fips',
    'release-260812-FIPS',
    'release-260812-fips-rc1',
    'release-260812fips',
    'latest-fip',
    'latestfips'
  ])('%j is refused, quoted, with what is accepted', value => {
    const error = inputError('release', () => parseRelease('release', value))
    expect(error.message).toBe(
      `Input \`release\` must be latest (the newest release every tagless image has), latest-fips (the newest FIPS release, release-YYMMDD-fips, they all have) or a release tag like release-260812 or release-260812-fips, got ${JSON.stringify(value)}.`
    )
  })
  it('a line break is refused without echoing the value', () => {
    const error = inputError('release', () => parseRelease('release', 'latest\n::set-output name=x::y'))
    expect(error.message).not.toContain('set-output')
  })
  it('the secret pasted here is never quoted', () => {
    const error = inputError('release', () => parseRelease('release', SECRET, [{ input: 'secret', value: SECRET }]))
    expect(error.message).not.toContain(SECRET)
    expect(error.message).toContain('`secret`')
  })
})

describe('getInputs: release and docker-config', () => {
  it('defaults: no release, no docker config file', () => {
    const { inputs, error } = run(BASE)
    expect(error).toBeUndefined()
    expect(inputs?.release).toBeUndefined()
    expect(inputs?.dockerConfig).toBe(false)
  })

  it('release with tagless images', () => {
    const { inputs, error } = run({
      ...BASE,
      login: 'false',
      images: 'deepgram/self-hosted-api\ndeepgram/self-hosted-engine:release-250101',
      release: 'latest'
    })
    expect(error).toBeUndefined()
    expect(inputs?.release).toEqual({ kind: 'latest' })
  })

  it('release without images: refused, says release picks the tag of tagless images', () => {
    const { error } = run({ ...BASE, release: 'latest' })
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toBe(
      'Input `release` applies to the images in `images` given without a tag or digest, but `images` is empty: list the images (like deepgram/self-hosted-api), or leave `release` empty.'
    )
  })

  it('release when every image has a tag or a digest: refused, nothing to resolve', () => {
    const { error } = run({
      ...BASE,
      images: 'deepgram/self-hosted-api:release-250101',
      release: 'release-260812'
    })
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toBe(
      'Input `release` applies to the images in `images` given without a tag or digest, but every image has one: write them without a tag (deepgram/self-hosted-api) to use the release, or leave `release` empty.'
    )
  })

  it('docker-config: a boolean like the others', () => {
    expect(run({ ...BASE, 'docker-config': 'true' }).inputs?.dockerConfig).toBe(true)
    clearInputs()
    expect(run({ ...BASE, 'docker-config': 'False' }).inputs?.dockerConfig).toBe(false)
    clearInputs()
    const { error } = run({ ...BASE, 'docker-config': 'yes' })
    expect((error as Error).message).toContain('Input `docker-config` must be true or false')
  })

  it('docker-config with login: false needs the secret, and says why', () => {
    const { error } = run({ ...BASE, secret: '', login: 'false', 'docker-config': 'true' })
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toBe(
      'Input `secret` is required when `docker-config` is true (the file holds the login) but is empty or not set.'
    )
  })

  it('docker-config with login: false and the secret: the secret is read and its docker form masked', () => {
    const { inputs, error, out } = run({ ...BASE, login: 'false', 'docker-config': 'true' })
    expect(error).toBeUndefined()
    expect(inputs?.secret).toBe(SECRET)
    const b64 = Buffer.from(`deepgram+${SET_ID}:${SECRET}`).toString('base64')
    expect(out).toContain(`::add-mask::${b64}`)
  })
})
