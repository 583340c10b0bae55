/**
 * What the window and the command line see of sync with a teammate's CouchDB: the status line, the
 * conflicts ("changed by a teammate and by you", both versions kept until the user decides) and how a
 * conflict is resolved. Schemas, so they cross IPC validated like the rest of the API.
 */
import { z } from 'zod'
import { Said } from './model'

/** What a replicated document holds: an annotation, a registry entry, a link, an article's edited details, a claim label. */
export const SYNC_ITEM_KINDS = ['annotation', 'entity', 'link', 'metadata', 'label'] as const
export type SyncItemKind = (typeof SYNC_ITEM_KINDS)[number]

export const SYNC_STATES = ['off', 'connecting', 'synced', 'sending', 'receiving', 'offline', 'error'] as const
export type SyncState = (typeof SYNC_STATES)[number]

export const SyncStatus = z.strictObject({
  state: z.enum(SYNC_STATES),
  /** The database URL (never with a password). */
  url: z.string().max(2000).nullable(),
  /** The member name written as the author of this laptop's changes. */
  member: z.string().max(200).nullable(),
  /** Changes waiting to be sent or received (sending / receiving). */
  pending: z.number().int().nonnegative(),
  /** When both sides last agreed (ISO time), null before the first sync. */
  lastSync: z.string().max(40).nullable(),
  /** One line when state is error or offline (English). */
  message: z.string().max(500).nullable(),
  /** The same by catalog key, for the window to say in its language (null when said in English only). */
  said: Said.nullable(),
  /** The error's code when state is error (wrong password, unreachable, forbidden, not CouchDB). */
  code: z.string().max(40).nullable(),
  /** Conflicts waiting for the user. */
  conflicts: z.number().int().nonnegative(),
})
export type SyncStatus = z.infer<typeof SyncStatus>

/** The status of a workspace that does not sync (and the fields every status starts from). */
export const SYNC_OFF: SyncStatus = {
  state: 'off',
  url: null,
  member: null,
  pending: 0,
  lastSync: null,
  message: null,
  said: null,
  code: null,
  conflicts: 0,
}

/** One side of a conflict: who changed it, when, and what it holds (null: that side deleted it). */
export const ConflictVersion = z.strictObject({
  rev: z.string().max(200),
  author: z.string().max(200),
  changedAt: z.string().max(40),
  removed: z.boolean(),
  value: z.unknown(),
})
export type ConflictVersion = z.infer<typeof ConflictVersion>

export const SyncConflict = z.strictObject({
  /** The replicated document's id (what resolve names). */
  id: z.string().max(300),
  kind: z.enum(SYNC_ITEM_KINDS),
  articleId: z.string().max(64).optional(),
  /** The annotation, entity or link the conflict is about (its id). */
  itemId: z.string().max(300),
  /** The version this laptop shows (its own when it has one). */
  mine: ConflictVersion,
  /** The other versions: a teammate's (or two teammates'). */
  theirs: z.array(ConflictVersion),
  /** An entity two members merged with another in opposite directions: one entity now, which version stays is the choice. */
  crossedMerge: z.boolean().optional(),
})
export type SyncConflict = z.infer<typeof SyncConflict>

/** Keep this laptop's version, a teammate's (by rev), or a merged value the user made. */
export const ConflictChoice = z.union([
  z.strictObject({ keep: z.literal('mine') }),
  z.strictObject({ keep: z.literal('theirs'), rev: z.string().max(200).optional() }),
  z.strictObject({ keep: z.literal('merged'), value: z.unknown() }),
])
export type ConflictChoice = z.infer<typeof ConflictChoice>

export const SyncConnectRequest = z.strictObject({
  url: z.string().min(1).max(2000),
  /** The CouchDB user; the member name shown as author unless `member` is given. */
  username: z.string().min(1).max(200),
  password: z.string().max(1000),
  member: z.string().min(1).max(200).optional(),
})
export type SyncConnectRequest = z.infer<typeof SyncConnectRequest>

/** Who last changed an item, and when (ISO time): the member name written on the replicated document. */
export const SyncAuthor = z.strictObject({ author: z.string().max(200), changedAt: z.string().max(40) })
export type SyncAuthor = z.infer<typeof SyncAuthor>

/** Who last changed each annotation, by article (local id) and annotation id. */
export const AuthorsByArticle = z.record(z.string().max(64), z.record(z.string().max(300), SyncAuthor))
export type AuthorsByArticle = z.infer<typeof AuthorsByArticle>
