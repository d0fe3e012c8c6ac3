// Pure: what counts as a manifest. A host that answers every path with 200
// (a website set as `registry`) must not pass the image check, so an answer
// is a manifest only when its Content-Type is one of the types asked for and,
// when its body was read, that body is a manifest of that type. No I/O.
import { isObject, jsonObject } from '../json.js'

/** Every manifest type docker pull accepts, indexes first: the registry then
 * answers with the stored manifest, so the digest is the one a pull resolves
 * (a registry converts, or falls back to another type, when the stored one is not accepted). */
export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
] as const

export const MANIFEST_ACCEPT = MANIFEST_TYPES.join(', ')

const INDEX_TYPES: readonly string[] = MANIFEST_TYPES.slice(0, 2)

/** The media type of a Content-Type header: parameters dropped, lower-cased; undefined when absent or blank. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase()
  return type ? type : undefined
}

export function isManifestType(type: string | undefined): boolean {
  return MANIFEST_TYPES.some(t => t === type)
}

/** The body is a manifest of `type`: a JSON object of schema version 2 whose
 * mediaType (when it names one) is `type`, with `manifests` for an index or
 * a list, `config` and `layers` for an image manifest. */
export function isManifestOf(type: string, body: string): boolean {
  const json = jsonObject(body)
  if (json === undefined || json['schemaVersion'] !== 2) return false
  const mediaType = json['mediaType']
  if (mediaType !== undefined && mediaType !== type) return false
  if (INDEX_TYPES.includes(type)) return Array.isArray(json['manifests'])
  return isObject(json['config']) && Array.isArray(json['layers'])
}
