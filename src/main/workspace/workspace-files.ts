/** The workspace-wide data files beside the per-article annotation files. */
import { z } from 'zod'
import { ArticleId, ArticleMetadata, ClaimStatusLabel, Entity, Id, Link, OcrModel } from '../../shared/model'

/** `.spanwise/entities.json`: the canonical entities every article's mentions point at. */
export const EntitiesFileData = z.strictObject({
  version: z.literal(1),
  entities: z.array(Entity),
  /**
   * Entities merged away, by id: the entity each was merged into. A mention that reaches this laptop
   * naming one of them (a teammate's, made before the merge reached them) follows it to a live entity.
   */
  mergedInto: z.record(Id, Id).optional(),
})
export type EntitiesFileData = z.infer<typeof EntitiesFileData>

/** `.spanwise/links.json`: links between annotations, which may sit in different articles. */
export const LinksFileData = z.strictObject({ version: z.literal(1), links: z.array(Link) })
export type LinksFileData = z.infer<typeof LinksFileData>

/** `.spanwise/vocabulary.json`: labels the workspace adds to the built-in vocabularies, rejected entity proposals. */
export const VocabularyFileData = z.strictObject({
  version: z.literal(1),
  claimStatuses: z.array(ClaimStatusLabel),
  /** Keys of entity proposals the user rejected (shared/discover/entities.ts): not proposed again. */
  rejectedEntities: z.array(z.string().max(500)).optional(),
})
export type VocabularyFileData = z.infer<typeof VocabularyFileData>

/** `.spanwise/metadata.json`: article metadata the user edited in the app; wins over what the file states. */
export const MetadataFileData = z.strictObject({
  version: z.literal(1),
  articles: z.record(ArticleId, ArticleMetadata.omit({ source: true })),
  /** The OCR models the user chose to read a scan with ('spa', 'eng'), per article (absent: by its language). */
  ocrModels: z.record(ArticleId, z.array(OcrModel).min(1).max(5)).optional(),
})
export type MetadataFileData = z.infer<typeof MetadataFileData>

/** `.spanwise/alignments.json`: paragraph pairings the user corrected in the compare view, per article pair. */
export const AlignmentsFileData = z.strictObject({
  version: z.literal(1),
  pairs: z.record(
    z.string(),
    z.array(z.strictObject({ left: z.number().int().nonnegative(), right: z.number().int().nonnegative() })),
  ),
})
export type AlignmentsFileData = z.infer<typeof AlignmentsFileData>
