// The job summary of each outcome, rendered and compared with a committed file
// (summaries/*.md), so that every change to the page shows as a diff in review.
// Open one in GitHub's Markdown preview to see it as a user does.
import { describe, expect, it } from 'vitest'
import type { CredentialSet, Retirement } from '../../../src/deepgram/types.js'
import nock from 'nock'
import { describeHttpFailure } from '../../../src/deepgram/messages.js'
import { scopesMissing } from '../../../src/deepgram/scopes.js'
import { findSet } from '../../../src/modes/stored-set.js'
import { API as API_URL, apiRequest, PATH } from '../../support/api-request.ts'
import { loginFailed } from '../../../src/docker/client.js'
import { parseUuid } from '../../../src/inputs/validate.js'
import { checkScopes } from '../../../src/deepgram/scopes.js'
import { imageRef } from '../../support/refs.ts'
import { imageLines } from '../../../src/registry/image-report.js'
import type { ImageRow } from '../../../src/registry/results.js'
import { withRelease } from '../../../src/registry/pins.js'
import { renderEarlyFailure } from '../../../src/report/failure.js'
import { renderRetirement } from '../../../src/report/retirement.js'
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
      { image: imageRef('quay.io/deepgram/self-hosted-api:release-260812'), result: { kind: 'ok', digest: D1 } },
      { image: imageRef('deepgram/self-hosted-engine:release-260812'), result: { kind: 'ok', digest: D2 } }
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

  it('a required scope is missing, and what to do', async () => {
    const error = scopesMissing(SET_ID, [ENGINE], API)
    await expect(renderSummary({ ...report('scope-check-failed', [API]), error })).toMatchFileSnapshot(
      file('scope-failure')
    )
  })

  it('the registry refused the login, and what to do', async () => {
    const error = loginFailed({
      failure: {
        kind: 'credentials',
        line: 'Error response from daemon: login attempt to https://quay.io/v2/ failed with status: 401 Unauthorized'
      },
      situation: { client: 'docker', registry: 'quay.io', username: `deepgram+${SET_ID}`, attempts: 1 }
    })
    await expect(renderSummary({ ...report('login-failed'), error })).toMatchFileSnapshot(file('login-refused'))
  })

  it('an image would not pull: each reason once, in its row', async () => {
    const rows: ImageRow[] = [
      { image: imageRef('deepgram/self-hosted-api:release-260812'), result: { kind: 'ok', digest: D1 } },
      { image: imageRef('deepgram/self-hosted-engine:release-260812'), result: { kind: 'denied', status: 401 } },
      { image: imageRef('deepgram/self-hosted-api:release-215015'), result: { kind: 'unknown', status: 404 } }
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
      [imageRef('quay.io/deepgram/self-hosted-api'), imageRef('quay.io/deepgram/self-hosted-engine')],
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
        image: imageRef('quay.io/deepgram/self-hosted-api'),
        result: { kind: 'no-release', newest: 'release-260901' }
      },
      {
        image: imageRef('quay.io/deepgram/self-hosted-engine'),
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

  it('rotate: a set made for a rotation, checked and kept, with the docker config file', async () => {
    const made = report('checked', [API, ENGINE])
    made.set.comment = ROTATION_COMMENT
    await expect(renderSummary({ ...made, rotation: 'prod-us', dockerConfig: true })).toMatchFileSnapshot(
      file('rotate-kept')
    )
  })

  it('rotate: logged in too', async () => {
    const made = report('logged-in', [API, ENGINE])
    made.set.comment = ROTATION_COMMENT
    await expect(renderSummary({ ...made, rotation: 'prod-us', client: 'docker' })).toMatchFileSnapshot(
      file('rotate-login')
    )
  })

  it('rotate: a step failed, so the set is not kept', async () => {
    const rows: ImageRow[] = [
      { image: imageRef('deepgram/self-hosted-api:release-215015'), result: { kind: 'unknown', status: 404 } }
    ]
    const made = report('images-failed', [API, ENGINE])
    made.set.comment = ROTATION_COMMENT
    await expect(
      renderSummary({
        ...made,
        rotation: 'prod-us',
        images: imageLines(rows, CTX),
        imagesHeadline: '1 of 1 image would not pull from quay.io'
      })
    ).toMatchFileSnapshot(file('rotate-not-kept'))
  })
})

const ROTATION_COMMENT = 'deepgram-self-hosted-login rotate:prod-us repo:123456 run:4242.1 acme/app'
const OLD = ['0b7e2c4a-1f3d-4e5a-9b6c-7d8e9f0a1b2c', '1c8f3d5b-2a4e-4f6b-8c7d-8e9fa0b1c2d3']

function rotationSet(id: string, created: string): CredentialSet {
  return { id, provider: 'quay', comment: ROTATION_COMMENT, scopes: [API, ENGINE], created }
}

describe('the job summary of retire', () => {
  const keep = rotationSet(SET_ID, '2026-06-28T20:01:41.642434Z')
  const older = [rotationSet(OLD[0]!, '2026-06-14T20:01:41Z'), rotationSet(OLD[1]!, '2026-06-21T20:01:41Z')]

  it('kept one, retired two', async () => {
    const r: Retirement = {
      kind: 'done',
      name: 'prod-us',
      keep,
      others: older.map(set => ({ set, result: { kind: 'retired' } }))
    }
    await expect(renderRetirement(r)).toMatchFileSnapshot(file('retire-done'))
  })

  it('a set made after the one kept is retired too: "other", not "older"', () => {
    const newer = rotationSet(OLD[1]!, '2026-07-01T20:01:41Z')
    const others = [older[0]!, newer].map(set => ({ set, result: { kind: 'retired' as const } }))
    const page = renderRetirement({ kind: 'done', name: 'prod-us', keep, others })
    expect(page).toContain('retired 2 other sets</h3>')
    expect(renderRetirement({ kind: 'done', name: 'prod-us', keep, others: others.slice(0, 1) })).toContain(
      'retired 1 older set</h3>'
    )
  })

  it('nothing to retire', async () => {
    const r: Retirement = { kind: 'done', name: 'prod-us', keep, others: [] }
    await expect(renderRetirement(r)).toMatchFileSnapshot(file('retire-none'))
  })

  it('one delete failed (its reason escaped), one already gone', async () => {
    const r: Retirement = {
      kind: 'done',
      name: 'prod-us',
      keep,
      others: [
        { set: older[0]!, result: { kind: 'failed', why: 'The Deepgram API failed with HTTP 503 <gateway>.' } },
        { set: older[1]!, result: { kind: 'gone' } }
      ]
    }
    await expect(renderRetirement(r)).toMatchFileSnapshot(file('retire-partial'))
  })

  it('the set to keep does not exist, or is not of the rotation: nothing retired', async () => {
    const missing = renderRetirement({ kind: 'refused', name: 'prod-us', keepId: SET_ID, why: 'missing' })
    const other = renderRetirement({ kind: 'refused', name: 'prod-us', keepId: SET_ID, why: 'other' })
    await expect(`${missing}${other}`).toMatchFileSnapshot(file('retire-refused'))
  })
})

describe('the job summary of a failure before the set was found: what failed and what to fix', () => {
  it('the API key was rejected', async () => {
    const error = describeHttpFailure({
      status: 401,
      body: '{"err_code":"INVALID_AUTH","err_msg":"Invalid credentials."}',
      attempts: 1,
      projectId: PROJECT
    })
    await expect(renderEarlyFailure(error)).toMatchFileSnapshot(file('early-key-rejected'))
  })

  it('no set with that ID in the project', async () => {
    nock.disableNetConnect()
    const other = (id: string): object => ({ distribution_credentials_id: id, provider: 'quay', scopes: [] })
    const ids = ['0a1b2c3d-0000-4000-8000-000000000001', '0a1b2c3d-0000-4000-8000-000000000002']
    nock(API_URL)
      .get(PATH)
      .reply(200, { distribution_credentials: ids.map(id => ({ distribution_credentials: other(id) })) })
      .get(`${PATH}/${SET_ID}`)
      .reply(404)
    const error = await findSet(apiRequest(), SET_ID, undefined).catch((e: unknown) => e)
    nock.enableNetConnect()
    await expect(renderEarlyFailure(error)).toMatchFileSnapshot(file('early-unknown-set'))
  })

  it('an input is invalid', async () => {
    let error: unknown
    try {
      parseUuid('credentials-id', '64d1f840', "the credential set's distribution_credentials_id")
    } catch (thrown) {
      error = thrown
    }
    await expect(renderEarlyFailure(error)).toMatchFileSnapshot(file('early-input-error'))
  })
})
