import { describe, expect, it } from 'vitest'
import { findCredentialSet, parseCredentialList, registryFor } from '../../../src/deepgram/credentials.js'
import type { CredentialSet } from '../../../src/deepgram/types.js'
import { ActionError } from '../../../src/errors.js'
import { listBody } from '../../support/standin.ts'
import { thrown } from '../../support/helpers.js'

const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const OTHER = '11111111-2222-4333-8444-555555555555'

/** The documented example response, verbatim. */
const DOCUMENTED = {
  distribution_credentials: [
    {
      member: { member_id: 'c7b9b131-73f3-11d9-8665-0b00d2e44b83', email: 'user@example.com' },
      distribution_credentials: {
        distribution_credentials_id: ID,
        provider: 'quay',
        comment: 'My self-hosted distribution credentials',
        scopes: ['self-hosted:product:api', 'self-hosted:product:engine'],
        created: '2023-06-28T20:01:41.642434Z'
      }
    }
  ]
}

function shapeError(body: unknown): ActionError {
  const error = thrown(() => parseCredentialList(body))
  expect(error).toBeInstanceOf(ActionError)
  expect((error as ActionError).title).toBe('Unexpected Deepgram API response')
  expect(error.message).toContain('not in the documented shape')
  return error as ActionError
}

describe('parseCredentialList', () => {
  it('reads the documented shape', () => {
    expect(parseCredentialList(DOCUMENTED)).toEqual([
      {
        id: ID,
        provider: 'quay',
        comment: 'My self-hosted distribution credentials',
        scopes: ['self-hosted:product:api', 'self-hosted:product:engine'],
        created: '2023-06-28T20:01:41.642434Z'
      }
    ])
  })

  it('reads several sets in order (the shape the stand-in serves)', () => {
    const sets = parseCredentialList(
      listBody([
        { id: ID, scopes: ['onprem:products'], comment: 'a' },
        { id: OTHER, scopes: [], provider: 'other' }
      ])
    )
    expect(sets.map(s => [s.id, s.provider, s.comment, s.scopes])).toEqual([
      [ID, 'quay', 'a', ['onprem:products']],
      [OTHER, 'other', '', []]
    ])
  })

  it('ignores unknown fields anywhere', () => {
    const body = {
      extra: { nested: true },
      distribution_credentials: [
        {
          member: { member_id: 'x', email: 'y', role: 'owner' },
          surprise: [1, 2, 3],
          distribution_credentials: {
            ...DOCUMENTED.distribution_credentials[0]!.distribution_credentials,
            tags: ['prod', 'eu'],
            expires: null,
            new_field: { a: 1 }
          }
        }
      ]
    }
    const [set] = parseCredentialList(body)
    expect(set).toEqual(parseCredentialList(DOCUMENTED)[0])
    expect(Object.keys(set!).sort()).toEqual(['comment', 'created', 'id', 'provider', 'scopes'])
  })

  it.each([[{}], [{ distribution_credentials: [] }], [{ distribution_credentials: null }]])(
    'reads %j as no sets',
    body => {
      expect(parseCredentialList(body)).toEqual([])
    }
  )

  it.each<[unknown, string]>([
    [{ other: 1 }, '"other"'],
    [{ data: [], status: 'ok' }, '"data", "status"'],
    [{ distribution_credential: [] }, '"distribution_credential"'],
    [{ a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7 }, '"a", "b", "c", "d", "e" and 2 more']
  ])('says %j is not a Deepgram list, naming its fields', (body, fields) => {
    const error = thrown(() => parseCredentialList(body))
    expect((error as ActionError).title).toBe('Unexpected Deepgram API response')
    expect(error.message).toContain('not with a Deepgram list of credential sets')
    expect(error.message).toContain(`(it has ${fields})`)
    expect(error.message).toContain('`api-url`')
  })

  it('names the fields of a foreign answer safely', () => {
    const error = thrown(() => parseCredentialList({ '\u001b[31m::error::x\nz': 1, ['k'.repeat(500)]: 2 }))
    expect(error.message).not.toContain('\u001b')
    expect(error.message).not.toContain('\n')
    expect(error.message).toContain('": :error::x z"')
    expect(error.message.length).toBeLessThan(600)
  })

  it('accepts a set without comment or created, and with null ones', () => {
    const sets = parseCredentialList({
      distribution_credentials: [
        { distribution_credentials: { distribution_credentials_id: ID, provider: 'quay', scopes: [] } },
        {
          distribution_credentials: {
            distribution_credentials_id: OTHER,
            provider: 'quay',
            scopes: ['self-hosted:products'],
            comment: null,
            created: null
          }
        }
      ]
    })
    expect(sets).toEqual([
      { id: ID, provider: 'quay', comment: '', scopes: [], created: '' },
      { id: OTHER, provider: 'quay', comment: '', scopes: ['self-hosted:products'], created: '' }
    ])
  })

  const good = DOCUMENTED.distribution_credentials[0]!.distribution_credentials
  const withSet = (dc: unknown): unknown => ({
    distribution_credentials: [{ member: {}, distribution_credentials: dc }]
  })

  it.each<[string, unknown, string, string]>([
    ['an array body', [DOCUMENTED], 'the body', 'a JSON object'],
    ['a string body', 'distribution_credentials', 'the body', 'a JSON object'],
    ['a null body', null, 'the body', 'a JSON object'],
    ['a string list', { distribution_credentials: 'none' }, 'distribution_credentials', 'a list'],
    ['an object list', { distribution_credentials: { a: 1 } }, 'distribution_credentials', 'a list'],
    ['an item that is a string', { distribution_credentials: ['x'] }, 'distribution_credentials[0]', 'an object'],
    [
      'an item without the inner object',
      { distribution_credentials: [{ member: {} }] },
      'distribution_credentials[0].distribution_credentials',
      'an object'
    ],
    [
      'an item without id',
      withSet({ ...good, distribution_credentials_id: undefined }),
      'distribution_credentials[0].distribution_credentials.distribution_credentials_id',
      'a non-empty string'
    ],
    [
      'an item with an empty id',
      withSet({ ...good, distribution_credentials_id: '' }),
      'distribution_credentials[0].distribution_credentials.distribution_credentials_id',
      'a non-empty string'
    ],
    [
      'an item with a numeric id',
      withSet({ ...good, distribution_credentials_id: 42 }),
      'distribution_credentials[0].distribution_credentials.distribution_credentials_id',
      'a non-empty string'
    ],
    [
      'scopes that are a string',
      withSet({ ...good, scopes: 'self-hosted:products' }),
      'distribution_credentials[0].distribution_credentials.scopes',
      'a list of strings'
    ],
    [
      'scopes with a non-string',
      withSet({ ...good, scopes: ['self-hosted:product:api', 7] }),
      'distribution_credentials[0].distribution_credentials.scopes',
      'a list of strings'
    ],
    [
      'missing scopes',
      withSet({ ...good, scopes: undefined }),
      'distribution_credentials[0].distribution_credentials.scopes',
      'a list of strings'
    ],
    [
      'a numeric provider',
      withSet({ ...good, provider: 1 }),
      'distribution_credentials[0].distribution_credentials.provider',
      'a string'
    ],
    [
      'a missing provider',
      withSet({ ...good, provider: undefined }),
      'distribution_credentials[0].distribution_credentials.provider',
      'a string'
    ],
    [
      'a comment that is not a string',
      withSet({ ...good, comment: { text: 'x' } }),
      'distribution_credentials[0].distribution_credentials.comment',
      'a string'
    ],
    [
      'a created that is a number',
      withSet({ ...good, created: 1687982501 }),
      'distribution_credentials[0].distribution_credentials.created',
      'a string'
    ]
  ])('refuses %s, naming the path', (_name, body, path, expected) => {
    const error = shapeError(body)
    expect(error.message).toContain(`${path} should be ${expected}`)
  })

  it('names the index of the bad item', () => {
    const body = {
      distribution_credentials: [
        DOCUMENTED.distribution_credentials[0],
        DOCUMENTED.distribution_credentials[0],
        { distribution_credentials: { ...good, provider: false } }
      ]
    }
    expect(shapeError(body).message).toContain('distribution_credentials[2].distribution_credentials.provider')
  })
})

describe('findCredentialSet', () => {
  const set = (id: string): CredentialSet => ({ id, provider: 'quay', comment: '', scopes: [], created: '' })
  const sets = [set(OTHER), set(ID.toUpperCase())]

  it.each([[ID], [ID.toUpperCase()], ['64D1F840-3b7e-43b2-a7b6-d56756d4476D']])(
    'finds %j whatever the letter case on either side',
    id => {
      expect(findCredentialSet(sets, id)).toBe(sets[1])
    }
  )

  it('is undefined when the list lacks it (the caller then asks for it by ID)', () => {
    expect(findCredentialSet([], ID)).toBeUndefined()
    expect(findCredentialSet([set(OTHER)], ID.toUpperCase())).toBeUndefined()
  })
})

describe('registryFor', () => {
  it('names an unknown provider safely: one line, no bidi override, cut', () => {
    const error = thrown(() => registryFor(`ghcr\u202e\u2066${'p'.repeat(500)}`, undefined))
    expect((error as ActionError).title).toBe('Unknown registry provider')
    expect(error.message).not.toMatch(/[\u202e\u2066]/)
    expect(error.message).toContain('"ghcr ppp')
    expect(error.message.length).toBeLessThan(500)
  })

  it.each([['quay'], ['Quay'], ['QUAY']])('maps provider %j to quay.io', provider => {
    expect(registryFor(provider, undefined)).toBe('quay.io')
  })

  it.each([
    ['quay', '127.0.0.1:5000'],
    ['something-new', 'mirror.example.com/quay']
  ])('lets the registry input win over provider %j', (provider, override) => {
    expect(registryFor(provider, override)).toBe(override)
  })

  it.each([['ghcr'], [''], ['constructor'], ['toString'], ['__proto__'], ['hasOwnProperty']])(
    'refuses unknown provider %j without a registry input, telling to set `registry`',
    provider => {
      const error = thrown(() => registryFor(provider, undefined))
      expect(error).toBeInstanceOf(ActionError)
      expect((error as ActionError).title).toBe('Unknown registry provider')
      expect(error.message).toContain(JSON.stringify(provider))
      expect(error.message).toContain('set the `registry` input')
      expect(error.message).toContain('quay -> quay.io')
    }
  )
})
