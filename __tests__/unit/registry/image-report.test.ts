import { realmRefused } from '../../../src/registry/auth-challenge.js'
import { afterEach, describe, expect, it } from 'vitest'
import { ActionError } from '../../../src/errors.js'
import { imageRef } from '../../support/refs.ts'
import {
  imagesError,
  imagesFailedHeadline,
  problemOf,
  resultLabel,
  scopeHint
} from '../../../src/registry/image-report.js'
import type { ImageResult, ImageRow } from '../../../src/registry/results.js'
import { parseRegistryMessage } from '../../../src/registry/session.js'
import { encodedForms, forgetHidden, hideInServerText } from '../../../src/sanitize.js'

const D = `sha256:${'ab'.repeat(32)}`
const E = `sha256:${'cd'.repeat(32)}`
const CTX = { registry: 'quay.io', scopes: ['self-hosted:product:api'] }
const row = (ref: string, result: ImageResult): ImageRow => ({ image: imageRef(ref), result })

describe('scopeHint', () => {
  it.each([
    ['deepgram/self-hosted-engine', 'self-hosted:product:engine'],
    ['deepgram/self-hosted-api', 'self-hosted:product:api'],
    ['deepgram/self-hosted-license-proxy', 'self-hosted:product:license-proxy'],
    ['deepgram/self-hosted-billing', 'self-hosted:product:billing'],
    ['deepgram/onprem-engine', 'self-hosted:product:engine'],
    ['deepgram/onprem-api', 'self-hosted:product:api'],
    ['deepgram/onprem-license-proxy', 'self-hosted:product:license-proxy'],
    ['other/self-hosted-metrics-server', 'self-hosted:product:metrics-server'],
    ['deepgram/self-hosted-unknown', undefined],
    ['deepgram/engine', undefined],
    ['deepgram/self-hosted-engine-extra', undefined]
  ])('%s -> %s', (name, hint) => {
    expect(scopeHint(name)).toBe(hint)
  })
})

describe('imageProblem', () => {
  it('has nothing to say about a pullable image', () => {
    expect(problemOf(row('deepgram/a:1', { kind: 'ok', digest: D }), CTX)).toBeUndefined()
  })

  it('a refused repository: names it, and the scope its name suggests, which the set lacks', () => {
    const p = problemOf(row('deepgram/self-hosted-engine:release-1', { kind: 'denied', status: 401 }), CTX)
    expect(p).toContain('this credential set cannot pull repository deepgram/self-hosted-engine on quay.io (HTTP 401')
    expect(p).toContain(
      'suggests the scope self-hosted:product:engine (a hint: the mapping is not documented), which the set lacks'
    )
    expect(p).toContain('create a set with self-hosted:product:engine')
  })

  it('a refused repository whose scope the set carries (also through the umbrella or onprem:)', () => {
    for (const scopes of [['self-hosted:product:engine'], ['self-hosted:products'], ['onprem:product:engine']]) {
      const p = problemOf(row('quay.io/deepgram/onprem-engine:1', { kind: 'denied', status: 403 }), {
        ...CTX,
        scopes
      })
      expect(p).toContain('which the set carries')
      expect(p).toContain('ask Deepgram support')
    }
  })

  it('a refused repository without a known product name: no scope named', () => {
    const p = problemOf(row('deepgram/tools:1', { kind: 'denied', status: 401 }), CTX)
    expect(p).not.toContain('self-hosted:product')
    expect(p).toContain('Check that the set was created with the scope of the product')
  })

  it('a missing tag names the repository and the tag', () => {
    const p = problemOf(row('deepgram/self-hosted-api:release-215015', { kind: 'unknown', status: 404 }), CTX)
    expect(p).toBe(
      "the tag release-215015 does not exist in repository deepgram/self-hosted-api on quay.io (HTTP 404): check the tag against the release you deploy (Deepgram's tags look like release-YYMMDD) and the repository name."
    )
    expect(problemOf(row('deepgram/x', { kind: 'unknown', status: 404 }), CTX)).toContain(
      'the tag latest does not exist'
    )
  })

  it('a missing digest names the digest', () => {
    const p = problemOf(row(`deepgram/x@${D}`, { kind: 'unknown', status: 404 }), CTX)
    expect(p).toContain(`no manifest with digest ${D} in repository deepgram/x on quay.io`)
  })

  it('a digest mismatch names both digests', () => {
    const p = problemOf(row(`deepgram/x@${D}`, { kind: 'mismatch', digest: E }), CTX)
    expect(p).toContain(`asked for digest ${D}, the registry answered with ${E}`)
  })

  it('other answers quote the registry, with the attempts', () => {
    const said = { code: 'NAME_INVALID', message: 'invalid repository name' }
    expect(problemOf(row('deepgram/x:1', { kind: 'error', status: 400, attempts: 1, said }), CTX)).toBe(
      'the registry answered HTTP 400 and gave an answer this action does not expect for a manifest. The registry said: "invalid repository name" (NAME_INVALID).'
    )
    expect(problemOf(row('deepgram/x:1', { kind: 'error', status: 503, attempts: 4, said: {} }), CTX)).toBe(
      'the registry answered HTTP 503 after 4 attempts and failed: the trouble is on the registry side; re-run later.'
    )
    expect(problemOf(row('deepgram/x:1', { kind: 'error', status: 429, attempts: 4, said: {} }), CTX)).toContain(
      'kept rate-limiting the request'
    )
  })

  it('redirects, timeouts, network errors, other registries and unchecked images', () => {
    expect(
      problemOf(row('deepgram/x:1', { kind: 'redirected', status: 302, location: 'https://cdn/x' }), CTX)
    ).toContain('redirected the manifest request (HTTP 302 to "https://cdn/x"), which this action does not follow')
    expect(
      problemOf(
        row('deepgram/x:1', {
          kind: 'no-answer',
          timedOut: true,
          detail: 'no complete answer within 8 s (3 attempts)'
        }),
        CTX
      )
    ).toContain('no complete answer within 8 s (3 attempts): check the runner')
    expect(problemOf(row('deepgram/x:1', { kind: 'no-answer', timedOut: false, detail: 'ECONNRESET' }), CTX)).toContain(
      'could not reach the registry (ECONNRESET)'
    )
    expect(problemOf(row('docker.io/x/y:1', { kind: 'foreign', registry: 'docker.io' }), CTX)).toContain(
      'it names the registry docker.io, not quay.io, so it was not checked and no credentials were sent'
    )
    expect(problemOf(row('deepgram/x:1', { kind: 'not-checked' }), CTX)).toContain('not checked')
  })

  it('labels every kind for the summary', () => {
    expect(resultLabel({ kind: 'ok', digest: D })).toBe('✓ will pull')
    expect(resultLabel({ kind: 'denied', status: 401 })).toBe('✗ no access')
    expect(resultLabel({ kind: 'unknown', status: 404 })).toBe('✗ not found')
    expect(resultLabel({ kind: 'not-checked' })).toBe('– not checked')
    expect(resultLabel({ kind: 'error', status: 500, attempts: 4, said: {} })).toBe('✗ registry error')
  })
})

describe('imagesError', () => {
  it('is undefined when every image will pull', () => {
    expect(imagesError([row('deepgram/a:1', { kind: 'ok', digest: D })], CTX)).toBeUndefined()
  })

  it('lists every image that would not pull, one line each, in order', () => {
    const error = imagesError(
      [
        row('deepgram/self-hosted-api:release-1', { kind: 'ok', digest: D }),
        row('deepgram/self-hosted-api:release-215015', { kind: 'unknown', status: 404 }),
        row('deepgram/self-hosted-engine:release-1', { kind: 'denied', status: 401 })
      ],
      CTX
    )
    expect(error).toBeInstanceOf(ActionError)
    expect(error?.title).toBe('Images would not pull')
    const lines = error?.message.split('\n') ?? []
    expect(lines[0]).toBe('2 of 3 images would not pull from quay.io; did not log in:')
    expect(lines[1]).toMatch(/^- deepgram\/self-hosted-api:release-215015: the tag release-215015 does not exist/)
    expect(lines[2]).toMatch(/^- deepgram\/self-hosted-engine:release-1: this credential set cannot pull/)
    expect(lines).toHaveLength(3)
  })
})

describe('registry-wide errors', () => {
  it('a realm refused, sanitised', () => {
    const e = realmRefused('r:1', 'http://evil.example/t\n::error::x', { kind: 'plain-http' })
    expect(e.message).toContain(
      '"http://evil.example/t ::error::x", which uses plain http to a host that is not loopback, so the secret would travel unencrypted: the secret was not sent there'
    )
    expect(e.message).not.toContain('\n')
  })
})

describe('registry words that echo the secret', () => {
  const USER = 'deepgram+64d1f840-3b7e-43b2-a7b6-d56756d4476d'
  const SECRET = 'Sx9-secret-4f2a9c1e7b3d5a8f'
  const basic = Buffer.from(`${USER}:${SECRET}`).toString('base64')
  afterEach(() => forgetHidden())

  it.each([
    [
      'errors[0].message',
      JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: `${'m'.repeat(190)} Basic ${basic}` }] })
    ],
    ['details', JSON.stringify({ details: `${'m'.repeat(195)}${SECRET}` })]
  ])('%s: redacted before the cut to 200 characters', (_, body) => {
    hideInServerText([SECRET, `${USER}:${SECRET}`].flatMap(encodedForms))
    const said = parseRegistryMessage(body)
    expect(said.message).toMatch(/\*\*\*/)
    expect(said.message).not.toContain(SECRET.slice(0, 4))
    expect(said.message).not.toContain(basic.slice(0, 4))
  })
})

describe('issue 15: answers that are not manifests, anonymous refusals, the time limit', () => {
  it('a host that is not a registry: says so, and which Content-Type it gave', () => {
    const r = row('deepgram/a:1', { kind: 'not-manifest', status: 200, contentType: 'text/html' })
    expect(resultLabel(r.result)).toBe('✗ not a registry')
    expect(problemOf(r, CTX)).toBe(
      'quay.io answered HTTP 200 with Content-Type "text/html", not one of the manifest types asked for: it does not look like a container registry (a website answers every path), so the image was not found there. Check `registry`.'
    )
    expect(problemOf(row('deepgram/a:1', { kind: 'not-manifest', status: 200 }), CTX)).toContain(
      'with no Content-Type, where a manifest type was asked for'
    )
  })

  it('refused without credentials sent: never claims the secret was accepted', () => {
    const problem = problemOf(row('deepgram/a:1', { kind: 'denied', status: 401, anonymous: true }), CTX)
    expect(problem).toContain('so the secret was never sent and this check proved nothing about it')
    expect(problem).not.toContain('accepted')
    // With credentials sent, the message is unchanged.
    expect(problemOf(row('deepgram/a:1', { kind: 'denied', status: 401 }), CTX)).toContain(
      'although the registry accepted the secret'
    )
  })

  it('images left unchecked by the time limit are counted apart from those that would not pull', () => {
    const rows = [
      row('deepgram/a:1', { kind: 'ok', digest: D }),
      row('deepgram/b:1', { kind: 'unknown', status: 404 }),
      row('deepgram/c:1', { kind: 'not-checked', limitS: 60 }),
      row('deepgram/d:1', { kind: 'not-checked', limitS: 60 })
    ]
    const error = imagesError(rows, CTX)
    expect(error?.title).toBe('Image check ran out of time')
    expect(error?.message.split('\n')[0]).toBe(
      "1 of 4 images would not pull from quay.io, and 2 were left unchecked when the image check's 60 s limit ran out; did not log in:"
    )
    expect(error?.message).toContain(
      '- deepgram/c:1: not checked: the image check stops after 60 s, and this image had no answer by then.'
    )
    expect(resultLabel(rows[2]!.result)).toBe('– not checked')
  })
})

describe('an image given without a tag, no `release` set, and no tag latest (issue 23)', () => {
  const rows = [row('deepgram/self-hosted-api', { kind: 'unknown', status: 404 })]

  it('suggests `release: latest`, or naming a release tag', () => {
    expect(problemOf(rows[0]!, CTX)).toBe(
      'the tag latest does not exist in repository deepgram/self-hosted-api on quay.io (HTTP 404): the image was given without a tag, which means latest. ' +
        'Set `release: latest` to use the newest release every image given without a tag has, or name a release tag, like deepgram/self-hosted-api:release-260812.'
    )
  })

  it('the summary line says so too', () => {
    expect(imagesFailedHeadline(rows, 'quay.io')).toBe(
      '1 of 1 image would not pull from quay.io: an image given without a tag needs `release: latest` or a release tag'
    )
  })

  it('a tag given as latest, or a named release that is missing, keeps its own advice', () => {
    expect(problemOf(row('deepgram/x:latest', { kind: 'unknown', status: 404 }), CTX)).toContain(
      'check the tag against the release you deploy'
    )
    expect(imagesFailedHeadline([row('deepgram/x:latest', { kind: 'unknown', status: 404 })], 'quay.io')).toBe(
      '1 of 1 image would not pull from quay.io'
    )
  })
})
