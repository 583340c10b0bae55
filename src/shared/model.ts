/**
 * The domain model shared by every process: articles, their text, annotations, the workspace index.
 * Pure TypeScript and zod, nothing platform-specific. Every value that crosses a process boundary or is
 * read from disk is parsed with one of these schemas first.
 */
import { z } from 'zod'

import { ANNOTATION_KINDS, BLOCK_TYPES, CLAIM_STATUSES, ENTITY_TYPES, QUOTE_MODES } from './vocabulary'

export * from './vocabulary'

/** Upper bounds that keep a hostile or broken payload from exhausting memory. */
export const LIMITS = {
  idLength: 64,
  shortText: 500,
  note: 20_000,
  tags: 50,
  /** Largest article text we keep in memory and render (characters, UTF-16). */
  articleChars: 20_000_000,
} as const

/** Ids are opaque, URL- and file-name-safe tokens: no dots, slashes or NUL, so never a path. */
export const Id = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'ids are 1-64 letters, digits, "-" or "_"')
export const ArticleId = Id
export const AnnotationId = Id

const ShortText = z.string().max(LIMITS.shortText)
const NoteText = z.string().max(LIMITS.note)
const Tags = z.array(z.string().min(1).max(100)).max(LIMITS.tags)
const Offset = z.number().int().nonnegative().max(LIMITS.articleChars)
const Timestamp = z.string().max(40)

/** Kind-specific attributes. Defaults fill in what a new tag has not been given yet. */
export const QuoteAttributes = z.strictObject({
  /** Who said it: a name as the journalist typed it. */
  speaker: ShortText.default(''),
  mode: z.enum(QUOTE_MODES).default('direct'),
})
export const ClaimAttributes = z.strictObject({
  status: z.enum(CLAIM_STATUSES).default('unchecked'),
})
export const EntityAttributes = z.strictObject({
  entityType: z.enum(ENTITY_TYPES).default('person'),
})

/** Fields every annotation has, whatever its kind. */
const annotationBase = {
  id: AnnotationId,
  /** Start of the span in the article text, a UTF-16 index (JavaScript string offset). */
  start: Offset,
  /** End of the span, exclusive. */
  end: Offset,
  /** The exact text of the span when it was anchored: the quote selector. */
  exact: z.string().max(LIMITS.articleChars),
  /** Up to 32 characters before and after the span, to find it again if the file changes. */
  prefix: z.string().max(64).default(''),
  suffix: z.string().max(64).default(''),
  note: NoteText.default(''),
  tags: Tags.default([]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
}

export const QuoteAnnotation = z.strictObject({
  ...annotationBase,
  kind: z.literal('quote'),
  attributes: QuoteAttributes,
})
export const ClaimAnnotation = z.strictObject({
  ...annotationBase,
  kind: z.literal('claim'),
  attributes: ClaimAttributes,
})
export const EntityAnnotation = z.strictObject({
  ...annotationBase,
  kind: z.literal('entity'),
  attributes: EntityAttributes,
})

/** One tagged span. Offsets in the app are UTF-16; exports convert to code points. */
export const Annotation = z
  .discriminatedUnion('kind', [QuoteAnnotation, ClaimAnnotation, EntityAnnotation])
  .refine((a) => a.end > a.start, { message: 'an annotation must cover at least one character' })
export type Annotation = z.infer<typeof Annotation>
export type QuoteAnnotation = z.infer<typeof QuoteAnnotation>
export type ClaimAnnotation = z.infer<typeof ClaimAnnotation>
export type EntityAnnotation = z.infer<typeof EntityAnnotation>

/** What the renderer sends to create an annotation; main fills in the quote selector and timestamps. */
export const AnnotationDraft = z
  .strictObject({
    id: AnnotationId,
    kind: z.enum(ANNOTATION_KINDS),
    start: Offset,
    end: Offset,
    /** Optional kind attributes; validated against the kind's own schema by main. */
    attributes: z.record(z.string(), z.unknown()).optional(),
    note: NoteText.optional(),
    tags: Tags.optional(),
  })
  .refine((d) => d.end > d.start, { message: 'an annotation must cover at least one character' })
export type AnnotationDraft = z.infer<typeof AnnotationDraft>

/** The editable fields of an annotation. Offsets and kind are not edited in place. */
export const AnnotationPatch = z.strictObject({
  attributes: z.record(z.string(), z.unknown()).optional(),
  note: NoteText.optional(),
  tags: Tags.optional(),
})
export type AnnotationPatch = z.infer<typeof AnnotationPatch>

/** A block is a range of the article text; the text between blocks is separator whitespace. */
export const Block = z.strictObject({
  type: z.enum(BLOCK_TYPES),
  start: Offset,
  end: Offset,
  /** Heading level 1-6; absent for other blocks. */
  level: z.number().int().min(1).max(6).optional(),
})
export type Block = z.infer<typeof Block>

/** Descriptive metadata, taken from the file where it states it and editable by the user. */
export const ArticleMetadata = z.strictObject({
  title: ShortText.optional(),
  byline: ShortText.optional(),
  outlet: ShortText.optional(),
  date: ShortText.optional(),
  url: z.string().max(2000).optional(),
  language: z.string().max(35).optional(),
})
export type ArticleMetadata = z.infer<typeof ArticleMetadata>

/**
 * Any imported format becomes this: one normalised string (NFC, "\n" line ends, no BOM) and its
 * blocks as ordered, non-overlapping ranges of that string.
 */
export interface ArticleText {
  text: string
  blocks: Block[]
  metadata: ArticleMetadata
}

export const ANNOTATION_COUNT_ZERO = { quote: 0, claim: 0, entity: 0 }
export const AnnotationCounts = z.strictObject({
  quote: z.number().int().nonnegative(),
  claim: z.number().int().nonnegative(),
  entity: z.number().int().nonnegative(),
})
export type AnnotationCounts = z.infer<typeof AnnotationCounts>

/** One row of the library sidebar. */
export const ArticleSummary = z.strictObject({
  id: ArticleId,
  /** Path relative to the workspace root, with "/" separators. */
  path: z.string(),
  title: z.string(),
  language: z.string().optional(),
  counts: AnnotationCounts,
  /** Why the file could not be read, in one line; absent when it opened fine. */
  error: z.string().optional(),
})
export type ArticleSummary = z.infer<typeof ArticleSummary>

/** What the renderer knows about the open workspace. */
export const WorkspaceState = z.strictObject({
  root: z.string(),
  name: z.string(),
  articles: z.array(ArticleSummary),
})
export type WorkspaceState = z.infer<typeof WorkspaceState>

/** An article opened for reading and tagging. */
export const OpenedArticle = z.strictObject({
  id: ArticleId,
  path: z.string(),
  contentHash: z.string(),
  metadata: ArticleMetadata,
  text: z.string(),
  blocks: z.array(Block),
  annotations: z.array(Annotation),
})
export type OpenedArticle = z.infer<typeof OpenedArticle>
