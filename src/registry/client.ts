// The image check's registry client (OCI distribution), as its steps: sign in, give the tagless
// images their release, check every manifest, a few at a time, all within one time limit.
import type { ActionError } from '../errors.js'
import type { ReleaseChoice } from '../common.js'
import type { ResolvedImage } from './image-ref.js'
import { checkManifest, type Checked } from './manifest-check.js'
import { pool } from '../pool.js'
import { applyRelease, type Entry } from './releases.js'
import type { ImageResult, ImageRow, SignIn } from './results.js'
import { CONCURRENCY, openSession, type Session, type SessionRequest } from './session.js'
import { followChallenge, signIn, type SignedIn } from './sign-in.js'

/** `release`: the tag for the images given without one (none: latest, as docker reads it). */
export interface ImageCheckRequest extends Omit<SessionRequest, 'repositories'> {
  images: readonly ResolvedImage[]
  release?: ReleaseChoice
}

/** `fatal`: the registry as a whole failed (credentials, realm, network), no image was checked;
 * `release`: the tag the tagless images got, when `release` chose one. */
export interface ImageCheckAnswer {
  rows: ImageRow[]
  fatal?: ActionError
  signIn?: SignIn
  release?: string
}

const rowOf = ({ image, result }: Checked): ImageRow => ({ image, result })

/** Checks every entry's manifest with `auth`, the decided ones aside; `late` for those the deadline left. */
function checkEntries(
  session: Session,
  entries: readonly Entry[],
  auth: string | undefined,
  late: () => ImageResult
): Promise<Checked[]> {
  return pool(
    entries,
    ({ image, decided }) =>
      decided ? Promise.resolve({ image, result: decided }) : checkManifest(session, image, auth),
    {
      limit: CONCURRENCY,
      deadline: session.deadline,
      late: ({ image, decided }) => ({ image, result: decided ?? late() })
    }
  )
}

/** Signs in (or takes a sign-in under way), gives the tagless images their release, then checks
 * every image, whatever fails. When /v2/ let an anonymous request in but a manifest asks for
 * credentials, its challenge is followed as docker does, then those manifests are asked again. */
export async function checkImages(req: ImageCheckRequest, signedIn?: Promise<SignedIn>): Promise<ImageCheckAnswer> {
  const session = openSession({ ...req, repositories: req.images.map(i => i.name) })
  const auth = await (signedIn ?? signIn(session))
  if (auth.fatal)
    return { rows: req.images.map(image => ({ image, result: { kind: 'not-checked' } })), fatal: auth.fatal }
  const released = await applyRelease(session, req.images, req.release, auth.header)
  const tagsOf = released.outOfTimeOn
  const late = (): ImageResult => ({
    kind: 'not-checked',
    limitS: session.limitMs / 1000,
    ...(tagsOf === undefined ? {} : { tagsOf })
  })
  let checked = await checkEntries(session, released.entries, auth.header, late)
  let signedInAs = auth.signIn
  const challenge = checked.find(c => c.challenge)?.challenge
  if (challenge) {
    const followed = await followChallenge(session, challenge)
    if (followed?.fatal) {
      const rows = checked.map(c =>
        c.challenge ? { image: c.image, result: { kind: 'not-checked' as const } } : rowOf(c)
      )
      return { rows, fatal: followed.fatal }
    }
    if (followed) {
      signedInAs = followed.signIn
      // Only the challenged manifests again, now with the token.
      const again = checked.map(c => (c.challenge ? { image: c.image } : { image: c.image, decided: c.result }))
      checked = await checkEntries(session, again, followed.header, late)
    }
  }
  const rows = checked.map(rowOf)
  return { rows, signIn: signedInAs, release: released.release }
}
