// JSON from a server or a config file. A byte-order mark is not JSON, but some gateways add one.

/** JSON.parse after dropping a byte-order mark. */
export function parseJson(text: string): unknown {
  return JSON.parse(text.replace(/^\uFEFF/, ''))
}

/** The text's JSON object, or undefined when it is not JSON or not an object. */
export function jsonObject(text: string): Record<string, unknown> | undefined {
  let json: unknown
  try {
    json = parseJson(text)
  } catch {
    return undefined
  }
  return isObject(json) ? json : undefined
}

/** A JSON object: not null, not an array. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
