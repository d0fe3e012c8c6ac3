// Pure: whatever message and request ID a Deepgram error body holds.
import { isObject } from '../json.js'
import { sanitize as clean, textField } from '../sanitize.js'

export interface DeepgramMessage {
  message?: string
  code?: string
  requestId?: string
  html?: boolean
}

const str = (value: unknown): string | undefined => textField(value)

/** Deepgram errors come as legacy JSON, modern JSON or plain text; a proxy
 * may answer with HTML or nothing. Pull out whatever message and request ID there are. */
export function parseErrorBody(body: string): DeepgramMessage {
  const text = body.trim()
  if (text === '') return {}
  if (text.startsWith('{')) {
    try {
      const o: unknown = JSON.parse(text)
      if (isObject(o)) {
        const message = str(o['err_msg']) ?? str(o['message']) ?? str(o['details']) ?? str(o['error'])
        const details = str(o['details'])
        return {
          message: message && details && details !== message ? `${message} (${details})` : message,
          code: str(o['err_code']) ?? str(o['category']),
          requestId: str(o['request_id'])
        }
      }
    } catch {
      // Not JSON after all: fall through to plain text.
    }
  }
  if (/^<(?:!doctype|html|\?xml|head|body)/i.test(text)) return { html: true }
  return { message: clean(text) }
}

/** A 401 (or 403) whose body says INSUFFICIENT_PERMISSIONS: the key is valid but lacks a
 * permission (Deepgram's errors page), not an invalid, revoked or expired key. */
export function isMissingPermission(body: string): boolean {
  return parseErrorBody(body).code?.toUpperCase() === 'INSUFFICIENT_PERMISSIONS'
}
