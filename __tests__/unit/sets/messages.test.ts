import { describe, expect, it } from 'vitest'
import { jobSetIdRefused, jobSetNotDeleted, jobSetOutsideRunner } from '../../../src/sets/messages.js'

describe('the words of the sets this action makes', () => {
  const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'

  it('a failed delete names the set and the request that deletes it by hand', () => {
    const url = `https://api.deepgram.com/v1/projects/p/self-hosted/distribution/credentials/${ID}`
    const w = jobSetNotDeleted({ id: ID, url, why: 'The Deepgram API failed with HTTP 503 after 4 attempts.' })
    expect(w.title).toBe('Credential set not deleted')
    expect(w.message).toContain(`Could not delete credential set ${ID}, made for this job: The Deepgram API failed`)
    expect(w.message).toContain(`curl -X DELETE -H "Authorization: Token $DEEPGRAM_API_KEY" ${url}`)
  })

  it('a set made outside a runner: no post step deletes it; names it and the request that does', () => {
    const url = `http://127.0.0.1:8080/v1/projects/p/self-hosted/distribution/credentials/${ID}`
    const w = jobSetOutsideRunner({ id: ID, url })
    expect(w.title).toBe('Credential set left behind')
    expect(w.message).toContain('not on a GitHub Actions runner (GITHUB_ACTIONS is not true)')
    expect(w.message).toContain('@github/local-action runs the main step only')
    expect(w.message).toContain(`credential set ${ID} stays when this run ends`)
    expect(w.message).toContain(`curl -X DELETE -H "Authorization: Token $DEEPGRAM_API_KEY" ${url}`)
  })

  it('a saved set ID that is no UUID: named as one plain line, nothing deleted', () => {
    const w = jobSetIdRefused('..\n::error::x')
    expect(w.title).toBe('Credential set not deleted')
    expect(w.message).toContain('names ".. ::error::x" as the set made for this job')
    expect(w.message).not.toContain('\n')
    expect(w.message).toContain('nothing was deleted')
  })
})
