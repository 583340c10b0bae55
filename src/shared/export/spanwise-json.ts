/**
 * Spanwise JSON, the canonical export: versioned, self-describing, one object per article with its
 * full text, content hash, metadata and annotations. Offsets are Unicode code points and every
 * annotation carries its exact text so a consumer can check them.
 *
 * The zod schema here is the single source of truth: annotations/spanwise-export.schema.json is
 * generated from it (npm run schema) and a test keeps the two in step.
 */
import { z } from 'zod'
import {
  ANNOTATION_KINDS,
  ArticleMetadata,
  ClaimAttributes,
  Entity,
  EntityAttributes,
  Link,
  QuoteAttributes,
  type Annotation,
} from '../model'
import { toCodePointOffsets } from '../text-offsets'

export const SPANWISE_FORMAT = 'spanwise'
export const SPANWISE_EXPORT_VERSION = 1

export const ExportedAnnotation = z
  .object({
    id: z.string().describe('Stable annotation id, unique within the workspace.'),
    kind: z.enum(ANNOTATION_KINDS).describe('quote, claim or entity.'),
    start: z.number().int().nonnegative().describe('Start offset in the article text, in Unicode code points.'),
    end: z.number().int().nonnegative().describe('End offset (exclusive), in Unicode code points.'),
    exact: z.string().describe('The annotated text: equals the code point slice [start, end) of the article text.'),
    prefix: z.string().describe('Up to 32 characters of text before the span.'),
    suffix: z.string().describe('Up to 32 characters of text after the span.'),
    attributes: z
      .union([QuoteAttributes, ClaimAttributes, EntityAttributes])
      .describe('Kind-specific attributes: speaker and mode (quote), status (claim), entityType (entity).'),
    note: z.string(),
    tags: z.array(z.string()),
    createdAt: z.string().describe('ISO 8601 timestamp.'),
    updatedAt: z.string().describe('ISO 8601 timestamp.'),
    anchor: z
      .enum(['moved', 'fuzzy', 'orphaned'])
      .optional()
      .describe(
        'After the article file changed: moved or fuzzy re-anchored; orphaned means the text was not found and start/end/exact are those of the earlier version.',
      ),
  })
  .strict()
export type ExportedAnnotation = z.infer<typeof ExportedAnnotation>

export const ExportedArticle = z
  .object({
    id: z.string(),
    path: z.string().describe('Path of the source file relative to the workspace, "/"-separated.'),
    metadata: ArticleMetadata,
    contentHash: z.string().describe('sha256 of the normalised article text, "sha256:<hex>".'),
    text: z.string().describe('The normalised article text the offsets refer to.'),
    annotations: z.array(ExportedAnnotation),
    links: z.array(Link).describe('Links whose `from` end is an annotation of this article (evidence, same statement…).'),
  })
  .strict()
export type ExportedArticle = z.infer<typeof ExportedArticle>

export const SkippedArticle = z
  .object({
    path: z.string().describe('The article file, relative to the workspace folder.'),
    reason: z.string().describe('Why it could not be read (empty, binary, too large, a scan without text…).'),
  })
  .strict()
export type SkippedArticle = z.infer<typeof SkippedArticle>

export const SpanwiseExport = z
  .object({
    format: z.literal(SPANWISE_FORMAT),
    version: z.literal(SPANWISE_EXPORT_VERSION),
    offsetUnit: z.literal('codepoint').describe('Offsets count Unicode code points, as Python str indices do.'),
    exportedAt: z.string(),
    generator: z.string(),
    workspace: z.object({ name: z.string() }).strict(),
    entities: z.array(Entity).describe('The workspace entity registry; annotations refer to it by entityId / speakerId.'),
    skipped: z
      .array(SkippedArticle)
      .optional()
      .describe('Articles of the workspace left out of this export because they could not be read, with the reason.'),
    articles: z.array(ExportedArticle),
  })
  .strict()
  .describe('An annotated corpus exported by Spanwise.')
export type SpanwiseExport = z.infer<typeof SpanwiseExport>

/** The parts of a stored article the export needs. */
export interface ArticleForExport {
  id: string
  path: string
  metadata: z.infer<typeof ArticleMetadata>
  contentHash: string
  text: string
  annotations: readonly Annotation[]
  /** Links leaving this article's annotations. */
  links: readonly Link[]
}

/**
 * The metadata as exported: a text read by OCR says so (`source`: kind, languages, mean confidence,
 * pages); the uncertain words' UTF-16 offsets stay in the app (the view marks them).
 */
export function exportedMetadata(metadata: ArticleMetadata): ArticleMetadata {
  if (!metadata.source) return metadata
  const { kind, languages, confidence, pages } = metadata.source
  return { ...metadata, source: { kind, languages, confidence, ...(pages === undefined ? {} : { pages }) } }
}

/** Builds one article's export record, converting UTF-16 offsets to code points in one pass. */
export function exportArticle(article: ArticleForExport): ExportedArticle {
  const sorted = [...article.annotations].sort((a, b) => a.start - b.start || b.end - a.end)
  const offsets = toCodePointOffsets(
    article.text,
    sorted.flatMap((a) => [a.start, a.end]),
  )
  return {
    id: article.id,
    path: article.path,
    metadata: exportedMetadata(article.metadata),
    contentHash: article.contentHash,
    text: article.text,
    annotations: sorted.map((a, i) => ({
      id: a.id,
      kind: a.kind,
      start: offsets[2 * i],
      end: offsets[2 * i + 1],
      exact: a.exact,
      prefix: a.prefix,
      suffix: a.suffix,
      attributes: a.attributes,
      note: a.note,
      tags: a.tags,
      createdAt: a.createdAt,
      updatedAt: a.updatedAt,
      ...(a.anchor ? { anchor: a.anchor } : {}),
    })),
    links: [...article.links],
  }
}

/** The envelope around the articles; `articles` is filled (or streamed) by the caller. */
export function exportHeader(
  workspaceName: string,
  generator: string,
  entities: readonly Entity[],
  now = new Date(),
): Omit<SpanwiseExport, 'articles'> {
  return {
    format: SPANWISE_FORMAT,
    version: SPANWISE_EXPORT_VERSION,
    offsetUnit: 'codepoint',
    exportedAt: now.toISOString(),
    generator,
    workspace: { name: workspaceName },
    entities: [...entities],
  }
}
