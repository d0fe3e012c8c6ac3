// Why a login failed, in words: each cause, and what usually hangs.
import { describe, expect, it } from 'vitest'
import { classifyFailure, hangCauses, type FailureKind, type Situation } from '../../../src/docker/login-errors.js'
import { loginFailed } from '../../../src/docker/client.js'

describe('wording', () => {
  const base: Situation = { client: 'docker', registry: 'quay.io', username: 'deepgram+abc', attempts: 1 }

  it('only a refused login blames the secret and suggests a new set', () => {
    const kinds: FailureKind[] = ['credentials', 'unavailable', 'daemon', 'helper', 'other']
    for (const kind of kinds) {
      const w = loginFailed({ failure: { kind, line: 'x' }, situation: { ...base, attempts: 3 } })
      expect(w.message.includes('create a new set'), kind).toBe(kind === 'credentials')
    }
  })

  it('credentials: the registry refused, check `secret`', () => {
    const w = loginFailed({ failure: { kind: 'credentials', line: 'unauthorized' }, situation: base })
    expect(w.title).toBe('Registry login failed')
    expect(w.message).toContain('docker login to quay.io as deepgram+abc failed: unauthorized')
    expect(w.message).toContain('check that `secret` is the secret shown when this credential set was created')
  })

  it('credentials, for a set made for this job: still refused after the wait, no blame on `secret`', () => {
    const w = loginFailed({
      failure: { kind: 'credentials', line: 'unauthorized' },
      situation: { ...base, attempts: 6, waitedS: 30 }
    })
    expect(w.title).toBe('Registry login failed')
    expect(w.kind).toBe('credentials')
    expect(w.message).toContain('docker login to quay.io as deepgram+abc failed: unauthorized')
    expect(w.message).toContain('still refused the credential set made for this job after 30 s of retries')
    expect(w.message).not.toContain('`secret`')
  })

  it('unavailable: says how many tries and that the secret is not in question', () => {
    const w = loginFailed({
      failure: { kind: 'unavailable', line: 'status: 503' },
      situation: { ...base, attempts: 3 }
    })
    expect(w.title).toBe('Registry unavailable')
    expect(w.message).toContain('failed 3 times: the registry is unavailable')
    expect(w.message).toContain('says nothing about `secret`')
    expect(w.message).toContain('Last try: status: 503.')
  })

  it('daemon: names DOCKER_HOST', () => {
    const w = loginFailed({
      failure: { kind: 'daemon', line: 'Cannot connect' },
      situation: { ...base, dockerHost: 'tcp://127.0.0.1:2375' }
    })
    expect(w.title).toBe('Docker daemon unreachable')
    expect(w.message).toContain('at DOCKER_HOST=tcp://127.0.0.1:2375')
  })

  it('helper: names the helper and its setting; storing means the registry accepted', () => {
    const configured = { name: 'desktop', setting: '"credsStore": "desktop"', file: '/h/.docker/config.json' }
    const w = loginFailed({
      failure: { kind: 'helper', line: 'error storing credentials', helperMissing: true, helperStage: 'store' },
      situation: { ...base, configured }
    })
    expect(w.title).toBe('Credential helper failed')
    expect(w.message).toMatch(/^The registry accepted the login, but docker login/)
    expect(w.message).toContain(
      'docker-credential-desktop (set by `"credsStore": "desktop"` in /h/.docker/config.json) is not installed'
    )
    expect(w.message).toContain('Install docker-credential-desktop on the runner, or remove that setting')
    expect(w.message).toContain('not a problem with `secret`')
  })

  it('namespace: rootless podman without newuidmap or a subuid range', () => {
    for (const stderr of [
      'Error: command required for rootless mode with multiple IDs: exec: "newuidmap": executable file not found in $PATH',
      'Error: cannot set up namespace using "/usr/bin/newuidmap": exit status 1',
      'ERRO[0000] cannot find UID/GID for user runner: no subuid ranges found for user "runner" in /etc/subuid'
    ]) {
      expect(classifyFailure(stderr).kind).toBe('namespace')
    }
    const error = loginFailed({
      failure: classifyFailure(`Error: exec: "newuidmap": executable file not found in $PATH`),
      situation: { ...base, client: 'podman' }
    })
    expect(error.title).toBe('Podman cannot run rootless')
    expect(error.message).toContain('install uidmap on the runner, or use `client: docker`')
    expect(error.message).toContain('says nothing about `secret`')
    expect(error.kind).toBe('namespace')
  })

  it('helper: a helper named by the output but not found in the config', () => {
    const w = loginFailed({
      failure: { kind: 'helper', line: 'x', helper: 'pass', helperMissing: false },
      situation: base
    })
    expect(w.message).toContain(
      'docker-credential-pass (set by `credsStore` or `credHelpers` in the docker config) failed'
    )
  })

  it('hang causes for docker: the daemon at DOCKER_HOST, or a credential helper', () => {
    const text = hangCauses({ client: 'docker', dockerHost: 'tcp://127.0.0.1:2375' })
    expect(text).toContain('the Docker daemon at DOCKER_HOST=tcp://127.0.0.1:2375 (a DinD service that is not up yet')
    expect(text).toContain('a credential helper (`credsStore` or `credHelpers` in the docker config)')
  })

  it('hang causes for podman: no daemon; the registry connection or a helper', () => {
    const text = hangCauses({ client: 'podman' })
    expect(text).toContain('podman needs no daemon')
    expect(text).toContain('`credential-helpers` in registries.conf')
    expect(text).not.toContain('DOCKER_HOST')
  })

  it('hang causes name the helper configured, and where', () => {
    const configured = { name: 'pass', setting: '"credsStore": "pass"', file: '/c.json' }
    expect(hangCauses({ client: 'docker', configured })).toContain(
      'docker-credential-pass (`"credsStore": "pass"` in /c.json)'
    )
  })
})
