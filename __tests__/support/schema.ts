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

export function specPath(): string {
  const found = SPEC_PATHS.find(p => existsSync(p))
  if (found === undefined) throw new Error(`Deepgram OpenAPI excerpt not found at ${SPEC_PATHS.join(' or ')}`)
  return found
}

// ajv-formats is CommonJS: its default export arrives wrapped under ESM.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as typeof addFormatsModule.default

let validator: ValidateFunction | undefined

function listValidator(): ValidateFunction {
  if (validator) return validator
  const spec: unknown = parse(readFileSync(specPath(), 'utf8'))
  // OpenAPI 3.1 schemas are JSON Schema 2020-12. The document as a whole is
  // not a schema (openapi, info, paths...), so strict mode's unknown-keyword
  // check is off; the $refs resolve inside the document.
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats(ajv)
  ajv.addSchema(spec as object, 'deepgram-openapi')
  const v = ajv.getSchema(`deepgram-openapi#/components/schemas/${LIST_SCHEMA}`)
  if (!v) throw new Error(`${LIST_SCHEMA} not found in ${specPath()}`)
  validator = v
  return v
}

/** The schema violations of a list body (parsed JSON); empty when it conforms. */
export function listBodyErrors(body: unknown): string[] {
  const v = listValidator()
  if (v(body)) return []
  return (v.errors ?? []).map(e => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}`)
}

/** Throws unless the body conforms to ListProjectDistributionCredentialsV1Response. */
export function assertListBody(body: unknown): void {
  const errors = listBodyErrors(body)
  if (errors.length) {
    throw new Error(`stand-in success body does not match Deepgram's ${LIST_SCHEMA}: ${errors.join('; ')}`)
  }
}
