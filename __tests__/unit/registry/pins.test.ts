import { describe, expect, it } from 'vitest'
import { imageRef } from '../../support/refs.ts'
import { digestLine, imageJson, shownRef, withRelease } from '../../../src/registry/pins.js'

const D = `sha256:${'0123456789abcdef'.repeat(4)}`
const E = `sha256:${'fedcba9876543210'.repeat(4)}`

describe('withRelease', () => {
  it('gives the release to tagless images only; a tag or a digest is kept as given', () => {
    const refs = [
      'deepgram/self-hosted-api',
      'quay.io/deepgram/self-hosted-engine',
      'deepgram/self-hosted-license-proxy:release-250101',
      `deepgram/self-hosted-billing@${D}`
    ].map(r => imageRef(r))
    const out = withRelease(refs, 'release-260812')
    expect(out.map(r => [r.given, r.tag, r.digest, r.fromRelease])).toEqual([
      ['deepgram/self-hosted-api', 'release-260812', undefined, true],
      ['quay.io/deepgram/self-hosted-engine', 'release-260812', undefined, true],
      ['deepgram/self-hosted-license-proxy:release-250101', 'release-250101', undefined, undefined],
      [`deepgram/self-hosted-billing@${D}`, undefined, D, undefined]
    ])
    // The input is not changed.
    expect(refs[0]!.tag).toBeUndefined()
  })
})

describe('shownRef and digestLine: the resolved reference', () => {
  it('a tagless image given a release shows the release', () => {
    const [api] = withRelease([imageRef('deepgram/self-hosted-api')], 'release-260812')
    expect(shownRef(api!)).toBe('deepgram/self-hosted-api:release-260812')
    expect(digestLine(api!, D)).toBe(`deepgram/self-hosted-api:release-260812@${D}`)
  })
  it('without a release, a tagless image stays as given (docker reads it as latest)', () => {
    const api = imageRef('deepgram/self-hosted-api')
    expect(shownRef(api)).toBe('deepgram/self-hosted-api')
    expect(digestLine(api, D)).toBe(`deepgram/self-hosted-api@${D}`)
  })
  it('a tag as given; a digest reference as it stands', () => {
    expect(digestLine(imageRef('quay.io/deepgram/x:release-1'), D)).toBe(`quay.io/deepgram/x:release-1@${D}`)
    expect(digestLine(imageRef(`deepgram/x@${D}`), D)).toBe(`deepgram/x@${D}`)
    expect(digestLine(imageRef(`deepgram/x:release-1@${D}`), D)).toBe(`deepgram/x:release-1@${D}`)
  })
})

describe('imageJson', () => {
  it('one object per image with the resolved tag and the pinned reference on the checked registry', () => {
    const [api] = withRelease([imageRef('deepgram/self-hosted-api')], 'release-260812')
    expect(imageJson(api!, 'quay.io', D)).toEqual({
      image: 'deepgram/self-hosted-api',
      registry: 'quay.io',
      repository: 'deepgram/self-hosted-api',
      tag: 'release-260812',
      digest: D,
      pinned: `quay.io/deepgram/self-hosted-api:release-260812@${D}`
    })
  })
  it('a reference with its registry: the registry checked, the repository without it', () => {
    expect(imageJson(imageRef('127.0.0.1:5000/deepgram/x:v1'), '127.0.0.1:5000', E)).toEqual({
      image: '127.0.0.1:5000/deepgram/x:v1',
      registry: '127.0.0.1:5000',
      repository: 'deepgram/x',
      tag: 'v1',
      digest: E,
      pinned: `127.0.0.1:5000/deepgram/x:v1@${E}`
    })
  })
  it('by digest only: tag null, pinned by digest', () => {
    expect(imageJson(imageRef(`quay.io/deepgram/x@${D}`), 'quay.io', D)).toEqual({
      image: `quay.io/deepgram/x@${D}`,
      registry: 'quay.io',
      repository: 'deepgram/x',
      tag: null,
      digest: D,
      pinned: `quay.io/deepgram/x@${D}`
    })
  })
  it('a tag and a digest: both kept (the pull goes by the digest)', () => {
    expect(imageJson(imageRef(`deepgram/x:release-1@${D}`), 'quay.io', D).pinned).toBe(
      `quay.io/deepgram/x:release-1@${D}`
    )
  })
  it('tagless without a release: latest, as docker reads it', () => {
    const j = imageJson(imageRef('deepgram/x'), 'quay.io', D)
    expect([j.tag, j.pinned]).toEqual(['latest', `quay.io/deepgram/x:latest@${D}`])
  })
})
