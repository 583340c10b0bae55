/**
 * PDFs: the text layer read with pdf.js (legacy Node build; no eval, no system or remote fonts, no
 * network: the bytes are handed over whole), lines rebuilt from the items' positions and paragraphs
 * from the gaps between lines. A PDF without a text layer (a scan), a password-protected one and a
 * truncated one each say so instead of opening as an empty or partial article. Pages without a text
 * layer (a scan, or the scanned pages of a mixed PDF) are read by OCR when `ocr` options are given,
 * one page at a time (ocr/).
 */
import type { ArticleMetadata, ArticleText } from '../../shared/model'
import { fromPieces, type Piece } from './blocks'
import { ImportError } from './errors'
import { readPages, withSource, type OcrOptions } from './ocr'
import { openPdf } from './ocr/pdf-render'

/** What we read of pdf.js's TextItem. */
interface TextItem {
  str: string
  /** [a, b, c, d, x, y]: x and y are the item's baseline origin in page units. */
  transform: number[]
  width: number
  height: number
  hasEOL?: boolean
}

/** One rebuilt line of text. */
interface Line {
  text: string
  /** Baseline. */
  y: number
  /** Font size (item height). */
  size: number
  x0: number
  x1: number
}

/** A vertical gap this many font sizes wide starts a new paragraph (body text leading is ~1.2). */
const PARAGRAPH_GAP = 1.6
/** Lines this much larger than the page's body text are headings. */
const HEADING_SIZE = 1.25
/** A line ending a sentence and shorter than this share of the column ends its paragraph. */
const SHORT_LINE = 0.75
/** Where pdf.js looks for the end-of-file marker; a file without one was cut short. */
const EOF_WINDOW = 2048

/** The text of a PDF's text layer as paragraphs and headings, with the document's title and author. */
export async function extractPdf(bytes: Uint8Array, ocr?: OcrOptions): Promise<ArticleText> {
  if (!isComplete(bytes)) throw new ImportError('detail.file.pdfIncomplete')
  let doc
  try {
    doc = await openPdf(bytes)
  } catch (error) {
    if ((error as { name?: string }).name === 'PasswordException') throw new ImportError('detail.file.pdfPassword')
    throw new ImportError('detail.file.pdfDamaged')
  }
  try {
    const pages: Line[][] = []
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p)
      const content = await page.getTextContent()
      pages.push(linesOf(content.items.filter((i) => 'str' in i) as unknown as TextItem[]))
      page.cleanup()
    }
    const info = ((await doc.getMetadata().catch(() => null))?.info ?? {}) as Record<string, unknown>
    const metadata: ArticleMetadata = {}
    const title = usefulTitle(info.Title)
    if (title) metadata.title = title
    if (typeof info.Author === 'string' && info.Author.trim()) metadata.byline = info.Author
    if (typeof info.Language === 'string' && info.Language.trim()) metadata.language = info.Language
    const bodySize = commonSize(pages.flat())
    // Pages whose text layer holds nothing but a page number are scans: read by OCR.
    const scanned = pages.flatMap((lines, i) => (withoutPageNumber(lines).length === 0 ? [i + 1] : []))
    if (!scanned.length)
      return fromPieces(
        pages.flatMap((lines) => piecesOf(withoutPageNumber(lines), bodySize)),
        metadata,
      )
    // The scanned pages are rendered and read in the OCR worker thread, from its own copy of the file.
    const { pages: read, langs } = await readPages({ kind: 'pdf', bytes }, scanned, doc.numPages, {
      ...ocr,
      language: ocr?.language ?? metadata.language,
    })
    const pieces = pages.flatMap((lines, i) => read.get(i + 1)?.pieces ?? piecesOf(withoutPageNumber(lines), bodySize))
    if (![...read.values()].some((page) => page.pieces.length) && !pages.some((lines) => lines.length))
      throw new ImportError('detail.file.pdfNoText')
    const article = withSource(pieces, [...read.values()], langs, (all) => fromPieces(all, metadata))
    return article
  } finally {
    await doc.destroy()
  }
}

/** Whether the file ends with the "%%EOF" marker a PDF writer puts last. */
function isComplete(bytes: Uint8Array): boolean {
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - EOF_WINDOW)))
  return tail.includes('%%EOF')
}

/** A document title worth showing: not the file name a converter wrote ("Microsoft Word - x.docx"). */
function usefulTitle(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const title = value.trim()
  if (!title || /^(untitled|sin título|document\d*)$/i.test(title) || /\.(docx?|odt|rtf|pdf|txt|indd|pages)$/i.test(title))
    return undefined
  return title.replace(/^Microsoft (Word|PowerPoint) - /, '')
}

/** Items → lines: an item on another baseline, or after an end-of-line mark, starts a new line. */
function linesOf(items: TextItem[]): Line[] {
  const lines: Line[] = []
  let current: Line | null = null
  for (const item of items) {
    const [, , , d, x, y] = item.transform
    const size = item.height || Math.abs(d) || 10
    if (!item.str && !item.hasEOL) continue
    if (!current || Math.abs(current.y - y) > Math.min(size, current.size) * 0.5) {
      if (current) lines.push(current)
      current = { text: '', y, size, x0: x, x1: x }
    }
    if (item.str) {
      // Words placed apart with no space item between them (a common writer habit) still need one.
      const gap = x - current.x1
      if (current.text && gap > size * 0.15 && !/\s$/.test(current.text) && !/^\s/.test(item.str)) current.text += ' '
      current.text += item.str
      current.size = Math.max(current.size, size)
      current.x1 = Math.max(current.x1, x + item.width)
    }
    if (item.hasEOL) {
      lines.push(current)
      current = null
    }
  }
  if (current) lines.push(current)
  return lines.filter((l) => l.text.trim())
}

/** The font size most of the text is set in (by characters): the body text. */
function commonSize(lines: Line[]): number {
  const chars = new Map<number, number>()
  for (const l of lines) {
    const size = Math.round(l.size * 2) / 2
    chars.set(size, (chars.get(size) ?? 0) + l.text.length)
  }
  let best = 0
  let bestCount = -1
  for (const [size, count] of chars) if (count > bestCount) [best, bestCount] = [size, count]
  return best || 10
}

/** A page number alone on the first or last line of a page is furniture, not text. */
function withoutPageNumber(lines: Line[]): Line[] {
  const isNumber = (l: Line | undefined) => !!l && /^[-–—\s]*\d{1,4}[-–—\s]*$/.test(l.text)
  let out = lines
  if (isNumber(out[out.length - 1])) out = out.slice(0, -1)
  if (isNumber(out[0])) out = out.slice(1)
  return out
}

/** Heading level from how much larger than the body a line is set. */
function headingLevel(size: number, bodySize: number): number | undefined {
  const ratio = size / bodySize
  if (ratio < HEADING_SIZE) return undefined
  return ratio >= 1.8 ? 1 : ratio >= 1.45 ? 2 : 3
}

/** Lines → paragraphs and headings: split at large gaps, font size changes, and short closing lines. */
function piecesOf(lines: Line[], bodySize: number): Piece[] {
  const pieces: Piece[] = []
  const left = Math.min(...lines.map((l) => l.x0))
  const width = Math.max(...lines.map((l) => l.x1)) - left
  let text = ''
  let level: number | undefined
  let previous: Line | null = null
  const flush = () => {
    if (text) pieces.push(level ? { type: 'heading', level, text } : { type: 'paragraph', text })
    text = ''
  }
  for (const line of lines) {
    const lineLevel = headingLevel(line.size, bodySize)
    if (previous) {
      const gap = previous.y - line.y
      const closesSentence = /[.!?:»”"')]$/.test(previous.text.trim()) && previous.x1 - left < width * SHORT_LINE
      // A gap upwards or sideways is a new column or a jump on the page: a new paragraph too.
      if (gap <= 0 || gap > Math.max(previous.size, line.size) * PARAGRAPH_GAP || lineLevel !== level || closesSentence) flush()
    }
    level = lineLevel
    const words = line.text.trim()
    // A word hyphenated at the end of a line is joined again; other lines join with a space.
    text = text.endsWith('-') && /^\p{Ll}/u.test(words) ? text.slice(0, -1) + words : `${text}${text ? ' ' : ''}${words}`
    previous = line
  }
  flush()
  return pieces
}
