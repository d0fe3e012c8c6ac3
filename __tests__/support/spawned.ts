// A child process's output (stdout and stderr in the order they came) and exit code,
// killed if it runs past a deadline.
import type { ChildProcessWithoutNullStreams } from 'node:child_process'

export async function finished(
  child: ChildProcessWithoutNullStreams,
  timeoutMs: number
): Promise<{ code: number | null; out: string }> {
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  clearTimeout(timer)
  return { code, out }
}
