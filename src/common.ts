// The few rules and names every part of the action shares: the inputs, the
// Deepgram client, the registry check and docker all use them. It imports no
// folder of src/, so that any of them may import it without a cycle.

/** A credential set's ID (distribution_credentials_id): a UUID, any letter case. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function isUuid(value: string): boolean {
  return UUID.test(value)
}

// A host name, IPv4 or bracketed IPv6, an optional port, an optional path (docker accepts
// registry/namespace); never a leading '-' (argument injection), a space or a line break.
const REGISTRY =
  /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::[0-9]{1,5})?(?:\/[a-z0-9._-]+)*$/i

/** A registry as the `registry` input takes it, and as the post step logs out of it: a host with
 * an optional port (and namespace), nothing a client could read as an option. */
export function isRegistryName(value: string): boolean {
  return REGISTRY.test(value)
}

/** The registry username of a set: `deepgram+` and its ID, lower-case. */
export function usernameFor(id: string): string {
  return `deepgram+${id.toLowerCase()}`
}

/** base64 of `username:secret`: what a docker config file keeps and an Authorization: Basic header carries. */
export function basicCredentials(username: string, secret: string): string {
  return Buffer.from(`${username}:${secret}`).toString('base64')
}

/** The container CLIs that log in. */
export type ClientName = 'docker' | 'podman'

/** The `client` input: one of them, or auto (docker if on PATH, else podman). */
export type ClientChoice = ClientName | 'auto'

/** What `release` asks for: the newest release every tagless image has (`fips`: the newest FIPS
 * release, `release: latest-fips`), or one named release (plain or FIPS). */
export type ReleaseChoice = { kind: 'latest'; fips?: boolean } | { kind: 'named'; tag: string }

const RELEASE_TAG = /^release-(\d\d)(\d\d)(\d\d)$/

/** Deepgram's release tags: exactly `release-YYMMDD` with a real date (month 01–12, a day the month
 * has), nothing after it. Suffixed builds (`release-260812-fips`) and version tags are not releases. */
export function isReleaseTag(tag: string): boolean {
  const m = RELEASE_TAG.exec(tag)
  if (!m) return false
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  if (month < 1 || month > 12 || day < 1) return false
  // Day 0 of the next month is the last day of this one (20YY: leap years as the calendar has them).
  return day <= new Date(Date.UTC(2000 + year, month, 0)).getUTCDate()
}

/** Deepgram's FIPS builds of a release: exactly `release-YYMMDD-fips`, the release a real date. */
export function isFipsReleaseTag(tag: string): boolean {
  return tag.endsWith('-fips') && isReleaseTag(tag.slice(0, -'-fips'.length))
}

// Date, time (seconds with any number of decimals: the API sends six), and Z or an offset.
const TIMESTAMP =
  /^(\d{4})-(\d\d)-(\d\d)T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d+)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/i

/** A full ISO 8601 timestamp (a set's `created`, a key's `expiration_date`) as epoch ms; undefined
 * for anything less (Date.parse reads "1" and "2024" as dates long past) or a day the month lacks. */
export function timestampOf(text: string): number | undefined {
  const m = TIMESTAMP.exec(text)
  if (!m) return undefined
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  // Day 0 of the next month is the last day of this one (Date.parse rolls 02-31 on to March).
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : at
}
