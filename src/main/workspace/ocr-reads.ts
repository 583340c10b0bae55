/**
 * How an open workspace has its scans (images, PDF pages without text) read by OCR (import/ocr/): the
 * results kept in `.spanwise/ocr/` by content hash, written only while the workspace is writable,
 * progress told per page, and every read stopped when the workspace closes.
 */
import { join } from 'node:path'
import type { OcrOptions, OcrProgress } from '../import'
import type { WriteAccess } from '../store/write-access'

/** Who hears about scans being read. */
export interface OcrListeners {
  /** Told before each page of a scan (image, PDF without text layer) is read by OCR. */
  onOcrProgress?: (path: string, progress: OcrProgress) => void
  /** Told when reading a scan stopped (done, failed or cancelled), after progress was told. */
  onOcrEnd?: (path: string) => void
}

export class OcrReads {
  private readonly closing = new AbortController()

  constructor(
    private readonly dataDir: string,
    private readonly access: WriteAccess,
    private readonly tell: OcrListeners = {},
  ) {}

  /** The OCR options for reading the article file at `path` (relative to the workspace). */
  options(path: string): OcrOptions {
    const { onOcrProgress, onOcrEnd } = this.tell
    return {
      cacheDir: join(this.dataDir, 'ocr'),
      cacheWritable: () => this.access.writable,
      signal: this.closing.signal,
      ...(onOcrProgress ? { onProgress: (progress: OcrProgress) => onOcrProgress(path, progress) } : {}),
      ...(onOcrEnd ? { onEnd: () => onOcrEnd(path) } : {}),
    }
  }

  /** Stops a scan being read at once (the pages read so far are kept); first thing when the workspace closes. */
  stop(): void {
    this.closing.abort()
  }
}
