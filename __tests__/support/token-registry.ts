// Quay's robot flow with a real registry enforcing it: Debian's docker-registry
// with `auth: token`, behind the token server of token-server.ts, and the
// Deepgram-like images the tests push into it (images.ts).
import { randomBytes } from 'node:crypto'
import { multiPlatformImage, pushImage, singleImage, tagManifest, type PushAuth, type TestImage } from './images.ts'
import { LocalRegistry } from './registry.ts'
import { TokenServer, type Account } from './token-server.ts'

export const REPOS = {
  api: 'deepgram/self-hosted-api',
  engine: 'deepgram/self-hosted-engine',
  licenseProxy: 'deepgram/self-hosted-license-proxy',
  billing: 'deepgram/self-hosted-billing'
} as const

export type Catalogue = Record<keyof typeof REPOS, string>

/** The repositories a set's scopes let it pull. No document maps scopes to images;
 * the names suggest it (self-hosted:product:engine <-> self-hosted-engine), and
 * the umbrella (either prefix) grants them all. */
export function reposForScopes(scopes: readonly string[]): string[] {
  const products: Record<string, keyof typeof REPOS> = {
    api: 'api',
    engine: 'engine',
    'license-proxy': 'licenseProxy',
    billing: 'billing'
  }
  const repos = new Set<string>()
  for (const scope of scopes) {
    if (scope === 'self-hosted:products' || scope === 'onprem:products') Object.values(REPOS).forEach(r => repos.add(r))
    const m = /^(?:self-hosted|onprem):product:(.+)$/.exec(scope)
    const key = m ? products[m[1] as string] : undefined
    if (key) repos.add(REPOS[key])
  }
  return [...repos]
}

/** Pushes one image of each manifest type under `tag`: the API as an OCI image
 * manifest, the engine as a Docker manifest list, the license proxy as an OCI
 * index and billing as a Docker v2 manifest. Returns each tag's digest, as
 * computed from the bytes pushed (and checked against what the registry reported). */
export async function pushCatalogue(baseUrl: string, tag: string, auth: PushAuth): Promise<Catalogue> {
  const images: Record<keyof typeof REPOS, TestImage> = {
    api: singleImage('oci'),
    engine: multiPlatformImage('docker'),
    licenseProxy: multiPlatformImage('oci'),
    billing: singleImage('docker')
  }
  const digests = {} as Catalogue
  for (const key of Object.keys(REPOS) as (keyof typeof REPOS)[]) {
    const image = images[key]
    const reported = await pushImage(baseUrl, REPOS[key], tag, image, auth)
    if (reported !== image.top.digest) {
      throw new Error(`${REPOS[key]}: the registry reports ${reported}, the bytes pushed hash to ${image.top.digest}`)
    }
    digests[key] = image.top.digest
  }
  return digests
}

export function basicPushAuth(user: string, password: string): PushAuth {
  const header = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
  return async () => header
}

export class TokenRegistry {
  readonly tokens: TokenServer
  readonly registry: LocalRegistry
  private readonly pusher = { user: 'dg-test-pusher', password: randomBytes(16).toString('hex') }

  private constructor(tokens: TokenServer, registry: LocalRegistry) {
    this.tokens = tokens
    this.registry = registry
    tokens.accounts.set(this.pusher.user, { password: this.pusher.password, pull: [], push: true })
  }

  static async start(): Promise<TokenRegistry> {
    const tokens = await TokenServer.start()
    try {
      const registry = await LocalRegistry.startWithTokenAuth({
        realm: tokens.realm,
        service: tokens.service,
        issuer: tokens.issuer,
        rootCertBundle: tokens.certFile
      })
      return new TokenRegistry(tokens, registry)
    } catch (error) {
      await tokens.stop()
      throw error
    }
  }

  get host(): string {
    return this.registry.host
  }

  /** A credential set's robot: its password, and the repositories it may pull. */
  addSet(username: string, secret: string, pull: readonly string[]): void {
    this.tokens.accounts.set(username, { password: secret, pull: [...pull] })
  }

  /** Lets the registry accept the sets a Deepgram stand-in keeps (while they exist, once their
   * delay has passed), each pulling what its scopes suggest. Returns the undo. */
  acceptSetsOf(standIn: { robot(user: string): { password: string; scopes: string[] } | undefined }): () => void {
    const source = (user: string): Account | undefined => {
      const robot = standIn.robot(user)
      return robot && { password: robot.password, pull: reposForScopes(robot.scopes) }
    }
    this.tokens.sources.add(source)
    return () => this.tokens.sources.delete(source)
  }

  /** A push token for one repository, from the token server. */
  readonly pushAuth: PushAuth = async repository => {
    const url = new URL(this.tokens.realm)
    url.searchParams.set('service', this.tokens.service)
    url.searchParams.set('scope', `repository:${repository}:pull,push`)
    const basic = Buffer.from(`${this.pusher.user}:${this.pusher.password}`).toString('base64')
    const res = await fetch(url, { headers: { authorization: `Basic ${basic}`, 'user-agent': 'dg-test-pusher' } })
    const body = (await res.json()) as { token?: string }
    if (!body.token) throw new Error(`no push token: HTTP ${res.status}`)
    return `Bearer ${body.token}`
  }

  async pushCatalogue(tag: string): Promise<Catalogue> {
    return pushCatalogue(`http://${this.host}`, tag, this.pushAuth)
  }

  /** Pushes repository `name` with an image of its own under each of `tags` (so each
   * tag has its own digest), and one more image under every tag of `retags` (one
   * manifest PUT each: cheap for long tag lists). Returns each tag's digest. */
  async pushTags(
    name: string,
    tags: readonly string[],
    retags: readonly string[] = []
  ): Promise<Record<string, string>> {
    const base = `http://${this.host}`
    const digests: Record<string, string> = {}
    for (const tag of tags) {
      const image = singleImage('oci')
      const reported = await pushImage(base, name, tag, image, this.pushAuth)
      if (reported !== image.top.digest) throw new Error(`${name}:${tag}: the registry reports ${reported}`)
      digests[tag] = image.top.digest
    }
    const [first, ...rest] = retags
    if (first !== undefined) {
      const image = multiPlatformImage('docker')
      digests[first] = await pushImage(base, name, first, image, this.pushAuth)
      for (const tag of rest) {
        await tagManifest(base, name, image.top, tag, this.pushAuth)
        digests[tag] = image.top.digest
      }
    }
    return digests
  }

  async stop(): Promise<void> {
    await this.registry.stop()
    await this.tokens.stop()
  }
}
