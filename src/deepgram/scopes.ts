// Pure scope logic: does a credential set's scope list grant what is required?

const LEGACY_PREFIX = 'onprem:'
const PREFIX = 'self-hosted:'
const UMBRELLA = 'self-hosted:products'
const PRODUCT_PREFIX = 'self-hosted:product:'

/** How a required scope was met, or that it was not. */
export type Grant = 'direct' | 'umbrella' | 'legacy' | 'legacy-umbrella' | 'missing'

export interface ScopeResult {
  scope: string
  grant: Grant
}

export interface ScopeCheck {
  results: ScopeResult[]
  missing: string[]
  /** Required scopes met only through a pre-rename `onprem:` name. */
  legacyOnly: string[]
  ok: boolean
}

/** `onprem:x` is the pre-rename name of `self-hosted:x`. */
export function canonicalScope(scope: string): string {
  const s = scope.trim().toLowerCase()
  return s.startsWith(LEGACY_PREFIX) ? PREFIX + s.slice(LEGACY_PREFIX.length) : s
}

export function checkScopes(granted: readonly string[], required: readonly string[]): ScopeCheck {
  const direct = new Set<string>()
  const legacy = new Set<string>()
  for (const raw of granted) {
    const s = raw.trim().toLowerCase()
    if (s.startsWith(LEGACY_PREFIX)) legacy.add(canonicalScope(s))
    else direct.add(s)
  }
  // onprem:x and self-hosted:x required together are one requirement.
  const results = [...new Set(required.map(canonicalScope))].map((scope): ScopeResult => {
    const isProduct = scope.startsWith(PRODUCT_PREFIX)
    let grant: Grant = 'missing'
    if (direct.has(scope)) grant = 'direct'
    else if (isProduct && direct.has(UMBRELLA)) grant = 'umbrella'
    else if (legacy.has(scope)) grant = 'legacy'
    else if (isProduct && legacy.has(UMBRELLA)) grant = 'legacy-umbrella'
    return { scope, grant }
  })
  const missing = results.filter(r => r.grant === 'missing').map(r => r.scope)
  const legacyOnly = results.filter(r => r.grant === 'legacy' || r.grant === 'legacy-umbrella').map(r => r.scope)
  return { results, missing, legacyOnly, ok: missing.length === 0 }
}
