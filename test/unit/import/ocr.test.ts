/**
 * OCR of scans made in the test (scan-fixtures.ts): word accuracy on a clean 200-dpi page, a noisy and
 * slightly rotated one, one scanned sideways, one upside down, a PDF holding only an image and a mixed PDF; results kept
 * by content hash; progress and cancel; bad images refused in one line before anything decodes them.
 * Each page read costs seconds: the tests are few and the pages small.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { afterAll, describe, expect, it } from 'vitest'
import { extractArticle, ImportError, type OcrProgress } from '../../../src/main/import'
import { stopOcr } from '../../../src/main/import/ocr'
import { pdfOfImage, renderScan, SCAN_TEXT, scannedPdf, wordAccuracy, wordsOf } from './scan-fixtures'

const cacheDir = mkdtempSync(join(tmpdir(), 'spanwise-ocr-test-'))
const expected = wordsOf(SCAN_TEXT.join(' '))
const NAMES = ['María José Núñez', 'Íñigo Peña', 'Cádiz', '«No habrá más retrasos»', '¿Quién pagará la obra?', '¡Nadie']
const SLOW = 180_000

afterAll(async () => {
  await stopOcr()
  rmSync(cacheDir, { recursive: true, force: true })
})

async function read(bytes: Uint8Array, name: string, progress: OcrProgress[] = [], signal?: AbortSignal) {
  return extractArticle(bytes, name, { ocr: { cacheDir, signal, onProgress: (p) => progress.push(p) } })
}

function report(label: string, text: string): number {
  const accuracy = wordAccuracy(expected, wordsOf(text))
  console.log(`OCR ${label}: ${(accuracy * 100).toFixed(1)} % of words right`)
  return accuracy
}

describe('OCR of images', () => {
  it(
    'reads a clean 200-dpi page with its accents, «», ¿ and ¡, says the text is OCR, and reads the file once',
    { timeout: SLOW },
    async () => {
      const png = renderScan()
      const progress: OcrProgress[] = []
      const article = await read(png, 'resolución.png', progress)
      expect(report('clean 200 dpi', article.text)).toBeGreaterThanOrEqual(0.95)
      for (const name of NAMES) expect(article.text).toContain(name)
      expect(article.blocks).toHaveLength(SCAN_TEXT.length)
      expect(article.metadata.language).toBe('es')
      expect(article.metadata.source).toMatchObject({ kind: 'ocr', languages: ['es', 'en'], pages: 1 })
      expect(article.metadata.source!.confidence).toBeGreaterThan(80)
      expect(progress).toEqual([{ page: 1, pages: 1 }])
      expect(readdirSync(cacheDir).filter((f) => f.endsWith('.json'))).toHaveLength(1)

      const again: OcrProgress[] = []
      expect((await read(png, 'copia.png', again)).text).toBe(article.text)
      expect(again).toEqual([]) // from the cache: no page read
    },
  )

  it('reads a noisy, slightly rotated page and marks the words it is unsure of', { timeout: SLOW }, async () => {
    const article = await read(renderScan({ noise: 0.012, rotate: 1.5 }), 'ruido.jpg.png')
    expect(report('noisy, rotated 1.5°', article.text)).toBeGreaterThanOrEqual(0.9)
    for (const name of ['María José Núñez', 'Íñigo']) expect(article.text).toContain(name)
    for (const [start, end, confidence] of article.metadata.source!.uncertain ?? []) {
      expect(article.text.slice(start, end)).toMatch(/^\S+$/)
      expect(confidence).toBeLessThan(75)
    }
  })

  it('reads a page scanned sideways', { timeout: SLOW }, async () => {
    const article = await read(renderScan({ sideways: true }), 'de-lado.png')
    expect(report('sideways', article.text)).toBeGreaterThanOrEqual(0.9)
  })

  it('reads a page scanned upside down', { timeout: SLOW }, async () => {
    const article = await read(renderScan({ upsideDown: true }), 'del-reves.png')
    expect(report('upside down', article.text)).toBeGreaterThanOrEqual(0.9)
    for (const name of ['María José Núñez', 'Cádiz']) expect(article.text).toContain(name)
  })
})

describe('OCR of PDFs', () => {
  it('reads a PDF holding only an image, rendered at 300 dpi', { timeout: SLOW }, async () => {
    const article = await read(await pdfOfImage(renderScan()), 'escaneo.pdf')
    expect(report('image-only PDF', article.text)).toBeGreaterThanOrEqual(0.95)
    expect(article.metadata.source).toMatchObject({ kind: 'ocr', pages: 1 })
  })

  it('reads a mixed PDF page by page: the text layer where there is one, OCR where not', { timeout: SLOW }, async () => {
    const doc = await PDFDocument.create()
    const font = await doc.embedFont(StandardFonts.Helvetica)
    doc.addPage([420, 595]).drawText('Primera página, escrita con texto.', { x: 50, y: 500, size: 12, font })
    const scan = await PDFDocument.load(await pdfOfImage(renderScan({ paragraphs: [SCAN_TEXT[1]] })))
    const [page] = await doc.copyPages(scan, [0])
    doc.addPage(page)
    const progress: OcrProgress[] = []
    const article = await read(await doc.save(), 'mixto.pdf', progress)
    expect(article.text.startsWith('Primera página, escrita con texto.')).toBe(true)
    expect(article.text).toContain('«No habrá más retrasos»')
    expect(progress).toEqual([{ page: 2, pages: 2 }])
  })
})

describe('bad scans', () => {
  it('refuses an image whose header claims 50,000 × 50,000 pixels before decoding it', async () => {
    const png = Uint8Array.from(renderScan({ paragraphs: ['x'] }))
    new DataView(png.buffer).setUint32(16, 50_000)
    new DataView(png.buffer).setUint32(20, 50_000)
    await expect(read(png, 'huge.png')).rejects.toThrow(/too large to read \(50,000 × 50,000 pixels/)
  })

  it('refuses a .jpg that is not an image, and an image that cannot be decoded, in one line', { timeout: SLOW }, async () => {
    const notImage = new TextEncoder().encode('<html>this is a web page saved as .jpg</html>')
    await expect(read(notImage, 'photo.jpg')).rejects.toThrow(ImportError)
    await expect(read(notImage, 'photo.jpg')).rejects.toThrow(/^Not an image Spanwise can read/)
    const damaged = renderScan({ paragraphs: ['x'] }).slice(0, 64) // a PNG header and nothing after
    const error = await read(damaged, 'cut.png').catch((e: Error) => e)
    expect(error).toBeInstanceOf(ImportError)
    expect((error as Error).message).not.toContain('\n')
  })

  it('stops a long scan when cancelled and keeps what it read', { timeout: SLOW }, async () => {
    const page = renderScan({ paragraphs: ['Página'] })
    const pdf = await scannedPdf(200, () => page)
    const controller = new AbortController()
    const progress: OcrProgress[] = []
    const reading = read(pdf, 'largo.pdf', progress, controller.signal)
    await expect.poll(() => progress.length, { timeout: SLOW }).toBeGreaterThanOrEqual(2)
    controller.abort()
    await expect(reading).rejects.toThrow(/cancelled/)
    expect(progress.length).toBeLessThan(200)
    expect(progress[1]).toEqual({ page: 2, pages: 200 })
  })
})
