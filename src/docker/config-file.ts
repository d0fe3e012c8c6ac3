// The docker config file for a pull secret (kubectl --from-file, skopeo --authfile, crane, helm):
// the set's login, mode 0600, in a new 0700 directory under RUNNER_TEMP that the post step
// deletes. Its content is secret: never read back or printed.
import { chmodSync, lstatSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, posix, win32, type PlatformPath } from 'node:path'
import { basicCredentials } from '../common.js'

/** The directory's name starts with this: the post step deletes nothing else. */
export const CONFIG_DIR_PREFIX = 'dg-docker-config-'

const PATHS: PlatformPath = process.platform === 'win32' ? win32 : posix

/** `{"auths": {"<registry>": {"auth": "<base64 of username:secret>"}}}`, as docker login writes it. */
export function dockerConfigJson(registry: string, username: string, secret: string): string {
  return `${JSON.stringify({ auths: { [registry]: { auth: basicCredentials(username, secret) } } }, null, 2)}\n`
}

/** RUNNER_TEMP, else the system's temp directory; made absolute, as the post step deletes only that. */
export function tempRoot(env: NodeJS.ProcessEnv = process.env, p: PlatformPath = PATHS): string {
  return p.resolve(env['RUNNER_TEMP'] || tmpdir())
}

/** Writes the file; throws the file system's error (the caller words it). */
export function writeDockerConfig(
  registry: string,
  username: string,
  secret: string,
  root: string = tempRoot()
): { dir: string; file: string } {
  // mkdtemp makes the directory 0700; chmod says so whatever the platform did.
  const dir = mkdtempSync(join(root, CONFIG_DIR_PREFIX))
  try {
    chmodSync(dir, 0o700)
    const file = join(dir, 'config.json')
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

/** The shape of a directory writeDockerConfig made: absolute from a root (`/`; a drive `C:\` or a
 * share `\\server\share`, never a device path `\\?\`), as written (no trailing separator, no `..`). */
export function isConfigDirPath(dir: string, p: PlatformPath = PATHS): boolean {
  const name = p.basename(dir)
  const rooted = p.sep === '\\' ? /^(?:[A-Za-z]:\\|\\\\[^\\?.])/.test(dir) : dir.startsWith('/')
  return rooted && p.isAbsolute(dir) && p.join(p.dirname(dir), name) === dir && name.startsWith(CONFIG_DIR_PREFIX)
}

/** Deletes only a directory writeDockerConfig made (the path is state, which anything that sets the
 * step's environment can set): that shape, a real directory, not a link, directly under `root`. */
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
