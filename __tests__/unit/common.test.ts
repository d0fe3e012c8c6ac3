import { describe, expect, it } from 'vitest'
import { basicCredentials, isFipsReleaseTag, isReleaseTag, isUuid, timestampOf, usernameFor } from '../../src/common.js'
import { NOT_RELEASES } from '../support/quay-tags.ts'

const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'

describe('isUuid', () => {
  it.each([ID, ID.toUpperCase()])('%s is a UUID', id => expect(isUuid(id)).toBe(true))
  it.each(['', '.', '..', `${ID}/..`, ` ${ID}`, ID.slice(1), ID.replace(/-/g, '')])('%j is not', id =>
    expect(isUuid(id)).toBe(false)
  )
})

describe('usernameFor', () => {
  it('is deepgram+<lower-case id>', () => {
    expect(usernameFor(ID.toUpperCase())).toBe(`deepgram+${ID}`)
  })
})

describe('basicCredentials', () => {
  it("is base64 of username:secret, as docker's config file and a Basic header carry it", () => {
    const basic = basicCredentials(`deepgram+${ID}`, 's:e/c+r=t')
    expect(Buffer.from(basic, 'base64').toString()).toBe(`deepgram+${ID}:s:e/c+r=t`)
  })
})

describe('isReleaseTag', () => {
  it.each(['release-260812', 'release-000101', 'release-991231', 'release-240229', 'release-260131', 'release-261130'])(
    '%s is a release',
    tag => expect(isReleaseTag(tag)).toBe(true)
  )
  it.each([
    ...NOT_RELEASES,
    'release-',
    'release-26081a',
    ' release-260812',
    'release-260812 ',
    'xrelease-260812',
    // Not a real date: no month 0 or 13, no day 0, no 31st of a 30-day month, no 29 February outside a leap year.
    'release-269999',
    'release-261301',
    'release-260001',
    'release-260100',
    'release-260431',
    'release-250229',
    'release-260132',
    // Suffixed builds and version tags are not releases.
    'release-260812-fips',
    'release-260812.1',
    '1.176.0',
    'RELEASE-260812'
  ])('%j is not', tag => expect(isReleaseTag(tag)).toBe(false))
})

describe('timestampOf: the one date rule', () => {
  it('a full ISO 8601 timestamp, or nothing (Date.parse would read "2024" as a date long past)', () => {
    expect(timestampOf('2023-06-28T20:01:41.642434Z')).toBe(Date.UTC(2023, 5, 28, 20, 1, 41, 642))
    for (const text of ['', '1', '2024', '2024-01-01', '2024-02-30T00:00:00Z'])
      expect(timestampOf(text)).toBeUndefined()
  })
})

describe('isFipsReleaseTag', () => {
  it.each(['release-260728-fips', 'release-000101-fips', 'release-240229-fips', 'release-261231-fips'])(
    '%s is a FIPS release',
    tag => expect(isFipsReleaseTag(tag)).toBe(true)
  )
  it.each([
    'release-260728',
    'release-269999-fips',
    'release-260431-fips',
    'release-250229-fips',
    'release-260728-FIPS',
    'release-260728-fips-rc1',
    'release-260728-fips ',
    'release-260728fips',
    'release--fips',
    '-fips',
    'fips-release-260728',
    'release-260728-fips-fips'
  ])('%j is not', tag => expect(isFipsReleaseTag(tag)).toBe(false))
  it('no plain release is a FIPS one, and no FIPS release a plain one', () => {
    for (const tag of ['release-260728', 'release-260728-fips'])
      expect(isReleaseTag(tag) && isFipsReleaseTag(tag)).toBe(false)
  })
})
