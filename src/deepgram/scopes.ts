// Pure scope logic: does a credential set's scope list grant what is required?
// And, beside it, what a user reads when it does not.
import { ActionError } from '../errors.js'

const LEGACY_PREFIX = 'onprem:'
const PREFIX = 'self-hosted:'
const UMBRELLA = 'self-hosted:products'
const PRODUCT_PREFIX = 'self-hosted:product:'

/** A product scope as the check reads it from a set (after canonicalScope): a name only, so
 * that what the API said may be shown as it is. */
const PRODUCT = /^self-hosted:product:[a-z0-9][a-z0-9-]*$/

/** How a required scope was met, or that it was not. 'products': the umbrella required of a set
 * the action made, met by the product scopes Deepgram expanded it into. */
export type Grant = 'direct' | 'umbrella' | 'legacy' | 'legacy-umbrella' | 'products' | 'missing'

interface ScopeResult {
  scope: string
  grant: Grant
  /** With 'products': the product scopes the set got (self-hosted: names, each once). */
  products?: string[]
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

/** `self-hosted:products` or `onprem:products`, any letter case. */
export function isUmbrella(scope: string): boolean {
  return canonicalScope(scope) === UMBRELLA
}

/** The product scopes among `granted`, under their self-hosted: names, each once, in order. */
export function productScopes(granted: readonly string[]): string[] {
  return [...new Set(granted.map(canonicalScope).filter(s => PRODUCT.test(s)))]
}

/** The umbrella, when required, stands for every product scope the API key can grant: the live
 * API never lists it in a set, but expands it, when a set is made, into the product scopes the
 * key holds. So a set that lists at least one product scope meets it (only a set the action
 * made can be required to: inputs/ refuses it for a stored set). */
export function checkScopes(granted: readonly string[], required: readonly string[]): ScopeCheck {
  const direct = new Set<string>()
  const legacy = new Set<string>()
  for (const raw of granted) {
    const s = raw.trim().toLowerCase()
    if (s.startsWith(LEGACY_PREFIX)) legacy.add(canonicalScope(s))
    else direct.add(s)
  }
  const products = productScopes(granted)
  // onprem:x and self-hosted:x required together are one requirement.
  const results = [...new Set(required.map(canonicalScope))].map((scope): ScopeResult => {
    const isProduct = scope.startsWith(PRODUCT_PREFIX)
    let grant: Grant = 'missing'
    if (direct.has(scope)) grant = 'direct'
    else if (scope === UMBRELLA && products.length) return { scope, grant: 'products', products }
    else if (isProduct && direct.has(UMBRELLA)) grant = 'umbrella'
    else if (legacy.has(scope)) grant = 'legacy'
    else if (isProduct && legacy.has(UMBRELLA)) grant = 'legacy-umbrella'
    return { scope, grant }
  })
  const missing = results.filter(r => r.grant === 'missing').map(r => r.scope)
  const legacyOnly = results.filter(r => r.grant === 'legacy' || r.grant === 'legacy-umbrella').map(r => r.scope)
  return { results, missing, legacyOnly, ok: missing.length === 0 }
}

/** The product scopes the umbrella was met by, when it was required and met that way. */
export function umbrellaProducts(check: ScopeCheck): string[] | undefined {
  return check.results.find(r => r.grant === 'products')?.products
}

/** The failed check in words: `id` and `has` (its scopes, listed) are the shown (sanitised) forms;
 * `madeFor`, for a set this job made ("this job", "rotation eu-west"), whose scopes are the key's. */
export function scopesMissing(id: string, missing: readonly string[], has: string, madeFor?: string): ActionError {
  const lacks = `Credential set ${id}`
  const what = `is missing ${missing.join(', ')} (it has: ${has})`
  const message =
    madeFor === undefined
      ? `${lacks} ${what}. Images for those products would fail to pull. Create a new distribution credential set with the missing scopes ` +
        '(its creator must hold them too), or lower `required-scopes` if this deployment does not need them. ' +
        'Or, with an API key that holds keys:write and those scopes, set `ephemeral: true`: the action then makes a set with the required scopes for each job.'
      : `${lacks}, made for ${madeFor}, ${what}: Deepgram leaves out of a new set the scopes that the API key's account does not hold. ` +
        'Use an API key of an account that holds them, or lower `required-scopes` if this deployment does not need them. ' +
        (madeFor === 'this job'
          ? 'The post step deletes the set.'
          : 'The set is not kept: it is deleted before this step ends (the log says whether it was).')
  return new ActionError('Credential set lacks required scopes', message)
}
