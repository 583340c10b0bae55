/**
 * ClaimReview (schema.org JSON-LD), the markup fact-checkers publish and search engines read: one
 * review per claim that has a verdict (status other than "unchecked"), the file a JSON array of them.
 *
 * Rating scale, 1–5 (worstRating 1, bestRating 5), as fact-checkers' ClaimReview feeds commonly use:
 *   false → 1 "False", misleading → 2 "Misleading", accurate → 5 "Accurate".
 * "unverifiable" and workspace-defined statuses get no ratingValue: they say nothing about how true
 * the claim is, and a number would place them on that scale anyway (a 3 reads as "half true").
 * Their reviewRating carries only alternateName, the verdict in words, which is what readers see.
 *
 * Orphaned claims (their words no longer found in the article) are reviewed too: what was checked
 * is the claim's exact text, which they keep.
 *
 * The review has no `url` (Google asks for the fact-check's own page): Spanwise is offline and the
 * review has not been published anywhere yet; whoever publishes it adds one.
 */
import { annotationUrn } from './article-spans'
import type { ArticleStreamFormat, ExportContext } from './types'
import type { ExportedAnnotation, ExportedArticle } from './spanwise-json'

/** The numeric rating of the built-in verdicts; absent ones have no place on the scale. */
export const CLAIMREVIEW_RATINGS: Readonly<Record<string, number>> = { false: 1, misleading: 2, accurate: 5 }
/** The scale's ends. */
export const CLAIMREVIEW_WORST = 1
export const CLAIMREVIEW_BEST = 5

/** A schema.org Rating. */
export interface ClaimReviewRating {
  '@type': 'Rating'
  alternateName: string
  ratingValue?: number
  bestRating?: number
  worstRating?: number
}

/** A schema.org ClaimReview. */
export interface ClaimReview {
  '@context': 'https://schema.org'
  '@type': 'ClaimReview'
  '@id': string
  claimReviewed: string
  reviewRating: ClaimReviewRating
  itemReviewed: {
    '@type': 'Claim'
    appearance: {
      '@type': 'NewsArticle' | 'CreativeWork'
      headline?: string
      url?: string
      datePublished?: string
      author?: { '@type': 'Person'; name: string }
      publisher?: { '@type': 'Organization'; name: string }
    }
  }
  author: { '@type': 'Organization'; name: string }
  datePublished: string
  reviewBody?: string
}

/** A status in words: "false" → "False", "needs-context" → "Needs context". */
export function verdictWords(status: string): string {
  const words = status.replace(/[-_]+/g, ' ').trim()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** The rating of a status, with a number only for verdicts on the truth scale. */
export function claimReviewRating(status: string): ClaimReviewRating {
  const value = Object.hasOwn(CLAIMREVIEW_RATINGS, status) ? CLAIMREVIEW_RATINGS[status] : undefined
  return value === undefined
    ? { '@type': 'Rating', alternateName: verdictWords(status) }
    : {
        '@type': 'Rating',
        alternateName: verdictWords(status),
        ratingValue: value,
        bestRating: CLAIMREVIEW_BEST,
        worstRating: CLAIMREVIEW_WORST,
      }
}

/** The date part of an ISO timestamp (schema.org Date), or the string as it is. */
function isoDate(timestamp: string): string {
  return /^\d{4}-\d{2}-\d{2}/.test(timestamp) ? timestamp.slice(0, 10) : timestamp
}

/** A claim's status, or null when the annotation is not a claim. */
function claimStatus(a: ExportedAnnotation): string | null {
  return a.kind === 'claim' && 'status' in a.attributes ? a.attributes.status : null
}

/** Keeps only the properties that have a value (schema.org has no use for empty strings). */
function present<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as T
}

/** The reviews of one article's checked claims, in text order. */
export function claimReviews(article: ExportedArticle, ctx: ExportContext): ClaimReview[] {
  const m = article.metadata
  // An outlet means the piece was published by a news organisation; without one it is just a work.
  const appearance = present({
    '@type': m.outlet ? ('NewsArticle' as const) : ('CreativeWork' as const),
    headline: m.title,
    url: m.url,
    datePublished: m.date,
    author: m.byline ? { '@type': 'Person' as const, name: m.byline } : undefined,
    publisher: m.outlet ? { '@type': 'Organization' as const, name: m.outlet } : undefined,
  })
  const reviewer = ctx.workspaceName.trim() || 'Spanwise user'
  const reviews: ClaimReview[] = []
  for (const a of article.annotations) {
    const status = claimStatus(a)
    if (status === null || status === 'unchecked') continue
    reviews.push(
      present({
        '@context': 'https://schema.org' as const,
        '@type': 'ClaimReview' as const,
        '@id': annotationUrn(a.id),
        claimReviewed: a.exact,
        reviewRating: claimReviewRating(status),
        itemReviewed: { '@type': 'Claim' as const, appearance },
        author: { '@type': 'Organization' as const, name: reviewer },
        datePublished: isoDate(a.updatedAt),
        reviewBody: a.note,
      }),
    )
  }
  return reviews
}

/** The ClaimReview stream: a JSON array, one review per line. */
export const claimReviewFormat: ArticleStreamFormat = {
  id: 'claimreview',
  extension: 'claimreview.jsonld',
  mediaType: 'application/ld+json',
  separator: ',\n',
  head: () => '[\n',
  article: (a, ctx) =>
    claimReviews(a, ctx)
      .map((r) => JSON.stringify(r))
      .join(',\n'),
  tail: () => '\n]\n',
}
