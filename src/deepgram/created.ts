// Pure reading of Deepgram's answer to creating a credential set. The
// reference page shows it flat ({distribution_credentials_id, provider,
// comment, scopes, created, username, secret}); the OpenAPI excerpt nests the
// set under distribution_credentials beside member. Either is accepted, with
// the secret in whichever object holds the ID. Nothing here prints anything:
// the caller masks the secret the moment this returns.
import { isUuid } from '../common.js'
import { isObject } from '../json.js'
import type { CreatedAnswer } from './types.js'

/** The object that holds the set's fields: the nested `distribution_credentials`, else the answer itself. */
function holderOf(body: Record<string, unknown>): Record<string, unknown> {
  const nested = body['distribution_credentials']
  return isObject(nested) ? nested : body
}

const secretIn = (obj: Record<string, unknown>): string | undefined => {
  const value = obj['secret']
  return typeof value === 'string' && value !== '' ? value : undefined
}

export function readCreatedSet(body: unknown): CreatedAnswer {
  if (!isObject(body)) return { masks: [], unusable: 'shape', where: 'the body' }
  const holder = holderOf(body)
  const secret = secretIn(holder)
  const masks = [...new Set([secret, secretIn(body)].filter((v): v is string => v !== undefined))]
  const rawId = holder['distribution_credentials_id']
  const id = typeof rawId === 'string' && isUuid(rawId) ? rawId : undefined
  const found = { ...(id === undefined ? {} : { id }), ...(secret === undefined ? {} : { secret }), masks }
  if (id === undefined) return { ...found, unusable: 'no-id' }
  // A secret docker could not take whole on stdin, or an HTTP header could not carry (blank, more
  // than one line, control characters), is no secret.
  // eslint-disable-next-line no-control-regex
  if (secret === undefined || secret.trim() === '' || /[\u0000-\u001f\u007f]/.test(secret)) {
    return { ...found, unusable: 'no-secret' }
  }
  const scopes = holder['scopes']
  if (!Array.isArray(scopes) || !scopes.every(s => typeof s === 'string')) {
    return { ...found, unusable: 'shape', where: 'scopes' }
  }
  const text = (key: string): string | undefined => {
    const v = holder[key]
    return typeof v === 'string' ? v : v === undefined || v === null ? '' : undefined
  }
  const provider = text('provider')
  const comment = text('comment')
  const created = text('created')
  if (provider === undefined) return { ...found, unusable: 'shape', where: 'provider' }
  if (comment === undefined) return { ...found, unusable: 'shape', where: 'comment' }
  if (created === undefined) return { ...found, unusable: 'shape', where: 'created' }
  return { ...found, set: { id, provider: provider || 'quay', comment, scopes, created } }
}
