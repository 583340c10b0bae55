import { describe, expect, it } from 'vitest'
import { findQuotes, withoutTagged } from '../../../src/shared/suggest/quotes'

const exacts = (text: string) => findQuotes(text).map((q) => q.exact)

describe('findQuotes', () => {
  it('finds quotes in each convention', () => {
    expect(exacts('Dijo: «Vamos a estrechar lazos». Luego « con espacios ».')).toEqual(['«Vamos a estrechar lazos»', '« con espacios »'])
    expect(exacts('He said “we will strengthen ties” today.')).toEqual(['“we will strengthen ties”'])
    expect(exacts('Er sagte „wir stärken die Bande“ heute.')).toEqual(['„wir stärken die Bande“'])
    expect(exacts('She wrote ‘a single quote’ and ‚einfach‘ too.')).toEqual(['‘a single quote’', '‚einfach‘'])
    expect(exacts('Plain "straight quote" here.')).toEqual(['"straight quote"'])
  })

  it('returns nested quotes as one outer quote', () => {
    expect(exacts('Ella dijo: «Esto es «anidado» dentro». Y «otra “cita” más».')).toEqual(['«Esto es «anidado» dentro»', '«otra “cita” más»'])
  })

  it('ignores apostrophes and inch marks', () => {
    expect(exacts('L’État et l’Europe: ‘Kim’s visit’ was short. A 12" pipe and a 3" bolt.')).toEqual(['‘Kim’s visit’'])
    expect(exacts("Don’t and can’t are not quotes.")).toEqual([])
  })

  it('follows a quote over paragraph breaks, including the news convention of reopening marks', () => {
    const news = 'Dijo: «Primer párrafo de la cita.\n\n«Segundo párrafo, que cierra».\n\nFin.'
    expect(exacts(news)).toEqual(['«Primer párrafo de la cita.\n\n«Segundo párrafo, que cierra»'])
    expect(exacts('“One paragraph\n\nand the next.” Done.')).toEqual(['“One paragraph\n\nand the next.”'])
  })

  it('never lets an unbalanced mark swallow the text, and keeps finding later quotes', () => {
    const text = `Un « suelto sin cerrar.${'\n\nRelleno.'.repeat(8)}\n\nLuego «una cita» normal.`
    expect(exacts(text)).toEqual(['«una cita»'])
    expect(findQuotes('«' + 'x'.repeat(5000) + '»')).toEqual([])
  })

  it('gives UTF-16 offsets that slice to the quote, after emoji and other non-BMP characters', () => {
    const text = '😀 𝔸 dijo «sí, claro» 🇰🇵'
    const [q] = findQuotes(text)
    expect(text.slice(q.start, q.end)).toBe('«sí, claro»')
    expect(q.marks).toBe('«»')
  })

  it('handles empty and quote-free input', () => {
    expect(findQuotes('')).toEqual([])
    expect(findQuotes('Sin citas aquí.')).toEqual([])
    expect(findQuotes('«ab»')).toEqual([]) // shorter than the minimum
  })
})

describe('withoutTagged', () => {
  it('drops suggestions that a quote annotation already covers, with or without the marks', () => {
    const text = 'A «first one» and «second one».'
    const found = findQuotes(text)
    const inner = { start: text.indexOf('second'), end: text.indexOf('one».') + 3, kind: 'quote' }
    const entity = { start: text.indexOf('first'), end: text.indexOf('first') + 5, kind: 'entity' }
    expect(withoutTagged(found, [inner, entity]).map((q) => q.exact)).toEqual(['«first one»'])
  })
})
