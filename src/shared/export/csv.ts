/**
 * CSV for spreadsheets: one row per annotation, one header row.
 *
 * - UTF-8 with a byte order mark (the head), which is how Excel knows the file is UTF-8.
 * - CRLF line ends and RFC 4180 quoting: a cell with a comma, a double quote, CR or LF is wrapped in
 *   double quotes, its quotes doubled. Newlines inside a span's text or note stay in their cell.
 * - Formula injection: a cell whose first character is = + - @, tab or CR (or whose first
 *   non-space character is one of = + - @) is prefixed with a single quote ', so Excel, LibreOffice
 *   and Google Sheets show it as text instead of running it. The OWASP rule names the first
 *   character only; the leading-space case is covered too because some importers trim before they
 *   parse. The cost is a visible ' before spans such as "- a list item".
 * - start/end are Unicode code point offsets, as in every Spanwise export; text is the exact span text.
 * - tags are joined with "; ".
 * - A last column, anchor, says "orphaned" when the annotation's text is no longer in the article
 *   (start, end and text are then those of the earlier version), "moved"/"fuzzy" when it was
 *   re-anchored, and is empty otherwise.
 */
import { wellFormed } from './article-spans'
import type { ArticleStreamFormat } from './types'
import type { ExportedAnnotation, ExportedArticle } from './spanwise-json'

/** The columns, in order. */
export const CSV_COLUMNS = [
  'article_id',
  'article_path',
  'article_title',
  'annotation_id',
  'kind',
  'start',
  'end',
  'text',
  'speaker',
  'quote_mode',
  'claim_status',
  'entity_type',
  'note',
  'tags',
  'created_at',
  'updated_at',
  'anchor',
] as const

/** One row as strings, keyed by column. */
export type CsvRow = Record<(typeof CSV_COLUMNS)[number], string>

/** The byte order mark that starts the file. */
export const CSV_BOM = '\uFEFF'

/** First characters a spreadsheet reads as the start of a formula (or that hide one). */
const FORMULA_START = /^(?:[=+\-@\t\r]|\s*[=+\-@])/

/** Prefixes a cell that a spreadsheet would run as a formula with a single quote. */
export function neutraliseFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell
}

/** Quotes a cell as RFC 4180 asks, only when it needs it. */
export function quoteCell(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell
}

/** One cell as written: well-formed, formula-safe, quoted. */
export function csvCell(value: string): string {
  return quoteCell(neutraliseFormula(wellFormed(value)))
}

/** One CRLF-terminated line from cells. */
function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + '\r\n'
}

/** The row of one annotation, as plain (not yet escaped) strings. */
export function csvRow(article: ExportedArticle, a: ExportedAnnotation): CsvRow {
  const attrs = a.attributes as Record<string, unknown>
  const text = (key: string): string => (typeof attrs[key] === 'string' ? (attrs[key] as string) : '')
  return {
    article_id: article.id,
    article_path: article.path,
    article_title: article.metadata.title ?? '',
    annotation_id: a.id,
    kind: a.kind,
    start: String(a.start),
    end: String(a.end),
    text: a.exact,
    speaker: a.kind === 'quote' ? text('speaker') : '',
    quote_mode: a.kind === 'quote' ? text('mode') : '',
    claim_status: a.kind === 'claim' ? text('status') : '',
    entity_type: a.kind === 'entity' ? text('entityType') : '',
    note: a.note,
    tags: a.tags.join('; '),
    created_at: a.createdAt,
    updated_at: a.updatedAt,
    anchor: a.anchor ?? '',
  }
}

/** The CSV stream: BOM and header, then each article's rows. */
export const csvFormat: ArticleStreamFormat = {
  id: 'csv',
  extension: 'csv',
  mediaType: 'text/csv; charset=utf-8; header=present',
  separator: '',
  head: () => CSV_BOM + csvLine(CSV_COLUMNS),
  article: (article) =>
    article.annotations
      .map((a) => {
        const row = csvRow(article, a)
        return csvLine(CSV_COLUMNS.map((c) => row[c]))
      })
      .join(''),
  tail: () => '',
}
