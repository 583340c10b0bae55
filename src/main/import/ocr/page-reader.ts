/**
 * Reading one page image with tesseract.js, inside the OCR worker thread (page-worker.ts): one
 * tesseract worker for the models asked, models from node_modules only (no CDN, no cache writes:
 * `cacheMethod: 'none'`). A page is read with tesseract's deskew (`rotateAuto`); a page that reads
 * badly is tried again turned 90°, 270° and 180° and the best reading is kept (the installed data has
 * no orientation model, osd.traineddata). Cancelling is the caller's: it ends the whole thread.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas'
import Tesseract from 'tesseract.js'
import type { OcrPage, OcrWord } from './engine'
import { modelFolder } from './languages'

/** A reading at least this good is kept without trying the page turned. */
const GOOD_ENOUGH = 70

export class PageReader {
  private worker: Promise<Tesseract.Worker> | null = null
  private workerLangs = ''

  /** Reads one page image (PNG, JPEG, TIFF, WebP, BMP bytes) with the given models ('spa', 'eng'). */
  async read(image: Uint8Array, langs: readonly string[]): Promise<OcrPage> {
    try {
      const worker = await this.workerFor(langs)
      let best = await recognize(worker, image, 0)
      for (const rotation of [90, 270, 180]) {
        // A good reading, or none at all (a blank page: turning it will not find words either).
        if (best.confidence >= GOOD_ENOUGH || best.paragraphs.length === 0) break
        const turned = await recognize(worker, await turn(image, rotation), rotation)
        if (turned.confidence > best.confidence + 5) best = turned
      }
      return best
    } catch (error) {
      await this.terminate() // a worker that failed a page is not trusted with the next
      throw error
    }
  }

  async terminate(): Promise<void> {
    const worker = this.worker
    this.worker = null
    if (worker) await (await worker.catch(() => null))?.terminate().catch(() => undefined)
  }

  private async workerFor(langs: readonly string[]): Promise<Tesseract.Worker> {
    const key = langs.join('+')
    if (this.worker && this.workerLangs === key) return this.worker
    await this.terminate()
    const langPath = await modelFolder(langs)
    this.workerLangs = key
    this.worker = Tesseract.createWorker(key, Tesseract.OEM.LSTM_ONLY, {
      langPath,
      cacheMethod: 'none',
      gzip: true,
      logger: () => undefined,
      errorHandler: () => undefined,
    })
    this.worker.catch(() => {
      this.worker = null
    })
    return this.worker
  }
}

async function recognize(worker: Tesseract.Worker, image: Uint8Array, rotation: number): Promise<OcrPage> {
  const { data } = await worker.recognize(
    Buffer.from(image.buffer, image.byteOffset, image.byteLength),
    { rotateAuto: true },
    { text: false, blocks: true },
  )
  const paragraphs: OcrWord[][][] = []
  let weighted = 0
  let chars = 0
  for (const block of data.blocks ?? [])
    for (const paragraph of block.paragraphs) {
      const lines = paragraph.lines
        .map((line) => line.words.filter((w) => w.text.trim()).map((w) => ({ text: w.text.trim(), confidence: w.confidence })))
        .filter((line) => line.length)
      for (const word of lines.flat()) {
        weighted += word.confidence * word.text.length
        chars += word.text.length
      }
      if (lines.length) paragraphs.push(lines)
    }
  return { paragraphs, confidence: chars ? weighted / chars : 0, rotation }
}

/**
 * The image turned clockwise by a multiple of 90° (tesseract's own rotation keeps the page's frame
 * and would cut a sideways page), re-encoded as PNG.
 */
async function turn(image: Uint8Array, degrees: number): Promise<Uint8Array> {
  const source = await loadImage(Buffer.from(image.buffer, image.byteOffset, image.byteLength))
  const quarter = degrees % 180 !== 0
  const canvas = createCanvas(quarter ? source.height : source.width, quarter ? source.width : source.height)
  const ctx = canvas.getContext('2d')
  ctx.translate(canvas.width / 2, canvas.height / 2)
  ctx.rotate((degrees * Math.PI) / 180)
  ctx.drawImage(source, -source.width / 2, -source.height / 2)
  return canvas.encode('png')
}
