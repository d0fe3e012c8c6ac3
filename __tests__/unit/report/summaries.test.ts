// The job summary of each outcome, rendered and compared with a committed file
// (summaries/*.md), so that every change to the page shows as a diff in review.
// Open one in GitHub's Markdown preview to see it as a user does.
import { describe, expect, it } from 'vitest'
import type { CredentialSet } from '../../../src/deepgram/types.js'
import { checkScopes } from '../../../src/deepgram/scopes.js'
import { parseImageRef } from '../../../src/registry/image-ref.js'
import { imageLines, type ImageRow } from '../../../src/registry/image-report.js'
import { withRelease } from '../../../src/registry/pins.js'
import { renderSummary, type Report } from '../../../src/report/summary.js'

const PROJECT = '123e4567-e89b-12d3-a456-426614174000'
const SET_ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'
const API = 'self-hosted:product:api'
const ENGINE = 'self-hosted:product:engine'
const D1 = `sha256:${'3f'.repeat(32)}`
const D2 = `sha256:${'a1'.repeat(32)}`
const CTX = { registry: 'quay.io', scopes: [API, ENGINE] }

function report(outcome: Report['outcome'], scopes = [API, ENGINE, 'onprem:product:api']): Report {
  const set: CredentialSet = {
    id: SET_ID,
    provider: 'quay',
    comment: 'Production pulls <main cluster>',
    scopes,
    created: '2026-06-28T20:01:41.642434Z'
  }
  return {
    projectId: PROJECT,
    set,
    registry: 'quay.io',
    username: `deepgram+${SET_ID}`,
    check: checkScopes(set.scopes, [API, ENGINE]),
    outcome
  }
}

const file = (name: string): string => `./summaries/${name}.md`

describe('the job summary of each outcome', () => {
  it('logged in with docker', async () => {
    await expect(renderSummary({ ...report('logged-in'), client: 'docker' })).toMatchFileSnapshot(file('login'))
  })

  it('checked without logging in, images will pull', async () => {
    const rows: ImageRow[] = [
      { image: parseImageRef('quay.io/deepgram/self-hosted-api:release-260812'), result: { kind: 'ok', digest: D1 } },
      { image: parseImageRef('deepgram/self-hosted-engine:release-260812'), result: { kind: 'ok', digest: D2 } }
    ]
    await expect(renderSummary({ ...report('checked'), images: imageLines(rows, CTX) })).toMatchFileSnapshot(
      file('check-only')
    )
  })

  it('logged in with a set made for this job (ephemeral), which the post step deletes', async () => {
    const made = report('logged-in', [API, ENGINE])
    made.set.comment = 'deepgram-self-hosted-login ephemeral repo:123456 run:4242.1 acme/app deploy'
    await expect(renderSummary({ ...made, client: 'docker', madeForJob: true })).toMatchFileSnapshot(
      file('ephemeral-login')
    )
  })

  it('a required scope is missing', async () => {
    await expect(renderSummary(report('scope-check-failed', [API]))).toMatchFileSnapshot(file('scope-failure'))
  })

  it('an image would not pull: each reason once, in its row', async () => {
    const rows: ImageRow[] = [
      { image: parseImageRef('deepgram/self-hosted-api:release-260812'), result: { kind: 'ok', digest: D1 } },
      { image: parseImageRef('deepgram/self-hosted-engine:release-260812'), result: { kind: 'denied', status: 401 } },
      { image: parseImageRef('deepgram/self-hosted-api:release-215015'), result: { kind: 'unknown', status: 404 } }
    ]
    await expect(
      renderSummary({
        ...report('images-failed'),
        images: imageLines(rows, CTX),
        imagesHeadline: '2 of 3 images would not pull from quay.io'
      })
    ).toMatchFileSnapshot(file('image-failure'))
  })

  it('the newest release resolved, and a docker config file written', async () => {
    const refs = withRelease(
      [parseImageRef('quay.io/deepgram/self-hosted-api'), parseImageRef('quay.io/deepgram/self-hosted-engine')],
      'release-260812'
    )
    const rows: ImageRow[] = [
      { image: refs[0]!, result: { kind: 'ok', digest: D1 } },
      { image: refs[1]!, result: { kind: 'ok', digest: D2 } }
    ]
    await expect(
      renderSummary({
        ...report('checked'),
        images: imageLines(rows, CTX),
        release: { tag: 'release-260812', latest: true },
        dockerConfig: true
      })
    ).toMatchFileSnapshot(file('release-resolved'))
  })

  it('no release common to every image', async () => {
    const rows: ImageRow[] = [
      {
        image: parseImageRef('quay.io/deepgram/self-hosted-api'),
        result: { kind: 'no-release', newest: 'release-260901' }
      },
      {
        image: parseImageRef('quay.io/deepgram/self-hosted-engine'),
        result: { kind: 'no-release', newest: 'release-260812' }
      }
    ]
    await expect(
      renderSummary({
        ...report('images-failed'),
        images: imageLines(rows, CTX),
        imagesHeadline: 'No release is on every image given without a tag'
      })
    ).toMatchFileSnapshot(file('no-common-release'))
  })
})
