import { describe, expect, it } from 'vitest'
import { renderExport } from '../../../src/shared/export/formats'
import { W3C_CONTEXT, w3cAnnotations, w3cFormat, type W3CAnnotation } from '../../../src/shared/export/w3c'
import { ARTICLES, ARTICLE_1, ARTICLE_EMPTY, CTX, SOURCE, cpSlice, hasLoneSurrogate } from './fixtures'

function parse(articles = ARTICLES) {
  return JSON.parse(renderExport(w3cFormat, articles, CTX))
}

const TEXT_OF = new Map(ARTICLES.map((a) => [`urn:spanwise:article:${a.id}`, a.text]))

describe('W3C Web Annotation export', () => {
  it('is one AnnotationCollection with its page embedded', () => {
    const doc = parse()
    expect(doc['@context']).toBe(W3C_CONTEXT)
    expect(doc.type).toBe('AnnotationCollection')
    expect(doc.id).toMatch(/^urn:spanwise:export:/)
    expect(doc.label).toBe(CTX.workspaceName)
    expect(doc.generated).toBe(CTX.exportedAt)
    expect(doc.first.type).toBe('AnnotationPage')
    expect(doc.first.partOf).toBe(doc.id)
    expect(doc.first.items).toHaveLength(ARTICLES.reduce((n, a) => n + a.annotations.length, 0))
  })

  it('stays valid JSON with no annotation at all, and with empty articles first', () => {
    expect(parse([]).first.items).toEqual([])
    expect(parse([ARTICLE_EMPTY, ARTICLE_EMPTY]).first.items).toEqual([])
    expect(parse([ARTICLE_EMPTY, ARTICLE_1, ARTICLE_EMPTY, ARTICLE_1]).first.items).toHaveLength(2 * ARTICLE_1.annotations.length)
  })

  it('gives every annotation the required fields', () => {
    for (const item of parse().first.items as W3CAnnotation[]) {
      expect(item['@context']).toBe(W3C_CONTEXT)
      expect(item.id).toMatch(/^urn:spanwise:annotation:[A-Za-z0-9_-]+$/)
      expect(item.type).toBe('Annotation')
      expect(item.created).toMatch(/^\d{4}-\d{2}-\d{2}T/)
      expect(item.modified).toMatch(/^\d{4}-\d{2}-\d{2}T/)
      expect(['tagging', 'identifying', 'assessing']).toContain(item.motivation)
      expect(item.target.source).toMatch(/^urn:spanwise:article:/)
      expect(Array.isArray(item.body)).toBe(true)
      for (const body of item.body) {
        expect(['TextualBody', 'SpecificResource']).toContain(body.type)
        expect(body.purpose).toBeTruthy()
      }
    }
  })

  it('motivates quotes as tagging, entities as identifying, claims as assessing', () => {
    const byId = new Map(w3cAnnotations(ARTICLE_1).map((a) => [a.id.split(':').pop(), a]))
    expect(byId.get('q1')!.motivation).toBe('tagging')
    expect(byId.get('e1')!.motivation).toBe('identifying')
    expect(byId.get('c1')!.motivation).toBe('assessing')
  })

  it('writes kind, attributes, note and tags as bodies told apart by purpose', () => {
    const byId = new Map(w3cAnnotations(ARTICLE_1).map((a) => [a.id.split(':').pop(), a]))
    expect(byId.get('q1')!.body).toEqual([
      { type: 'TextualBody', purpose: 'tagging', value: 'quote' },
      { type: 'TextualBody', purpose: 'describing', value: 'Élodie Müller' },
      { type: 'TextualBody', purpose: 'classifying', value: 'direct' },
      { type: 'TextualBody', purpose: 'commenting', value: SOURCE.get('q1')!.note, format: 'text/plain' },
      { type: 'TextualBody', purpose: 'tagging', value: 'économie' },
      { type: 'TextualBody', purpose: 'tagging', value: '=cmd' },
    ])
    expect(byId.get('c1')!.body).toContainEqual({ type: 'TextualBody', purpose: 'assessing', value: 'false' })
    expect(byId.get('e2')!.body).toEqual([
      { type: 'TextualBody', purpose: 'tagging', value: 'entity' },
      { type: 'TextualBody', purpose: 'classifying', value: 'organisation' },
      { type: 'SpecificResource', purpose: 'identifying', source: 'urn:spanwise:entity:reuters' },
    ])
  })

  it('targets the text with a quote selector and a code point position selector that slices to exact', () => {
    let positions = 0
    for (const item of parse().first.items as W3CAnnotation[]) {
      const text = TEXT_OF.get(item.target.source)!
      const [quote, position] = item.target.selector
      const source = SOURCE.get(item.id.split(':').pop()!)!
      expect(quote).toEqual({
        type: 'TextQuoteSelector',
        exact: source.exact,
        prefix: expect.any(String),
        suffix: expect.any(String),
      })
      if (source.anchor === 'orphaned') {
        expect(item.target.selector).toHaveLength(1)
        continue
      }
      expect(position).toEqual({ type: 'TextPositionSelector', start: expect.any(Number), end: expect.any(Number) })
      expect(cpSlice(text, position!.start, position!.end)).toBe(quote.exact)
      // The context sits right before and after the span.
      expect(cpSlice(text, 0, position!.start).endsWith(quote.prefix)).toBe(true)
      expect(cpSlice(text, position!.end, Infinity).startsWith(quote.suffix)).toBe(true)
      positions++
    }
    expect(positions).toBe(SOURCE.size - 1)
  })

  it('counts code points, not UTF-16 units, after characters outside the BMP', () => {
    const e3 = w3cAnnotations(ARTICLE_1).find((a) => a.id.endsWith(':e3'))!
    const utf16 = SOURCE.get('e3')!.start
    const position = e3.target.selector[1]!
    expect(position.start).toBeLessThan(utf16)
    expect(position.end - position.start).toBe(1) // one character, two UTF-16 units
  })

  it('drops surrogate halves left by a context cut at 32 UTF-16 units', () => {
    const broken = {
      ...ARTICLE_1,
      annotations: ARTICLE_1.annotations.map((a) => ({ ...a, prefix: '\uDE00' + a.prefix, suffix: a.suffix + '\uD83D' })),
    }
    for (const item of w3cAnnotations(broken)) {
      expect(hasLoneSurrogate(item.target.selector[0].prefix)).toBe(false)
      expect(hasLoneSurrogate(item.target.selector[0].suffix)).toBe(false)
    }
  })
})
