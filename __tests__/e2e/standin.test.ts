// The stand-in as a project that keeps its sets: the live API's rules (the
// default), the reference page's lenient ones (create in both documented
// request and answer shapes), get, delete, the scripted refusals, and the
// token-auth registry accepting a set only while it exists, after its delay.
import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { bodyErrors, createBodyErrors, GET_SCHEMA, LIST_SCHEMA } from '../support/schema.ts'
import { DeepgramStandIn, type ProjectOptions } from '../support/standin.ts'
import { reposForScopes, REPOS, TokenRegistry } from '../support/token-registry.ts'
import { missingTools } from '../support/tools.ts'

const API = 'self-hosted:product:api'
const ENGINE = 'self-hosted:product:engine'
const KEY = 'key-for-the-stand-in'

async function project(opts: Partial<ProjectOptions> = {}): Promise<{ s: DeepgramStandIn; base: string }> {
  const projectId = randomUUID()
  const s = await DeepgramStandIn.startProject({ projectId, apiKey: KEY, ...opts })
  return { s, base: `${s.url}/v1/projects/${projectId}/self-hosted/distribution/credentials` }
}

async function call(
  url: string,
  method = 'GET',
  body?: unknown,
  key = KEY
): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Token ${key}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) })
  })
  const text = await res.text()
  let json: Record<string, unknown> = {}
  try {
    json = JSON.parse(text) as Record<string, unknown>
  } catch {
    // An error body in plain text (or none).
  }
  return { status: res.status, json }
}

/** A create request in both documented forms at once, as the action sends it. */
function both(base: string, scopes: string[], comment: string): [string, unknown] {
  const q = new URLSearchParams([...scopes.map((s): [string, string] => ['scopes', s]), ['provider', 'quay']])
  return [`${base}?${q.toString()}`, { comment, scopes, provider: 'quay' }]
}

function create(base: string, scopes: string[], comment: string): ReturnType<typeof call> {
  const [url, body] = both(base, scopes, comment)
  return call(url, 'POST', body)
}

describe('the stand-in as a project with sets in memory', () => {
  test('reference rules: create answers in the OpenAPI shape (nested, secret beside the ID), valid; then get, list, delete', async () => {
    const { s, base } = await project({ rules: 'reference' })
    try {
      const [url, body] = both(base, [API, ENGINE], 'made by a test')
      const made = await call(url, 'POST', body)
      expect(made.status).toBe(200)
      expect(createBodyErrors(made.json)).toEqual([])
      const dc = made.json['distribution_credentials'] as Record<string, unknown>
      const id = dc['distribution_credentials_id'] as string
      expect(dc['secret']).toBe(s.sets.get(id)?.secret)
      expect(dc['scopes']).toEqual([API, ENGINE])
      expect(dc['comment']).toBe('made by a test')
      expect(made.json['member']).toBeDefined()
      expect(s.createRequests[0]).toMatchObject({ queryScopes: [API, ENGINE], queryProvider: 'quay', id })

      const got = await call(`${base}/${id}`)
      expect(got.status).toBe(200)
      expect(bodyErrors(GET_SCHEMA, got.json)).toEqual([])
      expect(JSON.stringify(got.json)).not.toContain(s.sets.get(id)?.secret)
      const list = await call(base)
      expect(bodyErrors(LIST_SCHEMA, list.json)).toEqual([])
      expect((list.json['distribution_credentials'] as unknown[]).length).toBe(1)

      expect((await call(`${base}/${id.toUpperCase()}`, 'DELETE')).status).toBe(200)
      expect(s.deleted).toEqual([id])
      expect((await call(`${base}/${id}`, 'DELETE')).status).toBe(404)
      expect((await call(`${base}/${id}`)).status).toBe(404)
      expect(s.schemaErrors).toEqual([])
    } finally {
      await s.stop()
    }
  })

  test('reference rules: create answers in the reference page shape (flat) and reads the body; the OpenAPI reading reads the query', async () => {
    const flat = await project({ rules: 'reference', createShape: 'flat' })
    const nested = await project({ rules: 'reference', createShape: 'nested' })
    try {
      // Scopes in the body only: the flat (reference page) reading takes them...
      const a = await call(flat.base, 'POST', { comment: 'c', scopes: [ENGINE], provider: 'quay' })
      expect(a.status).toBe(200)
      expect(createBodyErrors(a.json)).toEqual([])
      expect(a.json['scopes']).toEqual([ENGINE])
      expect(a.json['secret']).toBe(flat.s.created[0]?.secret)
      expect(a.json['username']).toBe(`deepgram+${flat.s.created[0]?.id}`)
      // ...the OpenAPI reading ignores them and defaults to the umbrella, expanded.
      const b = await call(nested.base, 'POST', { comment: 'c', scopes: [ENGINE] })
      const scopes = (b.json['distribution_credentials'] as { scopes: string[] }).scopes
      expect(scopes).toContain(API)
      expect(scopes.length).toBe(7)
    } finally {
      await flat.s.stop()
      await nested.s.stop()
    }
  })

  test('reference rules: a scope outside the enum, another provider, a wrong key, another project, a member key: refused', async () => {
    const { s, base } = await project({ rules: 'reference' })
    const member = await project({ rules: 'reference', role: 'member' })
    try {
      expect((await call(`${base}?scopes=onprem:product:api`, 'POST', {})).status).toBe(400)
      expect((await call(`${base}?provider=docker`, 'POST', {})).status).toBe(400)
      expect((await call(base, 'POST', {}, 'other-key')).status).toBe(401)
      expect((await call(base.replace(/projects\/[^/]+/, `projects/${randomUUID()}`))).status).toBe(404)
      const denied = await call(member.base, 'POST', {})
      expect(denied.status).toBe(403)
      expect(denied.json['category']).toBe('FORBIDDEN')
      expect((await call(member.base)).status).toBe(200)
      expect(s.created).toEqual([])
      expect(member.s.created).toEqual([])
    } finally {
      await s.stop()
      await member.s.stop()
    }
  })

  test('reference rules: an account without the engine scope gets a set short of it; scripted faults come first', async () => {
    const { s, base } = await project({
      rules: 'reference',
      accountScopes: [API],
      faults: { create: [{ status: 503, body: 'busy' }], delete: [{ status: 500 }, { status: 500 }] }
    })
    try {
      const [url, body] = both(base, [API, ENGINE], 'x')
      expect((await call(url, 'POST', body)).status).toBe(503)
      const made = await call(url, 'POST', body)
      const dc = made.json['distribution_credentials'] as { distribution_credentials_id: string; scopes: string[] }
      expect(dc.scopes).toEqual([API])
      const del = `${base}/${dc.distribution_credentials_id}`
      expect((await call(del, 'DELETE')).status).toBe(500)
      expect((await call(del, 'DELETE')).status).toBe(500)
      expect((await call(del, 'DELETE')).status).toBe(200)
    } finally {
      await s.stop()
    }
  })

  test('an answer without the secret, or without the ID: the set is made all the same', async () => {
    for (const omit of ['secret', 'id'] as const) {
      const { s, base } = await project({ rules: 'reference', createOmits: omit })
      try {
        const made = await create(base, [API], 'x')
        expect(made.status).toBe(200)
        const dc = made.json['distribution_credentials'] as Record<string, unknown>
        expect('secret' in dc).toBe(omit !== 'secret')
        expect('distribution_credentials_id' in dc).toBe(omit !== 'id')
        expect(s.sets.size).toBe(1)
      } finally {
        await s.stop()
      }
    }
  })

  test('live rules: create reads the JSON body alone; provider and comment are required', async () => {
    const { s, base } = await project()
    try {
      // The OpenAPI excerpt's reading (scopes and provider in the query) is refused.
      const queryOnly = await fetch(`${base}?provider=quay&scopes=${API}`, {
        method: 'POST',
        headers: { authorization: `Token ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ comment: 'c' })
      })
      expect(queryOnly.status).toBe(400)
      expect(await queryOnly.json()).toMatchObject({
        category: 'INVALID_JSON',
        message: 'Invalid JSON submitted.',
        details: 'Json deserialize error: missing field `provider`'
      })
      const noComment = await call(base, 'POST', { provider: 'quay', scopes: [API] })
      expect(noComment.status).toBe(400)
      // scopes are required in the body too.
      const noScopes = await call(base, 'POST', { provider: 'quay', comment: 'c' })
      expect(noScopes).toMatchObject({
        status: 400,
        json: { details: 'Json deserialize error: missing field `scopes`' }
      })
      const docker = await call(base, 'POST', { provider: 'docker', comment: 'c', scopes: [API] })
      expect(docker.json['details']).toBe('Json deserialize error: unknown variant `docker`, expected `quay`')
      expect(s.created).toHaveLength(0)
      // Scopes under the onprem: prefix are accepted.
      const legacy = await call(base, 'POST', { provider: 'quay', scopes: ['onprem:product:api'], comment: 'c' })
      expect(legacy.status).toBe(200)
      expect(legacy.json['scopes']).toEqual([API, 'onprem:product:api'])
      const made = await call(base, 'POST', { provider: 'quay', scopes: [API], comment: 'c' })
      expect(made.status).toBe(200)
      expect(s.created).toHaveLength(2)
    } finally {
      await s.stop()
    }
  })

  test('live rules: the comment is trimmed, then 1 to 128 characters', async () => {
    const { s, base } = await project()
    try {
      for (const comment of ['', '   ', 'c'.repeat(129), ` ${'c'.repeat(129)} `]) {
        const refused = await call(base, 'POST', { provider: 'quay', scopes: [API], comment })
        expect(refused.status).toBe(400)
        expect(refused.json['err_msg']).toBe('comment must be between 1 and 128 characters')
      }
      expect(s.created).toEqual([])
      const made = await call(base, 'POST', { provider: 'quay', scopes: [API], comment: `  ${'c'.repeat(128)}  ` })
      expect(made.status).toBe(200)
      expect(made.json['comment']).toBe('c'.repeat(128))
    } finally {
      await s.stop()
    }
  })

  test('live rules: the bare set with username and secret; every product under both prefixes, never the umbrella; tags only when some', async () => {
    const { s, base } = await project({ accountScopes: [API, ENGINE] })
    try {
      const made = await call(base, 'POST', { provider: 'quay', comment: 'c', scopes: ['self-hosted:products'] })
      expect(made.status).toBe(200)
      expect(createBodyErrors(made.json)).toEqual([])
      const id = made.json['distribution_credentials_id'] as string
      expect(made.json).toMatchObject({ username: `deepgram+${id}`, secret: s.sets.get(id)?.secret, comment: 'c' })
      expect(made.json['member']).toBeUndefined()
      expect('tags' in made.json).toBe(false)
      const both = [API, 'onprem:product:api', ENGINE, 'onprem:product:engine']
      expect(made.json['scopes']).toEqual(both)
      const tagged = await call(base, 'POST', { provider: 'quay', comment: 't', scopes: [API], tags: ['ci'] })
      expect(tagged.json['tags']).toEqual(['ci'])
      const list = await call(base)
      expect(bodyErrors(LIST_SCHEMA, list.json)).toEqual([])
      const items = list.json['distribution_credentials'] as { distribution_credentials: Record<string, unknown> }[]
      expect(items.map(i => i.distribution_credentials['scopes'])).toEqual([both, [API, 'onprem:product:api']])
      expect(items.map(i => 'tags' in i.distribution_credentials)).toEqual([false, true])
      expect(JSON.stringify(list.json)).not.toContain('self-hosted:products')
    } finally {
      await s.stop()
    }
  })

  test('live rules: create needs keys:write and every product scope asked for (a 403 names them); the umbrella with none is a 400', async () => {
    const { s, base } = await project({ accountScopes: [API] })
    const member = await project({ role: 'member' })
    const none = await project({ accountScopes: [] })
    try {
      const lacking = await call(base, 'POST', { provider: 'quay', comment: 'c', scopes: [API, ENGINE] })
      expect(lacking.status).toBe(403)
      expect(lacking.json['category']).toBe('INSUFFICIENT_PERMISSIONS')
      expect(lacking.json['message']).toContain(ENGINE)
      expect(lacking.json['message']).not.toContain(API)
      const denied = await call(member.base, 'POST', { provider: 'quay', comment: 'c', scopes: [API] })
      expect(denied.status).toBe(403)
      expect(denied.json['message']).toContain('keys:write')
      const empty = await call(none.base, 'POST', { provider: 'quay', comment: 'c', scopes: ['self-hosted:products'] })
      expect(empty.status).toBe(400)
      expect([s.created, member.s.created, none.s.created]).toEqual([[], [], []])
      // The umbrella stands for what the key holds.
      const umbrella = await call(base, 'POST', { provider: 'quay', comment: 'c', scopes: ['self-hosted:products'] })
      expect(umbrella.json['scopes']).toEqual([API, 'onprem:product:api'])
    } finally {
      await s.stop()
      await member.s.stop()
      await none.s.stop()
    }
  })

  test('live rules: delete answers a message, not the set; a create can act and then not answer', async () => {
    const { s, base } = await project({
      faults: { create: [{ status: 504, body: 'upstream timed out', afterActing: true }] }
    })
    try {
      const lost = await call(base, 'POST', { provider: 'quay', comment: 'lost', scopes: [API] })
      expect(lost.status).toBe(504)
      expect(s.created).toHaveLength(1)
      const id = s.created[0]?.id ?? ''
      expect(s.sets.has(id)).toBe(true)
      const del = await call(`${base}/${id}`, 'DELETE')
      expect(del).toEqual({ status: 200, json: { message: 'Successfully deleted the distribution credentials!' } })
      expect(s.sets.has(id)).toBe(false)
    } finally {
      await s.stop()
    }
  })

  test('live rules: the member role deletes its own account’s sets, not another’s', async () => {
    const other = randomUUID()
    const { s, base } = await project({ role: 'member', sets: [{ id: other, scopes: [API] }] })
    try {
      const refused = await call(`${base}/${other}`, 'DELETE')
      expect(refused.status).toBe(403)
      s.sets.set('own', {
        ...s.sets.get(other)!,
        id: 'own',
        member: { member_id: '00000000-0000-4000-8000-000000000000', email: 'member0@example.com' }
      })
      expect((await call(`${base}/own`, 'DELETE')).status).toBe(200)
      expect(s.deleted).toEqual(['own'])
    } finally {
      await s.stop()
    }
  })

  test('API keys: get in either shape, list by status, keys:read needed, another account’s key seen only with the read scopes', async () => {
    const mine = randomUUID()
    const theirs = randomUUID()
    const past = new Date(Date.now() - 86400_000).toISOString()
    const keys = [
      { id: mine, scopes: [API, ENGINE], expires: '2099-01-01T00:00:00Z', created: '2026-01-02T03:04:05.000000Z' },
      { id: theirs, scopes: ['onprem:product:api'], own: false, expires: past }
    ]
    const sdk = await project({ keys })
    const spec = await project({ keys, keyShape: 'spec' })
    const own = await project({ keys, callerScopes: ['keys:read'] })
    const none = await project({ keys, callerScopes: ['members:read'] })
    const keysOf = (base: string): string => base.replace(/\/self-hosted\/distribution\/credentials$/, '/keys')
    try {
      const a = await call(`${keysOf(sdk.base)}/${mine}`)
      expect(a.status).toBe(200)
      expect(a.json['api_key']).toEqual({
        api_key_id: mine,
        comment: 'self-hosted key 0',
        scopes: [API, ENGINE],
        created: '2026-01-02T03:04:05.000000Z',
        expiration_date: '2099-01-01T00:00:00Z'
      })
      expect(JSON.stringify(a.json)).not.toMatch(/"key"/)
      const b = await call(`${keysOf(spec.base)}/${mine}`)
      const item = b.json['item'] as { member: Record<string, unknown> }
      expect(item.member['api_key']).toEqual(a.json['api_key'])
      expect(item.member).toMatchObject({ first_name: expect.any(String), last_name: expect.any(String) })
      expect((await call(`${keysOf(sdk.base)}/${theirs}`)).status).toBe(200)
      expect((await call(`${keysOf(own.base)}/${theirs}`)).status).toBe(404)
      expect((await call(`${keysOf(own.base)}/${mine}`)).status).toBe(200)
      expect((await call(`${keysOf(sdk.base)}/${randomUUID()}`)).status).toBe(404)
      const denied = await call(`${keysOf(none.base)}/${mine}`)
      expect(denied).toMatchObject({ status: 401, json: { category: 'INSUFFICIENT_PERMISSIONS' } })
      const listed = (base: string) =>
        call(base).then(r =>
          (r.json['api_keys'] as { api_key: { api_key_id: string } }[]).map(k => k.api_key.api_key_id)
        )
      expect(await listed(keysOf(sdk.base))).toEqual([mine, theirs])
      expect(await listed(`${keysOf(sdk.base)}?status=expired`)).toEqual([theirs])
      expect(await listed(`${keysOf(sdk.base)}?status=active`)).toEqual([mine])
      expect(await listed(keysOf(own.base))).toEqual([mine])
      expect((await call(`${keysOf(sdk.base)}/${mine}`, 'GET', undefined, 'other')).status).toBe(401)
    } finally {
      for (const p of [sdk, spec, own, none]) await p.s.stop()
    }
  })

  test('scripted success bodies are checked against the operation’s schema', async () => {
    const projectId = randomUUID()
    await expect(
      DeepgramStandIn.startProject({ projectId, apiKey: KEY, faults: { create: [{ body: { secret: 'x' } }] } })
    ).rejects.toThrow(/create answer matches neither documented shape/)
    await expect(
      DeepgramStandIn.startProject({ projectId, apiKey: KEY, faults: { delete: [{ body: { gone: true } }] } })
    ).rejects.toThrow(/GetProjectDistributionCredentialsV1Response/)
  })

  test('scopes suggest the repositories a set may pull', () => {
    expect(reposForScopes([API])).toEqual([REPOS.api])
    expect(reposForScopes(['onprem:product:engine', 'self-hosted:product:dgtools'])).toEqual([REPOS.engine])
    expect(reposForScopes(['self-hosted:products']).sort()).toEqual(Object.values(REPOS).sort())
  })
})

const missing = missingTools()

describe.skipIf(missing.length > 0)('the token-auth registry backed by the stand-in', () => {
  let registry: TokenRegistry
  beforeAll(async () => {
    registry = await TokenRegistry.start()
  })
  afterAll(() => registry.stop())

  test('accepts a new set only after its delay, and only while it exists', { timeout: 30000 }, async () => {
    const { s, base } = await project({ registryDelayMs: 1500 })
    const undo = registry.acceptSetsOf(s)
    try {
      const made = await create(base, [API], 'x')
      const dc = made.json as { distribution_credentials_id: string; secret: string }
      const user = `deepgram+${dc.distribution_credentials_id}`
      const token = async (password = dc.secret): Promise<{ status: number; token?: string }> => {
        const url = new URL(registry.tokens.realm)
        url.searchParams.set('service', registry.tokens.service)
        url.searchParams.set('scope', `repository:${REPOS.api}:pull`)
        const basic = Buffer.from(`${user}:${password}`).toString('base64')
        const res = await fetch(url, { headers: { authorization: `Basic ${basic}` } })
        return { status: res.status, ...((await res.json()) as { token?: string }) }
      }
      expect((await token()).status).toBe(401)
      await new Promise(r => setTimeout(r, 1600))
      const ok = await token()
      expect(ok.status).toBe(200)
      expect((await token('wrong')).status).toBe(401)
      // The real registry takes the token.
      const v2 = await fetch(`http://${registry.host}/v2/`, { headers: { authorization: `Bearer ${ok.token}` } })
      expect(v2.status).toBe(200)
      await call(`${base}/${dc.distribution_credentials_id}`, 'DELETE')
      expect((await token()).status).toBe(401)
    } finally {
      undo()
      await s.stop()
    }
  })
})
