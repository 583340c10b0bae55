/**
 * The domain model shared by every process: articles, their text, annotations, the workspace index.
 * Pure TypeScript and zod, nothing platform-specific. Every value that crosses a process boundary or is
 * read from disk is parsed with one of these schemas first.
 *
 * Over 500 lines on purpose: these schemas are one vocabulary (annotations refer to entities, exports
 * to both, the API to all), and keeping them in one file keeps their cross-references in one place.
 */
import { z } from 'zod'

import { ANNOTATION_KINDS, BLOCK_TYPES, ENTITY_TYPES, LINK_RELATIONS, QUOTE_MODES } from './vocabulary'

export * from './vocabulary'

/** Upper bounds that keep a hostile or broken payload from exhausting memory. */
export const LIMITS = {
  idLength: 64,
  shortText: 500,
  note: 20_000,
  tags: 50,
  /** Largest article text we keep in memory and render (characters, UTF-16). */
  articleChars: 20_000_000,
  /** Most OCR words marked as uncertain in one article (the rest are left unmarked). */
  uncertainWords: 50_000,
} as const

/** What an id is: an opaque, URL- and file-name-safe token; no dots, slashes or NUL, so never a path. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

/** Ids are opaque, URL- and file-name-safe tokens: no dots, slashes or NUL, so never a path. */
export const Id = z.string().regex(ID_PATTERN, 'ids are 1-64 letters, digits, "-" or "_"')
export const ArticleId = Id
export const AnnotationId = Id

const ShortText = z.string().max(LIMITS.shortText)
const NoteText = z.string().max(LIMITS.note)
const Tags = z.array(z.string().min(1).max(100)).max(LIMITS.tags)
const Offset = z.number().int().nonnegative().max(LIMITS.articleChars)
const Timestamp = z.string().max(40)

/** Kind-specific attributes. Defaults fill in what a new tag has not been given yet. */
/** A claim status: one of CLAIM_STATUSES or a label the workspace defined. */
export const ClaimStatusLabel = z
  .string()
  .min(1)
  .max(60)
  // eslint-disable-next-line no-control-regex -- rejecting control characters is the point
  .regex(/^[^\u0000-\u001f]+$/, 'a status label is one line of text')

export const QuoteAttributes = z.strictObject({
  /** Who said it, as shown: the registry entity's name when linked, else what the journalist typed. */
  speaker: ShortText.default(''),
  /** The speaker's entity in the workspace registry. */
  speakerId: Id.optional(),
  mode: z.enum(QUOTE_MODES).default('direct'),
})
export const ClaimAttributes = z.strictObject({
  status: ClaimStatusLabel.default('unchecked'),
})
export const EntityAttributes = z.strictObject({
  entityType: z.enum(ENTITY_TYPES).default('person'),
  /** The canonical entity this span mentions; absent for an untyped (unlinked) mention. */
  entityId: Id.optional(),
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
  /**
   * How the last re-anchoring after a change of the article file went: moved (exact text found
   * elsewhere), fuzzy (similar text found) or orphaned (not found: offsets and text are the old ones,
   * kept until the user re-attaches it). Absent when the text is where it was tagged.
   */
  anchor: z.enum(['moved', 'fuzzy', 'orphaned']).optional(),
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

/**
 * Where an article's text came from when it was not typed: `ocr`, read from scanned pages or images,
 * with the models' languages, the mean word confidence (0-100), and the words the OCR was unsure of
 * as [start, end, confidence] (UTF-16 offsets into the text), for the view to mark. Not editable.
 */
export const TextSource = z.strictObject({
  kind: z.literal('ocr'),
  languages: z.array(z.string().max(35)).max(10),
  confidence: z.number().min(0).max(100),
  pages: z.number().int().nonnegative().optional(),
  uncertain: z
    .array(z.tuple([Offset, Offset, z.number().min(0).max(100)]))
    .max(LIMITS.uncertainWords)
    .optional(),
})
export type TextSource = z.infer<typeof TextSource>

/** A tesseract model's code, as its `@tesseract.js-data/<code>` package names it ('spa', 'eng', 'chi_sim'). */
export const OcrModel = z.string().regex(/^[a-z_]{3,12}$/)

/** An OCR model installed, with the ISO 639-1 code of its language when known ('spa' → 'es'). */
export const OcrLanguage = z.strictObject({ model: OcrModel, language: z.string().max(35) })
export type OcrLanguage = z.infer<typeof OcrLanguage>

/** Descriptive metadata, taken from the file where it states it and editable by the user. */
export const ArticleMetadata = z.strictObject({
  title: ShortText.optional(),
  byline: ShortText.optional(),
  outlet: ShortText.optional(),
  date: ShortText.optional(),
  url: z.string().max(2000).optional(),
  language: z.string().max(35).optional(),
  /** Absent for text the file holds as text. */
  source: TextSource.optional(),
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

export const AnnotationCounts = z.strictObject({
  quote: z.number().int().nonnegative(),
  claim: z.number().int().nonnegative(),
  entity: z.number().int().nonnegative(),
})
export type AnnotationCounts = z.infer<typeof AnnotationCounts>

/** One row of the library sidebar. */
/** A message by catalog key and values (shared/i18n `Said`): main says it, the window words it in its language. */
export const Said = z.strictObject({
  key: z.string().max(200),
  vars: z.record(z.string().max(100), z.union([z.string().max(LIMITS.shortText), z.number()])).optional(),
})

export const ArticleSummary = z.strictObject({
  id: ArticleId,
  /** Path relative to the workspace root, with "/" separators. */
  path: z.string(),
  title: z.string(),
  language: z.string().optional(),
  /** Absent while the workspace is still counting the article's annotations (just after it opened). */
  counts: AnnotationCounts.optional(),
  /** Why the file could not be read, in one line (English); absent when it opened fine. */
  error: z.string().optional(),
  /** The same by key, for the window to say in its language (absent for an unexpected failure). */
  errorSaid: Said.optional(),
  /** What reading the file had to assume, in one line (a text file that is not valid UTF-8). */
  warning: z.string().optional(),
  warningSaid: Said.optional(),
  /**
   * A scan waiting to be read by OCR in the background ('pending'), being read (page `page` of
   * `pages`), or whose reading was cancelled ('stopped'); absent once its text is read.
   */
  ocr: z
    .strictObject({
      state: z.enum(['pending', 'reading', 'stopped']),
      page: z.number().int().positive().optional(),
      pages: z.number().int().positive().optional(),
    })
    .optional(),
})
export type ArticleSummary = z.infer<typeof ArticleSummary>

/** What the renderer knows about the open workspace. */
export const WorkspaceState = z.strictObject({
  root: z.string(),
  name: z.string(),
  articles: z.array(ArticleSummary),
  /** Claim status labels this workspace added to CLAIM_STATUSES. */
  claimStatuses: z.array(z.string()),
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

/** A timestamp: milliseconds since the epoch when that reproduces the string exactly, else the string. */
const PackedTime = z.union([z.number().int(), z.string().max(40)])
const Index = z.number().int().nonnegative()

/** Columns of the annotations; sparse fields are [index, value] pairs. */
export const PackedAnnotations = z.strictObject({
  ids: z.array(AnnotationId),
  kinds: z.string().regex(/^[qce]*$/),
  starts: z.array(Index),
  ends: z.array(Index),
  /** Distinct attribute objects; `attributeRefs[i]` indexes into it. */
  attributes: z.array(z.record(z.string(), z.unknown())),
  attributeRefs: z.array(Index),
  createdAt: z.array(PackedTime),
  /** Milliseconds after createdAt when both are numbers, else the string. */
  updatedAt: z.array(PackedTime),
  /** Only where `exact` is not the text between the offsets (orphaned annotations keep their old text). */
  exact: z.array(z.tuple([Index, z.string()])),
  prefix: z.array(z.tuple([Index, z.string()])),
  suffix: z.array(z.tuple([Index, z.string()])),
  note: z.array(z.tuple([Index, z.string()])),
  tags: z.array(z.tuple([Index, z.array(z.string())])),
  anchor: z.array(z.tuple([Index, z.enum(['moved', 'fuzzy', 'orphaned'])])),
})
export type PackedAnnotations = z.infer<typeof PackedAnnotations>

/**
 * An opened article as it crosses to the window: its annotations packed into columns
 * (shared/packed-article.ts packs and unpacks).
 */
export const PackedArticle = OpenedArticle.extend({ annotations: PackedAnnotations })
export type PackedArticle = z.infer<typeof PackedArticle>

/** A canonical person, organisation, place or event, shared by every article of the workspace. */
export const Entity = z.strictObject({
  id: Id,
  name: z.string().min(1).max(LIMITS.shortText),
  type: z.enum(ENTITY_TYPES),
  /** Other ways articles refer to it: "Putin", "el mandatario ruso". */
  aliases: z.array(z.string().min(1).max(LIMITS.shortText)).max(200).default([]),
  note: NoteText.default(''),
  createdAt: Timestamp,
  updatedAt: Timestamp,
})
export type Entity = z.infer<typeof Entity>

export const EntityDraft = z.strictObject({
  id: Id,
  name: z.string().trim().min(1).max(LIMITS.shortText),
  type: z.enum(ENTITY_TYPES),
  aliases: z.array(z.string().trim().min(1).max(LIMITS.shortText)).max(200).optional(),
  note: NoteText.optional(),
})
export type EntityDraft = z.infer<typeof EntityDraft>

export const EntityPatch = z.strictObject({
  name: z.string().trim().min(1).max(LIMITS.shortText).optional(),
  type: z.enum(ENTITY_TYPES).optional(),
  aliases: z.array(z.string().trim().min(1).max(LIMITS.shortText)).max(200).optional(),
  note: NoteText.optional(),
})
export type EntityPatch = z.infer<typeof EntityPatch>

/** Points at one annotation of one article. */
export const AnnotationRef = z.strictObject({ articleId: ArticleId, annotationId: AnnotationId })
export type AnnotationRef = z.infer<typeof AnnotationRef>

/** A directed link between two annotations, possibly in different articles. */
export const Link = z.strictObject({
  id: Id,
  from: AnnotationRef,
  to: AnnotationRef,
  relation: z.enum(LINK_RELATIONS),
  createdAt: Timestamp,
})
export type Link = z.infer<typeof Link>

export const LinkDraft = z.strictObject({ id: Id, from: AnnotationRef, to: AnnotationRef, relation: z.enum(LINK_RELATIONS) })
export type LinkDraft = z.infer<typeof LinkDraft>

/** A link as one article's panel shows it: with the annotation at the other end. */
export const LinkView = z.strictObject({
  link: Link,
  /** The end of the link that is not in the article asked about (or `to` when both are). */
  other: z.strictObject({
    articleId: ArticleId,
    path: z.string(),
    title: z.string(),
    annotationId: AnnotationId,
    kind: z.enum(ANNOTATION_KINDS),
    exact: z.string(),
  }),
  /** Whether this article holds the link's `from` end. */
  outgoing: z.boolean(),
})
export type LinkView = z.infer<typeof LinkView>

/** Every annotation that refers to one entity, grouped by article. */
export const EntityMentions = z.array(
  z.strictObject({
    articleId: ArticleId,
    path: z.string(),
    title: z.string(),
    mentions: z.array(
      z.strictObject({
        annotationId: AnnotationId,
        kind: z.enum(ANNOTATION_KINDS),
        role: z.enum(['mention', 'speaker']),
        exact: z.string(),
        start: Offset,
        end: Offset,
      }),
    ),
  }),
)
export type EntityMentions = z.infer<typeof EntityMentions>

/** Untagged occurrences of an entity's name or aliases, grouped by article. */
export const OccurrenceGroups = z.array(
  z.strictObject({
    articleId: ArticleId,
    path: z.string(),
    title: z.string(),
    matches: z.array(
      z.strictObject({
        start: Offset,
        end: Offset,
        exact: z.string(),
        /** The sentence around the match (shared/suggest/context.ts), to judge it without opening the article. */
        before: z.string().max(200).optional(),
        after: z.string().max(200).optional(),
      }),
    ),
  }),
)
export type OccurrenceGroups = z.infer<typeof OccurrenceGroups>

/** What undoing a merge needs: the entity that disappeared and every reference that was moved. */
/** An annotation that pointed at an entity: as its mention (`entityId`) or as a quote's speaker (`speakerId`). */
export const EntityReference = z.strictObject({
  articleId: ArticleId,
  annotationId: AnnotationId,
  field: z.enum(['entityId', 'speakerId']),
})
export type EntityReference = z.infer<typeof EntityReference>

export const MergeRecord = z.strictObject({
  kept: Entity,
  keptBefore: Entity,
  removed: Entity,
  moved: z.array(EntityReference),
})
export type MergeRecord = z.infer<typeof MergeRecord>

/** What deleting an entity did, enough to undo it: the entity as it was and the references it unlinked. */
export const EntityDeleteRecord = z.strictObject({
  removed: Entity,
  unlinked: z.array(EntityReference),
})
export type EntityDeleteRecord = z.infer<typeof EntityDeleteRecord>

/** What an import did: files copied in, files refused with the reason, whether it was cancelled. */
export const ImportOutcome = z.strictObject({
  imported: z.array(z.string()),
  /** Each file not imported: why in English, and by key for the window to say in its language. */
  failed: z.array(z.strictObject({ name: z.string(), reason: z.string(), reasonSaid: Said.optional() })),
  cancelled: z.boolean(),
})
export type ImportOutcome = z.infer<typeof ImportOutcome>

/** A metadata edit: each given field replaces the file's value; an empty string reverts to it. */
export const MetadataPatch = z.strictObject({
  title: z.string().max(LIMITS.shortText).optional(),
  byline: z.string().max(LIMITS.shortText).optional(),
  outlet: z.string().max(LIMITS.shortText).optional(),
  date: z.string().max(LIMITS.shortText).optional(),
  url: z.string().max(2000).optional(),
  language: z.string().max(35).optional(),
})
export type MetadataPatch = z.infer<typeof MetadataPatch>

/** Search results across the workspace, grouped by article (entity-name hits under articleId null). */
export const SearchResults = z.strictObject({
  /** Matching passages (paragraphs, annotations, entities), all of them. */
  total: z.number().int(),
  /** Articles (and the entity registry) with a match; `groups` holds the best of them. */
  articles: z.number().int().optional(),
  /**
   * False while the index is still being built: the results cover only the articles indexed so far
   * (`indexing` says how far), so they are partial. A client waits for true before trusting a count.
   */
  complete: z.boolean(),
  /** Present while the index is still being built: results cover the articles indexed so far. */
  indexing: z.strictObject({ done: z.number().int(), total: z.number().int() }).optional(),
  groups: z.array(
    z.strictObject({
      articleId: ArticleId.nullable(),
      path: z.string(),
      title: z.string(),
      hits: z.array(
        z.strictObject({
          kind: z.enum(['text', 'annotation', 'entity']),
          snippet: z.string(),
          /** Matched words within the snippet. */
          highlights: z.array(z.tuple([z.number().int(), z.number().int()])),
          /** The first match in the article text (UTF-16), to open the article at it. */
          start: Offset,
          end: Offset,
          annotationId: AnnotationId.optional(),
          entityId: Id.optional(),
        }),
      ),
    }),
  ),
})
export type SearchResults = z.infer<typeof SearchResults>

const CompareSpan = z.strictObject({ start: Offset, end: Offset })
const CompareSideSpan = z.strictObject({ start: Offset, end: Offset, text: z.string() })

/**
 * Two articles side by side (compare v2, shared/compare/compare-v2.ts): paragraphs paired without
 * keeping order, each pair with its confidence and its sentence pairs; the paragraphs only in one
 * version; the items that differ, each with the exact spans and the sentence on both sides; quotes paired.
 */
export const Comparison = z.strictObject({
  pairs: z.array(
    z.strictObject({
      left: z.number().int(),
      right: z.number().int(),
      /** 0–1, shown to the user. */
      confidence: z.number(),
      /** 'fixed': paired by hand; 'part': a split or merged paragraph. */
      how: z.enum(['auto', 'fixed', 'part']),
      sentences: z.array(z.strictObject({ left: CompareSpan, right: CompareSpan, confidence: z.number() })),
    }),
  ),
  onlyLeft: z.array(z.number().int()),
  onlyRight: z.array(z.number().int()),
  items: z.array(
    z.strictObject({
      kind: z.enum(['number', 'date', 'name', 'negation', 'quote', 'speaker']),
      severity: z.enum(['high', 'medium', 'low']),
      /**
       * What differs, in a journalist's words, naming the articles: a message key of the catalogs
       * (`findings.*`) and its values, written in the reader's language (compare/items.ts itemMessage).
       */
      says: Said,
      leftBlock: z.number().int(),
      rightBlock: z.number().int(),
      /** The differing words on each side (empty where the thing is missing). */
      left: z.array(CompareSideSpan),
      right: z.array(CompareSideSpan),
      /** The sentence on each side a claim covers. */
      leftSentence: CompareSpan,
      rightSentence: CompareSpan,
    }),
  ),
  quotes: z.array(
    z.strictObject({
      leftBlock: z.number().int(),
      leftQuote: z.number().int(),
      rightBlock: z.number().int(),
      rightQuote: z.number().int(),
      confidence: z.number(),
      cut: z.enum(['left', 'right']).nullable(),
      speakerChanged: z.boolean(),
    }),
  ),
})
export type Comparison = z.infer<typeof Comparison>

/** A name the articles mention that discovery proposes as a registry entity (shared/discover/entities.ts). */
export const EntityProposal = z.strictObject({
  /** Stable key (the folded name): remembered when rejected. */
  key: z.string().max(500),
  name: z.string().max(500),
  type: z.enum(['person', 'organisation', 'place', 'other']),
  /** The spellings met, most frequent first. */
  variants: z.array(z.string().max(500)),
  /**
   * How many untagged mentions the proposal has in the workspace. The window gets only the first few in
   * `mentions` (at 10,000 articles all of them were ~150 MB of JSON); accepting tags all of them.
   */
  mentionCount: z.number().int().nonnegative().max(100_000_000).optional(),
  mentions: z.array(
    z.strictObject({
      articleId: ArticleId,
      start: Offset,
      end: Offset,
      text: z.string().max(500),
      /** Words around the mention, to judge it without opening the article. */
      before: z.string().max(200).optional(),
      after: z.string().max(200).optional(),
    }),
  ),
  /** The registry entity the proposal extends (one of its variants is that entity's name or alias). */
  extends: Id.optional(),
  /** Variants the registry entity does not list yet: added as aliases when accepted. */
  newAliases: z.array(z.string().max(500)),
})
export type EntityProposal = z.infer<typeof EntityProposal>

/** What accepting a proposal did, enough to undo it: the entity before (null: created) and after, the tags made. */
export const ProposalAcceptRecord = z.strictObject({
  entity: Entity,
  entityBefore: Entity.nullable(),
  tagged: z.array(z.strictObject({ articleId: ArticleId, annotationId: AnnotationId })),
})
export type ProposalAcceptRecord = z.infer<typeof ProposalAcceptRecord>
