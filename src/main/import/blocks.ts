/**
 * Building an ArticleText from extracted pieces: each piece becomes a block, pieces are joined with a
 * blank line, and the text is NFC-normalised so the same words compare equal whatever the source did.
 */
import type { ArticleMetadata, ArticleText, Block, BlockType } from '../../shared/model'

export interface Piece {
  type: BlockType
  text: string
  level?: number
}

export function fromPieces(pieces: readonly Piece[], metadata: ArticleMetadata = {}): ArticleText {
  const blocks: Block[] = []
  let text = ''
  for (const piece of pieces) {
    const clean = piece.text
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(/[ \t\u00a0]+/g, ' ')
      .replace(/ *\n */g, '\n')
      .trim()
    if (!clean) continue
    if (text) text += '\n\n'
    blocks.push({ type: piece.type, start: text.length, end: text.length + clean.length, ...(piece.type === 'heading' ? { level: Math.min(6, Math.max(1, piece.level ?? 2)) } : {}) })
    text += clean
  }
  return { text, blocks, metadata }
}

/** Paragraph blocks of plain text: runs of non-blank lines, their surrounding white space left out. */
export function paragraphsOf(text: string): Block[] {
  const blocks: Block[] = []
  for (const m of text.matchAll(/[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*/g)) {
    let s = m.index!
    let e = s + m[0].length
    while (s < e && /\s/.test(text[s])) s++
    while (e > s && /\s/.test(text[e - 1])) e--
    if (e > s) blocks.push({ type: 'paragraph', start: s, end: e })
  }
  return blocks
}
