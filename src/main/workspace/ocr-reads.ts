/**
 * How an open workspace has its scans (images, PDF pages without text) read by OCR (import/ocr/): the
 * results kept in `.spanwise/ocr/` by content hash, written only while the workspace is writable,
 * progress told per page, a scan read in the background cancellable on its own, every read stopped
 * when the workspace closes, and each scan read with the models the user chose for it (if any).
 */
import { join } from 'node:path'
import type { OcrOptions, OcrProgress } from '../import'
import type { WriteAccess } from '../store/write-access'

/** Who hears about scans being read, and whether scans wait for the background. */
export interface OcrListeners {
  /** Told before each page of a scan (image, PDF without text layer) is read by OCR. */
  onOcrProgress?: (path: string, progress: OcrProgress) => void
  /** Told when reading a scan stopped (done, failed or cancelled), after progress was told. */
  onOcrEnd?: (path: string) => void
  /**
   * Scans are indexed at once (title from the file name) and read by OCR in the background (default);
   * false reads them when the folder is scanned (the command line, which reads and exits).
   */
  ocrInBackground?: boolean
}

export class OcrReads {
  private readonly closing = new AbortController()
  /** The background reads under way, by path, each cancellable on its own. */
  private readonly reading = new Map<string, AbortController>()

  constructor(
    private readonly dataDir: string,
    private readonly access: WriteAccess,
    private readonly tell: OcrListeners = {},
    /** The models the user chose for the scan at a path (ArticleMetadataEdits), when any. */
    private readonly chosen: (path: string) => readonly string[] | undefined = () => undefined,
  ) {}

  /** Whether a scan is indexed without reading it (cachedOnly) and read later by background(). */
  get defers(): boolean {
    return this.tell.ocrInBackground !== false
  }

  /** The OCR options for reading the article file at `path` (relative to the workspace). */
  options(path: string, extra: Partial<OcrOptions> = {}): OcrOptions {
    const { onOcrProgress, onOcrEnd } = this.tell
    const models = this.chosen(path)
    return {
      cacheDir: join(this.dataDir, 'ocr'),
      ...(models ? { models } : {}),
      cacheWritable: () => this.access.writable,
      signal: this.closing.signal,
      ...(onOcrProgress ? { onProgress: (progress: OcrProgress) => onOcrProgress(path, progress) } : {}),
      ...(onOcrEnd ? { onEnd: () => onOcrEnd(path) } : {}),
      ...extra,
    }
  }

  /**
   * Options for reading `path` in the background: cancel(path) stops it; `onPage` hears each page as
   * well as the workspace's listener. Call `release` when the read is over.
   */
  background(path: string, onPage: (progress: OcrProgress) => void): { options: OcrOptions; release: () => void } {
    const own = new AbortController()
    this.reading.set(path, own)
    const told = this.options(path).onProgress
    const options = this.options(path, {
      signal: AbortSignal.any([this.closing.signal, own.signal]),
      onProgress: (progress) => {
        told?.(progress)
        onPage(progress)
      },
    })
    return { options, release: () => this.reading.get(path) === own && this.reading.delete(path) }
  }

  /** Stops the background read of `path` (every background read without one); whether one was stopped. */
  cancel(path?: string): boolean {
    const targets = path === undefined ? [...this.reading.values()] : [this.reading.get(path)].filter((c) => c !== undefined)
    for (const controller of targets) controller.abort()
    return targets.length > 0
  }

  /** Stops a scan being read at once (the pages read so far are kept); first thing when the workspace closes. */
  stop(): void {
    this.closing.abort()
  }
}
