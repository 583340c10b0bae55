/**
 * PDFs: the text layer read with pdf.js (legacy Node build; no worker fetched, no eval, no fonts
 * loaded), lines rebuilt from the items' positions and paragraphs from the gaps between lines. A PDF
 * without a text layer (a scan) says so instead of opening as an empty article.
 */
import type { ArticleMetadata, ArticleText } from '../../shared/model'
import { fromPieces, type Piece } from './blocks'
import { ImportError } from './errors'

interface TextItem {
  str: string
  transform: number[]
  height: number
  hasEOL?: boolean
}

/** A vertical gap this many line heights wide starts a new paragraph. */
const PARAGRAPH_GAP = 1.6

export async function extractPdf(bytes: Uint8Array): Promise<ArticleText> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  let doc
  try {
    doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, disableFontFace: true, verbosity: 0, stopAtErrors: false }).promise
  } catch (error) {
    const name = (error as { name?: string }).name
    if (name === 'PasswordException') throw new ImportError('This PDF is password-protected')
    throw new ImportError('Not a readable PDF (damaged or truncated)')
  }
  try {
    const pieces: Piece[] = []
    for (let p = 1; p <= doc.numPages; p++) {
      const page = await doc.getPage(p)
      const content = await page.getTextContent()
      pieces.push(...paragraphs(content.items.filter((i) => 'str' in i) as unknown as TextItem[]))
      page.cleanup()
    }
    const info = ((await doc.getMetadata().catch(() => null))?.info ?? {}) as Record<string, unknown>
    const metadata: ArticleMetadata = {}
    if (typeof info.Title === 'string' && info.Title.trim()) metadata.title = info.Title.trim().slice(0, 500)
    if (typeof info.Author === 'string' && info.Author.trim()) metadata.byline = info.Author.trim().slice(0, 500)
    const article = fromPieces(pieces, metadata)
    if (!article.text.trim()) throw new ImportError('This PDF has no text layer (a scan?): run it through OCR first')
    return article
  } finally {
    await doc.destroy()
  }
}

/** Items → lines (same baseline) → paragraphs (split where the line gap is large). */
function paragraphs(items: TextItem[]): Piece[] {
  const lines: { y: number; height: number; text: string }[] = []
  let current: { y: number; height: number; text: string } | null = null
  for (const item of items) {
    const y = item.transform[5]
    const height = item.height || Math.abs(item.transform[3]) || 10
    if (!current || Math.abs(current.y - y) > height * 0.5) {
      if (current) lines.push(current)
      current = { y, height, text: '' }
    }
    current.text += item.str
    if (item.hasEOL) {
      lines.push(current)
      current = null
    }
  }
  if (current) lines.push(current)
  const pieces: Piece[] = []
  let paragraph = ''
  let previous: { y: number; height: number } | null = null
  for (const line of lines.filter((l) => l.text.trim())) {
    const gap = previous ? Math.abs(previous.y - line.y) : 0
    if (previous && gap > previous.height * PARAGRAPH_GAP) {
      pieces.push({ type: 'paragraph', text: paragraph })
      paragraph = ''
    }
    // A word hyphenated at the end of a line is joined again; other lines join with a space.
    paragraph = paragraph.endsWith('-') && /^\p{Ll}/u.test(line.text.trim()) ? paragraph.slice(0, -1) + line.text.trim() : `${paragraph}${paragraph ? ' ' : ''}${line.text.trim()}`
    previous = line
  }
  if (paragraph) pieces.push({ type: 'paragraph', text: paragraph })
  return pieces
}
