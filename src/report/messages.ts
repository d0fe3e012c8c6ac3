// Every sentence a user reads about the report itself (the job summary's own
// troubles, and what display.ts cut to fit). The summary's words are in
// summary.ts, its table labels with them.
import type { Notice } from '../errors.js'

export function summaryUnwritable(why: string): string {
  return `Could not write the job summary: ${why}`
}

/** The fields display.ts cut to fit the outputs and the summary. */
export function fieldsCut(cuts: readonly string[]): Notice {
  return {
    title: 'Long API fields cut',
    message:
      `The credential set's ${cuts.join(', ')} ${cuts.length > 1 ? 'were' : 'was'} too long to copy whole: ` +
      'the outputs and the job summary hold the start only.'
  }
}
