import { describe, expect, it } from 'vitest'
import {
  chooseRelease,
  newestRelease,
  nextPage,
  parseTagsPage,
  releaseRule,
  releaseTagsOf
} from '../../../src/registry/tags.js'
import { NOT_RELEASES, releases, shuffled } from '../../support/quay-tags.ts'

describe('newestRelease', () => {
  it('picks the newest by its date, whatever the order the tags come in', () => {
    const list = releases('250101', 400)
    expect(newestRelease(shuffled([...list, ...NOT_RELEASES]))).toBe(list[399])
    expect(newestRelease(['release-260101', 'release-251231'])).toBe('release-260101')
  })
  it('undefined when no tag is a release', () => {
    expect(newestRelease(NOT_RELEASES)).toBeUndefined()
    expect(newestRelease([])).toBeUndefined()
  })
  it('releaseTagsOf keeps the releases only', () => {
    expect(releaseTagsOf(['latest', 'release-260812', 'release-260812-rc1', 'release-250101'])).toEqual([
      'release-260812',
      'release-250101'
    ])
  })
})

describe('chooseRelease', () => {
  it('the newest release every image has, not the newest of any', () => {
    const api = ['release-260101', 'release-260201', 'release-260301', 'latest']
    const engine = ['release-260201', 'release-260101', 'release-260215']
    expect(chooseRelease([api, engine])).toEqual({ ok: true, release: 'release-260201' })
  })
  it('one image: its newest release', () => {
    expect(chooseRelease([['release-260101', 'release-260301', 'nightly-991231']])).toEqual({
      ok: true,
      release: 'release-260301'
    })
  })
  it('none in common: the newest release of each image, undefined for one without releases', () => {
    expect(chooseRelease([['release-260101', 'release-260301'], ['release-260201'], ['latest']])).toEqual({
      ok: false,
      newest: ['release-260301', 'release-260201', undefined]
    })
    expect(chooseRelease([['release-260101'], ['release-260201']])).toEqual({
      ok: false,
      newest: ['release-260101', 'release-260201']
    })
  })
  it('a tag that is not a release never counts, even when every image has it', () => {
    expect(
      chooseRelease([
        ['latest', 'release-999999-rc1'],
        ['latest', 'release-999999-rc1']
      ])
    ).toEqual({
      ok: false,
      newest: [undefined, undefined]
    })
  })
})

describe('release tags have a real date (issue 21)', () => {
  it('release-269999 is no release, nor is a suffixed build: latest is the newest real date', () => {
    const tags = [
      'release-269999',
      'release-260812-fips',
      'release-260230',
      'release-261301',
      'release-260812',
      'release-251231'
    ]
    expect(releaseTagsOf(tags)).toEqual(['release-260812', 'release-251231'])
    expect(newestRelease(tags)).toBe('release-260812')
    expect(chooseRelease([tags, ['release-269999', 'release-251231']])).toEqual({ ok: true, release: 'release-251231' })
  })
})

describe('parseTagsPage', () => {
  it('reads the tags of a distribution answer', () => {
    expect(parseTagsPage('{"name":"deepgram/x","tags":["a","release-260812"]}')).toEqual(['a', 'release-260812'])
    expect(parseTagsPage('\uFEFF{"name":"deepgram/x","tags":[]}')).toEqual([])
  })
  it('null tags (an empty repository) is no tags', () => {
    expect(parseTagsPage('{"name":"deepgram/x","tags":null}')).toEqual([])
  })
  it('anything else is undefined: not JSON, no tags array, a tag that is not a string', () => {
    for (const body of ['', '<html>', '[]', '{"name":"x"}', '{"tags":"release-260812"}', '{"tags":[1]}', 'null']) {
      expect(parseTagsPage(body), body).toBeUndefined()
    }
  })
})

describe('nextPage', () => {
  const here = 'https://quay.io/v2/deepgram/self-hosted-api/tags/list'
  const path = '/v2/deepgram/self-hosted-api/tags/list'
  const token = 'gAAAAABn1x-Zq_9%3D%3D'

  it("quay's absolute Link: followed verbatim, the opaque token untouched", () => {
    const url = `https://quay.io${path}?n=50&next_page=${token}`
    expect(nextPage(`<${url}>; rel="next"`, here, path)).toEqual({ kind: 'next', url })
  })
  it("distribution's relative Link: resolved against the page it came with", () => {
    const link = `<${path}?last=release-260812&n=100>; rel="next"`
    expect(nextPage(link, `${here}?n=100`, path)).toEqual({
      kind: 'next',
      url: `https://quay.io${path}?last=release-260812&n=100`
    })
  })
  it('no Link, or a Link with no rel="next": the last page', () => {
    expect(nextPage(undefined, here, path)).toEqual({ kind: 'last' })
    expect(nextPage('', here, path)).toEqual({ kind: 'last' })
    expect(nextPage(`<${here}?n=1>; rel="prev"`, here, path)).toEqual({ kind: 'last' })
    expect(nextPage(`<${here}?n=1>; title="next"`, here, path)).toEqual({ kind: 'last' })
  })
  it('rel is matched as RFC 8288 says: any case, unquoted, among several relation types, in any Link value', () => {
    const url = `${here}?n=50&next_page=x`
    for (const link of [
      `<${url}>; rel=next`,
      `<${url}>; REL="Next"`,
      `<${url}>;rel="last next"`,
      `<${here}?first>; rel="first", <${url}>; rel="next"`,
      `<${here}?a,b>; rel="prev",<${url}> ; rel = "next" ; title="page 2"`
    ]) {
      expect(nextPage(link, here, path), link).toEqual({ kind: 'next', url })
    }
    expect(nextPage([`<${here}?p>; rel="prev"`, `<${url}>; rel="next"`], here, path)).toEqual({ kind: 'next', url })
  })
  it('another origin is not followed: another host, port or scheme', () => {
    for (const url of [
      `https://evil.example${path}?n=50&next_page=x`,
      `https://quay.io:8443${path}?next_page=x`,
      `http://quay.io${path}?next_page=x`,
      `https://cdn.quay.io${path}?next_page=x`,
      `//evil.example${path}?next_page=x`
    ]) {
      const got = nextPage(`<${url}>; rel="next"`, here, path)
      expect(got.kind, url).toBe('elsewhere')
    }
  })
  it('the same origin but another path is not followed either (the token goes with it)', () => {
    const got = nextPage(`</v2/deepgram/other/tags/list?n=50>; rel="next"`, here, path)
    expect(got).toEqual({ kind: 'elsewhere', url: 'https://quay.io/v2/deepgram/other/tags/list?n=50' })
    expect(nextPage(`</v2/token?scope=x>; rel="next"`, here, path).kind).toBe('elsewhere')
  })
  it('a Link whose URL has credentials or is no URL at all is refused', () => {
    expect(nextPage(`<https://user:pw@quay.io${path}?n=1>; rel="next"`, here, path).kind).toBe('elsewhere')
    expect(nextPage(`<http://[::1>; rel="next"`, here, path).kind).toBe('bad')
    expect(nextPage(`rel="next"`, here, path)).toEqual({ kind: 'last' })
  })
  it('what a refused Link reports is sanitised and cut', () => {
    const got = nextPage(`<https://evil.example/\u001b[31m${'a'.repeat(500)}>; rel="next"`, here, path)
    expect(got.kind).toBe('elsewhere')
    const shown = (got as { url: string }).url
    expect(shown).not.toContain('\u001b')
    expect(shown.length).toBeLessThanOrEqual(200)
  })
})

describe('FIPS releases (release: latest-fips)', () => {
  const fips = releaseRule(true)
  it('the FIPS rule keeps release-YYMMDD-fips with a real date only; the plain rule never keeps one', () => {
    const tags = [
      'release-260728-fips',
      'release-260812',
      'release-260431-fips',
      'release-260812-fips-rc1',
      'release-260601-fips',
      'latest',
      'release-260901-FIPS'
    ]
    expect(releaseTagsOf(tags, fips)).toEqual(['release-260728-fips', 'release-260601-fips'])
    expect(releaseTagsOf(tags, releaseRule(false))).toEqual(['release-260812'])
    expect(newestRelease(tags, fips)).toBe('release-260728-fips')
    expect(newestRelease(tags)).toBe('release-260812')
  })
  it('the newest FIPS release every image has, not the newest plain one', () => {
    const api = ['release-260901', 'release-260728-fips', 'release-260812-fips', 'release-260601-fips']
    const engine = ['release-260901', 'release-260601-fips', 'release-260728-fips', 'release-260901-fips']
    expect(chooseRelease([api, engine], fips)).toEqual({ ok: true, release: 'release-260728-fips' })
    expect(chooseRelease([api, engine])).toEqual({ ok: true, release: 'release-260901' })
  })
  it('an image without FIPS builds: no choice, its newest undefined', () => {
    expect(chooseRelease([['release-260728-fips'], ['release-260728', 'release-260812']], fips)).toEqual({
      ok: false,
      newest: ['release-260728-fips', undefined]
    })
  })
})
