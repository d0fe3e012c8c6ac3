// The image preflight for the main step: refuse images on another registry,
// check the rest through the registry API (registry.ts), log each result and
// build the `digests` output or the one error that lists every problem.
import * as core from '@actions/core'
import type { ProxySettings } from '../http/proxy.js'
import type { ActionError } from '../errors.js'
import { pinned, registryHost, resolveImages, type ImageRef } from './image-ref.js'
import { imageLines, type ImageLine, type ImageRow } from './image-report.js'
import { anonymousRegistry, checkingImages, foreignError, imagesError, willPull } from './messages.js'
import { checkImages } from './client.js'

export interface ImagesToCheck {
  images: readonly ImageRef[]
  /** The registry the set signs in to (the `registry` input may add a namespace). */
  registry: string
  username: string
  secret: string
  /** The set's scopes, for the hint when a repository is refused. */
  scopes: readonly string[]
  proxy?: ProxySettings
}

export interface ImageCheckReport {
  rows: ImageRow[]
  /** The rows as the job summary shows them. */
  lines: ImageLine[]
  /** `<reference as given>@sha256:<digest>`, in order; set only when every image will pull. */
  digests?: string[]
  error?: ActionError
}

export async function preflightImages(wanted: ImagesToCheck): Promise<ImageCheckReport> {
  const host = registryHost(wanted.registry)
  const { images, foreign } = resolveImages(wanted.images, wanted.registry)
  if (foreign.length) {
    // Refused before any request: the secret goes to the set's registry only.
    const rows = wanted.images.map(image =>
      foreign.includes(image)
        ? { image, result: { kind: 'foreign' as const, registry: image.host ?? '' } }
        : { image, result: { kind: 'not-checked' as const } }
    )
    return {
      rows,
      lines: imageLines(rows, { registry: host, scopes: wanted.scopes }),
      error: foreignError(foreign, host)
    }
  }
  core.info(checkingImages(images.length, host))
  const checked = await checkImages({
    registry: host,
    images,
    username: wanted.username,
    secret: wanted.secret,
    mask: value => core.setSecret(value),
    onRetry: message => core.info(message),
    proxy: wanted.proxy
  })
  const rows = checked.rows
  const ctx = { registry: host, scopes: wanted.scopes }
  const lines = imageLines(rows, ctx)
  if (checked.fatal) return { rows, lines, error: checked.fatal }
  if (checked.signIn === 'anonymous') {
    const anonymous = anonymousRegistry(host)
    core.warning(anonymous.message, { title: anonymous.title })
  }
  const digests: string[] = []
  for (const row of rows) {
    if (row.result.kind === 'ok') {
      core.info(willPull(row.image.given, row.result.digest))
      digests.push(pinned(row.image, row.result.digest))
    }
  }
  const error = imagesError(rows, ctx)
  return error ? { rows, lines, error } : { rows, lines, digests }
}
