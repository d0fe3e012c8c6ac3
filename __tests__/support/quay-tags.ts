// A front rule that pages `GET /v2/<name>/tags/list` as quay does, on top of
// the real registry behind the front (Debian's docker-registry 2.8 returns
// every tag in one answer and ignores `n`). Every page is read from the
// registry with the client's own Authorization, so the registry still decides
// who may list what; the front only cuts the list into pages:
// - at most `pageSize` tags a page, whatever `n` asks (quay.io: 50);
// - tags in quay's order (by creation), not by name;
// - `Link: <absolute URL?n=<size>&next_page=<opaque token>>; rel="next"` while
//   tags remain, the token being meaningless to the client (quay encrypts it);
// - an unknown token is a 400 here, so that a client that rewrites the URL fails
//   loudly instead of starting over as quay would.
// Options add what a test needs: tags that are not releases, a Link to another
// host, a relative Link, a Link that loops.
import { randomBytes } from 'node:crypto'
import type { FrontReply, FrontRequest, FrontRule } from './front.ts'

export interface TagPage {
  name: string
  /** 1 for the first page. */
  page: number
  tags: string[]
  /** The Link header sent with it, if any. */
  link?: string
}

export interface QuayTagsOptions {
  /** The registry behind the front (host:port): every tag is read from it. */
  upstream: string
  /** The most tags a page holds, whatever `n` asks. quay.io's V2_PAGINATION_SIZE is 50. */
  pageSize?: number
  /** Tags served besides the registry's, by repository, mixed in among them (they
   * have no manifest: names that are not releases, for example). */
  extraTags?: Record<string, readonly string[]>
  /** The order the tags are served in. Default: a fixed shuffle, as quay serves
   * tags by creation rather than by name, so that a client must not rely on order. */
  order?: (tags: string[]) => string[]
  /** The Link URL for the next page, given the one quay would send (absolute, on
   * the Host the client used): return another to send a Link elsewhere. */
  rewriteLink?: (url: string, page: TagPage, req: FrontRequest) => string
}

const TAGS_PATH = /^\/v2\/(.+)\/tags\/list$/

/** Deterministic shuffle (a fixed permutation for a given length): not name order, same every run. */
export function shuffled(tags: string[]): string[] {
  const out = [...tags]
  let seed = out.length * 7919 + 17
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648
    const j = seed % (i + 1)
    ;[out[i], out[j]] = [out[j] as string, out[i] as string]
  }
  return out
}

export class QuayTags {
  /** Every page served, in order. */
  readonly pages: TagPage[] = []
  /** Pass as the front's rule (or call from one). Requests other than a tags list are forwarded. */
  readonly rule: FrontRule
  private readonly tokens = new Map<string, { name: string; offset: number; page: number }>()

  constructor(private readonly opts: QuayTagsOptions) {
    this.rule = req => this.answer(req)
  }

  /** The pages served for one repository. */
  pagesOf(name: string): TagPage[] {
    return this.pages.filter(p => p.name === name)
  }

  private async answer(req: FrontRequest): Promise<FrontReply | undefined> {
    const url = new URL(req.url, 'http://front.invalid')
    const m = TAGS_PATH.exec(url.pathname)
    if (req.method !== 'GET' || !m) return undefined
    const name = m[1] as string
    const token = url.searchParams.get('next_page')
    let offset = 0
    let page = 1
    if (token !== null) {
      const known = this.tokens.get(token)
      if (known === undefined || known.name !== name) {
        return json(400, { errors: [{ code: 'PAGINATION_TOKEN_INVALID', message: 'invalid next_page token' }] })
      }
      ;({ offset, page } = known)
    }
    // The whole list from the registry, with the client's credentials: a 401 stays a 401.
    const headers: Record<string, string> = { accept: 'application/json' }
    if (req.headers['authorization']) headers['authorization'] = String(req.headers['authorization'])
    const upstream = await fetch(`http://${this.opts.upstream}/v2/${name}/tags/list`, { headers })
    const body = await upstream.text()
    if (upstream.status !== 200) {
      const passed: Record<string, string> = { 'content-type': upstream.headers.get('content-type') ?? 'text/plain' }
      const challenge = upstream.headers.get('www-authenticate')
      if (challenge) passed['www-authenticate'] = challenge
      return { status: upstream.status, headers: passed, body }
    }
    const registryTags = ((JSON.parse(body) as { tags?: string[] | null }).tags ?? []).slice()
    const all = (this.opts.order ?? shuffled)([...registryTags, ...(this.opts.extraTags?.[name] ?? [])])
    const asked = Number(url.searchParams.get('n') ?? NaN)
    const size = this.opts.pageSize ?? 50
    // quay: max(min(n, V2_PAGINATION_SIZE), 1); no or a bad n means the most.
    const limit = Number.isInteger(asked) ? Math.max(Math.min(asked, size), 1) : size
    const tags = all.slice(offset, offset + limit)
    const served: TagPage = { name, page, tags }
    const replyHeaders: Record<string, string> = { 'content-type': 'application/json' }
    if (offset + limit < all.length) {
      // Like quay's Fernet tokens: url-safe base64 with '=' padding, so the URL carries %3D.
      const next = `gAAAAA${randomBytes(30).toString('base64url')}==`
      this.tokens.set(next, { name, offset: offset + limit, page: page + 1 })
      const query = new URLSearchParams({ n: String(limit), next_page: next })
      const own = `http://${String(req.headers['host'])}/v2/${name}/tags/list?${query.toString()}`
      const link = this.opts.rewriteLink ? this.opts.rewriteLink(own, served, req) : own
      served.link = `<${link}>; rel="next"`
      replyHeaders['link'] = served.link
    }
    this.pages.push(served)
    return { status: 200, headers: replyHeaders, body: JSON.stringify({ name, tags }) }
  }
}

function json(status: number, body: unknown): FrontReply {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
}

/** `release-` and six digits, newest last: `count` releases a day apart from `start` (YYMMDD). */
export function releases(start: string, count: number): string[] {
  const y = 2000 + Number(start.slice(0, 2))
  const first = Date.UTC(y, Number(start.slice(2, 4)) - 1, Number(start.slice(4, 6)))
  return Array.from({ length: count }, (_, i) => {
    const d = new Date(first + i * 86400000)
    const yy = String(d.getUTCFullYear() % 100).padStart(2, '0')
    const mm = String(d.getUTCMonth() + 1).padStart(2, '0')
    const dd = String(d.getUTCDate()).padStart(2, '0')
    return `release-${yy}${mm}${dd}`
  })
}

/** Tags a registry holds besides releases, none of which a release choice may pick. */
export const NOT_RELEASES = [
  'latest',
  'release-999999-rc1',
  'release-99123',
  'release-9912311',
  'nightly-991231',
  'Release-991231',
  'release_991231',
  'v991231',
  '991231'
]
