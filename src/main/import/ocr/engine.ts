/**
 * The OCR engine: one tesseract.js worker (its own worker thread, so the WebAssembly recognizer never
 * runs on the caller's thread) reading one page at a time, models from node_modules only (no CDN, no
 * cache writes: `cacheMethod: 'none'`). A page is read with tesseract's deskew (`rotateAuto`); a page
 * that reads badly is tried again turned 90°, 270° and 180° and the best reading is kept (the installed
 * data has no orientation model, osd.traineddata). Cancelling (AbortSignal) ends the worker at once.
 * The worker ends itself after a short idle time, so the CLI can exit and memory is given back.
 */
import { createCanvas, loadImage } from '@napi-rs/canvas'
import Tesseract from 'tesseract.js'
import { modelFolder } from './languages'

export interface OcrWord {
  text: string
  /** 0-100, tesseract's own. */
  confidence: number
}

/** A page as read: paragraphs of lines of words, in reading order. */
export interface OcrPage {
  paragraphs: OcrWord[][][]
  /** Mean word confidence 0-100, weighted by word length; 0 for a page without words. */
  confidence: number
  /** How far the page was turned to be read, in degrees (0, 90, 180, 270). */
  rotation: number
}

/** A reading at least this good is kept without trying the page turned. */
const GOOD_ENOUGH = 70
/** Idle this long (ms), the worker ends. */
const IDLE_MS = 15_000

interface NodeWorkerHandle {
  worker?: { ref?(): void; unref?(): void }
}

export class OcrAbortedError extends Error {
  constructor() {
    super('OCR cancelled')
    this.name = 'AbortError'
  }
}

/** One worker, one page at a time; pages queue in call order. */
export class OcrEngine {
  private worker: Promise<Tesseract.Worker> | null = null
  private workerLangs = ''
  private queue: Promise<unknown> = Promise.resolve()
  private idle: NodeJS.Timeout | null = null

  /** Reads one page image (PNG, JPEG, TIFF, WebP, BMP bytes) with the given models ('spa', 'eng'). */
  read(image: Uint8Array, langs: readonly string[], signal?: AbortSignal): Promise<OcrPage> {
    const job = this.queue.then(() => this.readNow(image, langs, signal))
    this.queue = job.catch(() => undefined)
    return job
  }

  /** Ends the worker (a later read starts another). */
  async terminate(): Promise<void> {
    if (this.idle) clearTimeout(this.idle)
    this.idle = null
    const worker = this.worker
    this.worker = null
    if (worker) await (await worker.catch(() => null))?.terminate().catch(() => undefined)
  }

  private async readNow(image: Uint8Array, langs: readonly string[], signal?: AbortSignal): Promise<OcrPage> {
    if (signal?.aborted) throw new OcrAbortedError()
    if (this.idle) clearTimeout(this.idle)
    const onAbort = () => void this.terminate()
    signal?.addEventListener('abort', onAbort, { once: true })
    // A worker terminated mid-page may never settle the page's promise: the abort settles it instead.
    const abortable = <T>(work: Promise<T>) => (signal ? Promise.race([work, rejectOnAbort(signal)]) : work)
    try {
      const worker = await abortable(this.workerFor(langs))
      ;(worker as unknown as NodeWorkerHandle).worker?.ref?.()
      let best = await abortable(recognize(worker, image, 0))
      for (const rotation of [90, 270, 180]) {
        // A good reading, or none at all (a blank page: turning it will not find words either).
        if (best.confidence >= GOOD_ENOUGH || best.paragraphs.length === 0) break
        if (signal?.aborted) break
        const turned = await abortable(recognize(worker, await turn(image, rotation), rotation))
        if (turned.confidence > best.confidence + 5) best = turned
      }
      if (signal?.aborted) throw new OcrAbortedError()
      return best
    } catch (error) {
      if (signal?.aborted) throw new OcrAbortedError()
      await this.terminate() // a worker that failed a page is not trusted with the next
      throw error
    } finally {
      signal?.removeEventListener('abort', onAbort)
      this.scheduleIdle()
    }
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

  private scheduleIdle(): void {
    if (this.idle) clearTimeout(this.idle)
    void this.worker?.then((w) => (w as unknown as NodeWorkerHandle).worker?.unref?.()).catch(() => undefined)
    this.idle = setTimeout(() => void this.terminate(), IDLE_MS)
    this.idle.unref()
  }
}

/** Rejects with OcrAbortedError once `signal` aborts (at once if it has). */
function rejectOnAbort(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new OcrAbortedError())
    else signal.addEventListener('abort', () => reject(new OcrAbortedError()), { once: true })
  })
}

async function recognize(worker: Tesseract.Worker, image: Uint8Array, rotation: number): Promise<OcrPage> {
  const { data } = await worker.recognize(
    Buffer.from(image.buffer, image.byteOffset, image.byteLength),
    { rotateAuto: true },
    {
      text: false,
      blocks: true,
    },
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
 * and would cut a sideways page), re-encoded as PNG off the thread (the encoder runs in libuv's pool).
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
