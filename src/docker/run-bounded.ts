// Runs docker or podman with a deadline, without the action's inputs in its environment, in a
// process group of its own that the deadline ends whole (credential helpers too): @actions/exec can't.
import { spawn } from 'node:child_process'
import { win32 } from 'node:path'

/** `exitCode`: null when the process was ended by a signal. */
export interface BoundedResult {
  exitCode: number | null
  stdout: string
  stderr: string
  timedOut: boolean
}

/** The environment without INPUT_* variables: the runner passes every input (the API key and the
 * secret among them) that way, and docker hands its environment on to credential helpers. */
export function withoutInputs(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) {
    if (value !== undefined && !/^INPUT_/i.test(name)) out[name] = value
  }
  return out
}

// Only the last lines matter, and a runaway client must not fill memory.
const MAX_OUTPUT = 256 * 1024
// After SIGTERM, how long the group has before SIGKILL.
const KILL_GRACE_MS = 2000
// After the client exits, how long a grandchild may keep its pipes open.
const CLOSE_GRACE_MS = 2000

function append(buffer: string, chunk: Buffer): string {
  const next = buffer + chunk.toString('utf8')
  return next.length > MAX_OUTPUT ? next.slice(next.length - MAX_OUTPUT) : next
}

const POSIX = process.platform !== 'win32'

/** Windows has no process groups: taskkill /T ends the tree (its own file, not one first on PATH). */
export function taskkillPath(env: NodeJS.ProcessEnv = process.env): string {
  return win32.join(env['SystemRoot'] || 'C:\\Windows', 'System32', 'taskkill.exe')
}

function endGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    if (POSIX) process.kill(-pid, signal)
    else spawn(taskkillPath(), ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).unref()
  } catch {
    // Already gone.
  }
}

/** `input` is written to stdin, which is then closed. */
export function runBounded(
  file: string,
  args: string[],
  opts: { timeoutMs: number; input?: Buffer; env: Record<string, string> }
): Promise<BoundedResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      env: opts.env,
      stdio: ['pipe', 'pipe', 'pipe'],
      // Its own process group, so that the deadline ends its children too.
      detached: POSIX,
      windowsHide: true
    })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    let exitCode: number | null = null
    let settled = false
    const timers: NodeJS.Timeout[] = []
    const finish = (): void => {
      if (settled) return
      settled = true
      for (const t of timers) clearTimeout(t)
      child.stdout.destroy()
      child.stderr.destroy()
      resolve({ exitCode, stdout, stderr, timedOut })
    }
    child.stdout.on('data', (d: Buffer) => (stdout = append(stdout, d)))
    child.stderr.on('data', (d: Buffer) => (stderr = append(stderr, d)))
    // A client that exits without reading stdin closes the pipe: not an error of ours.
    child.stdin.on('error', () => undefined)
    child.on('error', error => {
      if (!settled) reject(error)
      settled = true
      for (const t of timers) clearTimeout(t)
    })
    child.on('exit', code => {
      exitCode = code
      // A grandchild that outlives the client (a daemonised agent) may hold the pipes.
      timers.push(setTimeout(finish, timedOut ? 200 : CLOSE_GRACE_MS))
    })
    child.on('close', finish)
    timers.push(
      setTimeout(() => {
        if (child.pid === undefined || settled) return
        const pid = child.pid
        timedOut = true
        endGroup(pid, 'SIGTERM')
        // Not cancelled when the client exits: a helper that ignores SIGTERM is ended too.
        setTimeout(() => {
          endGroup(pid, 'SIGKILL')
          // Whatever happens to the pipes, the caller hears back now.
          timers.push(setTimeout(finish, 500))
        }, KILL_GRACE_MS)
      }, opts.timeoutMs)
    )
    child.stdin.end(opts.input ?? Buffer.alloc(0))
  })
}
