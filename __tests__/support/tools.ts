// Finding the outside tools the end-to-end tests need.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

const major = (version: string): number => Number(/^v?(\d+)/.exec(version)?.[1] ?? 0)

/** Node 24, GitHub's runtime for node24 actions: this node when it is 24 or newer
 * (a contributor's own, or the one the npm scripts run on), else the one
 * scripts/setup-node24.mjs installs for this platform into node_modules/.bin. */
export const NODE24 = major(process.versions.node) >= 24 ? process.execPath : join(ROOT, 'node_modules/.bin/node')

/** The committed build's directory; DG_E2E_DIST points the suite at another build (e.g. a deliberately broken one). */
const DIST = process.env['DG_E2E_DIST'] ? resolve(process.env['DG_E2E_DIST']) : join(ROOT, 'dist')
/** The two entries action.yml names: runs.main and runs.post. */
export const DIST_MAIN = join(DIST, 'main.js')
export const DIST_POST = join(DIST, 'post.js')

export function which(tool: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim() || undefined
  } catch {
    return undefined
  }
}

const TOOLS = ['docker', 'podman', 'docker-registry', 'htpasswd', 'openssl'] as const

function isNode24(node: string): boolean {
  if (node === process.execPath) return true
  try {
    return existsSync(node) && major(execFileSync(node, ['--version'], { encoding: 'utf8' })) >= 24
  } catch {
    return false
  }
}

/** Tools that are missing. In CI (CI set) a missing tool fails the suite;
 * locally the suite skips with this list. */
export function missingTools(): string[] {
  const missing: string[] = TOOLS.filter(t => which(t) === undefined)
  if (!isNode24(NODE24)) missing.push('Node 24 (use Node 24, or run node scripts/setup-node24.mjs)')
  return missing
}

export function installHint(missing: string[]): string {
  return `missing ${missing.join(', ')}: install with \`sudo apt-get install docker.io podman docker-registry apache2-utils\`, \`npm ci\` and, on a Node older than 24, \`node scripts/setup-node24.mjs\``
}
