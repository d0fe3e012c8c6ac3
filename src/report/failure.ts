// Pure: a failure as the job summary tells it, in the words of the log's ::error line
// (which name the input to fix and never quote a secret), made one safe line.
import { ActionError, unexpectedFailure } from '../errors.js'
import { escapeHtml, richText } from './html.js'
import { clip } from '../sanitize.js'

const MESSAGE_LIMIT = 3000

export function failureWords(error: unknown): { title: string; message: string } {
  if (error instanceof ActionError) return { title: error.title, message: error.message }
  return { title: 'Unexpected failure', message: unexpectedFailure(error) }
}

/** The failure's message as a paragraph; clip() redacts registered secrets though messages quote none. */
export function failureParagraph(error: unknown): string {
  return `<p>${richText(clip(failureWords(error).message, MESSAGE_LIMIT).text)}</p>`
}

/** The page for a failure before the set was found: no set to show, only what to fix. */
export function renderEarlyFailure(error: unknown): string {
  const { title } = failureWords(error)
  return `<h3>❌ ${escapeHtml(clip(title, 200).text)}; did not log in</h3>\n${failureParagraph(error)}\n`
}
