// What a user reads when `release` goes wrong: per image, and for the run.
import { describe, expect, it } from 'vitest'
import { imageRef } from '../../support/refs.ts'
import type { ImageResult, ImageRow, TagsFailure } from '../../../src/registry/results.js'
import {
  imagesError,
  imagesFailedHeadline,
  noCommonRelease,
  problemOf,
  resultLabel
} from '../../../src/registry/image-report.js'
import { withRelease } from '../../../src/registry/pins.js'

const CTX = { registry: 'quay.io', scopes: ['self-hosted:product:api', 'self-hosted:product:engine'] }
const API = imageRef('deepgram/self-hosted-api')
const D = `sha256:${'0'.repeat(64)}`
const row = (image = API, result: ImageResult): ImageRow => ({ image, result })
const tags = (failure: TagsFailure): string => problemOf(row(API, { kind: 'tags-failed', failure }), CTX) ?? ''

describe('a tags list that could not be read', () => {
  it('a Link elsewhere: quoted, not followed, and what to do instead', () => {
    const text = tags({ kind: 'elsewhere', url: 'https://evil.example/v2/x/tags/list?n=50' })
    expect(text).toBe(
      'its tags list links the next page to "https://evil.example/v2/x/tags/list?n=50", which is not the tags list of deepgram/self-hosted-api on quay.io: not followed, so that the token goes nowhere else. Name the release in `release` (like release-260812) instead of latest.'
    )
  })
  it('a loop, too many pages, a body that is no tags list, a Link that is no URL', () => {
    expect(tags({ kind: 'loop' })).toContain('links back to a page already read')
    expect(tags({ kind: 'too-many-pages', pages: 200 })).toContain('goes on past 200 pages')
    expect(tags({ kind: 'bad-body' })).toContain('is not a tags list')
    expect(tags({ kind: 'bad-link', url: 'http://[::1' })).toContain('not a URL ("http://[::1")')
  })
  it('refused: the set cannot pull the repository, with the scope hint', () => {
    expect(tags({ kind: 'denied', status: 401 })).toContain(
      'this credential set cannot pull repository deepgram/self-hosted-api on quay.io (HTTP 401'
    )
  })
  it('no such repository, an outage, no answer', () => {
    expect(tags({ kind: 'unknown', status: 404 })).toContain('the repository deepgram/self-hosted-api does not exist')
    expect(tags({ kind: 'error', status: 503, attempts: 3, said: {} })).toBe(
      'the registry answered its tags list with HTTP 503 after 3 attempts: re-run later, or name the release in `release`.'
    )
    expect(tags({ kind: 'no-answer', timedOut: false, detail: 'ECONNREFUSED' })).toContain('(ECONNREFUSED)')
  })
  it('an image whose tags were read waits for the others: not checked, and why', () => {
    expect(problemOf(row(API, { kind: 'not-checked', why: 'no-release' }), CTX)).toBe(
      "not checked: no release could be chosen, because another image's tags could not be read."
    )
  })
  it('labels for the summary', () => {
    expect(resultLabel({ kind: 'tags-failed', failure: { kind: 'loop' } })).toBe('✗ tags not read')
    expect(resultLabel({ kind: 'no-release', newest: 'release-260812' })).toBe('✗ no common release')
  })
})

describe('a named release that an image lacks', () => {
  it('is blamed on `release`, under the resolved reference', () => {
    const [api] = withRelease([API], 'release-260301')
    const rows = [row(api, { kind: 'unknown', status: 404 })]
    expect(problemOf(rows[0]!, CTX)).toBe(
      'the release release-260301 (from `release`) does not exist in repository deepgram/self-hosted-api on quay.io (HTTP 404): set `release` to a release every image has, or to latest for the newest one they share.'
    )
    expect(imagesError(rows, CTX)?.message).toContain('\n- deepgram/self-hosted-api:release-260301: the release')
  })
})

describe('no release common to every tagless image', () => {
  const engine = imageRef('quay.io/deepgram/self-hosted-engine')
  const proxy = imageRef('deepgram/self-hosted-license-proxy')
  const rows = [
    row(API, { kind: 'no-release', newest: 'release-260901' }),
    row(engine, { kind: 'no-release', newest: 'release-260812' }),
    row(proxy, { kind: 'no-release' })
  ]
  it('names the newest release of each image, and what to do', () => {
    const error = noCommonRelease(rows, CTX)
    expect(error.title).toBe('No common release')
    expect(error.message).toBe(
      '`release: latest` found no release tag (release-YYMMDD) that every image given without a tag has on quay.io, so it chose none and did not log in. ' +
        'The newest release of each: deepgram/self-hosted-api: release-260901; quay.io/deepgram/self-hosted-engine: release-260812; deepgram/self-hosted-license-proxy: no release tag. ' +
        'Set `release` to a release every one of them has, or check that `images` lists images Deepgram releases together.'
    )
  })
  it('adds what else failed, once', () => {
    const tagged = imageRef('deepgram/self-hosted-billing:release-1')
    const error = noCommonRelease(
      [...rows, row(tagged, { kind: 'unknown', status: 404 }), row(tagged, { kind: 'ok', digest: D })],
      CTX
    )
    expect(error.message).toContain(
      '\nAlso:\n- deepgram/self-hosted-billing:release-1: the tag release-1 does not exist'
    )
    expect(error.message.match(/Also/g)).toHaveLength(1)
  })
  it('the summary headline says which failure it was', () => {
    expect(imagesFailedHeadline(rows, 'quay.io')).toBe('No release is on every image given without a tag')
    expect(
      imagesFailedHeadline(
        [row(API, { kind: 'ok', digest: D }), row(engine, { kind: 'denied', status: 401 })],
        'quay.io'
      )
    ).toBe('1 of 2 images would not pull from quay.io')
  })
})

describe('no FIPS release common to every tagless image (release: latest-fips)', () => {
  const billing = imageRef('deepgram/self-hosted-billing')
  const rows = [
    row(API, { kind: 'no-release', newest: 'release-260728-fips', fips: true }),
    row(billing, { kind: 'no-release', fips: true })
  ]
  it('says FIPS release throughout, and names the image that has none', () => {
    const error = noCommonRelease(rows, CTX)
    expect(error.title).toBe('No common FIPS release')
    expect(error.message).toBe(
      '`release: latest-fips` found no FIPS release tag (release-YYMMDD-fips) that every image given without a tag has on quay.io, so it chose none and did not log in. ' +
        'The newest FIPS release of each: deepgram/self-hosted-api: release-260728-fips; deepgram/self-hosted-billing: no FIPS release tag. ' +
        'Set `release` to a release every one of them has, or check that `images` lists images Deepgram releases together.'
    )
    expect(problemOf(rows[1]!, CTX)).toBe(
      'it has no FIPS release tag (release-YYMMDD-fips), and no FIPS release is on every image given without a tag.'
    )
  })
  it('a named FIPS release one image lacks points at latest-fips', () => {
    const [named] = withRelease([API], 'release-260815-fips')
    expect(problemOf(row(named!, { kind: 'unknown', status: 404 }), CTX)).toContain(
      'or to latest-fips for the newest one they share.'
    )
  })
})
