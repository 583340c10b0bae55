/**
 * A query over the index's segments (segment-search.ts), as a reader would check its answer: every
 * word in each passage found, a prefix's expansions counted once per passage, phrases only where the
 * words stand together in order (a word twice in a phrase, a phrase inside a longer repeat), articles
 * indexed again or removed never answered, and the best articles first with their best passages.
 * In a segment large enough to index the pairs of its common words, every phrase finds exactly the
 * passages that hold it, as a reader finds them in the texts.
 */
import { describe, expect, it } from 'vitest'
import { PassageIndex } from '../../../src/main/search/passage-index'
import { Segment } from '../../../src/main/search/segment'
import { PAIR_SEGMENT_PASSAGES } from '../../../src/main/search/pair-terms'
import { encodeShard } from '../../../src/main/search/segment-codec'
import { Scratch, searchSegments } from '../../../src/main/search/segment-search'
import { searchTokens, type PassageQuery } from '../../../src/main/search/search-words'
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

  it('holds a phrase whose words are not among the query words, and scores it', () => {
    const index = indexOf({ a1: 'el puerto de la ciudad', a2: 'el puerto y la de', a3: 'de la playa' })
    const result = found(index, query(['puerto'], [['de', 'la']]))
    expect(result.groups.map((g) => g.key)).toEqual(['a1'])
    expect(result.total).toBe(1)
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

/** A workspace of a few hundred articles whose words are few and common (a word's weight falls with its rank). */
function commonWords(articles: number, seed: number): Record<string, string> {
  let state = seed
  const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32
  const words =
    'de la el en que y los del se las por un para con una su al lo como más pero sus le ya o este sí porque esta entre cuando muy sin sobre también me hasta hay donde quien desde todo nos durante todos uno les ni contra otros ese eso ante ellos fiscalía puerto'.split(
      ' ',
    )
  const word = () => words[Math.floor(words.length * random() ** 2.5)]
  const out: Record<string, string> = {}
  for (let a = 0; a < articles; a++) {
    const paragraphs = Array.from({ length: 5 }, () => Array.from({ length: 6 + Math.floor(random() * 14) }, word).join(' '))
    out[`c${a}`] = paragraphs.join('\n\n')
  }
  return out
}

/** The passages (paragraphs) of `articles` whose words hold `phrase` side by side, in order. */
function holding(articles: Record<string, string>, phrase: string[]): string[] {
  const out: string[] = []
  for (const text of Object.values(articles))
    for (const paragraph of text.split('\n\n')) {
      const words = searchTokens(paragraph)
      const at = words.findIndex((_, i) => phrase.every((w, j) => words[i + j] === w))
      if (at >= 0) out.push(paragraph)
    }
  return out.sort()
}

describe('phrases of common words, looked up as their pairs', () => {
  const articles = commonWords(300, 7)
  const phrases = [
    ['de', 'la'],
    ['la', 'de'],
    ['de', 'de'],
    ['en', 'el', 'que'],
    ['de', 'la', 'de', 'la'],
    ['que', 'fiscalia'],
    ['fiscalia', 'puerto'],
    ['el', 'puerto', 'de'],
    ['y', 'y', 'y'],
    ['contra', 'ante'],
  ]

  it('finds exactly the passages that hold each phrase, in a segment that indexes the pairs', () => {
    const index = indexOf(articles)
    const [any] = index.search(query(['de']), 1, 1).groups
    // The test is about pairs: the one segment is large enough to index them, and does.
    expect(any.segment.passageCount).toBeGreaterThanOrEqual(PAIR_SEGMENT_PASSAGES)
    expect(any.segment.firstWord).toBeGreaterThan(0)
    for (const phrase of phrases) {
      const result = found(index, query(phrase, [phrase]), 1_000, 1_000)
      const expected = holding(articles, phrase)
      expect(result.total, phrase.join(' ')).toBe(expected.length)
      expect(result.groups.flatMap((g) => g.texts).sort(), phrase.join(' ')).toEqual(expected)
    }
  })

  it('ranks a passage by how many times the phrase stands there, not how many times its words are', () => {
    const twice = 'de la casa de la playa'
    const once = 'de de la la la de'
    // In a small segment the phrase is counted on its words' positions; in a large one, as its pair.
    for (const others of [{}, articles]) {
      const index = indexOf({ ...others, x1: once, x2: twice })
      const keys = found(index, query(['de', 'la'], [['de', 'la']]), 1_000, 1).groups.map((g) => g.key)
      expect(keys.indexOf('x2')).toBeLessThan(keys.indexOf('x1'))
      expect(keys.indexOf('x1')).toBeGreaterThanOrEqual(0)
    }
  })

  it('answers the same once its segment is written again from its expanded form', async () => {
    const index = indexOf(articles)
    const { segment } = index.search(query(['de']), 1, 1).groups[0]
    const expanded = await segment.expand()
    expect(expanded).not.toBeNull()
    const again = new Segment(encodeShard(expanded!).parts)
    // The pairs are derived from the words again: the same terms, none of them taken for a word.
    expect(again.termCount).toBe(segment.termCount)
    expect(again.firstWord).toBe(segment.firstWord)
    for (const phrase of phrases) {
      const ranked = searchSegments([again], query(phrase, [phrase]), 1_000, 1_000, new Scratch())
      const texts = ranked.groups.flatMap((g) => g.passages.map((p) => again.passageTexts([p])[0]!))
      expect(texts.sort(), phrase.join(' ')).toEqual(holding(articles, phrase))
    }
  })
})
