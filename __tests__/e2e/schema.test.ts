// The stand-in's success bodies go through Deepgram's published schema
// (ListProjectDistributionCredentialsV1Response): these tests show the check
// has teeth, and that the in-tree copy of the spec is the shared one verbatim.
import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { assertListBody, listBodyErrors, SPEC_PATHS, specPath } from '../support/schema.ts'
import { DeepgramStandIn, listBody } from '../support/standin.ts'

const [SHARED, FIXTURE] = SPEC_PATHS as [string, string]

describe('the stand-in against the Deepgram OpenAPI schema', () => {
  test('the in-tree fallback is a verbatim copy of the shared excerpt', () => {
    expect(existsSync(FIXTURE)).toBe(true)
    if (existsSync(SHARED)) expect(readFileSync(FIXTURE, 'utf8')).toBe(readFileSync(SHARED, 'utf8'))
    expect(specPath()).toBe(existsSync(SHARED) ? SHARED : FIXTURE)
  })

  test("listBody() and the reference's example conform", () => {
    const id = randomUUID()
    expect(listBodyErrors(listBody([{ id, scopes: ['self-hosted:product:api'] }]))).toEqual([])
    expect(
      listBodyErrors(listBody([{ id, scopes: [], comment: 'c', created: '2023-06-28T20:01:41.642434Z' }]))
    ).toEqual([])
    const example = {
      distribution_credentials: [
        {
          member: { member_id: randomUUID(), email: 'someone@example.com' },
          distribution_credentials: {
            distribution_credentials_id: '64d1f840-3b7e-43b2-a7b6-d56756d4476d',
            provider: 'quay',
            comment: 'My self-hosted distribution credentials',
            scopes: ['self-hosted:product:api', 'self-hosted:product:engine'],
            created: '2023-06-28T20:01:41.642434Z',
            tags: ['extra fields are allowed']
          }
        }
      ]
    }
    expect(listBodyErrors(example)).toEqual([])
    // Documented: the list may be missing or empty.
    expect(listBodyErrors({})).toEqual([])
    expect(listBodyErrors({ distribution_credentials: [] })).toEqual([])
  })

  test('a non-conforming body is rejected, and the stand-in refuses to serve it', async () => {
    const id = randomUUID()
    const good = listBody([{ id, scopes: ['self-hosted:product:api'] }]) as {
      distribution_credentials: { member: unknown; distribution_credentials: Record<string, unknown> }[]
    }
    const noMember = { distribution_credentials: good.distribution_credentials.map(i => ({ ...i, member: undefined })) }
    const scopesString = listBody([{ id, scopes: 'self-hosted:product:api' as unknown as string[] }])
    const badId = listBody([{ id: 'not-a-uuid', scopes: [] }])
    const badDate = listBody([{ id, scopes: [], created: 'yesterday' }])
    const notAList = { distribution_credentials: { [id]: { scopes: [] } } }

    expect(listBodyErrors(noMember).join('\n')).toContain("must have required property 'member'")
    expect(listBodyErrors(scopesString).join('\n')).toContain('/scopes must be array')
    expect(listBodyErrors(badId).join('\n')).toContain('must match format "uuid"')
    expect(listBodyErrors(badDate).join('\n')).toContain('must match format "date-time"')
    expect(listBodyErrors(notAList).join('\n')).toContain('/distribution_credentials must be array')
    expect(listBodyErrors('<html></html>')).not.toEqual([])
    expect(() => assertListBody(badId)).toThrow(
      /does not match Deepgram's ListProjectDistributionCredentialsV1Response/
    )

    // Centrally: the stand-in will not start with a success body that drifts...
    await expect(DeepgramStandIn.start([{ status: 200, body: badId }])).rejects.toThrow(/uuid/)
    await expect(DeepgramStandIn.start([{ status: 503 }, { body: noMember }])).rejects.toThrow(/member/)
    await expect(DeepgramStandIn.start([{ body: '<html></html>' }])).rejects.toThrow(/not JSON/)
    // ...unless the reply says why it is off-spec; error bodies are not list bodies.
    const s = await DeepgramStandIn.start([
      { status: 401, body: { err_msg: 'x' } },
      { body: badId, offSpec: 'test' }
    ])
    await s.stop()
  })
})
