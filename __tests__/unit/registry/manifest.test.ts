import { describe, expect, it } from 'vitest'
import {
  isManifestOf,
  isManifestType,
  MANIFEST_ACCEPT,
  MANIFEST_TYPES,
  mediaTypeOf
} from '../../../src/registry/manifest.js'

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json'
const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json'
const DOCKER_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json'
const image = (extra: object = {}): string =>
  JSON.stringify({ schemaVersion: 2, config: { digest: 'sha256:x' }, layers: [], ...extra })

describe('mediaTypeOf', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['  ', undefined],
    ['text/html; charset=utf-8', 'text/html'],
    [' Application/VND.oci.image.index.v1+json ;x=y', OCI_INDEX]
  ])('%j -> %j', (header, type) => {
    expect(mediaTypeOf(header)).toBe(type)
  })
})

describe('isManifestType', () => {
  it('accepts exactly the types asked for', () => {
    expect(MANIFEST_ACCEPT.split(', ')).toEqual([...MANIFEST_TYPES])
    for (const t of MANIFEST_TYPES) expect(isManifestType(t)).toBe(true)
    for (const t of [
      undefined,
      'text/html',
      'application/json',
      'application/vnd.docker.distribution.manifest.v1+prettyjws'
    ]) {
      expect(isManifestType(t)).toBe(false)
    }
  })
})

describe('isManifestOf', () => {
  it.each<[string, string, string, boolean]>([
    ['an OCI image manifest', OCI_MANIFEST, image({ mediaType: OCI_MANIFEST }), true],
    ['an image manifest without mediaType', DOCKER_MANIFEST, image(), true],
    ['an OCI index', OCI_INDEX, JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }), true],
    ['a Docker list', DOCKER_LIST, JSON.stringify({ schemaVersion: 2, manifests: [{}] }), true],
    ['a byte-order mark before it', OCI_MANIFEST, `\uFEFF${image()}`, true],
    ['HTML', OCI_MANIFEST, '<!doctype html><html></html>', false],
    ['a JSON status object', OCI_MANIFEST, '{"status":"ok"}', false],
    ['schema version 1', DOCKER_MANIFEST, image({ schemaVersion: 1 }), false],
    ['a mediaType other than its Content-Type', OCI_INDEX, image({ mediaType: OCI_MANIFEST, manifests: [] }), false],
    ['an index served as an image manifest', OCI_MANIFEST, JSON.stringify({ schemaVersion: 2, manifests: [] }), false],
    ['an image manifest served as an index', OCI_INDEX, image(), false],
    ['a JSON array', OCI_MANIFEST, '[]', false],
    ['empty', OCI_MANIFEST, '', false]
  ])('%s: %s -> %s', (_, type, body, ok) => {
    expect(isManifestOf(type, body)).toBe(ok)
  })
})
