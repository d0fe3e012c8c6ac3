// A Deepgram API stand-in on 127.0.0.1, in one of two modes, recording every
// request it receives:
// - scripted (start): answers each request from a list, whatever it asks; the
//   last entry repeats once the list is spent;
// - a project (startProject): keeps credential sets in memory and answers list,
//   create, get and delete as the live API does (the rules below, from Deepgram's
//   Rust SDK: ../shared/deepgram-api.md, "The live API's own rules"), or, with
//   `rules: 'reference'`, as the lenient reference page and OpenAPI excerpt
//   describe them; with faults scripted per operation; and tells a token server
//   which sets the registry accepts; and keeps the project's API keys (get and
//   list, in either documented answer shape, with the visibility rules), whose
//   values it never holds.
// Every success (2xx) body is checked against Deepgram's OpenAPI schema (when
// the stand-in starts for scripted replies, as it answers for a project's),
// unless a scripted reply says why it is deliberately off-spec.
import { randomBytes, randomUUID } from 'node:crypto'
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse
} from 'node:http'
import type { AddressInfo } from 'node:net'
import { assertBody, bodyErrors, createBodyErrors, GET_SCHEMA, LIST_SCHEMA } from './schema.ts'

export interface Reply {
  status?: number
  headers?: Record<string, string>
  /** A string is sent as is; anything else as JSON. */
  body?: unknown
  /** Wait this long before answering. */
  delayMs?: number
  /** Never answer (the connection stays open until the stand-in stops). */
  hang?: boolean
  /** Close the connection without an answer (after `delayMs`), as a reset does. */
  reset?: boolean
  /** A project's fault only: carry out the operation and give its usual answer, `delayMs` late. */
  delayOnly?: boolean
  /** A 2xx body that deliberately breaks the documented shape (HTML, drifted JSON):
   * why. Without it a 2xx body must match the operation's schema (the list's in scripted mode). */
  offSpec?: string
  /** A project's fault only: carry out the operation first (the set is made or deleted), then
   * answer this instead, as a gateway that timed out after the server acted does. */
  afterActing?: boolean
}

/** The operations on a project's distribution credentials, and on its API keys (read only). */
export type Operation = 'list' | 'create' | 'get' | 'delete' | 'key' | 'keys'

/** Throws when a scripted success body does not match the operation's schema. */
function checkReply(reply: Reply, operation: Operation = 'list'): void {
  const status = reply.status ?? 200
  if (reply.hang || reply.reset || reply.delayOnly || status < 200 || status >= 300 || reply.offSpec !== undefined)
    return
  let body = reply.body
  if (typeof body === 'string' || body === undefined) {
    try {
      body = JSON.parse(typeof body === 'string' ? body : '')
    } catch {
      throw new Error(`stand-in success body is not JSON (mark the reply offSpec if that is the point)`)
    }
  }
  if (operation === 'create') {
    const errors = createBodyErrors(body)
    if (errors.length) throw new Error(`stand-in create answer matches neither documented shape: ${errors.join('; ')}`)
  } else if (operation === 'list' || operation === 'get' || operation === 'delete')
    assertBody(operation === 'list' ? LIST_SCHEMA : GET_SCHEMA, body)
}

export interface Received {
  method: string
  url: string
  headers: IncomingHttpHeaders
  /** The request body as received ('' for none). */
  body: string
  at: number
}

/** A rate limit as an API gateway keeps one: at most `perSecond` requests in
 * any one-second window, rejected ones included (so a client that hammers
 * stays locked out); past it, 429 with `Retry-After`. */
export interface RateLimit {
  perSecond: number
  retryAfter: string
}

/** The product scopes a set can carry (the umbrella `self-hosted:products` stands for all of them). */
const PRODUCT_SCOPES = [
  'self-hosted:product:api',
  'self-hosted:product:engine',
  'self-hosted:product:license-proxy',
  'self-hosted:product:dgtools',
  'self-hosted:product:billing',
  'self-hosted:product:hotpepper',
  'self-hosted:product:metrics-server'
] as const
const UMBRELLA = 'self-hosted:products'
/** The values create accepts for `scopes` (the spec's enum); the live API takes the onprem: names too. */
const CREATE_SCOPES: readonly string[] = [UMBRELLA, ...PRODUCT_SCOPES]
const LEGACY_CREATE_SCOPES: readonly string[] = CREATE_SCOPES.map(s => s.replace(/^self-hosted:/, 'onprem:'))
const selfHosted = (scope: string): string => scope.replace(/^onprem:/, 'self-hosted:')
/** The project scopes that let an API key see every key of the project, not only its account's. */
const SEE_ALL_KEYS = ['members:read', 'admins:read', 'owners:read'] as const

interface Member {
  member_id: string
  email: string
}

/** One request to a project's sets, once routed. */
interface Route {
  operation: Operation
  /** The project ID as the path gave it. */
  project: string
  /** The set's ID, lower-case, for get and delete. */
  id: string | undefined
  url: URL
}

/** A credential set the stand-in keeps. */
export interface StoredSet {
  id: string
  provider: string
  comment?: string
  scopes: string[]
  created: string
  /** The registry password; a seeded set may have none (the registry never accepts it). */
  secret?: string
  /** Optional on any set; left out of answers when empty. */
  tags?: string[]
  member: Member
  /** Date.now() when it was made through the API (0 for seeded sets: usable at once). */
  madeAt: number
}

export interface SeedSet {
  id?: string
  scopes: string[]
  comment?: string
  /** ISO 8601; default: a year ago. */
  created?: string
  provider?: string
  secret?: string
  tags?: string[]
  member?: Member
}

/** A project API key the stand-in keeps: its record only (the key's value is never kept). */
export interface StoredKey {
  id: string
  comment: string
  scopes: string[]
  created: string
  /** ISO 8601; left out of answers when the key never expires. */
  expiration_date?: string
  tags?: string[]
  member: Member
}

export interface SeedKey {
  id?: string
  comment?: string
  scopes: string[]
  /** ISO 8601; default: a year ago. */
  created?: string
  /** ISO 8601 (or any text, to test a drifted answer); absent: never expires. */
  expires?: string
  tags?: string[]
  /** The calling API key's own account made it (default); otherwise another account's. */
  own?: boolean
}

/** What the action sent to create a set, both readings parsed. */
export interface CreateRequest {
  queryScopes: string[]
  queryProvider: string | undefined
  /** The JSON body, parsed ({} when there was none). */
  body: Record<string, unknown>
  /** The set made, when one was. */
  id?: string
}

/** The live API's rules (the default), or the lenient ones of the reference page and the OpenAPI excerpt. */
type Rules = 'live' | 'reference'

export interface ProjectOptions {
  projectId: string
  /** Default 'live'. */
  rules?: Rules
  /** Any other Authorization is answered 401 INVALID_AUTH. */
  apiKey: string
  sets?: SeedSet[]
  /** The key's role: member may list and get, not create or delete (403; live: the key lacks
   * keys:write). Default owner. */
  role?: 'owner' | 'admin' | 'member'
  /** The product scopes the key holds (self-hosted:product:… names). Live: asking for one it
   * lacks is a 403 that names it, the umbrella stands for those it holds, and none is a 400.
   * Reference: a set is created with only those of the asked scopes it holds. Default: all. */
  accountScopes?: string[]
  /** The create answer's shape: the flat object (the live API's and the reference page's), or
   * the OpenAPI excerpt's `member` + `distribution_credentials`. Default: flat when live, else nested. */
  createShape?: 'flat' | 'nested'
  /** Reference rules only: which reading of a create request decides the set, the body (the
   * reference page) or the query (the OpenAPI excerpt). Default: the one that documents the
   * answer's shape. The live API reads the body only. */
  createReads?: 'body' | 'query'
  /** Leave this field out of create answers (the set is made all the same). */
  createOmits?: 'secret' | 'id'
  /** How long after its creation the registry starts accepting a set (default 2000 ms). */
  registryDelayMs?: number
  /** Answers given in turn for an operation before its normal behaviour resumes. */
  faults?: Partial<Record<Operation, Reply[]>>
  /** IDs as the API spells them: a seeded set keeps its ID's letter case, and a get or delete
   * must spell it the same (another spelling is a 404). Default: any case (lower-cased). */
  exactIds?: boolean
  /** The project's API keys (GET …/keys and …/keys/{id}). */
  keys?: SeedKey[]
  /** The get answer's shape: `{member, api_key}` (Deepgram's SDKs, the default) or
   * `{item: {member: {…, api_key}}}` (its current OpenAPI spec). */
  keyShape?: 'sdk' | 'spec'
  /** The calling API key's project scopes: keys:write lets the member role create sets; for keys,
   * keys:read to read any; with
   * members:read, admins:read and owners:read it sees every key, else only its own account's
   * (another's is a 404). Default: all four. */
  callerScopes?: string[]
}

/** Consulted for each request of a project once its queued faults are spent: a reply to give
 * instead (`afterActing` as for a fault), or undefined to answer normally. It may change the
 * stand-in's sets before the request is carried out. */
export type FaultHook = (operation: Operation, request: Received) => Reply | undefined

const ISO_YEAR_AGO = (): string => new Date(Date.now() - 365 * 86400_000).toISOString()

export class DeepgramStandIn {
  readonly requests: Received[] = []
  /** Requests answered 429 by the rate limit. */
  rejected = 0
  url = ''
  /** A project's live sets, by lower-case ID. */
  readonly sets = new Map<string, StoredSet>()
  /** Every set made through the API, deleted or not, in order. */
  readonly created: StoredSet[] = []
  /** IDs deleted through the API, in order. */
  readonly deleted: string[] = []
  /** IDs of sets made by a create whose answer a fault replaced (`afterActing`): the client never saw them. */
  readonly unanswered = new Set<string>()
  readonly createRequests: CreateRequest[] = []
  /** Success bodies the stand-in made that broke the schema (answered 500 instead): must stay empty. */
  readonly schemaErrors: string[] = []
  private server: Server | undefined
  private script: Reply[]
  readonly project: ProjectOptions | undefined
  private faults: Record<Operation, Reply[]> = { list: [], create: [], get: [], delete: [], key: [], keys: [] }
  /** A project's API keys, by lower-case ID. */
  readonly keys = new Map<string, StoredKey>()
  private timers = new Set<NodeJS.Timeout>()
  /** See FaultHook; set it any time. */
  hook: FaultHook | undefined
  private limit: RateLimit | undefined
  private window: number[] = []
  private admitted = 0

  constructor(script: Reply[], limit?: RateLimit, project?: ProjectOptions) {
    script.forEach(r => checkReply(r))
    this.script = script
    this.limit = limit
    if (project) {
      this.project = project
      for (const op of Object.keys(this.faults) as Operation[]) {
        const replies = project.faults?.[op] ?? []
        replies.forEach(r => checkReply(r, op))
        this.faults[op] = [...replies]
      }
      project.sets?.forEach((seed, i) => {
        const id = seed.id ?? randomUUID()
        const set: StoredSet = {
          id: project.exactIds ? id : id.toLowerCase(),
          provider: seed.provider ?? 'quay',
          ...(seed.comment === undefined ? {} : { comment: seed.comment }),
          scopes: seed.scopes,
          created: seed.created ?? ISO_YEAR_AGO(),
          ...(seed.secret === undefined ? {} : { secret: seed.secret }),
          ...(seed.tags === undefined ? {} : { tags: seed.tags }),
          member: seed.member ?? memberOf(i + 1),
          madeAt: 0
        }
        this.sets.set(set.id, set)
      })
      project.keys?.forEach((seed, i) => {
        const key: StoredKey = {
          id: (seed.id ?? randomUUID()).toLowerCase(),
          comment: seed.comment ?? `self-hosted key ${i}`,
          scopes: seed.scopes,
          created: seed.created ?? ISO_YEAR_AGO(),
          ...(seed.expires === undefined ? {} : { expiration_date: seed.expires }),
          ...(seed.tags === undefined ? {} : { tags: seed.tags }),
          member: seed.own === false ? memberOf(100 + i) : memberOf(0)
        }
        this.keys.set(key.id, key)
      })
    }
  }

  static async start(script: Reply[], limit?: RateLimit): Promise<DeepgramStandIn> {
    const s = new DeepgramStandIn(script, limit)
    await s.listen()
    return s
  }

  /** A project that keeps its sets in memory (list, create, get, delete). */
  static async startProject(project: ProjectOptions, limit?: RateLimit): Promise<DeepgramStandIn> {
    const s = new DeepgramStandIn([], limit, project)
    await s.listen()
    return s
  }

  /** The registry's view of a robot user `deepgram+<id>`: its password and the set's
   * scopes while the set exists and its registry delay has passed; else undefined (refused). */
  robot(user: string): { password: string; scopes: string[] } | undefined {
    const m = /^deepgram\+(.+)$/.exec(user)
    const set = m ? this.sets.get((m[1] as string).toLowerCase()) : undefined
    if (!set || set.secret === undefined) return undefined
    const delay = this.project?.registryDelayMs ?? 2000
    if (set.madeAt > 0 && Date.now() - set.madeAt < delay) return undefined
    return { password: set.secret, scopes: set.scopes }
  }

  /** True when the rate limit refuses a request arriving now (which still counts). */
  private limited(now: number): boolean {
    if (!this.limit) return false
    this.window = this.window.filter(t => t > now - 1000)
    const full = this.window.length >= this.limit.perSecond
    this.window.push(now)
    return full
  }

  private send(res: ServerResponse, reply: Reply): void {
    if (reply.hang) return
    const write = (): void => {
      if (reply.reset) {
        res.socket?.destroy()
        return
      }
      const body =
        reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
      const type = typeof reply.body === 'string' ? 'text/plain' : 'application/json'
      res.writeHead(reply.status ?? 200, { 'content-type': type, ...reply.headers })
      res.end(body)
    }
    if (reply.delayMs) {
      const t = setTimeout(() => {
        this.timers.delete(t)
        write()
      }, reply.delayMs)
      this.timers.add(t)
    } else write()
  }

  private listen(): Promise<void> {
    const server = createServer((req, res) => {
      const now = Date.now()
      const record: Received = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: '', at: now }
      this.requests.push(record)
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        record.body = Buffer.concat(chunks).toString('utf8')
        if (this.limited(now)) {
          this.rejected++
          const body = JSON.stringify({ err_code: 'TOO_MANY_REQUESTS', err_msg: 'Too many requests.' })
          res.writeHead(429, { 'content-type': 'application/json', 'retry-after': this.limit!.retryAfter })
          res.end(body)
          return
        }
        if (this.project) return this.send(res, this.answer(this.project, req, record))
        this.send(res, this.script[Math.min(this.admitted++, this.script.length - 1)] ?? { status: 500 })
      })
    })
    this.server = server
    return new Promise((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo
        this.url = `http://127.0.0.1:${port}`
        resolve()
      })
    })
  }

  /** A project's answer to one request. */
  private answer(p: ProjectOptions, req: IncomingMessage, record: Received): Reply {
    const url = new URL(record.url, 'http://standin.local')
    const k = /^\/v1\/projects\/([^/]+)\/keys(?:\/([^/]+))?\/?$/.exec(url.pathname)
    if (k) return this.answerKeys(p, req, record, k, url)
    const m = /^\/v1\/projects\/([^/]+)\/(?:self-hosted|onprem)\/distribution\/credentials(?:\/([^/]+))?\/?$/.exec(
      url.pathname
    )
    if (!m) return error(404, 'NOT_FOUND', 'No such route.')
    const given = m[2] === undefined ? undefined : decodeURIComponent(m[2])
    const id = p.exactIds ? given : given?.toLowerCase()
    const operation: Operation | undefined =
      id === undefined
        ? record.method === 'GET'
          ? 'list'
          : record.method === 'POST'
            ? 'create'
            : undefined
        : record.method === 'GET'
          ? 'get'
          : record.method === 'DELETE'
            ? 'delete'
            : undefined
    if (operation === undefined) return error(405, 'METHOD_NOT_ALLOWED', 'Method not allowed.')
    const fault = this.faults[operation].shift() ?? this.hook?.(operation, record)
    if (fault?.delayOnly) {
      const route = { operation, project: decodeURIComponent(m[1] ?? ''), id, url }
      return { ...this.carryOut(p, route, req, record), delayMs: fault.delayMs ?? 0 }
    }
    if (fault && !fault.afterActing) return fault
    const made = this.created.length
    const reply = this.carryOut(p, { operation, project: decodeURIComponent(m[1] ?? ''), id, url }, req, record)
    if (fault) for (const set of this.created.slice(made)) this.unanswered.add(set.id)
    return fault ?? reply
  }

  private carryOut(p: ProjectOptions, route: Route, req: IncomingMessage, record: Received): Reply {
    const { operation, id } = route
    const live = (p.rules ?? 'live') === 'live'
    if (req.headers['authorization'] !== `Token ${p.apiKey}`) return error(401, 'INVALID_AUTH', 'Invalid credentials.')
    if (route.project.toLowerCase() !== p.projectId.toLowerCase()) {
      return error(404, 'PROJECT_NOT_FOUND', 'Project not found.')
    }
    const role = p.role ?? 'owner'
    // The member role may delete the sets its own account made (its keys:write covers them).
    const own = operation === 'delete' && this.sets.get(id ?? '')?.member.member_id === memberOf(0).member_id
    // A member with keys:write may create; it deletes only its own account's sets either way.
    const canCreate = p.callerScopes?.includes('keys:write') === true
    if (((operation === 'create' && !canCreate) || (operation === 'delete' && !own)) && role === 'member') {
      // Live: the 403 names what the key lacks.
      const message = live ? 'The API key is missing the required scope keys:write.' : 'Insufficient permissions.'
      const category = live ? 'INSUFFICIENT_PERMISSIONS' : 'FORBIDDEN'
      return { status: 403, body: { category, message, request_id: randomUUID() } }
    }
    if (operation === 'list') {
      return this.checked(LIST_SCHEMA, { distribution_credentials: [...this.sets.values()].map(itemOf) })
    }
    if (operation === 'get' || operation === 'delete') {
      const set = this.sets.get(id ?? '')
      if (!set) return error(404, 'NOT_FOUND', 'Distribution credentials not found.')
      if (operation === 'delete') {
        this.sets.delete(set.id)
        this.deleted.push(set.id)
        // Live: a message for people, not the set (deepgram-rust-sdk's delete response).
        if (live) return { body: { message: 'Successfully deleted the distribution credentials!' } }
      }
      return this.checked(GET_SCHEMA, itemOf(set))
    }
    return live ? this.createLive(p, record) : this.create(p, route.url, record)
  }

  /** Create as the live API does (deepgram-rust-sdk, src/manage/self_hosted.rs and its tests):
   * the JSON body alone is read; `provider` and `comment` are required; the comment is trimmed and
   * 1–128 characters; the key must hold every product scope asked for (a 403 names the missing
   * ones), the umbrella standing for those it holds (none: 400); the set lists each product under
   * both prefixes; the answer is the bare set with `username` and `secret`, `tags` only when some. */
  private createLive(p: ProjectOptions, record: Received): Reply {
    let body: Record<string, unknown>
    try {
      const parsed: unknown = JSON.parse(record.body)
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object')
      body = parsed as Record<string, unknown>
    } catch {
      return invalidJson('expected a JSON object')
    }
    const url = new URL(record.url, 'http://standin.local')
    const request: CreateRequest = {
      queryScopes: url.searchParams.getAll('scopes'),
      queryProvider: url.searchParams.get('provider') ?? undefined,
      body
    }
    this.createRequests.push(request)
    for (const field of ['provider', 'comment', 'scopes']) {
      if (body[field] === undefined) return invalidJson(`missing field \`${field}\``)
    }
    const { provider, comment: rawComment, scopes: asked, tags } = body
    if (provider !== 'quay') return invalidJson(`unknown variant \`${String(provider)}\`, expected \`quay\``)
    if (typeof rawComment !== 'string') return invalidJson('invalid type for `comment`')
    const comment = rawComment.trim()
    if (comment.length < 1 || [...comment].length > 128) {
      return error(400, 'BAD_REQUEST', 'comment must be between 1 and 128 characters')
    }
    if (!Array.isArray(asked) || !asked.every(x => typeof x === 'string'))
      return invalidJson('invalid type for `scopes`')
    if (tags !== undefined && !(Array.isArray(tags) && tags.every(t => typeof t === 'string'))) {
      return invalidJson('invalid type for `tags`')
    }
    for (const scope of asked) {
      // Either prefix is accepted (onprem:product:api as well as self-hosted:product:api).
      if (!CREATE_SCOPES.includes(scope) && !LEGACY_CREATE_SCOPES.includes(scope))
        return error(400, 'BAD_REQUEST', `Invalid scope: ${scope}`)
    }
    const held = p.accountScopes ?? [...PRODUCT_SCOPES]
    const wanted = [...new Set(asked.map(selfHosted))]
    const lacking = wanted.filter(scope => scope !== UMBRELLA && !held.includes(scope))
    if (lacking.length) {
      return {
        status: 403,
        body: {
          category: 'INSUFFICIENT_PERMISSIONS',
          message: `The API key is missing the required scopes: ${lacking.join(', ')}`,
          request_id: randomUUID()
        }
      }
    }
    const products = [...new Set(wanted.flatMap(scope => (scope === UMBRELLA ? held : [scope])))]
    if (products.length === 0) {
      return error(400, 'BAD_REQUEST', 'The API key holds no self-hosted product scope to give the credentials.')
    }
    const set: StoredSet = {
      id: randomUUID(),
      provider: 'quay',
      comment,
      // Each product under both prefixes, as every live answer lists them.
      scopes: products.flatMap(scope => [scope, scope.replace(/^self-hosted:/, 'onprem:')]),
      created: new Date().toISOString(),
      secret: randomBytes(24).toString('base64url'),
      ...(Array.isArray(tags) && tags.length ? { tags: tags as string[] } : {}),
      member: memberOf(0),
      madeAt: Date.now()
    }
    return this.made(p, request, set, p.createShape ?? 'flat')
  }

  private create(p: ProjectOptions, url: URL, record: Received): Reply {
    let body: Record<string, unknown> = {}
    if (record.body.trim() !== '') {
      try {
        const parsed: unknown = JSON.parse(record.body)
        if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object')
        body = parsed as Record<string, unknown>
      } catch {
        return error(400, 'BAD_REQUEST', 'The body is not a JSON object.')
      }
    }
    const request: CreateRequest = {
      queryScopes: url.searchParams.getAll('scopes'),
      queryProvider: url.searchParams.get('provider') ?? undefined,
      body
    }
    this.createRequests.push(request)
    const shape = p.createShape ?? 'nested'
    const reads = p.createReads ?? (shape === 'flat' ? 'body' : 'query')
    const bodyScopes = body['scopes']
    if (bodyScopes !== undefined && !(Array.isArray(bodyScopes) && bodyScopes.every(s => typeof s === 'string'))) {
      return error(400, 'BAD_REQUEST', 'scopes must be a list of strings.')
    }
    const asked = reads === 'query' ? request.queryScopes : ((bodyScopes as string[] | undefined) ?? [])
    const provider = reads === 'query' ? request.queryProvider : body['provider']
    const comment = body['comment']
    for (const scope of asked) {
      if (!CREATE_SCOPES.includes(scope)) return error(400, 'BAD_REQUEST', `Invalid scope: ${scope}`)
    }
    if (provider !== undefined && provider !== 'quay') return error(400, 'BAD_REQUEST', 'Invalid provider.')
    if (comment !== undefined && typeof comment !== 'string') return error(400, 'BAD_REQUEST', 'Invalid comment.')
    const held = p.accountScopes ?? [...PRODUCT_SCOPES]
    const scopes: string[] = []
    for (const scope of asked.length ? asked : [UMBRELLA]) {
      // The umbrella is expanded into the product scopes the creator holds.
      for (const s of scope === UMBRELLA ? held : held.includes(scope) ? [scope] : []) {
        if (!scopes.includes(s)) scopes.push(s)
      }
    }
    const set: StoredSet = {
      id: randomUUID(),
      provider: 'quay',
      ...(comment === undefined ? {} : { comment }),
      scopes,
      created: new Date().toISOString(),
      secret: randomBytes(24).toString('base64url'),
      member: memberOf(0),
      madeAt: Date.now()
    }
    return this.made(p, request, set, shape)
  }

  /** GET …/keys/{id} and GET …/keys[?status=active|expired]: keys:read needed (a 401
   * INSUFFICIENT_PERMISSIONS without, as Deepgram's errors page shows); another account's key is
   * seen only with members:read, admins:read and owners:read (else a 404, as for no key). */
  private answerKeys(p: ProjectOptions, req: IncomingMessage, record: Received, m: RegExpExecArray, url: URL): Reply {
    const operation: Operation = m[2] === undefined ? 'keys' : 'key'
    if (record.method !== 'GET') return error(405, 'METHOD_NOT_ALLOWED', 'Method not allowed.')
    const fault = this.faults[operation].shift()
    if (fault) return fault
    if (req.headers['authorization'] !== `Token ${p.apiKey}`) return error(401, 'INVALID_AUTH', 'Invalid credentials.')
    if (decodeURIComponent(m[1] ?? '').toLowerCase() !== p.projectId.toLowerCase()) {
      return error(404, 'PROJECT_NOT_FOUND', 'Project not found.')
    }
    const caller = p.callerScopes ?? ['keys:read', ...SEE_ALL_KEYS]
    if (!caller.includes('keys:read')) {
      const body = { category: 'INSUFFICIENT_PERMISSIONS', message: 'User does not have sufficient permissions.' }
      return { status: 401, body: { ...body, request_id: randomUUID() } }
    }
    const seesAll = SEE_ALL_KEYS.every(s => caller.includes(s))
    const visible = (key: StoredKey): boolean => seesAll || key.member.member_id === memberOf(0).member_id
    if (operation === 'keys') {
      const status = url.searchParams.get('status')
      const expired = (key: StoredKey): boolean =>
        key.expiration_date !== undefined && Date.parse(key.expiration_date) <= Date.now()
      const keys = [...this.keys.values()]
        .filter(visible)
        .filter(key => status === null || (status === 'expired') === expired(key))
      return { body: { api_keys: keys.map(keyItemOf) } }
    }
    const key = this.keys.get(decodeURIComponent(m[2] ?? '').toLowerCase())
    if (!key || !visible(key)) return error(404, 'NOT_FOUND', 'API key not found.')
    const { member, api_key } = keyItemOf(key)
    const spec = { member: { ...member, first_name: 'Ada', last_name: 'Lovelace', api_key } }
    return { body: (p.keyShape ?? 'sdk') === 'sdk' ? { member, api_key } : { item: spec } }
  }

  /** Keeps a set just made and answers with it, in the shape asked for (its secret beside the ID). */
  private made(p: ProjectOptions, request: CreateRequest, set: StoredSet, shape: 'flat' | 'nested'): Reply {
    this.sets.set(set.id, set)
    this.created.push(set)
    request.id = set.id
    const fields: Record<string, unknown> = { ...itemOf(set).distribution_credentials }
    if (p.createOmits !== 'secret') fields['secret'] = set.secret
    if (p.createOmits === 'id') delete fields['distribution_credentials_id']
    const answer =
      shape === 'flat'
        ? { ...fields, username: `deepgram+${set.id}` }
        : { member: set.member, distribution_credentials: fields }
    // A body left without its ID is off-spec on purpose; anything else must conform.
    if (p.createOmits === 'id') return { body: answer }
    const errors = createBodyErrors(answer)
    if (errors.length) return this.broken(`create answer: ${errors.join('; ')}`)
    return { body: answer }
  }

  private checked(schema: typeof LIST_SCHEMA | typeof GET_SCHEMA, body: unknown): Reply {
    const errors = bodyErrors(schema, body)
    return errors.length ? this.broken(`${schema}: ${errors.join('; ')}`) : { body }
  }

  private broken(what: string): Reply {
    this.schemaErrors.push(what)
    return { status: 500, body: `stand-in body off-spec: ${what}` }
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearTimeout(t)
    const server = this.server
    if (!server) return
    server.closeAllConnections()
    await new Promise<void>(resolve => server.close(() => resolve()))
    this.server = undefined
  }
}

function memberOf(i: number): Member {
  return { member_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, email: `member${i}@example.com` }
}

/** A 400 of the live API for a body it cannot read, in the modern form Deepgram's errors page shows. */
function invalidJson(details: string): Reply {
  const body = {
    category: 'INVALID_JSON',
    message: 'Invalid JSON submitted.',
    details: `Json deserialize error: ${details}`
  }
  return { status: 400, body: { ...body, request_id: randomUUID() } }
}

/** One key in the SDKs' item shape (the list's items too). */
function keyItemOf(key: StoredKey): { member: Member; api_key: Record<string, unknown> } {
  return {
    member: key.member,
    api_key: {
      api_key_id: key.id,
      comment: key.comment,
      scopes: key.scopes,
      ...(key.tags?.length ? { tags: key.tags } : {}),
      created: key.created,
      ...(key.expiration_date === undefined ? {} : { expiration_date: key.expiration_date })
    }
  }
}

function error(status: number, code: string, message: string): Reply {
  return { status, body: { err_code: code, err_msg: message, request_id: randomUUID() } }
}

/** One set in the list's item shape (also get's and delete's answer). */
function itemOf(set: StoredSet): { member: Member; distribution_credentials: Record<string, unknown> } {
  return {
    member: set.member,
    distribution_credentials: {
      distribution_credentials_id: set.id,
      provider: set.provider,
      ...(set.comment === undefined ? {} : { comment: set.comment }),
      scopes: set.scopes,
      created: set.created,
      ...(set.tags?.length ? { tags: set.tags } : {})
    }
  }
}

/** A list body in the documented shape, one item per set. */
export function listBody(
  sets: { id: string; scopes: string[]; provider?: string; comment?: string; created?: string }[]
): unknown {
  return {
    distribution_credentials: sets.map((s, i) => ({
      member: { member_id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, email: `member${i}@example.com` },
      distribution_credentials: {
        distribution_credentials_id: s.id,
        provider: s.provider ?? 'quay',
        ...(s.comment === undefined ? {} : { comment: s.comment }),
        scopes: s.scopes,
        created: s.created ?? '2024-05-01T12:00:00.000000Z'
      }
    }))
  }
}
