// Pure: a set's server-supplied fields made fit for the log, outputs and summary: one safe line
// each, cut to what GitHub's limits (1 MB of outputs, 1 MiB of summary) and a reader can take.
import type { CredentialSet } from '../deepgram/types.js'
import { clip } from '../sanitize.js'

/** Characters kept of each field (`scopes`: the comma-joined output). */
export const FIELD_LIMITS = { id: 100, provider: 100, created: 100, comment: 1000, scope: 200, scopes: 4000 } as const

/** The set's fields made fit to show; `scopesText`: the `scopes` output; `cuts`: what was cut, one
 * phrase per field, for a warning. */
export interface ShownSet extends CredentialSet {
  scopesText: string
  cuts: string[]
}

function field(name: keyof typeof FIELD_LIMITS, value: string, cuts: string[]): string {
  const { text, cut } = clip(value, FIELD_LIMITS[name])
  if (cut) cuts.push(`\`${name}\` (${value.length} characters, cut to ${FIELD_LIMITS[name]})`)
  return text
}

export function showSet(set: CredentialSet): ShownSet {
  const cuts: string[] = []
  let scopeCut = false
  const scopes = set.scopes.map(s => {
    const c = clip(s, FIELD_LIMITS.scope)
    scopeCut ||= c.cut
    return c.text
  })
  const joined = clip(scopes.join(','), FIELD_LIMITS.scopes)
  const shown: ShownSet = {
    id: field('id', set.id, cuts),
    provider: field('provider', set.provider, cuts),
    comment: field('comment', set.comment, cuts),
    created: field('created', set.created, cuts),
    scopes,
    scopesText: joined.text,
    cuts
  }
  if (joined.cut || scopeCut) {
    cuts.push(
      `\`scopes\` (${set.scopes.length} scopes, cut to ${FIELD_LIMITS.scopes} characters, each to ${FIELD_LIMITS.scope})`
    )
  }
  return shown
}

/** The scopes for a message: at most `max` of them, then how many more. */
export function listScopes(scopes: readonly string[], max = 20): string {
  if (scopes.length === 0) return 'no scopes'
  const more = scopes.length > max ? ` and ${scopes.length - max} more` : ''
  return scopes.slice(0, max).join(', ') + more
}
