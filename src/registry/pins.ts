// Pure: an image reference once its tag is known, as the outputs, messages and summary show it.
import type { ImageRef } from './image-ref.js'

/** The images given without a tag or digest get `tag`; the others stay as given. */
export function withRelease<T extends ImageRef>(refs: readonly T[], tag: string): T[] {
  return refs.map(ref => {
    if (ref.tag !== undefined || ref.digest !== undefined) return { ...ref }
    // A resolved image asks for its manifest by `reference`: the release, now.
    return { ...ref, tag, fromRelease: true, ...('reference' in ref ? { reference: tag } : {}) }
  })
}

/** The reference as the user wrote it, with the release's tag when it got one. */
export function shownRef(ref: ImageRef): string {
  return ref.fromRelease ? `${ref.given}:${ref.tag ?? ''}` : ref.given
}

/** A `digests` line: the reference shown, pinned; one that names a digest stands as given (the
 * registry confirmed it). */
export function digestLine(ref: ImageRef, digest: string): string {
  return ref.digest === undefined ? `${shownRef(ref)}@${digest}` : shownRef(ref)
}

/** `image` as given; `tag` null for a reference by digest only; `pinned`: <registry>/<repository>[:<tag>]@<digest>. */
export interface ImageJson {
  image: string
  registry: string
  repository: string
  tag: string | null
  digest: string
  pinned: string
}

export function imageJson(ref: ImageRef, registry: string, digest: string): ImageJson {
  const tag = ref.tag ?? (ref.digest === undefined ? 'latest' : null)
  return {
    image: ref.given,
    registry,
    repository: ref.name,
    tag,
    digest,
    pinned: `${registry}/${ref.name}${tag === null ? '' : `:${tag}`}@${digest}`
  }
}
