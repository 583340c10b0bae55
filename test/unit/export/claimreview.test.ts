import { describe, expect, it } from 'vitest'
import {
  CLAIMREVIEW_BEST,
  CLAIMREVIEW_WORST,
  claimReviewFormat,
  claimReviews,
  type ClaimReview,
} from '../../../src/shared/export/claimreview'
import { renderExport } from '../../../src/shared/export/formats'
import { ARTICLES, ARTICLE_1, ARTICLE_EMPTY, CTX, SOURCE } from './fixtures'

const REVIEWS = JSON.parse(renderExport(claimReviewFormat, ARTICLES, CTX)) as ClaimReview[]
const byId = (id: string) => REVIEWS.find((r) => r['@id'] === `urn:spanwise:annotation:${id}`)!

describe('ClaimReview export', () => {
  it('is a JSON array of one review per claim with a verdict', () => {
    const checked = [...SOURCE.values()].filter(
      (a) => a.kind === 'claim' && (a.attributes as { status: string }).status !== 'unchecked',
    )
    expect(REVIEWS.map((r) => r['@id']).sort()).toEqual(checked.map((a) => `urn:spanwise:annotation:${a.id}`).sort())
    expect(byId('c3')).toBeUndefined() // unchecked
  })

  it('gives every review the required schema.org properties', () => {
    for (const r of REVIEWS) {
      expect(r['@context']).toBe('https://schema.org')
      expect(r['@type']).toBe('ClaimReview')
      expect(typeof r.claimReviewed).toBe('string')
      expect(r.reviewRating['@type']).toBe('Rating')
      expect(r.reviewRating.alternateName).toMatch(/^[A-Z]/)
      expect(r.itemReviewed['@type']).toBe('Claim')
      expect(['NewsArticle', 'CreativeWork']).toContain(r.itemReviewed.appearance['@type'])
      expect(r.author).toEqual({ '@type': 'Organization', name: CTX.workspaceName })
      expect(r.datePublished).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    }
  })

  it('rates built-in verdicts on the 1–5 scale and gives other statuses words only', () => {
    expect(byId('c1').reviewRating).toEqual({
      '@type': 'Rating',
      alternateName: 'False',
      ratingValue: 1,
      bestRating: CLAIMREVIEW_BEST,
      worstRating: CLAIMREVIEW_WORST,
    })
    expect(byId('c2').reviewRating).toMatchObject({ alternateName: 'Misleading', ratingValue: 2 })
    expect(byId('c9').reviewRating).toMatchObject({ alternateName: 'Accurate', ratingValue: 5 })
    expect(byId('c4').reviewRating).toEqual({ '@type': 'Rating', alternateName: 'Needs context' })
  })

  it('reviews the exact text and describes where it appeared', () => {
    const c1 = byId('c1')
    expect(c1.claimReviewed).toBe('Les prix ont baissé de 12 %')
    expect(c1.reviewBody).toBe('Les prix ont monté de 3 %.')
    expect(c1.datePublished).toBe('2024-05-02')
    expect(c1.itemReviewed.appearance).toEqual({
      '@type': 'NewsArticle',
      headline: 'Les prix, selon «Reuters»',
      url: 'https://example.org/prix',
      datePublished: '2024-04-30',
      author: { '@type': 'Person', name: 'Anne Dupont' },
      publisher: { '@type': 'Organization', name: 'Le Quotidien' },
    })
    expect(byId('c2')).not.toHaveProperty('reviewBody') // no note, no empty property
    expect(byId('c9').itemReviewed.appearance).toEqual({ '@type': 'CreativeWork', headline: '=HYPERLINK("http://evil")' })
  })

  it('names the reviewer "Spanwise user" when the workspace has no name', () => {
    expect(claimReviews(ARTICLE_1, { ...CTX, workspaceName: '  ' })[0].author.name).toBe('Spanwise user')
  })

  it('stays a valid array when nothing was checked', () => {
    expect(JSON.parse(renderExport(claimReviewFormat, [], CTX))).toEqual([])
    expect(JSON.parse(renderExport(claimReviewFormat, [ARTICLE_EMPTY, ARTICLE_EMPTY], CTX))).toEqual([])
  })
})
