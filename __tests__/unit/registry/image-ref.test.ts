import { describe, expect, it } from 'vitest'
import {
  loginServer,
  type ReferenceProblem,
  parseImageRef,
  registryBaseUrl,
  registryHost,
  resolveImages,
  type ImageRef
} from '../../../src/registry/image-ref.js'
import { digestLine } from '../../../src/registry/pins.js'
import { imageRef } from '../../support/refs.ts'

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
      ok: true,
      ref: { given: text.trim(), host: undefined, tag: undefined, digest: undefined, ...expected }
    })
  })

  it.each<[string, ReferenceProblem]>([
    ['https://quay.io/deepgram/x:1', { kind: 'scheme' }],
    ['quay.io/deepgram/x :1', { kind: 'white-space' }],
    ['quay.io/deepgram/x@sha256:abc', { kind: 'digest', part: 'sha256:abc' }],
    ['quay.io/deepgram/x:-bad', { kind: 'tag', part: '-bad' }],
    ['quay.io/deepgram/x:', { kind: 'tag', part: '' }],
    ['quay.io/Deepgram/x:1', { kind: 'not-a-reference', upperCase: true }],
    ['deepgram//x:1', { kind: 'not-a-reference', upperCase: false }],
    ['bad_host.io/x:1', { kind: 'host', part: 'bad_host.io' }],
    [`quay.io/${'a'.repeat(250)}`, { kind: 'too-long', max: 255 }]
  ])('%s: not a reference, and the problem is named for inputs/ to word', (text, problem) => {
    expect(parseImageRef(text)).toEqual({ ok: false, given: text.trim(), problem })
  })
})

const refs = (...texts: string[]): ImageRef[] => texts.map(r => imageRef(r))

describe('resolveImages', () => {
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

describe('digestLine and registryBaseUrl', () => {
  it('pins a tag reference, keeps a digest reference as given', () => {
    expect(digestLine(imageRef('deepgram/a:1'), D)).toBe(`deepgram/a:1@${D}`)
    expect(digestLine(imageRef(`deepgram/a:1@${D}`), D)).toBe(`deepgram/a:1@${D}`)
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

describe('the default https port is written away (issue 21)', () => {
  it('quay.io:443 is quay.io, with or without a namespace; other ports and loopback registries keep theirs', () => {
    expect(registryHost('quay.io:443')).toBe('quay.io')
    expect(registryHost('Quay.IO:443/deepgram')).toBe('quay.io')
    expect(registryHost('quay.io:8443')).toBe('quay.io:8443')
    expect(registryHost('mirror.example:4430')).toBe('mirror.example:4430')
    // A loopback registry speaks plain http: 443 is not its default port.
    expect(registryHost('127.0.0.1:443')).toBe('127.0.0.1:443')
    expect(registryHost('[::1]:443')).toBe('[::1]:443')
  })

  it('images checked against quay.io:443 are on quay.io: the check, the digests and the config key agree', () => {
    const { images, foreign } = resolveImages(refs('quay.io/deepgram/a:1', 'deepgram/b:1'), 'quay.io:443')
    expect(foreign).toEqual([])
    expect(images.map(i => i.registry)).toEqual(['quay.io', 'quay.io'])
  })
})

describe('loginServer (issue 21)', () => {
  it('drops the default https port, keeps the namespace, another port, and a loopback registry as given', () => {
    expect(loginServer('quay.io:443')).toBe('quay.io')
    expect(loginServer('quay.io:443/deepgram')).toBe('quay.io/deepgram')
    expect(loginServer('quay.io/deepgram')).toBe('quay.io/deepgram')
    expect(loginServer('quay.io:8443')).toBe('quay.io:8443')
    expect(loginServer('127.0.0.1:443')).toBe('127.0.0.1:443')
    expect(loginServer('127.0.0.1:5000/ns')).toBe('127.0.0.1:5000/ns')
  })
})
