// The docker CLI: find it, log in with the secret on stdin, log out.
import * as exec from '@actions/exec'
import * as io from '@actions/io'
import { ActionError } from './errors.js'

export async function findDocker(): Promise<string> {
  const docker = await io.which('docker', false)
  if (!docker) {
    throw new ActionError(
      'Docker not found',
      'docker is not on PATH, so the action cannot log in: install Docker on the runner, or set `login: false` to run the scope check only.'
    )
  }
  return docker
}

/** docker's own explanation: its last line that says Error, else its last line. */
export function dockerErrorLine(stderr: string, stdout = ''): string {
  const all = `${stderr}\n${stdout}`
    .split(/\r?\n/)
    .map(l => l.trim())
    .filter(l => l !== '')
  // docker's logrus notes (level=info ... error="...") are not its verdict.
  const notes = /^time="[^"]*" level=(?:trace|debug|info|warn|warning) /
  const verdict = all.filter(l => !notes.test(l))
  const lines = verdict.length ? verdict : all
  const line = [...lines].reverse().find(l => /error/i.test(l)) ?? lines[lines.length - 1] ?? 'no output'
  return line.length > 300 ? `${line.slice(0, 297)}...` : line
}

export async function dockerLogin(docker: string, registry: string, username: string, secret: string): Promise<void> {
  // The secret travels on stdin only: never on argv, where `ps` and audit logs see it.
  const result = await exec.getExecOutput(docker, ['login', registry, '--username', username, '--password-stdin'], {
    input: Buffer.from(secret),
    ignoreReturnCode: true,
    silent: true
  })
  if (result.exitCode !== 0) {
    throw new ActionError(
      'Registry login failed',
      `docker login to ${registry} as ${username} failed: ${dockerErrorLine(result.stderr, result.stdout)} ` +
        '— check that `secret` is the secret shown when this credential set was created (it cannot be shown again; create a new set if it is lost).'
    )
  }
}

export async function dockerLogout(docker: string, registry: string): Promise<{ ok: boolean; message: string }> {
  const result = await exec.getExecOutput(docker, ['logout', registry], { ignoreReturnCode: true, silent: true })
  return { ok: result.exitCode === 0, message: dockerErrorLine(result.stderr, result.stdout) }
}
