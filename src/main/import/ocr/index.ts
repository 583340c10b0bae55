/**
 * OCR for the import layer: an image file, or the pages of a PDF that have no text layer, read into
 * paragraphs with the engine (engine.ts), one page at a time, with progress ("page 3 of 12"), cancel
 * (AbortSignal) and results kept by content hash (cache.ts). The article's metadata says where its text
 * came from (`source: { kind: 'ocr', languages, confidence, uncertain }`) so the view can mark the words
 * the OCR was unsure of and the export can say the text is OCR.
 */
import type { ArticleText, TextSource } from '../../../shared/model'
import { LIMITS } from '../../../shared/model'
import { fromPieces, type Piece } from '../blocks'
import { ImportError } from '../errors'
import { OcrCache } from './cache'
import { OcrAbortedError, OcrEngine, type OcrPage, type PageSource } from './engine'
import { checkPixelCount, readImageHeader } from './image-header'
import { languageOfModel, modelsFor } from './languages'

export { OcrAbortedError } from './engine'

/** A scan has pages not read yet and `cachedOnly` was asked: read it later, in the background. */
export class OcrDeferredError extends ImportError {
  constructor() {
    super('detail.file.ocrWaiting')
    this.name = 'OcrDeferredError'
  }
}
export { MAX_IMAGE_PIXELS } from './image-header'

/** Image extensions read by OCR (lower case, with the dot). */
export const IMAGE_EXTENSIONS: readonly string[] = ['.png', '.jpg', '.jpeg', '.tif', '.tiff', '.webp']

/** Whether the file at `path` is one OCR reads: an image, or a PDF (its pages without a text layer). */
export function isScanPath(path: string): boolean {
  const dot = path.lastIndexOf('.')
  const extension = dot < 0 ? '' : path.slice(dot).toLowerCase()
  return extension === '.pdf' || IMAGE_EXTENSIONS.includes(extension)
}

export { installedModels, type InstalledModel } from './languages'

/** Words read with less confidence than this (0-100) are marked in the view. */
export const UNCERTAIN_BELOW = 75

export interface OcrProgress {
  /** The page being read, from 1. */
  page: number
  pages: number
}

/** How the caller wants scans read; every field is optional. */
export interface OcrOptions {
  /** Where results are kept by content hash: `<workspace>/.spanwise/ocr` (see cache.ts). */
  cacheDir?: string
  /** Asked before each cache write: false when the workspace is read-only (default: writable). */
  cacheWritable?: () => boolean
  /** The article's language (ISO 639-1) when known: picks the model; Spanish + English when absent. */
  language?: string
  /** The models to read with, chosen by the user for this article ('spa', 'eng'): win over `language`. */
  models?: readonly string[]
  signal?: AbortSignal
  /** Called before each page is read (not for pages found in the cache). */
  onProgress?: (progress: OcrProgress) => void
  /** Called once when pages were read and the reading stopped (done, failed or cancelled). */
  onEnd?: () => void
  /**
   * Only what the cache holds: a scan with pages still to read throws OcrDeferredError instead of
   * reading them (the workspace indexes it at once and reads it in the background).
   */
  cachedOnly?: boolean
}

/** One engine (one worker) per process: pages queue in it, one at a time. */
let engine: OcrEngine | null = null

/** Ends the OCR worker (tests, app shutdown); a later read starts one again. */
export async function stopOcr(): Promise<void> {
  await engine?.terminate()
}

/** An OCR'd page's pieces, with each word's place in its piece. */
export interface ReadPage {
  pieces: Piece[]
  /** Per piece: [start in the piece's text, end, confidence] of its uncertain words. */
  uncertain: Array<Array<[number, number, number]>>
  /** Word confidences weighted by length, for the mean. */
  weighted: number
  chars: number
}

/**
 * Reads pages `numbers` (1-based) of `source` in order, in the OCR worker thread (engine.ts), using and
 * filling the cache. Throws ImportError when cancelled.
 */
export async function readPages(
  source: PageSource,
  numbers: readonly number[],
  total: number,
  options: OcrOptions,
): Promise<{ pages: Map<number, ReadPage>; langs: string[] }> {
  const langs = options.models?.length ? [...options.models] : modelsFor(options.language)
  if (!langs.length) throw new ImportError('detail.file.ocrNoModels')
  const cache = new OcrCache(options.cacheDir, options.cacheWritable)
  const key = OcrCache.key(source.bytes, langs)
  const read = await cache.read(key)
  if (options.cachedOnly && numbers.some((n) => !read.has(n))) throw new OcrDeferredError()
  const reader = (engine ??= new OcrEngine())
  let unsaved = 0
  let told = false
  try {
    for (const page of numbers) {
      if (read.has(page)) continue
      if (options.signal?.aborted) throw new OcrAbortedError()
      options.onProgress?.({ page, pages: total })
      told = true
      read.set(page, await reader.read(source, page, langs, options.signal))
      // Long scans keep what they read every few pages, so a cancelled one resumes.
      if (++unsaved >= 5) {
        await cache.write(key, read).catch(() => undefined)
        unsaved = 0
      }
    }
  } catch (error) {
    if (unsaved) await cache.write(key, read).catch(() => undefined)
    if (told) options.onEnd?.()
    if (error instanceof OcrAbortedError) throw new ImportError('detail.file.ocrCancelled')
    if (error instanceof ImportError) throw error
    throw new ImportError('detail.file.ocrFailed')
  }
  if (unsaved) await cache.write(key, read).catch(() => undefined)
  if (told) options.onEnd?.()
  return { pages: new Map(numbers.map((n) => [n, piecesOfPage(read.get(n)!)])), langs }
}

/** An image file as an article: the header checked (size, kind) before anything decodes it. */
export async function extractImage(bytes: Uint8Array, options: OcrOptions = {}): Promise<ArticleText> {
  checkPixelCount(readImageHeader(bytes))
  const { pages, langs } = await readPages({ kind: 'image', bytes }, [1], 1, options)
  const page = pages.get(1)!
  if (!page.pieces.length) throw new ImportError('detail.file.ocrNoWords')
  return withSource(page.pieces, [page], langs, (pieces) => fromPieces(pieces))
}

/**
 * Joins pieces into an article with `join` (blocks.ts's fromPieces), then sets `metadata.source`:
 * the OCR's languages, mean confidence and the uncertain words' offsets in the final text. `ocrPages`
 * are the OCR'd pages whose pieces appear, in order, among `pieces`.
 */
export function withSource(
  pieces: Piece[],
  ocrPages: readonly ReadPage[],
  langs: readonly string[],
  join: (pieces: Piece[]) => ArticleText,
): ArticleText {
  const joined = join(pieces)
  const text = joined.text
  const uncertain: Array<[number, number, number]> = []
  let cursor = 0
  let weighted = 0
  let chars = 0
  for (const page of ocrPages) {
    weighted += page.weighted
    chars += page.chars
    page.pieces.forEach((piece, i) => {
      const at = text.indexOf(piece.text, cursor)
      if (at < 0) return
      cursor = at + piece.text.length
      for (const [start, end, confidence] of page.uncertain[i])
        if (uncertain.length < LIMITS.uncertainWords) uncertain.push([at + start, at + end, confidence])
    })
  }
  const source: TextSource = {
    kind: 'ocr',
    languages: langs.map(languageOfModel),
    confidence: Math.round((chars ? weighted / chars : 0) * 10) / 10,
    pages: ocrPages.length,
    uncertain,
  }
  return { ...joined, metadata: { ...joined.metadata, source } }
}

/** A page's paragraphs as pieces: lines joined with a space, a word hyphenated at a line end joined again. */
export function piecesOfPage(page: OcrPage): ReadPage {
  const pieces: Piece[] = []
  const uncertain: ReadPage['uncertain'] = []
  let weighted = 0
  let chars = 0
  for (const paragraph of page.paragraphs) {
    let text = ''
    const marks: Array<[number, number, number]> = []
    for (const line of paragraph)
      line.forEach((word, i) => {
        const w = word.text.normalize('NFC').replace(/\s+/g, '')
        if (!w) return
        weighted += word.confidence * w.length
        chars += w.length
        const joinHyphen = i === 0 && text.endsWith('-') && /^\p{Ll}/u.test(w)
        if (joinHyphen) text = text.slice(0, -1)
        else if (text) text += ' '
        const start = joinHyphen ? text.lastIndexOf(' ') + 1 : text.length
        text += w
        if (word.confidence < UNCERTAIN_BELOW) marks.push([start, text.length, Math.round(word.confidence)])
      })
    if (text) {
      pieces.push({ type: 'paragraph', text })
      uncertain.push(marks)
    }
  }
  return { pieces, uncertain, weighted, chars }
}
