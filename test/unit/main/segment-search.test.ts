/**
 * A query over the index's segments (segment-search.ts), as a reader would check its answer: every
 * word in each passage found, a prefix's expansions counted once per passage, phrases only where the
 * words stand together in order (a word twice in a phrase, a phrase inside a longer repeat), articles
 * indexed again or removed never answered, and the best articles first with their best passages.
 */
import { describe, expect, it } from 'vitest'
import { PassageIndex } from '../../../src/main/search/passage-index'
import type { PassageQuery } from '../../../src/main/search/search-words'
import { paragraphPassages } from '../../helpers/text'

function indexOf(articles: Record<string, string>): PassageIndex {
  const index = new PassageIndex()
  for (const [key, text] of Object.entries(articles)) index.replace(key, text, paragraphPassages(text))
  return index
}

const query = (terms: string[], phrases: string[][] = [], lastIsPrefix = false): PassageQuery => ({
  terms,
  phrases,
  lastIsPrefix,
})

/** What a reader sees: per article found, best first, the texts of its passages shown. */
function found(index: PassageIndex, q: PassageQuery, limit = 10, perGroup = 10) {
  const ranked = index.search(q, limit, perGroup)
  return {
    total: ranked.total,
    articles: ranked.groupCount,
    groups: ranked.groups.map((g) => ({
      key: g.key,
      texts: g.passages.map((passage) => index.passageText({ segment: g.segment, passage })),
    })),
  }
}

describe('searching the segments', () => {
  it('finds passages holding every word, in any order, and nothing holding only some', () => {
    const index = indexOf({
      a1: 'el puerto norte\n\nnorte y sur\n\nsur del puerto',
      a2: 'norte puerto\n\npuerto',
    })
    const result = found(index, query(['puerto', 'norte']))
    expect(result.total).toBe(2)
    expect(result.articles).toBe(2)
    expect(result.groups.flatMap((g) => g.texts).sort()).toEqual(['el puerto norte', 'norte puerto'])
  })

  it("reports a passage holding several of a prefix's expansions once, and ranks it above one holding one", () => {
    const index = indexOf({
      a1: 'presupuesto del año',
      a2: 'el presupuesto y los presupuestos y presupuestario',
      a3: 'nada que ver',
    })
    const result = found(index, query(['presup'], [], true))
    expect(result.total).toBe(2)
    expect(result.groups.map((g) => g.key)).toEqual(['a2', 'a1'])
    expect(result.groups[0].texts).toEqual(['el presupuesto y los presupuestos y presupuestario'])
  })

  it('holds a phrase only where its words stand together in order, a word twice in it included', () => {
    const index = indexOf({
      a1: 'la casa de la playa',
      a2: 'la casa de playa la',
      a3: 'de la casa de la casa de la',
      a4: 'casa la de la',
    })
    const phrase = ['la', 'casa', 'de', 'la']
    const result = found(index, query(phrase, [phrase]))
    expect(result.groups.map((g) => g.key).sort()).toEqual(['a1', 'a3'])
    const short = found(index, query(['de', 'la'], [['de', 'la']]))
    expect(short.groups.map((g) => g.key).sort()).toEqual(['a1', 'a3', 'a4'])
  })

  it('never answers from an article removed or indexed again with other words', () => {
    const index = indexOf({ a1: 'la alcaldesa del puerto', a2: 'la alcaldesa' })
    expect(found(index, query(['alcaldesa'])).total).toBe(2)
    index.replace('a1', 'el gobernador', paragraphPassages('el gobernador'))
    index.remove('a2')
    expect(found(index, query(['alcaldesa'])).total).toBe(0)
    expect(found(index, query(['gobernador'])).groups.map((g) => g.key)).toEqual(['a1'])
  })

  it('keeps the best articles, each with its best passages first, and counts them all', () => {
    const articles: Record<string, string> = {}
    // Article i says the word i + 1 times in one short passage, among passages that say it once.
    for (let i = 0; i < 30; i++) {
      const dense = Array.from({ length: i + 1 }, () => 'fiscalía').join(' ')
      articles[`b${String(i).padStart(2, '0')}`] = `fiscalía y otros asuntos del día\n\n${dense}\n\nsin relación`
    }
    // Query words come folded (accents off), as the workspace's search folds them.
    const result = found(indexOf(articles), query(['fiscalia']), 5, 1)
    expect(result.total).toBe(60)
    expect(result.articles).toBe(30)
    expect(result.groups.map((g) => g.key)).toEqual(['b29', 'b28', 'b27', 'b26', 'b25'])
    expect(result.groups[0].texts).toEqual([Array.from({ length: 30 }, () => 'fiscalía').join(' ')])
  })
})
