/**
 * Article import: file bytes → ArticleText (normalised text + blocks + metadata). This first version
 * reads UTF-8 .txt (paragraphs from blank lines) and .md (headings and paragraphs through marked's
 * lexer, markup removed); other formats and encodings come with the import issue.
 */
import type { ArticleText, Block } from '../../shared/model'
import { marked } from 'marked'

export const SUPPORTED_EXTENSIONS: readonly string[] = ['.txt', '.md']
export const MAX_ARTICLE_BYTES = 50 * 1024 * 1024
export class ImportError extends Error {}

export function isSupportedFile(fileName: string): boolean {
  const lower = fileName.toLowerCase()
  return SUPPORTED_EXTENSIONS.some((e) => lower.endsWith(e))
}

export async function extractArticle(bytes: Uint8Array, fileName: string): Promise<ArticleText> {
  if (bytes.length === 0) throw new ImportError('The file is empty')
  const raw = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').normalize('NFC')
  if (fileName.toLowerCase().endsWith('.md')) {
    const blocks: Block[] = []
    let text = ''
    for (const token of marked.lexer(raw)) {
      if (token.type !== 'heading' && token.type !== 'paragraph') continue
      const t = (token as { text: string }).text.replace(/\*\*|__|\*|_/g, '')
      if (text) text += '\n\n'
      blocks.push({ type: token.type, start: text.length, end: text.length + t.length, ...(token.type === 'heading' ? { level: (token as { depth: number }).depth } : {}) })
      text += t
    }
    return { text, blocks, metadata: {} }
  }
  const blocks: Block[] = []
  const re = /[^\n](?:[^\n]|\n(?![ \t]*\n))*/g
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    let s = m.index
    let e = m.index + m[0].length
    while (s < e && /\s/.test(raw[s])) s++
    while (e > s && /\s/.test(raw[e - 1])) e--
    if (e > s) blocks.push({ type: 'paragraph', start: s, end: e })
  }
  return { text: raw, blocks, metadata: {} }
}
