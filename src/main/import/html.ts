/**
 * Saved web pages: the article body extracted with Mozilla's Readability over a linkedom DOM (no
 * browser, no script ever runs), page furniture left out, and the page's metadata kept: title,
 * byline, published date, site name, canonical URL, language.
 */
import { Readability } from '@mozilla/readability'
import { parseHTML } from 'linkedom'
import type { ArticleMetadata, ArticleText } from '../../shared/model'
import { fromPieces } from './blocks'
import { piecesFromHtml } from './html-blocks'

type Doc = ReturnType<typeof parseHTML>['document']

function meta(document: Doc, ...selectors: string[]): string | undefined {
  for (const selector of selectors) {
    const el = document.querySelector(selector)
    const value = el?.getAttribute('content') ?? el?.getAttribute('datetime') ?? el?.getAttribute('href') ?? undefined
    if (value?.trim()) return value.trim()
  }
  return undefined
}

export function extractHtml(html: string): ArticleText {
  const { document } = parseHTML(html)
  const metadata: ArticleMetadata = {
    title: meta(document, 'meta[property="og:title"]', 'meta[name="twitter:title"]') ?? (document.title?.trim() || undefined),
    byline: meta(document, 'meta[name="author"]', 'meta[property="article:author"]'),
    outlet: meta(document, 'meta[property="og:site_name"]', 'meta[name="application-name"]'),
    date: meta(document, 'meta[property="article:published_time"]', 'meta[name="date"]', 'meta[itemprop="datePublished"]', 'time[datetime]'),
    url: meta(document, 'link[rel="canonical"]', 'meta[property="og:url"]'),
    language: document.documentElement?.getAttribute('lang')?.split('-')[0]?.toLowerCase() || undefined,
  }
  let readable: ReturnType<Readability['parse']> = null
  try {
    readable = new Readability(parseHTML(html).document as unknown as Document, { charThreshold: 100 }).parse()
  } catch {
    readable = null // Readability gives up on odd markup: fall back to the whole body below
  }
  const source = readable?.content ? parseHTML(`<html><body>${readable.content}</body></html>`).document.body : document.body
  const pieces = source ? piecesFromHtml(source as never) : []
  if (readable?.byline && !metadata.byline) metadata.byline = readable.byline.trim()
  if (readable?.siteName && !metadata.outlet) metadata.outlet = readable.siteName.trim()
  if (readable?.publishedTime && !metadata.date) metadata.date = readable.publishedTime
  if (readable?.title && !metadata.title) metadata.title = readable.title.trim()
  const clean = Object.fromEntries(Object.entries(metadata).filter(([, v]) => v !== undefined && v !== '').map(([k, v]) => [k, String(v).slice(0, k === 'url' ? 2000 : 500)]))
  return fromPieces(pieces, clean)
}
