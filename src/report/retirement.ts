// The job summary of a `retire` run, read at a glance: the headline says which set
// was kept and how many older (or other) ones were retired (or why nothing was), then one row
// per set of the rotation. Pure, so that each outcome's page is a committed file.
import type { CredentialSet, RetireResult, Retirement } from '../deepgram/types.js'
import { timestampOf } from '../common.js'
import { clip } from '../sanitize.js'
import { code, escapeHtml, table } from './html.js'

/** "Older" only when every other set was made before the one kept (a set made after it is
 * retired too): else "other". */
export function olderOrOther(keep: CredentialSet, others: readonly CredentialSet[]): string {
  const at = (set: CredentialSet): number => timestampOf(set.created) ?? 0
  return others.every(set => at(set) < at(keep)) ? 'older' : 'other'
}

function headline(r: Retirement): string {
  const name = code(r.name)
  if (r.kind === 'refused') {
    const keep = code(r.keepId)
    return r.why === 'missing'
      ? `❌ Rotation ${name}: the set to keep, ${keep}, does not exist; nothing retired`
      : `❌ Rotation ${name}: ${keep} is not one of its sets for this repository; nothing retired`
  }
  const keep = `kept ${code(r.keep.id.toLowerCase())}`
  const word = olderOrOther(
    r.keep,
    r.others.map(o => o.set)
  )
  const sets = (n: number): string => (n === 1 ? `1 ${word} set` : `${n} ${word} sets`)
  const failed = r.others.filter(o => o.result.kind === 'failed').length
  if (failed > 0) return `❌ Rotation ${name}: ${keep}; ${failed} of ${sets(r.others.length)} could not be retired`
  if (r.others.length === 0) return `✅ Rotation ${name}: ${keep}; no older set to retire`
  return `✅ Rotation ${name}: ${keep}, retired ${sets(r.others.length)}`
}

const RESULT: Record<RetireResult['kind'], string> = {
  retired: '✓ retired (deleted)',
  gone: '✓ already deleted',
  failed: '✗ not deleted'
}

function row(set: CredentialSet, result: string): string[] {
  return [code(set.id.toLowerCase()), escapeHtml(clip(set.created, 100).text), result]
}

export function renderRetirement(r: Retirement): string {
  const parts = [`<h3>${headline(r)}</h3>`]
  if (r.kind === 'refused') {
    parts.push(
      `<p>No set was deleted. ${code('credentials-id')} must be the set to keep: the ${code('credentials-id')} ` +
        `output of the ${code(`rotate: ${r.name}`)} step whose set the cluster's pull secret holds. The log's error says more.</p>`
    )
    return `${parts.join('\n')}\n`
  }
  const rows = [
    row(r.keep, '✓ kept'),
    ...r.others.map(({ set, result }) =>
      row(
        set,
        result.kind === 'failed' ? `${RESULT.failed}: ${escapeHtml(clip(result.why, 500).text)}` : RESULT[result.kind]
      )
    )
  ]
  parts.push(table(['Credential set', 'Created', 'Result'], rows))
  return `${parts.join('\n')}\n`
}
