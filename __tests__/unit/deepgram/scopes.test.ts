import { describe, expect, it } from 'vitest'
import { canonicalScope, checkScopes, type Grant } from '../../../src/deepgram/scopes.js'

const API = 'self-hosted:product:api'
const ENGINE = 'self-hosted:product:engine'
const PROXY = 'self-hosted:product:license-proxy'
const UMBRELLA = 'self-hosted:products'
const OLD_API = 'onprem:product:api'
const OLD_ENGINE = 'onprem:product:engine'
const OLD_UMBRELLA = 'onprem:products'

describe('canonicalScope', () => {
  it.each([
    [API, API],
    [OLD_API, API],
    [OLD_UMBRELLA, UMBRELLA],
    ['  OnPrem:Product:Engine ', ENGINE],
    ['SELF-HOSTED:PRODUCTS', UMBRELLA],
    ['members:read', 'members:read']
  ])('%j -> %j', (scope, expected) => {
    expect(canonicalScope(scope)).toBe(expected)
  })
})

describe('checkScopes', () => {
  it.each<[string, string[], string[], Record<string, Grant>, string[], string[]]>([
    // name, granted, required, grant per required scope, missing, legacyOnly
    ['direct', [API, ENGINE], [API, ENGINE], { [API]: 'direct', [ENGINE]: 'direct' }, [], []],
    ['umbrella grants products', [UMBRELLA], [API, ENGINE], { [API]: 'umbrella', [ENGINE]: 'umbrella' }, [], []],
    ['umbrella grants any product', [UMBRELLA], [PROXY], { [PROXY]: 'umbrella' }, [], []],
    ['umbrella grants itself', [UMBRELLA], [UMBRELLA], { [UMBRELLA]: 'direct' }, [], []],
    ['legacy twin', [OLD_API, OLD_ENGINE], [API, ENGINE], { [API]: 'legacy', [ENGINE]: 'legacy' }, [], [API, ENGINE]],
    [
      'both prefixes listed: not legacy only',
      [API, OLD_API, ENGINE, OLD_ENGINE],
      [API, ENGINE],
      { [API]: 'direct', [ENGINE]: 'direct' },
      [],
      []
    ],
    [
      'legacy umbrella',
      [OLD_UMBRELLA],
      [API, ENGINE],
      { [API]: 'legacy-umbrella', [ENGINE]: 'legacy-umbrella' },
      [],
      [API, ENGINE]
    ],
    [
      'mixed: one direct, one legacy only',
      [API, OLD_ENGINE],
      [API, ENGINE],
      { [API]: 'direct', [ENGINE]: 'legacy' },
      [],
      [ENGINE]
    ],
    ['new umbrella beats a legacy product name', [UMBRELLA, OLD_ENGINE], [ENGINE], { [ENGINE]: 'umbrella' }, [], []],
    ['engine missing', [API], [API, ENGINE], { [API]: 'direct', [ENGINE]: 'missing' }, [ENGINE], []],
    ['all missing', [], [API, ENGINE], { [API]: 'missing', [ENGINE]: 'missing' }, [API, ENGINE], []],
    [
      'only the missing ones are listed, in order',
      [ENGINE, 'self-hosted:product:billing'],
      [PROXY, ENGINE, API],
      { [PROXY]: 'missing', [ENGINE]: 'direct', [API]: 'missing' },
      [PROXY, API],
      []
    ],
    ['a product does not grant the umbrella', [API, ENGINE], [UMBRELLA], { [UMBRELLA]: 'missing' }, [UMBRELLA], []],
    [
      'legacy umbrella grants a required legacy umbrella',
      [OLD_UMBRELLA],
      [UMBRELLA],
      { [UMBRELLA]: 'legacy' },
      [],
      [UMBRELLA]
    ],
    [
      'required onprem: names are read as self-hosted: names',
      [API],
      [OLD_API, OLD_ENGINE],
      { [API]: 'direct', [ENGINE]: 'missing' },
      [ENGINE],
      []
    ],
    [
      'case-insensitive on both sides',
      ['SELF-HOSTED:PRODUCT:API', ' OnPrem:Product:Engine '],
      ['Self-Hosted:Product:Api', 'SELF-HOSTED:PRODUCT:ENGINE'],
      { [API]: 'direct', [ENGINE]: 'legacy' },
      [],
      [ENGINE]
    ],
    [
      'unrelated scopes grant nothing',
      ['members:read', 'self-hosted:product:apix', 'onprem:product:ap'],
      [API],
      { [API]: 'missing' },
      [API],
      []
    ]
  ])('%s', (_name, granted, required, grants, missing, legacyOnly) => {
    const check = checkScopes(granted, required)
    expect(Object.fromEntries(check.results.map(r => [r.scope, r.grant]))).toEqual(grants)
    expect(check.results.map(r => r.scope)).toEqual(Object.keys(grants))
    expect(check.missing).toEqual(missing)
    expect(check.legacyOnly).toEqual(legacyOnly)
    expect(check.ok).toBe(missing.length === 0)
  })

  it('counts a scope required under both names once', () => {
    const check = checkScopes([], [OLD_ENGINE, ENGINE, 'Self-Hosted:Product:Engine'])
    expect(check.results).toEqual([{ scope: ENGINE, grant: 'missing' }])
    expect(check.missing).toEqual([ENGINE])
  })

  it('is not ok when nothing at all is granted and something is required', () => {
    expect(checkScopes([], [API]).ok).toBe(false)
  })

  it('is ok when nothing is required', () => {
    const check = checkScopes([], [])
    expect(check).toEqual({ results: [], missing: [], legacyOnly: [], ok: true })
  })

  it('does not change its arguments', () => {
    const granted = ['SELF-HOSTED:PRODUCT:API']
    const required = ['OnPrem:Product:Api']
    checkScopes(granted, required)
    expect(granted).toEqual(['SELF-HOSTED:PRODUCT:API'])
    expect(required).toEqual(['OnPrem:Product:Api'])
  })
})
