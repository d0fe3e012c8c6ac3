// The job summary: what was checked, each required scope, and the outcome.
import * as core from '@actions/core'
import { messageOf } from '../errors.js'
import { summaryUnwritable } from './messages.js'
import type { CredentialSet } from '../deepgram/credentials.js'
import { showSet } from './display.js'
import type { ImageLine } from '../registry/image-report.js'
import type { Grant, ScopeCheck } from '../deepgram/scopes.js'

export type SummaryOutcome =
  'logged-in' | 'checked' | 'scope-check-failed' | 'login-failed' | 'login-error' | 'images-failed'

export interface Report {
  projectId: string
  set: CredentialSet
  registry: string
  username: string
  check: ScopeCheck
  outcome: SummaryOutcome
  /** The image preflight's rows, when `images` was set, and its error when it failed. */
  images?: ImageLine[]
  imagesError?: string
}

const GRANT_NOTE: Record<Grant, string> = {
  direct: '✓ granted',
  umbrella: '✓ granted by self-hosted:products',
  legacy: '✓ granted by its legacy onprem: name only',
  'legacy-umbrella': '✓ granted by onprem:products only',
  missing: '✗ missing'
}

const OUTCOME_NOTE: Record<SummaryOutcome, string> = {
  'logged-in': 'Check passed; logged in.',
  checked: 'Check passed; login not requested (check only).',
  'scope-check-failed': 'Check failed: required scopes are missing; did not log in.',
  'login-failed': 'Check passed; the registry refused the login.',
  'login-error': 'Check passed; the login did not complete (see the error: not a refused secret).',
  'images-failed': 'Check passed, but the image check failed; did not log in.'
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

export async function writeSummary(report: Report): Promise<void> {
  // Outside a runner (local runs) there is no summary file: nothing to write.
  if (!process.env['GITHUB_STEP_SUMMARY']) return
  try {
    await writeTables(report)
  } catch (error) {
    // The summary is a courtesy: an unwritable summary file must not fail the check.
    core.warning(summaryUnwritable(messageOf(error)))
  }
}

async function writeTables(report: Report): Promise<void> {
  const code = (s: string): string => `<code>${escapeHtml(s)}</code>`
  // Server text stays inside the table: one line (a blank line would end the
  // HTML block and what follows would render as Markdown), escaped, and cut.
  const set = showSet(report.set)
  core.summary
    .addHeading('Deepgram self-hosted credentials', 3)
    .addRaw(`<p>${escapeHtml(OUTCOME_NOTE[report.outcome])}</p>`, true)
    .addTable([
      [
        { data: 'Field', header: true },
        { data: 'Value', header: true }
      ],
      ['Project', code(report.projectId)],
      ['Credential ID', code(set.id)],
      ['Comment', set.comment === '' ? '(none)' : escapeHtml(set.comment)],
      ['Provider', code(set.provider)],
      ['Registry', code(report.registry)],
      ['Username', code(report.username)],
      ['Created', escapeHtml(set.created)]
    ])
    .addTable([
      [
        { data: 'Required scope', header: true },
        { data: 'Status', header: true }
      ],
      ...report.check.results.map(res => [code(res.scope), GRANT_NOTE[res.grant]])
    ])
  if (report.images?.length) {
    if (report.imagesError) core.summary.addRaw(`<p>${escapeHtml(report.imagesError).replace(/\n/g, '<br>')}</p>`, true)
    core.summary.addTable([
      [
        { data: 'Image', header: true },
        { data: 'Result', header: true },
        { data: 'Digest, or what went wrong', header: true }
      ],
      ...report.images.map(line => [
        code(line.reference),
        escapeHtml(line.result),
        line.digest !== undefined ? code(line.digest) : escapeHtml(line.problem ?? '')
      ])
    ])
  }
  await core.summary.write()
}
