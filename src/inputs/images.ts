// The `images` input: the references to check, one a line or comma-separated.
// registry/image-ref.ts parses one reference; this reads the input around it,
// keeps masked values out, and words every bad reference in one InputError.
import { InputError } from '../errors.js'
import { parseImageRef, type ImageRef, type ReferenceProblem } from '../registry/image-ref.js'
import { holdsMaskedInput } from './messages.js'
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

/** What is wrong with one image reference; the `images` error lists them. Values come quoted by quote(). */
function referenceProblem({ given, problem }: { given: string; problem: ReferenceProblem }): string {
  switch (problem.kind) {
    case 'scheme':
      return `${given} starts with a URL scheme: write an image reference without it, like quay.io/deepgram/self-hosted-api:release-260812`
    case 'white-space':
      return `${given} contains white space`
    case 'digest':
      return `${given} has digest ${problem.part}, which is not sha256: followed by 64 lower-case hex digits`
    case 'tag':
      return `${given} has tag ${problem.part}: a tag is 1 to 128 letters, digits, '_', '.' or '-', not starting with '.' or '-'`
    case 'host':
      return `${given} names the registry ${problem.part}, which is not a host[:port]`
    case 'not-a-reference':
      return `${given} is not an image reference${problem.upperCase ? ' (repository names are lower-case)' : ''}: use [registry/]repository[:tag][@sha256:digest], like deepgram/self-hosted-api:release-260812`
    case 'too-long':
      return `${given} has a name longer than ${problem.max} characters`
  }
}
