// skopeo with a given auth file as its only credentials, and a RUNNER_TEMP shared by
// both steps: how the end-to-end tests prove that a docker config file pulls.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** A RUNNER_TEMP shared by both steps, as on a runner (the harness gives each step its own otherwise). */
export function runnerTemp(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'dg-runner-temp-'))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

export interface Exec {
  code: number
  stdout: Buffer
  stderr: string
}

/** skopeo with the given auth file as its only credentials: no HOME, no XDG_RUNTIME_DIR auth of ours. */
export async function skopeoRaw(host: string, reference: string, authfile: string): Promise<Exec> {
  const home = mkdtempSync(join(tmpdir(), 'dg-skopeo-home-'))
  try {
    return await new Promise<Exec>(resolve => {
      execFile(
        'skopeo',
        ['inspect', '--raw', '--tls-verify=false', '--authfile', authfile, `docker://${host}/${reference}`],
        {
          encoding: 'buffer',
          timeout: 60000,
          env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, XDG_RUNTIME_DIR: home }
        },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
          resolve({ code, stdout, stderr: stderr.toString('utf8') })
        }
      )
    })
  } finally {
    rmSync(home, { recursive: true, force: true })
  }
}
