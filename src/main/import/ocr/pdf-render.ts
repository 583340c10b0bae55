/**
 * PDFs opened with pdf.js the one way Spanwise opens them (no eval, no system or remote fonts, no
 * network: the bytes handed over whole), and a page as an image for OCR: rendered at 300 dpi (less for
 * a page so large that 300 dpi would pass the pixel limit) onto a canvas from pdf.js's own canvas
 * factory (its own @napi-rs/canvas: mixing two copies of that native module crashes the process),
 * encoded as PNG. Rendering runs in the OCR worker thread (page-worker.ts), never in the app's main one.
 */
import { MAX_IMAGE_PIXELS } from './image-header'

/** Opens a PDF with pdf.js's legacy Node build; pdf.js's own errors (PasswordException…) pass through. */
export async function openPdf(bytes: Uint8Array) {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs')
  return pdfjs.getDocument({
    data: new Uint8Array(bytes), // pdf.js transfers (detaches) the buffer it is given: hand it a copy
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
    verbosity: 0,
  }).promise
}

/** The resolution OCR reads best at (tesseract is trained on text of ~300 dpi). */
export const OCR_DPI = 300

interface CanvasEntry {
  canvas: { width: number; height: number; encode(format: 'png'): Promise<Uint8Array> }
  context: { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void }
}

/** What we use of pdf.js's PDFDocumentProxy and PDFPageProxy. */
export interface RenderableDocument {
  canvasFactory: unknown
  getPage(n: number): Promise<RenderablePage>
}
interface RenderablePage {
  getViewport(params: { scale: number }): { width: number; height: number }
  render(params: Record<string, unknown>): { promise: Promise<void> }
  cleanup(): void
}

/** Page `n` rendered white-backed at ~300 dpi, as PNG bytes. */
export async function renderPage(doc: RenderableDocument, n: number): Promise<Uint8Array> {
  const page = await doc.getPage(n)
  const base = page.getViewport({ scale: 1 }) // 72 units per inch
  let scale = OCR_DPI / 72
  const pixels = base.width * scale * base.height * scale
  if (pixels > MAX_IMAGE_PIXELS) scale *= Math.sqrt(MAX_IMAGE_PIXELS / pixels)
  const viewport = page.getViewport({ scale })
  const factory = doc.canvasFactory as {
    create(w: number, h: number): CanvasEntry
    destroy(entry: CanvasEntry): void
  }
  const entry = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height))
  try {
    entry.context.fillStyle = '#fff'
    entry.context.fillRect(0, 0, entry.canvas.width, entry.canvas.height)
    await page.render({ canvasContext: entry.context, viewport }).promise
    return await entry.canvas.encode('png')
  } finally {
    page.cleanup()
    factory.destroy(entry)
  }
}
