// Pure handling of the list response: shape check, lookup by ID, registry.
import { isObject } from '../json.js'
import { notAList, unexpectedShape, unknownProvider } from './messages.js'
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
  if (list === undefined && Object.keys(body).length > 0) throw notAList(Object.keys(body))
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
  throw unknownProvider({ provider, known: REGISTRIES })
}
