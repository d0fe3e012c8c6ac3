// Small helpers shared by the unit tests: environment save/restore, stdout
// capture, temp dirs, and a catch-the-error helper.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inputVar } from './runner.ts'

/** Snapshot process.env; the returned function puts it back exactly. */
export function saveEnv(): () => void {
  const saved = { ...process.env }
  return () => {
    for (const name of Object.keys(process.env)) {
      if (!(name in saved)) delete process.env[name]
    }
    for (const [name, value] of Object.entries(saved)) process.env[name] = value
  }
}

/** Drop the proxy variables, so that loopback tests talk to their servers directly. */
export function clearProxyEnv(): void {
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy']) {
    delete process.env[name]
  }
}

/** INPUT_<NAME> the way the runner sets it: upper-cased, spaces to '_', hyphens kept. */
export function setInputs(inputs: Record<string, string>): void {
  for (const [name, value] of Object.entries(inputs)) {
    process.env[inputVar(name)] = value
  }
}

/** Drop every INPUT_* variable, so a test sees only the inputs it sets, and the
 * run's event and actor (a CI run for a fork or Dependabot changes messages). */
export function clearInputs(): void {
  for (const name of Object.keys(process.env)) if (name.startsWith('INPUT_')) delete process.env[name]
  for (const name of ['GITHUB_EVENT_NAME', 'GITHUB_EVENT_PATH', 'GITHUB_ACTOR', 'GITHUB_TRIGGERING_ACTOR']) {
    delete process.env[name]
  }
}

/** Swap process.stdout.write for a recorder; nothing reaches the terminal until restore(). */
function interceptStdout(): { read: () => string; restore: () => void } {
  const original = process.stdout.write
  let out = ''
  process.stdout.write = ((chunk: string | Uint8Array): boolean => {
    out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    return true
  }) as typeof process.stdout.write
  return { read: () => out, restore: () => (process.stdout.write = original) }
}

/** Record what is written to process.stdout while `fn` runs. */
export function captureStdout<T>(fn: () => T): { result?: T; error?: unknown; out: string } {
  const capture = interceptStdout()
  try {
    const result = fn()
    return { result, out: capture.read() }
  } catch (error) {
    return { error, out: capture.read() }
  } finally {
    capture.restore()
  }
}

/** The error `fn` throws; fails the test when it throws nothing. */
export function thrown(fn: () => unknown): Error {
  try {
    fn()
  } catch (error) {
    if (error instanceof Error) return error
    throw new Error(`threw a non-Error: ${String(error)}`, { cause: error })
  }
  throw new Error('expected a throw, but the call returned')
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejected(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise
  } catch (error) {
    if (error instanceof Error) return error
    throw new Error(`rejected with a non-Error: ${String(error)}`, { cause: error })
  }
  throw new Error('expected a rejection, but the promise resolved')
}

/** A temp dir and its removal. */
export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), prefix))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

/** Like captureStdout, for an async function. */
export async function captureStdoutAsync<T>(
  fn: () => Promise<T>
): Promise<{ result?: T; error?: unknown; out: string }> {
  const capture = interceptStdout()
  try {
    const result = await fn()
    return { result, out: capture.read() }
  } catch (error) {
    return { error, out: capture.read() }
  } finally {
    capture.restore()
  }
}
