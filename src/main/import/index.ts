/**
 * Article import: file bytes → ArticleText (normalised text + blocks + metadata), one module per
 * format, each with a well-kept library doing the parsing: .txt (encodings detected), .md (marked),
 * .html/.htm (Readability over linkedom), .docx (mammoth), .pdf (pdf.js). The language is detected
 * (franc) when the file does not state it. Images (.png .jpg .jpeg .tif .tiff .webp) and PDF pages
 * without a text layer are read by OCR (ocr/). Bad input throws ImportError with a one-line reason.
 */
import { extname } from 'node:path'
import type { Said } from '../../shared/i18n'
import { LIMITS, type ArticleText } from '../../shared/model'
import { extractDocx } from './docx'
import { decodeTextReporting } from './encoding'
import { ImportError } from './errors'
import { extractHtml } from './html'
import { detectLanguage } from './language'
import { extractMarkdown } from './markdown'
import { cleanMetadata } from './metadata'
import { extractImage, IMAGE_EXTENSIONS, type OcrOptions } from './ocr'
import { extractPdf } from './pdf'
import { extractPlainText } from './text'

export { ImportError } from './errors'
export type { OcrOptions, OcrProgress } from './ocr'
export { OcrDeferredError } from './ocr'

/** File extensions extractArticle reads (lower case, with the dot). */
export const SUPPORTED_EXTENSIONS: readonly string[] = [
  '.txt',
  '.md',
  '.markdown',
  '.html',
  '.htm',
  '.docx',
  '.pdf',
  ...IMAGE_EXTENSIONS,
]

/**
 * Larger files are refused: 50 MB is far beyond any article or report (a 300-page PDF with images is
 * ~20 MB) and far below memory trouble, even with a format's own expansion (docx, PDF streams).
 */
export const MAX_ARTICLE_BYTES = 50 * 1024 * 1024

/** Whether the file's extension (any case) is one Spanwise imports. */
export function isSupportedFile(fileName: string): boolean {
  return SUPPORTED_EXTENSIONS.includes(extname(fileName).toLowerCase())
}

/**
 * An extracted article, and what the reading assumed that the user should know (a text file that was
 * not valid UTF-8), in one line for the library row.
 */
export type ExtractedArticle = ArticleText & { warning?: Said }

/** How extractArticle may be asked to do less. */
export interface ExtractOptions {
  /**
   * Detect the language when the file does not state it (default). Costs about a millisecond per
   * article, so the workspace does it once when it indexes a file, not on every read.
   */
  detectLanguage?: boolean
  /**
   * How scans (images, PDF pages without text) are read: the result cache folder, the language,
   * progress and cancel. Without it they are still read, with nothing cached.
   */
  ocr?: OcrOptions
}

/**
 * A file's article: normalised text (NFC, "\n" line ends, no BOM), its blocks as UTF-16 ranges of that
 * text, and the metadata the file states (title, byline, outlet, date, URL, language), with the
 * language detected when the file does not state it. The format comes from the file name's extension.
 * Throws ImportError, with a one-line reason, for anything that cannot be read as an article.
 */
export async function extractArticle(
  bytes: Uint8Array,
  fileName: string,
  options: ExtractOptions = {},
): Promise<ExtractedArticle> {
  if (bytes.length === 0) throw new ImportError('detail.file.empty')
  if (bytes.length > MAX_ARTICLE_BYTES)
    throw new ImportError('detail.file.tooLarge', { megabytes: MAX_ARTICLE_BYTES / 1024 / 1024 })
  const article = await extractByFormat(bytes, extname(fileName).toLowerCase(), options.ocr ?? {})
  if (!article.text.trim()) throw new ImportError('detail.file.noText')
  // Offsets are bounded by the model; a longer text could not be annotated or stored.
  if (article.text.length > LIMITS.articleChars)
    throw new ImportError('detail.file.tooLong', { millions: LIMITS.articleChars / 1_000_000 })
  const metadata = cleanMetadata(article.metadata)
  if (!metadata.language && options.detectLanguage !== false) {
    const language = detectLanguage(article.text)
    if (language) metadata.language = language
  }
  return { ...article, metadata }
}

async function extractByFormat(bytes: Uint8Array, extension: string, ocr: OcrOptions): Promise<ExtractedArticle> {
  if (IMAGE_EXTENSIONS.includes(extension)) return extractImage(bytes, ocr)
  switch (extension) {
    case '.docx':
      return extractDocx(bytes)
    case '.pdf':
      return extractPdf(bytes, ocr)
    case '.html':
    case '.htm':
      return extractHtml(bytes)
    case '.md':
    case '.markdown': {
      const { text, warning } = decodeTextReporting(bytes)
      return { ...extractMarkdown(text.normalize('NFC')), ...(warning ? { warning } : {}) }
    }
    case '.txt': {
      const { text, warning } = decodeTextReporting(bytes)
      return { ...extractPlainText(text), ...(warning ? { warning } : {}) }
    }
    default:
      throw extension ? new ImportError('detail.file.unknownFormat', { extension }) : new ImportError('detail.file.noExtension')
  }
}
