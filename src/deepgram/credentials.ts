// Pure handling of the list response: shape check, lookup by ID, registry.
import { ActionError } from '../errors.js'
import { sanitize as clean } from '../report/sanitize.js'

export interface CredentialSet {
  id: string
  provider: string
  comment: string
  scopes: string[]
  created: string
}

const REGISTRIES: Readonly<Record<string, string>> = { quay: 'quay.io' }

export function usernameFor(id: string): string {
  return `deepgram+${id.toLowerCase()}`
}

function shapeError(where: string, expected: string): ActionError {
  return new ActionError(
    'Unexpected Deepgram API response',
    `The Deepgram API answered 200 but not in the documented shape: ${where} should be ${expected}. ` +
      'If `api-url` points at a proxy or gateway, check that it forwards to the Deepgram API unchanged.'
  )
}

/** A JSON object without the list: a wrong `api-url`, or a gateway's own answer. */
function notAList(keys: string[]): ActionError {
  const shown = keys.slice(0, 5).map(k => JSON.stringify(clean(k, 40)))
  const more = keys.length > 5 ? ` and ${keys.length - 5} more` : ''
  return new ActionError(
    'Unexpected Deepgram API response',
    `The Deepgram API answered 200, but not with a Deepgram list of credential sets: the JSON object has no distribution_credentials field ` +
      `(it has ${shown.join(', ')}${more}). \`api-url\` may point at another service, or a gateway answered in its place: ` +
      'check that `api-url` is the Deepgram API, or a proxy that forwards it unchanged.'
  )
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function optionalString(obj: Record<string, unknown>, key: string, where: string): string {
  const value = obj[key]
  if (value === undefined || value === null) return ''
  if (typeof value !== 'string') throw shapeError(`${where}.${key}`, 'a string')
  return value
}

/** Validate the parsed JSON of a list response; extra fields are ignored. */
export function parseCredentialList(body: unknown): CredentialSet[] {
  if (!isObject(body)) throw shapeError('the body', 'a JSON object')
  const list = body['distribution_credentials']
  // Documented: missing or empty when the key sees no sets. Missing from an
  // object that has other fields, though, is an answer of another kind.
  if (list === undefined && Object.keys(body).length > 0) throw notAList(Object.keys(body))
  if (list === undefined || list === null) return []
  if (!Array.isArray(list)) throw shapeError('distribution_credentials', 'a list')
  return list.map((item: unknown, i): CredentialSet => {
    const where = `distribution_credentials[${i}]`
    if (!isObject(item)) throw shapeError(where, 'an object')
    const dc = item['distribution_credentials']
    const at = `${where}.distribution_credentials`
    if (!isObject(dc)) throw shapeError(at, 'an object')
    const id = dc['distribution_credentials_id']
    if (typeof id !== 'string' || id === '') {
      throw shapeError(`${at}.distribution_credentials_id`, 'a non-empty string')
    }
    const provider = dc['provider']
    if (typeof provider !== 'string') throw shapeError(`${at}.provider`, 'a string')
    const scopes = dc['scopes']
    if (!Array.isArray(scopes) || !scopes.every(s => typeof s === 'string')) {
      throw shapeError(`${at}.scopes`, 'a list of strings')
    }
    return {
      id,
      provider,
      comment: optionalString(dc, 'comment', at),
      scopes,
      created: optionalString(dc, 'created', at)
    }
  })
}

export function findCredentialSet(sets: readonly CredentialSet[], id: string): CredentialSet {
  const wanted = id.toLowerCase()
  const found = sets.find(s => s.id.toLowerCase() === wanted)
  if (found) return found
  const seen = sets.length === 1 ? '1 set' : `${sets.length} sets`
  throw new ActionError(
    'Credential set not found',
    `No distribution credential set with ID ${wanted} in this project: the API key can see ${seen}. ` +
      "Check `credentials-id` (the set's distribution_credentials_id, not its secret) and `project-id`. " +
      'A key without the members:read, admins:read and owners:read scopes sees only the sets of its own account, ' +
      'so a set created by someone else is invisible to it: use a key with those scopes or one from the account that created the set.'
  )
}

/** The registry to log in to: the `registry` input wins, else the provider's. */
export function registryFor(provider: string, override: string | undefined): string {
  if (override !== undefined) return override
  // Own keys only: a provider named "constructor" must not find Object's.
  const key = provider.toLowerCase()
  if (Object.hasOwn(REGISTRIES, key)) return REGISTRIES[key] as string
  throw new ActionError(
    'Unknown registry provider',
    `The credential set's provider is ${JSON.stringify(clean(provider, 100))}, for which this action knows no registry ` +
      `(it knows ${Object.entries(REGISTRIES)
        .map(([p, r]) => `${p} -> ${r}`)
        .join(', ')}): set the \`registry\` input to the registry that provider serves.`
  )
}
