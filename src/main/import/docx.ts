/**
 * Word documents: mammoth turns the .docx into simple HTML (headings from Heading styles, paragraphs,
 * lists), read into blocks like a web page. The zip is checked first, so a corrupt file, a zip that
 * is not a document, or a zip bomb is refused before anything is decompressed in full.
 */
import JSZip from 'jszip'
import mammoth from 'mammoth'
import { parseHTML } from 'linkedom'
import type { ArticleMetadata, ArticleText } from '../../shared/model'
import { fromPieces, titleFromBlocks } from './blocks'
import { ImportError } from './errors'
import { piecesFromHtml, type NodeLike } from './html-blocks'

/**
 * Limits on what a .docx may expand to: far above real articles (a long report's document.xml is a
 * few MB), far below exhausting memory. The ratio only applies above RATIO_FLOOR, since small XML
 * files compress very well.
 */
const MAX_UNCOMPRESSED = 200 * 1024 * 1024
const MAX_RATIO = 100
const RATIO_FLOOR = 10 * 1024 * 1024

/** The uncompressed size an entry declares in the zip's central directory (read without inflating). */
function declaredSize(entry: JSZip.JSZipObject): number {
  // JSZip keeps the central directory record on a private field; absent means not known: count as 0
  // and rely on the total ratio of the known ones plus mammoth reading only what it needs.
  return (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0
}

/** The document's own title from docProps/core.xml, when the author set one. */
async function coreTitle(zip: JSZip): Promise<string | undefined> {
  const core = zip.file('docProps/core.xml')
  if (!core || declaredSize(core) > 1024 * 1024) return undefined
  const xml = await core.async('string')
  const title = /<dc:title>([^<]*)<\/dc:title>/.exec(xml)?.[1]
  if (!title?.trim()) return undefined
  const { document } = parseHTML('<!doctype html><html><body><p></p></body></html>')
  const p = document.querySelector('p')!
  p.innerHTML = title // decodes &amp; and friends; the value came from an element without children
  return p.textContent?.trim() || undefined
}

/** A Word document's blocks; title from the document properties, else its first heading or line. */
export async function extractDocx(bytes: Uint8Array): Promise<ArticleText> {
  let zip: JSZip
  try {
    zip = await JSZip.loadAsync(bytes)
  } catch {
    throw new ImportError('detail.file.docxUnreadable')
  }
  if (!zip.file('word/document.xml')) throw new ImportError('detail.file.docxNoDocument')
  let total = 0
  for (const entry of Object.values(zip.files)) total += declaredSize(entry)
  if (total > MAX_UNCOMPRESSED || (total > RATIO_FLOOR && total > bytes.length * MAX_RATIO)) {
    throw new ImportError('detail.file.docxBomb')
  }
  let html: string
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes) },
      // Images carry no text: never read (inflate) them, and no base64 copies in the HTML.
      { convertImage: mammoth.images.imgElement(() => Promise.resolve({ src: '' })) },
    )
    html = result.value
  } catch {
    throw new ImportError('detail.file.docxDamaged')
  }
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`)
  const article = fromPieces(piecesFromHtml(document.body as unknown as NodeLike))
  const title = (await coreTitle(zip).catch(() => undefined)) ?? titleFromBlocks(article)
  const metadata: ArticleMetadata = title ? { title } : {}
  return { ...article, metadata }
}
