// `npm run build`: bundles the two entries, src/main.ts and src/post.ts, into
// dist/ with ncc's programmatic API, one bundle each.
//
// dist/main.js       the main step (action.yml's runs.main), minified
// dist/post.js       the post step (runs.post), minified: its own bundle, so that
//                    nothing in the environment can make one step run as the other
// dist/<id>.index.js the image preflight (src/registry/: the check and its client), a chunk
//                    that dist/main.js imports only when the `images` input is set
// dist/undici.cjs    undici, bundled apart and minified; loaded only if a ProxyAgent is constructed
// dist/undici-lazy.js  build/undici-lazy.js, what both bundles get for `import ... from 'undici'`
// dist/licenses.txt  the licences of everything in dist/
// dist/package.json  {"type": "module"}, from ncc
//
// Why undici is kept apart: @actions/http-client imports `{ ProxyAgent } from
// 'undici'` at top level but needs it only for its fetch() proxy helper, which
// this action never calls; our request goes through node:http/https (and the
// `tunnel` agent under HTTPS_PROXY). Bundled in, undici was ~85% of the bundle
// and most of the start-up time and memory: see docs/performance.md for the figures.
//
// The output is deterministic (CI rebuilds and diffs dist/): no cache, no
// absolute paths, files written in a fixed order. dist/ is replaced file by
// file through renames, dependencies first, so that a run of dist/ during a
// build never sees a half-written file.
import ncc from '@vercel/ncc'
import { createRequire } from 'node:module'
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
// `--out DIR` builds elsewhere (to try a build without touching dist/).
const outAt = process.argv.indexOf('--out')
const DIST = outAt > 0 ? resolve(process.argv[outAt + 1]) : join(ROOT, 'dist')
const LAZY = './undici-lazy.js'
// What build/undici-lazy.js exports; every name http-client imports from undici must be here.
const LAZY_EXPORTS = ['ProxyAgent']

// `--no-minify` for a readable build to debug or profile (not for dist/: the figures assume minified).
const common = { cache: false, minify: !process.argv.includes('--no-minify'), target: 'es2023', quiet: true }

/** The directories of the runtime dependencies (package.json's `dependencies` and
 * theirs, as Node resolves them), undici aside: what the bundle can contain. Dev
 * tools under node_modules/@actions (workflow-parser, local-action's) are not. */
function runtimePackages() {
  const seen = new Map()
  const visit = (name, from) => {
    // Node's lookup: the nearest node_modules/<name> up from the requiring package.
    for (let dir = from; ; dir = dirname(dir)) {
      const candidate = join(dir, 'node_modules', name)
      if (existsSync(join(candidate, 'package.json'))) {
        if (seen.has(candidate)) return
        seen.set(candidate, name)
        const pkg = JSON.parse(readFileSync(join(candidate, 'package.json'), 'utf8'))
        for (const dep of Object.keys(pkg.dependencies ?? {})) if (dep !== 'undici') visit(dep, candidate)
        return
      }
      if (dir === ROOT || dirname(dir) === dir) throw new Error(`build: cannot find ${name}, needed by ${from}`)
    }
  }
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
  for (const dep of Object.keys(root.dependencies)) visit(dep, ROOT)
  return [...seen.keys()]
}

/** Every JavaScript file of the runtime dependencies that could import undici. */
function dependencyFiles() {
  const files = []
  const walk = dir => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, entry.name)
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(p)
      else if (/\.[cm]?js$/.test(entry.name)) files.push(p)
    }
  }
  for (const dir of runtimePackages()) walk(dir)
  return files
}

/** The undici that @actions/http-client itself resolves; checks that nothing
 * imports more from undici than build/undici-lazy.js provides. */
function httpClientUndici() {
  for (const file of dependencyFiles()) {
    const source = readFileSync(file, 'utf8')
    const where = relative(ROOT, file)
    if (/require\(\s*['"]undici['"]\s*\)|import\(\s*['"]undici['"]\s*\)/.test(source)) {
      throw new Error(`build: ${where} loads undici in a way build/undici-lazy.js does not cover`)
    }
    for (const m of source.matchAll(/import\s+([^'"]*?)\s+from\s+['"]undici['"]/g)) {
      const named = /^\{([^}]*)\}$/.exec(m[1].trim())
      if (!named) throw new Error(`build: ${where} imports undici as \`${m[1]}\`; update build/undici-lazy.js`)
      const missing = named[1]
        .split(',')
        .map(n => n.trim().split(/\s+as\s+/)[0])
        .filter(n => n && !LAZY_EXPORTS.includes(n))
      if (missing.length)
        throw new Error(`build: build/undici-lazy.js lacks ${missing.join(', ')}, imported by ${where}`)
    }
  }
  return createRequire(join(ROOT, 'node_modules/@actions/http-client/lib/index.js')).resolve('undici')
}

/** One entry's bundle, with undici left to build/undici-lazy.js. */
async function entry(source, name) {
  const built = await ncc(join(ROOT, source), { ...common, externals: { undici: LAZY }, license: 'licenses.txt' })
  if (built.code.includes('llhttp')) throw new Error(`build: undici got into dist/${name} after all`)
  return { name, ...built }
}

/** The licence texts, each paragraph once: the post step's dependencies are mostly the main step's. */
function licencesOf(texts) {
  const kept = []
  for (const text of texts) {
    const source = String(text).trim()
    if (!source.split('\n\n').every(paragraph => kept.some(k => k.includes(paragraph)))) kept.push(source)
  }
  return `${kept.join('\n\n')}\n`
}

async function build() {
  const undiciEntry = httpClientUndici()
  // In order: the file names and their contents do not depend on timing.
  const main = await entry('src/main.ts', 'main.js')
  const post = await entry('src/post.ts', 'post.js')
  const undici = await ncc(undiciEntry, { ...common, license: 'licenses.txt' })

  const files = new Map()
  files.set('undici.cjs', undici.code)
  files.set('undici-lazy.js', readFileSync(join(ROOT, 'build/undici-lazy.js'), 'utf8'))
  for (const bundle of [main, post]) {
    for (const [name, asset] of Object.entries(bundle.assets)) {
      if (name === 'licenses.txt') continue
      // A chunk of one bundle must not overwrite another's of the same name.
      if (files.has(name) && String(files.get(name)) !== String(asset.source)) {
        throw new Error(`build: dist/${name} differs between the bundles of main.js and post.js`)
      }
      files.set(name, asset.source)
    }
  }
  files.set('licenses.txt', licencesOf([main, post, undici].map(bundle => bundle.assets['licenses.txt'].source)))
  for (const bundle of [main, post]) {
    if (files.has(bundle.name)) throw new Error(`build: a chunk is named dist/${bundle.name}`)
    files.set(bundle.name, bundle.code)
  }

  for (const [name, source] of files) {
    if (String(source).includes(ROOT)) throw new Error(`build: dist/${name} contains the absolute path ${ROOT}`)
  }

  const tmp = join(ROOT, `.dist-${process.pid}`)
  rmSync(tmp, { recursive: true, force: true })
  mkdirSync(tmp)
  try {
    mkdirSync(DIST, { recursive: true })
    for (const [name, source] of files) {
      writeFileSync(join(tmp, name), source)
      renameSync(join(tmp, name), join(DIST, name))
    }
    for (const name of readdirSync(DIST)) {
      if (!files.has(name)) rmSync(join(DIST, name), { recursive: true, force: true })
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true })
  }
  const sizes = [...files].map(([n, s]) => `${n} ${(Buffer.byteLength(s) / 1024).toFixed(1)} KiB`)
  if (process.argv.includes('--sizes')) console.log(`${relative(process.cwd(), DIST) || '.'}: ${sizes.join(', ')}`)
}

await build()
