// End-to-end: the air-gapped copy that docs/deploy-gate.md shows, run as written.
// The built action checks the release on the token-auth registry and writes the
// docker config file; then the doc's own `run:` script (read from the page) copies
// every image by digest into a second registry (htpasswd, its own auth file) with
// skopeo, and each copy must keep the digest that was checked, multi-platform
// images included.
import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import { LocalRegistry } from '../support/registry.ts'
import { runnerTemp, skopeoRaw } from '../support/skopeo.ts'
import { listBody } from '../support/standin.ts'
import { REPOS } from '../support/token-registry.ts'
import { installHint, missingTools, which } from '../support/tools.ts'
import {
  dockerAuth,
  SHARED_TAG,
  sharedTokenRegistry,
  stopSharedTokenRegistry,
  withFixture,
  type Ids
} from './harness.ts'

const DEFAULT = ['self-hosted:product:api', 'self-hosted:product:engine', 'self-hosted:product:billing']
const missing = [...missingTools(), ...['skopeo', 'jq'].filter(t => which(t) === undefined)]
const skip = missing.length > 0 && !process.env['CI']
if (skip) console.warn(`Air-gapped end-to-end suite skipped: ${installHint(missing)}`)

/** The `run:` script of the doc's step that copies with skopeo, exactly as the page has it. */
function documentedCopyScript(): string {
  const page = readFileSync(join(import.meta.dirname, '../../docs/deploy-gate.md'), 'utf8')
  for (const [, block] of page.matchAll(/```yaml\n([\s\S]*?)```/g)) {
    const steps: unknown = parse(block ?? '')
    if (!Array.isArray(steps)) continue
    for (const step of steps as { run?: string }[]) if (step.run?.includes('skopeo copy')) return step.run
  }
  throw new Error('docs/deploy-gate.md has no step that copies with skopeo')
}

/** As GitHub runs a `run:` script with `shell: bash`. */
function bash(script: string, env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise(resolve => {
    execFile(
      'bash',
      ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script],
      { env, timeout: 120000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: `${stdout}${stderr}` })
      }
    )
  })
}

const sha256 = (b: Buffer): string => `sha256:${createHash('sha256').update(b).digest('hex')}`

describe.skipIf(skip).concurrent('air-gapped: the checked release copied into a private registry by digest', () => {
  afterAll(() => stopSharedTokenRegistry())

  test(
    'the doc’s skopeo script copies every image, multi-platform too, keeping the digests checked',
    { timeout: 120000 },
    async () => {
      expect(missing, installHint(missing)).toEqual([])
      const script = documentedCopyScript()
      const password = `mirror${randomBytes(12).toString('hex')}`
      const mirror = await LocalRegistry.start('mirror', password)
      const temp = runnerTemp()
      const home = mkdtempSync(join(tmpdir(), 'dg-airgap-home-'))
      try {
        await sharedTokenRegistry()
        const setWith = (ids: Ids) => [{ body: listBody([{ id: ids.credentialsId, scopes: DEFAULT }]) }]
        await withFixture(
          { script: setWith, registry: 'token', pull: [REPOS.api, REPOS.engine, REPOS.billing], docker: 'absent' },
          async f => {
            const mirrorAuth = join(home, 'mirror-auth.json')
            writeFileSync(
              mirrorAuth,
              JSON.stringify({ auths: { [mirror.host]: { auth: dockerAuth('mirror', password) } } })
            )
            // Both registries are plain http on loopback: the skopeo the script finds first on PATH adds only
            // that (as a runner's registries.conf would mark them insecure), then runs the real one.
            const bin = join(home, 'bin')
            mkdirSync(bin)
            const real = which('skopeo') ?? 'skopeo'
            const tls = '--src-tls-verify=false --dest-tls-verify=false'
            writeFileSync(
              join(bin, 'skopeo'),
              `#!/bin/sh\nif [ "$1" = copy ]; then shift; exec ${real} copy ${tls} "$@"; fi\nexec ${real} "$@"\n`,
              { mode: 0o755 }
            )
            let copied: { code: number; out: string } | undefined
            const r = await f.run({
              outcome: 'pass',
              inputs: {
                login: 'false',
                images: [REPOS.api, REPOS.engine, REPOS.billing].join('\n'),
                release: 'latest',
                'docker-config': 'true'
              },
              env: { RUNNER_TEMP: temp.path },
              between: async main => {
                copied = await bash(script, {
                  PATH: `${bin}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
                  HOME: home,
                  XDG_RUNTIME_DIR: home,
                  IMAGES_JSON: main.outputs['images-json'] ?? '',
                  DOCKER_CONFIG_FILE: main.outputs['docker-config'] ?? '',
                  MIRROR: `${mirror.host}/deepgram`,
                  MIRROR_AUTH_FILE: mirrorAuth
                })
              }
            })
            expect(copied?.out).toBeDefined()
            expect(copied!.code, copied!.out).toBe(0)
            const checked = JSON.parse(r.main.outputs['images-json'] ?? '') as {
              repository: string
              tag: string
              digest: string
            }[]
            expect(checked.map(c => c.tag)).toEqual([SHARED_TAG, SHARED_TAG, SHARED_TAG])
            for (const { repository, tag, digest } of checked) {
              const name = repository.split('/').pop() ?? ''
              const got = await skopeoRaw(mirror.host, `deepgram/${name}:${tag}`, mirrorAuth)
              expect(got.code, got.stderr).toBe(0)
              expect(sha256(got.stdout), `${name} in the mirror`).toBe(digest)
            }
          }
        )
      } finally {
        await mirror.stop()
        temp.remove()
        rmSync(home, { recursive: true, force: true })
      }
    }
  )
})
