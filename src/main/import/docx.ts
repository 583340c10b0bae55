/**
 * Word documents: mammoth turns the .docx into simple HTML (headings from Heading styles, paragraphs,
 * lists), read into blocks like a web page. The zip is checked first, so a corrupt file, a zip that
 * is not a document, or a zip bomb is refused before anything is decompressed in full.
 */
import JSZip from 'jszip'
import mammoth from 'mammoth'
import { parseHTML } from 'linkedom'
import type { ArticleText } from '../../shared/model'
import { fromPieces } from './blocks'
import { ImportError } from './errors'
import { piecesFromHtml } from './html-blocks'

/** Limits on what a .docx may expand to: far above real articles, far below exhausting memory. */
const MAX_UNCOMPRESSED = 200 * 1024 * 1024
const MAX_RATIO = 200

export async function extractDocx(bytes: Uint8Array): Promise<ArticleText> {
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(bytes)
  } catch {
    throw new ImportError('Not a readable Word document (the file is damaged or not a .docx)')
  }
  if (!zip.file('word/document.xml')) throw new ImportError('Not a Word document (no document inside the .docx)')
  let total = 0
  for (const entry of Object.values(zip.files)) {
    // JSZip reads the sizes from the central directory without inflating anything.
    total += (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0
  }
  if (total > MAX_UNCOMPRESSED || total > bytes.length * MAX_RATIO) throw new ImportError('Refused: this .docx would expand to an unreasonable size (a zip bomb?)')
  let html: string
  try {
    html = (await mammoth.convertToHtml({ buffer: Buffer.from(bytes) })).value
  } catch {
    throw new ImportError('Not a readable Word document (the file is damaged)')
  }
  const { document } = parseHTML(`<html><body>${html}</body></html>`)
  const article = fromPieces(piecesFromHtml(document.body as never))
  const first = article.blocks.find((b) => b.type === 'heading') ?? article.blocks[0]
  return first ? { ...article, metadata: { title: article.text.slice(first.start, first.end).split('\n')[0].slice(0, 300) } } : article
}
