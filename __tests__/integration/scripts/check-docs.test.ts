// scripts/check-docs.ts: the docs' examples checked against action.yml.
// Each case is a small Markdown page; the good one passes, each bad one fails for its reason.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import {
  checkBlock,
  checkDependencies,
  checkEnvExample,
  checkReadmeSize,
  checkRepository,
  checkShellCommands,
  checkTables,
  checkWorkflowPolicy,
  parseActionSpec,
  yamlBlocks,
  type ActionSpec
} from '../../../scripts/check-docs.ts'
import { ROOT } from '../../support/tools.ts'

const NAME = 'deepgram-self-hosted-login'
const spec = (): ActionSpec => {
  const { spec } = parseActionSpec(readFileSync(join(ROOT, 'action.yml'), 'utf8'))
  if (!spec) throw new Error('action.yml does not parse')
  return spec
}

/** Problems of a Markdown page made of one yaml block. */
function check(yaml: string, s: ActionSpec = spec()): string[] {
  const page = `# Page\n\n\`\`\`yaml\n${yaml}\n\`\`\`\n`
  return yamlBlocks(page).flatMap(b => checkBlock(b, s, NAME, 'page.md').map(p => `${p.line}: ${p.message}`))
}

const STEP = `- id: deepgram
  uses: someone/${NAME}@v1
  with:
    project-id: \${{ vars.DEEPGRAM_PROJECT_ID }}
    api-key: \${{ secrets.DEEPGRAM_API_KEY }}
    credentials-id: \${{ vars.DEEPGRAM_CREDENTIALS_ID }}
    login: false`

describe('check-docs: examples', () => {
  it('passes a step list that uses the action correctly and reads outputs through env:', () => {
    expect(
      check(`${STEP}
- env:
    COMMENT: \${{ steps.deepgram.outputs.comment }}
  run: echo "The set is $COMMENT"`)
    ).toEqual([])
  })

  it('fails a misspelt input and names the right one', () => {
    const problems = check(STEP.replace('credentials-id:', 'credential-id:'))
    expect(problems).toContainEqual(
      expect.stringMatching(/^9: `credential-id` is not an input of action.yml \(did you mean `credentials-id`\?\)/)
    )
    // credentials-id is not required (ephemeral: true goes without it), so the typo is the one problem.
    expect(problems).toHaveLength(1)
  })

  it('fails an example that leaves out required inputs', () => {
    expect(check(STEP.replace(/ {4}project-id:.*\n {4}api-key:.*\n/, ''))).toEqual([
      '5: the step leaves out required inputs project-id, api-key'
    ])
  })

  it('fails an output of the action expanded inside a run: script, on the line it is on', () => {
    expect(
      check(`${STEP}
- run: |
    echo start
    echo "\${{ steps.deepgram.outputs.comment }}"`)
    ).toEqual([
      '13: `${{ steps.deepgram.outputs.comment }}` inside a run: script runs whatever that value holds: pass it through env: and use "$NAME" (quoted)'
    ])
  })

  it('fails an event field inside a run: script too, in a whole workflow', () => {
    const problems = check(`on: pull_request
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ github.event.pull_request.title }}`)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^9: `\$\{\{ github.event.pull_request.title \}\}` inside a run: script/)
  })

  it('fails an output the action does not have', () => {
    expect(
      check(`${STEP}
- env:
    USER: \${{ steps.deepgram.outputs.user }}
  run: echo "$USER"`)
    ).toEqual([expect.stringMatching(/^12: `user` is not an output of action.yml; its outputs: username, registry/)])
  })

  it('fails a job the workflow schema refuses, with its line in the page', () => {
    const problems = check(`jobs:
  preflight:
    runs-on: ubuntu-latest
    steps:
${STEP.replace(/^/gm, '      ')}
  deploy:
    needs: preflight`)
    expect(problems).toEqual([expect.stringMatching(/^16: workflow schema: There's not enough info/)])
  })

  it('fails YAML that does not parse', () => {
    expect(check(`${STEP}\n   - broken: [`)).toEqual([expect.stringMatching(/^\d+: YAML: /)])
  })

  it('fails an example that names the action in a way that is not a step', () => {
    expect(check(`- uses:someone/${NAME}@v1\n- run: echo hi`)).toEqual([
      '4: the example names the action but no step in it uses it (is it a valid step?)'
    ])
  })

  it('fails a uses: without a version', () => {
    expect(check(STEP.replace('@v1', ''))).toEqual([`5: \`uses: someone/${NAME}\` needs a version: someone/${NAME}@v1`])
  })

  it('passes a pin by full commit SHA with its release in a comment, as the README shows it', () => {
    const pinned = STEP.replace(`@v1`, `@${'a1'.repeat(20)} # v1.2.3`)
    expect(check(pinned)).toEqual([])
  })

  it('fails a pin by a short SHA, and a full SHA without its release in a comment', () => {
    expect(check(STEP.replace(`@v1`, '@a1b2c3d # v1.2.3'))).toEqual([
      `5: \`someone/${NAME}@a1b2c3d\`: a commit SHA must be all 40 lower-case hex characters`
    ])
    expect(check(STEP.replace(`@v1`, `@${'a1'.repeat(20)}`))).toEqual([
      `5: \`someone/${NAME}@${'a1'.repeat(20)}\` is pinned by SHA: say which release in a comment (# v1.2.3)`
    ])
    expect(check(STEP.replace(`@v1`, `@${'a1'.repeat(20)} # the latest`))).toHaveLength(1)
  })

  it('reads the inputs from action.yml as it is: a new input is accepted once action.yml has it', () => {
    const yaml = `${STEP}\n    platforms: linux/amd64`
    expect(check(yaml)).toEqual([expect.stringMatching(/`platforms` is not an input of action.yml/)])
    const text = readFileSync(join(ROOT, 'action.yml'), 'utf8').replace(
      /^inputs:\n/m,
      'inputs:\n  platforms:\n    description: Platforms to look up.\n    required: false\n'
    )
    const grown = parseActionSpec(text).spec
    expect(grown?.inputs.has('platforms')).toBe(true)
    expect(check(yaml, grown)).toEqual([])
  })

  it('skips YAML that is not a workflow and does not name the action', () => {
    expect(check('global:\n  pullSecretRef: dg-regcred')).toEqual([])
  })
})

describe('check-docs: action.yml and the README tables', () => {
  it('reports action.yml schema errors', () => {
    const { spec, problems } = parseActionSpec('name: x\ndescription: y\nrunz:\n  using: node24\n')
    expect(spec).toBeUndefined()
    expect(problems.map(p => p.message)).toContain("Unexpected value 'runz'")
  })

  it('wants every input and output in the tables, and no other', () => {
    const readme = [
      '## Inputs',
      '| input | meaning |',
      '| `project-id` | x |',
      '| `credential-id` | x |',
      '## Outputs',
      '| `username` | x |'
    ].join('\n')
    const problems = checkTables(readme, spec()).map(p => p.message)
    expect(problems).toContain('the Inputs table lacks the input `credentials-id`')
    expect(problems).toContain('`credential-id` is not an input of action.yml')
    expect(problems).toContain('the Outputs table lacks the output `registry`')
    expect(problems).not.toContain('the Inputs table lacks the input `project-id`')
  })

  it('wants every runtime dependency imported by src/', () => {
    const sources = new Map([
      [
        'src/a.ts',
        "import * as core from '@actions/core'\nimport type { X } from '@actions/http-client/lib/interfaces'"
      ]
    ])
    const problems = checkDependencies(['@actions/core', '@actions/http-client', '@actions/exec'], sources).map(
      p => p.message
    )
    expect(problems).toEqual(['the dependency @actions/exec is not imported by src/'])
  })

  it('wants every input in .env.example, and no other', () => {
    const problems = checkEnvExample(
      'INPUT_PROJECT-ID=\nINPUT_CREDENTIAL-ID=x\n# INPUT_IMAGES= (a comment)\n',
      spec()
    ).map(p => p.message)
    expect(problems).toContain('lacks the input `images` (INPUT_IMAGES=)')
    expect(problems).toContain('`credential-id` is not an input of action.yml')
    expect(problems.some(p => p.includes('`project-id`'))).toBe(false)
    expect(checkEnvExample(readFileSync(join(ROOT, '.env.example'), 'utf8'), spec())).toEqual([])
  })
})

describe('check-docs: the workflows pin what they use', () => {
  const workflow = (steps: string, permissions = 'permissions:\n  contents: read\n'): string =>
    `on: push\n${permissions}jobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n${steps}`
  const SHA = 'a'.repeat(40)

  it('passes a SHA with its version, a local action and read-only contents', () => {
    expect(
      checkWorkflowPolicy(workflow(`      - uses: actions/checkout@${SHA} # v5.0.0\n      - uses: ./\n`), 'w.yml')
    ).toEqual([])
  })

  it('fails a tag, a short SHA and a SHA without its version', () => {
    const problems = checkWorkflowPolicy(
      workflow(
        `      - uses: actions/checkout@v5\n      - uses: actions/setup-node@${SHA.slice(0, 7)} # v6.0.0\n      - uses: a/b@${SHA}\n`
      ),
      'w.yml'
    ).map(p => `${p.line}: ${p.message}`)
    expect(problems).toEqual([
      '8: actions/checkout@v5 must be pinned by its full commit SHA (uses: owner/repo@<sha> # vX.Y.Z)',
      `9: actions/setup-node@${SHA.slice(0, 7)} must be pinned by its full commit SHA (uses: owner/repo@<sha> # vX.Y.Z)`,
      `10: a/b@${SHA} needs its version in a comment: # vX.Y.Z`
    ])
  })

  it('fails a workflow without top-level read-only permissions', () => {
    expect(checkWorkflowPolicy(workflow('      - run: echo\n', ''), 'w.yml').map(p => p.message)).toEqual([
      'the workflow must start from `permissions: contents: read` at the top level'
    ])
    expect(checkWorkflowPolicy(workflow('      - run: echo\n', 'permissions: write-all\n'), 'w.yml')).toHaveLength(1)
  })
})

describe('check-docs: a repository', () => {
  let dir = ''
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  it("this repository's action.yml, README.md and docs agree", () => {
    expect(checkRepository(ROOT)).toEqual([])
  })

  const copy = (): string => {
    dir = mkdtempSync(join(tmpdir(), 'dg-docs-'))
    for (const f of ['action.yml', 'package.json', 'README.md', 'docs', '.github', 'src', '.env.example']) {
      cpSync(join(ROOT, f), join(dir, f), { recursive: true })
    }
    return dir
  }

  it("fails a copy whose workflow's uses: ./ step has a typo", () => {
    copy()
    const ci = join(dir, '.github/workflows/ci.yml')
    writeFileSync(ci, readFileSync(ci, 'utf8').replace(/^( +)credentials-id:/m, '$1credential-id:'))
    const problems = checkRepository(dir).map(p => `${p.file}:${p.line}: ${p.message}`)
    expect(problems).toContainEqual(
      expect.stringMatching(/^\.github\/workflows\/ci\.yml:\d+: `credential-id` is not an input of action.yml/)
    )
  })

  it("fails a copy whose README grew past 16 KB, or whose CONTRIBUTING runs a .ts file with the shell's node", () => {
    copy()
    const readme = join(dir, 'README.md')
    writeFileSync(readme, `${readFileSync(readme, 'utf8')}\n${'More depth. '.repeat(1500)}\n`)
    writeFileSync(
      join(dir, 'CONTRIBUTING.md'),
      '# Contributing\n\n```sh\nnode scripts/ci-services.ts start --dotenv .env\n```\n'
    )
    const problems = checkRepository(dir).map(p => `${p.file}:${p.line}: ${p.message}`)
    expect(problems).toContainEqual(expect.stringMatching(/^README\.md:1: is \d+ bytes, over 16000 \(16 KB\)/))
    expect(problems).toContainEqual(
      expect.stringMatching(
        /^CONTRIBUTING\.md:4: `node scripts\/ci-services\.ts` runs a TypeScript file with the shell's node/
      )
    )
  })

  it('fails a copy whose docs/ page has a typo in an example', () => {
    copy()
    writeFileSync(join(dir, 'docs/extra.md'), `# Extra\n\n\`\`\`yaml\n${STEP.replace('api-key:', 'apikey:')}\n\`\`\`\n`)
    const problems = checkRepository(dir).map(p => `${p.file}:${p.line}: ${p.message}`)
    expect(problems).toContainEqual(
      expect.stringMatching(/^docs\/extra.md:8: `apikey` is not an input of action.yml \(did you mean `api-key`\?\)/)
    )
  })
})

describe('check-docs: the README stays short', () => {
  it('passes under 16,000 bytes and fails at them, counting bytes, not characters', () => {
    expect(checkReadmeSize('x'.repeat(15_999))).toEqual([])
    expect(checkReadmeSize('x'.repeat(16_000))).toHaveLength(1)
    // '✅' is 3 bytes in UTF-8.
    expect(checkReadmeSize('✅'.repeat(5334))).toHaveLength(1)
  })
})

describe('check-docs: the commands the docs show run in a shell whose node is older than 24', () => {
  const problems = (page: string): string[] => checkShellCommands(page, 'page.md').map(p => `${p.line}: ${p.message}`)

  it('fails a TypeScript file run by node, in a sh block or an inline span, and says what to write', () => {
    expect(problems('# P\n\n```sh\nnode scripts/ci-services.ts start --dotenv .env   # starts them\n```\n')).toEqual([
      "4: `node scripts/ci-services.ts` runs a TypeScript file with the shell's node, which fails before Node 24: give it an npm script, or write `npm exec -- node scripts/ci-services.ts`"
    ])
    expect(problems('Run `node --no-warnings bench/profile.ts` to profile.')).toHaveLength(1)
    expect(problems('```bash\nnpm run build && node bench/bench.ts\n```')).toHaveLength(1)
  })

  it("passes npm scripts, npm exec -- node, npx, JavaScript files and other languages' blocks", () => {
    const page = [
      '```sh',
      'npm run services -- start --dotenv .env',
      'npm exec -- node bench/profile.ts',
      'npx tsx scripts/x.ts',
      'node scripts/setup-node24.mjs',
      'node --env-file=.env dist/index.js',
      'node -e 0',
      '```',
      '```yaml',
      'run: node scripts/in-a-workflow.ts',
      '```',
      'Outside npm scripts, `npm exec -- node scripts/….ts` runs a script on Node 24; `node_modules/.bin/node` is 24.'
    ].join('\n')
    expect(problems(page)).toEqual([])
  })
})
