import { describe, expect, it } from 'vitest'
import { findMentions, foldForSearch, matchesQuery, rankByQuery } from '../../../src/shared/suggest/mentions'

describe('findMentions', () => {
  it('ignores case and accents and returns original offsets', () => {
    const text = 'VLADÍMIR PUTIN llegó a Hanói; vladimir putin habló.'
    const found = findMentions(text, ['Vladímir Putin', 'hanoi'])
    expect(found.map((m) => m.exact)).toEqual(['VLADÍMIR PUTIN', 'Hanói', 'vladimir putin'])
    for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.exact)
  })

  it('matches whole words only, in any script', () => {
    expect(findMentions('Kim y Kimberly; KIM.', ['Kim']).map((m) => m.exact)).toEqual(['Kim', 'KIM'])
    expect(findMentions('Путин и Путина; Πούτιν.', ['путин', 'Πουτιν']).map((m) => m.exact)).toEqual(['Путин', 'Πούτιν'])
    expect(findMentions('EE.UU. y la ONU', ['ee.uu.', 'onu']).map((m) => m.exact)).toEqual(['EE.UU.', 'ONU'])
  })

  it('prefers the longest alias where two overlap', () => {
    const found = findMentions('Vladímir Putin y Putin', ['Putin', 'Vladímir Putin'])
    expect(found.map((m) => [m.exact, m.term])).toEqual([
      ['Vladímir Putin', 'Vladímir Putin'],
      ['Putin', 'Putin'],
    ])
  })

  it('keeps offsets right across characters whose folding changes length, and non-BMP text', () => {
    const text = '😀 Straße, İstanbul e\u0301 y Kim 🇰🇵 Kim'
    const found = findMentions(text, ['strasse', 'istanbul', 'kim'])
    for (const m of found) expect(text.slice(m.start, m.end)).toBe(m.exact)
    expect(found.map((m) => m.exact)).toContain('Kim')
    const { folded, toOriginal } = foldForSearch(text)
    expect(toOriginal.length).toBe(folded.length + 1)
  })

  it('handles empty terms and text', () => {
    expect(findMentions('', ['Kim'])).toEqual([])
    expect(findMentions('Kim', ['', '  '])).toEqual([])
  })
})

describe('autocomplete ranking', () => {
  const entities = [
    { name: 'Vladímir Putin', aliases: ['el mandatario ruso'] },
    { name: 'Kim Jong-un', aliases: [] },
    { name: 'Pútina Street', aliases: [] },
  ]
  it('finds by any word of name or alias, ignoring case and accents, best first', () => {
    const rank = (q: string) => rankByQuery(entities, q, (e) => [e.name, ...e.aliases]).map((e) => e.name)
    expect(rank('vladimir')).toEqual(['Vladímir Putin'])
    expect(rank('mandatario')).toEqual(['Vladímir Putin'])
    expect(rank('put')).toEqual(['Pútina Street', 'Vladímir Putin'])
    expect(rank('zzz')).toEqual([])
    expect(matchesQuery('Kim Jong-un', 'JONG')).toBe(true)
  })
})
