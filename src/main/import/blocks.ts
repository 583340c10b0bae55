/**
 * Building an ArticleText from extracted pieces: each piece becomes a block, pieces are joined with a
 * blank line, and the text is NFC-normalised so the same words compare equal whatever the source did.
 */
import { calendarWords, DATELINE_LANGUAGES } from '../../shared/lexicon/calendar'
import type { ArticleMetadata, ArticleText, Block, BlockType } from '../../shared/model'
import { foldTerm } from '../../shared/suggest/fold'

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

/**
 * Only a date, in any of DATELINE_LANGUAGES: "Saturday, November 16", "16 de noviembre de 2024",
 * "Samstag, 16. November 2024", "dissabte, 16 d’octubre del 2024", "16/11/2024". The month and weekday
 * names and the joining words come from Intl (calendarWords); the line is folded (case, accents,
 * apostrophes) before matching. Built on first use.
 */
let dateline: RegExp | undefined
function datelinePattern(): RegExp {
  if (dateline) return dateline
  const words = calendarWords(DATELINE_LANGUAGES)
  // Longest first, so "d'octubre" is tried before "octubre" and a name never stops at its prefix.
  const any = (list: readonly string[]) =>
    [...list]
      .sort((x, y) => y.length - x.length)
      .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|')
  const day = String.raw`\d{1,2}(?:\.|st|nd|rd|th|er|o|a)?`
  const joiner = words.connectors.length ? String.raw`(?:(?:${any(words.connectors)})\s+)?` : ''
  const date = String.raw`(?:${day}\s*${joiner})?(?:${any(words.months)})(?:\s+${day})?(?:,?\s+${joiner}\d{4})?`
  dateline = new RegExp(String.raw`^(?:(?:${any(words.weekdays)}),?\s*)?(?:${date}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})$`, 'u')
  return dateline
}

/** A line that is only a date (a dateline), never an article's title. */
export function isDateline(line: string): boolean {
  const clean = line.trim().replace(/[.,;:]$/, '')
  // A date has a number: a lone month name ("Agosto", "March") may well be a title.
  return clean.length <= 48 && /\d/.test(clean) && datelinePattern().test(foldTerm(clean))
}

/**
 * The article's title when the file names none: its first heading, else its first short line, passing
 * over a dateline above the headline ("Saturday, November 16").
 */
export function titleFromBlocks(article: ArticleText): string | undefined {
  const heading = article.blocks.find((b) => b.type === 'heading')
  if (heading) return article.text.slice(heading.start, heading.end).trim() || undefined
  for (const block of article.blocks.slice(0, 3)) {
    const line = article.text.slice(block.start, block.end).split('\n')[0].trim()
    if (!line) continue
    if (isDateline(line)) continue
    return line.length <= MAX_TITLE_LINE ? line : undefined
  }
  return undefined
}
