// The credential set as the action knows it, and what creating one answered:
// the types every file of deepgram/ (and the summary) shares, with no logic, so
// that any of them may import these without a cycle.

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
  /** The new set's ID, lower-case, when the answer holds one that is a UUID. */
  id?: string
  /** The secret as given, whenever the object that holds the ID has a non-empty string there. */
  secret?: string
  /** Every non-empty `secret` string in the answer (the set's, and one misplaced beside it):
   * the caller masks them all at once, usable or not. */
  masks: string[]
  /** The set, ready for the scope check, when the answer is usable. */
  set?: CredentialSet
  /** Set when the answer is not usable; `where` names the field for 'shape'. */
  unusable?: Unusable
  where?: string
}

/** What became of the set that a create which went unanswered may have made, once looked for
 * by this run's comment (unanswered.ts): found and deleted, not there, or left to the post step. */
export type Recovery = { kind: 'deleted'; ids: string[] } | { kind: 'none' } | { kind: 'later'; why: string }

/** Where the API is, and the key it is asked with. */
export interface ApiAccess {
  apiUrl: string
  projectId: string
  apiKey: string
}

/** The set a run works with, as the inputs choose it: one variant per mode, told apart by
 * `ephemeral`, so that each mode's code has what it needs. Issue 22's rotation modes come as
 * more variants (`rotate`: make a set and keep it; `retire` with `credentialsId`: delete the
 * rotation's other sets), each with its own input as a discriminant (`rotate?: never` here). */
export type SetChoice = StoredSetChoice | JobSetChoice

/** A stored set: its ID (validated, lower-case), and its secret when a step needs it (the image
 * check, the docker config file or the login). */
export interface StoredSetChoice {
  ephemeral: false
  credentialsId: string
  secret?: string
}

/** A set made for this job and deleted by the post step: no ID nor secret until it is made. */
export interface JobSetChoice {
  ephemeral: true
  credentialsId?: never
  secret?: never
}

/** The set the steps work with: the stored one, or the one made for this job. */
export type SetInUse = StoredSetInUse | JobSetInUse

export interface StoredSetInUse {
  kind: 'stored'
  set: CredentialSet
  /** The input's ID, validated and lower-case (not the server's spelling of it). */
  id: string
  /** The input, when a step needs it. */
  secret?: string
}

export interface JobSetInUse {
  kind: 'made-for-job'
  set: CredentialSet
  /** The ID the create answer gave, lower-case. */
  id: string
  secret: string
  /** Until when (ms since the epoch) a registry's refusal of the new set is retried. */
  newSetUntil: number
}
