// What the main step hands the post step: the record of the set to clean up is read back only
// in one of its three shapes, each naming the create by its comment; anything else is `invalid`
// (never an ID for a DELETE's path). Whose run it names is the post step's check (sets/unanswered.ts).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clearSetToCleanUp, loadSetToCleanUp, saveSetToCleanUp, type SetToCleanUp } from '../../src/state.js'
import { saveEnv, tempDir } from '../support/helpers.js'
import { parseFileCommands } from '../support/runner.ts'

const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const COMMENT = 'deepgram-self-hosted-login ephemeral repo:123456 run:4242.2 mark:aaaabbbb acme/app deploy'

let restoreEnv: () => void
let dir: ReturnType<typeof tempDir>
beforeEach(() => {
  restoreEnv = saveEnv()
  dir = tempDir('dg-state-')
  writeFileSync(join(dir.path, 'state'), '')
  process.env['GITHUB_STATE'] = join(dir.path, 'state')
})
afterEach(() => {
  restoreEnv()
  dir.remove()
})

describe('the set to clean up', () => {
  it.each<SetToCleanUp>([
    { kind: 'job-set', id: ID, comment: COMMENT },
    { kind: 'rotation-set', id: ID, rotation: 'eu-west', comment: COMMENT },
    { kind: 'lost-create', comment: COMMENT }
  ])('is read back as saved: %j', record => {
    saveSetToCleanUp(record)
    const saved = parseFileCommands(readFileSync(join(dir.path, 'state'), 'utf8'))['setToCleanUp'] ?? ''
    process.env['STATE_setToCleanUp'] = saved
    expect(loadSetToCleanUp()).toEqual(record)
  })

  it('cleared: nothing to clean up', () => {
    clearSetToCleanUp()
    expect(parseFileCommands(readFileSync(join(dir.path, 'state'), 'utf8'))['setToCleanUp']).toBe('')
    process.env['STATE_setToCleanUp'] = ''
    expect(loadSetToCleanUp()).toBeUndefined()
  })

  it.each([
    'not json',
    JSON.stringify({ kind: 'job-set', id: '../x', comment: COMMENT }),
    JSON.stringify({ kind: 'job-set', id: ID }),
    JSON.stringify({ kind: 'rotation-set', id: ID, comment: COMMENT }),
    JSON.stringify({ kind: 'rotation-set', id: ID, rotation: 'EU West', comment: COMMENT }),
    JSON.stringify({ kind: 'lost-create' }),
    JSON.stringify({ kind: 'lost-create', comment: `${COMMENT}\n::x` }),
    JSON.stringify({ kind: 'lost-create', comment: 'x'.repeat(129) }),
    JSON.stringify({ kind: 'other', id: ID, comment: COMMENT })
  ])('anything else is invalid: %s', saved => {
    process.env['STATE_setToCleanUp'] = saved
    expect(loadSetToCleanUp()).toEqual({ kind: 'invalid', saved })
  })
})
