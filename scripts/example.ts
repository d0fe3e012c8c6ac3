// Runs the built action locally, the way GitHub's runner would, against a
// Deepgram stand-in on 127.0.0.1 and a real local registry:
//   1. a good credential set: check, docker login (dist/main.js), then the post step's logout (dist/post.js);
//   2. a set without the engine scope: the check fails before any login.
// Usage: npm run example   (after .ci/setup; needs docker, docker-registry, htpasswd)
import { randomBytes, randomUUID } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DeepgramStandIn, listBody } from '../__tests__/support/standin.ts'
import { LocalRegistry } from '../__tests__/support/registry.ts'
import { ActionRun, type StepResult } from '../__tests__/support/runner.ts'
import { installHint, missingTools } from '../__tests__/support/tools.ts'

const missing = missingTools()
if (missing.length > 0) {
  console.error(`Cannot run the example: ${installHint(missing)} (or run: bash .ci/setup).`)
  process.exit(1)
}

const projectId = randomUUID()
const goodId = randomUUID()
const thinId = randomUUID()
const apiKey = randomBytes(20).toString('hex')
const secret = randomBytes(24).toString('base64url')

const api = await DeepgramStandIn.start([
  {
    body: listBody([
      { id: goodId, comment: 'CI pulls', scopes: ['self-hosted:product:api', 'self-hosted:product:engine'] },
      { id: thinId, comment: 'made by someone without engine', scopes: ['self-hosted:product:api'] }
    ])
  }
])
const registry = await LocalRegistry.start(`deepgram+${goodId}`, secret)
const dockerConfig = mkdtempSync(join(tmpdir(), 'dg-example-docker-'))
const run = new ActionRun()

function show(title: string, step: StepResult): void {
  console.log(`\n----- ${title}: exit ${step.code} (${step.ms} ms)`)
  process.stdout.write(step.stdout + step.stderr)
  if (Object.keys(step.outputs).length) console.log('outputs:', step.outputs)
}

let ok: boolean
try {
  const common = { 'project-id': projectId, 'api-key': apiKey, 'api-url': api.url, registry: registry.host }
  const env = { DOCKER_CONFIG: dockerConfig }
  console.log(`Deepgram stand-in at ${api.url}, registry at ${registry.host}, DOCKER_CONFIG=${dockerConfig}`)

  const good = await run.step({ inputs: { ...common, 'credentials-id': goodId, secret }, env })
  show('1. main step: good set, login', good)
  const auths = (JSON.parse(readFileSync(join(dockerConfig, 'config.json'), 'utf8')) as { auths?: object }).auths ?? {}
  console.log(`docker config now holds logins for: ${Object.keys(auths).join(', ') || '(none)'}`)
  const post = await run.post({ inputs: { ...common, 'credentials-id': goodId, secret }, env, state: good.state })
  show('1. post step: logout', post)

  const thin = await run.step({ inputs: { ...common, 'credentials-id': thinId.toUpperCase(), login: 'false' }, env })
  show('2. main step: set without the engine scope, check only', thin)

  ok = good.code === 0 && post.code === 0 && thin.code === 1
  console.log(`\nExample ${ok ? 'behaved as expected' : 'did NOT behave as expected'}.`)
} finally {
  await api.stop()
  await registry.stop()
  run.cleanup()
  rmSync(dockerConfig, { recursive: true, force: true })
}
process.exit(ok ? 0 : 1)
