// `npm run bench` prints figures and exits 0, whatever they are (a shared machine's timings
// say nothing on their own); it fails only when it cannot measure. Two runs of each, the least
// it takes: this checks that it runs, not how fast the action is.
import { spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { finished } from '../../support/spawned.ts'
import { installHint, missingTools, NODE24, ROOT } from '../../support/tools.ts'

const missing = missingTools()
const skip = missing.length > 0 && !process.env['CI']
if (skip) console.warn(`bench test skipped: ${installHint(missing)}`)

async function bench(env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  const child = spawn(NODE24, [join(ROOT, 'bench/bench.ts')], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...env }
  })
  return finished(child, 150000)
}

describe.skipIf(skip)('npm run bench', { timeout: 180000 }, () => {
  it('prints every figure and exits 0: no pass or fail on timings', async () => {
    const r = await bench({ BENCH_N: '2' })
    expect(r.out).not.toMatch(/Targets (NOT )?met/)
    for (const line of ['A/B    median of per-run ratios', 'Atls/F median of per-run ratios', '  dist/ JavaScript']) {
      expect(r.out).toContain(line)
    }
    expect(r.out).toMatch(/requests per run: \d+ to the registry, \d+ to the token server/)
    expect(r.out).toContain('proxy  HTTPS_PROXY ok')
    expect(r.out).toContain('Figures only, no pass or fail')
    expect(r.code, r.out).toBe(0)
  })

  it('fails when it cannot measure: an entry that fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dg-bench-broken-'))
    try {
      const entry = join(dir, 'index.js')
      writeFileSync(entry, "console.log('::error::broken build'); process.exitCode = 1\n")
      chmodSync(entry, 0o644)
      const r = await bench({ BENCH_N: '2', BENCH_ENTRY: entry })
      expect(r.code).not.toBe(0)
      expect(r.out).not.toContain('Figures only')
      expect(r.out).toContain('broken build')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
