/**
 * Markdown to blocks with marked's lexer: headings, paragraphs, list items and blockquotes become
 * blocks; emphasis, links and other markup are reduced to their text; raw HTML and images are
 * dropped (they show no text); character references (&amp;) are decoded. A soft line break is a space,
 * as a Markdown reader shows it. Front matter (--- title: … ---) gives metadata, not text.
 */
import { parseHTML } from 'linkedom'
import { marked, type Token, type Tokens } from 'marked'
import type { ArticleMetadata, ArticleText } from '../../shared/model'
import { fromPieces, titleFromBlocks, type Piece } from './blocks'

let decoder: { innerHTML: string; textContent: string | null } | undefined

/** Text with HTML character references decoded, by the same HTML parser the web pages go through. */
function decodeEntities(text: string): string {
  if (!/&(#\d+|#x[\da-f]+|[a-z][a-z\d]*);/i.test(text)) return text
  decoder ??= parseHTML('<!doctype html><html><body><p></p></body></html>').document.querySelector('p') as unknown as {
    innerHTML: string
    textContent: string | null
  }
  decoder.innerHTML = text.replace(/</g, '&lt;')
  return decoder.textContent ?? text
}

/** The visible text of inline tokens. */
function inlineText(tokens: readonly Token[] | undefined, fallback = ''): string {
  if (!tokens) return decodeEntities(fallback).replace(/\n/g, ' ')
  return tokens
    .map((t): string => {
      switch (t.type) {
        case 'html':
          return /^<br\s*\/?>$/i.test(t.raw.trim()) ? '\n' : ''
        case 'image':
          return ''
        case 'br':
          return '\n'
        case 'codespan':
          return decodeEntities((t as Tokens.Codespan).text)
        case 'escape':
          return (t as Tokens.Escape).text
        default:
          if ('tokens' in t && t.tokens) return inlineText(t.tokens, (t as { text?: string }).text ?? '')
          // A newline inside a paragraph's text is a soft break: a space when read.
          return decodeEntities((t as { text?: string }).text ?? '').replace(/\n/g, ' ')
      }
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
          // The item's own text is one block; a nested list's items follow as blocks of their own.
          const own = item.tokens.filter((t) => t.type !== 'list')
          const inner: Piece[] = []
          collect(own, inner, inQuote)
          pieces.push({ type: inQuote ? 'blockquote' : 'listItem', text: inner.map((p) => p.text).join('\n') })
          collect(
            item.tokens.filter((t) => t.type === 'list'),
            pieces,
            inQuote,
          )
        }
        break
      case 'code':
        pieces.push({ type: inQuote ? 'blockquote' : 'paragraph', text: (token as Tokens.Code).text })
        break
      case 'table': {
        const table = token as Tokens.Table
        for (const row of [table.header, ...table.rows])
          pieces.push({ type: 'paragraph', text: row.map((cell) => inlineText(cell.tokens, cell.text)).join(' | ') })
        break
      }
      default:
        break // hr, space, html, def: nothing to read
    }
  }
}

/** Front matter keys and the metadata field each fills. */
const FRONT_MATTER: Record<string, Exclude<keyof ArticleMetadata, 'source'>> = {
  title: 'title',
  headline: 'title',
  author: 'byline',
  authors: 'byline',
  byline: 'byline',
  outlet: 'outlet',
  publication: 'outlet',
  publisher: 'outlet',
  source: 'outlet',
  site: 'outlet',
  date: 'date',
  published: 'date',
  pubdate: 'date',
  url: 'url',
  canonical: 'url',
  canonicalurl: 'url',
  link: 'url',
  lang: 'language',
  language: 'language',
}

/** YAML front matter's simple `key: value` lines (all an article's header needs; no YAML parser). */
function frontMatter(source: string): { body: string; metadata: ArticleMetadata } {
  const match = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(source)
  if (!match || !/^[\w-]+[ \t]*:/m.test(match[1])) return { body: source, metadata: {} }
  const metadata: ArticleMetadata = {}
  for (const line of match[1].split('\n')) {
    const pair = /^([\w-]+)[ \t]*:[ \t]*(.+)$/.exec(line)
    const field = pair && FRONT_MATTER[pair[1].toLowerCase()]
    if (!pair || !field || metadata[field]) continue
    const value = pair[2]
      .trim()
      .replace(/^(["'])(.*)\1$/, '$2')
      .replace(/^\[(.*)\]$/, '$1')
      .trim()
    if (value) metadata[field] = value
  }
  return { body: source.slice(match[0].length), metadata }
}

/** A Markdown article's blocks without markup; title from front matter, else its first heading. */
export function extractMarkdown(source: string): ArticleText {
  const { body, metadata } = frontMatter(source.replace(/\r\n?/g, '\n'))
  const pieces: Piece[] = []
  collect(marked.lexer(body), pieces, false)
  const article = fromPieces(pieces, metadata)
  const title = metadata.title ?? titleFromBlocks(article)
  return title ? { ...article, metadata: { ...metadata, title } } : article
}
