/**
 * The OCR worker thread's entry (started by engine.ts): renders a PDF page with pdf.js and a canvas,
 * or takes an image as it is, and reads it with tesseract.js (page-reader.ts), one page at a time, so
 * neither the rendering nor the recognition ever runs on the app's main thread. It holds one document
 * at a time (the one being read; a new one replaces it) and one page image at a time. Messages:
 * `PageRequest` in, `PageReply` out. Cancelling ends the thread (engine.ts).
 */
import { parentPort } from 'node:worker_threads'
import type { OcrPage } from './engine'
import { PageReader } from './page-reader'
import { openPdf, renderPage, type RenderableDocument } from './pdf-render'

/** Read page `page` of document `doc` (its bytes sent with the first request for it). */
export interface PageRequest {
  id: number
  doc: number
  kind: 'image' | 'pdf'
  bytes?: Uint8Array
  page: number
  langs: string[]
}

export type PageReply = { id: number; page: OcrPage } | { id: number; error: string }

interface OpenDocument {
  doc: number
  kind: 'image' | 'pdf'
  bytes: Uint8Array
  pdf?: Promise<Awaited<ReturnType<typeof openPdf>>>
}

const reader = new PageReader()
let current: OpenDocument | null = null
let queue: Promise<void> = Promise.resolve()

async function imageOf(request: PageRequest): Promise<Uint8Array> {
  if (current?.doc !== request.doc) {
    if (!request.bytes) throw new Error('the document was not sent')
    const previous = current
    current = { doc: request.doc, kind: request.kind, bytes: request.bytes }
    await previous?.pdf?.then((pdf) => pdf.destroy()).catch(() => undefined)
  }
  if (current.kind === 'image') return current.bytes
  current.pdf ??= openPdf(current.bytes)
  return renderPage((await current.pdf) as unknown as RenderableDocument, request.page)
}

async function handle(request: PageRequest): Promise<PageReply> {
  try {
    return { id: request.id, page: await reader.read(await imageOf(request), request.langs) }
  } catch (error) {
    return { id: request.id, error: error instanceof Error ? error.message : String(error) }
  }
}

parentPort?.on('message', (request: PageRequest) => {
  queue = queue.then(async () => parentPort!.postMessage(await handle(request)))
})
