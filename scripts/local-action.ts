// `npm run local-action [-- FILE]`: runs the main step (src/main-step.ts) with
// @github/local-action, on the inputs of FILE (default .env) with the
// environment's own variables winning. local-action loads its dotenv file over
// the environment, and sh drops `INPUT_API-KEY=…` (a `-` in a name) before npm's
// script starts, so a key given on the command line was silently ignored; this
// hands local-action a file of its own instead: FILE's lines, then every INPUT_*
// variable of the environment (`INPUT_API_KEY` names `api-key` too; the `-` forms
// sh dropped are read back from npm's environment; one that names no input is
// refused) and every other variable that FILE names, from the environment. The file is written in a new directory
// only this user can read (it holds the key) and deleted when the run ends.
// The exit code is local-action's: it prints a failed check's ::error line and exits 0.
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

/** The names a dotenv file sets (`NAME=…`, `export NAME=…`), in order. */
export function dotenvNames(text: string): string[] {
  const names: string[] = []
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([\w.-]+)\s*=/.exec(line)
    if (m?.[1] && !names.includes(m[1])) names.push(m[1])
  }
  return names
}

/** One `NAME=value` line that dotenv reads back as exactly `value`. */
export function dotenvLine(name: string, value: string): string {
  if (value.includes('\r')) throw new Error(`${name} holds a carriage return, which a dotenv file cannot carry`)
  // Double quotes turn \n into a line break: multi-line inputs (images, required-scopes).
  if (value.includes('\n')) {
    if (value.includes('"') || value.includes('\\n')) throw new Error(`${name} holds a line break and a quote or \\n`)
    return `${name}="${value.replace(/\n/g, '\\n')}"`
  }
  for (const quote of ["'", '"', '`']) if (!value.includes(quote)) return `${name}=${quote}${value}${quote}`
  throw new Error(`${name} holds all three quote characters, which a dotenv file cannot carry`)
}

/** The input a variable names, as the runner spells it (`INPUT_API-KEY`): also from the
 * `INPUT_API_KEY` form, since sh (dash, which npm runs scripts with) drops variables whose
 * names hold a `-`. Undefined for a name that is no input of action.yml. */
export function inputVariable(name: string, inputs: readonly string[]): string | undefined {
  const wanted = name.toUpperCase().replace(/-/g, '_')
  const input = inputs.find(i => `INPUT_${i.toUpperCase().replace(/[- ]/g, '_')}` === wanted)
  return input === undefined ? undefined : `INPUT_${input.replace(/ /g, '_').toUpperCase()}`
}

/** The environment's variables that win over the file: every INPUT_* (by its runner name), and
 * every other name the file sets. Throws on an INPUT_* variable that names no input. */
function overrides(fileText: string, env: NodeJS.ProcessEnv, inputs: readonly string[]): [string, string][] {
  const fromFile = new Set(dotenvNames(fileText))
  const out: [string, string][] = []
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) continue
    if (/^INPUT_/i.test(name)) {
      const variable = inputVariable(name, inputs)
      if (variable === undefined)
        throw new Error(`${name} names no input of action.yml (its inputs: ${inputs.join(', ')})`)
      out.push([variable, value])
    } else if (fromFile.has(name)) out.push([name, value])
  }
  return out
}

/** The `INPUT_…-…` variables that sh dropped on the way here. npm runs its scripts with sh, and
 * dash (Debian's and Ubuntu's /bin/sh) hands on no variable whose name holds a `-`, so
 * `env 'INPUT_API-KEY=…' npm run local-action` would lose the key; npm itself still has it, in the
 * environment it started with. Read there (Linux's /proc) when npm started this script, and only
 * for such names that did not arrive. Elsewhere sh (bash, on macOS) and cmd pass them on. */
export function droppedBySh(parentEnviron: string, env: NodeJS.ProcessEnv): [string, string][] {
  return parentEnviron
    .split('\0')
    .map((entry): [string, string] => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)])
    .filter(([name]) => /^INPUT_/i.test(name) && name.includes('-') && env[name] === undefined)
}

/** What sh, or npm when sh ran this script in its place, was started with. */
function parentEnviron(env: NodeJS.ProcessEnv): string {
  if (env['npm_lifecycle_event'] !== 'local-action') return ''
  try {
    return readFileSync(`/proc/${process.ppid}/environ`, 'utf8')
  } catch {
    return ''
  }
}

export function mergedEnvFile(fileText: string, env: NodeJS.ProcessEnv, inputs: readonly string[]): string {
  const lines = overrides(fileText, env, inputs).map(([name, value]) => dotenvLine(name, value))
  // dotenv keeps the last of a name: the environment's lines come after the file's.
  return `${fileText.replace(/\s*$/, '')}\n# From the environment (wins over the lines above):\n${lines.join('\n')}\n`
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  if (args.length > 1 || args[0]?.startsWith('-')) {
    console.error('usage: npm run local-action [-- FILE]   (FILE: a .env-style file of INPUT_* lines; default .env)')
    process.exit(2)
  }
  const file = resolve(args[0] ?? '.env')
  const given = args[0] !== undefined
  if (given && !existsSync(file)) {
    console.error(`local-action: ${file} does not exist`)
    process.exit(2)
  }
  const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
  if (!existsSync(file) && !Object.keys(process.env).some(n => /^INPUT_/i.test(n))) {
    console.error('local-action: no .env and no INPUT_* variable: copy .env.example to .env and fill it in')
    process.exit(2)
  }
  const inputs = Object.keys(
    (parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs?: Record<string, unknown> }).inputs ?? {}
  )
  let content: string
  try {
    const env = { ...Object.fromEntries(droppedBySh(parentEnviron(process.env), process.env)), ...process.env }
    content = mergedEnvFile(text, env, inputs)
  } catch (error) {
    console.error(`local-action: ${error instanceof Error ? error.message : String(error)}`)
    process.exit(2)
  }
  const dir = mkdtempSync(join(tmpdir(), 'dg-local-action-'))
  const merged = join(dir, '.env')
  let code: number
  try {
    writeFileSync(merged, content, { mode: 0o600 })
    // Its bin file, not the .bin link: node runs it alike on every platform.
    const bin = join(ROOT, 'node_modules/@github/local-action/bin/local-action.js')
    const child = spawn(process.execPath, [bin, 'run', '.', 'src/main-step.ts', merged], {
      cwd: ROOT,
      stdio: 'inherit'
    })
    const stop = (signal: NodeJS.Signals): void => void child.kill(signal)
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
    code = await new Promise<number>(done => child.once('exit', (c, signal) => done(c ?? (signal ? 1 : 0))))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  process.exit(code)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main()
