// Pure: the self-hosted API key's check (`license-key-id`) as the job summary shows
// it, beside the set's: its scopes, and until when it licenses the containers.
import type { KeyCheck } from '../deepgram/key-check.js'
import type { Grant } from '../deepgram/scopes.js'
import { failureWords } from './failure.js'
import { code, escapeHtml, table } from './html.js'

const KEY_GRANT: Record<Grant, string> = {
  direct: '✓ carried',
  umbrella: '✓ carried, through self-hosted:products',
  legacy: '✓ carried, under its onprem: name',
  'legacy-umbrella': '✓ carried, through onprem:products',
  products: '✓ carried',
  missing: '✗ missing'
}

function expiryCell(k: KeyCheck): string {
  const { expiry } = k
  switch (expiry.kind) {
    case 'never':
      return '✓ never expires'
    case 'valid':
      return `✓ expires on ${escapeHtml(expiry.text)}`
    case 'expiring':
      return `⚠ expires on ${escapeHtml(expiry.text)}, within 30 days: replace it before then`
    case 'expired':
      return `✗ expired on ${escapeHtml(expiry.text)}: containers that hold it cannot license`
  }
}

/** The key's paragraph and table of scopes. */
export function licenseKeyPart(k: KeyCheck): string {
  const umbrella =
    k.umbrellaOf === undefined
      ? ''
      : ` Its product scopes are those of credential set ${code(k.umbrellaOf)}, for ${code('self-hosted:products')}.`
  const rows = k.scopes.results.map(r => [code(r.scope), KEY_GRANT[r.grant]])
  return (
    `<p>Self-hosted API key ${code(k.id)} (${code('license-key-id')}), which the containers license with: ${expiryCell(k)}.${umbrella}</p>\n` +
    table(['License key scope', 'Status'], rows.length ? rows : [['(none required)', '✓']])
  )
}

/** The headline of a step that failed on the key: what its check found, or (`k` undefined: the
 * key could not be read) the failure's title; `after`: what the headline ends with. */
export function licenseKeyHeadline(k: KeyCheck | undefined, error: unknown, after: string): string {
  if (k === undefined) return `❌ ${escapeHtml(failureWords(error).title)}${after}`
  if (k.expiry.kind === 'expired') return `❌ The self-hosted API key ${code(k.id)} has expired${after}`
  return `❌ The self-hosted API key ${code(k.id)} lacks ${escapeHtml(k.scopes.missing.join(', '))}${after}`
}
