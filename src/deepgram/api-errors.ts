// Pure translation of a Deepgram API failure into one actionable error.
import { ActionError } from '../errors.js'
import { isHttpStatus } from '../http/retry.js'
import { sanitize as clean, textField } from '../report/sanitize.js'

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
      const json: unknown = JSON.parse(text)
      if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
        const o = json as Record<string, unknown>
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

export function formatDeepgramMessage(m: DeepgramMessage): string {
  if (m.html) return ' The body was an HTML page, not a Deepgram answer: a proxy or gateway may have answered.'
  const parts: string[] = []
  if (m.message) parts.push(`Deepgram said: ${JSON.stringify(m.message)}${m.code ? ` (${m.code})` : ''}.`)
  else if (m.code) parts.push(`Deepgram said: ${m.code}.`)
  if (m.requestId) parts.push(`Request ID: ${m.requestId}.`)
  return parts.length ? ` ${parts.join(' ')}` : ''
}

export interface FailedResponse {
  status: number
  body: string
  location?: string
  attempts: number
  projectId: string
  /** The body was longer than the client reads: only its start is here. */
  truncated?: boolean
}

export function describeHttpFailure(r: FailedResponse): ActionError {
  const cut = r.truncated ? ' (The body was too long to read whole; only its start was read.)' : ''
  const said = formatDeepgramMessage(parseErrorBody(r.body)) + cut
  const tries = r.attempts > 1 ? ` after ${r.attempts} attempts` : ''
  const s = r.status
  if (!isHttpStatus(s)) {
    return new ActionError(
      'Deepgram API error',
      `The answer's status ${s} is not an HTTP status (those run from 100 to 599): something other than the Deepgram API answered. ` +
        "Check `api-url` and the runner's proxy settings."
    )
  }
  if (s === 304) {
    return new ActionError(
      'Deepgram API error',
      'The answer was HTTP 304 Not Modified, which only answers a conditional request, and this one was not: ' +
        "a caching proxy or gateway answered instead of the Deepgram API. Check `api-url` and the runner's proxy settings."
    )
  }
  if (s === 401) {
    return new ActionError(
      'Deepgram API key rejected',
      `Deepgram rejected the API key (HTTP 401): it is invalid, revoked or expired. ` +
        `Create a new key in the Deepgram console and store it in the secret passed as \`api-key\`.${said}`
    )
  }
  if (s === 403) {
    return new ActionError(
      'Deepgram API access denied',
      `Deepgram refused to list distribution credentials (HTTP 403): the API key's role must be owner, admin or member, ` +
        `and project ${r.projectId} must have self-hosted access. Use a key with one of those roles, or ask Deepgram to enable self-hosted for the project.${said}`
    )
  }
  if (s === 404) {
    return new ActionError(
      'Deepgram project not found',
      `Deepgram found no project ${r.projectId} for this API key (HTTP 404): check \`project-id\`, and that the key belongs to that project.${said}`
    )
  }
  if (s === 400) {
    return new ActionError(
      'Deepgram API rejected the request',
      `Deepgram rejected the request as malformed (HTTP 400): check \`project-id\`.${said}`
    )
  }
  if (s === 429) {
    return new ActionError(
      'Deepgram API rate limit',
      `Deepgram kept rate-limiting the request (HTTP 429)${tries}: wait a minute and re-run the job, or spread out jobs that share this API key.${said}`
    )
  }
  if (s >= 500) {
    return new ActionError(
      'Deepgram API unavailable',
      `The Deepgram API failed with HTTP ${s}${tries}: this is on Deepgram's side or a proxy's; re-run the job later.${said}`
    )
  }
  if (s >= 300 && s < 400) {
    const to = r.location ? ` to ${JSON.stringify(clean(r.location, 200))}` : ''
    return new ActionError(
      'Deepgram API redirected',
      `The Deepgram API answered with a redirect (HTTP ${s})${to}, which this action does not follow so that the API key is sent nowhere else: ` +
        'set `api-url` to the final API address.'
    )
  }
  return new ActionError(
    'Deepgram API error',
    `The Deepgram API answered HTTP ${s} when listing distribution credentials: check \`api-url\`, \`project-id\` and \`api-key\`.${said}`
  )
}
