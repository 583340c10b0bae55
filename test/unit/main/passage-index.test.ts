import { describe, expect, it } from 'vitest'
import { mergeShards, PassageIndex, searchTokens } from '../../../src/main/search/passage-index'
import { Segment } from '../../../src/main/search/segment'
import { encodeShard } from '../../../src/main/search/segment-codec'
import { foldForSearch } from '../../../src/shared/suggest/fold'
import { paragraphPassages as paragraphs } from '../../helpers/text'

/** Every matching passage, best first within its group. */
const matches = (index: PassageIndex, terms: string[], phrases: string[][] = [], lastIsPrefix = false) =>
  index
    .search({ terms, phrases, lastIsPrefix }, 1000, 100_000)
    .groups.flatMap((g) => g.passages.map((passage) => ({ segment: g.segment, passage })))

const texts = (index: PassageIndex, terms: string[], phrases: string[][] = [], prefix = false) =>
  matches(index, terms, phrases, prefix)
    .map((p) => index.passageText(p))
    .sort()

describe('search words', () => {
  it('are the folded text split at anything but letters and digits, in any script', () => {
    expect(searchTokens('La CUMBRE de Hanói, «2019»: O’Brien—Jong-un')).toEqual([
      'la',
      'cumbre',
      'de',
      'hanoi',
      '2019',
      'o',
      'brien',
      'jong',
      'un',
    ])
    let seed = 5
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const pieces = [
      'a',
      'Z',
      '9',
      ' ',
      ',',
      '«',
      'Á',
      'ß',
      'ﬃ',
      'e\u0301',
      '😀',
      '𝔸',
      '𝟙',
      'Ж',
      '東',
      '\u00ad',
      '½',
      '٣',
      '-',
      '_',
      '\n',
    ]
    for (let round = 0; round < 300; round++) {
      let text = ''
      for (let k = 0; k < 30; k++) text += pieces[Math.floor(random() * pieces.length)]
      expect(searchTokens(text)).toEqual(
        foldForSearch(text)
          .folded.split(/[^\p{L}\p{N}]+/u)
          .filter(Boolean),
      )
    }
  })
})

describe('passage index', () => {
  it('reports a passage once when several words of a prefix are in it', () => {
    const index = new PassageIndex()
    index.replace('a', 'presupuesto y presupuestos\n\nnada', paragraphs('presupuesto y presupuestos\n\nnada'))
    expect(texts(index, ['presup'], [], true)).toEqual(['presupuesto y presupuestos'])
    expect(index.matchedTerms(matches(index, ['presup'], [], true)[0], ['presup'], true).sort()).toEqual([
      'presupuesto',
      'presupuestos',
    ])
  })

  it('expands a prefix to words indexed before and after the vocabulary was last sorted', () => {
    const index = new PassageIndex()
    const many = Array.from({ length: 2500 }, (_, i) => `palabra${i}`).join(' ')
    index.replace('a', many, [{ kind: 'text', text: many, start: 0, end: many.length }])
    expect(index.search({ terms: ['palabra249'], phrases: [], lastIsPrefix: true }, 10, 10).total).toBe(1)
    index.replace('b', 'palabrota nueva', paragraphs('palabrota nueva'))
    expect(texts(index, ['palabr'], [], true)).toEqual([many, 'palabrota nueva'].sort())
    expect(texts(index, ['palabro'], [], true)).toEqual(['palabrota nueva'])
  })

  it('answers the same after re-indexing an article many times (dead passages renumbered away)', () => {
    const index = new PassageIndex()
    const body = Array.from({ length: 3000 }, (_, i) => `párrafo ${i} del informe`).join('\n\n')
    index.replace('other', 'otro informe\n\nsin nada', paragraphs('otro informe\n\nsin nada'))
    for (let round = 0; round < 6; round++) index.replace('a', body, paragraphs(body))
    expect(index.size).toBe(3002)
    expect(index.search({ terms: ['informe'], phrases: [], lastIsPrefix: false }, 1, 1)).toMatchObject({
      total: 3001,
      groupCount: 2,
    })
    expect(texts(index, ['parrafo', '2999'])).toEqual(['párrafo 2999 del informe'])
    expect(texts(index, ['informe', 'otro'], [['otro', 'informe']])).toEqual(['otro informe'])
    expect(texts(index, ['del', 'informe', '2999'], [['2999', 'del', 'informe']])).toEqual(['párrafo 2999 del informe'])
    expect(texts(index, ['del', 'informe', '2999'], [['informe', 'del']])).toEqual([])
    index.remove('a')
    expect(texts(index, ['informe'])).toEqual(['otro informe'])
  })

  it('finds each article once, as last indexed, between queries and after its shard is written', () => {
    const index = new PassageIndex()
    const put = (id: string, text: string) => index.replace(id, text, paragraphs(text))
    // Articles 0a… are in shard 0x0a, 0b… in 0x0b; a query encodes the articles indexed since the last one.
    put('0a01', 'cumbre en Hanói')
    put('0b01', 'cumbre en Lima')
    expect(texts(index, ['cumbre'])).toEqual(['cumbre en Hanói', 'cumbre en Lima'])
    put('0b02', 'cumbre en Quito')
    put('0a01', 'reunión en Hanói')
    expect(texts(index, ['cumbre'])).toEqual(['cumbre en Lima', 'cumbre en Quito'])
    expect(texts(index, ['hanoi'])).toEqual(['reunión en Hanói'])
    // Shard 0x0a written: its article leaves memory; the others of its batches are still found, once.
    const lives = index.liveIn(0x0a)
    const merged = mergeShards(lives.map((l) => ({ vocabulary: l.vocabulary, articles: [l.stored] })))
    const written = new Map(lives.map((l) => [l.stored.id, l.generation]))
    index.install(0x0a, new Segment(encodeShard(merged).parts), written)
    expect(index.liveCount).toBe(2)
    expect(texts(index, ['cumbre'])).toEqual(['cumbre en Lima', 'cumbre en Quito'])
    expect(texts(index, ['en'])).toEqual(['cumbre en Lima', 'cumbre en Quito', 'reunión en Hanói'])
    index.remove('0b01')
    expect(texts(index, ['en'])).toEqual(['cumbre en Quito', 'reunión en Hanói'])
  })

  it('finds a phrase after a word said more often than it counts occurrences of', () => {
    const index = new PassageIndex()
    const text = `${'sí '.repeat(70_000)}y fin`
    index.replace('a', text, [{ kind: 'text', text, start: 0, end: text.length }])
    expect(texts(index, ['si', 'y'], [['si', 'y']])).toEqual([text])
    expect(texts(index, ['si', 'fin'], [['si', 'fin']])).toEqual([])
  })

  it('ranks a passage that says a word more often, in fewer words, first', () => {
    const index = new PassageIndex()
    const text = 'contrato firmado ayer por la tarde en la sede\n\ncontrato y contrato'
    index.replace('a', text, paragraphs(text))
    const [best] = matches(index, ['contrato'])
    expect({ ...index.passage(best), text: index.passageText(best) }).toMatchObject({
      text: 'contrato y contrato',
      start: 47,
    })
  })
})
