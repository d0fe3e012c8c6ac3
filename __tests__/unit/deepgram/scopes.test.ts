import { describe, expect, it } from 'vitest'
import {
  canonicalScope,
  checkScopes,
  isUmbrella,
  productScopes,
  scopesMissing,
  umbrellaProducts,
  type Grant
} from '../../../src/deepgram/scopes.js'

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
    // The umbrella required of a set the action made: met by the products Deepgram expanded it into.
    ['products meet a required umbrella', [API, ENGINE], [UMBRELLA], { [UMBRELLA]: 'products' }, [], []],
    ['no product does not', ['members:read'], [UMBRELLA], { [UMBRELLA]: 'missing' }, [UMBRELLA], []],
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

  it('a required umbrella: the product scopes the set got, each once under its self-hosted: name', () => {
    const live = [API, OLD_API, 'self-hosted:product:billing', 'onprem:product:billing', OLD_ENGINE]
    for (const umbrella of [UMBRELLA, OLD_UMBRELLA]) {
      const check = checkScopes(live, [umbrella])
      expect(check.ok).toBe(true)
      expect(check.results).toEqual([
        { scope: UMBRELLA, grant: 'products', products: [API, 'self-hosted:product:billing', ENGINE] }
      ])
      expect(umbrellaProducts(check)).toEqual([API, 'self-hosted:product:billing', ENGINE])
    }
    expect(umbrellaProducts(checkScopes(live, [API]))).toBeUndefined()
    // A set that lists the umbrella itself (the reference page's reading) has it directly.
    expect(checkScopes([UMBRELLA], [UMBRELLA]).results).toEqual([{ scope: UMBRELLA, grant: 'direct' }])
  })

  it('productScopes keeps only names: never odd server text', () => {
    expect(
      productScopes(['self-hosted:product:api<b>', 'self-hosted:product:', ' OnPrem:Product:X-1 ', 'keys:write'])
    ).toEqual(['self-hosted:product:x-1'])
  })

  it('isUmbrella: either prefix, any letter case', () => {
    expect([UMBRELLA, OLD_UMBRELLA, 'Self-Hosted:Products'].every(isUmbrella)).toBe(true)
    expect([API, 'self-hosted:productsx', 'products'].some(isUmbrella)).toBe(false)
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

describe('a set short of scopes', () => {
  const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'

  it('a set made short of a scope blames the account, not the set’s creator', () => {
    const error = scopesMissing(ID, ['self-hosted:product:engine'], 'self-hosted:product:api', 'this job')
    expect(error.message).toMatch(
      new RegExp(`^Credential set ${ID}, made for this job, is missing self-hosted:product:engine \\(it has: `)
    )
    expect(error.message).toContain("the API key's account does not hold")
    expect(scopesMissing(ID, ['x'], 'y').message).not.toContain('made for')
  })

  it("a rotation's set is named as the rotation's", () => {
    const m = scopesMissing(ID, ['self-hosted:product:engine'], 'self-hosted:product:api', 'rotation eu-west').message
    expect(m).toMatch(new RegExp(`^Credential set ${ID}, made for rotation eu-west, is missing `))
    expect(m).not.toContain('this job')
  })

  it('a missing scope: says what to do, the three ways', () => {
    const m = scopesMissing(ID, ['self-hosted:product:engine'], 'self-hosted:product:api').message
    expect(m).toContain('Create a new distribution credential set with the missing scopes')
    expect(m).toContain('lower `required-scopes`')
    expect(m).toContain('set `ephemeral: true`')
  })
})
