// The shape of src/ (CONTRIBUTING.md's "Layout"): no import cycle between files
// nor between folders, the shared root files import no folder, short functions,
// and few casts. Reads the sources with TypeScript's own parser.
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src')

/** The root files that may import the folders: the two entries and the two steps they run. */
const ENTRIES = ['main.ts', 'post.ts', 'main-step.ts', 'post-step.ts']
const MAX_FUNCTION_LINES = 60
const MAX_CASTS = 12

function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return entry.name.endsWith('.ts') ? [relative(SRC, path)] : []
  })
}

const files = sourceFiles().sort()
const texts = new Map(files.map(file => [file, readFileSync(join(SRC, file), 'utf8')]))

/** The files of src/ that `file` imports: static, type-only, re-exports and import() alike. */
function importsOf(file: string, text: string): string[] {
  const found = ts.preProcessFile(text, true, true).importedFiles.map(f => f.fileName)
  return found
    .filter(specifier => specifier.startsWith('.'))
    .map(specifier => relative(SRC, resolve(SRC, dirname(file), specifier)).replace(/\.js$/, '.ts'))
}

/** The folder a file sits in, or the file itself for a root file (each its own part). */
function partOf(file: string): string {
  const slash = file.indexOf('/')
  return slash < 0 ? file : file.slice(0, slash)
}

/** The cycles of a graph: its strongly connected components of more than one node, or with a
 * node that points at itself (Tarjan's algorithm). */
function cyclesOf(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (node: string): void => {
    index.set(node, next)
    low.set(node, next++)
    stack.push(node)
    onStack.add(node)
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to)
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0))
      } else if (onStack.has(to)) low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0))
    }
    if (low.get(node) !== index.get(node)) return
    const component: string[] = []
    for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
      onStack.delete(top)
      component.push(top)
      if (top === node) break
    }
    if (component.length > 1 || graph.get(node)?.has(node)) cycles.push(component.sort())
  }
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node)
  return cycles
}

/** `x as T` and `<T>x`, but not `as const` (a literal's type, not a claim about a value). */
function castsIn(text: string): number {
  const source = ts.createSourceFile('file.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS)
  let casts = 0
  const walk = (node: ts.Node): void => {
    if (ts.isAsExpression(node)) {
      const constant = ts.isTypeReferenceNode(node.type) && node.type.typeName.getText(source) === 'const'
      if (!constant) casts++
    } else if (ts.isTypeAssertionExpression(node)) casts++
    ts.forEachChild(node, walk)
  }
  walk(source)
  return casts
}

/** The functions of a file longer than `max` lines (declarations, methods, arrows and function
 * expressions), by name or by the line they start on. */
function longFunctions(text: string, max: number): string[] {
  const source = ts.createSourceFile('file.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const long: string[] = []
  const walk = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body !== undefined) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line
      const name = node.name && ts.isIdentifier(node.name) ? node.name.text : `line ${first + 1}`
      if (last - first + 1 > max) long.push(`${name}: ${last - first + 1} lines`)
    }
    ts.forEachChild(node, walk)
  }
  walk(source)
  return long
}

/** Who imports whom: between files, or between parts (folders and root files), where an import
 * within a folder is no edge. */
/** Names a file declares that one of its imports already binds (a local `login` beside the
 * imported login(), say): one name, two meanings. */
function shadowedImports(text: string): string[] {
  const source = ts.createSourceFile('file.ts', text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS)
  const imported = new Set<string>()
  for (const statement of source.statements) {
    const bindings = ts.isImportDeclaration(statement) ? statement.importClause : undefined
    if (bindings?.name) imported.add(bindings.name.text)
    const named = bindings?.namedBindings
    if (named && ts.isNamespaceImport(named)) imported.add(named.name.text)
    if (named && ts.isNamedImports(named)) for (const element of named.elements) imported.add(element.name.text)
  }
  const shadowed: string[] = []
  const walk = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node)) return
    const name =
      ts.isFunctionDeclaration(node) ||
      ts.isVariableDeclaration(node) ||
      ts.isParameter(node) ||
      ts.isClassDeclaration(node)
        ? node.name
        : undefined
    if (name && ts.isIdentifier(name) && imported.has(name.text)) shadowed.push(name.text)
    ts.forEachChild(node, walk)
  }
  walk(source)
  return shadowed
}

function graphOf(between: 'files' | 'parts'): Map<string, Set<string>> {
  const part = between === 'files' ? (file: string): string => file : partOf
  const graph = new Map<string, Set<string>>()
  for (const [file, text] of texts) {
    const from = part(file)
    const edges = graph.get(from) ?? new Set<string>()
    for (const to of importsOf(file, text).map(part)) if (between === 'files' || to !== from) edges.add(to)
    graph.set(from, edges)
  }
  return graph
}

describe('the rules themselves', () => {
  it('finds a cycle, and only a cycle', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a'])],
      ['d', new Set(['a', 'd'])],
      ['e', new Set(['a'])]
    ])
    expect(cyclesOf(graph)).toEqual([['a', 'b', 'c'], ['d']])
    expect(cyclesOf(new Map([['a', new Set(['b'])]]))).toEqual([])
  })

  it('reads every kind of import, resolved from the importing file', () => {
    const text = [
      "import { a } from './a.js'",
      "import type { B } from '../b.js'",
      "export { c } from './c.js'",
      "const d = await import('./d.js')",
      "import * as core from '@actions/core'"
    ].join('\n')
    expect(importsOf('deepgram/x.ts', text)).toEqual(['deepgram/a.ts', 'b.ts', 'deepgram/c.ts', 'deepgram/d.ts'])
  })

  it('finds a declaration that takes the name of an import', () => {
    const text = "import { login } from './a.js'\nfunction f(login: string) {}\nconst other = 1"
    expect(shadowedImports(text)).toEqual(['login'])
    expect(shadowedImports("import { login } from './a.js'\nconst logIn = 1")).toEqual([])
  })

  it('measures each function, nested ones too', () => {
    const body = Array.from({ length: 5 }, (_, i) => `  const a${i} = ${i}`).join('\n')
    const text = `function short() {\n  return 1\n}\nfunction long() {\n${body}\n  const f = () => {\n${body}\n  }\n}`
    expect(longFunctions(text, 8)).toEqual(['long: 14 lines'])
    expect(longFunctions(text, 5)).toEqual(['long: 14 lines', 'line 10: 7 lines'])
  })

  it('counts casts, not `as const` nor `import * as`', () => {
    const text = "import * as core from 'x'\nconst a = b as string\nconst c = [1] as const\nconst d = <number>e"
    expect(castsIn(text)).toBe(2)
  })
})

describe('src/', () => {
  it('has the files the rules are about', () => {
    expect(files).toEqual(expect.arrayContaining(['main.ts', 'post.ts', 'errors.ts', 'deepgram/client.ts']))
  })

  it('has no import cycle between files', () => {
    expect(cyclesOf(graphOf('files'))).toEqual([])
  })

  it('has no import cycle between folders (each root file counted on its own)', () => {
    expect(cyclesOf(graphOf('parts'))).toEqual([])
  })

  it('has root files that, but for the entries and their steps, import no folder', () => {
    const shared = files.filter(file => !file.includes('/') && !ENTRIES.includes(file))
    const intoFolders = shared.flatMap(file =>
      importsOf(file, texts.get(file) ?? '')
        .filter(to => to.includes('/'))
        .map(to => `${file} -> ${to}`)
    )
    expect(intoFolders).toEqual([])
  })

  it('has no declaration that shadows an import of its file', () => {
    const shadowing = files.flatMap(file => shadowedImports(texts.get(file) ?? '').map(name => `${file}: ${name}`))
    expect(shadowing).toEqual([])
  })

  it(`has no function over ${MAX_FUNCTION_LINES} lines`, () => {
    const long = files.flatMap(file =>
      longFunctions(texts.get(file) ?? '', MAX_FUNCTION_LINES).map(f => `${file}: ${f}`)
    )
    expect(long).toEqual([])
  })

  it(`has at most ${MAX_CASTS} casts in all (as const aside)`, () => {
    const perFile = files.map(file => ({ file, casts: castsIn(texts.get(file) ?? '') })).filter(f => f.casts > 0)
    const total = perFile.reduce((sum, f) => sum + f.casts, 0)
    expect(total, perFile.map(f => `${f.file}: ${f.casts}`).join(', ')).toBeLessThanOrEqual(MAX_CASTS)
  })
})
