// The `images` input: lines and commas, masked values refused whole, and the
// words for every bad reference (registry/image-ref.ts names the problem).
import { describe, expect, it } from 'vitest'
import { InputError } from '../../../src/errors.js'
import { parseImages } from '../../../src/inputs/images.js'
import { thrown } from '../../support/helpers.js'

const D = `sha256:${'0123456789abcdef'.repeat(4)}`

describe('one bad reference, worded', () => {
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
    expect(() => parseImages('images', text)).toThrow(problem)
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
