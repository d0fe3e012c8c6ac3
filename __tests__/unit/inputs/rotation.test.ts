// The rotation modes' inputs: what each takes, what each refuses (naming the input,
// quoting no secret), all before any request.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { getInputs } from '../../../src/inputs/context.js'
import type { Inputs } from '../../../src/inputs/modes.js'
import { rotationChoice, type RotationInputs } from '../../../src/inputs/rotation.js'
import { InputError } from '../../../src/errors.js'
import { captureStdout, clearInputs, saveEnv, setInputs, thrown } from '../../support/helpers.js'

const PROJECT = '123e4567-e89b-12d3-a456-426614174000'
const SET_ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const KEY = 'a1b2c3d4e5f6a7b8c9d0a1b2c3d4e5f6a7b8c9d0'
const SECRET = 'S3CRET+value/with=odd%chars'

const NONE: RotationInputs = {
  rotate: '',
  retire: '',
  ephemeral: false,
  credentialsId: '',
  secret: '',
  images: false,
  release: '',
  dockerConfig: false,
  run: { GITHUB_REPOSITORY_ID: '123456', GITHUB_RUN_ID: '7' }
}

/** The InputError that `raw` gets, checked to name `input`. */
function refusal(raw: Partial<RotationInputs>, input: string): string {
  const error = thrown(() => rotationChoice({ ...NONE, ...raw }))
  expect(error).toBeInstanceOf(InputError)
  expect((error as InputError).title).toBe(`Invalid input ${input}`)
  return error.message
}

describe('without GITHUB_REPOSITORY_ID', () => {
  it.each([
    ['rotate', { rotate: 'prod-us' }],
    ['retire', { retire: 'prod-us', credentialsId: SET_ID }]
  ])('%s is refused with an input error that names the variable', (mode, raw) => {
    expect(refusal({ ...raw, run: { GITHUB_RUN_ID: '7' } }, mode)).toContain('GITHUB_REPOSITORY_ID')
  })
})

describe('rotationChoice', () => {
  it('neither rotate nor retire: no rotation, whatever else is set', () => {
    expect(rotationChoice(NONE)).toBeUndefined()
    expect(rotationChoice({ ...NONE, ephemeral: true, secret: SECRET, credentialsId: SET_ID })).toBeUndefined()
  })

  it('rotate: the name, and nothing else', () => {
    expect(rotationChoice({ ...NONE, rotate: 'prod-us', images: true, release: 'latest', dockerConfig: true })).toEqual(
      {
        mode: 'rotate',
        rotation: 'prod-us'
      }
    )
  })

  it('retire: the name and the set to keep, lower-case', () => {
    expect(rotationChoice({ ...NONE, retire: 'prod-us', credentialsId: SET_ID.toUpperCase() })).toEqual({
      mode: 'retire',
      rotation: 'prod-us',
      keepId: SET_ID
    })
  })

  it('a name is 1 to 32 lower-case letters, digits and -, starting with a letter or digit', () => {
    for (const name of ['a', '0', 'prod-us', 'eu-west-1', 'x'.repeat(32), '9-'])
      expect(rotationChoice({ ...NONE, rotate: name })).toEqual({ mode: 'rotate', rotation: name })
    for (const name of ['Prod', 'prod_us', '-prod', 'prod us', 'x'.repeat(33), 'prod.us', 'prod/us', 'é']) {
      for (const input of ['rotate', 'retire'] as const) {
        const message = refusal({ [input]: name, credentialsId: input === 'retire' ? SET_ID : '' }, input)
        expect(message).toContain('must name a rotation: 1 to 32 lower-case letters')
      }
    }
  })

  it('a name with a line break is refused without being echoed', () => {
    const message = refusal({ rotate: 'prod\n::warning::x' }, 'rotate')
    expect(message).toContain('must be a single line')
    expect(message).not.toContain('::warning')
  })

  it('rotate and retire together: refused, naming retire', () => {
    expect(refusal({ rotate: 'prod-us', retire: 'prod-us', credentialsId: SET_ID }, 'retire')).toContain(
      'must be empty when `rotate` is set'
    )
  })

  it('rotate refuses ephemeral, secret and credentials-id, quoting none of them', () => {
    expect(refusal({ rotate: 'prod-us', ephemeral: true }, 'ephemeral')).toContain('must be false when `rotate` is set')
    const secret = refusal({ rotate: 'prod-us', secret: SECRET }, 'secret')
    expect(secret).toContain('must be empty when `rotate` is set')
    expect(secret).not.toContain(SECRET)
    const id = refusal({ rotate: 'prod-us', credentialsId: SET_ID }, 'credentials-id')
    expect(id).toContain('must be empty when `rotate` is set')
    expect(id).toContain('goes with `retire`')
  })

  it('retire refuses ephemeral, secret, images, release and docker-config', () => {
    const keep = { retire: 'prod-us', credentialsId: SET_ID }
    expect(refusal({ ...keep, ephemeral: true }, 'ephemeral')).toContain('must be false when `retire` is set')
    const secret = refusal({ ...keep, secret: SECRET }, 'secret')
    expect(secret).toContain('must be empty when `retire` is set')
    expect(secret).not.toContain(SECRET)
    expect(refusal({ ...keep, images: true }, 'images')).toContain('must be empty when `retire` is set')
    expect(refusal({ ...keep, release: 'latest' }, 'release')).toContain('must be empty when `retire` is set')
    expect(refusal({ ...keep, dockerConfig: true }, 'docker-config')).toContain('must be false when `retire` is set')
  })

  it('retire requires credentials-id, a UUID: the set to keep', () => {
    expect(refusal({ retire: 'prod-us' }, 'credentials-id')).toBe(
      "Input `credentials-id` is required when `retire` is set (the set to keep: the `credentials-id` output of the `rotate` step whose set the cluster's pull secret holds) but is empty or not set."
    )
    expect(refusal({ retire: 'prod-us', credentialsId: 'prod-us' }, 'credentials-id')).toContain(
      'must be the ID of the credential set to keep'
    )
  })
})

describe('getInputs with rotate or retire', () => {
  let restoreEnv: () => void
  beforeEach(() => {
    restoreEnv = saveEnv()
    clearInputs()
    process.env['GITHUB_REPOSITORY_ID'] = '123456'
  })
  afterEach(() => restoreEnv())

  const read = (): { inputs?: Inputs; error?: unknown } => {
    const { result, error } = captureStdout(() => getInputs())
    return { inputs: result, error }
  }

  it('rotate: logs in with the set it makes, so needs no secret even with login, images and docker-config', () => {
    setInputs({
      'project-id': PROJECT,
      'api-key': KEY,
      rotate: 'prod-us',
      login: 'true',
      images: 'quay.io/deepgram/self-hosted-api',
      release: 'latest',
      'docker-config': 'true'
    })
    const { inputs, error } = read()
    expect(error).toBeUndefined()
    expect(inputs).toMatchObject({ mode: 'rotate', rotation: 'prod-us', dockerConfig: true })
    expect(inputs).not.toHaveProperty('credentialsId')
    expect(inputs).not.toHaveProperty('secret')
  })

  it('retire: the set to keep, no secret even with login left at its default', () => {
    setInputs({ 'project-id': PROJECT, 'api-key': KEY, retire: 'prod-us', 'credentials-id': SET_ID, login: 'true' })
    const { inputs, error } = read()
    expect(error).toBeUndefined()
    // Only what retire uses: no images, docker-config, release, login nor secret.
    expect(inputs).toEqual({
      mode: 'retire',
      rotation: 'prod-us',
      keepId: SET_ID,
      projectId: PROJECT,
      apiKey: KEY,
      apiUrl: 'https://api.deepgram.com'
    })
  })

  it('the refusals come from the inputs alone', () => {
    setInputs({ 'project-id': PROJECT, 'api-key': KEY, rotate: 'prod-us', secret: SECRET })
    const { error } = read()
    expect(error).toBeInstanceOf(InputError)
    expect((error as Error).message).toContain('Input `secret` must be empty when `rotate` is set')
  })
})
