// The real docker CLI behind a recording wrapper: a script named `docker`,
// first on PATH, appends its argv (one line per invocation, arguments
// tab-separated) to a log file, then execs the real docker. DOCKER_CONFIG is
// a fresh temp dir, so config.json shows exactly what the action did.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { which } from './tools.ts'

export interface DockerConfig {
  auths?: Record<string, { auth?: string }>
  [key: string]: unknown
}

/** Single-quoted for sh. */
function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

export class DockerSpy {
  readonly dir: string
  /** Holds only the `docker` wrapper; put it first on PATH. */
  readonly bin: string
  /** DOCKER_CONFIG for the action's docker. */
  readonly config: string
  readonly log: string
  readonly real: string

  constructor() {
    const real = which('docker')
    if (real === undefined) throw new Error('docker is not on PATH')
    this.real = real
    this.dir = mkdtempSync(join(tmpdir(), 'dg-docker-'))
    this.bin = join(this.dir, 'bin')
    this.config = join(this.dir, 'config')
    this.log = join(this.dir, 'argv.log')
    mkdirSync(this.bin)
    mkdirSync(this.config)
    writeFileSync(this.log, '')
    const wrapper = join(this.bin, 'docker')
    writeFileSync(
      wrapper,
      [
        '#!/bin/sh',
        '# Records argv, then runs the real docker.',
        `{ for arg in "$@"; do printf '%s\\t' "$arg"; done; printf '\\n'; } >> ${shQuote(this.log)}`,
        `exec ${shQuote(real)} "$@"`,
        ''
      ].join('\n')
    )
    chmodSync(wrapper, 0o755)
  }

  /** Environment for a step: the wrapper first on PATH, a private DOCKER_CONFIG,
   * and DOCKER_HOST at a socket that does not exist, so that docker logs in
   * client-side whatever daemon the machine runs (as on a runner without one). */
  env(): Record<string, string> {
    return {
      PATH: `${this.bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
      DOCKER_CONFIG: this.config,
      DOCKER_HOST: `unix://${join(this.dir, 'no-daemon.sock')}`
    }
  }

  /** Every recorded invocation, as its argv (without the program name). */
  invocations(): string[][] {
    return readFileSync(this.log, 'utf8')
      .split('\n')
      .filter(line => line !== '')
      .map(line => line.split('\t').slice(0, -1))
  }

  /** $DOCKER_CONFIG/config.json, or {} when docker has not written one. */
  configJson(): DockerConfig {
    const file = join(this.config, 'config.json')
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DockerConfig) : {}
  }

  /** The raw config.json text ('' when absent). */
  configText(): string {
    const file = join(this.config, 'config.json')
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
