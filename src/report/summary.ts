// The job summary, read at a glance: the outcome first (✅ or ❌ and one short line), then what
// matters for it once, and the set's fields last, folded. renderSummary is pure: each outcome's
// page is a committed file a review diffs.
import * as core from '@actions/core'
import { ActionError, messageOf } from '../errors.js'
import type { CredentialSet } from '../deepgram/types.js'
import { showSet } from './display.js'
import type { ImageLine } from '../registry/results.js'
import { failureParagraph, renderEarlyFailure } from './failure.js'
import { code, escapeHtml, table } from './html.js'
import type { Grant, ScopeCheck } from '../deepgram/scopes.js'
import type { KeyCheck } from '../deepgram/key-check.js'
import { licenseKeyHeadline, licenseKeyPart } from './license-key.js'

export type SummaryOutcome =
  | 'logged-in'
  | 'checked'
  | 'scope-check-failed'
  | 'license-key-failed'
  | 'images-failed'
  | 'config-failed'
  | 'login-failed'
  | 'login-error'

export interface Report {
  projectId: string
  set: CredentialSet
  registry: string
  username: string
  check: ScopeCheck
  outcome: SummaryOutcome
  /** `login: false`: a failure's headline does not say it did not log in. */
  checkOnly?: boolean
  client?: 'docker' | 'podman'
  /** Made for this job (`ephemeral`): the post step deletes it. */
  madeForJob?: boolean
  /** Made for the rotation of this name (`rotate`): kept when every step passed. */
  rotation?: string
  images?: ImageLine[]
  /** Why the image check failed, in one short line ("1 of 2 images would not pull from quay.io"). */
  imagesHeadline?: string
  /** The tag the images without one got, and whether it was the newest (`release: latest`/`latest-fips`). */
  release?: { tag: string; latest: boolean; fips?: boolean }
  /** Its path is an output; never shown here. */
  dockerConfig?: boolean
  /** What failed the step: its message, the log's ::error, says what to do. */
  error?: unknown
  licenseKey?: KeyCheck
}

const GRANT_NOTE: Record<Grant, string> = {
  direct: '✓ granted',
  umbrella: '✓ granted by self-hosted:products',
  legacy: '✓ granted by its legacy onprem: name only',
  'legacy-umbrella': '✓ granted by onprem:products only',
  products: '✓ every product scope the API key can grant:',
  missing: '✗ missing'
}

function headline(r: Report): string {
  const registry = escapeHtml(r.registry)
  // A rotation's headline says first what was made and kept.
  if (r.rotation !== undefined && (r.outcome === 'logged-in' || r.outcome === 'checked')) {
    const made = `✅ Made and kept credential set ${code(showSet(r.set).id)} for rotation ${code(r.rotation)}`
    return r.outcome === 'logged-in' ? `${made}; logged in to ${registry}` : made
  }
  switch (r.outcome) {
    case 'logged-in':
      return `✅ Logged in to ${registry}${r.client === 'podman' ? ' with podman' : ''}`
    case 'checked':
      return '✅ Checked without logging in (login: false)'
    case 'scope-check-failed':
      return `❌ The credential set lacks ${escapeHtml(r.check.missing.join(', '))}${notLoggedIn(r)}`
    case 'license-key-failed':
      return licenseKeyHeadline(r.licenseKey, r.error, notLoggedIn(r))
    case 'images-failed':
      return `❌ ${escapeHtml(r.imagesHeadline ?? 'The image check failed')}${notLoggedIn(r)}`
    case 'config-failed':
      return `❌ The docker config file could not be written${notLoggedIn(r)}`
    case 'login-failed':
      return `❌ The registry refused the login to ${registry}`
    case 'login-error':
      return `❌ The login to ${registry} did not complete (not a refused secret: see the error)`
  }
}

/** After a failure's headline: it did not log in, unless it never meant to. */
const notLoggedIn = (r: Report): string => (r.checkOnly ? '' : '; did not log in')

/** The image check failed as a whole (credentials, realm, network), not image by image. */
function registryFailed(r: Report): boolean {
  return r.error instanceof ActionError && r.error.title === r.imagesHeadline
}

/** The page, as HTML: every server text escaped and made one line (display.ts), and no blank
 * line anywhere (it would end the HTML block and what follows would render as Markdown). */
export function renderSummary(r: Report): string {
  const set = showSet(r.set)
  const parts: string[] = [`<h3>${headline(r)}</h3>`]
  // What to do, as the log says it. A failed image check says it per image, in its table, unless
  // the registry as a whole failed (its error is the headline): then no row says it.
  if (r.error !== undefined && (r.outcome !== 'images-failed' || registryFailed(r))) {
    parts.push(failureParagraph(r.error))
  }
  parts.push(
    table(
      ['Required scope', 'Status'],
      r.check.results.map(res => [
        code(res.scope),
        [GRANT_NOTE[res.grant], (res.products ?? []).map(code).join(', ')].filter(s => s !== '').join(' ')
      ])
    )
  )
  if (r.licenseKey) parts.push(licenseKeyPart(r.licenseKey))
  if (r.release) {
    const how = r.release.latest
      ? `the newest ${r.release.fips === true ? 'FIPS release' : 'release'} every image given without a tag has`
      : `named by ${code('release')}, for every image given without a tag`
    parts.push(`<p>Release ${code(r.release.tag)}: ${how}.</p>`)
  }
  if (r.images?.length) {
    parts.push(
      table(
        ['Image', 'Result', 'Digest, or what went wrong'],
        r.images.map(line => [
          code(line.reference),
          escapeHtml(line.result),
          line.digest !== undefined ? code(line.digest) : escapeHtml(line.problem ?? '')
        ])
      )
    )
  }
  if (r.madeForJob) {
    const comment = set.comment === '' ? '' : ` and the comment ${escapeHtml(set.comment)}`
    parts.push(
      `<p>This credential set was made for this job, with the ID ${code(set.id)}${comment}; the post step deletes it.</p>`
    )
  }
  if (r.rotation !== undefined) parts.push(rotationParagraph(r.rotation, set.id, set.comment, r.outcome))
  if (r.dockerConfig) {
    parts.push(
      `<p>Wrote a docker config file with the login for ${code(r.registry)}: its path is the output ${code('docker-config')}; the post step deletes it.</p>`
    )
  }
  parts.push(setDetails(r))
  return `${parts.join('\n')}\n`
}

/** The set's fields, folded. */
function setDetails(r: Report): string {
  const set = showSet(r.set)
  return (
    `<details><summary>Credential set ${code(set.id)}</summary>\n` +
    table(
      ['Field', 'Value'],
      [
        ['Project', code(r.projectId)],
        ['Credential ID', code(set.id)],
        ['Comment', set.comment === '' ? '(none)' : escapeHtml(set.comment)],
        ['Provider', code(set.provider)],
        ['Registry', code(r.registry)],
        ['Username', code(r.username)],
        ['Created', escapeHtml(set.created)]
      ]
    ) +
    '\n</details>'
  )
}

/** What became of a rotation's new set: kept when every step passed, else deleted. */
function rotationParagraph(name: string, id: string, comment: string, outcome: SummaryOutcome): string {
  const made = `This credential set was made for rotation ${code(name)}, with the ID ${code(id)} and the comment ${escapeHtml(comment)}`
  if (outcome !== 'logged-in' && outcome !== 'checked')
    return `<p>${made}; it is not kept, since this step failed: it is deleted (the log says whether it was).</p>`
  return (
    `<p>${made}, and it is kept. Once the cluster's pull secret holds it, a step with ${code(`retire: ${name}`)} ` +
    `and ${code(`credentials-id: ${id}`)} deletes the rotation's older sets.</p>`
  )
}

/** The summary of a failure before the set was found: what failed and what to fix. */
export async function writeEarlyFailureSummary(error: unknown): Promise<void> {
  await writePage(renderEarlyFailure(error))
}

/** Writes a page to the job summary; a failure to write is a warning, never a failed step. */
export async function writePage(page: string): Promise<void> {
  // Outside a runner (local runs) there is no summary file: nothing to write.
  if (!process.env['GITHUB_STEP_SUMMARY']) return
  try {
    await core.summary.addRaw(page).write()
  } catch (error) {
    // The summary is a courtesy: an unwritable summary file must not fail the check.
    core.warning(`Could not write the job summary: ${messageOf(error)}`)
  }
}
