// Pure: why a run got no secrets. GitHub passes no Actions secrets to runs for
// pull requests from forks, nor to runs Dependabot starts, so `api-key` and
// `secret` arrive empty; the usual fix is to skip the step for such runs.
import { ActionError } from '../errors.js'
import { isObject } from '../json.js'
import { sanitize } from '../sanitize.js'

export interface RunContext {
  /** GITHUB_EVENT_NAME */
  eventName: string
  /** The parsed GITHUB_EVENT_PATH file, or undefined when absent or unreadable. */
  event: unknown
  /** GITHUB_ACTOR and GITHUB_TRIGGERING_ACTOR ('' when unset). */
  actor: string
  triggeringActor: string
}

export type NoSecrets = { kind: 'fork'; head: string | undefined } | { kind: 'dependabot' }

const DEPENDABOT = 'dependabot[bot]'

/** `if:` conditions that skip the step on such runs. */
export const SKIP_FORKS =
  "if: github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository"
export const SKIP_DEPENDABOT = "if: github.actor != 'dependabot[bot]'"

function get(value: unknown, ...path: string[]): unknown {
  let at = value
  for (const key of path) {
    if (!isObject(at) || !Object.hasOwn(at, key)) return undefined
    at = at[key]
  }
  return at
}

function name(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** Why this run has no secrets, when it is one of the runs GitHub gives none. */
export function whyNoSecrets(ctx: RunContext): NoSecrets | undefined {
  if (ctx.actor === DEPENDABOT || ctx.triggeringActor === DEPENDABOT) return { kind: 'dependabot' }
  // pull_request_target runs in the base repository, with its secrets.
  if (ctx.eventName === 'pull_request_target') return undefined
  const pr = get(ctx.event, 'pull_request')
  if (typeof pr !== 'object' || pr === null) return undefined
  const headRepo = get(pr, 'head', 'repo')
  const head = name(get(headRepo, 'full_name'))
  const base = name(get(pr, 'base', 'repo', 'full_name'))
  // A head repository that differs from the base is a fork (a base repository
  // can itself be a fork, so the names decide when they are there).
  if (head && base) return head.toLowerCase() !== base.toLowerCase() ? { kind: 'fork', head } : undefined
  // A deleted fork leaves head.repo null.
  if (headRepo === null || get(headRepo, 'fork') === true) return { kind: 'fork', head }
  return undefined
}

/** The error for empty secret inputs on such a run: what happened and the `if:` that skips the step. */
export function noSecretsError({ empty, why }: { empty: readonly string[]; why: NoSecrets }): ActionError {
  const inputs =
    empty.length > 1
      ? `Inputs ${empty.map(i => `\`${i}\``).join(' and ')} are empty`
      : `Input \`${empty[0] ?? 'api-key'}\` is empty`
  if (why.kind === 'dependabot') {
    return new ActionError(
      'No secrets on a Dependabot run',
      `${inputs}: this run was started by Dependabot, and GitHub gives Dependabot runs only Dependabot secrets, not Actions secrets. ` +
        `Skip this step on Dependabot runs with \`${SKIP_DEPENDABOT}\`, or store the values as Dependabot secrets too ` +
        '(Settings → Secrets and variables → Dependabot).'
    )
  }
  const from = why.head ? `the fork ${sanitize(why.head, 100)}` : 'a fork'
  return new ActionError(
    'No secrets on a fork pull request',
    `${inputs}: this run is for a pull request from ${from}, and GitHub passes no secrets to runs for pull requests from forks. ` +
      `Skip this step on such runs with \`${SKIP_FORKS}\`.`
  )
}
