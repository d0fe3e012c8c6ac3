import { describe, expect, it } from 'vitest'
import { deleteByHand } from '../../../src/sets/messages.js'

describe('the words of the sets this action makes', () => {
  const ID = '64d1f840-3b7e-43b2-a7b6-d56756d4476d'

  it('how to delete a set by hand: the console, or curl with the key in a variable, never on the line', () => {
    const url = `https://api.deepgram.com/v1/projects/p/self-hosted/distribution/credentials/${ID}`
    const said = deleteByHand(url)
    expect(said).toContain('Deepgram console')
    expect(said).toContain(`\`curl -X DELETE -H "Authorization: Token $DEEPGRAM_API_KEY" ${url}\`.`)
  })
})
