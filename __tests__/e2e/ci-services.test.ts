// scripts/ci-services.ts, the way the workflow job that runs the action with
// `uses: ./` uses it: start the services, run the built action against them
// (login, then check-only), read its outputs, then stop the services.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { RELEASES } from '../../scripts/ci-services.ts'
import { ActionRun, parseFileCommands } from '../support/runner.ts'
import { ROOT, missingTools } from '../support/tools.ts'

const missing = missingTools()

async function reachable(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) })
    return true
  } catch {
    return false
  }
}

describe.skipIf(missing.length > 0)('scripts/ci-services.ts, as the uses: ./ job runs it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-ci-services-'))
  const run = new ActionRun()
  let s: Record<string, string> = {}
  let stdout = ''

  beforeAll(async () => {
    const output = join(dir, 'output')
    writeFileSync(output, '')
    const r = await promisify(execFile)(process.execPath, [join(ROOT, 'scripts/ci-services.ts'), 'start'], {
      env: {
        PATH: process.env['PATH'],
        HOME: process.env['HOME'],
        GITHUB_ACTIONS: 'true',
        GITHUB_OUTPUT: output,
        DG_SERVICES_LOG: join(dir, 'services.log')
      }
    })
    stdout = r.stdout
    s = parseFileCommands(readFileSync(output, 'utf8'))
  })

  afterAll(() => {
    if (s['pid'] && Number(s['pid']) > 0) {
      try {
        process.kill(Number(s['pid']), 'SIGTERM')
      } catch {
        // Already stopped by the last test.
      }
    }
    run.cleanup()
    rmSync(dir, { recursive: true, force: true })
  })

  test('writes the addresses, fresh IDs, the key, the secret and its pid to GITHUB_OUTPUT', () => {
    expect(Object.keys(s).sort()).toEqual(
      ['api-key', 'api-url', 'credentials-id', 'pid', 'project-id', 'registry', 'secret', 'thin-credentials-id'].sort()
    )
    expect(s['api-url']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(s['registry']).toMatch(/^127\.0\.0\.1:\d+$/)
    expect(s['credentials-id']).not.toBe(s['thin-credentials-id'])
  })

  test('masks the key and the secret first, and prints them nowhere else', () => {
    const lines = stdout.split('\n').filter(l => l !== '')
    expect(lines.slice(0, 2)).toEqual([`::add-mask::${s['api-key']}`, `::add-mask::${s['secret']}`])
    for (const line of lines.slice(2)) {
      expect(line).not.toContain(s['api-key'])
      expect(line).not.toContain(s['secret'])
    }
  })

  test('the action logs in with the good set, then the check-only run refuses the thin set', async () => {
    const dockerConfig = mkdtempSync(join(dir, 'docker-'))
    const common = {
      'project-id': s['project-id'] ?? '',
      'api-key': s['api-key'] ?? '',
      'api-url': s['api-url'] ?? '',
      registry: s['registry'] ?? ''
    }
    const login = await run.step({
      inputs: { ...common, 'credentials-id': s['credentials-id'] ?? '', secret: s['secret'] ?? '' },
      env: { DOCKER_CONFIG: dockerConfig }
    })
    expect(login.stderr).toBe('')
    expect(login.code).toBe(0)
    expect(login.outputs).toEqual({
      'credentials-id': s['credentials-id'],
      username: `deepgram+${s['credentials-id']}`,
      registry: s['registry'],
      provider: 'quay',
      scopes: 'self-hosted:product:api,self-hosted:product:engine',
      comment: 'CI: uses ./',
      created: '2024-05-01T12:00:00.000000Z'
    })
    const auths = (JSON.parse(readFileSync(join(dockerConfig, 'config.json'), 'utf8')) as { auths: object }).auths
    expect(Object.keys(auths)).toEqual([s['registry']])

    const check = await run.step({
      inputs: { ...common, 'credentials-id': s['thin-credentials-id'] ?? '', login: 'false' },
      env: { DOCKER_CONFIG: dockerConfig }
    })
    expect(check.code).toBe(1)
    expect(check.stdout).toMatch(/^::error title=Credential set lacks required scopes::.*self-hosted:product:engine/m)
  })

  test('ephemeral, check only: the stand-in creates a set for the run, and the post step deletes it', async () => {
    const inputs = {
      'project-id': s['project-id'] ?? '',
      'api-key': s['api-key'] ?? '',
      'api-url': s['api-url'] ?? '',
      ephemeral: 'true',
      login: 'false'
    }
    const { main, post } = await run.mainAndPost({
      inputs,
      env: { GITHUB_REPOSITORY_ID: '42', GITHUB_REPOSITORY: 'acme/ci', GITHUB_RUN_ID: '1' }
    })
    expect(main.stderr).toBe('')
    expect(main.code).toBe(0)
    const id = main.outputs['credentials-id'] ?? ''
    expect(id).toMatch(/^[0-9a-f-]{36}$/)
    expect([s['credentials-id'], s['thin-credentials-id']]).not.toContain(id)
    expect(main.outputs['comment']).toMatch(
      /^deepgram-self-hosted-login ephemeral repo:42 run:1\.1 mark:[a-z2-7]{8} acme\/ci$/
    )
    expect(post.code).toBe(0)
    expect(post.stdout).toContain(`Deleted credential set ${id}, made for this job.`)
  })

  /** The registry's token realm's answer to a robot's Basic credentials, for one repository. */
  async function tokenStatus(user: string, secret: string): Promise<number> {
    const challenge = (await fetch(`http://${s['registry']}/v2/`)).headers.get('www-authenticate') ?? ''
    const realm = /realm="([^"]+)"/.exec(challenge)?.[1] ?? ''
    const service = /service="([^"]+)"/.exec(challenge)?.[1] ?? ''
    const url = `${realm}?service=${encodeURIComponent(service)}&scope=repository:deepgram/self-hosted-api:pull`
    const basic = Buffer.from(`${user}:${secret}`).toString('base64')
    return (await fetch(url, { headers: { authorization: `Basic ${basic}` } })).status
  }

  test(
    "the registry accepts a set made through the stand-in after quay's short delay, and none once deleted",
    {
      timeout: 20000
    },
    async () => {
      const base = `${s['api-url']}/v1/projects/${s['project-id']}/self-hosted/distribution/credentials`
      const headers = { authorization: `Token ${s['api-key']}`, 'content-type': 'application/json' }
      const body = JSON.stringify({ provider: 'quay', comment: 'made by a test', scopes: ['self-hosted:product:api'] })
      const made = (await (await fetch(base, { method: 'POST', headers, body })).json()) as {
        distribution_credentials_id: string
        secret: string
      }
      const user = `deepgram+${made.distribution_credentials_id}`
      expect(await tokenStatus(user, made.secret)).toBe(401)
      const deadline = Date.now() + 8000
      let status = 401
      while (status === 401 && Date.now() < deadline) {
        await new Promise(r => setTimeout(r, 250))
        status = await tokenStatus(user, made.secret)
      }
      expect(status).toBe(200)
      expect(await tokenStatus(user, `${made.secret}x`)).toBe(401)
      const deleted = await fetch(`${base}/${made.distribution_credentials_id}`, { method: 'DELETE', headers })
      expect(deleted.status).toBe(200)
      expect(await tokenStatus(user, made.secret)).toBe(401)
      // The seeded set, at once, with the secret the services printed.
      expect(await tokenStatus(`deepgram+${s['credentials-id']}`, s['secret'] ?? '')).toBe(200)
    }
  )

  test('rotate with images and release: latest passes, as docs/kubernetes.md runs it', { timeout: 60000 }, async () => {
    const r = await run.step({
      inputs: {
        'project-id': s['project-id'] ?? '',
        'api-key': s['api-key'] ?? '',
        'api-url': s['api-url'] ?? '',
        registry: s['registry'] ?? '',
        rotate: 'prod-us',
        login: 'false',
        images: 'deepgram/self-hosted-api\ndeepgram/self-hosted-engine',
        release: 'latest',
        'docker-config': 'true'
      },
      env: { GITHUB_REPOSITORY_ID: '42', GITHUB_REPOSITORY: 'acme/ci', GITHUB_RUN_ID: '7' }
    })
    expect(r.stdout).not.toMatch(/^::error/m)
    expect(r.code).toBe(0)
    expect(r.outputs['release']).toBe(RELEASES.at(-1))
    expect(r.outputs['digests']?.split('\n')).toHaveLength(2)
  })

  test('kill <pid> stops both services', { timeout: 15000 }, async () => {
    const registryUrl = `http://${s['registry']}/v2/`
    expect(await reachable(s['api-url'] ?? '')).toBe(true)
    expect(await reachable(registryUrl)).toBe(true)
    process.kill(Number(s['pid']), 'SIGTERM')
    const deadline = Date.now() + 10000
    while (Date.now() < deadline && ((await reachable(s['api-url'] ?? '')) || (await reachable(registryUrl)))) {
      await new Promise(r => setTimeout(r, 100))
    }
    expect(await reachable(s['api-url'] ?? '')).toBe(false)
    expect(await reachable(registryUrl)).toBe(false)
  })
})

describe('npm run services -- start --dotenv: a file that is there', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-ci-services-dotenv-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  /** The script as a contributor runs it through npm, without a terminal (stdin closed). */
  function services(...args: string[]): Promise<{ code: number | null; out: string }> {
    return new Promise(resolve => {
      execFile(
        process.execPath,
        [join(ROOT, 'scripts/ci-services.ts'), 'start', ...args],
        { env: { PATH: process.env['PATH'], HOME: process.env['HOME'], DG_SERVICES_LOG: join(dir, 'services.log') } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, out: stdout + stderr })
      ).stdin?.end()
    })
  }

  test('is left as it is without a terminal to ask on: a clear refusal, and nothing started', async () => {
    const file = join(dir, '.env')
    writeFileSync(file, 'INPUT_API-KEY=my-own-key\n')
    const r = await services('--dotenv', file, '--no-registry')
    expect(r.code).toBe(1)
    expect(r.out).toContain(`${file} exists and was left as it is`)
    expect(r.out).toContain('--force')
    expect(r.out).toContain('Nothing was started.')
    expect(readFileSync(file, 'utf8')).toBe('INPUT_API-KEY=my-own-key\n')
  })

  test('is replaced with --force; the command says where its log is', { timeout: 30000 }, async () => {
    const file = join(dir, '.env.services')
    writeFileSync(file, 'old\n')
    const r = await services('--dotenv', file, '--force', '--no-registry')
    expect(r.code).toBe(0)
    expect(r.out).toContain(`Log: ${join(dir, 'services.log')}.`)
    const pid = Number(/kill (\d+)/.exec(r.out)?.[1])
    try {
      const written = readFileSync(file, 'utf8')
      expect(written).toMatch(/^INPUT_API-KEY=ci[0-9a-f]{40}$/m)
      expect(written).not.toContain('INPUT_REGISTRY')
      expect(r.out).toContain('no registry (--no-registry: check-only runs)')
    } finally {
      if (pid > 0) process.kill(pid, 'SIGTERM')
    }
  })
})
