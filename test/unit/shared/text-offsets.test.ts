import { describe, expect, it } from 'vitest'
import { fromCodePointOffsets, quoteSelector, toCodePointOffset, toCodePointOffsets } from '../../../src/shared/text-offsets'

describe('code point offsets', () => {
  const text = 'Kim 🇰🇵 dijo «sí» 😀 a Putin 𝔸'

  it('counts characters outside the BMP once, as Python does', () => {
    // Python: len('Kim 🇰🇵 dijo') == 10 (each regional indicator is one code point)
    const utf16 = text.indexOf('dijo') + 4
    expect(toCodePointOffset(text, utf16)).toBe([...text.slice(0, utf16)].length)
    expect(toCodePointOffset(text, text.length)).toBe([...text].length)
  })

  it('converts many offsets in any order and back again', () => {
    const offsets = [text.length, 0, text.indexOf('😀'), text.indexOf('Putin'), text.indexOf('𝔸') + 2]
    const cps = toCodePointOffsets(text, offsets)
    expect(cps).toEqual(offsets.map((o) => [...text.slice(0, o)].length))
    expect(fromCodePointOffsets(text, cps)).toEqual(offsets)
  })

  it('a text with no character outside the BMP keeps its offsets (clamped to the text)', () => {
    const bmp = 'La alcaldesa afirmó: «sí», según “fuentes”.'
    const offsets = [bmp.length + 5, 3, 0, bmp.indexOf('«'), bmp.length]
    expect(toCodePointOffsets(bmp, offsets)).toEqual(offsets.map((o) => [...bmp.slice(0, o)].length))
  })

  it('slicing code points with the converted offsets gives the same text', () => {
    const start = text.indexOf('«')
    const end = text.indexOf('😀') + 2
    const [s, e] = toCodePointOffsets(text, [start, end])
    expect([...text].slice(s, e).join('')).toBe(text.slice(start, end))
  })
})

describe('quoteSelector', () => {
  it('keeps the exact text and up to 32 characters of context', () => {
    const text = `${'a'.repeat(40)}TARGET${'b'.repeat(40)}`
    const sel = quoteSelector(text, 40, 46)
    expect(sel).toEqual({ exact: 'TARGET', prefix: 'a'.repeat(32), suffix: 'b'.repeat(32) })
    expect(quoteSelector('xTARGETy', 1, 7)).toEqual({ exact: 'TARGET', prefix: 'x', suffix: 'y' })
  })
})
