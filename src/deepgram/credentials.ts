// Pure handling of the list response: shape check, lookup by ID, registry.
import { isObject } from '../json.js'
import { unexpectedShape } from './messages.js'
import { ActionError } from '../errors.js'
import { sanitize } from '../sanitize.js'
import type { CredentialSet } from './types.js'

/** The registry of each provider the API names (quay, the only one today). A Map: a provider
 * named "constructor" must not find an object's. */
const DEFAULT_REGISTRY = 'quay.io'
const REGISTRIES: ReadonlyMap<string, string> = new Map([['quay', DEFAULT_REGISTRY]])

function optionalString(obj: Record<string, unknown>, key: string, where: string): string {
  const value = obj[key]
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') throw unexpectedShape({ where: `${where}.${key}`, expected: 'a string' })
  return value
}

/** Validate the parsed JSON of a list response; extra fields are ignored. */
export function parseCredentialList(body: unknown): CredentialSet[] {
  if (!isObject(body)) throw unexpectedShape({ where: 'the body', expected: 'a JSON object' })
  const list = body['distribution_credentials']
  // Documented: missing or empty when the key sees no sets. Missing from an
  // object that has other fields, though, is an answer of another kind.
  const keys = Object.keys(body)
  if (list === undefined && keys.length > 0) {
    const shown = keys.slice(0, 5).map(k => JSON.stringify(sanitize(k, 40)))
    const more = keys.length > 5 ? ` and ${keys.length - 5} more` : ''
    throw new ActionError(
      'Unexpected Deepgram API response',
      `The Deepgram API answered 200, but not with a Deepgram list of credential sets: the JSON object has no distribution_credentials field ` +
        `(it has ${shown.join(', ')}${more}). \`api-url\` may point at another service, or a gateway answered in its place: ` +
        'check that `api-url` is the Deepgram API, or a proxy that forwards it unchanged.'
    )
  }
  if (list === undefined || list === null) return []
  if (!Array.isArray(list)) throw unexpectedShape({ where: 'distribution_credentials', expected: 'a list' })
  return list.map((item: unknown, i) => parseCredentialItem(item, `distribution_credentials[${i}]`))
}

/** One item of the list, or the answer for one set: `{member, distribution_credentials: {...}}`. */
export function parseCredentialItem(item: unknown, where: string): CredentialSet {
  if (!isObject(item)) throw unexpectedShape({ where, expected: 'an object' })
  const dc = item['distribution_credentials']
  const at = `${where}.distribution_credentials`
  if (!isObject(dc)) throw unexpectedShape({ where: at, expected: 'an object' })
  const id = dc['distribution_credentials_id']
  if (typeof id !== 'string' || id === '') {
    throw unexpectedShape({ where: `${at}.distribution_credentials_id`, expected: 'a non-empty string' })
  }
  const provider = dc['provider']
  if (typeof provider !== 'string') throw unexpectedShape({ where: `${at}.provider`, expected: 'a string' })
  const scopes = dc['scopes']
  if (!Array.isArray(scopes) || !scopes.every(s => typeof s === 'string')) {
    throw unexpectedShape({ where: `${at}.scopes`, expected: 'a list of strings' })
  }
  return {
    id,
    provider,
    comment: optionalString(dc, 'comment', at),
    scopes,
    created: optionalString(dc, 'created', at)
  }
}

/** The set with this ID (any letter case), if the list has it. */
export function findCredentialSet(sets: readonly CredentialSet[], id: string): CredentialSet | undefined {
  const wanted = id.toLowerCase()
  return sets.find(s => s.id.toLowerCase() === wanted)
}

/** The registry a set will use, known before the API answers: the `registry`
 * input, else quay.io, the registry of the only provider there is. registryFor()
 * decides once the set is read; a different answer there discards an early sign-in. */
export function knownRegistry(override: string | undefined): string {
  return override ?? DEFAULT_REGISTRY
}

/** The registry to log in to: the `registry` input wins, else the provider's. */
export function registryFor(provider: string, override: string | undefined): string {
  if (override !== undefined) return override
  const registry = REGISTRIES.get(provider.toLowerCase())
  if (registry !== undefined) return registry
  const known = [...REGISTRIES].map(([p, r]) => `${p} -> ${r}`).join(', ')
  throw new ActionError(
    'Unknown registry provider',
    `The credential set's provider is ${JSON.stringify(sanitize(provider, 100))}, for which this action knows no registry (it knows ${known}): set the \`registry\` input to the registry that provider serves.`
  )
}
