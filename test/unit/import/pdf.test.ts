/** PDFs generated here with pdf-lib: text layers rebuilt into blocks, and PDFs that cannot be read. */
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { extractArticle, ImportError } from '../../../src/main/import'
import { blocksOf, expectWellFormed } from './well-formed'

/** Draws lines top-down; a number is a vertical gap, a [size, text] pair a line in that size. */
function draw(page: PDFPage, font: PDFFont, content: (string | number | [number, string])[]): void {
  let y = 780
  for (const item of content) {
    if (typeof item === 'number') {
      y -= item
      continue
    }
    const [size, text] = typeof item === 'string' ? [11, item] : item
    page.drawText(text, { x: 60, y, size, font })
    y -= size * 1.25
  }
}

async function expectImportError(bytes: Uint8Array, message: RegExp): Promise<void> {
  const error = await extractArticle(bytes, 'x.pdf').catch((e: unknown) => e)
  expect(error).toBeInstanceOf(ImportError)
  expect((error as Error).message).toMatch(message)
}

describe('.pdf text layer', () => {
  it('rebuilds headings by size, paragraphs by gaps and short closing lines, rejoins hyphenated words, drops page numbers', async () => {
    const pdf = await PDFDocument.create()
    pdf.setTitle('Microsoft Word - informe_final.docx') // a converter's file name, not a title
    const font = await pdf.embedFont(StandardFonts.Helvetica)
    const one = pdf.addPage([595, 842])
    draw(one, font, [
      [22, 'Informe de la Autoridad Portuaria'],
      10,
      'El informe técnico estima 1.200 empleos directos durante la construc-',
      'ción y la operación del puerto.',
      'El pleno votará el jueves.',
      'La plataforma vecinal, en cambio, habla de «cifras infladas» y pide',
      'una auditoría independiente antes de cualquier votación municipal.',
    ])
    one.drawText('1', { x: 290, y: 40, size: 9, font })
    const two = pdf.addPage([595, 842])
    draw(two, font, [[15, 'Las cifras'], 8, 'Presupuesto: 212 millones de euros, con un 30 % de fondos europeos.'])
    two.drawText('2', { x: 290, y: 40, size: 9, font })
    const a = await extractArticle(await pdf.save(), 'informe.pdf')
    expectWellFormed(a)
    expect(blocksOf(a)).toEqual([
      ['heading', 'Informe de la Autoridad Portuaria'],
      ['paragraph', 'El informe técnico estima 1.200 empleos directos durante la construcción y la operación del puerto.'],
      ['paragraph', 'El pleno votará el jueves.'],
      [
        'paragraph',
        'La plataforma vecinal, en cambio, habla de «cifras infladas» y pide una auditoría independiente antes de cualquier votación municipal.',
      ],
      ['heading', 'Las cifras'],
      ['paragraph', 'Presupuesto: 212 millones de euros, con un 30 % de fondos europeos.'],
    ])
    expect(a.blocks[0].level).toBe(1)
    expect(a.blocks[4].level).toBe(3)
    expect(a.metadata.title).toBeUndefined()
    expect(a.metadata.language).toBe('es')
  })

  it('takes title, author and language from the document when it states them', async () => {
    const pdf = await PDFDocument.create()
    pdf.setTitle('Nota de prensa')
    pdf.setAuthor('Gabinete de comunicación')
    pdf.setLanguage('es-ES')
    draw(pdf.addPage([595, 842]), await pdf.embedFont(StandardFonts.TimesRoman), ['Short English text.'])
    const a = await extractArticle(await pdf.save(), 'nota.pdf')
    expect(a.metadata).toEqual({ title: 'Nota de prensa', byline: 'Gabinete de comunicación', language: 'es' })
  })
})

describe('.pdf that cannot be read', () => {
  it('says a PDF without a text layer where OCR finds no text either (a blank scan)', { timeout: 120_000 }, async () => {
    const pdf = await PDFDocument.create()
    pdf.addPage([595, 842]).drawRectangle({ x: 50, y: 50, width: 200, height: 100 })
    await expectImportError(await pdf.save(), /^This PDF has no text layer, and OCR found no text in its pages/)
  })

  it('refuses a truncated PDF and one that is not a PDF', async () => {
    const pdf = await PDFDocument.create()
    draw(pdf.addPage([595, 842]), await pdf.embedFont(StandardFonts.Helvetica), ['Texto del informe completo.'])
    const full = await pdf.save()
    await expectImportError(full.slice(0, Math.floor(full.length * 0.6)), /incomplete/)
    await expectImportError(new TextEncoder().encode('just some text\n%%EOF\n'), /Not a readable PDF/)
  })

  it('says when a PDF is password-protected', async () => {
    await expectImportError(await encrypted(), /password-protected/)
  })
})

/**
 * A PDF with a user password: pdf-lib cannot encrypt, so an incremental update adds a Standard
 * security handler dictionary (RC4, revision 2) whose /U does not match the empty password.
 */
async function encrypted(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  draw(pdf.addPage([595, 842]), await pdf.embedFont(StandardFonts.Helvetica), ['Secreto.'])
  const base = Buffer.from(await pdf.save({ useObjectStreams: false }))
  const source = base.toString('latin1')
  const size = Number(/\/Size (\d+)/.exec(source)![1])
  const root = /\/Root (\d+ \d+ R)/.exec(source)![1]
  const prev = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(source)![1])
  const hex = (byte: number) => byte.toString(16).padStart(2, '0').repeat(32)
  const objectOffset = base.length + 1
  const object = `\n${size} 0 obj\n<< /Filter /Standard /V 1 /R 2 /O <${hex(0x11)}> /U <${hex(0x22)}> /P -44 >>\nendobj\n`
  const xrefOffset = base.length + object.length
  const update =
    `${object}xref\n0 1\n0000000000 65535 f \n${size} 1\n${String(objectOffset).padStart(10, '0')} 00000 n \n` +
    `trailer\n<< /Size ${size + 1} /Root ${root} /Encrypt ${size} 0 R /ID [<${'ab'.repeat(16)}> <${'ab'.repeat(16)}>] /Prev ${prev} >>\n` +
    `startxref\n${xrefOffset}\n%%EOF\n`
  return new Uint8Array(Buffer.concat([base, Buffer.from(update, 'latin1')]))
}
