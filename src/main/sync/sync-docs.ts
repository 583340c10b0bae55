/**
 * How workspace data maps to CouchDB documents, one document per item so that two people's edits to
 * different items never conflict:
 *
 *   annotation:<articleId>:<annotationId>   one annotation (its article's sync id, the text hash it was made on)
 *   entity:<entityId>                       one entry of the entity registry
 *   link:<linkId>                           one link between annotations
 *   metadata:<articleId>                    an article's edited details (title, byline, …)
 *   label:<label>                           a claim status label the workspace added
 *   article:<articleId>                     an article: its path and the hash of its text
 *   text:<contentHash>                      an article text, as the attachment `text.txt`
 *
 * Item documents carry `author` (the member name) and `changedAt`. A deletion is a document with
 * `removed: true`, not a CouchDB deletion, so an edit against a delete is a conflict CouchDB keeps
 * rather than a deletion it quietly loses; an entity removed by a merge says into which (`mergedInto`),
 * so mentions that name it anywhere can follow it (entity-merges.ts). Documents from the server are
 * untrusted: `parseItemDoc` validates each value with the model's schemas before anything reaches the
 * workspace.
 */
import { createHash } from 'node:crypto'
import { z } from 'zod'
import { Annotation, ArticleMetadata, ClaimStatusLabel, Entity, Id, Link } from '../../shared/model'
import type { SyncItemKind } from '../../shared/sync'
import type { PouchDoc } from './pouch'

export interface ItemDoc extends PouchDoc {
  type: SyncItemKind
  author: string
  changedAt: string
  removed?: boolean
  articleId?: string
  textHash?: string
  /** On a removed entity: the entity it was merged into (absent: deleted, or merged before this was recorded). */
  mergedInto?: string
  /** On a present entity: the entities merged into it (how crossed merges are told from chained ones). */
  absorbed?: string[]
  /** On a version of a crossed merge's survivor: the entity it was (the merge that kept that one). */
  mergedFrom?: string
  value: unknown
}

export interface ArticleDoc extends PouchDoc {
  type: 'article'
  path: string
  contentHash: string
  author: string
  changedAt: string
}

/** What a document says about its item: present with a value, or removed. */
export interface ItemContent {
  removed: boolean
  value: unknown
}

const VALUE_SCHEMAS: Record<SyncItemKind, z.ZodType> = {
  annotation: Annotation,
  entity: Entity,
  link: Link,
  metadata: ArticleMetadata.omit({ source: true }),
  label: ClaimStatusLabel,
}

const ItemEnvelope = z.object({
  _id: z.string().max(400),
  type: z.enum(['annotation', 'entity', 'link', 'metadata', 'label']),
  author: z.string().max(200),
  changedAt: z.string().max(40),
  removed: z.boolean().optional(),
  articleId: Id.optional(),
  textHash: z.string().max(100).optional(),
  mergedInto: Id.optional(),
  absorbed: z.array(Id).max(10_000).optional(),
  mergedFrom: Id.optional(),
  value: z.unknown(),
})

const ArticleEnvelope = z.object({
  _id: z.string().max(400),
  type: z.literal('article'),
  path: z.string().min(1).max(1000),
  contentHash: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  author: z.string().max(200),
  changedAt: z.string().max(40),
})

export function annotationDocId(articleId: string, annotationId: string): string {
  return `annotation:${articleId}:${annotationId}`
}

export function itemDocId(kind: Exclude<SyncItemKind, 'annotation'>, id: string): string {
  return `${kind}:${id}`
}

export const articleDocId = (articleId: string): string => `article:${articleId}`
export const textDocId = (contentHash: string): string => `text:${contentHash}`
export const TEXT_ATTACHMENT = 'text.txt'

/** The kind of document an id names (null: not one of ours, e.g. a design document). */
export function kindOfDocId(id: string): SyncItemKind | 'article' | 'text' | null {
  const kind = id.slice(0, id.indexOf(':'))
  return (['annotation', 'entity', 'link', 'metadata', 'label', 'article', 'text'] as const).find((k) => k === kind) ?? null
}

/** The item id inside a document id (the annotation's id for an annotation). */
export function itemIdOf(docId: string): string {
  return docId.slice(docId.lastIndexOf(':') + 1)
}

/** An item document checked against the model's schemas; null when it is not a valid one. */
export function parseItemDoc(doc: PouchDoc): ItemDoc | null {
  const envelope = ItemEnvelope.safeParse(doc)
  if (!envelope.success) return null
  const { type, removed, value } = envelope.data
  if (type === 'annotation' && !envelope.data.articleId) return null
  if (removed) return { ...doc, ...envelope.data, value: null }
  const parsed = VALUE_SCHEMAS[type].safeParse(value)
  if (!parsed.success) return null
  const item = { ...doc, ...envelope.data, value: parsed.data } as ItemDoc
  // The id inside the value must be the one the document is named for.
  if ((type === 'annotation' || type === 'entity' || type === 'link') && (parsed.data as { id: string }).id !== itemIdOf(doc._id))
    return null
  return item
}

export function parseArticleDoc(doc: PouchDoc): ArticleDoc | null {
  const parsed = ArticleEnvelope.safeParse(doc)
  return parsed.success ? ({ ...doc, ...parsed.data } as ArticleDoc) : null
}

/** Keys of values already fingerprinted: the workspace replaces an item's object when it changes. */
const keys = new WeakMap<object, string>()

/** A short fingerprint of an item's content: equal content, equal key, whatever the key order. */
export function contentKey(content: ItemContent): string {
  if (content.removed) return 'removed'
  const value = content.value
  const cached = value && typeof value === 'object' ? keys.get(value) : undefined
  if (cached) return cached
  const key = createHash('sha1').update(stableJson(value)).digest('base64')
  if (value && typeof value === 'object') keys.set(value, key)
  return key
}

export function contentOf(doc: ItemDoc): ItemContent {
  return { removed: doc.removed === true, value: doc.removed ? null : doc.value }
}

function stableJson(value: unknown): string {
  if (value === undefined) return 'null'
  if (value === null || typeof value !== 'object') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`
}
