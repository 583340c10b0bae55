/**
 * Building an ArticleText from extracted pieces: each piece becomes a block, pieces are joined with a
 * blank line, and the text is NFC-normalised so the same words compare equal whatever the source did.
 */
import type { ArticleMetadata, ArticleText, Block, BlockType } from '../../shared/model'

/** One block's worth of extracted text, before it is placed in the article string. */
export interface Piece {
  type: BlockType
  /** The block's text; may hold single line breaks (a `<br>`), a blank line splits it in two. */
  text: string
  /** Heading level 1-6, for headings only. */
  level?: number
}

/**
 * Pieces → text and blocks. Runs of spaces collapse to one; a blank line inside a piece splits it into
 * two blocks of the same type, so a block never holds a paragraph break (headings become one line).
 */
export function fromPieces(pieces: readonly Piece[], metadata: ArticleMetadata = {}): ArticleText {
  const blocks: Block[] = []
  let text = ''
  for (const piece of pieces) {
    const normalised = piece.text
      .normalize('NFC')
      .replace(/\r\n?/g, '\n')
      .replace(/[ \t\f\v\u00a0]+/g, ' ')
      .replace(/ *\n */g, '\n')
    const parts = piece.type === 'heading' ? [normalised.replace(/\n+/g, ' ')] : normalised.split(/\n{2,}/)
    for (const part of parts) {
      const clean = part.trim()
      if (!clean) continue
      if (text) text += '\n\n'
      const level = piece.type === 'heading' ? { level: Math.min(6, Math.max(1, piece.level ?? 2)) } : {}
      blocks.push({ type: piece.type, start: text.length, end: text.length + clean.length, ...level })
      text += clean
    }
  }
  return { text, blocks, metadata }
}

/** Longest first line taken for a title; a longer one is a sentence of the body, not a title. */
const MAX_TITLE_LINE = 150

/** The article's title when the file names none: its first heading, else its first line if short. */
export function titleFromBlocks(article: ArticleText): string | undefined {
  const heading = article.blocks.find((b) => b.type === 'heading')
  if (heading) return article.text.slice(heading.start, heading.end).trim() || undefined
  const first = article.blocks[0]
  if (!first) return undefined
  const line = article.text.slice(first.start, first.end).split('\n')[0].trim()
  return line && line.length <= MAX_TITLE_LINE ? line : undefined
}
