/**
 * Article import: file bytes → ArticleText (normalised text + blocks + metadata), one module per
 * format, each with a well-kept library doing the parsing: .txt (encodings detected), .md (marked),
 * .html/.htm (Readability over linkedom), .docx (mammoth), .pdf (pdf.js). The language is detected
 * (franc) when the file does not state it. Bad input throws ImportError with a one-line reason.
 */
import { extname } from 'node:path'
import type { ArticleText } from '../../shared/model'
import { paragraphBlocks } from '../../shared/text-blocks'
import { extractDocx } from './docx'
import { decodeText } from './encoding'
import { ImportError } from './errors'
import { extractHtml } from './html'
import { detectLanguage } from './language'
import { extractMarkdown } from './markdown'
import { extractPdf } from './pdf'

export { ImportError } from './errors'

export const SUPPORTED_EXTENSIONS: readonly string[] = ['.txt', '.md', '.markdown', '.html', '.htm', '.docx', '.pdf']

/** Larger files are refused: a 50 MB article is far beyond any report, and far below memory trouble. */
export const MAX_ARTICLE_BYTES = 50 * 1024 * 1024

export function isSupportedFile(fileName: string): boolean {
  return SUPPORTED_EXTENSIONS.includes(extname(fileName).toLowerCase())
}

export interface ExtractOptions {
  /**
   * Detect the language when the file does not state it (default). Costs about a millisecond per
   * article, so the workspace does it once when it indexes a file, not on every read.
   */
  detectLanguage?: boolean
}

export async function extractArticle(bytes: Uint8Array, fileName: string, options: ExtractOptions = {}): Promise<ArticleText> {
  if (bytes.length === 0) throw new ImportError('The file is empty')
  if (bytes.length > MAX_ARTICLE_BYTES) throw new ImportError(`The file is larger than ${MAX_ARTICLE_BYTES / 1024 / 1024} MB`)
  const article = await extractByFormat(bytes, extname(fileName).toLowerCase())
  if (!article.text.trim()) throw new ImportError('No text found in the file')
  const language = article.metadata.language ?? (options.detectLanguage === false ? undefined : detectLanguage(article.text))
  return language ? { ...article, metadata: { ...article.metadata, language } } : article
}

async function extractByFormat(bytes: Uint8Array, extension: string): Promise<ArticleText> {
  switch (extension) {
    case '.docx':
      return extractDocx(bytes)
    case '.pdf':
      return extractPdf(bytes)
    case '.html':
    case '.htm':
      return extractHtml(decodeText(bytes))
    case '.md':
    case '.markdown':
      return extractMarkdown(decodeText(bytes).normalize('NFC'))
    case '.txt': {
      const text = decodeText(bytes).replace(/\r\n?/g, '\n').normalize('NFC')
      return { text, blocks: paragraphBlocks(text), metadata: {} }
    }
    default:
      throw new ImportError(`Not an article format Spanwise reads (${extension || 'no extension'})`)
  }
}
