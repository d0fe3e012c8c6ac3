// Validates the stand-in's success bodies against Deepgram's published OpenAPI
// schema, so that the stand-in cannot drift from the real API.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { ROOT } from './tools.ts'

const SPEC_NAME = 'deepgram-openapi-distribution-credentials.yaml'
/** The shared excerpt beside the repository; a verbatim copy in the tree for fresh clones. */
export const SPEC_PATHS = [resolve(ROOT, '../shared', SPEC_NAME), join(ROOT, '__tests__/e2e/fixtures', SPEC_NAME)]
export const LIST_SCHEMA = 'ListProjectDistributionCredentialsV1Response'
/** The success answers of create (OpenAPI's nested shape), get and delete. */
const CREATE_SCHEMA = 'CreateProjectDistributionCredentialsV1Response'
export const GET_SCHEMA = 'GetProjectDistributionCredentialsV1Response'
/** The set alone: the reference page's flat create answer is this object plus `username` and `secret`. */
const CREATED_SET_SCHEMA = 'CreateProjectDistributionCredentialsV1ResponseDistributionCredentials'

export type SchemaName = typeof LIST_SCHEMA | typeof CREATE_SCHEMA | typeof GET_SCHEMA | typeof CREATED_SET_SCHEMA

export function specPath(): string {
  const found = SPEC_PATHS.find(p => existsSync(p))
  if (found === undefined) throw new Error(`Deepgram OpenAPI excerpt not found at ${SPEC_PATHS.join(' or ')}`)
  return found
}

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as typeof addFormatsModule.default

let ajv: Ajv2020 | undefined
const validators = new Map<SchemaName, ValidateFunction>()

function validatorFor(name: SchemaName): ValidateFunction {
  const known = validators.get(name)
  if (known) return known
  if (!ajv) {
    const spec: unknown = parse(readFileSync(specPath(), 'utf8'))
    // OpenAPI 3.1 schemas are JSON Schema 2020-12. The document as a whole is
    // not a schema (openapi, info, paths...), so strict mode's unknown-keyword
    // check is off; the $refs resolve inside the document.
    ajv = new Ajv2020({ strict: false, allErrors: true })
    addFormats(ajv)
    ajv.addSchema(spec as object, 'deepgram-openapi')
  }
  const v = ajv.getSchema(`deepgram-openapi#/components/schemas/${name}`)
  if (!v) throw new Error(`${name} not found in ${specPath()}`)
  validators.set(name, v)
  return v
}

/** The schema violations of a body (parsed JSON) against one of the spec's schemas; empty when it conforms. */
export function bodyErrors(name: SchemaName, body: unknown): string[] {
  const v = validatorFor(name)
  if (v(body)) return []
  return (v.errors ?? []).map(e => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`)
}

/** Throws unless the body conforms to the named schema. */
export function assertBody(name: SchemaName, body: unknown): void {
  const errors = bodyErrors(name, body)
  if (errors.length) {
    throw new Error(`stand-in success body does not match Deepgram's ${name}: ${errors.join('; ')}`)
  }
}

/** The schema violations of a list body (parsed JSON); empty when it conforms. */
export function listBodyErrors(body: unknown): string[] {
  return bodyErrors(LIST_SCHEMA, body)
}

/** Throws unless the body conforms to ListProjectDistributionCredentialsV1Response. */
export function assertListBody(body: unknown): void {
  assertBody(LIST_SCHEMA, body)
}

/** The violations of a create answer in either documented shape: the OpenAPI
 * excerpt's (`member` + `distribution_credentials`, `secret` inside the latter)
 * or the reference page's flat object (the set's fields, `username`, `secret`). */
export function createBodyErrors(body: unknown): string[] {
  const flat = typeof body === 'object' && body !== null && 'distribution_credentials_id' in body
  const errors = flat ? bodyErrors(CREATED_SET_SCHEMA, body) : bodyErrors(CREATE_SCHEMA, body)
  const holder = (flat ? body : (body as { distribution_credentials?: unknown } | null)?.distribution_credentials) as
    Record<string, unknown> | undefined
  // Neither document types `secret` (the excerpt does not name it); it is a string when present.
  if (holder && 'secret' in holder && typeof holder['secret'] !== 'string') errors.push('secret must be string')
  if (flat && 'username' in (body as object) && typeof (body as Record<string, unknown>)['username'] !== 'string') {
    errors.push('username must be string')
  }
  return errors
}
