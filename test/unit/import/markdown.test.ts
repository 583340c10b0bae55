/** Markdown articles: blocks without markup, metadata from front matter or the first heading. */
import { describe, expect, it } from 'vitest'
import { extractArticle } from '../../../src/main/import'
import { blocksOf, expectWellFormed, utf8 } from './well-formed'

describe('.md', () => {
  it('reads text as shown: soft line breaks are spaces, entities decoded, escapes and code spans kept as text', async () => {
    const md =
      '## Ayuntamiento &amp; puerto\n\nEl pleno votó\nel jueves (AT&T no\\*tiene `nada` que ver)  \nsegunda línea.\n\n![foto de archivo](foto.jpg)\n\n<div class="ad">Publicidad</div>\n\nFin &laquo;seguro&raquo; &#8212; &#x201C;dijo&#x201D;.'
    const a = await extractArticle(utf8(md), 'pleno.md')
    expectWellFormed(a)
    expect(blocksOf(a)).toEqual([
      ['heading', 'Ayuntamiento & puerto'],
      ['paragraph', 'El pleno votó el jueves (AT&T no*tiene nada que ver)\nsegunda línea.'],
      ['paragraph', 'Fin «seguro» — “dijo”.'],
    ])
    expect(a.blocks[0].level).toBe(2)
    expect(a.text).not.toMatch(/Publicidad|foto|&amp;|[#`]/)
  })

  it('gives nested list items blocks of their own, and joins blocks with one blank line', async () => {
    const a = await extractArticle(
      utf8('1. Primero\n   - uno a\n   - uno b\n2. Segundo\n\n> Cita con **énfasis**\n> y lista:\n>\n> - en cita'),
      'lista.md',
    )
    expectWellFormed(a)
    expect(blocksOf(a)).toEqual([
      ['listItem', 'Primero'],
      ['listItem', 'uno a'],
      ['listItem', 'uno b'],
      ['listItem', 'Segundo'],
      ['blockquote', 'Cita con énfasis y lista:'],
      ['blockquote', 'en cita'],
    ])
    expect(a.text).toBe('Primero\n\nuno a\n\nuno b\n\nSegundo\n\nCita con énfasis y lista:\n\nen cita')
  })

  it('takes metadata from front matter, which is not article text', async () => {
    const md =
      '---\ntitle: "El puerto, a votación"\nauthor: Ana Pérez\ndate: 2025-03-14\nurl: https://diario.example/puerto\nlang: es-ES\ntags: [puerto, pleno]\n---\n\n# Titular en el cuerpo\n\nThe body is in English here, long enough for a guess, but the front matter states the language.'
    const a = await extractArticle(utf8(md), 'fm.md')
    expectWellFormed(a)
    expect(a.metadata).toEqual({
      title: 'El puerto, a votación',
      byline: 'Ana Pérez',
      date: '2025-03-14',
      url: 'https://diario.example/puerto',
      language: 'es',
    })
    expect(a.text.startsWith('Titular en el cuerpo')).toBe(true)
    expect(a.text).not.toContain('author')
  })

  it('takes the first heading as the title, else a short first line; a horizontal rule is not front matter', async () => {
    expect((await extractArticle(utf8('Intro.\n\n### Sección\n\nTexto.'), 'a.md')).metadata.title).toBe('Sección')
    const a = await extractArticle(utf8('---\n\nSolo una línea tras una regla.'), 'b.md')
    expect(blocksOf(a)).toEqual([['paragraph', 'Solo una línea tras una regla.']])
    expect(a.metadata.title).toBe('Solo una línea tras una regla.')
  })
})
