// The image preflight for the main step: refuse images on another registry,
// check the rest through the registry API (registry.ts), log each result and
// build the `digests` output or the one error that lists every problem.
import * as core from '@actions/core'
import type { ActionError } from '../errors.js'
import { pinned, registryHost, resolveImages, type ImageRef } from './image-ref.js'
import { foreignError, imageLines, imagesError, type ImageLine, type ImageRow } from './image-report.js'
import { checkImages } from './client.js'

export interface PreflightInput {
  images: readonly ImageRef[]
  /** The registry the set signs in to (the `registry` input may add a namespace). */
  registry: string
  username: string
  secret: string
  /** The set's scopes, for the hint when a repository is refused. */
  scopes: readonly string[]
}

export interface PreflightOutcome {
  rows: ImageRow[]
  /** The rows as the job summary shows them. */
  lines: ImageLine[]
  /** `<reference as given>@sha256:<digest>`, in order; set only when every image will pull. */
  digests?: string[]
  error?: ActionError
}

export async function preflightImages(p: PreflightInput): Promise<PreflightOutcome> {
  const host = registryHost(p.registry)
  const { images, foreign } = resolveImages(p.images, p.registry)
  if (foreign.length) {
    // Refused before any request: the secret goes to the set's registry only.
    const rows = p.images.map(image =>
      foreign.includes(image)
        ? { image, result: { kind: 'foreign' as const, registry: image.host ?? '' } }
        : { image, result: { kind: 'not-checked' as const } }
    )
    return { rows, lines: imageLines(rows, { registry: host, scopes: p.scopes }), error: foreignError(foreign, host) }
  }
  core.info(`Checking ${images.length} image${images.length === 1 ? '' : 's'} on ${host} through the registry API.`)
  const checked = await checkImages({
    registry: host,
    images,
    username: p.username,
    secret: p.secret,
    mask: value => core.setSecret(value),
    onRetry: message => core.info(message)
  })
  const rows = checked.rows
  const ctx = { registry: host, scopes: p.scopes }
  const lines = imageLines(rows, ctx)
  if (checked.fatal) return { rows, lines, error: checked.fatal }
  if (checked.signIn === 'anonymous') {
    core.warning(
      `The registry ${host} asked for no credentials, so the images were checked anonymously and the secret was not proven by this check.`,
      { title: 'Registry asked for no credentials' }
    )
  }
  const digests: string[] = []
  for (const row of rows) {
    if (row.result.kind === 'ok') {
      core.info(`${row.image.given}: will pull, ${row.result.digest}.`)
      digests.push(pinned(row.image, row.result.digest))
    }
  }
  const error = imagesError(rows, ctx)
  return error ? { rows, lines, error } : { rows, lines, digests }
}
