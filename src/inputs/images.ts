// The `images` input: the references to check, one a line or comma-separated.
// registry/image-ref.ts parses one reference; this reads the input around it,
// keeps masked values out, and words every bad reference in one InputError.
import { InputError } from '../errors.js'
import { parseImageRef, type ImageRef, type ReferenceProblem } from '../registry/image-ref.js'
import { holdsMaskedInput, referenceProblem } from './messages.js'
import { containedMask, quote, type MaskedValue } from './validate.js'

/** The problem with its parts quoted, never showing what overlaps the key or the secret. */
function quoted(problem: ReferenceProblem, masked: readonly MaskedValue[]): ReferenceProblem {
  return 'part' in problem ? { ...problem, part: quote(problem.part, masked) } : problem
}

/** Blank items skipped, exact repeats dropped. Every bad reference is named in one error. */
export function parseImages(input: string, value: string, masked: readonly MaskedValue[] = []): ImageRef[] {
  // Input holding the key or the secret would carry it into the log, the
  // digests output and the registry's URL. The whole input is checked, before
  // splitting: a secret with a comma in it would split into harmless-looking parts.
  const whole = containedMask(value, masked)
  if (whole)
    throw holdsMaskedInput({
      input,
      maskInput: whole.input,
      expected: 'list image references only, one a line or comma-separated'
    })
  const items = [...new Set(value.split(/[,\r\n]+/).map(s => s.trim()))].filter(s => s !== '')
  const refs: ImageRef[] = []
  const problems: string[] = []
  for (const item of items) {
    const parsed = parseImageRef(item)
    if (parsed.ok) refs.push(parsed.ref)
    else
      problems.push(referenceProblem({ given: quote(parsed.given, masked), problem: quoted(parsed.problem, masked) }))
  }
  if (problems.length)
    throw new InputError(
      input,
      `has ${problems.length === 1 ? 'a bad reference' : 'bad references'}: ${problems.join('; ')}.`
    )
  return refs
}
