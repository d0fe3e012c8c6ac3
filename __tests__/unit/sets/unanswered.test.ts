// A create that may have made a set without naming it, against nock: which failures count (no
// answer once the request may have left, a gateway's 502/503/504, an answer without an ID), the
// lookup by this run's comment, the sets listed before it left alone, and the post step's turn.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import nock from 'nock'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { CreateSetRequest } from '../../../src/deepgram/client.js'
import { cleanUpLostCreate, createOrCleanUp } from '../../../src/sets/unanswered.js'
import type { CredentialSet } from '../../../src/deepgram/types.js'
import { ActionError } from '../../../src/errors.js'
import { saveSetToCleanUp } from '../../../src/state.js'
import { API, apiRequest, KEY, PATH, PROJECT } from '../../support/api-request.ts'
import { captureStdoutAsync, rejected, saveEnv, tempDir } from '../../support/helpers.js'
import { parseFileCommands } from '../../support/runner.ts'

const MINE = 'deepgram-self-hosted-login ephemeral repo:123456 run:4242.2 acme/app deploy'
const NEW = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const EARLIER = '00000000-0000-4000-8000-000000000001'
const OTHER_RUN = '00000000-0000-4000-8000-000000000002'
const HAND_MADE = '00000000-0000-4000-8000-000000000003'

function item(id: string, comment: string): unknown {
  return {
    member: { member_id: id, email: 'a@example.com' },
    distribution_credentials: { distribution_credentials_id: id, provider: 'quay', comment, scopes: [], created: '' }
  }
}
function netError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code })
}
const set = (id: string, comment: string): CredentialSet => ({ id, provider: 'quay', comment, scopes: [], created: '' })
const LISTED = {
  distribution_credentials: [
    item(EARLIER, MINE),
    item(NEW, MINE),
    item(OTHER_RUN, MINE.replace('run:4242.2', 'run:4242.1')),
    item(HAND_MADE, MINE.replace('run:4242.2', 'run:4242.2x'))
  ]
}

const request = (): CreateSetRequest => ({
  ...apiRequest({ sleep: async () => undefined }),
  scopes: ['self-hosted:product:api'],
  comment: MINE,
  onAnswer: () => undefined
})

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
})
afterEach(() => {
  nock.cleanAll()
  restoreEnv()
  dir.remove()
})

describe('createOrCleanUp', () => {
  it.each([
    [
      'a reset after the request went out',
      () => nock(API).post(PATH).query(true).replyWithError(netError('ECONNRESET', 'socket hang up'))
    ],
    ['a gateway 504', () => nock(API).post(PATH).query(true).reply(504, 'Gateway Time-out')],
    ['a gateway 502', () => nock(API).post(PATH).query(true).reply(502, 'Bad Gateway')]
  ])('%s: this run’s set is looked for and deleted, not one listed before the create', async (_what, create) => {
    create()
    nock(API).get(PATH).reply(200, LISTED)
    const deleted = nock(API).delete(`${PATH}/${NEW}`).reply(200, { message: 'Successfully deleted.' })
    const error = await rejected(createOrCleanUp(request(), [set(EARLIER, MINE)]))
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toContain(`this run's set ${NEW} was found and deleted`)
    expect(deleted.isDone()).toBe(true)
    expect(nock.pendingMocks()).toEqual([])
    // The marker, saved before the request, is gone: the post step has nothing to look for.
    expect(state()['setToCleanUp']).toBe('')
  })

  it.each([
    [
      'a refused connection (nothing was sent)',
      () =>
        nock(API).post(PATH).query(true).replyWithError(netError('ECONNREFUSED', 'connect ECONNREFUSED 192.0.2.1:443'))
    ],
    ['a 500 from the API itself', () => nock(API).post(PATH).query(true).reply(500, 'oops')],
    ['a 403', () => nock(API).post(PATH).query(true).reply(403, {})]
  ])('%s: no lookup', async (_what, create) => {
    create()
    const error = await rejected(createOrCleanUp(request(), []))
    expect(error.message).not.toContain('may have made a set')
    expect(nock.pendingMocks()).toEqual([])
    expect(state()['setToCleanUp']).toBe('')
  })

  it('an answer without an ID: the set is looked for the same way', async () => {
    nock(API).post(PATH).query(true).reply(200, { provider: 'quay', secret: 's3cret-value' })
    nock(API).get(PATH).reply(200, LISTED)
    nock(API).delete(`${PATH}/${EARLIER}`).reply(200, {})
    nock(API).delete(`${PATH}/${NEW}`).reply(200, {})
    // Without the sweep's list, every set of this run's comment is this create's.
    const error = await rejected(createOrCleanUp(request(), undefined))
    expect(error.message).toContain('has no ID')
    expect(error.message).toContain(`this run's set ${EARLIER}, ${NEW} was found and deleted`)
    expect(nock.pendingMocks()).toEqual([])
  })

  it('when the lookup fails too, the marker stays for the post step', async () => {
    nock(API).post(PATH).query(true).reply(503, 'busy')
    nock(API).get(PATH).reply(403, { err_code: 'FORBIDDEN', err_msg: 'No.' })
    const error = await rejected(createOrCleanUp(request(), [set(EARLIER, MINE)]))
    expect(error.message).toContain('the post step looks for this run')
    expect(JSON.parse(state()['setToCleanUp'] ?? '')).toEqual({
      kind: 'lost-create',
      comment: MINE,
      exclude: [EARLIER]
    })
  })

  it("an answer with the ID: the caller's record of the set takes the marker's place", async () => {
    nock(API).post(PATH).query(true).reply(200, {
      distribution_credentials_id: NEW,
      provider: 'quay',
      comment: MINE,
      scopes: [],
      created: '',
      secret: 's'
    })
    const onAnswer = (): void => saveSetToCleanUp({ kind: 'job-set', id: NEW })
    expect((await createOrCleanUp({ ...request(), onAnswer }, [])).id).toBe(NEW)
    expect(JSON.parse(state()['setToCleanUp'] ?? '')).toEqual({ kind: 'job-set', id: NEW })
  })
})

describe('cleanUpLostCreate (the post step)', () => {
  const access = (): { apiUrl: string; projectId: string; apiKey: string } => ({
    apiUrl: API,
    projectId: PROJECT,
    apiKey: KEY
  })
  let lost = { comment: MINE, exclude: [EARLIER] }
  const pending = (exclude: string[] = [EARLIER]): void => {
    lost = { comment: MINE, exclude }
  }

  it('deletes this run’s set and says so', async () => {
    pending()
    nock(API).get(PATH).reply(200, LISTED)
    nock(API).delete(`${PATH}/${NEW}`).reply(200, {})
    const { out } = await captureStdoutAsync(() => cleanUpLostCreate(lost, access))
    expect(out).toBe(`Deleted credential set ${NEW}, made by this run's create that went unanswered.\n`)
    expect(nock.pendingMocks()).toEqual([])
  })

  it('none found: says the create made none', async () => {
    pending([EARLIER, NEW])
    nock(API).get(PATH).reply(200, LISTED)
    const { out } = await captureStdoutAsync(() => cleanUpLostCreate(lost, access))
    expect(out).toContain('was found: it made none.')
  })

  it('a failure is a warning that names the comment to look for', async () => {
    pending()
    nock(API).get(PATH).reply(401, { err_code: 'INVALID_AUTH' })
    const { out, error } = await captureStdoutAsync(() => cleanUpLostCreate(lost, access))
    expect(error).toBeUndefined()
    expect(out).toMatch(/^::warning title=Credential set not deleted::Could not look for the credential set/)
    expect(out).toContain(`a set with the comment "${MINE}"`)
    expect(out).toContain('HTTP 401')
  })

  it('inputs it cannot read: a warning too', async () => {
    pending()
    const { out } = await captureStdoutAsync(() =>
      cleanUpLostCreate(lost, () => {
        throw new Error('Input `api-key` is required.')
      })
    )
    expect(out).toMatch(/^::warning title=Credential set not deleted::.*Input `api-key` is required\./)
  })
})
