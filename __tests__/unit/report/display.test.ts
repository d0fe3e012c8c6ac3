import { describe, expect, it } from 'vitest'
import type { CredentialSet } from '../../../src/deepgram/types.js'
import { FIELD_LIMITS, listScopes, showSet } from '../../../src/report/display.js'

const SET: CredentialSet = {
  id: '64d1f840-3b7e-43b2-a7b6-d56756d4476d',
  provider: 'quay',
  comment: 'CI pulls',
  scopes: ['self-hosted:product:api', 'self-hosted:product:engine'],
  created: '2025-02-03T04:05:06.789Z'
}

/** What no shown field may contain: a line break, a control, an escape, a bidi override. */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

describe('showSet', () => {
  it('leaves an ordinary set as it is, and cuts nothing', () => {
    expect(showSet(SET)).toEqual({
      ...SET,
      scopesText: 'self-hosted:product:api,self-hosted:product:engine',
      cuts: []
    })
  })

  it('makes every server field one safe line', () => {
    const hostile =
      '\n::error::pwned\r\n::add-mask::x\u001b[31mred\u001b]8;;https://e\u0007l\u001b]8;;\u0007\u202eevil\n\n[a](https://e)'
    const shown = showSet({
      id: `${SET.id}\n::error::id`,
      provider: `::stop-commands::tok\n${hostile}`,
      comment: hostile,
      created: `2025\n\n![img](https://e/x.png)${hostile}`,
      scopes: [`::error::scope${hostile}`, 'self-hosted:product:api']
    })
    for (const value of [shown.id, shown.provider, shown.comment, shown.created, shown.scopesText, ...shown.scopes]) {
      expect(value).not.toMatch(UNSAFE)
      expect(value.startsWith('::')).toBe(false)
      expect(value).not.toContain('\n')
    }
    expect(shown.provider.startsWith(': :stop-commands::tok')).toBe(true)
    expect(shown.comment).toContain('red')
    expect(shown.cuts).toEqual([])
  })

  it('cuts a huge comment and says so, with the length it had', () => {
    const comment = 'c'.repeat(3 * 1024 * 1024)
    const shown = showSet({ ...SET, comment })
    expect(shown.comment).toHaveLength(FIELD_LIMITS.comment)
    expect(shown.comment.endsWith('...')).toBe(true)
    expect(shown.cuts).toEqual([`\`comment\` (${comment.length} characters, cut to ${FIELD_LIMITS.comment})`])
  })

  it('cuts each field at its own limit', () => {
    const shown = showSet({ ...SET, provider: 'p'.repeat(500), created: 'd'.repeat(500) })
    expect(shown.provider).toHaveLength(FIELD_LIMITS.provider)
    expect(shown.created).toHaveLength(FIELD_LIMITS.created)
    expect(shown.cuts.map(c => c.split(' ')[0])).toEqual(['`provider`', '`created`'])
  })

  it('cuts a long scope list for the output and says how many scopes there were', () => {
    const scopes = Array.from({ length: 2000 }, (_, i) => `self-hosted:product:p${i}`)
    const shown = showSet({ ...SET, scopes })
    expect(shown.scopesText.length).toBe(FIELD_LIMITS.scopes)
    expect(shown.scopes).toHaveLength(2000)
    expect(shown.cuts).toEqual([
      `\`scopes\` (2000 scopes, cut to ${FIELD_LIMITS.scopes} characters, each to ${FIELD_LIMITS.scope})`
    ])
  })

  it('cuts a single overlong scope', () => {
    const shown = showSet({ ...SET, scopes: ['s'.repeat(1000)] })
    expect(shown.scopes[0]).toHaveLength(FIELD_LIMITS.scope)
    expect(shown.cuts).toHaveLength(1)
  })
})

describe('listScopes', () => {
  it('lists a few, says how many more, and names an empty list', () => {
    expect(listScopes([])).toBe('no scopes')
    expect(listScopes(['a', 'b'])).toBe('a, b')
    expect(listScopes(['a', 'b', 'c', 'd'], 2)).toBe('a, b and 2 more')
  })
})
