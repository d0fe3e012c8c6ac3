// Image references for tests that need a valid one: parsed as the action parses them.
import { parseImageRef, type ImageRef } from '../../src/registry/image-ref.js'

/** The reference `text`; throws when it is not one (a mistake in the test). */
export function imageRef(text: string): ImageRef {
  const parsed = parseImageRef(text)
  if (!parsed.ok) throw new Error(`not an image reference: ${text} (${parsed.problem.kind})`)
  return parsed.ref
}
