import { describe, expect, it } from 'vitest'
import { readCreatedSet } from '../../../src/deepgram/created.js'

const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const SECRET = 'sEcReT-0123456789abcdef'
const FIELDS = {
  distribution_credentials_id: ID,
  provider: 'quay',
  comment: 'deepgram-self-hosted-login ephemeral acme/app run 1.1 deploy',
  scopes: ['self-hosted:product:api', 'self-hosted:product:engine'],
  created: '2026-11-30T16:00:00.000Z'
}
const SET = { id: ID, provider: 'quay', comment: FIELDS.comment, scopes: FIELDS.scopes, created: FIELDS.created }

describe('readCreatedSet', () => {
  it("reads the reference page's flat answer", () => {
    expect(readCreatedSet({ ...FIELDS, username: `deepgram+${ID}`, secret: SECRET })).toEqual({
      id: ID,
      secret: SECRET,
      masks: [SECRET],
      set: SET
    })
  })

  it("reads the live API's answer: the bare set, each product under both prefixes, tags", () => {
    const scopes = ['self-hosted:product:api', 'onprem:product:api']
    const body = { ...FIELDS, scopes, tags: ['ci', 'eu'], username: `deepgram+${ID}`, secret: SECRET }
    expect(readCreatedSet(body)).toEqual({ id: ID, secret: SECRET, masks: [SECRET], set: { ...SET, scopes } })
  })

  it("reads the OpenAPI excerpt's nested answer, the secret beside the ID", () => {
    const body = {
      member: { member_id: ID, email: 'a@example.com' },
      distribution_credentials: { ...FIELDS, secret: SECRET }
    }
    expect(readCreatedSet(body)).toEqual({ id: ID, secret: SECRET, masks: [SECRET], set: SET })
  })

  it('keeps the ID as the API spelled it (deletes use that spelling), ignores extra fields, and reads a missing comment as none', () => {
    const rest: Record<string, unknown> = { ...FIELDS }
    delete rest['comment']
    const r = readCreatedSet({ ...rest, distribution_credentials_id: ID.toUpperCase(), secret: SECRET, tags: [] })
    expect(r.id).toBe(ID.toUpperCase())
    expect(r.set?.comment).toBe('')
  })

  it('a secret outside the object that holds the ID is not the set’s, but is masked all the same', () => {
    const body = { member: {}, secret: SECRET, distribution_credentials: FIELDS }
    expect(readCreatedSet(body)).toEqual({ id: ID, masks: [SECRET], unusable: 'no-secret' })
  })

  it('no secret, a blank one or one of two lines: unusable, but any secret found is returned for masking', () => {
    expect(readCreatedSet({ ...FIELDS })).toEqual({ id: ID, masks: [], unusable: 'no-secret' })
    expect(readCreatedSet({ ...FIELDS, secret: 42 })).toEqual({ id: ID, masks: [], unusable: 'no-secret' })
    expect(readCreatedSet({ ...FIELDS, secret: '  ' })).toEqual({
      id: ID,
      secret: '  ',
      masks: ['  '],
      unusable: 'no-secret'
    })
    expect(readCreatedSet({ ...FIELDS, secret: 'a\nb' })).toEqual({
      id: ID,
      secret: 'a\nb',
      masks: ['a\nb'],
      unusable: 'no-secret'
    })
  })

  it('no ID, or one that is not a UUID (it would go into a URL and a user name): unusable, the secret still returned', () => {
    const noId: Record<string, unknown> = { ...FIELDS }
    delete noId['distribution_credentials_id']
    const noUsableId = { secret: SECRET, masks: [SECRET], unusable: 'no-id' }
    expect(readCreatedSet({ ...noId, secret: SECRET })).toEqual(noUsableId)
    expect(readCreatedSet({ ...FIELDS, distribution_credentials_id: '../../x', secret: SECRET })).toEqual(noUsableId)
    expect(readCreatedSet({ distribution_credentials: { secret: SECRET } })).toEqual(noUsableId)
  })

  it('scopes that are not a list of strings, or a provider that is not text: the shape, with the field', () => {
    expect(readCreatedSet({ ...FIELDS, scopes: 'self-hosted:products', secret: SECRET })).toMatchObject({
      id: ID,
      secret: SECRET,
      unusable: 'shape',
      where: 'scopes'
    })
    expect(readCreatedSet({ ...FIELDS, provider: 1, secret: SECRET })).toMatchObject({
      unusable: 'shape',
      where: 'provider'
    })
    expect(readCreatedSet([FIELDS])).toEqual({ masks: [], unusable: 'shape', where: 'the body' })
    expect(readCreatedSet(null)).toEqual({ masks: [], unusable: 'shape', where: 'the body' })
  })
})
