/**
 * Saved web pages: the article body extracted with Mozilla's Readability over a linkedom DOM (no
 * browser, no script ever runs: linkedom does not execute scripts and we never render the markup),
 * page furniture left out, and the page's metadata kept: title, byline, published date, site name,
 * canonical URL, language.
 */
import { Readability } from '@mozilla/readability'
import { parseHTML } from 'linkedom'
import type { ArticleMetadata, ArticleText } from '../../shared/model'
import { fromPieces, type Piece } from './blocks'
import { decodeText } from './encoding'
import { piecesFromHtml, type NodeLike } from './html-blocks'

type Doc = ReturnType<typeof parseHTML>['document']

/** The charset a page declares in its first 1024 bytes (where the HTML standard looks for it). */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024))
  return /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head)?.[1]
}

/** The first non-empty value among the elements the selectors find (content, datetime or href). */
function meta(document: Doc, ...selectors: string[]): string | undefined {
  for (const selector of selectors) {
    const el = document.querySelector(selector)
    const value = el?.getAttribute('content') ?? el?.getAttribute('datetime') ?? el?.getAttribute('href') ?? undefined
    if (value?.trim()) return value.trim()
  }
  return undefined
}

/** A person's name, not a profile URL (article:author is often a link to the author's page). */
function personName(value: string | undefined): string | undefined {
  return value && !/^[a-z][\w+.-]*:\/\//i.test(value) ? value : undefined
}

function pageMetadata(document: Doc): ArticleMetadata {
  return {
    title:
      meta(document, 'meta[property="og:title"]', 'meta[name="twitter:title"]', 'meta[name="title"]') ??
      (document.title?.trim() || undefined),
    byline: personName(
      meta(document, 'meta[name="author"]', 'meta[property="article:author"]', 'meta[name="byl"]', 'meta[name="dc.creator"]'),
    ),
    outlet: meta(document, 'meta[property="og:site_name"]', 'meta[name="application-name"]', 'meta[name="publisher"]'),
    date: meta(
      document,
      'meta[property="article:published_time"]',
      'meta[name="date"]',
      'meta[name="pubdate"]',
      'meta[name="publish-date"]',
      'meta[name="dc.date"]',
      'meta[itemprop="datePublished"]',
      'time[datetime]',
    ),
    url: meta(document, 'link[rel="canonical"]', 'meta[property="og:url"]'),
    language:
      document.documentElement?.getAttribute('lang') ||
      meta(document, 'meta[http-equiv="content-language"]', 'meta[http-equiv="Content-Language"]', 'meta[property="og:locale"]'),
  }
}

const comparable = (s: string) => s.normalize('NFC').replace(/\s+/g, ' ').trim().toLowerCase()

/**
 * Readability removes the headline when it repeats the page title, but a headline is text a journalist
 * annotates (quotes live in headlines). Put the page's first h1 back when it is the title and missing.
 */
function withHeadline(pieces: Piece[], document: Doc, title: string | undefined): Piece[] {
  const h1 = document.querySelector('h1')
  if (!h1 || !title) return pieces
  const headline = fromPieces(piecesFromHtml(h1 as unknown as NodeLike)).text
  const key = comparable(headline)
  if (!key || (!comparable(title).includes(key) && !key.includes(comparable(title)))) return pieces
  if (pieces.some((p) => comparable(p.text) === key)) return pieces
  return [{ type: 'heading', level: 1, text: headline }, ...pieces]
}

/** A web page's article: its readable body as blocks, and the page's metadata. */
export function extractHtml(bytes: Uint8Array): ArticleText {
  const decoded = decodeText(bytes, { declaredCharset: declaredCharset(bytes) })
  // linkedom, unlike a browser, builds no <html><body> around a bare fragment: give it one.
  const html = /<(html|body)[\s>]/i.test(decoded) ? decoded : `<!doctype html><html><body>${decoded}</body></html>`
  const { document } = parseHTML(html)
  const metadata = pageMetadata(document)
  let readable: ReturnType<Readability['parse']> = null
  try {
    // Readability changes the tree it reads: give it its own copy.
    readable = new Readability(parseHTML(html).document as unknown as Document, { charThreshold: 100 }).parse()
  } catch {
    readable = null // Readability gives up on odd markup: fall back to the whole body below
  }
  metadata.title ??= readable?.title ?? undefined
  metadata.byline ??= personName(readable?.byline?.trim() || undefined)
  metadata.outlet ??= readable?.siteName ?? undefined
  metadata.date ??= readable?.publishedTime ?? undefined
  metadata.language ??= readable?.lang ?? undefined
  let pieces: Piece[] = []
  if (readable?.content) {
    const body = parseHTML(`<!doctype html><html><body>${readable.content}</body></html>`).document.body
    pieces = withHeadline(piecesFromHtml(body as unknown as NodeLike), document, readable.title ?? metadata.title)
  }
  // Readability finds no article in a short note or a bare fragment: the whole body is the article then.
  if (!pieces.some((p) => p.text.trim())) pieces = piecesFromHtml((document.body ?? document) as unknown as NodeLike)
  return fromPieces(pieces, metadata)
}
