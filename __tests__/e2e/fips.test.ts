// End-to-end: FIPS releases (issue 28). The built action against the real
// token-auth registry behind a front that pages tags lists as quay does:
// `release: latest-fips` takes the newest release-YYMMDD-fips that every tagless
// image has, `release: release-YYMMDD-fips` names one, and `release: latest`
// still means the newest plain release, never a FIPS build.
import type { FrontRule } from '../support/front.ts'
import { NOT_RELEASES, releases } from '../support/quay-tags.ts'
import { listBody } from '../support/standin.ts'
import { installHint, missingTools } from '../support/tools.ts'
import { afterAll, describe, expect, test } from 'vitest'
import {
  quayFront,
  repositories,
  stopSharedTokenRegistry,
  withFixture,
  type Ids,
  type RunOptions,
  type Ran
} from './harness.ts'
import type { QuayTags } from '../support/quay-tags.ts'

const DEFAULT = ['self-hosted:product:api', 'self-hosted:product:engine']
const setWith = (scopes: string[]) => (ids: Ids) => [{ body: listBody([{ id: ids.credentialsId, scopes }]) }]
const missing = missingTools()
if (missing.length && !process.env['CI']) console.warn(`FIPS end-to-end suite skipped: ${installHint(missing)}`)

/** Tags that look like FIPS releases but are none (no manifest behind them: served by the front only). */
const NOT_FIPS = [
  'release-269999-fips',
  'release-260431-fips',
  'release-261231-FIPS',
  'release-261231-fips-rc1',
  'fips'
]

/** The API has plain releases, older FIPS ones across two pages, and a newer FIPS build the
 * engine lacks; the engine a newer FIPS build the API lacks. Common newest FIPS: 260728. */
async function fipsRepositories(): Promise<{
  api: string
  engine: string
  digests: Record<string, Record<string, string>>
}> {
  const { names, digests } = await repositories({
    'self-hosted-api': {
      tags: ['release-260601-fips', 'release-260728-fips', 'release-260812-fips', 'release-260901'],
      retags: [...releases('250101', 40).map(t => `${t}-fips`), ...releases('250301', 20), 'latest']
    },
    'self-hosted-engine': {
      tags: ['release-260601-fips', 'release-260728-fips', 'release-260815-fips', 'release-260901'],
      retags: ['release-250101-fips']
    }
  })
  return { api: names['self-hosted-api']!, engine: names['self-hosted-engine']!, digests }
}

/** One check-only run of `images` (one a line) with `release`, through `quay` when given. */
async function checkRelease(
  images: string[],
  release: string,
  outcome: RunOptions['outcome'],
  quay?: QuayTags
): Promise<{ r: Ran; host: string }> {
  let ran: { r: Ran; host: string } | undefined
  const pull = images.map(i => i.replace(/:[^/]+$/, ''))
  const front = quay ? { front: quay.rule as FrontRule } : {}
  await withFixture({ script: setWith(DEFAULT), registry: 'token', pull, docker: 'absent', ...front }, async f => {
    const r = await f.run({ outcome, inputs: { login: 'false', images: images.join('\n'), release } })
    ran = { r, host: f.host }
  })
  return ran!
}

describe.skipIf(missing.length > 0).concurrent('FIPS releases over quay-like tag pages', () => {
  afterAll(() => stopSharedTokenRegistry())

  test('latest-fips: the newest release-YYMMDD-fips every tagless image has; digests pinned to it', async () => {
    const { api, engine, digests } = await fipsRepositories()
    const quay = await quayFront({ extraTags: { [api]: [...NOT_RELEASES, ...NOT_FIPS], [engine]: NOT_FIPS } })
    const { r } = await checkRelease([api, engine], 'latest-fips', 'pass', quay)
    const tag = 'release-260728-fips'
    expect(r.main.outputs['release']).toBe(tag)
    expect(r.main.outputs['digests']).toBe(
      `${api}:${tag}@${digests[api]![tag]}\n${engine}:${tag}@${digests[engine]![tag]}`
    )
    expect(JSON.parse(r.main.outputs['images-json'] ?? '').map((j: { tag: string }) => j.tag)).toEqual([tag, tag])
    expect(quay.pagesOf(api).length).toBeGreaterThan(1)
    expect(r.log).toContain(`Release: ${tag}, the newest FIPS release every image without a tag has.`)
    expect(r.main.summary).toContain('the newest FIPS release every image given without a tag has')
    expect(r.main.summary).toContain(tag)
  })

  test('latest stays plain: the newest release-YYMMDD, never a FIPS build, even a newer one', async () => {
    const { api, engine, digests } = await fipsRepositories()
    const { r } = await checkRelease(
      [api, engine],
      'latest',
      'pass',
      await quayFront({ extraTags: { [api]: NOT_FIPS } })
    )
    expect(r.main.outputs['release']).toBe('release-260901')
    expect(r.main.outputs['digests']).toContain(`${api}:release-260901@${digests[api]!['release-260901']}`)
    expect(r.log).toContain('Release: release-260901, the newest release every image without a tag has.')
  })

  test('a named FIPS release: every tagless image pinned to it, no tags list read', async () => {
    const { api, engine, digests } = await fipsRepositories()
    const quay = await quayFront()
    const tag = 'release-260601-fips'
    const { r } = await checkRelease([api, `${engine}:release-260901`], tag, 'pass', quay)
    expect(r.main.outputs['release']).toBe(tag)
    expect(r.main.outputs['digests']).toBe(
      `${api}:${tag}@${digests[api]![tag]}\n${engine}:release-260901@${digests[engine]!['release-260901']}`
    )
    expect(quay.pages).toEqual([])
  })

  test('a named FIPS release one image lacks: fails naming that image', async () => {
    const { api, engine } = await fipsRepositories()
    const { r, host } = await checkRelease([api, engine], 'release-260815-fips', 'fail')
    expect(r.error).toMatch(/^::error title=Images would not pull::1 of 2 images would not pull from /)
    expect(r.error).toContain(
      `- ${api}:release-260815-fips: the release release-260815-fips (from \`release\`) does not exist in repository ${api} on ${host}`
    )
    expect(r.error).toContain('or to latest-fips for the newest one they share')
    expect(r.main.outputs['release']).toBeUndefined()
  })

  test('latest-fips with an image that has no FIPS build: fails naming it', async () => {
    const { names } = await repositories({
      'self-hosted-api': { tags: ['release-260728-fips', 'release-260901'] },
      'self-hosted-billing': { tags: ['release-260728', 'release-260901'] }
    })
    const api = names['self-hosted-api']!
    const billing = names['self-hosted-billing']!
    const quay = await quayFront({ extraTags: { [billing]: NOT_FIPS } })
    const { r } = await checkRelease([api, billing], 'LATEST-FIPS', 'fail', quay)
    expect(r.error).toMatch(
      /^::error title=No common FIPS release::`release: latest-fips` found no FIPS release tag \(release-YYMMDD-fips\)/
    )
    expect(r.error).toContain(`${api}: release-260728-fips; ${billing}: no FIPS release tag`)
    expect(r.registryRequests.filter(q => q.method === 'HEAD')).toEqual([])
    expect(r.main.summary).toContain('no FIPS release is on every image given without a tag')
  })
})
