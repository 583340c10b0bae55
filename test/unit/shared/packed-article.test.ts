import { describe, expect, it } from 'vitest'
import { makeAnnotations, makeArticle } from '../../../bench/generate'
import { PackedArticle, type Annotation, type OpenedArticle } from '../../../src/shared/model'
import { packArticle, unpackArticle } from '../../../src/shared/packed-article'

const NOW = '2026-03-01T10:00:00.000Z'

function opened(text: string, annotations: Annotation[]): OpenedArticle {
  return {
    id: 'art-1',
    path: 'a.txt',
    contentHash: 'h',
    metadata: { title: 'T', language: 'es' },
    text,
    blocks: [{ type: 'paragraph', start: 0, end: text.length }],
    annotations,
  }
}

function annotation(text: string, start: number, end: number, extra: Partial<Annotation> = {}): Annotation {
  return {
    id: `a${start}-${end}`,
    kind: 'claim',
    start,
    end,
    exact: text.slice(start, end),
    prefix: '',
    suffix: '',
    note: '',
    tags: [],
    createdAt: NOW,
    updatedAt: NOW,
    attributes: { status: 'unchecked' },
    ...extra,
  } as Annotation
}

/** Through the wire as the window gets it: JSON, checked against the contract's schema. */
function roundTrip(article: OpenedArticle): OpenedArticle {
  const wire = JSON.parse(JSON.stringify(packArticle(article)))
  return unpackArticle(PackedArticle.parse(wire))
}

describe('packed article (main → window)', () => {
  it('gives back every annotation of a large generated article exactly', () => {
    const generated = makeArticle(200_000, 7)
    const text = generated.text
    const annotations = makeAnnotations(generated, 2_000, 7).map((a, i) => {
      const base = annotation(text, a.start, a.end, {
        id: a.id,
        createdAt: new Date(Date.UTC(2026, 0, 1) + i * 997).toISOString(),
      })
      base.updatedAt = i % 3 === 0 ? base.createdAt : new Date(Date.parse(base.createdAt) + i * 61_000).toISOString()
      if (a.kind === 'quote')
        return {
          ...base,
          kind: 'quote',
          attributes: { speaker: i % 2 ? 'Ana Pérez' : '', mode: i % 4 ? 'direct' : 'reported' },
        } as Annotation
      if (a.kind === 'entity')
        return {
          ...base,
          kind: 'entity',
          attributes: { entityType: 'person', ...(i % 5 ? {} : { entityId: `ent-${i % 7}` }) },
        } as Annotation
      return { ...base, attributes: { status: ['unchecked', 'accurate', 'false'][i % 3] } } as Annotation
    })
    const article = opened(text, annotations)
    expect(roundTrip(article)).toEqual(article)
  })

  it('keeps what the text cannot rebuild: orphaned text, notes, tags, context, outcomes, odd timestamps', () => {
    const text = 'Kim 🇰🇵 dijo «sí» 😀 a Putin 𝔸, y el mandatario ruso respondió.'
    const start = text.indexOf('😀')
    const article = opened(text, [
      annotation(text, 0, 3, { anchor: 'orphaned', exact: 'Kim Jong Un' }),
      annotation(text, start, start + 2, {
        note: 'emoji, two UTF-16 units\nline two',
        tags: ['check', 'ñandú'],
        anchor: 'fuzzy',
      }),
      annotation(text, text.indexOf('Putin'), text.indexOf('Putin') + 5, { prefix: 'a ', suffix: ' 𝔸', anchor: 'moved' }),
      // Timestamps that Date would rewrite must come back as written.
      annotation(text, 4, 8, { createdAt: '2026-03-01T10:00:00Z', updatedAt: '2026-03-01T11:00:00+01:00' }),
      annotation(text, 9, 13, { createdAt: NOW, updatedAt: 'not a date' }),
      annotation(text, 14, 17, { createdAt: 'yesterday', updatedAt: NOW }),
      annotation(text, 18, 21, { createdAt: NOW, updatedAt: '2020-01-01T00:00:00.000Z' }),
      annotation(text, 22, 24, { createdAt: '2026-02-30T10:00:00.000Z', updatedAt: '2026-01-01T24:00:00.000Z' }),
      annotation(text, 25, 27, { createdAt: '1969-12-31T23:59:59.999Z', updatedAt: '0001-01-01T00:00:00.000Z' }),
      annotation(text, 28, 30, { createdAt: '2024-02-29T23:59:59.999Z', updatedAt: '2026-12-31T00:00:60.000Z' }),
    ])
    expect(roundTrip(article)).toEqual(article)
  })

  it('gives each annotation its own attributes object, so editing one leaves the others alone', () => {
    const text = 'uno dos tres'
    const unpacked = roundTrip(opened(text, [annotation(text, 0, 3), annotation(text, 4, 7)]))
    ;(unpacked.annotations[0].attributes as { status: string }).status = 'false'
    expect(unpacked.annotations[1].attributes).toEqual({ status: 'unchecked' })
  })

  it('moves well under half the bytes of the annotation objects for a typical article', () => {
    const generated = makeArticle(1_000_000, 3)
    const annotations = makeAnnotations(generated, 10_000, 3).map((a) => annotation(generated.text, a.start, a.end, { id: a.id }))
    const article = opened(generated.text, annotations)
    const plain = JSON.stringify(article).length
    const packed = JSON.stringify(packArticle(article)).length
    expect(packed).toBeLessThan(plain * 0.5)
  })

  it('handles an article without annotations', () => {
    const article = opened('Sin anotaciones.', [])
    expect(roundTrip(article)).toEqual(article)
  })
})
