// The docker config file for a Kubernetes pull secret (kubectl --from-file),
// skopeo --authfile, crane or helm: the set's one login, in a file of mode 0600
// inside a new directory of mode 0700 under RUNNER_TEMP. The post step deletes
// the directory. The file's content is secret: it is never read back or printed.
import { chmodSync, lstatSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { basicCredentials } from '../common.js'

/** The directory's name starts with this: the post step deletes nothing else. */
export const CONFIG_DIR_PREFIX = 'dg-docker-config-'
const CONFIG_FILE_NAME = 'config.json'

/** `{"auths": {"<registry>": {"auth": "<base64 of username:secret>"}}}`, as docker login writes it. */
export function dockerConfigJson(registry: string, username: string, secret: string): string {
  return `${JSON.stringify({ auths: { [registry]: { auth: basicCredentials(username, secret) } } }, null, 2)}\n`
}

/** Where the runner keeps a job's temporary files; the system's temp directory outside a runner.
 * Absolute (a relative RUNNER_TEMP is read from the working directory): the path is saved for
 * the post step, which deletes only an absolute one. */
export function tempRoot(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env['RUNNER_TEMP'] || tmpdir())
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

/** The path with every link resolved; undefined when it does not exist. */
export function realPath(path: string): string | undefined {
  try {
    return realpathSync(path)
  } catch {
    return undefined
  }
}

/** Deletes a directory writeDockerConfig made, and only such a directory: the path comes back
 * through the saved state, which anything that sets the step's environment can set. So: an
 * absolute path as written (no trailing slash, no `..`), named with the prefix, a real directory
 * (not a link to one), directly under the real `root`. */
export function removeDockerConfig(dir: string, root: string = tempRoot()): Removal {
  const name = basename(dir)
  if (!isAbsolute(dir) || join(dirname(dir), name) !== dir || !name.startsWith(CONFIG_DIR_PREFIX)) return 'refused'
  let isDirectory
  try {
    isDirectory = lstatSync(dir).isDirectory()
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return 'gone'
    throw error
  }
  const parent = realPath(dirname(dir))
  if (!isDirectory || parent === undefined || parent !== realPath(root)) return 'refused'
  rmSync(dir, { recursive: true, force: true })
  return 'deleted'
}
