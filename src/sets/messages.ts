// The one sentence several places share about the credential sets this action
// makes: how to delete one by hand. Pure.

/** How to delete a set by hand: the console, or one request with the key in a variable, never on the line. */
export function deleteByHand(url: string): string {
  return (
    "Delete it by hand, in the Deepgram console (the project's self-hosted distribution credentials) or with " +
    `\`curl -X DELETE -H "Authorization: Token $DEEPGRAM_API_KEY" ${url}\`.`
  )
}
