// What the main step hands the post step: the record of the set to clean up is read back only
// in one of its three shapes; anything else is `invalid` (never an ID for a DELETE's path).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { clearSetToCleanUp, loadSetToCleanUp, saveSetToCleanUp, type SetToCleanUp } from '../../src/state.js'
import { saveEnv, tempDir } from '../support/helpers.js'
import { parseFileCommands } from '../support/runner.ts'

const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const COMMENT = 'deepgram-self-hosted-login ephemeral repo:123456 run:4242.2 acme/app deploy'

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
    { kind: 'job-set', id: ID },
    { kind: 'rotation-set', id: ID, rotation: 'eu-west' },
    { kind: 'lost-create', comment: COMMENT, exclude: [ID] }
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
    JSON.stringify({ kind: 'job-set', id: '../x' }),
    JSON.stringify({ kind: 'rotation-set', id: ID }),
    JSON.stringify({ kind: 'rotation-set', id: ID, rotation: 'EU West' }),
    JSON.stringify({ kind: 'lost-create', comment: COMMENT }),
    JSON.stringify({ kind: 'lost-create', comment: `${COMMENT}\n::x`, exclude: [] }),
    JSON.stringify({ kind: 'lost-create', comment: COMMENT, exclude: ['../x'] }),
    JSON.stringify({ kind: 'other', id: ID })
  ])('anything else is invalid: %s', saved => {
    process.env['STATE_setToCleanUp'] = saved
    expect(loadSetToCleanUp()).toEqual({ kind: 'invalid', saved })
  })
})
