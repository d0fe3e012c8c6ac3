// Pure validation of the action's inputs: each takes the raw string and returns a clean value or throws InputError.
import { InputError } from '../errors.js'
import {
  isFipsReleaseTag,
  isRegistryName,
  isReleaseTag,
  isUuid,
  type ClientChoice,
  type ReleaseChoice
} from '../common.js'
import { isUmbrella } from '../deepgram/scopes.js'
import { transportProblem } from '../http/loopback.js'
import { holdsMaskedInput, INSTEAD_OF_MASKED } from './messages.js'

const SCOPE = /^(?:self-hosted|onprem):(?:products|product:[a-z0-9][a-z0-9-]*)$/

export const DEFAULT_SCOPES = ['self-hosted:product:api', 'self-hosted:product:engine']
export const DEFAULT_API_URL = 'https://api.deepgram.com'

/** A value the runner masks (a secret input, or one of its lines), and the input it came from. */
export type MaskedValue = { input: string; value: string }

/** Longer values are never quoted: a secret pasted into the wrong input is long, and the runner masks only whole values. */
export const QUOTE_MAX = 64

/** The masked value `value` equals or contains (any letter case). */
export function containedMask(value: string, masked: readonly MaskedValue[]): MaskedValue | undefined {
  const v = value.toLowerCase()
  return masked.find(m => m.value !== '' && v.includes(m.value.toLowerCase()))
}

/** The masked value `value` equals, contains or is part of (any letter case). */
export function overlappingMask(value: string, masked: readonly MaskedValue[]): MaskedValue | undefined {
  const v = value.toLowerCase()
  if (v === '') return undefined
  return containedMask(value, masked) ?? masked.find(m => m.value !== '' && m.value.toLowerCase().includes(v))
}

/** A value's length and the kinds of character in it, never the characters. */
export function shapeOf(value: string): string {
  const kinds: string[] = []
  if (/[a-z]/i.test(value)) kinds.push('letters')
  if (/[0-9]/.test(value)) kinds.push('digits')
  if (/\s/.test(value)) kinds.push('spaces')
  if (/[^a-z0-9\s]/i.test(value)) kinds.push('symbols')
  const of = kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}` : kinds[0]
  return `a ${value.length}-character value${of ? ` of ${of}` : ''}`
}

/** A value quoted whole when it is short and shares nothing with a masked value; else described. */
export function quote(value: string, masked: readonly MaskedValue[] = []): string {
  const mask = overlappingMask(value, masked)
  if (mask)
    return `a ${value.length}-character value that is, contains or is part of the \`${mask.input}\` input (not shown)`
  if (value.length > QUOTE_MAX) return `${shapeOf(value)} (not shown: too long to be a value of this input)`
  return JSON.stringify(value)
}

/** Line breaks are refused first, and the value is never echoed: a line break is how a workflow
 * command would be smuggled into the log. */
export function singleLine(input: string, value: string): string {
  if (/[\r\n\u2028\u2029]/.test(value))
    throw new InputError(input, 'must be a single line, but it contains a line break.')
  return value
}

export function required(input: string, value: string, why = ''): string {
  if (value === '') {
    throw new InputError(input, `is required${why} but is empty or not set.`)
  }
  return value
}

export function parseUuid(input: string, value: string, what: string, masked: readonly MaskedValue[] = []): string {
  required(input, singleLine(input, value))
  if (!isUuid(value)) {
    throw new InputError(
      input,
      `must be ${what} (a UUID like 123e4567-e89b-12d3-a456-426614174000), got ${quote(value, masked)}.`
    )
  }
  return value.toLowerCase()
}

/** A secret value: required, one line, no control characters; never echoed. */
export function parseSecretValue(input: string, value: string, why = ''): string {
  required(input, singleLine(input, value), why)
  // Control characters cannot travel in an HTTP header or a docker password.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) {
    throw new InputError(input, 'contains a control character; copy the value again without it.')
  }
  return value
}

/** The API key travels in an HTTP header: visible ASCII only. Never echoed. */
export function parseApiKey(input: string, value: string): string {
  parseSecretValue(input, value)
  if (!/^[\x21-\x7e]+$/.test(value)) {
    throw new InputError(
      input,
      'must be a Deepgram API key: visible ASCII characters only, with no spaces. Copy the key again.'
    )
  }
  return value
}

const TRUE = ['true', 'True', 'TRUE']
const FALSE = ['false', 'False', 'FALSE']

/** The YAML 1.2 core-schema booleans that @actions/core's getBooleanInput accepts. */
export function parseBoolean(
  input: string,
  value: string,
  fallback: boolean,
  masked: readonly MaskedValue[] = []
): boolean {
  singleLine(input, value)
  if (value === '') return fallback
  if (TRUE.includes(value)) return true
  if (FALSE.includes(value)) return false
  throw new InputError(input, `must be true or false (or True, TRUE, False, FALSE), got ${quote(value, masked)}.`)
}

/** Comma- or newline-separated scopes, lower-cased, de-duplicated, in order. */
export function parseScopes(input: string, value: string, masked: readonly MaskedValue[] = []): string[] {
  const items = value
    .split(/[,\r\n]+/)
    .map(s => s.trim().toLowerCase())
    .filter(s => s !== '')
  if (items.length === 0) return [...DEFAULT_SCOPES]
  for (const item of items) {
    if (!SCOPE.test(item)) {
      throw new InputError(
        input,
        `has ${quote(item, masked)}, which is not a self-hosted scope: use names like self-hosted:product:api, self-hosted:product:engine or self-hosted:products.`
      )
    }
  }
  return [...new Set(items)]
}

/** A stored set never lists the umbrella (Deepgram expands it when a set is made): required of
 * one, it could never be met. `scopes` are parseScopes()'s. */
export function refuseUmbrellaOfStoredSet(input: string, scopes: readonly string[]): void {
  const umbrella = scopes.find(isUmbrella)
  if (umbrella !== undefined)
    throw new InputError(
      input,
      `names ${umbrella}, which a stored set never carries: Deepgram expands it, when a set is made, into the product scopes ` +
        'its maker holds, and lists those. For a stored set (`credentials-id`), name the product scopes this deployment ' +
        'needs instead, e.g. self-hosted:product:api, self-hosted:product:engine (the default). ' +
        `${umbrella} is for a set the action makes (\`ephemeral\`): every product scope the API key can grant.`
    )
}

/** Refuses a value that equals or contains the key or the secret. */
function refuseMasked(input: string, value: string, masked: readonly MaskedValue[], expected: string): void {
  const holds = containedMask(value, masked)
  if (holds) throw holdsMaskedInput({ input, maskInput: holds.input, expected })
}

export function parseRegistry(input: string, value: string, masked: readonly MaskedValue[] = []): string | undefined {
  singleLine(input, value)
  if (value === '') return undefined
  // The key or the secret would go to DNS, into TLS SNI and to the registry.
  refuseMasked(input, value, masked, INSTEAD_OF_MASKED.registry)
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new InputError(
      input,
      `must be a registry host without a scheme, like quay.io or 127.0.0.1:5000, got ${quote(value, masked)}.`
    )
  }
  if (!isRegistryName(value)) {
    throw new InputError(
      input,
      `must be a registry host with an optional port, like quay.io or 127.0.0.1:5000, got ${quote(value, masked)}.`
    )
  }
  return value
}

/** The API base URL: https (http to loopback only), no credentials, query or fragment, no trailing slash. */
export function parseApiUrl(input: string, value: string, masked: readonly MaskedValue[] = []): string {
  singleLine(input, value)
  refuseMasked(input, value, masked, INSTEAD_OF_MASKED.apiUrl(DEFAULT_API_URL))
  const raw = value === '' ? DEFAULT_API_URL : value
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new InputError(input, `must be an absolute URL like ${DEFAULT_API_URL}, got ${quote(raw, masked)}.`)
  }
  const problem = transportProblem(url)
  if (problem === 'not-http') throw new InputError(input, `must use https, got ${quote(url.protocol, masked)}.`)
  if (problem === 'plain-http')
    throw new InputError(
      input,
      `must use https: plain http would send the API key unencrypted to ${quote(url.host, masked)} (http is allowed only for loopback hosts such as 127.0.0.1).`
    )
  if (problem === 'user-info')
    throw new InputError(input, 'must not contain a user name or password; the API key goes in `api-key`.')
  // An empty query or fragment ("https://host/?") reads as '' but stays in href.
  if (url.search !== '' || url.hash !== '' || /[?#]/.test(url.href)) {
    throw new InputError(input, `must not have a query or fragment, got ${quote(raw, masked)}.`)
  }
  return url.href.replace(/\/+$/, '')
}

/** The `client` input: docker, podman or auto (the default: docker if on PATH, else podman). */
export function parseClient(input: string, value: string, masked: readonly MaskedValue[] = []): ClientChoice {
  const v = singleLine(input, value).trim().toLowerCase()
  if (v === '') return 'auto'
  if (v === 'docker' || v === 'podman' || v === 'auto') return v
  throw new InputError(input, `must be docker, podman or auto (the default), got ${quote(value, masked)}.`)
}

/** The `release` input: empty (none), latest or latest-fips (any letter case), or a release tag
 * (release-YYMMDD, or its FIPS build release-YYMMDD-fips). */
export function parseRelease(
  input: string,
  value: string,
  masked: readonly MaskedValue[] = []
): ReleaseChoice | undefined {
  const v = singleLine(input, value).trim()
  if (v === '') return undefined
  if (v.toLowerCase() === 'latest') return { kind: 'latest' }
  if (v.toLowerCase() === 'latest-fips') return { kind: 'latest', fips: true }
  if (isReleaseTag(v) || isFipsReleaseTag(v)) return { kind: 'named', tag: v }
  throw new InputError(
    input,
    `must be latest (the newest release every tagless image has), latest-fips (the newest FIPS release, release-YYMMDD-fips, they all have) or a release tag like release-260812 or release-260812-fips, got ${quote(v, masked)}.`
  )
}
