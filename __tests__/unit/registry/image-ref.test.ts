import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import {
  parseImageRef,
  parseImages,
  pinned,
  registryBaseUrl,
  registryHost,
  resolveImages,
  type ImageRef
} from '../../../src/registry/image-ref.js'
import { thrown } from '../../support/helpers.js'

const D = `sha256:${'0123456789abcdef'.repeat(4)}`

describe('parseImageRef', () => {
  it.each<[string, Omit<ImageRef, 'given'>]>([
    [
      'quay.io/deepgram/self-hosted-api:release-260812',
      { host: 'quay.io', name: 'deepgram/self-hosted-api', tag: 'release-260812' }
    ],
    ['deepgram/self-hosted-engine:release-260812', { name: 'deepgram/self-hosted-engine', tag: 'release-260812' }],
    ['self-hosted-api:release-1', { name: 'self-hosted-api', tag: 'release-1' }],
    ['deepgram/self-hosted-api', { name: 'deepgram/self-hosted-api' }],
    [`quay.io/deepgram/self-hosted-api@${D}`, { host: 'quay.io', name: 'deepgram/self-hosted-api', digest: D }],
    [`quay.io/deepgram/x:release-1@${D}`, { host: 'quay.io', name: 'deepgram/x', tag: 'release-1', digest: D }],
    ['127.0.0.1:5000/deepgram/x:v1.2_3', { host: '127.0.0.1:5000', name: 'deepgram/x', tag: 'v1.2_3' }],
    ['127.0.0.1:5000/deepgram/x', { host: '127.0.0.1:5000', name: 'deepgram/x' }],
    ['localhost/deepgram/x:1', { host: 'localhost', name: 'deepgram/x', tag: '1' }],
    ['[::1]:5000/deepgram/x:1', { host: '[::1]:5000', name: 'deepgram/x', tag: '1' }],
    ['Quay.IO/deepgram/x:1', { host: 'quay.io', name: 'deepgram/x', tag: '1' }],
    ['quay.io/a/b/c__d.e-f--g:TAG', { host: 'quay.io', name: 'a/b/c__d.e-f--g', tag: 'TAG' }],
    ['  quay.io/deepgram/x:1  ', { host: 'quay.io', name: 'deepgram/x', tag: '1' }]
  ])('%s', (text, expected) => {
    expect(parseImageRef(text)).toEqual({
      given: text.trim(),
      host: undefined,
      tag: undefined,
      digest: undefined,
      ...expected
    })
  })

  it.each<[string, string]>([
    ['https://quay.io/deepgram/x:1', 'starts with a URL scheme'],
    ['quay.io/deepgram/x :1', 'contains white space'],
    ['quay.io/deepgram/x@sha256:abc', 'not sha256: followed by 64 lower-case hex digits'],
    [`quay.io/deepgram/x@${D.toUpperCase()}`, 'not sha256:'],
    [`quay.io/deepgram/x@sha512:${'a'.repeat(128)}`, 'not sha256:'],
    ['quay.io/deepgram/x:-bad', 'has tag "-bad"'],
    [`quay.io/deepgram/x:${'t'.repeat(129)}`, 'a tag is 1 to 128'],
    ['quay.io/deepgram/x:', 'has tag ""'],
    ['quay.io/Deepgram/x:1', 'repository names are lower-case'],
    ['deepgram//x:1', 'is not an image reference'],
    ['quay.io/:1', 'is not an image reference'],
    ['-rm/x:1', 'is not an image reference'],
    ['bad_host.io/x:1', 'names the registry "bad_host.io"'],
    [`quay.io/${'a'.repeat(250)}`, 'longer than 255']
  ])('refuses %s', (text, problem) => {
    expect(() => parseImageRef(text)).toThrow(problem)
  })
})

describe('parseImages', () => {
  it('refuses a reference that holds a masked value, and never quotes it', () => {
    const secret = 'Zq8vRk2mW4pT9xLs'
    const masked = [{ input: 'secret', value: secret }]
    for (const value of [secret.toLowerCase(), `quay.io/deepgram/${secret.toLowerCase()}:1`, `deepgram/a:${secret}`]) {
      const error = thrown(() => parseImages('images', `deepgram/ok:1\n${value}`, masked))
      expect(error).toBeInstanceOf(InputError)
      expect(error.message).toContain('holds the `secret` input (not shown)')
      expect(error.message.toLowerCase()).not.toContain(secret.toLowerCase())
      expect(error.message.toLowerCase()).not.toContain(secret.toLowerCase().slice(0, 8))
    }
    // Without the masked value the same reference is an ordinary image.
    expect(parseImages('images', `deepgram/a:${secret}`).map(r => r.given)).toEqual([`deepgram/a:${secret}`])
  })

  it('reads lines and commas, skips blanks, drops exact repeats, keeps the order', () => {
    const refs = parseImages('images', 'quay.io/deepgram/a:1, deepgram/b:2\n\n  deepgram/c:3\r\ndeepgram/b:2,')
    expect(refs.map(r => r.given)).toEqual(['quay.io/deepgram/a:1', 'deepgram/b:2', 'deepgram/c:3'])
  })

  it('is empty for an empty input', () => {
    expect(parseImages('images', '')).toEqual([])
    expect(parseImages('images', ' \n , ')).toEqual([])
  })

  it('names every bad reference in one InputError', () => {
    const error = thrown(() => parseImages('images', 'deepgram/ok:1\nhttps://quay.io/x:1\nDeepgram/Y:2'))
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).toMatch(/^Input `images` has bad references: /)
    expect(error.message).toContain('"https://quay.io/x:1" starts with a URL scheme')
    expect(error.message).toContain('"Deepgram/Y:2" is not an image reference (repository names are lower-case)')
    expect(error.message).not.toContain('deepgram/ok')
  })
})

describe('resolveImages', () => {
  const refs = (...texts: string[]): ImageRef[] => texts.map(r => parseImageRef(r))

  it('resolves relative names to the registry, keeps its own host, sets other registries apart', () => {
    const { images, foreign } = resolveImages(
      refs(
        'deepgram/a:1',
        'QUAY.io/deepgram/b:2',
        'quay.io:443/deepgram/c',
        `quay.io/deepgram/d:1@${D}`,
        'docker.io/library/x:1',
        'quay.io:5000/deepgram/e:1'
      ),
      'quay.io'
    )
    expect(images.map(i => [i.given, i.registry, i.name, i.reference])).toEqual([
      ['deepgram/a:1', 'quay.io', 'deepgram/a', '1'],
      ['QUAY.io/deepgram/b:2', 'quay.io', 'deepgram/b', '2'],
      ['quay.io:443/deepgram/c', 'quay.io', 'deepgram/c', 'latest'],
      [`quay.io/deepgram/d:1@${D}`, 'quay.io', 'deepgram/d', D]
    ])
    expect(foreign.map(f => f.given)).toEqual(['docker.io/library/x:1', 'quay.io:5000/deepgram/e:1'])
  })

  it('takes the host of a registry given as host/namespace', () => {
    expect(registryHost('Quay.io/deepgram')).toBe('quay.io')
    const { images, foreign } = resolveImages(
      refs('quay.io/deepgram/a:1', 'deepgram/b:1', 'mirror.example/deepgram/a:1'),
      'quay.io/deepgram'
    )
    expect(images.map(i => `${i.registry}/${i.name}`)).toEqual(['quay.io/deepgram/a', 'quay.io/deepgram/b'])
    expect(foreign.map(f => f.host)).toEqual(['mirror.example'])
  })

  it('keeps port 443 distinct on a loopback registry (it speaks http there)', () => {
    expect(resolveImages(refs('127.0.0.1:443/x:1'), '127.0.0.1').foreign).toHaveLength(1)
  })
})

describe('pinned and registryBaseUrl', () => {
  it('pins a tag reference, keeps a digest reference as given', () => {
    expect(pinned(parseImageRef('deepgram/a:1'), D)).toBe(`deepgram/a:1@${D}`)
    expect(pinned(parseImageRef(`deepgram/a:1@${D}`), D)).toBe(`deepgram/a:1@${D}`)
  })

  it.each([
    ['quay.io', 'https://quay.io'],
    ['quay.io:8443', 'https://quay.io:8443'],
    ['127.0.0.1:5000', 'http://127.0.0.1:5000'],
    ['localhost:5000', 'http://localhost:5000'],
    ['[::1]:5000', 'http://[::1]:5000'],
    ['127.0.0.1.example.com', 'https://127.0.0.1.example.com']
  ])('%s -> %s', (host, url) => {
    expect(registryBaseUrl(host)).toBe(url)
  })
})

describe('parseImages: a secret with a comma or line breaks pasted in', () => {
  // Each part is a valid reference on its own: split first, every part would pass.
  const secret = 'k9vq2lkpw3x,deepgram/self-hosted-api'
  const masked = [{ input: 'secret', value: secret }]

  it.each([
    ['alone', secret],
    ['among references', `deepgram/ok:1\n${secret}\ndeepgram/b:2`]
  ])('%s: refused whole, and no part of it is quoted', (_, value) => {
    const error = thrown(() => parseImages('images', value, masked))
    expect(error).toBeInstanceOf(InputError)
    expect(error.message).toBe(
      'Input `images` holds the `secret` input (not shown), so it was not used: list image references only, one a line or comma-separated, and keep the secret in `secret`.'
    )
    expect(error.message).not.toContain('k9vq2')
  })
})
