// Types of changelog.mjs (plain JavaScript, so that scripts/release and the release workflow run it on any node).
/** The body of the `## [version]` section, trimmed; undefined when there is none. */
export function changelogSection(markdown: string, version: string): string | undefined
