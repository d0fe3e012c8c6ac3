// The words about the inputs that several places share, and the empty-secrets error.
import { describe, expect, it } from 'vitest'
import { SKIP_DEPENDABOT, SKIP_FORKS } from '../../../src/inputs/event.js'
import { noSecretsError } from '../../../src/inputs/messages.js'

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
