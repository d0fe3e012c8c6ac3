// scripts/local-action.ts: the env file it hands @github/local-action, whose dotenv
// loads it over the environment. What the environment gives must come back out of
// dotenv as given, and win over the user's file.
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dotenvLine, dotenvNames, droppedBySh, inputVariable, mergedEnvFile } from '../../../scripts/local-action.ts'
import { ROOT } from '../../support/tools.ts'

// The dotenv that @github/local-action itself loads the file with.
const { parse } = createRequire(join(ROOT, 'node_modules/@github/local-action/package.json'))('dotenv') as {
  parse: (text: string) => Record<string, string>
}

const INPUTS = ['project-id', 'api-key', 'credentials-id', 'required-scopes', 'images', 'docker-config']

describe('npm run local-action: the environment wins over the file', () => {
  it('names the runner spells: INPUT_API_KEY (what sh lets through) and INPUT_API-KEY both name api-key', () => {
    expect(inputVariable('INPUT_API_KEY', INPUTS)).toBe('INPUT_API-KEY')
    expect(inputVariable('INPUT_API-KEY', INPUTS)).toBe('INPUT_API-KEY')
    expect(inputVariable('input_docker_config', INPUTS)).toBe('INPUT_DOCKER-CONFIG')
    expect(inputVariable('INPUT_API_KY', INPUTS)).toBeUndefined()
  })

  it("puts the environment's values after the file's, so that dotenv keeps them", () => {
    const file = 'INPUT_API-KEY=from-the-file\nINPUT_PROJECT-ID=p\nGITHUB_STEP_SUMMARY=/tmp/a\n# a comment\n'
    const merged = parse(
      mergedEnvFile(file, { INPUT_API_KEY: 'wrong', GITHUB_STEP_SUMMARY: '/tmp/b', HOME: '/root' }, INPUTS)
    )
    expect(merged['INPUT_API-KEY']).toBe('wrong')
    expect(merged['INPUT_PROJECT-ID']).toBe('p')
    // A variable the file names comes from the environment too; one it does not name stays out.
    expect(merged['GITHUB_STEP_SUMMARY']).toBe('/tmp/b')
    expect(merged['HOME']).toBeUndefined()
  })

  it('an empty value in the environment empties the input (rotate: no credentials-id)', () => {
    const merged = parse(mergedEnvFile('INPUT_CREDENTIALS-ID=abc\n', { INPUT_CREDENTIALS_ID: '' }, INPUTS))
    expect(merged['INPUT_CREDENTIALS-ID']).toBe('')
  })

  it('refuses an INPUT_ variable that names no input, instead of ignoring it', () => {
    expect(() => mergedEnvFile('', { INPUT_API_KY: 'x' }, INPUTS)).toThrow(
      /INPUT_API_KY names no input of action.yml \(its inputs: project-id, api-key/
    )
  })

  it.each([
    'plain',
    'has # a hash and  spaces ',
    "it's quoted",
    'both \' and "',
    'all three \' " but no backtick',
    'self-hosted:product:api\nself-hosted:product:engine',
    '$HOME is not expanded',
    ''
  ])('writes %j so that dotenv reads it back unchanged', value => {
    expect(parse(dotenvLine('INPUT_IMAGES', value))).toEqual({ INPUT_IMAGES: value })
  })

  it('refuses what a dotenv file cannot carry, rather than change it', () => {
    expect(() => dotenvLine('INPUT_X', 'a\rb')).toThrow(/carriage return/)
    expect(() => dotenvLine('INPUT_X', `' " \``)).toThrow(/all three quote characters/)
    expect(() => dotenvLine('INPUT_X', 'line "one"\nline two')).toThrow(/line break and a quote/)
  })

  it('reads the names a dotenv file sets', () => {
    expect(dotenvNames('# c\nA=1\nexport B = 2\n  C-D=3\nnot a line\nA=4\n')).toEqual(['A', 'B', 'C-D'])
  })

  it("reads back the INPUT_…-… variables sh dropped, from npm's environment, and only those", () => {
    const npmEnv = [
      'PATH=/usr/bin',
      'INPUT_API-KEY=wrong',
      'INPUT_PROJECT-ID=p',
      'INPUT_LOGIN=false',
      'A-B=1',
      ''
    ].join('\0')
    // INPUT_PROJECT-ID arrived (bash passes such names on): what arrived stands.
    expect(droppedBySh(npmEnv, { 'INPUT_PROJECT-ID': 'given' })).toEqual([['INPUT_API-KEY', 'wrong']])
    expect(droppedBySh('', {})).toEqual([])
  })
})
