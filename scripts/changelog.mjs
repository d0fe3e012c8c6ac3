// Prints one version's section of CHANGELOG.md (without its heading), for the
// release notes; exits 1, saying why on stderr, when the section is missing or
// empty. Runs on any node, as scripts/release and the release workflow run it:
//
//   node scripts/changelog.mjs 1.2.3 [CHANGELOG.md]
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The body of the `## [version]` section, trimmed; undefined when there is none. */
export function changelogSection(markdown, version) {
  const lines = markdown.split(/\r?\n/)
  const heading = `## [${version}]`
  const start = lines.findIndex(l => l === heading || l.startsWith(`${heading} `))
  if (start < 0) return undefined
  const body = []
  for (const line of lines.slice(start + 1)) {
    // The next section, or the link definitions Keep a Changelog puts at the end.
    if (/^## /.test(line) || /^\[[^\]]+\]:\s/.test(line)) break
    body.push(line)
  }
  return body.join('\n').trim()
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [version, file = 'CHANGELOG.md'] = process.argv.slice(2)
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) {
    console.error('usage: node scripts/changelog.mjs X.Y.Z [CHANGELOG.md]')
    process.exit(2)
  }
  const section = changelogSection(readFileSync(file, 'utf8'), version)
  if (section === undefined) {
    console.error(`${file} has no '## [${version}]' section`)
    process.exit(1)
  }
  if (section === '') {
    console.error(`${file}'s '## [${version}]' section is empty: say what the release changes`)
    process.exit(1)
  }
  process.stdout.write(`${section}\n`)
}
