// The self-hosted API key's part of the job summary: its expiry, its scopes
// beside the set's, the headline of a step that failed on it, and a whole page
// compared with a committed file (summaries/license-key-*.md).
import { describe, expect, it } from 'vitest'
import { judgeLicenseKey } from '../../../src/deepgram/key-check.js'
import { ActionError } from '../../../src/errors.js'
import { checkScopes } from '../../../src/deepgram/scopes.js'
import type { CredentialSet } from '../../../src/deepgram/types.js'
import { licenseKeyHeadline, licenseKeyPart } from '../../../src/report/license-key.js'
import { renderSummary, type Report } from '../../../src/report/summary.js'

const API = 'self-hosted:product:api'
const ENGINE = 'self-hosted:product:engine'
const KEY_ID = '9f2c1b7e-5a4d-4e3f-8b21-0c6d5e4f3a21'
const SET_ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const NOW = Date.UTC(2026, 11, 7, 12, 0, 0)
const SET: CredentialSet = {
  id: SET_ID,
  provider: 'quay',
  comment: 'pulls',
  scopes: [API, ENGINE],
  created: '2026-06-28T20:01:41Z'
}

const judged = (scopes: string[], expiresAt?: number, required = [API, ENGINE]) =>
  judgeLicenseKey({ id: KEY_ID, scopes, ...(expiresAt === undefined ? {} : { expiresAt }) }, KEY_ID, required, SET, NOW)

function report(outcome: Report['outcome'], licenseKey: Report['licenseKey']): Report {
  return {
    projectId: '123e4567-e89b-12d3-a456-426614174000',
    set: SET,
    registry: 'quay.io',
    username: `deepgram+${SET_ID}`,
    check: checkScopes(SET.scopes, [API, ENGINE]),
    outcome,
    ...(licenseKey ? { licenseKey } : {})
  }
}

describe('the license key in the job summary', () => {
  it('each expiry as one phrase; each scope as a row', () => {
    expect(licenseKeyPart(judged([API, ENGINE]).check)).toContain('✓ never expires')
    expect(licenseKeyPart(judged([API, ENGINE], Date.UTC(2027, 5, 1)).check)).toContain(
      '✓ expires on 2027-06-01T00:00:00.000Z'
    )
    expect(licenseKeyPart(judged([API, ENGINE], NOW + 86_400_000).check)).toContain(
      '⚠ expires on 2026-12-08T12:00:00.000Z, within 30 days'
    )
    expect(licenseKeyPart(judged([API, ENGINE], NOW - 1).check)).toContain('✗ expired on')
    const part = licenseKeyPart(judged(['onprem:product:api']).check)
    expect(part).toContain(`<tr><td><code>${API}</code></td><td>✓ carried, under its onprem: name</td></tr>`)
    expect(part).toContain(`<tr><td><code>${ENGINE}</code></td><td>✗ missing</td></tr>`)
    expect(part).not.toMatch(/\n\n/)
  })
  it('the umbrella says whose products the key needed', () => {
    expect(licenseKeyPart(judged([API, ENGINE], undefined, ['self-hosted:products']).check)).toContain(
      `those of credential set <code>${SET_ID}</code>`
    )
  })
  it('the headline of a failed step names the key and what is wrong', () => {
    expect(licenseKeyHeadline(judged([API], NOW - 1).check, undefined, '; did not log in')).toBe(
      `❌ The self-hosted API key <code>${KEY_ID}</code> has expired; did not log in`
    )
    expect(licenseKeyHeadline(judged([API]).check, undefined, '')).toBe(
      `❌ The self-hosted API key <code>${KEY_ID}</code> lacks ${ENGINE}`
    )
  })
  it('a key that could not be read: the failure’s title, escaped', () => {
    const error = new ActionError('Self-hosted API key <not> found', 'No API key with ID …')
    expect(licenseKeyHeadline(undefined, error, '; did not log in')).toBe(
      '❌ Self-hosted API key &#60;not&#62; found; did not log in'
    )
  })
  it('pages: checked with a key that expires soon; failed on a key short of a scope', async () => {
    const soon = judged([API, ENGINE], Date.UTC(2026, 11, 20))
    await expect(renderSummary(report('checked', soon.check))).toMatchFileSnapshot(
      './summaries/license-key-expiring.md'
    )
    const short = judged([API])
    await expect(
      renderSummary({ ...report('license-key-failed', short.check), error: short.error })
    ).toMatchFileSnapshot('./summaries/license-key-missing-scope.md')
  })
})
