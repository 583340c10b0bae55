/** Web pages: the readable article as blocks, the page's metadata, and nothing of hostile markup but text. */
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { extractArticle } from '../../../src/main/import'
import { blocksOf, expectWellFormed, utf8 } from './well-formed'

const PARAGRAPH =
  'La plataforma vecinal reunió a 2.500 personas frente al consistorio y anunció un recurso ante los tribunales contra la ampliación del puerto, que considera ilegal.'

describe('.html text', () => {
  it('shows whitespace as a browser does: source line breaks are spaces, <br> is a line break, loose text is a paragraph', async () => {
    const page = `<html><body><div>Texto suelto antes del párrafo
      <p>Un párrafo
         partido en   el código, con <b>negrita</b>
         y <i>cursiva</i>.</p>Calle Mayor 1<br>28013 Madrid<br><br>Otro bloque</div></body></html>`
    const a = await extractArticle(utf8(page), 'suelto.html')
    expectWellFormed(a)
    expect(blocksOf(a)).toEqual([
      ['paragraph', 'Texto suelto antes del párrafo'],
      ['paragraph', 'Un párrafo partido en el código, con negrita y cursiva.'],
      ['paragraph', 'Calle Mayor 1\n28013 Madrid'],
      ['paragraph', 'Otro bloque'],
    ])
  })

  it('keeps the headline Readability drops for repeating the title', async () => {
    const page = `<html><head><title>Valdemar vota el puerto</title></head><body><article><h1>Valdemar vota el puerto</h1>
      <p>${PARAGRAPH}</p><p>${PARAGRAPH}</p><h2>Las cifras</h2><p>${PARAGRAPH}</p></article></body></html>`
    const a = await extractArticle(utf8(page), 'titular.html')
    expectWellFormed(a)
    expect(blocksOf(a)[0]).toEqual(['heading', 'Valdemar vota el puerto'])
    expect(a.blocks[0].level).toBe(1)
    expect(blocksOf(a).filter(([, t]) => t === 'Valdemar vota el puerto')).toHaveLength(1)
    expect(blocksOf(a)).toContainEqual(['heading', 'Las cifras'])
  })

  it('decodes a page in the legacy charset it declares (ISO-8859-15: € where Windows-1252 has ¤)', async () => {
    const page = `<html><head><meta charset="iso-8859-15"><title>Presupuesto</title></head><body><p>El presupuesto es de 212 M€, según Peña.</p></body></html>`
    const a = await extractArticle(iconv.encode(page, 'iso-8859-15'), 'latin9.html')
    expect(a.text).toContain('212 M€, según Peña.')
  })
})

describe('.html metadata', () => {
  it('reads title, byline, date, outlet, canonical URL and language, refusing unsafe or unusable values', async () => {
    const page = `<html lang="pt-BR"><head><title>  Título
      da página  </title><meta property="article:author" content="https://facebook.com/perfil">
      <link rel="canonical" href="javascript:alert(1)"><meta name="date" content="2024-11-02"></head>
      <body><p>${PARAGRAPH}</p></body></html>`
    const a = await extractArticle(utf8(page), 'meta.html')
    expectWellFormed(a)
    expect(a.metadata.title).toBe('Título da página')
    expect(a.metadata.byline).toBeUndefined()
    expect(a.metadata.url).toBeUndefined()
    expect(a.metadata.date).toBe('2024-11-02')
    expect(a.metadata.language).toBe('pt') // stated by the page, not detected (the text is Spanish)
  })
})

describe('hostile .html', () => {
  it('yields only text: scripts (even nested), handlers, javascript: URLs, iframes, styles, hidden and template content never come through', async () => {
    const page = `<html><head><style>p{color:red}</style><script>var stolen = document.cookie</script>
      <meta http-equiv="refresh" content="0;url=https://evil.example"><base href="https://evil.example/"></head>
      <body onload="pwn()"><article><h1 onmouseover="pwn()">Titular <script>inlinePwn()</script>limpio</h1>
      <p>${PARAGRAPH} <b><span><script>deepPwn()</script></span></b><a href="javascript:pwn()">enlace</a></p>
      <p hidden>oculto1</p><p style="display: none">oculto2</p><div aria-hidden="true">oculto3</div>
      <template><p>plantilla</p></template><noscript>sin script</noscript>
      <iframe src="https://evil.example" srcdoc="<p>marco</p>"></iframe><object data="x.swf">objeto</object>
      <svg><script>svgPwn()</script><text>svgtexto</text></svg><img src=x onerror="pwn()" alt="imagen">
      <p>${PARAGRAPH.replace('vecinal', 'ciudadana')}</p><form><input value="campo"><button>Enviar</button></form>
      </article></body></html>`
    for (const name of ['hostil.html', 'hostil.htm']) {
      const a = await extractArticle(utf8(page), name)
      expectWellFormed(a)
      expect(a.text).toContain(PARAGRAPH)
      expect(a.text).toContain('enlace')
      expect(a.text).not.toMatch(/[<>]/)
      for (const bad of [
        'Pwn',
        'pwn',
        'stolen',
        'cookie',
        'color:red',
        'evil',
        'oculto',
        'plantilla',
        'sin script',
        'marco',
        'objeto',
        'svgtexto',
        'imagen',
        'campo',
        'Enviar',
        'javascript',
      ]) {
        expect(a.text).not.toContain(bad)
      }
    }
  })

  it('reads a page Readability cannot make an article of from its whole body, still text only', async () => {
    const a = await extractArticle(
      utf8('<p>Breve <script>pwn()</script>nota <b onclick="pwn()">con</b> texto.</p>'),
      'breve.html',
    )
    expectWellFormed(a)
    expect(blocksOf(a)).toEqual([['paragraph', 'Breve nota con texto.']])
  })
})
