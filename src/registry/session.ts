// One registry as the image check talks to it: where it is, who signs in, the deadline every
// request keeps, and the one way a request is sent (http/exchange.ts). Shared by the sign-in,
// the manifest check and the tags list.
import { exchange, headerValue, type Answer, type ExchangeResult, type RequestContext } from '../http/exchange.js'
import { isObject, jsonObject } from '../json.js'
import { sanitize, textField } from '../sanitize.js'
import { registryBaseUrl } from './image-ref.js'
import type { RegistryMessage } from './results.js'

/** The whole image check, sign-in included, ends within this: hung manifests must not hold a deploy. */
export const IMAGE_CHECK_LIMIT_MS = 60_000

/** Requests to one registry at once: enough to hide latency, few enough to be polite. */
export const CONCURRENCY = 4

/** What talking to a registry (host[:port]) needs: `repositories`, which one token request covers;
 * `mask`, called with the token the moment it is read; `limitMs`, what the deadline (when not given,
 * it starts now) stands for, in messages. */
export interface SessionRequest extends RequestContext {
  registry: string
  repositories: readonly string[]
  username: string
  secret: string
  mask: (value: string) => void
  limitMs?: number
}

/** `base`: https://host[:port], or http:// for a loopback host. */
export interface Session extends SessionRequest {
  base: string
  deadline: number
  limitMs: number
}

export function openSession(req: SessionRequest): Session {
  const limitMs = req.limitMs ?? IMAGE_CHECK_LIMIT_MS
  return { ...req, base: registryBaseUrl(req.registry), limitMs, deadline: req.deadline ?? Date.now() + limitMs }
}

/** One request within the session's deadline; `service` names it in retry notes. */
export function send(
  session: Session,
  method: 'GET' | 'HEAD',
  url: string,
  headers: Record<string, string>,
  service = `Registry ${session.registry}`,
  maxBodyBytes?: number
): Promise<ExchangeResult> {
  const { policy, onRetry, sleep, proxy, deadline } = session
  return exchange({ method, url, headers, service, maxBodyBytes, policy, onRetry, sleep, proxy, deadline })
}

/** The headers of a registry request, with the sign-in's Authorization when there is one. */
export function withAuth(headers: Record<string, string>, auth: string | undefined): Record<string, string> {
  return auth === undefined ? headers : { ...headers, Authorization: auth }
}

/** Where a redirect pointed, sanitised for a message. */
export function redirectTarget(answer: Answer): string | undefined {
  const location = headerValue(answer.headers['location'])
  return location === undefined ? undefined : sanitize(location, 200)
}

const str = (v: unknown, max = 200): string | undefined => textField(v, max)

/** The spec's error body (`{"errors":[{"code","message"}]}`), or token servers' `details`/`error`; sanitised. */
export function parseRegistryMessage(body: string): RegistryMessage {
  const o = jsonObject(body)
  if (o === undefined) return {}
  const errors = o['errors']
  const first: unknown = Array.isArray(errors) ? errors[0] : undefined
  if (isObject(first)) return { code: str(first['code'], 60), message: str(first['message']) }
  return { message: str(o['details']) ?? str(o['error_description']) ?? str(o['message']) ?? str(o['error']) }
}
