import { describe, expect, it } from 'vitest'
import {
  noSecretsError,
  SKIP_DEPENDABOT,
  SKIP_FORKS,
  whyNoSecrets,
  type RunContext
} from '../../../src/inputs/event.js'

const BASE: RunContext = { eventName: 'pull_request', event: undefined, actor: 'octocat', triggeringActor: 'octocat' }

function pr(head: unknown, base: unknown = { full_name: 'acme/app', fork: false }): unknown {
  return { pull_request: { head: { repo: head }, base: { repo: base } } }
}

describe('whyNoSecrets', () => {
  it.each<[string, Partial<RunContext>, ReturnType<typeof whyNoSecrets>]>([
    [
      'a pull request from a fork',
      { event: pr({ full_name: 'someone/app', fork: true }) },
      { kind: 'fork', head: 'someone/app' }
    ],
    [
      'head and base differ, fork flag absent',
      { event: pr({ full_name: 'other/app' }) },
      { kind: 'fork', head: 'other/app' }
    ],
    ['a deleted fork (head.repo null)', { event: pr(null) }, { kind: 'fork', head: undefined }],
    ['only the fork flag', { event: pr({ fork: true }, {}) }, { kind: 'fork', head: undefined }],
    ['the same repository', { event: pr({ full_name: 'acme/app', fork: false }) }, undefined],
    ['the same repository, other letter case', { event: pr({ full_name: 'ACME/App' }) }, undefined],
    // A base repository that is itself a fork: a branch PR inside it has secrets.
    [
      'a branch PR inside a fork',
      { event: pr({ full_name: 'me/app', fork: true }, { full_name: 'me/app', fork: true }) },
      undefined
    ],
    [
      'pull_request_target from a fork',
      { eventName: 'pull_request_target', event: pr({ full_name: 'someone/app', fork: true }) },
      undefined
    ],
    ['a push', { eventName: 'push', event: { ref: 'refs/heads/main' } }, undefined],
    ['no event file', { event: undefined }, undefined],
    ['an event that is not an object', { event: 'nonsense' }, undefined],
    ['Dependabot as actor', { eventName: 'push', actor: 'dependabot[bot]' }, { kind: 'dependabot' }],
    ['Dependabot as triggering actor', { triggeringActor: 'dependabot[bot]' }, { kind: 'dependabot' }],
    [
      'Dependabot on its own pull request',
      { actor: 'dependabot[bot]', event: pr({ full_name: 'acme/app' }) },
      { kind: 'dependabot' }
    ],
    ['a look-alike actor', { actor: 'dependabot' }, undefined]
  ])('%s', (_, ctx, expected) => {
    expect(whyNoSecrets({ ...BASE, ...ctx })).toEqual(expected)
  })

  it('does not read inherited properties as fields', () => {
    expect(whyNoSecrets({ ...BASE, event: Object.create({ pull_request: { head: { repo: null } } }) })).toBeUndefined()
  })
})

describe('noSecretsError', () => {
  it('shows the if: for forks and names the fork, made safe', () => {
    const error = noSecretsError({ empty: ['api-key'], why: { kind: 'fork', head: 'evil/app\n::error::x' } })
    expect(error.title).toBe('No secrets on a fork pull request')
    expect(error.message).toContain(
      'Input `api-key` is empty: this run is for a pull request from the fork evil/app ::error::x,'
    )
    expect(error.message).toContain(`\`${SKIP_FORKS}\``)
    expect(error.message).not.toContain('\n')
  })

  it('shows the if: for Dependabot and where its secrets live', () => {
    const error = noSecretsError({ empty: ['api-key', 'secret'], why: { kind: 'dependabot' } })
    expect(error.title).toBe('No secrets on a Dependabot run')
    expect(error.message).toMatch(/^Inputs `api-key` and `secret` are empty: this run was started by Dependabot/)
    expect(error.message).toContain(`\`${SKIP_DEPENDABOT}\``)
    expect(error.message).toContain('Dependabot secrets')
  })

  it('shows conditions that are valid workflow expressions skipping exactly those runs', () => {
    expect(SKIP_FORKS).toBe(
      "if: github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository"
    )
    expect(SKIP_DEPENDABOT).toBe("if: github.actor != 'dependabot[bot]'")
  })
})
