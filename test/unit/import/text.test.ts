/** Plain-text files in the encodings reporters' files really come in, and the files that are not text. */
import iconv from 'iconv-lite'
import { describe, expect, it } from 'vitest'
import { extractArticle, ImportError, MAX_ARTICLE_BYTES } from '../../../src/main/import'
import { blocksOf, expectWellFormed, utf8 } from './well-formed'

const NOTE =
  'Declaraciones del alcalde\n\nEl alcalde, Íñigo Peña, dijo: «No habrá más retrasos» y añadió “lo firmaremos el miércoles”.\n    Segunda línea sangrada del mismo párrafo.\n\n\n   Último párrafo, con € y ¿preguntas?'

describe('.txt text and blocks', () => {
  it('keeps the file characters, blocks are runs of non-blank lines without their indentation, title is the first short line', async () => {
    const a = await extractArticle(utf8(NOTE.replace(/\n/g, '\r\n')), 'nota.txt')
    expectWellFormed(a)
    expect(a.text).toBe(NOTE)
    expect(blocksOf(a)).toEqual([
      ['paragraph', 'Declaraciones del alcalde'],
      [
        'paragraph',
        'El alcalde, Íñigo Peña, dijo: «No habrá más retrasos» y añadió “lo firmaremos el miércoles”.\n    Segunda línea sangrada del mismo párrafo.',
      ],
      ['paragraph', 'Último párrafo, con € y ¿preguntas?'],
    ])
    expect(a.metadata.title).toBe('Declaraciones del alcalde')
    expect(a.metadata.language).toBe('es')
  })

  it('normalises old Mac line ends and decomposed accents (NFD from macOS) to NFC', async () => {
    const a = await extractArticle(utf8('Uno\rdos\r\rPen\u0303a y Ine\u0301s'), 'mac.txt')
    expectWellFormed(a)
    expect(a.text).toBe('Uno\ndos\n\nPeña y Inés')
    expect(blocksOf(a)).toEqual([
      ['paragraph', 'Uno\ndos'],
      ['paragraph', 'Peña y Inés'],
    ])
  })

  it('gives no title when the first line is a long sentence', async () => {
    const a = await extractArticle(utf8(`${'Una frase muy larga que no es un título '.repeat(5)}.`), 'larga.txt')
    expect(a.metadata.title).toBeUndefined()
  })
})

describe('.txt encodings', () => {
  it('reads UTF-16 LE and BE with BOM, with « » and “ ” intact', async () => {
    for (const bytes of [iconv.encode(NOTE, 'utf-16le', { addBOM: true }), iconv.encode(NOTE, 'utf-16be', { addBOM: true })]) {
      const a = await extractArticle(bytes, 'u16.txt')
      expectWellFormed(a)
      expect(a.text).toBe(NOTE)
    }
  })

  it('reads UTF-8 with a BOM without keeping it', async () => {
    const a = await extractArticle(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(NOTE)]), 'bom.txt')
    expect(a.text).toBe(NOTE)
  })

  it('reads Windows-1252 Spanish, curly quotes and € included', async () => {
    const a = await extractArticle(iconv.encode(NOTE, 'windows-1252'), 'cp1252.txt')
    expectWellFormed(a)
    expect(a.text).toBe(NOTE)
  })

  it('reads short Latin-1 text as Windows-1252, not as the far-fetched guess (Shift_JIS) chardet makes for it', async () => {
    const a = await extractArticle(iconv.encode('Niño', 'latin1'), 'corto.txt')
    expect(a.text).toBe('Niño')
  })

  it('reads a UTF-8 file with a few stray Windows-1252 bytes without U+FFFD or mojibake', async () => {
    const bytes = new Uint8Array([
      ...utf8('Canción de «otoño», según Peña. '),
      ...iconv.encode('Pasó el camión', 'windows-1252'),
      ...utf8(' y llegó el día.'),
    ])
    const a = await extractArticle(bytes, 'mezcla.txt')
    expectWellFormed(a)
    expect(a.text).toBe('Canción de «otoño», según Peña. Pasó el camión y llegó el día.')
  })

  it('reads a legacy file whose accents happen to form a valid UTF-8 pair as legacy text throughout', async () => {
    // Í (0xCD) then » (0xBB) is valid UTF-8 (U+037B): one coincidence must not switch the file to UTF-8.
    const a = await extractArticle(
      iconv.encode('Titular de EL PAÍS» y más: acción, región, canción.', 'windows-1252'),
      'pais.txt',
    )
    expect(a.text).toBe('Titular de EL PAÍS» y más: acción, región, canción.')
  })
})

describe('.txt files that are not articles', () => {
  it('refuses an empty file, a whitespace-only file and a file over the size limit', async () => {
    await expect(extractArticle(new Uint8Array(), 'vacio.txt')).rejects.toThrow(new ImportError('detail.file.empty'))
    await expect(extractArticle(utf8(' \n\n \t'), 'blanco.txt')).rejects.toThrow('No text found in the file')
    await expect(extractArticle(new Uint8Array(MAX_ARTICLE_BYTES + 1).fill(0x61), 'enorme.txt')).rejects.toThrow(
      /larger than 50 MB/,
    )
  })

  it('refuses binary files renamed .txt: NUL bytes, mostly control bytes, binary after a UTF-16 BOM', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
    const controls = new Uint8Array(400).map((_, i) => (i % 3 === 0 ? 0x01 + (i % 20) : 0x41))
    const afterBom = new Uint8Array([0xff, 0xfe, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00])
    for (const bytes of [png, controls, afterBom]) {
      const error = await extractArticle(bytes, 'foto.txt').catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ImportError)
      expect((error as Error).message).toBe('Not a text file (binary content)')
    }
  })
})
