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
