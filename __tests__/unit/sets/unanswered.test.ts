// A create that may have made a set without naming it, against nock: which failures count (no
// answer once the request may have left, any 5xx, a 2xx that cannot be read, an answer without an
// ID), the lookup by the create's own mark (never a matrix leg's set, nor an earlier step's), its
// deadline, and the post step's turn, which acts only on a note that names this run.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import nock from 'nock'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { makeSet } from '../../../src/sets/make-set.js'
import { cleanUpCreate, cleanUpLostCreate, isThisRuns } from '../../../src/sets/unanswered.js'
import { ActionError } from '../../../src/errors.js'
import { loadSetToCleanUp } from '../../../src/state.js'
import { API, apiRequest, KEY, PATH, PROJECT } from '../../support/api-request.ts'
import { captureStdoutAsync, rejected, saveEnv, tempDir } from '../../support/helpers.js'
import { parseFileCommands } from '../../support/runner.ts'

const HEAD = 'deepgram-self-hosted-login ephemeral repo:123456 run:4242.2'
const MINE = `${HEAD} mark:aaaabbbb acme/app deploy`
/** A matrix leg of the same job: the same run, attempt and job, another mark. */
const LEG = `${HEAD} mark:ccccdddd acme/app deploy`
const NEW = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const LEG_SET = '00000000-0000-4000-8000-000000000001'
const OTHER_RUN = '00000000-0000-4000-8000-000000000002'
const HAND_MADE = '00000000-0000-4000-8000-000000000003'
const OLD_FORMAT = '00000000-0000-4000-8000-000000000004'
const RUN_ENV = { GITHUB_REPOSITORY_ID: '123456', GITHUB_RUN_ID: '4242', GITHUB_RUN_ATTEMPT: '2' }

function item(id: string, comment: string): unknown {
  return {
    member: { member_id: id, email: 'a@example.com' },
    distribution_credentials: { distribution_credentials_id: id, provider: 'quay', comment, scopes: [], created: '' }
  }
}
function netError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code })
}
/** The project's sets once `mine` (a create's comment) made NEW: a matrix leg's, another
 * attempt's, a hand-made look-alike and one from before marks beside it. */
const listed = (mine: string): unknown => ({
  distribution_credentials: [
    item(LEG_SET, LEG),
    item(NEW, mine),
    item(OTHER_RUN, mine.replace('run:4242.2', 'run:4242.1')),
    item(HAND_MADE, mine.replace(/(mark:[a-z2-7]{8})/, '$1,')),
    item(OLD_FORMAT, `${HEAD} acme/app deploy`)
  ]
})
const LISTED = listed(MINE)
const EPHEMERAL = { kind: 'ephemeral' } as const
/** The comment the last create sent (makeSet draws its mark itself). */
let sent = ''
const markOf = (comment: string): string => /mark:[a-z2-7]{8}/.exec(comment)?.[0] ?? ''
const SCOPES = ['self-hosted:product:api']

let restoreEnv: () => void
let dir: ReturnType<typeof tempDir>
const state = (): Record<string, string> => parseFileCommands(readFileSync(join(dir.path, 'state'), 'utf8'))

beforeAll(() => nock.disableNetConnect())
afterAll(() => nock.enableNetConnect())
beforeEach(() => {
  restoreEnv = saveEnv()
  dir = tempDir('dg-unanswered-')
  writeFileSync(join(dir.path, 'state'), '')
  process.env['GITHUB_STATE'] = join(dir.path, 'state')
  process.env['GITHUB_ACTIONS'] = 'true'
  Object.assign(process.env, RUN_ENV)
})
afterEach(() => {
  nock.cleanAll()
  restoreEnv()
  dir.remove()
})

const create = (): nock.Interceptor =>
  nock(API)
    .post(PATH, (body: { comment?: string }) => {
      sent = body.comment ?? ''
      return true
    })
    .query(true)
/** The list after the create: its set bears the mark the create sent. */
const listAfterCreate = (): nock.Scope =>
  nock(API)
    .get(PATH)
    .reply(() => [200, listed(sent)])

describe('makeSet: a create whose answer cannot be used is "maybe made"', () => {
  it.each([
    ['a reset after the request went out', () => create().replyWithError(netError('ECONNRESET', 'socket hang up'))],
    ['a gateway 504', () => create().reply(504, 'Gateway Time-out')],
    ['a plain 500 sent after the set was stored', () => create().reply(500, 'Internal Server Error')],
    ['a 200 HTML page from a proxy', () => create().reply(200, '<html><body>Welcome</body></html>')],
    ['a 201 over the size cap', () => create().reply(201, `{"x":"${'a'.repeat(2 * 1024 * 1024)}"}`)],
    ['a 200 without an ID', () => create().reply(200, { provider: 'quay', secret: 's3cret-value' })]
  ])('%s: the set bearing its mark is deleted, and no other', async (_what, answer) => {
    answer()
    listAfterCreate()
    const deleted = nock(API).delete(`${PATH}/${NEW}`).reply(200, { message: 'Successfully deleted.' })
    const { result: error } = await captureStdoutAsync(() => rejected(makeSet(apiRequest(), SCOPES, EPHEMERAL)))
    expect(error).toBeInstanceOf(ActionError)
    expect(error?.message).toContain(`set ${NEW}, bearing its ${markOf(sent)}, was deleted`)
    expect(error?.message).toContain('Nothing was left behind')
    expect(deleted.isDone()).toBe(true)
    expect(nock.pendingMocks()).toEqual([])
    // The note, saved before the request, is gone: the post step has nothing to look for.
    expect(state()['setToCleanUp']).toBe('')
  })

  it.each([
    [
      'a refused connection (nothing was sent)',
      () => create().replyWithError(netError('ECONNREFUSED', 'connect ECONNREFUSED 192.0.2.1:443'))
    ],
    ['a 403', () => create().reply(403, {})],
    ['a 400', () => create().reply(400, 'Json deserialize error: missing field `provider`')]
  ])('%s: nothing made, no lookup', async (_what, answer) => {
    answer()
    const error = await rejected(makeSet(apiRequest(), SCOPES, EPHEMERAL))
    expect(error.message).not.toContain('may have made a set')
    expect(nock.pendingMocks()).toEqual([])
    expect(state()['setToCleanUp']).toBe('')
  })

  it('none bearing the mark is listed: it made none', async () => {
    create().reply(502, 'Bad Gateway')
    nock(API)
      .get(PATH)
      .reply(200, { distribution_credentials: [item(LEG_SET, LEG)] })
    const error = await rejected(makeSet(apiRequest(), SCOPES, EPHEMERAL))
    expect(error.message).toContain(`none bearing its ${markOf(sent)} is listed: it made none`)
    expect(nock.pendingMocks()).toEqual([])
  })

  it('when the lookup cannot list, the note stays for the post step', async () => {
    create().reply(503, 'busy')
    nock(API).get(PATH).reply(403, { err_code: 'FORBIDDEN', err_msg: 'No.' })
    const error = await rejected(makeSet(apiRequest(), SCOPES, EPHEMERAL))
    expect(error.message).toContain('It may have made a set all the same, which could not be looked for now')
    expect(error.message).toContain(`the post step looks again for the set whose comment bears ${markOf(sent)}`)
    expect(JSON.parse(state()['setToCleanUp'] ?? '')).toEqual({ kind: 'lost-create', comment: sent })
  })

  it('a set found but not deleted: a warning names it with the curl line; the note stays', async () => {
    create().reply(504, 'Gateway Time-out')
    listAfterCreate()
    nock(API).delete(`${PATH}/${NEW}`).reply(403, { err_code: 'FORBIDDEN', err_msg: 'No.' })
    const { result: error, out } = await captureStdoutAsync(() => rejected(makeSet(apiRequest(), SCOPES, EPHEMERAL)))
    expect(error?.message).toContain(`Set ${NEW}, bearing its ${markOf(sent)}, could not be deleted: see the warning.`)
    expect(out).toMatch(/^::warning title=Credential set not deleted::Credential set 64d1f840/m)
    expect(out).toContain(`curl -X DELETE -H "Authorization: Token $DEEPGRAM_API_KEY" ${API}${PATH}/${NEW}`)
    expect(out).toContain('The post step tries again.')
    expect(JSON.parse(state()['setToCleanUp'] ?? '')).toEqual({ kind: 'lost-create', comment: sent })
  })

  it('outside a runner the warning says no post step follows', async () => {
    delete process.env['GITHUB_ACTIONS']
    create().reply(503, 'busy')
    nock(API).get(PATH).reply(403, { err_code: 'FORBIDDEN', err_msg: 'No.' })
    const { out } = await captureStdoutAsync(() => rejected(makeSet(apiRequest(), SCOPES, EPHEMERAL)))
    expect(out).toMatch(/^::warning title=Credential set not deleted::A create whose answer was lost/m)
    expect(out).toContain(`a set whose comment starts "${HEAD} ${markOf(sent)}"`)
  })

  it('an answer with the ID: the note goes, and the ID is as the API spelled it', async () => {
    create().reply(200, {
      distribution_credentials_id: NEW.toUpperCase(),
      provider: 'quay',
      comment: MINE,
      scopes: [],
      created: '',
      secret: 's'
    })
    const { result } = await captureStdoutAsync(() => makeSet(apiRequest(), SCOPES, EPHEMERAL))
    expect(result?.id).toBe(NEW.toUpperCase())
    // The lost create's note is replaced by the set's own record.
    expect(JSON.parse(state()['setToCleanUp'] ?? '')).toEqual({
      kind: 'job-set',
      id: NEW.toUpperCase(),
      comment: result?.comment
    })
  })
})

describe('cleanUpCreate: one deadline', () => {
  it('deletes a few at a time, and none starts past the deadline', async () => {
    const many = Array.from({ length: 12 }, (_, i) => `00000000-0000-4000-8000-1000000000${10 + i}`)
    nock(API)
      .get(PATH)
      .reply(200, { distribution_credentials: many.map(id => item(id, MINE)) })
    const started: number[] = []
    for (const id of many)
      nock(API)
        .delete(`${PATH}/${id}`)
        .delay(150)
        .reply(() => {
          started.push(Date.now())
          return [200, {}]
        })
    const at = Date.now()
    const cleanup = await cleanUpCreate(apiRequest(), MINE, Date.now() + 400)
    expect(Date.now() - at).toBeLessThan(1500)
    expect(cleanup.kind).toBe('listed')
    if (cleanup.kind !== 'listed') return
    expect(cleanup.deleted.length + cleanup.left.length).toBe(12)
    expect(cleanup.deleted.length).toBeGreaterThan(0)
    expect(cleanup.left.some(l => l.why.includes('run out'))).toBe(true)
    // Three at a time: no fourth began before the first ones ended.
    expect(started.filter(t => t < at + 140)).toHaveLength(3)
    expect(started.length).toBeLessThan(12)
  })
})

describe('cleanUpLostCreate (the post step)', () => {
  const access = (): { apiUrl: string; projectId: string; apiKey: string } => ({
    apiUrl: API,
    projectId: PROJECT,
    apiKey: KEY
  })
  const soon = (): number => Date.now() + 10_000

  it('deletes the set bearing the mark, not a matrix leg’s, and says so', async () => {
    nock(API).get(PATH).reply(200, LISTED)
    nock(API).delete(`${PATH}/${NEW}`).reply(200, {})
    const { out } = await captureStdoutAsync(() => cleanUpLostCreate(MINE, access, soon()))
    expect(out).toBe(
      `Deleted credential set ${NEW}, made by this run's create whose answer was lost (mark:aaaabbbb).\n`
    )
    expect(nock.pendingMocks()).toEqual([])
  })

  it('none found: says the create made none', async () => {
    nock(API)
      .get(PATH)
      .reply(200, { distribution_credentials: [item(LEG_SET, LEG)] })
    const { out } = await captureStdoutAsync(() => cleanUpLostCreate(MINE, access, soon()))
    expect(out).toContain('No credential set bears mark:aaaabbbb')
  })

  it('a failure to list is a warning that names the comment to look for', async () => {
    nock(API).get(PATH).reply(401, { err_code: 'INVALID_AUTH' })
    const { out, error } = await captureStdoutAsync(() => cleanUpLostCreate(MINE, access, soon()))
    expect(error).toBeUndefined()
    expect(out).toMatch(/^::warning title=Credential set not deleted::A create whose answer was lost/)
    expect(out).toContain(`"${HEAD} mark:aaaabbbb"`)
    expect(out).toContain('HTTP 401')
  })

  it('inputs it cannot read: a warning too', async () => {
    const { out } = await captureStdoutAsync(() =>
      cleanUpLostCreate(
        MINE,
        () => {
          throw new Error('Input `api-key` is required.')
        },
        soon()
      )
    )
    expect(out).toMatch(/^::warning title=Credential set not deleted::.*Input `api-key` is required\./)
  })
})

describe('isThisRuns: the post step acts only on a record of this run', () => {
  it('this repository, run and attempt, with a mark', () => {
    expect(isThisRuns(MINE)).toBe(true)
  })

  it.each([
    ['another repository', MINE.replace('repo:123456', 'repo:999')],
    ['another run', MINE.replace('run:4242.2', 'run:4241.2')],
    ['another attempt', MINE.replace('run:4242.2', 'run:4242.1')],
    ['no mark', `${HEAD} acme/app deploy`],
    ['no comment of this action', 'CI pulls']
  ])('%s: no', (_what, comment) => {
    expect(isThisRuns(comment)).toBe(false)
  })
})

describe('loadSetToCleanUp', () => {
  it.each([
    ['', undefined],
    ['not json', { kind: 'invalid', saved: 'not json' }],
    [JSON.stringify({ kind: 'lost-create', comment: `${MINE}\n::x` }), 'invalid'],
    [JSON.stringify({ kind: 'lost-create', comment: 'x'.repeat(129) }), 'invalid'],
    [JSON.stringify({ kind: 'lost-create', comment: 7 }), 'invalid'],
    [JSON.stringify({ kind: 'job-set', id: '../x', comment: MINE }), 'invalid'],
    [JSON.stringify({ kind: 'job-set', id: NEW }), 'invalid'],
    [JSON.stringify({ kind: 'lost-create', comment: MINE }), { kind: 'lost-create', comment: MINE }],
    [JSON.stringify({ kind: 'job-set', id: NEW, comment: MINE }), { kind: 'job-set', id: NEW, comment: MINE }]
  ])('%j -> %j', (saved, expected) => {
    process.env['STATE_setToCleanUp'] = saved
    const loaded = loadSetToCleanUp()
    if (expected === 'invalid') expect(loaded?.kind).toBe('invalid')
    else expect(loaded).toEqual(expected)
  })
})
