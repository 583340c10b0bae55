/**
 * Extraction from every format and encoding a reporter's files come in, with fixtures generated here
 * (docx with the docx package, PDFs with pdf-lib, legacy encodings with iconv-lite), hostile ones
 * included.
 */
import { Document, HeadingLevel, Packer, Paragraph } from 'docx'
import iconv from 'iconv-lite'
import JSZip from 'jszip'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { extractArticle, ImportError, isSupportedFile } from '../../../src/main/import'

const enc = (s: string) => new TextEncoder().encode(s)
const blocksOf = (a: { text: string; blocks: { type: string; start: number; end: number }[] }) =>
  a.blocks.map((b) => [b.type, a.text.slice(b.start, b.end)])
const SPANISH =
  'La alcaldesa, Inés Marroquín, afirmó: «Valdemar no puede quedarse atrás». El informe técnico de la Autoridad Portuaria estimaba la creación de 1.200 empleos, no 3.000, según fuentes municipales.'

describe('.txt in every encoding', () => {
  const text = `Título con acentos\r\n\r\n${SPANISH}\r\n\r\n  Párrafo sangrado con “comillas” y ñ.`
  const expected = [
    ['paragraph', 'Título con acentos'],
    ['paragraph', SPANISH],
    ['paragraph', 'Párrafo sangrado con “comillas” y ñ.'],
  ]
  it('reads UTF-8 with and without BOM, normalising line ends', async () => {
    for (const bytes of [enc(text), new Uint8Array([0xef, 0xbb, 0xbf, ...enc(text)])]) {
      const a = await extractArticle(bytes, 'a.txt')
      expect(blocksOf(a)).toEqual(expected)
      expect(a.text).not.toContain('\r')
      expect(a.metadata.language).toBe('es')
    }
  })
  it('reads UTF-16 LE and BE with BOM', async () => {
    const le = iconv.encode(text, 'utf-16le', { addBOM: true })
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')])
    expect(blocksOf(await extractArticle(le, 'le.txt'))).toEqual(expected)
    expect(blocksOf(await extractArticle(be, 'be.txt'))).toEqual(expected)
  })
  it('detects legacy Windows-1252 / Latin-1 Spanish, and decodes invalid UTF-8 without replacement characters', async () => {
    const latin = iconv.encode(text.replace(/[“”]/g, '"'), 'windows-1252')
    const a = await extractArticle(latin, 'viejo.txt')
    expect(a.text).toContain('Título con acentos')
    expect(a.text).toContain('Inés Marroquín')
    expect(a.text).not.toContain('\uFFFD')
  })
  it('refuses empty and binary files with a one-line reason', async () => {
    await expect(extractArticle(new Uint8Array(), 'vacio.txt')).rejects.toThrow('The file is empty')
    await expect(
      extractArticle(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13, 73, 72, 68, 82]), 'foto.txt'),
    ).rejects.toThrow(/binary/)
    await expect(extractArticle(enc('x'), 'hoja.xlsx')).rejects.toBeInstanceOf(ImportError)
    expect(isSupportedFile('Informe.PDF')).toBe(true)
    expect(isSupportedFile('notas.odt')).toBe(false)
  })
})

describe('.md', () => {
  it('turns headings, paragraphs, lists and blockquotes into blocks without markup', async () => {
    const md =
      '# Comunicado **oficial**\n\nEl puerto *abrirá* en [2029](http://x).\n\n- Presupuesto: 212 M€\n- Empleo: **1.200**\n\n> «Publicaremos el plan», dijo la directora.\n\n<script>alert(1)</script>'
    const a = await extractArticle(enc(md), 'nota.md')
    expect(blocksOf(a)).toEqual([
      ['heading', 'Comunicado oficial'],
      ['paragraph', 'El puerto abrirá en 2029.'],
      ['listItem', 'Presupuesto: 212 M€'],
      ['listItem', 'Empleo: 1.200'],
      ['blockquote', '«Publicaremos el plan», dijo la directora.'],
    ])
    expect(a.metadata.title).toBe('Comunicado oficial')
    expect(a.text).not.toMatch(/[*#>[\]]|script/)
  })
})

describe('.html', () => {
  const page = `<!doctype html><html lang="es-ES"><head>
    <title>Portada | Diario</title>
    <meta property="og:title" content="Valdemar aprueba la ampliación del puerto">
    <meta name="author" content="Ana Pérez"><meta property="og:site_name" content="Diario de Valdemar">
    <meta property="article:published_time" content="2025-03-14T10:00:00Z">
    <link rel="canonical" href="https://diario.example/puerto">
    <style>body{display:none}</style><script>window.__pwned = 1</script></head>
    <body><nav><a href="/">Inicio</a> <a href="/deportes">Deportes</a></nav>
    <div class="cookie-banner">Aceptar cookies</div>
    <article><h1>Valdemar aprueba la ampliación del puerto</h1>
    <p>${SPANISH}</p>
    <p onclick="steal()">La plataforma vecinal <a href="javascript:alert(1)">Salvemos la Ensenada</a> reunió a 2.500 personas frente al consistorio y anunció un recurso ante los tribunales.</p>
    <blockquote><p>«No contempla la pérdida de la pradera», dijo su portavoz.</p></blockquote>
    <iframe src="https://evil.example"></iframe><img src="http://tracker.example/p.gif" onerror="steal()">
    <ul><li>Presupuesto: 212 millones</li><li>Inicio: septiembre</li></ul></article>
    <footer>Compartir en redes · © Diario</footer></body></html>`

  it('extracts the article body and metadata; scripts, handlers and furniture never come through', async () => {
    const a = await extractArticle(enc(page), 'puerto.html')
    expect(a.metadata).toMatchObject({
      title: 'Valdemar aprueba la ampliación del puerto',
      byline: 'Ana Pérez',
      outlet: 'Diario de Valdemar',
      date: '2025-03-14T10:00:00Z',
      url: 'https://diario.example/puerto',
      language: 'es',
    })
    expect(a.text).toContain(SPANISH)
    expect(a.text).toContain('Salvemos la Ensenada')
    expect(blocksOf(a)).toContainEqual(['blockquote', '«No contempla la pérdida de la pradera», dijo su portavoz.'])
    for (const bad of [
      '__pwned',
      'steal',
      'javascript',
      'display:none',
      'Aceptar cookies',
      'Deportes',
      'Compartir',
      'evil.example',
      'tracker',
    ])
      expect(a.text).not.toContain(bad)
  })
})

describe('.docx', () => {
  it('reads headings, paragraphs and the title from a Word document', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            new Paragraph({ text: 'Informe de la Autoridad Portuaria', heading: HeadingLevel.HEADING_1 }),
            new Paragraph({ text: SPANISH }),
            new Paragraph({ text: '«Publicaremos el plan de seguimiento», dijo Marta Quiroga.' }),
          ],
        },
      ],
    })
    const a = await extractArticle(new Uint8Array(await Packer.toBuffer(doc)), 'informe.docx')
    expect(blocksOf(a)).toEqual([
      ['heading', 'Informe de la Autoridad Portuaria'],
      ['paragraph', SPANISH],
      ['paragraph', '«Publicaremos el plan de seguimiento», dijo Marta Quiroga.'],
    ])
    expect(a.metadata.title).toBe('Informe de la Autoridad Portuaria')
  })
  it('refuses a file that is not a zip, a zip that is not a document, and a zip bomb', async () => {
    await expect(extractArticle(enc('not a zip at all'), 'falso.docx')).rejects.toThrow(/damaged or not a .docx/)
    const other = new JSZip()
    other.file('hello.txt', 'hola')
    await expect(extractArticle(await other.generateAsync({ type: 'uint8array' }), 'otro.docx')).rejects.toThrow(
      /Not a Word document/,
    )
    const bomb = new JSZip()
    bomb.file('word/document.xml', '<w:document/>')
    bomb.file('word/media/zeros.bin', new Uint8Array(60 * 1024 * 1024))
    const bytes = await bomb.generateAsync({ type: 'uint8array', compression: 'DEFLATE' })
    await expect(extractArticle(bytes, 'bomba.docx')).rejects.toThrow(/zip bomb/)
  })
})

describe('.pdf', () => {
  async function pdfWith(lines: string[][]): Promise<Uint8Array> {
    const pdf = await PDFDocument.create()
    pdf.setTitle('Informe de empleo')
    pdf.setAuthor('Autoridad Portuaria')
    const font = await pdf.embedFont(StandardFonts.Helvetica)
    const page = pdf.addPage([595, 842])
    let y = 780
    for (const paragraph of lines) {
      for (const line of paragraph) {
        page.drawText(line, { x: 50, y, size: 12, font })
        y -= 15
      }
      y -= 20 // paragraph gap
    }
    return pdf.save()
  }

  it('rebuilds paragraphs from the text layer, with the document metadata', async () => {
    const bytes = await pdfWith([
      ['El informe técnico estima 1.200 empleos'],
      ['directos durante la construcción y la', 'operación del puerto de Valdemar.'],
    ])
    const a = await extractArticle(bytes, 'informe.pdf')
    expect(blocksOf(a)).toEqual([
      ['paragraph', 'El informe técnico estima 1.200 empleos'],
      ['paragraph', 'directos durante la construcción y la operación del puerto de Valdemar.'],
    ])
    expect(a.metadata).toMatchObject({ title: 'Informe de empleo', byline: 'Autoridad Portuaria' })
  })

  it('says when a PDF has no text layer and OCR finds none, and refuses a truncated one', { timeout: 120_000 }, async () => {
    const pdf = await PDFDocument.create()
    pdf.addPage([595, 842]).drawRectangle({ x: 50, y: 50, width: 200, height: 100 })
    await expect(extractArticle(await pdf.save(), 'escaneado.pdf')).rejects.toThrow(/no text layer/)
    const full = await pdfWith([['Texto']])
    await expect(extractArticle(full.slice(0, 200), 'roto.pdf')).rejects.toThrow(/incomplete/)
  })
})

describe('language', () => {
  it('detects Spanish and English when the file does not say', async () => {
    expect((await extractArticle(enc(SPANISH), 'es.txt')).metadata.language).toBe('es')
    const english =
      'The city council approved the expansion of the commercial port on Thursday, a project budgeted at 212 million euros that the local government says will create more than 3,000 direct jobs.'
    expect((await extractArticle(enc(english), 'en.txt')).metadata.language).toBe('en')
    expect((await extractArticle(enc('Hola.'), 'corto.txt')).metadata.language).toBeUndefined()
  })
})
