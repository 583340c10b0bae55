/** Word documents generated here with the docx package, and files that only claim to be ones. */
import { Document, HeadingLevel, ImageRun, Packer, Paragraph, TextRun } from 'docx'
import JSZip from 'jszip'
import { describe, expect, it } from 'vitest'
import { extractArticle, ImportError } from '../../../src/main/import'
import { blocksOf, expectWellFormed, utf8 } from './well-formed'

const docxBytes = async (doc: Document) => new Uint8Array(await Packer.toBuffer(doc))

describe('.docx', () => {
  it('reads heading levels, list items and runs, takes the title from the document properties, and skips images', async () => {
    const png = Uint8Array.from(
      Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==', 'base64'),
    )
    const doc = new Document({
      title: 'Informe sobre el puerto',
      sections: [
        {
          children: [
            new Paragraph({ text: 'Resumen ejecutivo', heading: HeadingLevel.HEADING_1 }),
            new Paragraph({
              children: [
                new TextRun('La directora, '),
                new TextRun({ text: 'Marta Quiroga', bold: true }),
                new TextRun(', afirmó: «Publicaremos el plan».'),
              ],
            }),
            new Paragraph({ children: [new ImageRun({ type: 'png', data: png, transformation: { width: 10, height: 10 } })] }),
            new Paragraph({ text: 'Cifras', heading: HeadingLevel.HEADING_2 }),
            new Paragraph({ text: 'Presupuesto: 212 millones de €', bullet: { level: 0 } }),
            new Paragraph({ text: 'Empleo “directo”: 1.200', bullet: { level: 0 } }),
          ],
        },
      ],
    })
    const a = await extractArticle(await docxBytes(doc), 'informe.docx')
    expectWellFormed(a)
    expect(blocksOf(a)).toEqual([
      ['heading', 'Resumen ejecutivo'],
      ['paragraph', 'La directora, Marta Quiroga, afirmó: «Publicaremos el plan».'],
      ['heading', 'Cifras'],
      ['listItem', 'Presupuesto: 212 millones de €'],
      ['listItem', 'Empleo “directo”: 1.200'],
    ])
    expect(a.blocks.filter((b) => b.type === 'heading').map((b) => b.level)).toEqual([1, 2])
    expect(a.metadata.title).toBe('Informe sobre el puerto')
  })

  it('refuses what is not a Word document with a one-line reason', async () => {
    const cases: [Uint8Array, RegExp][] = [[utf8('not a zip at all'), /damaged or not a .docx/]]
    const other = new JSZip()
    other.file('hello.txt', 'hola')
    cases.push([await other.generateAsync({ type: 'uint8array' }), /no document inside/])
    const broken = new JSZip()
    broken.file('[Content_Types].xml', '<Types/>')
    broken.file('word/document.xml', '<w:document><w:body><w:p>unclosed')
    cases.push([await broken.generateAsync({ type: 'uint8array' }), /Word document/])
    const real = await docxBytes(new Document({ sections: [{ children: [new Paragraph('Texto')] }] }))
    cases.push([real.slice(0, Math.floor(real.length / 2)), /damaged/])
    for (const [bytes, message] of cases) {
      const error = await extractArticle(bytes, 'malo.docx').catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ImportError)
      expect((error as Error).message).toMatch(message)
      expect((error as Error).message).not.toContain('\n')
    }
  })
})
