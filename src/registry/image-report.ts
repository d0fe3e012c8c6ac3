// Pure: the image check's rows as the user reads them: which rows failed, the
// scope a refused repository's name hints at, the lines the job summary shows,
// and the one error and headline for a failed check (each row's words are
// messages.ts's imageProblem()).
import { checkScopes } from '../deepgram/scopes.js'
import { ActionError } from '../errors.js'
import type { ImageRef } from './image-ref.js'
import { imageProblem } from './messages.js'
import { shownRef } from './pins.js'
import type { ImageLine, ImageResult, ImageRow, ProblemLine, ReportContext, ScopeHint } from './results.js'

const PRODUCTS = ['api', 'engine', 'license-proxy', 'billing', 'dgtools', 'hotpepper', 'metrics-server']

/** The scope a repository's name suggests (self-hosted-engine -> self-hosted:product:engine,
 * onprem-api -> self-hosted:product:api). A hint only: Deepgram documents no mapping. */
export function scopeHint(name: string): string | undefined {
  const product = /^(?:self-hosted|onprem)-(.+)$/.exec(name.split('/').pop() ?? '')?.[1]
  return product !== undefined && PRODUCTS.includes(product) ? `self-hosted:product:${product}` : undefined
}

/** The hint for a repository, and whether the set's scopes carry it. */
function hintFor(image: ImageRef, scopes: readonly string[]): ScopeHint | undefined {
  const scope = scopeHint(image.name)
  return scope === undefined ? undefined : { scope, carried: checkScopes(scopes, [scope]).ok }
}

/** What went wrong with one image and what to do; undefined when it will pull. */
export function problemOf(row: ImageRow, ctx: ReportContext): string | undefined {
  return imageProblem({ row, registry: ctx.registry, hint: hintFor(row.image, ctx.scopes) })
}

const LABELS: Partial<Record<ImageResult['kind'], string>> = {
  ok: '✓ will pull',
  denied: '✗ no access',
  unknown: '✗ not found',
  mismatch: '✗ digest mismatch',
  foreign: '✗ other registry',
  'not-manifest': '✗ not a registry',
  'not-checked': '– not checked',
  'tags-failed': '✗ tags not read',
  'no-release': '✗ no common release'
}

/** The summary's word for a result. */
export function resultLabel(result: ImageResult): string {
  return LABELS[result.kind] ?? '✗ registry error'
}

const images = (n: number): string => (n === 1 ? '1 image' : `${n} images`)

const listed = (problems: readonly ProblemLine[]): string => problems.map(p => `- ${p.shown}: ${p.problem}`).join('\n')

/** Every image that would not pull, in order, as the errors list them. */
function problemLines(rows: readonly ImageRow[], ctx: ReportContext): ProblemLine[] {
  return rows.flatMap(row => {
    const problem = problemOf(row, ctx)
    return problem === undefined ? [] : [{ shown: shownRef(row.image), problem }]
  })
}

export function imageLines(rows: readonly ImageRow[], ctx: ReportContext): ImageLine[] {
  return rows.map(row => ({
    reference: shownRef(row.image),
    result: resultLabel(row.result),
    ...(row.result.kind === 'ok' ? { digest: row.result.digest } : { problem: problemOf(row, ctx) })
  }))
}

/** The one error for every image that would not pull; undefined when all will. */
export function imagesError(rows: readonly ImageRow[], ctx: ReportContext): ActionError | undefined {
  const problems = problemLines(rows, ctx)
  if (problems.length === 0) return undefined
  const limits = rows.flatMap(row =>
    row.result.kind === 'not-checked' && row.result.limitS !== undefined ? [row.result.limitS] : []
  )
  const [limitS] = limits
  const of = images(rows.length)
  const list = listed(problems)
  if (limitS === undefined)
    return new ActionError(
      'Images would not pull',
      `${problems.length} of ${of} would not pull from ${ctx.registry}; did not log in:\n${list}`
    )
  const n = problems.length - limits.length
  const head = n > 0 ? `${n} of ${of} would not pull from ${ctx.registry}, and ` : `Of ${of} on ${ctx.registry}, `
  return new ActionError(
    'Image check ran out of time',
    `${head}${limits.length} ${limits.length === 1 ? 'was' : 'were'} left unchecked when the image check's ${limitS} s limit ran out; did not log in:\n${list}`
  )
}

/** `release: latest` (or `latest-fips`) found no release every tagless image has: the newest of
 * each (naming the images that have none), and the other problems. */
export function noCommonRelease(rows: readonly ImageRow[], ctx: ReportContext): ActionError {
  const fips = rows.some(({ result }) => result.kind === 'no-release' && result.fips === true)
  const [input, kind, form] = fips
    ? ['latest-fips', 'FIPS release', 'release-YYMMDD-fips']
    : ['latest', 'release', 'release-YYMMDD']
  const newest = rows.flatMap(({ image, result }) =>
    result.kind === 'no-release' ? [`${image.given}: ${result.newest ?? `no ${kind} tag`}`] : []
  )
  const others = problemLines(
    rows.filter(row => row.result.kind !== 'no-release'),
    ctx
  )
  const message =
    `\`release: ${input}\` found no ${kind} tag (${form}) that every image given without a tag has on ${ctx.registry}, so it chose none and did not log in. ` +
    `The newest ${kind} of each: ${newest.join('; ')}. ` +
    'Set `release` to a release every one of them has, or check that `images` lists images Deepgram releases together.' +
    (others.length ? `\nAlso:\n${listed(others)}` : '')
  return fips ? new ActionError('No common FIPS release', message) : new ActionError('No common release', message)
}

/** The error of a check whose rows are in: no common release, or the images that would not pull. */
export function failureOf(rows: readonly ImageRow[], ctx: ReportContext): ActionError | undefined {
  return rows.some(row => row.result.kind === 'no-release') ? noCommonRelease(rows, ctx) : imagesError(rows, ctx)
}

/** Given without a tag or digest, no `release` gave it one, and the registry has no tag latest. */
function bareLatestMissing({ image, result }: ImageRow): boolean {
  return result.kind === 'unknown' && image.tag === undefined && image.digest === undefined && !image.fromRelease
}

/** The job summary's one line for a failed image check. */
export function imagesFailedHeadline(rows: readonly ImageRow[], registry: string): string {
  if (rows.some(row => row.result.kind === 'no-release')) return 'No release is on every image given without a tag'
  if (rows.some(row => row.result.kind === 'foreign')) return 'An image is on another registry: nothing was checked'
  const failed = rows.filter(row => row.result.kind !== 'ok').length
  const bare = rows.some(bareLatestMissing)
    ? ': an image given without a tag needs `release: latest` or a release tag'
    : ''
  return `${failed} of ${images(rows.length)} would not pull from ${registry}${bare}`
}
