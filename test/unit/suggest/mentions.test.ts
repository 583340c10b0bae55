import { describe, expect, it } from 'vitest'
import {
  findMentions,
  foldForSearch,
  foldTerm,
  matchesQuery,
  rankByQuery,
  type MentionMatch,
} from '../../../src/shared/suggest/mentions'
import { foldText } from '../../../src/shared/suggest/fold'

const exacts = (text: string, terms: string[]) => findMentions(text, terms).map((m) => m.exact)

/** Matches slice the text to their exact, are sorted and do not overlap. */
function expectConsistent(text: string, found: MentionMatch[]) {
  for (let k = 0; k < found.length; k++) {
    expect(text.slice(found[k].start, found[k].end)).toBe(found[k].exact)
    if (k > 0) expect(found[k].start).toBeGreaterThanOrEqual(found[k - 1].end)
  }
}

describe('foldForSearch', () => {
  it('lower-cases, strips accents and keeps a map back to the original', () => {
    const { folded, toOriginal } = foldForSearch('Vladímir PUTIN')
    expect(folded).toBe('vladimir putin')
    expect([...toOriginal]).toEqual([...Array(15).keys()])
  })

  it('maps back across characters whose folding changes length', () => {
    const text = 'Straße ﬁn e\u0301 𝔸 😀 İ Łódź'
    const { folded, toOriginal } = foldForSearch(text)
    expect(folded).toBe('strasse fin e a 😀 i lodz')
    expect(toOriginal.length).toBe(folded.length + 1)
    expect(toOriginal[folded.length]).toBe(text.length)
    expect(toOriginal[folded.indexOf('ss')]).toBe(text.indexOf('ß'))
    expect(toOriginal[folded.indexOf('ss') + 1]).toBe(text.indexOf('ß')) // both halves of ß → ss
    expect(toOriginal[folded.indexOf(' a ') + 1]).toBe(text.indexOf('𝔸'))
    expect(toOriginal[folded.indexOf('lodz')]).toBe(text.indexOf('Łódź'))
  })

  it('gives a non-decreasing map on random text of mixed scripts', () => {
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const pieces = ['a', 'Á', 'ß', 'ﬃ', 'e\u0301', '😀', '𝔸', 'Σ', 'ς', 'Ж', '東', ' ', '\u00ad', 'İ', 'ǅ', '½']
    for (let round = 0; round < 200; round++) {
      let text = ''
      for (let k = 0; k < 40; k++) text += pieces[Math.floor(random() * pieces.length)]
      const { folded, toOriginal } = foldForSearch(text)
      expect(toOriginal.length).toBe(folded.length + 1)
      expect(toOriginal[folded.length]).toBe(text.length)
      for (let k = 1; k < toOriginal.length; k++) expect(toOriginal[k]).toBeGreaterThanOrEqual(toOriginal[k - 1])
    }
  })

  it('folds empty text', () => {
    expect(foldForSearch('')).toEqual({ folded: '', toOriginal: Int32Array.from([0]) })
  })

  it('folds the same without the map (foldText, for indexing)', () => {
    let seed = 11
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const pieces = [
      'a',
      'Á',
      'ß',
      'ﬃ',
      'e\u0301',
      '😀',
      '𝔸',
      'Σ',
      'ς',
      'Ж',
      '東',
      ' ',
      '\u00ad',
      'İ',
      'ǅ',
      '½',
      'Hanói',
      'ABC',
      '’',
    ]
    for (let round = 0; round < 200; round++) {
      let text = ''
      for (let k = 0; k < 40; k++) text += pieces[Math.floor(random() * pieces.length)]
      expect(foldText(text)).toBe(foldForSearch(text).folded)
    }
    expect(foldText('')).toBe('')
  })

  it('folds terms with trimmed, single spaces', () => {
    expect(foldTerm('  Kim\u00a0 Jong‐un ')).toBe('kim jong-un')
    expect(foldTerm('O’Brien')).toBe("o'brien")
  })
})

describe('findMentions', () => {
  it('ignores case and accents and returns original offsets', () => {
    const text = 'VLADÍMIR PUTIN llegó a Hanói; vladimir putin habló de HANOI.'
    const found = findMentions(text, ['Vladímir Putin', 'hanoi'])
    expect(found.map((m) => [m.exact, m.term])).toEqual([
      ['VLADÍMIR PUTIN', 'Vladímir Putin'],
      ['Hanói', 'hanoi'],
      ['vladimir putin', 'Vladímir Putin'],
      ['HANOI', 'hanoi'],
    ])
    expectConsistent(text, found)
  })

  it('finds accented terms in unaccented text and decomposed accents in the text', () => {
    expect(exacts('La reunión en Bogota y en Bogota\u0301.', ['Bogotá'])).toEqual(['Bogota', 'Bogota\u0301'])
    expect(exacts('Der Bürgermeister der Stadt Strasse', ['Straße', 'burgermeister'])).toEqual(['Bürgermeister', 'Strasse'])
  })

  it('matches whole words only', () => {
    expect(exacts('Kim y Kimberly, KIM. Kim’s aides; Akim no.', ['Kim'])).toEqual(['Kim', 'KIM', 'Kim'])
    expect(exacts('Los EE.UU. y la ONU; EEUU no; BONUS no.', ['EE.UU.', 'ONU'])).toEqual(['EE.UU.', 'ONU'])
    expect(exacts('Putin2024 y Putin, 2024', ['Putin'])).toEqual(['Putin'])
  })

  it('handles names with hyphens, apostrophes and line breaks', () => {
    expect(exacts('Kim Jong-un, Kim Jong Un, Kim\nJong‐un y Jong-unito.', ['Kim Jong-un'])).toEqual([
      'Kim Jong-un',
      'Kim Jong Un',
      'Kim\nJong‐un',
    ])
    expect(exacts("Sinéad O’Connor y Sinead O'Connor.", ["Sinéad O'Connor"])).toEqual(['Sinéad O’Connor', "Sinead O'Connor"])
    expect(exacts('Ciudad de l’Hospitalet', ['Hospitalet'])).toEqual(['Hospitalet'])
  })

  it('works in Greek and Cyrillic', () => {
    const text = 'Ο Πούτιν και ο ΠΟΥΤΙΝ. Путин, ПУТИН и Путина. Владимир Путин.'
    expect(exacts(text, ['Πουτιν', 'Путин', 'Владимир Путин'])).toEqual(['Πούτιν', 'ΠΟΥΤΙΝ', 'Путин', 'ПУТИН', 'Владимир Путин'])
    expect(exacts('Ο Νίκος και ο ΝΙΚΟΣ', ['νικος'])).toEqual(['Νίκος', 'ΝΙΚΟΣ']) // final sigma
  })

  it('finds names in scripts written without spaces', () => {
    expect(exacts('東京都の知事は東京に戻った', ['東京'])).toEqual(['東京', '東京'])
  })

  it('lets the longest alias win where two overlap', () => {
    const found = findMentions('Vladímir Putin y Putin', ['Putin', 'Vladímir Putin'])
    expect(found.map((m) => [m.exact, m.term])).toEqual([
      ['Vladímir Putin', 'Vladímir Putin'],
      ['Putin', 'Putin'],
    ])
    // A longer alias starting later beats a shorter one starting earlier.
    expect(exacts('el presidente ruso Vladímir Putin', ['el presidente', 'presidente ruso Vladímir'])).toEqual([
      'presidente ruso Vladímir',
    ])
  })

  it('keeps offsets right after emoji and other non-BMP characters', () => {
    const text = '😀👍🏽 𝔸 🇰🇵 Kim 😀Kim 𝔸Kim Straße'
    const found = findMentions(text, ['kim', 'strasse'])
    expect(found.map((m) => m.exact)).toEqual(['Kim', 'Kim', 'Straße'])
    expect(found[0].start).toBe(text.indexOf('Kim'))
    expectConsistent(text, found)
  })

  it('takes a whole character when a match ends inside its folding', () => {
    expect(exacts('La calle Straße', ['stras'])).toEqual([]) // not a whole word
    expect(exacts('ﬁ', ['f'])).toEqual([])
  })

  it('handles empty text and empty or meaningless terms', () => {
    expect(findMentions('', ['Kim'])).toEqual([])
    expect(findMentions('Kim', [])).toEqual([])
    expect(findMentions('Kim - … Kim', ['', '  ', '-', '…'])).toEqual([])
  })

  it('reuses a folded text, and ignores one that belongs to another text', () => {
    const text = 'Putin y Kim'
    const folded = foldForSearch(text)
    expect(findMentions(text, ['kim'], folded).map((m) => m.start)).toEqual([8])
    expect(findMentions(text, ['kim'], foldForSearch('otro texto distinto')).map((m) => m.start)).toEqual([8])
  })

  it('finds every mention in a megabyte of text with ten terms, longest alias first', () => {
    const paragraph = 'El mandatario habló ayer en la capital sobre comercio, energía y seguridad regional con sus pares. '
    let text = ''
    for (let k = 0; text.length < 1_000_000; k++)
      text += paragraph + (k % 5 === 0 ? 'Vladímir Putin y Kim Jong-un se reunieron. ' : '')
    const terms = [
      'Vladímir Putin',
      'Putin',
      'Kim Jong-un',
      'Kim',
      'Pionyang',
      'Corea del Norte',
      'Rusia',
      'Hanói',
      'Núñez',
      'EE.UU.',
    ]
    const folded = foldForSearch(text)
    const found = findMentions(text, terms, folded)
    expect(found.length).toBeGreaterThan(3000)
    expect(found.filter((m) => m.term === 'Putin')).toEqual([])
    // Speed is measured by the benchmarks (npm run bench), never asserted in a test.
  })
})

describe('autocomplete', () => {
  const entities = [
    { name: 'Vladímir Putin', aliases: ['el mandatario ruso'] },
    { name: 'Kim Jong-un', aliases: [] },
    { name: 'Pútina Street', aliases: [] },
    { name: 'Ministerio de Defensa', aliases: ['MinDef'] },
  ]
  const rank = (q: string) => rankByQuery(entities, q, (e) => [e.name, ...e.aliases]).map((e) => e.name)

  it('matches any word of a name or alias, ignoring case and accents', () => {
    expect(matchesQuery('Vladímir Putin', 'vladimir')).toBe(true)
    expect(matchesQuery('el mandatario ruso', 'MANDATARIO')).toBe(true)
    expect(matchesQuery('Kim Jong-un', 'un')).toBe(true)
    expect(matchesQuery('Kim Jong-un', 'putin')).toBe(false)
    expect(matchesQuery('anything', '')).toBe(true)
  })

  it('ranks the start of a text first, then the start of a word, then words in any order, then inside', () => {
    expect(rank('vladimir')).toEqual(['Vladímir Putin'])
    expect(rank('mandatario')).toEqual(['Vladímir Putin'])
    expect(rank('put')).toEqual(['Pútina Street', 'Vladímir Putin'])
    expect(rank('putin vla')).toEqual(['Vladímir Putin'])
    expect(rank('def')).toEqual(['Ministerio de Defensa'])
    expect(rank('in')).toEqual(['Ministerio de Defensa', 'Pútina Street', 'Vladímir Putin'])
    expect(rank('mi')).toEqual(['Ministerio de Defensa', 'Vladímir Putin']) // starts the name, then inside it
    expect(rank('zzz')).toEqual([])
  })

  it('returns every item, alphabetically, for an empty query', () => {
    expect(rank('')).toEqual(['Kim Jong-un', 'Ministerio de Defensa', 'Pútina Street', 'Vladímir Putin'])
  })
})
