import { describe, expect, it } from 'vitest'
import { findQuotes, withoutTagged, type QuoteSuggestion } from '../../../src/shared/suggest/quotes'

const exacts = (text: string, options?: Parameters<typeof findQuotes>[1]) => findQuotes(text, options).map((q) => q.exact)

/** Every suggestion must slice the text to its own exact, marks included. */
function expectConsistent(text: string, found: QuoteSuggestion[], maxLength = 3000) {
  let previous = -1
  for (const q of found) {
    expect(text.slice(q.start, q.end)).toBe(q.exact)
    expect(q.exact[0]).toBe(q.marks[0])
    expect(q.exact[q.exact.length - 1]).toBe(q.marks[1])
    expect(q.end - q.start - 2).toBeLessThanOrEqual(maxLength)
    expect(q.start).toBeGreaterThanOrEqual(previous)
    previous = q.start
  }
}

describe('findQuotes: conventions', () => {
  it('finds Spanish and French guillemets, with or without inner spaces', () => {
    const text = 'El ministro dijo: «Vamos a revisar el contrato». Le maire a répondu « pas question » hier.'
    const found = findQuotes(text)
    expect(found.map((q) => q.exact)).toEqual(['«Vamos a revisar el contrato»', '« pas question »'])
    expect(found.map((q) => q.marks)).toEqual(['«»', '«»'])
    expect(found.every((q) => !q.nested)).toBe(true)
    // French typesetting puts no-break spaces inside the marks.
    expect(exacts('Il a dit «\u00a0jamais de la vie\u00a0».')).toEqual(['«\u00a0jamais de la vie\u00a0»'])
  })

  it('finds English curly quotes', () => {
    expect(exacts('The mayor called it “a fair deal” and “long overdue.”')).toEqual(['“a fair deal”', '“long overdue.”'])
  })

  it('finds German and Polish low-high quotes', () => {
    expect(findQuotes('Sie sagte: „Wir prüfen das.“ Dann ging sie.')[0]).toMatchObject({
      exact: '„Wir prüfen das.“',
      marks: '„“',
    })
    expect(findQuotes('Powiedział: „To nie jest prawda” i wyszedł.')[0]).toMatchObject({
      exact: '„To nie jest prawda”',
      marks: '„”',
    })
  })

  it('finds single quotes in both the English and the German style', () => {
    expect(exacts('The memo said ‘no comment’ twice.')).toEqual(['‘no comment’'])
    expect(exacts('Er nannte es ‚unerhört‘, mehr nicht.')).toEqual(['‚unerhört‘'])
  })

  it('finds Danish reversed guillemets, Swedish ”…” and CJK corner brackets', () => {
    expect(exacts('»Det er slut«, sagde hun. »Helt slut?«')).toEqual(['»Det er slut«', '»Helt slut?«'])
    expect(exacts('Han sa ”det stämmer inte” igår.')).toEqual(['”det stämmer inte”'])
    expect(exacts('知事は「検討する」と述べた。')).toEqual(['「検討する」'])
  })

  it('pairs straight double quotes by context', () => {
    expect(exacts('The report, "Budget 2024", calls it "a disaster."')).toEqual(['"Budget 2024"', '"a disaster."'])
    expect(exacts('"Claro", respondió. Luego añadió: "no sé".')).toEqual(['"Claro"', '"no sé"'])
    expect(exacts('(“en paréntesis”) y ("recto")')).toEqual(['“en paréntesis”', '"recto"'])
  })
})

describe('findQuotes: apostrophes, inch marks and strays', () => {
  it('never starts or ends a quote at an apostrophe', () => {
    expect(exacts('L’État a dit qu’aujourd’hui c’est fini.')).toEqual([])
    expect(exacts('Don’t ask why Kim’s aides won’t talk.')).toEqual([])
    expect(exacts('He said ‘Kim’s visit won’t happen’ and left.')).toEqual(['‘Kim’s visit won’t happen’'])
    expect(exacts('Back in the ’90s, rock ‘n’ roll was ‘everything’.')).toEqual(['‘everything’'])
  })

  it('ignores inch marks and stray straight quotes', () => {
    expect(exacts('A 12" pipe, a 3" bolt and a 5\'11" man.')).toEqual([])
    expect(exacts('Screens of 55" and 65" sold out; "huge demand", said the shop.')).toEqual(['"huge demand"'])
    expect(exacts('She said "the 12" pipe leaks" yesterday.')).toEqual(['"the 12" pipe leaks"'])
    // With no other closing mark on the line, the digit's mark closes the quote.
    expect(exacts('Dijo "compré una de 55" ayer.')).toEqual(['"compré una de 55"'])
    expect(exacts('A stray " here and word"word there.')).toEqual([])
  })

  it('ignores stray closing marks', () => {
    expect(exacts('Texto » suelto y ” otro, luego «una cita» bien.')).toEqual(['«una cita»'])
  })
})

describe('findQuotes: nesting', () => {
  it('reports the outer quote; inner ones only on request, flagged nested', () => {
    const text = 'Dijo: «Nos advirtieron “no firmen” y firmamos». Y: «Ellos hablan de «paz» sin más».'
    expect(exacts(text)).toEqual(['«Nos advirtieron “no firmen” y firmamos»', '«Ellos hablan de «paz» sin más»'])
    const all = findQuotes(text, { includeNested: true })
    expect(all.map((q) => [q.exact, q.nested])).toEqual([
      ['«Nos advirtieron “no firmen” y firmamos»', false],
      ['“no firmen”', true],
      ['«Ellos hablan de «paz» sin más»', false],
      ['«paz»', true],
    ])
    expectConsistent(text, all)
  })

  it('nests English and German single quotes inside double ones', () => {
    expect(findQuotes('“They told me ‘wait’ again,” she said.', { includeNested: true }).map((q) => q.exact)).toEqual([
      '“They told me ‘wait’ again,”',
      '‘wait’',
    ])
    expect(exacts('„Er sagte ‚niemals‘ dazu“, hieß es.')).toEqual(['„Er sagte ‚niemals‘ dazu“'])
  })

  it('reads «A «B» with one closing mark for both as one quote when it introduces speech', () => {
    const text = '«El acuerdo «se firmó en otoño y sigue vigente», dijo el portavoz.\n\nOtro párrafo sin citas.\n\n«Nueva cita».'
    expect(exacts(text)).toEqual(['«El acuerdo «se firmó en otoño y sigue vigente»', '«Nueva cita»'])
  })

  it('treats an unclosed « before a complete quote mid-sentence as a stray', () => {
    expect(exacts('Un « suelto y luego «la cita» sin más.\n\n«Siguiente» aquí.')).toEqual(['«la cita»', '«Siguiente»'])
  })

  it('closes the right quote when an inner one is left open', () => {
    expect(exacts('Dijo «esto “no cierra y termina» ahí.')).toEqual(['«esto “no cierra y termina»'])
  })
})

describe('findQuotes: paragraph breaks', () => {
  it('follows a news-style quote that reopens each paragraph and closes at the end', () => {
    const text = 'Declaró: «Primero, el contrato.\n\n«Segundo, los plazos.\n\n«Y tercero, el precio», concluyó.\n\nFin.'
    const [q] = findQuotes(text)
    expect(q.exact).toBe('«Primero, el contrato.\n\n«Segundo, los plazos.\n\n«Y tercero, el precio»')
    expect(q.marks).toBe('«»')
    expect(findQuotes(text, { includeNested: true })).toHaveLength(1) // the reopening marks are not quotes
    expect(exacts('“First paragraph.\n\n“Second one ends here.” Done.')).toEqual(['“First paragraph.\n\n“Second one ends here.”'])
    expect(exacts('"Uno.\n\n"Dos y fin", dijo.')).toEqual(['"Uno.\n\n"Dos y fin"'])
  })

  it('follows a plain pair across one paragraph break', () => {
    expect(exacts('“One paragraph\n\nand the next.” Done.')).toEqual(['“One paragraph\n\nand the next.”'])
    expect(exacts('«Uno\n \n\tdos» y fin.')).toEqual(['«Uno\n \n\tdos»'])
  })

  it('does not run on past a second plain break or a paragraph that fails to reopen', () => {
    expect(exacts('«Abre\n\nsigue\n\ny cierra» tarde.')).toEqual([])
    expect(exacts('«Abre.\n\n«Reabre.\n\nNo reabre» y cierra.')).toEqual([])
  })
})

describe('findQuotes: limits and offsets', () => {
  it('keeps unbalanced marks from swallowing the text and still finds later quotes', () => {
    const text = `Un « suelto sin cerrar.${'\n\nRelleno sin comillas.'.repeat(8)}\n\nLuego «una cita» normal.`
    expect(exacts(text)).toEqual(['«una cita»'])
    const long = 'Dijo «' + 'palabra '.repeat(500) + 'fin» y «corta».'
    expect(exacts(long)).toEqual(['«corta»'])
    expect(exacts(long, { maxLength: 5000 })).toEqual([long.slice(5, long.indexOf('fin»') + 4), '«corta»'])
  })

  it('stays linear and bounded on a flood of opening marks', () => {
    const text = '«'.repeat(50_000) + 'x' + '“'.repeat(50_000)
    // Finishing at all is the point (a quadratic scan would hang); speed belongs to the benchmarks.
    expect(findQuotes(text)).toEqual([])
  })

  it('gives UTF-16 offsets that slice to the quote after emoji and other non-BMP characters', () => {
    const text = '😀👍🏽 𝔸𝔹 🇰🇵 dijo «sí, claro 🙂» y “ok 𝄞 fine”.'
    const found = findQuotes(text)
    expect(found.map((q) => q.exact)).toEqual(['«sí, claro 🙂»', '“ok 𝄞 fine”'])
    expect(found[0].start).toBe(text.indexOf('«'))
    expectConsistent(text, found)
  })

  it('applies minLength to the content without marks and surrounding spaces', () => {
    expect(exacts('«ab» y « ab » y «abc»')).toEqual(['«abc»'])
    expect(exacts('«ab» y «abc»', { minLength: 1 })).toEqual(['«ab»', '«abc»'])
    expect(exacts('«🙂🙂🙂» counts code points')).toEqual(['«🙂🙂🙂»'])
  })

  it('handles empty and quote-free input', () => {
    expect(findQuotes('')).toEqual([])
    expect(findQuotes('Sin citas aquí.\n\nNi aquí.')).toEqual([])
    expect(findQuotes('«')).toEqual([])
    expect(findQuotes('»«')).toEqual([])
    expect(findQuotes('"')).toEqual([])
  })

  it('never produces inconsistent spans on random mixtures of marks', () => {
    let seed = 42
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const alphabet = ['«', '»', '“', '”', '„', '‘', '’', '‚', '"', ' ', ' ', 'a', 'b', '1', '\n\n', '.', '😀', '»', '«']
    for (let round = 0; round < 300; round++) {
      let text = ''
      for (let k = 0; k < 200; k++) text += alphabet[Math.floor(random() * alphabet.length)]
      const all = findQuotes(text, { includeNested: true, minLength: 1, maxLength: 80 })
      expectConsistent(text, all, 80)
      const outer = all.filter((q) => !q.nested)
      for (let k = 1; k < outer.length; k++) expect(outer[k].start).toBeGreaterThanOrEqual(outer[k - 1].end)
      for (const q of all.filter((x) => x.nested)) expect(outer.some((o) => o.start <= q.start && q.end <= o.end)).toBe(true)
    }
  })
})

describe('withoutTagged', () => {
  const text = 'A «first quoted passage» and «second one» and « third one ».'
  const found = findQuotes(text)
  const span = (s: string, kind = 'quote') => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length, kind })

  it('drops suggestions tagged with the same span or with the content only', () => {
    expect(withoutTagged(found, [span('«first quoted passage»'), span('second one'), span('third one')])).toEqual([])
  })

  it('drops a suggestion covered 90 % or more, keeps one a tag covers only in part', () => {
    expect(withoutTagged(found, [span('first quoted passag')]).map((q) => q.exact)).toEqual(['«second one»', '« third one »']) // 19 of 21
    expect(withoutTagged(found, [span('first quoted')]).map((q) => q.exact)).toEqual(found.map((q) => q.exact))
    expect(withoutTagged(found, [span('A «first quoted passage» and')]).map((q) => q.exact)).toEqual([
      '«second one»',
      '« third one »',
    ])
  })

  it('ignores annotations of other kinds and works on plain spans', () => {
    expect(withoutTagged(found, [span('«first quoted passage»', 'entity'), span('second one', 'claim')])).toEqual(found)
    const plain = [{ start: 2, end: 13 }]
    expect(withoutTagged(plain, [{ start: 3, end: 12 }])).toEqual([])
    expect(withoutTagged([], [span('first')])).toEqual([])
    expect(withoutTagged(found, [])).toEqual(found)
  })
})
