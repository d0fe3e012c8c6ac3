// Copied verbatim to dist/undici-lazy.js by scripts/build.mjs, which bundles
// it in place of the 'undici' package: @actions/http-client imports
// `{ ProxyAgent } from 'undici'` at top level but uses it only in
// getAgentDispatcher(), its proxy helper for fetch(), which this action never
// calls (its requests go through node:http/https and the `tunnel` agent).
// Bundling undici into dist/index.js made every run parse and start ~900 KB of
// it; here it stays in dist/undici.cjs and is loaded, synchronously, only if a
// ProxyAgent is ever constructed, so http-client behaves exactly as before.
// Figures: docs/performance.md.
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
let undici

export class ProxyAgent {
  constructor(...args) {
    undici ??= require('./undici.cjs')
    // A constructor that returns an object hands back that object: the real agent.
    return new undici.ProxyAgent(...args)
  }
}
