/**
 * Scans made in the test: Spanish text with accents, «», ¿ and ¡ rendered to a page image with
 * @napi-rs/canvas at a given resolution, optionally with speckle noise, a slight rotation, or turned
 * sideways or upside down; and a PDF holding only such an image (pdf-lib). Word accuracy against the source text.
 */
import { createCanvas } from '@napi-rs/canvas'
import type { PDFDocument } from 'pdf-lib'

export const SCAN_TEXT = [
  'Resolución del Ayuntamiento de Cádiz',
  'La concejala María José Núñez firmó el contrato el 14 de marzo. «No habrá más retrasos», aseguró ante la comisión.',
  '¿Quién pagará la obra? ¡Nadie lo sabe todavía! El alcalde, Íñigo Peña, pidió explicaciones al director técnico.',
  'El informe señala que el presupuesto aumentó un 23 por ciento en dos años y que la empresa adjudicataria no presentó las garantías.',
]

export interface ScanOptions {
  dpi?: number
  /** Degrees, clockwise. */
  rotate?: number
  /** Share of pixels flipped to black or grey specks, e.g. 0.01. */
  noise?: number
  /** Turn the whole page a quarter clockwise (scanned sideways). */
  sideways?: boolean
  /** Turn the whole page half a turn (scanned upside down). */
  upsideDown?: boolean
  paragraphs?: readonly string[]
}

/** A page (A5-ish width) of the paragraphs, as PNG bytes. */
export function renderScan(options: ScanOptions = {}): Uint8Array {
  const dpi = options.dpi ?? 200
  const paragraphs = options.paragraphs ?? SCAN_TEXT
  const scale = dpi / 72
  const width = Math.round(5.8 * dpi)
  const fontSize = 12 * scale
  const margin = 0.6 * dpi
  const measure = createCanvas(10, 10).getContext('2d')
  measure.font = `${fontSize}px serif`
  const lines: string[][] = paragraphs.map((p) => {
    const out: string[] = []
    let line = ''
    for (const word of p.split(' ')) {
      const next = line ? `${line} ${word}` : word
      if (measure.measureText(next).width > width - 2 * margin && line) {
        out.push(line)
        line = word
      } else line = next
    }
    if (line) out.push(line)
    return out
  })
  const lineHeight = fontSize * 1.4
  const height = Math.round(margin * 2 + lines.reduce((n, p) => n + (p.length + 0.8) * lineHeight, 0))
  const page = createCanvas(width, height)
  const ctx = page.getContext('2d')
  ctx.fillStyle = '#fff'
  ctx.fillRect(0, 0, width, height)
  ctx.save()
  if (options.rotate) {
    ctx.translate(width / 2, height / 2)
    ctx.rotate((options.rotate * Math.PI) / 180)
    ctx.translate(-width / 2, -height / 2)
  }
  ctx.fillStyle = '#111'
  ctx.font = `${fontSize}px serif`
  let y = margin + fontSize
  for (const paragraph of lines) {
    for (const line of paragraph) {
      ctx.fillText(line, margin, y)
      y += lineHeight
    }
    y += lineHeight * 0.8
  }
  ctx.restore()
  if (options.noise) {
    let seed = 7
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    const image = ctx.getImageData(0, 0, width, height)
    for (let i = 0; i < image.data.length; i += 4) {
      if (random() < options.noise) {
        const v = random() < 0.5 ? 40 : 170
        image.data[i] = image.data[i + 1] = image.data[i + 2] = v
      }
    }
    ctx.putImageData(image, 0, 0)
  }
  if (options.upsideDown) {
    const turned = createCanvas(width, height)
    const t = turned.getContext('2d')
    t.translate(width, height)
    t.rotate(Math.PI)
    t.drawImage(page, 0, 0)
    return turned.toBuffer('image/png')
  }
  if (!options.sideways) return page.toBuffer('image/png')
  const turned = createCanvas(height, width)
  const t = turned.getContext('2d')
  t.translate(height, 0)
  t.rotate(Math.PI / 2)
  t.drawImage(page, 0, 0)
  return turned.toBuffer('image/png')
}

/** A PDF with one page holding only the image (no text layer), sized for the given dpi. */
export async function pdfOfImage(png: Uint8Array, dpi = 200): Promise<Uint8Array> {
  const { PDFDocument } = await import('pdf-lib')
  const doc = await PDFDocument.create()
  const image = await doc.embedPng(png)
  const page = doc.addPage([(image.width * 72) / dpi, (image.height * 72) / dpi])
  page.drawImage(image, { x: 0, y: 0, width: page.getWidth(), height: page.getHeight() })
  return doc.save()
}

/**
 * A PDF of `pages` scanned pages (images only, no text layer): page n shows `image(n)`, a PNG from
 * renderScan (the same bytes returned again are embedded once).
 */
export async function scannedPdf(pages: number, image: (n: number) => Uint8Array): Promise<Uint8Array> {
  const { PDFDocument } = await import('pdf-lib')
  const doc = await PDFDocument.create()
  const loaded = new Map<Uint8Array, PDFDocument>()
  for (let n = 1; n <= pages; n++) {
    const png = image(n)
    let scan = loaded.get(png)
    if (!scan) loaded.set(png, (scan = await PDFDocument.load(await pdfOfImage(png))))
    doc.addPage((await doc.copyPages(scan, [0]))[0])
  }
  return doc.save()
}

/** Words of a text, punctuation kept on the words (so «», ¿ and ¡ count). */
export function wordsOf(text: string): string[] {
  return text.normalize('NFC').split(/\s+/).filter(Boolean)
}

/** Share of the expected words found, in order (longest common subsequence over words). */
export function wordAccuracy(expected: readonly string[], actual: readonly string[]): number {
  const row = new Array<number>(actual.length + 1).fill(0)
  for (const e of expected) {
    let diagonal = 0
    for (let j = 1; j <= actual.length; j++) {
      const above = row[j]
      row[j] = e === actual[j - 1] ? diagonal + 1 : Math.max(row[j], row[j - 1])
      diagonal = above
    }
  }
  return row[actual.length] / expected.length
}
