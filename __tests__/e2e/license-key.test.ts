// End-to-end: `license-key-id` (issue 28), the self-hosted API key the containers
// license with, checked beside the set: the built action against the stand-in,
// which keeps the project's sets and keys and answers a key's GET in either
// documented shape, with its visibility rules. Each outcome (ok in both shapes,
// a missing scope, expired, expiring, unknown) with a stored set and with a set
// made for the job; then what the API key may not see, and `retire`.
import { randomUUID } from 'node:crypto'
import { describe, expect, test } from 'vitest'
import type { ProjectOptions, SeedKey } from '../support/standin.ts'
import { API, ENGINE, withFixture, type Fixture, type Ran, type RunOptions } from './harness.ts'

/** What a runner sets: `rotate` and `retire` tell a rotation's sets apart by the repository's ID. */
const RUNNER = { GITHUB_REPOSITORY_ID: '123456', GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '4242' }
const BILLING = 'self-hosted:product:billing'
const DAY = 86_400_000
const EPHEMERAL = { ephemeral: 'true', 'credentials-id': undefined, secret: undefined }

type Mode = 'stored' | 'ephemeral'
const MODES: Mode[] = ['stored', 'ephemeral']

/** One run in `mode` with `key` in the project (its ID is `license-key-id`), checking only. */
async function runWith(
  mode: Mode,
  key: SeedKey & { id: string },
  outcome: RunOptions['outcome'],
  project: Partial<ProjectOptions> = {},
  inputs: Record<string, string | undefined> = {}
): Promise<{ f: Fixture; r: Ran }> {
  const setId = randomUUID()
  let result: { f: Fixture; r: Ran } | undefined
  await withFixture(
    {
      ids: { credentialsId: setId },
      project: { sets: [{ id: setId, scopes: [API, ENGINE] }], keys: [key], ...project },
      docker: 'absent'
    },
    async f => {
      const modeInputs = mode === 'ephemeral' ? EPHEMERAL : { secret: undefined }
      const r = await f.run({
        outcome,
        inputs: { login: 'false', 'license-key-id': key.id.toUpperCase(), ...modeInputs, ...inputs }
      })
      // The key was read by its ID, with the API key; never anything that could hold its value.
      const reads = r.requests.filter(q => q.url.includes('/keys'))
      expect(reads.map(q => `${q.method} ${q.url}`)).toEqual([`GET /v1/projects/${f.ids.projectId}/keys/${key.id}`])
      expect(reads[0]!.headers['authorization']).toBe(`Token ${f.ids.apiKey}`)
      if (mode === 'ephemeral') {
        // A set made for the job is deleted by the post step, whatever the key's check said.
        for (const made of r.created) expect(f.standIn!.sets.has(made.id)).toBe(false)
      }
      result = { f, r }
    }
  )
  return result!
}

const keyWith = (scopes: string[], expires?: number): SeedKey & { id: string } => ({
  id: randomUUID(),
  scopes,
  ...(expires === undefined ? {} : { expires: new Date(expires).toISOString() })
})

describe.concurrent('license-key-id with a stored set and with a set made for the job', () => {
  for (const mode of MODES) {
    for (const shape of ['sdk', 'spec'] as const) {
      test(`${mode}: a key with the products, answered in the ${shape} shape, passes; expires named`, async () => {
        const expires = Date.now() + 200 * DAY
        const key = keyWith([API, 'onprem:product:engine', 'usage:read'], expires)
        const { r } = await runWith(mode, key, 'pass', { keyShape: shape })
        expect(r.main.outputs['license-key-expires']).toBe(new Date(expires).toISOString())
        expect(r.log).toContain(
          `Self-hosted API key ${key.id} (\`license-key-id\`) carries ${API}, ${ENGINE}; it expires on ${new Date(expires).toISOString()}.`
        )
        expect(r.warnings).toEqual([])
        expect(r.main.summary).toContain(`Self-hosted API key <code>${key.id}</code>`)
        expect(r.main.summary).toContain('✓ carried, under its onprem: name')
        expect(r.main.summary).toMatch(/^<h3>✅/)
      })
    }

    test(`${mode}: a key that never expires: the output is empty`, async () => {
      const { r } = await runWith(mode, keyWith([API, ENGINE]), 'pass')
      expect(r.main.outputs['license-key-expires']).toBe('')
      expect(r.main.summary).toContain('✓ never expires')
    })

    test(`${mode}: a key short of a product scope fails, naming it`, async () => {
      const key = keyWith([API], Date.now() + 365 * DAY)
      const { r } = await runWith(mode, key, 'fail')
      expect(r.error).toContain('title=Self-hosted API key lacks required scopes')
      expect(r.error).toContain(`Self-hosted API key ${key.id} (\`license-key-id\`) lacks ${ENGINE} (it has: ${API})`)
      expect(r.main.summary).toContain(`❌ The self-hosted API key <code>${key.id}</code> lacks ${ENGINE}`)
      expect(r.main.summary).toContain('✗ missing')
    })

    test(`${mode}: an expired key fails, saying when`, async () => {
      const at = Date.now() - 2 * DAY - 3600_000
      const key = keyWith([API, ENGINE], at)
      const { r } = await runWith(mode, key, 'fail')
      expect(r.error).toContain('title=Self-hosted API key expired')
      expect(r.error).toContain(`expired on ${new Date(at).toISOString()} (2 days ago)`)
      expect(r.main.outputs['license-key-expires']).toBe(new Date(at).toISOString())
      expect(r.main.summary).toContain(`The self-hosted API key <code>${key.id}</code> has expired</h3>`)
    })

    test(`${mode}: a key that expires within 30 days passes with a warning naming the date`, async () => {
      const at = Date.now() + 10 * DAY + 3600_000
      const key = keyWith([API, ENGINE], at)
      const { r } = await runWith(mode, key, 'pass')
      const warning = r.warnings.find(w => w.includes('title=Self-hosted API key expires soon'))
      expect(warning).toContain(`${key.id} (\`license-key-id\`) expires on ${new Date(at).toISOString()} (in 10 days)`)
      expect(r.main.summary).toContain('⚠ expires on')
    })

    test(`${mode}: an unknown key fails naming its ID and what else a 404 may mean`, async () => {
      const other = keyWith([API, ENGINE])
      const asked = randomUUID()
      const setId = randomUUID()
      let outcome: Ran | undefined
      const project = { sets: [{ id: setId, scopes: [API, ENGINE] }], keys: [other] }
      await withFixture({ ids: { credentialsId: setId }, project, docker: 'absent' }, async f => {
        const modeInputs = mode === 'ephemeral' ? EPHEMERAL : { secret: undefined }
        outcome = await f.run({ outcome: 'fail', inputs: { login: 'false', 'license-key-id': asked, ...modeInputs } })
        // Read once the set checked out; a set made for the job is deleted by the post step.
        for (const made of outcome.created) expect(f.standIn!.sets.has(made.id)).toBe(false)
      })
      const r = outcome!
      expect(r.error).toContain('title=Self-hosted API key not found')
      expect(r.error).toContain(`No API key with ID ${asked} (\`license-key-id\`)`)
      expect(r.error).toContain('members:read, admins:read and owners:read')
      expect(r.main.summary).toContain('<h3>❌ Self-hosted API key not found</h3>')
      // The set's check is there too.
      expect(r.main.summary).toContain('✓ granted')
      expect(r.main.outputs['license-key-expires']).toBeUndefined()
    })
  }
})

describe.concurrent('license-key-id: what the API key may see, the umbrella, retire', () => {
  test('another account’s key, to an API key without the read scopes: a 404 that says why it may be', async () => {
    const key = { ...keyWith([API, ENGINE]), own: false }
    const { r } = await runWith('stored', key, 'fail', { callerScopes: ['keys:read'] })
    expect(r.error).toContain(`No API key with ID ${key.id}`)
    expect(r.error).toContain("sees only its own account's keys")
  })

  test('an API key without keys:read: a 401 INSUFFICIENT_PERMISSIONS said as a missing permission', async () => {
    const { r } = await runWith('stored', keyWith([API, ENGINE]), 'fail', { callerScopes: [] })
    expect(r.error).toContain('title=Deepgram API access denied')
    expect(r.error).toContain('HTTP 401 INSUFFICIENT_PERMISSIONS')
    expect(r.error).toContain('keys:read')
    expect(r.error).not.toContain('invalid, revoked or expired')
  })

  test('the umbrella, with a set made for the job: the key needs every product the new set got', async () => {
    const key = keyWith([API, ENGINE])
    const { r } = await runWith(
      'ephemeral',
      key,
      'fail',
      { accountScopes: [API, ENGINE, BILLING] },
      {
        'required-scopes': 'self-hosted:products'
      }
    )
    expect(r.created).toHaveLength(1)
    expect(r.error).toContain(`lacks ${BILLING}`)
    expect(r.error).toContain(`the product scopes of credential set ${r.created[0]!.id}`)
  })

  test('rotate: a good key, the rotation’s set kept; an expired key, the set not kept (and deleted)', async () => {
    const good = keyWith([API, ENGINE])
    const expired = keyWith([API, ENGINE], Date.now() - DAY)
    await withFixture({ project: { keys: [good, expired] }, docker: 'absent' }, async f => {
      const rotate = { rotate: 'prod-us', 'credentials-id': undefined, secret: undefined, login: 'false' }
      const kept = await f.run({ outcome: 'pass', inputs: { ...rotate, 'license-key-id': good.id }, env: RUNNER })
      expect(kept.created).toHaveLength(1)
      expect(f.standIn!.sets.has(kept.created[0]!.id)).toBe(true)
      expect(kept.main.summary).toContain(`Self-hosted API key <code>${good.id}</code>`)
      const dropped = await f.run({ outcome: 'fail', inputs: { ...rotate, 'license-key-id': expired.id }, env: RUNNER })
      expect(dropped.error).toContain('title=Self-hosted API key expired')
      expect(dropped.created).toHaveLength(1)
      expect(f.standIn!.sets.has(dropped.created[0]!.id)).toBe(false)
      expect(f.standIn!.deleted).toEqual([dropped.created[0]!.id])
      expect(dropped.main.summary).toContain('it is not kept')
    })
  })

  test('retire refuses license-key-id as an input error, before any request', async () => {
    await withFixture({ project: {}, docker: 'absent' }, async f => {
      const r = await f.run({
        outcome: 'fail',
        inputs: { retire: 'prod', secret: undefined, login: 'false', 'license-key-id': randomUUID() },
        env: RUNNER
      })
      expect(r.error).toContain('title=Invalid input license-key-id')
      expect(r.error).toContain('is not used with `retire`')
      expect(r.requests).toEqual([])
    })
  })

  test('not a UUID: an input error before any request', async () => {
    await withFixture({ project: {}, docker: 'absent' }, async f => {
      const r = await f.run({ outcome: 'fail', inputs: { login: 'false', secret: undefined, 'license-key-id': 'abc' } })
      expect(r.error).toContain('Input `license-key-id` must be the ID (api_key_id)')
      expect(r.requests).toEqual([])
    })
  })
})
