// The real docker (or podman) CLI behind a recording wrapper: a script named
// `docker` (or `podman`), first on PATH, appends its argv (one line per
// invocation, arguments tab-separated) and the environment it was given to log
// files, then execs the real client. DOCKER_CONFIG is a fresh temp dir, so
// config.json shows exactly what the action did.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { insecureRegistriesConf, shQuote } from './faults.ts'
import { which } from './tools.ts'

export interface DockerConfig {
  auths?: Record<string, { auth?: string }>
  [key: string]: unknown
}

const ENV_END = '--- end of environment ---'
/** Programs rootless podman runs itself: as a user with a /etc/subuid range (a
 * GitHub runner) it maps that range with these, found on PATH. */
const PODMAN_HELPERS = ['newuidmap', 'newgidmap'] as const
const TR = which('tr') ?? '/usr/bin/tr'

/** Environment dumps (NAME=value lines, each dump closed by ENV_END) as objects. */
function parseEnvLog(text: string): Record<string, string>[] {
  const dumps: Record<string, string>[] = []
  let current: Record<string, string> = {}
  for (const line of text.split('\n')) {
    if (line === ENV_END) {
      dumps.push(current)
      current = {}
    } else if (line.includes('=')) {
      current[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1)
    }
  }
  return dumps
}

export class DockerSpy {
  readonly dir: string
  /** Holds only the `docker` wrapper (podman: and podman's helpers); put it first on PATH. */
  readonly bin: string
  /** DOCKER_CONFIG for the action's docker. */
  readonly config: string
  readonly log: string
  readonly envLog: string
  readonly real: string
  readonly tool: string

  constructor(tool: 'docker' | 'podman' = 'docker') {
    const real = which(tool)
    if (real === undefined) throw new Error(`${tool} is not on PATH`)
    this.tool = tool
    this.real = real
    this.dir = mkdtempSync(join(tmpdir(), `dg-${tool}-`))
    this.bin = join(this.dir, 'bin')
    this.config = join(this.dir, 'config')
    this.log = join(this.dir, 'argv.log')
    this.envLog = join(this.dir, 'env.log')
    mkdirSync(this.bin)
    mkdirSync(this.config)
    writeFileSync(this.log, '')
    writeFileSync(this.envLog, '')
    const wrapper = join(this.bin, tool)
    writeFileSync(
      wrapper,
      [
        '#!/bin/sh',
        `# Records argv and the environment, then runs the real ${tool}.`,
        `{ for arg in "$@"; do printf '%s\\t' "$arg"; done; printf '\\n'; } >> ${shQuote(this.log)}`,
        // /proc, not `env`: dash drops names it cannot hold (INPUT_API-KEY) from what it shows and passes on.
        `{ ${shQuote(TR)} '\\0' '\\n' < /proc/$$/environ; printf '%s\\n' ${shQuote(ENV_END)}; } >> ${shQuote(this.envLog)}`,
        `exec ${shQuote(real)} "$@"`,
        ''
      ].join('\n')
    )
    chmodSync(wrapper, 0o755)
    // podman's own helpers beside it, as in /usr/bin, so that a PATH holding
    // only this directory still lets podman run as a user with subordinate IDs.
    if (tool === 'podman') {
      for (const helper of PODMAN_HELPERS) {
        const found = which(helper)
        if (found !== undefined) symlinkSync(found, join(this.bin, helper))
      }
    }
  }

  /** Environment for a step. docker: the wrapper first on PATH, a private
   * DOCKER_CONFIG, and DOCKER_HOST at a socket that does not exist, so that
   * docker logs in client-side whatever daemon the machine runs (as on a runner
   * without one). podman: PATH holds the wrapper and podman's helpers only (a
   * runner with podman and no docker), a private REGISTRY_AUTH_FILE, and a
   * registries.conf that lets podman speak plain http to the loopback hosts
   * given to insecure(). */
  env(): Record<string, string> {
    if (this.tool === 'podman') {
      return {
        PATH: this.bin,
        REGISTRY_AUTH_FILE: this.authFile,
        CONTAINERS_REGISTRIES_CONF: join(this.dir, 'registries.conf')
      }
    }
    return {
      PATH: `${this.bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
      DOCKER_CONFIG: this.config,
      DOCKER_HOST: `unix://${join(this.dir, 'no-daemon.sock')}`
    }
  }

  /** podman's auth file (REGISTRY_AUTH_FILE). */
  get authFile(): string {
    return join(this.config, 'auth.json')
  }

  /** podman only: let it use plain http to these loopback hosts (tests only). */
  insecure(hosts: string[]): void {
    insecureRegistriesConf(join(this.dir, 'registries.conf'), hosts)
  }

  /** Every recorded invocation, as its argv (without the program name). */
  invocations(): string[][] {
    return readFileSync(this.log, 'utf8')
      .split('\n')
      .filter(line => line !== '')
      .map(line => line.split('\t').slice(0, -1))
  }

  /** The environment of every recorded invocation, in order. */
  environments(): Record<string, string>[] {
    return parseEnvLog(readFileSync(this.envLog, 'utf8'))
  }

  /** $DOCKER_CONFIG/config.json, or {} when docker has not written one. */
  configJson(): DockerConfig {
    const file = this.tool === 'podman' ? this.authFile : join(this.config, 'config.json')
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DockerConfig) : {}
  }

  /** The raw config.json text ('' when absent). */
  configText(): string {
    const file = this.tool === 'podman' ? this.authFile : join(this.config, 'config.json')
    return existsSync(file) ? readFileSync(file, 'utf8') : ''
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true })
  }
}

/** An empty directory to use as the whole PATH: no docker, nothing else. */
export function emptyBinDir(): { path: string; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'dg-nodocker-'))
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) }
}
