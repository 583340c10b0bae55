/**
 * Markdown to blocks with marked's lexer: headings, paragraphs, list items and blockquotes become
 * blocks; emphasis, links and other markup are reduced to their text; raw HTML is dropped.
 */
import { marked, type Token, type Tokens } from 'marked'
import type { ArticleText } from '../../shared/model'
import { fromPieces, type Piece } from './blocks'

/** The visible text of inline tokens. */
function inlineText(tokens: readonly Token[] | undefined, fallback = ''): string {
  if (!tokens) return fallback
  return tokens
    .map((t) => {
      if (t.type === 'html') return ''
      if (t.type === 'br') return '\n'
      if ('tokens' in t && t.tokens) return inlineText(t.tokens, (t as { text?: string }).text ?? '')
      if (t.type === 'image') return (t as Tokens.Image).text
      return (t as { text?: string }).text ?? ''
    })
    .join('')
}

function collect(tokens: readonly Token[], pieces: Piece[], inQuote: boolean): void {
  for (const token of tokens) {
    switch (token.type) {
      case 'heading':
        pieces.push({ type: 'heading', level: (token as Tokens.Heading).depth, text: inlineText(token.tokens) })
        break
      case 'paragraph':
      case 'text':
        pieces.push({ type: inQuote ? 'blockquote' : 'paragraph', text: inlineText(token.tokens, (token as Tokens.Text).text) })
        break
      case 'blockquote':
        collect((token as Tokens.Blockquote).tokens, pieces, true)
        break
      case 'list':
        for (const item of (token as Tokens.List).items) {
          const inner: Piece[] = []
          collect(item.tokens, inner, inQuote)
          pieces.push({ type: 'listItem', text: inner.map((p) => p.text).join('\n') })
        }
        break
      case 'code':
        pieces.push({ type: 'paragraph', text: (token as Tokens.Code).text })
        break
      case 'table': {
        const table = token as Tokens.Table
        for (const row of [table.header, ...table.rows]) pieces.push({ type: 'paragraph', text: row.map((cell) => inlineText(cell.tokens, cell.text)).join(' | ') })
        break
      }
      default:
        break // hr, space, html: nothing to read
    }
  }
}

export function extractMarkdown(source: string): ArticleText {
  const pieces: Piece[] = []
  collect(marked.lexer(source.replace(/\r\n?/g, '\n')), pieces, false)
  const article = fromPieces(pieces)
  const title = article.blocks.find((b) => b.type === 'heading')
  return title ? { ...article, metadata: { title: article.text.slice(title.start, title.end) } } : article
}
