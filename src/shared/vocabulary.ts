/**
 * The closed vocabularies of the domain (kinds, statuses, types), without zod, so the renderer can
 * import them without bundling the validation library. model.ts re-exports everything here.
 */

/** The three things a journalist tags. */
export const ANNOTATION_KINDS = ['quote', 'claim', 'entity'] as const
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number]

/** Fact-check verdicts, in the order the status menu shows them. */
export const CLAIM_STATUSES = ['unchecked', 'accurate', 'false', 'misleading', 'unverifiable'] as const
export type ClaimStatus = (typeof CLAIM_STATUSES)[number]

export const ENTITY_TYPES = ['person', 'organisation', 'place', 'event', 'other'] as const
export type EntityType = (typeof ENTITY_TYPES)[number]

/** A direct quote reproduces the words; a reported one paraphrases them. */
export const QUOTE_MODES = ['direct', 'reported'] as const
export type QuoteMode = (typeof QUOTE_MODES)[number]

/** The structural unit of an article's text. */
export const BLOCK_TYPES = ['heading', 'paragraph', 'blockquote', 'listItem'] as const
export type BlockType = (typeof BLOCK_TYPES)[number]

/** How an evidence span relates to a claim (or one span to another). */
export const LINK_RELATIONS = ['supports', 'contradicts', 'same-statement', 'translation-of'] as const
export type LinkRelation = (typeof LINK_RELATIONS)[number]
