// The docker config file for a Kubernetes pull secret (kubectl --from-file),
// skopeo --authfile, crane or helm: the set's one login, in a file of mode 0600
// inside a new directory of mode 0700 under RUNNER_TEMP. The post step deletes
// the directory. The file's content is secret: it is never read back or printed.
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, isAbsolute, join } from 'node:path'
import { basicCredentials } from '../common.js'

/** The directory's name starts with this: the post step deletes nothing else. */
export const CONFIG_DIR_PREFIX = 'dg-docker-config-'
export const CONFIG_FILE_NAME = 'config.json'

/** `{"auths": {"<registry>": {"auth": "<base64 of username:secret>"}}}`, as docker login writes it. */
export function dockerConfigJson(registry: string, username: string, secret: string): string {
  return `${JSON.stringify({ auths: { [registry]: { auth: basicCredentials(username, secret) } } }, null, 2)}\n`
}

/** Where the runner keeps a job's temporary files; the system's temp directory outside a runner. */
export function tempRoot(env: NodeJS.ProcessEnv = process.env): string {
  return env['RUNNER_TEMP'] || tmpdir()
}

export interface WrittenConfig {
  dir: string
  file: string
}

/** Writes the file; throws the file system's error (the caller words it). */
export function writeDockerConfig(
  registry: string,
  username: string,
  secret: string,
  root: string = tempRoot()
): WrittenConfig {
  // mkdtemp makes the directory 0700; chmod says so whatever the platform did.
  const dir = mkdtempSync(join(root, CONFIG_DIR_PREFIX))
  try {
    chmodSync(dir, 0o700)
    const file = join(dir, CONFIG_FILE_NAME)
    // 'wx': never through a file or link that is already there.
    writeFileSync(file, dockerConfigJson(registry, username, secret), { mode: 0o600, flag: 'wx' })
    chmodSync(file, 0o600)
    return { dir, file }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
}

export type Removal = 'deleted' | 'gone' | 'refused'

/** Deletes a directory writeDockerConfig made, and only such a directory
 * (absolute, named with the prefix): the path comes back through the saved state. */
export function removeDockerConfig(dir: string): Removal {
  if (!isAbsolute(dir) || !basename(dir).startsWith(CONFIG_DIR_PREFIX)) return 'refused'
  if (!existsSync(dir)) return 'gone'
  rmSync(dir, { recursive: true, force: true })
  return 'deleted'
}
