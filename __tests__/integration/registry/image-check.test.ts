// startImageCheck(): the one object the main step uses. The sign-in starts at
// once when the registry and the secret are known beforehand, finish() uses it
// (one probe, one token request), and abandon() never waits long for a
// registry that does not answer.
import { afterEach, describe, expect, it } from 'vitest'
import { startImageCheck } from '../../../src/registry/image-check.js'
import { forgetHidden } from '../../../src/sanitize.js'
import { captureStdoutAsync } from '../../support/helpers.js'
import { startSilent } from '../../support/faults.ts'
import { imageRef } from '../../support/refs.ts'
import { send, serve, servingOnLoopback, type Server } from '../../support/routed.ts'

const USER = 'deepgram+64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const SECRET = 'image-check-secret-0123456789'
const TOKEN = 'tok.image-check-42'
const DIGEST = `sha256:${'d'.repeat(64)}`
const OCI = { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }

servingOnLoopback()
afterEach(() => forgetHidden())

/** A Bearer registry whose token endpoint answers once `open` resolves. */
async function bearerRegistry(open: Promise<void> = Promise.resolve()): Promise<Server> {
  const reg: Server = await serve((req, res) => {
    if (req.url.startsWith('/token')) {
      void open.then(() => send(res, 200, {}, JSON.stringify({ token: TOKEN })))
      return
    }
    if (req.headers['authorization'] !== `Bearer ${TOKEN}`) {
      return send(res, 401, { 'www-authenticate': `Bearer realm="http://${reg.host}/token",service="s"` })
    }
    send(res, 200, { ...OCI, 'docker-content-digest': DIGEST })
  })
  return reg
}

const images = [
  imageRef('deepgram/self-hosted-api:release-260812'),
  imageRef('deepgram/self-hosted-engine:release-260812')
]
const finishing = (registry: string) => ({ registry, username: USER, secret: SECRET, scopes: [] })

describe('startImageCheck', () => {
  it('signs in at start, before finish() is called; finish() uses that sign-in: one probe, one token request', async () => {
    const reg = await bearerRegistry()
    const { result, out } = await captureStdoutAsync(async () => {
      const check = startImageCheck({ images, signIn: { registry: reg.host, username: USER, secret: SECRET } })
      // The sign-in runs while the caller waits for something else (the Deepgram API).
      for (let i = 0; i < 100 && !reg.requests.some(q => q.url.startsWith('/token')); i++) {
        await new Promise(resolve => setTimeout(resolve, 10))
      }
      expect(reg.requests.map(q => q.url.replace(/\?.*$/, ''))).toEqual(['/v2/', '/token'])
      const report = await check.finish(finishing(reg.host))
      await check.abandon()
      return report
    })
    expect(result?.error).toBeUndefined()
    expect(result?.digests).toEqual(images.map(i => `${i.given}@${DIGEST}`))
    expect(reg.requests.filter(q => q.url === '/v2/')).toHaveLength(1)
    expect(reg.requests.filter(q => q.url.startsWith('/token'))).toHaveLength(1)
    expect(out).toContain(`::add-mask::${TOKEN}`)
  })

  it('without a sign-in known beforehand (a set made for the job): nothing is sent before finish()', async () => {
    const reg = await bearerRegistry()
    const { result } = await captureStdoutAsync(async () => {
      const check = startImageCheck({ images })
      await new Promise(resolve => setTimeout(resolve, 100))
      expect(reg.requests).toEqual([])
      return check.finish(finishing(reg.host))
    })
    expect(result?.digests).toHaveLength(2)
    expect(reg.requests.filter(q => q.url.startsWith('/token'))).toHaveLength(1)
  })

  it('finish() for another registry than the one signed in to early: signs in there afresh', async () => {
    const early = await bearerRegistry()
    const reg = await bearerRegistry()
    const { result } = await captureStdoutAsync(async () => {
      const check = startImageCheck({ images, signIn: { registry: early.host, username: USER, secret: SECRET } })
      return check.finish(finishing(reg.host))
    })
    expect(result?.digests).toHaveLength(2)
    expect(reg.requests.filter(q => q.url.startsWith('/token'))).toHaveLength(1)
  })

  it('abandon() with a registry that never answers: settles after the 1 s grace, not the sign-in deadlines', async () => {
    const silent = await startSilent()
    try {
      const check = startImageCheck({ images, signIn: { registry: silent.host, username: USER, secret: SECRET } })
      for (let i = 0; i < 100 && silent.accepted() === 0; i++) await new Promise(resolve => setTimeout(resolve, 10))
      expect(silent.accepted()).toBeGreaterThanOrEqual(1)
      const started = Date.now()
      await check.abandon()
      const took = Date.now() - started
      expect(took).toBeGreaterThanOrEqual(900)
      expect(took).toBeLessThan(2000)
    } finally {
      await silent.stop()
    }
  })

  it('abandon() settles as soon as the sign-in started early has ended', async () => {
    let answer: () => void = () => undefined
    const reg = await bearerRegistry(new Promise<void>(resolve => (answer = resolve)))
    await captureStdoutAsync(async () => {
      const check = startImageCheck({ images, signIn: { registry: reg.host, username: USER, secret: SECRET } })
      setTimeout(() => answer(), 200)
      const started = Date.now()
      await check.abandon()
      expect(Date.now() - started).toBeLessThan(800)
      expect(reg.requests.filter(q => q.url.startsWith('/token'))).toHaveLength(1)
    })
  })
})
