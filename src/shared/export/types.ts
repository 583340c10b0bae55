/**
 * The export format interfaces: what a formatter is given and what it must provide. Kept apart from
 * the registry (formats.ts), so each format imports only these, never the registry that lists it.
 */
import type { ExportedArticle } from './spanwise-json'

/** Every export format id, the canonical JSON first. */
export const EXPORT_FORMAT_IDS = ['json', 'w3c', 'jsonl', 'brat', 'csv', 'claimreview'] as const
/** One of EXPORT_FORMAT_IDS. */
export type ExportFormatId = (typeof EXPORT_FORMAT_IDS)[number]

/** What a formatter knows about the export beyond the article in hand. */
export interface ExportContext {
  /** The workspace's name, shown as the collection label and the fact-checker's name. */
  workspaceName: string
  /** Who wrote the file, e.g. "Spanwise 0.1.0". */
  generator: string
  /** ISO 8601 time of the export. */
  exportedAt: string
}

/** A format written as one stream: a head, one chunk per article, and a tail. */
export interface ArticleStreamFormat {
  id: 'w3c' | 'jsonl' | 'csv' | 'claimreview'
  /** File name extension without the leading dot (may be compound, e.g. "claimreview.jsonld"). */
  extension: string
  /** IANA media type of the whole stream. */
  mediaType: string
  /** Written once, before the first article. */
  head(ctx: ExportContext): string
  /**
   * One article's chunk: '' when the article contributes nothing. `index` is the article's
   * 0-based position in the export.
   */
  article(a: ExportedArticle, ctx: ExportContext, index: number): string
  /** Written between two non-empty article chunks ('' for line formats whose chunks end their own lines). */
  separator: string
  /** Written once, after the last article. */
  tail(ctx: ExportContext): string
}

/** One file of a multi-file export, named relative to the export folder. */
export interface ExportFile {
  /** A plain file name: no '/', no '\\', no '..', never hidden. */
  name: string
  content: string
}

/** A format written as several files: some per article, some once for the whole export. */
export interface MultiFileFormat {
  id: 'brat'
  /** The files of one article. */
  files(a: ExportedArticle): ExportFile[]
  /** Files written once per export (brat's annotation.conf). */
  collectionFiles(ctx: ExportContext): ExportFile[]
}
