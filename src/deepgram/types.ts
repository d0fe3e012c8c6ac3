// The types every file of deepgram/ (and the summary) shares, with no logic: any of them may import these without a cycle.

/** A distribution credential set, as the API lists it (its secret is never listed). */
export interface CredentialSet {
  id: string
  provider: string
  comment: string
  scopes: string[]
  created: string
}

/** Why an answer to creating a set is not a set the action can use. */
export type Unusable = 'no-id' | 'no-secret' | 'shape'

/** What the answer to creating a set holds (created.ts reads it). */
export interface CreatedAnswer {
  /** The new set's ID as the answer spells it (deletes use that spelling), when it is a UUID. */
  id?: string
  /** The secret as given, whenever the object that holds the ID has a non-empty string there. */
  secret?: string
  /** Every non-empty `secret` string in the answer (the caller masks them all, usable or not). */
  masks: string[]
  /** The set, ready for the scope check, when the answer is usable. */
  set?: CredentialSet
  /** Set when the answer is not usable; `where` names the field for 'shape'. */
  unusable?: Unusable
  where?: string
}

/** Where the API is, and the key it is asked with. */
export interface ApiAccess {
  apiUrl: string
  projectId: string
  apiKey: string
}

/** The set the steps work with: the stored one, or one made by this job. */
export type SetInUse = StoredSetInUse | JobSetInUse | RotationSetInUse

export interface StoredSetInUse {
  kind: 'stored'
  set: CredentialSet
  /** The input's ID, validated and lower-case (not the server's spelling of it). */
  id: string
  /** The input, when a step needs it. */
  secret?: string
}

/** A set this job made: its ID and secret are the create answer's. */
export interface MadeSet {
  set: CredentialSet
  /** The ID the create answer gave, lower-case. */
  id: string
  secret: string
  /** Until when (ms since the epoch) a registry's refusal of the new set is retried. */
  newSetUntil: number
}

/** Made for this job (`ephemeral`): the post step deletes it. */
export type JobSetInUse = MadeSet & { kind: 'made-for-job' }

/** Made for rotation `name` (`rotate`): kept when the main step succeeds, else deleted. */
export type RotationSetInUse = MadeSet & { kind: 'made-for-rotation'; name: string }

/** What `retire` did with one of the rotation's other sets. */
export type RetireResult = { kind: 'retired' } | { kind: 'gone' } | { kind: 'failed'; why: string }

/** What a `retire` run found and did: `refused` (the set to keep is missing, or not of this
 * rotation: nothing was deleted), or `done` (the other sets, oldest first, and what became of each). */
export type Retirement =
  | { kind: 'refused'; name: string; keepId: string; why: 'missing' | 'other' }
  | { kind: 'done'; name: string; keep: CredentialSet; others: { set: CredentialSet; result: RetireResult }[] }

/** What a failed request to the API was for. */
export type ApiOperation =
  { kind: 'list' } | { kind: 'get'; id: string } | { kind: 'create' } | { kind: 'delete'; id: string }

/** A failed answer of the API, as its message describes it. */
export interface FailedResponse {
  status: number
  body: string
  location?: string
  attempts: number
  projectId: string
  /** The body was longer than the client reads: only its start is here. */
  truncated?: boolean
  /** The list, unless said otherwise. */
  operation?: ApiOperation
}
