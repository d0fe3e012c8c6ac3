// End-to-end: the API as it really answers (issue 28, ../shared/deepgram-api.md):
// create sends provider, comment and scopes in the JSON body (onprem: names in
// required-scopes still make a set); a 400's modern body is quoted with its
// details; a 401 INSUFFICIENT_PERMISSIONS is a missing permission, not an invalid
// key; a member role with keys:write makes its set and deletes it after the job.
import { describe, expect, test } from 'vitest'
import { API, ENGINE, calls, withFixture } from './harness.ts'

const EPHEMERAL = { ephemeral: 'true', 'credentials-id': undefined, secret: undefined, login: 'false' }

describe.concurrent('the live API’s answers, as the action reads them', () => {
  test('create: provider, comment and scopes in the JSON body; onprem: names asked for are made', async () => {
    await withFixture({ project: {}, docker: 'absent' }, async f => {
      const r = await f.run({
        outcome: 'pass',
        inputs: { ...EPHEMERAL, 'required-scopes': 'onprem:product:api, onprem:product:engine' }
      })
      const request = f.standIn!.createRequests[0]!
      expect(request.body).toMatchObject({ provider: 'quay', scopes: [API, ENGINE] })
      expect(typeof request.body['comment']).toBe('string')
      expect(r.created[0]!.scopes).toEqual([API, 'onprem:product:api', ENGINE, 'onprem:product:engine'])
    })
  })

  test('a 400 with the modern INVALID_JSON body: quoted with its details, said as an unreadable request', async () => {
    const details = 'Json deserialize error: missing field `scopes` at line 1 column 42'
    const body = { category: 'INVALID_JSON', message: 'Invalid JSON submitted.', details, request_id: 'req-400' }
    await withFixture({ project: { faults: { create: [{ status: 400, body }] } }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: EPHEMERAL })
      expect(r.error).toContain('title=Deepgram API rejected the request')
      expect(r.error).toContain('could not read the request that creates a distribution credential set (HTTP 400)')
      expect(r.error).toContain(
        `Deepgram said: "Invalid JSON submitted. (${details})" (INVALID_JSON). Request ID: req-400.`
      )
      expect(r.error).not.toContain('refused the scopes')
    })
  })

  test('a 401 INSUFFICIENT_PERMISSIONS on the list: a missing permission, never "invalid, revoked or expired"', async () => {
    const body = { category: 'INSUFFICIENT_PERMISSIONS', message: 'User does not have sufficient permissions.' }
    await withFixture({ project: { faults: { list: [{ status: 401, body }] } }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: { login: 'false', secret: undefined } })
      expect(r.error).toContain('title=Deepgram API access denied')
      expect(r.error).toContain('HTTP 401 INSUFFICIENT_PERMISSIONS when listing distribution credentials')
      expect(r.error).toContain('is valid but lacks a permission')
      expect(r.error).not.toContain('invalid, revoked or expired')
    })
  })

  test('the member role with keys:write: makes the job’s set, and the post step deletes it (its own)', async () => {
    await withFixture({ project: { role: 'member', callerScopes: ['keys:write'] }, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'pass', inputs: EPHEMERAL })
      expect(r.created).toHaveLength(1)
      const id = r.created[0]!.id
      expect(calls(f, 'DELETE', r).map(q => q.url)).toEqual([
        `/v1/projects/${f.ids.projectId}/self-hosted/distribution/credentials/${id}`
      ])
      expect(f.standIn!.deleted).toEqual([id])
      expect(r.postLog).toContain(`Deleted credential set ${id}, made for this job.`)
    })
  })
})
