// Every sentence a user reads about the report itself (the job summary's own
// troubles). The summary's words are in summary.ts, its table labels with them.

export function summaryUnwritable(why: string): string {
  return `Could not write the job summary: ${why}`
}
