/**
 * The OCR engine as the app's main thread sees it: one worker thread (page-worker.ts) that renders a
 * PDF page or takes an image and reads it with tesseract.js, one page at a time, so the main thread
 * only posts a request and waits (it never renders, decodes or recognizes a page). Pages queue in call
 * order. Cancelling (AbortSignal) ends the thread at once, the page under way with it; the next read
 * starts another. The thread ends itself after a short idle time, so the CLI can exit and memory is
 * given back, and its JavaScript heap is capped (a page too large for it fails that page only).
 */
import { Worker } from 'node:worker_threads'
import { workerScript } from '../../worker-script'
import type { PageReply, PageRequest } from './page-worker'

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

/** What pages are read from: an image file (its one page) or a PDF (its pages rendered at 300 dpi). */
export interface PageSource {
  kind: 'image' | 'pdf'
  bytes: Uint8Array
}

/** Idle this long (ms), the thread ends. */
const IDLE_MS = 15_000
/** The thread's JavaScript heap (pdf.js's document and page objects); canvas and WebAssembly memory are not in it. */
const HEAP_MB = 1024

export class OcrAbortedError extends Error {
  constructor() {
    super('OCR cancelled')
    this.name = 'AbortError'
  }
}

interface Pending {
  resolve: (page: OcrPage) => void
  reject: (error: Error) => void
}

/** One worker thread, one page at a time; pages queue in call order. */
export class OcrEngine {
  private worker: Worker | null = null
  /** The document the thread holds (its bytes were sent), by the id given to its PageSource. */
  private sentDoc: number | null = null
  private readonly docIds = new WeakMap<PageSource, number>()
  private nextDoc = 1
  private nextRequest = 1
  private readonly pending = new Map<number, Pending>()
  private queue: Promise<unknown> = Promise.resolve()
  private idle: NodeJS.Timeout | null = null

  /** Reads page `page` (from 1) of `source` with the given models ('spa', 'eng'). */
  read(source: PageSource, page: number, langs: readonly string[], signal?: AbortSignal): Promise<OcrPage> {
    const job = this.queue.then(() => this.readNow(source, page, langs, signal))
    this.queue = job.catch(() => undefined)
    return job
  }

  /** Ends the thread (a later read starts another); a page under way is rejected. */
  async terminate(): Promise<void> {
    if (this.idle) clearTimeout(this.idle)
    this.idle = null
    const worker = this.worker
    this.worker = null
    this.sentDoc = null
    this.failAll(new OcrAbortedError())
    if (worker) await worker.terminate().catch(() => undefined)
  }

  private async readNow(source: PageSource, page: number, langs: readonly string[], signal?: AbortSignal): Promise<OcrPage> {
    if (signal?.aborted) throw new OcrAbortedError()
    if (this.idle) clearTimeout(this.idle)
    const onAbort = () => void this.terminate()
    signal?.addEventListener('abort', onAbort, { once: true })
    try {
      const worker = this.workerNow()
      worker.ref()
      let doc = this.docIds.get(source)
      if (doc === undefined) this.docIds.set(source, (doc = this.nextDoc++))
      const id = this.nextRequest++
      const request: PageRequest = { id, doc, kind: source.kind, page, langs: [...langs] }
      if (this.sentDoc !== doc) request.bytes = source.bytes
      this.sentDoc = doc
      const result = new Promise<OcrPage>((resolve, reject) => this.pending.set(id, { resolve, reject }))
      worker.postMessage(request)
      return await result
    } catch (error) {
      if (signal?.aborted) throw new OcrAbortedError()
      throw error
    } finally {
      signal?.removeEventListener('abort', onAbort)
      this.scheduleIdle()
    }
  }

  private workerNow(): Worker {
    if (this.worker) return this.worker
    const { script, eval: isCode } = workerScript(import.meta.url, 'ocr-worker.js', './page-worker.ts')
    const worker = new Worker(script, { eval: isCode, resourceLimits: { maxOldGenerationSizeMb: HEAP_MB } })
    worker.on('message', (reply: PageReply) => {
      const waiting = this.pending.get(reply.id)
      this.pending.delete(reply.id)
      if ('page' in reply) waiting?.resolve(reply.page)
      else waiting?.reject(new Error(reply.error))
    })
    const gone = (error: Error) => {
      if (this.worker !== worker) return
      this.worker = null
      this.sentDoc = null
      this.failAll(error)
    }
    worker.on('error', gone)
    worker.on('exit', (code) => gone(new Error(`the OCR worker stopped (exit code ${code})`)))
    this.worker = worker
    return worker
  }

  private failAll(error: Error): void {
    const waiting = [...this.pending.values()]
    this.pending.clear()
    for (const { reject } of waiting) reject(error)
  }

  private scheduleIdle(): void {
    if (this.idle) clearTimeout(this.idle)
    if (this.pending.size === 0) this.worker?.unref() // an idle thread never keeps the process alive
    this.idle = setTimeout(() => void this.terminate(), IDLE_MS)
    this.idle.unref()
  }
}
