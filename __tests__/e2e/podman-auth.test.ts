// End-to-end with the real podman: the login goes where podman puts it
// (containers/common: REGISTRY_AUTH_FILE, else $DOCKER_CONFIG/config.json, else
// $XDG_RUNTIME_DIR/containers/auth.json), and the post step logs out of exactly
// that file, whatever a later step exports.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { listBody } from '../support/standin.ts'
import { missingTools } from '../support/tools.ts'
import { dockerAuth, withFixture, type Fixture } from './harness.ts'

const DEFAULT = ['self-hosted:product:api', 'self-hosted:product:engine']
const missing = missingTools()

/** The auth entry for the fixture's registry in `file`, if any. */
function entry(f: Fixture, file: string): unknown {
  if (!existsSync(file)) return undefined
  const json = JSON.parse(readFileSync(file, 'utf8')) as { auths?: Record<string, unknown> }
  return json.auths?.[f.host]
}

/** A scenario with podman and no docker; `dir()` makes a temp dir removed at its end. */
async function podmanFixture(body: (f: Fixture, dir: () => string) => Promise<void>): Promise<void> {
  const made: string[] = []
  const dir = (): string => {
    const path = mkdtempSync(join(tmpdir(), 'dg-podman-auth-'))
    made.push(path)
    return path
  }
  try {
    await withFixture(
      { script: ids => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT }]) }], docker: 'podman' },
      f => body(f, dir)
    )
  } finally {
    for (const path of made) rmSync(path, { recursive: true, force: true })
  }
}

describe.skipIf(missing.length > 0).concurrent('podman: where the login goes, and the logout', () => {
  test('DOCKER_CONFIG set, REGISTRY_AUTH_FILE not: the login goes to $DOCKER_CONFIG/config.json, and the post step removes it', async () => {
    await podmanFixture(async (f, freshDir) => {
      const config = freshDir()
      // A runner's job has a runtime dir: podman would use it only without DOCKER_CONFIG.
      const runtime = freshDir()
      mkdirSync(join(runtime, 'containers'))
      const env = { REGISTRY_AUTH_FILE: '', DOCKER_CONFIG: config, XDG_RUNTIME_DIR: runtime }
      const file = join(config, 'config.json')
      let afterMain: unknown
      const r = await f.run({ outcome: 'pass', env, between: () => void (afterMain = entry(f, file)) })
      expect(afterMain).toEqual({ auth: dockerAuth(f.username, f.ids.secret) })
      expect(r.main.state['authFile']).toBe(file)
      expect(r.postArgv).toEqual([['logout', f.host]])
      expect(r.postLog).toContain(`Logged out of ${f.host}.`)
      expect(entry(f, file)).toBeUndefined()
      expect(readFileSync(file, 'utf8')).not.toContain(dockerAuth(f.username, f.ids.secret))
      expect(entry(f, join(runtime, 'containers', 'auth.json'))).toBeUndefined()
    })
  })

  test('DOCKER_CONFIG at login, other variables exported before the post step: it still logs out of that file', async () => {
    await podmanFixture(async (f, freshDir) => {
      const config = freshDir()
      const file = join(config, 'config.json')
      const later = freshDir()
      const r = await f.run({
        outcome: 'pass',
        env: { REGISTRY_AUTH_FILE: '', DOCKER_CONFIG: config },
        postEnv: { REGISTRY_AUTH_FILE: join(later, 'auth.json'), DOCKER_CONFIG: later }
      })
      expect(r.main.state['authFile']).toBe(file)
      expect(r.postLog).toContain(`Logged out of ${f.host}.`)
      expect(entry(f, file)).toBeUndefined()
    })
  })

  test('REGISTRY_AUTH_FILE changed between the steps: the post step logs out of the file the login went to', async () => {
    await podmanFixture(async (f, freshDir) => {
      const first = join(freshDir(), 'auth.json')
      const second = join(freshDir(), 'auth.json')
      let afterMain: unknown
      const r = await f.run({
        outcome: 'pass',
        env: { REGISTRY_AUTH_FILE: first },
        postEnv: { REGISTRY_AUTH_FILE: second, DOCKER_CONFIG: freshDir() },
        between: () => void (afterMain = entry(f, first))
      })
      expect(afterMain).toEqual({ auth: dockerAuth(f.username, f.ids.secret) })
      expect(r.main.state['authFile']).toBe(first)
      expect(r.postLog).toContain(`Logged out of ${f.host}.`)
      expect(entry(f, first)).toBeUndefined()
      expect(existsSync(second)).toBe(false)
    })
  })
})
