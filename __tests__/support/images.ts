// Test images, built in memory and pushed through the registry's upload API
// (blobs, then child manifests by digest, then the tagged manifest), so tests
// know each manifest's exact bytes and therefore its digest.
import { createHash, randomBytes } from 'node:crypto'
import { gzipSync } from 'node:zlib'

export const MEDIA = {
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar+gzip',
  dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar.gzip'
} as const

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

interface Blob {
  digest: string
  bytes: Buffer
}

export interface Manifest {
  mediaType: string
  bytes: Buffer
  digest: string
}

export interface TestImage {
  blobs: Blob[]
  /** Manifests an index refers to, pushed by digest before it. */
  children: Manifest[]
  /** The manifest the tag points at: its digest is what a pull resolves. */
  top: Manifest
}

function blob(bytes: Buffer): Blob {
  return { digest: sha256(bytes), bytes }
}

function manifest(mediaType: string, body: unknown): Manifest {
  const bytes = Buffer.from(JSON.stringify(body, null, 3))
  return { mediaType, bytes, digest: sha256(bytes) }
}

const PLATFORMS = [
  { architecture: 'amd64', os: 'linux' },
  { architecture: 'arm64', os: 'linux', variant: 'v8' }
]

/** One platform's image: a config and one (random, so unique) layer. */
function platformImage(kind: 'oci' | 'docker', platform: { architecture: string; os: string }): TestImage {
  const layer = blob(gzipSync(randomBytes(64)))
  const config = blob(
    Buffer.from(
      JSON.stringify({
        architecture: platform.architecture,
        os: platform.os,
        rootfs: { type: 'layers', diff_ids: [sha256(randomBytes(8))] },
        config: {}
      })
    )
  )
  const oci = kind === 'oci'
  const top = manifest(oci ? MEDIA.ociManifest : MEDIA.dockerManifest, {
    schemaVersion: 2,
    mediaType: oci ? MEDIA.ociManifest : MEDIA.dockerManifest,
    config: { mediaType: oci ? MEDIA.ociConfig : MEDIA.dockerConfig, digest: config.digest, size: config.bytes.length },
    layers: [{ mediaType: oci ? MEDIA.ociLayer : MEDIA.dockerLayer, digest: layer.digest, size: layer.bytes.length }]
  })
  return { blobs: [config, layer], children: [], top }
}

/** A single-platform image: an OCI image manifest, or a Docker v2 manifest. */
export function singleImage(kind: 'oci' | 'docker'): TestImage {
  return platformImage(kind, PLATFORMS[0] as { architecture: string; os: string })
}

/** A multi-platform image: an OCI image index, or a Docker manifest list, over amd64 and arm64. */
export function multiPlatformImage(kind: 'oci' | 'docker'): TestImage {
  const images = PLATFORMS.map(p => platformImage(kind, p))
  const type = kind === 'oci' ? MEDIA.ociIndex : MEDIA.dockerList
  const top = manifest(type, {
    schemaVersion: 2,
    mediaType: type,
    manifests: images.map((img, i) => ({
      mediaType: img.top.mediaType,
      digest: img.top.digest,
      size: img.top.bytes.length,
      platform: PLATFORMS[i]
    }))
  })
  return { blobs: images.flatMap(i => i.blobs), children: images.map(i => i.top), top }
}

/** The Authorization header for pushing to a repository (a push token, or Basic). */
export type PushAuth = (repository: string) => Promise<string>

async function expectStatus(res: Response, want: number, what: string): Promise<void> {
  if (res.status !== want) throw new Error(`${what}: HTTP ${res.status} ${await res.text()}`)
}

/** Pushes an image under name:tag; returns the digest the registry reports for the tag. */
export async function pushImage(
  baseUrl: string,
  name: string,
  tag: string,
  image: TestImage,
  auth: PushAuth
): Promise<string> {
  const authorization = await auth(name)
  for (const b of image.blobs) {
    const start = await fetch(`${baseUrl}/v2/${name}/blobs/uploads/`, {
      method: 'POST',
      headers: { authorization }
    })
    await expectStatus(start, 202, `start upload to ${name}`)
    const location = new URL(start.headers.get('location') ?? '', baseUrl)
    location.searchParams.set('digest', b.digest)
    const put = await fetch(location, {
      method: 'PUT',
      headers: { authorization, 'content-type': 'application/octet-stream' },
      body: b.bytes
    })
    await expectStatus(put, 201, `upload ${b.digest} to ${name}`)
  }
  const putManifest = async (m: Manifest, reference: string): Promise<string> => {
    const res = await fetch(`${baseUrl}/v2/${name}/manifests/${reference}`, {
      method: 'PUT',
      headers: { authorization, 'content-type': m.mediaType },
      body: m.bytes
    })
    await expectStatus(res, 201, `put manifest ${reference} to ${name}`)
    return res.headers.get('docker-content-digest') ?? ''
  }
  for (const child of image.children) await putManifest(child, child.digest)
  return putManifest(image.top, tag)
}

/** Puts an already pushed manifest under another tag (its blobs are in the
 * repository already): one image, many tags, as a registry keeps a retag. */
export async function tagManifest(
  baseUrl: string,
  name: string,
  manifest: Manifest,
  tag: string,
  auth: PushAuth
): Promise<void> {
  const res = await fetch(`${baseUrl}/v2/${name}/manifests/${tag}`, {
    method: 'PUT',
    headers: { authorization: await auth(name), 'content-type': manifest.mediaType },
    body: manifest.bytes
  })
  await expectStatus(res, 201, `tag ${manifest.digest} as ${name}:${tag}`)
}
