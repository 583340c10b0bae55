/**
 * Scans (images, PDFs without a text layer) read by OCR in the background, one at a time, in library
 * order, outside the library's scan queue (a scan can take minutes): each row tells its page as it
 * goes (`rows`), and becomes an article when it is read. Cancel, Retry and a read again with other
 * models come here. The library (library.ts) owns the entries; this reads them through `host`.
 */
import { join } from 'node:path'
import type { ArticleSummary } from '../../shared/model'
import { extractArticle } from '../import'
import { hashText } from './article-ids'
import { readWholeFile } from './file-reads'
import { failure, titleOf } from './library-entries'
import type { OcrReads } from './ocr-reads'
import type { WorkspaceEvents } from './workspace-events'
import type { IndexEntry } from './workspace-index'

/** What the scans' reader needs of the library. */
export interface ScanReadsHost {
  readonly root: string
  get(articleId: string): IndexEntry | undefined
  /** The ids in library order. */
  ids(): string[]
  /** Replaces an entry (the index is written a moment later). */
  replace(articleId: string, entry: IndexEntry): void
  closed(): boolean
  /** The article's text, if loaded, is stale. */
  forgetText(articleId: string): void
}

export class ScanReads {
  /** The reading under way, if any. */
  running: Promise<void> | null = null
  private requested = false
  /** Each scan's row state while it waits, is read, or was stopped. */
  readonly rows = new Map<string, NonNullable<ArticleSummary['ocr']>>()

  constructor(
    private readonly host: ScanReadsHost,
    private readonly ocr: OcrReads,
    private readonly events: WorkspaceEvents,
  ) {}

  /** Stops reading a scan (one article's, or every one under way); its row then says so. */
  cancel(articleId?: string): void {
    const path = articleId === undefined ? undefined : this.host.get(articleId)?.path
    if (articleId !== undefined && path === undefined) return
    this.ocr.cancel(path)
    // One not started yet is not started at all.
    if (articleId !== undefined && this.host.get(articleId)?.ocrPending && !this.rows.has(articleId)) {
      this.rows.set(articleId, { state: 'stopped' })
      this.events.articlesChanged([articleId], false)
    }
  }

  /** Reads a scan again (with the models now chosen for it): waiting for OCR until it is read. */
  reread(articleId: string): void {
    const entry = this.host.get(articleId)
    if (!entry) return
    this.rows.delete(articleId)
    this.host.forgetText(articleId)
    this.host.replace(articleId, { ...entry, ocrPending: true })
    this.events.articlesChanged([articleId], false)
    this.start()
  }

  /** Reads again a scan whose reading was cancelled (Retry): the pages read before come from the cache. */
  retry(articleId: string): void {
    if (this.rows.get(articleId)?.state !== 'stopped') return
    this.rows.delete(articleId)
    this.events.articlesChanged([articleId], false)
    this.start()
  }

  start(): void {
    this.requested = true
    if (this.running || this.host.closed() || !this.ocr.defers) return
    this.running = this.readScans()
      .catch(() => undefined)
      .finally(() => {
        this.running = null
        if (this.requested && !this.host.closed()) this.start()
      })
  }

  /**
   * Reads the scans waiting for OCR, one at a time, in library order, outside the scan queue (a scan
   * can take minutes): each row tells its page as it goes, and becomes an article when it is read.
   */
  private async readScans(): Promise<void> {
    while (this.requested && !this.host.closed()) {
      this.requested = false
      for (const id of this.host.ids()) {
        if (this.host.closed()) return
        const before = this.host.get(id)
        if (!before?.ocrPending || this.rows.get(id)?.state === 'stopped') continue
        const after = await this.readScan(before)
        if (this.host.get(id) !== before) {
          this.requested = true // a refresh replaced it meanwhile: look again
          continue
        }
        if (after) {
          this.host.replace(id, after)
        }
        this.events.articlesChanged([id], after !== null)
      }
    }
  }

  /** One scan read by OCR: its entry with the text's hash, title and language; null when cancelled. */
  private async readScan(entry: IndexEntry): Promise<IndexEntry | null> {
    const { ocrPending: _read, ...rest } = entry
    const { options, release } = this.ocr.background(entry.path, ({ page, pages }) => {
      this.rows.set(entry.id, { state: 'reading', page, pages })
      this.events.articlesChanged([entry.id], false)
    })
    try {
      const bytes = await readWholeFile(join(this.host.root, entry.path))
      const article = await extractArticle(bytes, entry.path, { detectLanguage: true, ocr: options })
      this.rows.delete(entry.id)
      this.host.forgetText(entry.id)
      const language = article.metadata.language
      return {
        ...rest,
        contentHash: hashText(article.text),
        title: titleOf(article, entry.path),
        ...(language ? { language } : {}),
      }
    } catch (error) {
      if (this.host.closed()) return null
      if (options.signal?.aborted) {
        this.rows.set(entry.id, { state: 'stopped' })
        return null
      }
      this.rows.delete(entry.id)
      return { ...rest, ...failure(error) }
    } finally {
      release()
    }
  }
}
