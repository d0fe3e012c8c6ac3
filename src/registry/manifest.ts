// Pure: what counts as a manifest. A website set as `registry` answers every path with 200, so an
// answer is one only when its Content-Type is a type asked for and its body (when read) fits it.
import { isObject, jsonObject } from '../json.js'

/** Every type docker pull accepts, so the registry answers with the stored manifest, whose digest
 * is the one a pull resolves (it converts when the stored type is not accepted). */
export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json'
] as const

export const MANIFEST_ACCEPT = MANIFEST_TYPES.join(', ')

const INDEX_TYPES: readonly string[] = MANIFEST_TYPES.slice(0, 2)

/** A Content-Type's media type, lower-cased; undefined when absent or blank. */
export function mediaTypeOf(contentType: string | undefined): string | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase()
  return type ? type : undefined
}

export function isManifestType(type: string | undefined): boolean {
  return MANIFEST_TYPES.some(t => t === type)
}

/** Schema version 2, mediaType (when named) `type`, with `manifests` for an index or list,
 * `config` and `layers` for an image. */
export function isManifestOf(type: string, body: string): boolean {
  const json = jsonObject(body)
  if (json === undefined || json['schemaVersion'] !== 2) return false
  const mediaType = json['mediaType']
  if (mediaType !== undefined && mediaType !== type) return false
  if (INDEX_TYPES.includes(type)) return Array.isArray(json['manifests'])
  return isObject(json['config']) && Array.isArray(json['layers'])
}
