/**
 * The export formats other tools read, as a registry. Every formatter is pure and works one article
 * at a time, so the main process can stream a 10,000-article workspace to disk without holding it:
 *
 *   write(format.head(ctx)); for each article: write(chunk); write(format.tail(ctx))
 *
 * with `streamExport` doing the one subtle part, the separator between non-empty chunks (a JSON
 * array cannot have a comma before its first item, and an article without annotations writes
 * nothing, so the position of an article alone cannot say whether a comma is due).
 *
 * 'json' (the canonical Spanwise JSON) is written by main from spanwise-json.ts and is listed here
 * only so every layer agrees on the set of ids.
 */
import type { ExportedArticle } from './spanwise-json'
import type { ArticleStreamFormat, ExportContext, MultiFileFormat } from './types'
import { bratFormat } from './brat'
import { claimReviewFormat } from './claimreview'
import { csvFormat } from './csv'
import { jsonlFormat } from './jsonl'
import { w3cFormat } from './w3c'

export {
  EXPORT_FORMAT_IDS,
  type ArticleStreamFormat,
  type ExportContext,
  type ExportFile,
  type ExportFormatId,
  type MultiFileFormat,
} from './types'

/** The streamed formats by id. */
export const STREAM_FORMATS: Readonly<Record<ArticleStreamFormat['id'], ArticleStreamFormat>> = {
  w3c: w3cFormat,
  jsonl: jsonlFormat,
  csv: csvFormat,
  claimreview: claimReviewFormat,
}

/** The multi-file formats by id. */
export const MULTI_FILE_FORMATS: Readonly<Record<MultiFileFormat['id'], MultiFileFormat>> = {
  brat: bratFormat,
}

/** Whether an id names a streamed format (as opposed to 'json' or a multi-file one). */
export function isStreamFormat(id: string): id is ArticleStreamFormat['id'] {
  return Object.hasOwn(STREAM_FORMATS, id)
}

/**
 * The chunks of a streamed export in order: head, article chunks with separators between the
 * non-empty ones, tail. Lazy, so a caller reading articles one at a time holds one at a time.
 */
export function* streamExport(
  format: ArticleStreamFormat,
  articles: Iterable<ExportedArticle>,
  ctx: ExportContext,
): Generator<string> {
  yield format.head(ctx)
  let written = false
  let index = 0
  for (const article of articles) {
    const chunk = format.article(article, ctx, index++)
    if (chunk === '') continue
    if (written && format.separator) yield format.separator
    yield chunk
    written = true
  }
  yield format.tail(ctx)
}

/** The async twin of `streamExport`, for articles read from disk one at a time. */
export async function* streamExportAsync(
  format: ArticleStreamFormat,
  articles: AsyncIterable<ExportedArticle> | Iterable<ExportedArticle>,
  ctx: ExportContext,
): AsyncGenerator<string> {
  yield format.head(ctx)
  let written = false
  let index = 0
  for await (const article of articles) {
    const chunk = format.article(article, ctx, index++)
    if (chunk === '') continue
    if (written && format.separator) yield format.separator
    yield chunk
    written = true
  }
  yield format.tail(ctx)
}

/** A whole streamed export as one string (tests, small exports). */
export function renderExport(format: ArticleStreamFormat, articles: Iterable<ExportedArticle>, ctx: ExportContext): string {
  let out = ''
  for (const chunk of streamExport(format, articles, ctx)) out += chunk
  return out
}
