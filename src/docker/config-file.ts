// The docker config file for a Kubernetes pull secret (kubectl --from-file),
// skopeo --authfile, crane or helm: the set's one login, in a file of mode 0600
// inside a new directory of mode 0700 under RUNNER_TEMP. The post step deletes
// the directory. The file's content is secret: it is never read back or printed.
import { chmodSync, lstatSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, posix, win32, type PlatformPath } from 'node:path'
import { basicCredentials } from '../common.js'

/** The directory's name starts with this: the post step deletes nothing else. */
export const CONFIG_DIR_PREFIX = 'dg-docker-config-'
const CONFIG_FILE_NAME = 'config.json'

/** This platform's path rules; the tests pass the other's. */
const PATHS: PlatformPath = process.platform === 'win32' ? win32 : posix

/** `{"auths": {"<registry>": {"auth": "<base64 of username:secret>"}}}`, as docker login writes it. */
export function dockerConfigJson(registry: string, username: string, secret: string): string {
  return `${JSON.stringify({ auths: { [registry]: { auth: basicCredentials(username, secret) } } }, null, 2)}\n`
}

/** Where the runner keeps a job's temporary files; the system's temp directory outside a runner.
 * Absolute (a relative RUNNER_TEMP is read from the working directory): the path is saved for
 * the post step, which deletes only an absolute one. */
export function tempRoot(env: NodeJS.ProcessEnv = process.env, p: PlatformPath = PATHS): string {
  return p.resolve(env['RUNNER_TEMP'] || tmpdir())
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

/** The shape of a directory writeDockerConfig made, by the platform's path rules (`p`: path.win32
 * in the tests of the Windows forms): an absolute path from a root (`/`; on Windows a drive
 * `C:\` or a share `\\server\share`, never a device path `\\?\` or `\\.\`), as written (no
 * trailing separator, no `..`, no `/` for `\`), named with the prefix. */
export function isConfigDirPath(dir: string, p: PlatformPath = PATHS): boolean {
  const name = p.basename(dir)
  const rooted = p.sep === '\\' ? /^(?:[A-Za-z]:\\|\\\\[^\\?.])/.test(dir) : dir.startsWith('/')
  return rooted && p.isAbsolute(dir) && p.join(p.dirname(dir), name) === dir && name.startsWith(CONFIG_DIR_PREFIX)
}

/** Deletes a directory writeDockerConfig made, and only such a directory: the path comes back
 * through the saved state, which anything that sets the step's environment can set. So: the
 * shape above, a real directory (not a link to one), directly under the real `root`. */
export function removeDockerConfig(dir: string, root: string = tempRoot()): Removal {
  if (!isConfigDirPath(dir)) return 'refused'
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
