/**
 * The library: which articles the workspace holds, with titles, languages and annotation counts.
 * Scans the folder, or only the paths the watcher saw change (new and changed files read, unchanged
 * ones from the index; a first open of a large folder lists them from the scan alone), fills in what
 * is not known yet in the background (texts not read, counts, languages), and has the index
 * `.spanwise/library/` (a cache, library-index.ts) written as entries change. A warm open of a large
 * workspace lists from the index and checks later (library-warm-open.ts); scans waiting for OCR are
 * read by library-ocr.ts; entries are made by library-entries.ts. ~540 lines: the rescan and the
 * background fill share the entries and their rules (each fill batch runs in the scan queue and sees
 * what the last rescan left); the fill is the part to move out next.
 */
import { basename, join } from 'node:path'
import type { Annotation, ArticleSummary } from '../../shared/model'
import { UserError } from '../../shared/errors'
import { extractArticle, isSupportedFile, OcrDeferredError } from '../import'
import { detectLanguage } from '../import/language'
import { isScanPath } from '../import/ocr'
import { SerialQueue } from '../store/serial-queue'
import { articleIdFor, hashText } from './article-ids'
import type { ArticleMetadataEdits } from './article-metadata'
import { countsOf, type ArticleStore, type IndexedArticles, type LoadedText } from './article-store'
import { readWholeFile } from './file-reads'
import { forEachLimited } from './for-each-limited'
import type { OcrReads } from './ocr-reads'
import { scanPaths, scanWorkspace, type FoundFile } from './scan'
import { inScopes, scanScopes } from './scan-scope'
import type { LibraryIndex, LibraryIndexWriter } from './library-index'
import { baseEntry, entryOf, failure, fileOf, NO_ANNOTATIONS, sameCounts, unreadEntry, withLanguage } from './library-entries'
import { inPathOrder } from './library-order'
import { ScanReads } from './library-ocr'
import { WarmOpen } from './library-warm-open'
import type { WorkspaceEvents } from './workspace-events'
import type { IndexEntry } from './workspace-index'

/**
 * A scan that finds more files than this to read (a first open, or a deleted index) lists them from the
 * scan alone and reads them in the background; up to it, they are read before the list is shown (a
 * fraction of a second, and the titles are right at once).
 */
export const READ_AT_OPEN = 1_000
/**
 * A warm open whose index holds more articles than this lists the library from the index at once and
 * checks the folder in the background (a scan stats every file: ~4 s of CPU at 100,000); up to it, the
 * folder is scanned before the list is shown (a few tens of milliseconds), as it always was.
 */
export const SCAN_AT_OPEN = 1_000
/** A scan serves the event loop every this many files it compares or reads. */
const YIELD_EVERY = 1_000
const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve))
/**
 * Files read at once while scanning. Reading a small file from the OS cache is a few threadpool round
 * trips, not CPU: more in flight keeps the threadpool busy (8 left it idle most of a cold open).
 */
const READ_CONCURRENCY = 32
/**
 * Background fill-in (counts, languages) works in batches this size, queued with refreshes so the two
 * never interleave; between batches the event loop serves the user.
 */
const FILL_BATCH = 200
/** The library hears about filled-in rows at most this often (each event carries the rows that changed). */
const FILL_NOTIFY_MS = 500
/** Formats whose extraction is cheap next to language detection (plain text and Markdown). */
const CHEAP_TO_EXTRACT = /\.(txt|md|markdown)$/i

export class Library implements IndexedArticles {
  private entries = new Map<string, IndexEntry>()
  /** The index as loaded: the first listing's (from it at once, or the first scan's cache), then let go. */
  private readonly warm: WarmOpen
  /** Writes the index's changed shards (LibraryIndexWriter). */
  readonly index: LibraryIndexWriter
  /** Refreshes and background fill batches, one at a time: each sees the entries the previous left. */
  private readonly scanQueue = new SerialQueue()
  /** The background fill-in running now, if any (see fill()). */
  private filling: Promise<void> | null = null
  /** A refresh happened since the fill began collecting its work: collect again when done. */
  private fillRequested = false
  private closed = false
  /** The scans being read by OCR in the background, and the rows' state of it. */
  private readonly scans: ScanReads
  /**
   * Rows filled in by reading their text outside the fill (an unread article opened, or read by the
   * search index, which reads them all): told together at most every FILL_NOTIFY_MS, not one event each.
   */
  private readonly readRows = new Set<string>()
  private readRowsTimer: NodeJS.Timeout | null = null
  /** Set once (the store and the library refer to each other). */
  private store!: ArticleStore

  constructor(
    private readonly root: string,
    /** The index as loaded, and how to write it (given the library's entries). */
    index: LibraryIndex,
    private readonly metadata: ArticleMetadataEdits,
    /**
     * Told when articles appeared, changed or went away (after a refresh), and when library rows changed
     * in the background (counts and languages filled in, at most every FILL_NOTIFY_MS).
     */
    private readonly events: WorkspaceEvents,
    /** How scans are read by OCR (cache, progress, stopped on close). */
    private readonly ocr: OcrReads,
    /** Files a scan reads before the list is ready; beyond, listed from the scan (READ_AT_OPEN). */
    private readonly readAtOpen = READ_AT_OPEN,
    /** Articles in the index up to which a warm open scans first; beyond, it checks later (SCAN_AT_OPEN). */
    private readonly scanAtOpen = SCAN_AT_OPEN,
  ) {
    this.warm = new WarmOpen(root, index)
    this.scans = new ScanReads(
      {
        root,
        get: (id) => this.entries.get(id),
        ids: () => [...this.entries.keys()],
        replace: (id, entry) => {
          this.entries.set(id, entry)
          this.index.schedule()
        },
        closed: () => this.closed,
        forgetText: (id) => this.store.forgetText(id),
      },
      ocr,
      events,
    )
    this.index = index.writer(() => this.entries)
  }

  /** Set once: the store and the library refer to each other. Counts follow annotation changes from then on. */
  attach(store: ArticleStore): void {
    this.store = store
    this.events.onDidChangeAnnotations(({ articleId }) => {
      const annotations = store.loadedAnnotations(articleId)
      if (annotations) this.countsChanged(articleId, annotations)
    })
  }

  // ── IndexedArticles ──────────────────────────────────────────────────────────────────────────

  get(articleId: string): IndexEntry | undefined {
    return this.entries.get(articleId)
  }

  /** The entries in library order (by path). */
  values(): IterableIterator<IndexEntry> {
    return this.entries.values()
  }

  /** How many articles the library holds. */
  get size(): number {
    return this.entries.size
  }

  textRead(entry: IndexEntry, article: LoadedText): void {
    if (this.entries.get(entry.id) !== entry) return
    if (entry.unread) {
      // Opened (or indexed by search) before the background read it: the row gets its title now.
      this.entries.set(entry.id, entryOf(entry, article, entry.path))
    } else if (entry.languagePending && article.contentHash === entry.contentHash) {
      this.entries.set(entry.id, withLanguage(entry, article.metadata.language))
    } else return
    // The window hears of it (the search index reads most articles before the fill's language pass does,
    // and the window's library changes by deltas only).
    this.readRows.add(entry.id)
    this.readRowsTimer ??= setTimeout(() => this.tellReadRows(), FILL_NOTIFY_MS)
    this.index.schedule()
  }

  // ── Rows ─────────────────────────────────────────────────────────────────────────────────────

  /** The library: one summary per article, in path order. */
  articles(): ArticleSummary[] {
    const rows: ArticleSummary[] = []
    for (const e of this.entries.values()) rows.push(this.rowOf(e))
    return rows
  }

  /** One library row by id, in O(1) (articles() builds every row). */
  summary(articleId: string): ArticleSummary | undefined {
    const e = this.entries.get(articleId)
    return e ? this.rowOf(e) : undefined
  }

  /** An entry's row: fields set one by one (spreads of small objects cost ~1 µs a row, 0.1 s at 100,000). */
  private rowOf(e: IndexEntry): ArticleSummary {
    const edited = this.metadata.of(e.id)
    const row: ArticleSummary = { id: e.id, path: e.path, title: edited.title ?? e.title }
    const language = edited.language ?? e.language
    if (language) row.language = language
    if (e.counts) row.counts = e.counts
    if (e.error) row.error = e.error
    if (e.errorSaid) row.errorSaid = e.errorSaid
    if (e.warning) row.warning = e.warning
    if (e.warningSaid) row.warningSaid = e.warningSaid
    if (e.ocrPending) row.ocr = this.scans.rows.get(e.id) ?? { state: 'pending' }
    return row
  }

  titleOf(entry: IndexEntry): string {
    return this.metadata.of(entry.id).title ?? entry.title
  }

  /** The article file's size in bytes when last scanned (0 if unknown): how much reading it will hold. */
  fileSize(articleId: string): number {
    return this.entries.get(articleId)?.size ?? 0
  }

  has(articleId: string): boolean {
    return this.entries.has(articleId)
  }

  /** A readable article's entry, or a UserError saying why there is none. */
  entry(articleId: string): IndexEntry {
    const entry = this.entries.get(articleId)
    if (!entry) throw new UserError('That article is not in this workspace (was the file moved or deleted?)', 'not-found')
    if (entry.error) throw new UserError(`${entry.path}: ${entry.error}`, 'unreadable')
    return entry
  }

  /** The file of an entry, once it is known to be reached through no link (WarmOpen.checkedPath). */
  checkedPath(entry: IndexEntry): Promise<string> {
    return this.warm.checkedPath(entry)
  }

  // ── Scanning ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Rescans the folder: new files are read, changed ones re-read, unchanged ones taken from the index.
   * Returns the ids of articles that appeared, changed or disappeared, as soon as the list of articles
   * with their titles is known; annotation counts and languages not known yet are filled in the
   * background (see fill()), and onArticlesUpdated tells when. `changedPaths`: only what is at them is
   * looked at (files statted, folders scanned, entries below them dropped if gone; what the watcher saw
   * change, scan-scope.ts); the whole folder otherwise.
   */
  async refresh(changedPaths?: readonly string[]): Promise<string[]> {
    // A warm open of a large workspace (not the command line, which reads everything before it answers):
    // the list from the index now, the folder checked in the background; what changed while the app was
    // closed reaches the window then, as the watcher's changes do.
    if (this.entries.size === 0 && this.warm.pending > this.scanAtOpen && this.ocr.defers) {
      this.entries = this.warm.list(true)
      this.warm.checkLater(
        () => this.refresh(),
        () => this.closed,
      )
      return []
    }
    const changed = await this.scanQueue.run(() => this.rescan(changedPaths))
    this.startFill()
    this.scans.start()
    this.events.articlesChanged(changed, true)
    return changed
  }

  private startFill(): void {
    this.fillRequested = true
    if (this.filling || this.closed) return
    // fill() catches its own failures; the catch only keeps a surprise from becoming an unhandled rejection.
    this.filling = this.fill()
      .catch(() => undefined)
      .finally(() => {
        this.filling = null
        // A refresh that came as the last pass ended still gets its own.
        if (this.fillRequested) this.startFill()
      })
  }

  /**
   * Lets `work` go before the check of the folder after a warm open, if that has not started (for a
   * few seconds at most: library-warm-open.ts).
   */
  holdCheckFor(work: Promise<unknown>): void {
    this.warm.holdFor(work)
  }

  /** Resolves when the background fill-in after the last open or refresh is done (and the index written). */
  async settled(): Promise<void> {
    while (this.warm.checking || this.filling) await (this.warm.checking ?? this.filling)
    this.tellReadRows()
    await this.index.idle()
  }

  /** Tells the rows textRead() filled in since the last time. */
  private tellReadRows(): void {
    if (this.readRowsTimer) clearTimeout(this.readRowsTimer)
    this.readRowsTimer = null
    const ids = [...this.readRows]
    this.readRows.clear()
    this.events.articlesChanged(ids, false)
  }

  /**
   * Scans the folder and brings the entries in line with it: files whose size or mtime changed are read
   * again, new ones read (or listed unread when there are many), gone ones dropped; entries of unchanged
   * files are left as they are (with whatever the fill or a tag changed meanwhile). The event loop is
   * served every YIELD_EVERY files, so at 100,000 files it runs in the background of a warm open.
   */
  private async rescan(changedPaths?: readonly string[]): Promise<string[]> {
    // Paths only once the library is listed ('' is the whole workspace).
    const scopes = changedPaths && !changedPaths.includes('') && this.entries.size > 0 ? new Set(scanScopes(changedPaths)) : null
    if (this.entries.size === 0 && this.warm.pending > 0) this.entries = this.warm.list(false)
    this.warm.forget()
    const [{ files }, annotated] = await Promise.all([
      scopes ? scanPaths(this.root, [...scopes], isSupportedFile) : scanWorkspace(this.root, isSupportedFile),
      this.store.annotationFileNames(),
    ])
    // A scan or a file left unread is read now by a process that does not read in the background.
    const keeps = (file: FoundFile, cached: IndexEntry | undefined): boolean =>
      cached !== undefined &&
      cached.path === file.relPath &&
      cached.size === file.size &&
      cached.mtimeMs === file.mtimeMs &&
      !((cached.ocrPending || cached.unread) && !this.ocr.defers)
    // Without an annotation file there is nothing to count; the others are counted (or their cached
    // counts checked against the file's mtime) in the background.
    const uncounted = (entry: IndexEntry) =>
      !annotated.has(entry.id) && (entry.countsMtimeMs !== 0 || !sameCounts(entry.counts, NO_ANNOTATIONS))
        ? { ...entry, counts: NO_ANNOTATIONS, countsMtimeMs: 0 }
        : entry
    const found = new Set<string>()
    const stale: { file: FoundFile; cached: IndexEntry | undefined }[] = []
    const recounted: string[] = []
    for (let i = 0; i < files.length; i++) {
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldNow()
      if (this.closed) return []
      const file = files[i]
      const id = articleIdFor(file.relPath)
      found.add(id)
      const cached = this.entries.get(id)
      if (!keeps(file, cached)) {
        stale.push({ file, cached: cached?.path === file.relPath ? cached : undefined })
        continue
      }
      const counted = uncounted(cached!)
      if (counted === cached) continue
      this.entries.set(id, counted)
      recounted.push(id)
    }
    // Many files to read (a first open of a large folder): they are listed now and read in the background.
    const listOnly = this.ocr.defers && stale.length > this.readAtOpen
    const read: IndexEntry[] = new Array(stale.length)
    await forEachLimited([...stale.keys()], READ_CONCURRENCY, async (i) => {
      const { file, cached } = stale[i]
      // PDFs and images are read now even then (without OCR): listed unread, opening one or the search
      // index reading it would run OCR in the foreground.
      read[i] = uncounted(listOnly && !isScanPath(file.relPath) ? unreadEntry(file, cached) : await this.readEntry(file, cached))
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldNow()
    })
    if (this.closed) return []
    const changed: string[] = []
    const added: IndexEntry[] = []
    stale.forEach(({ cached }, i) => {
      const entry = read[i]
      const before = this.entries.get(entry.id)
      if (!before) added.push(entry)
      if (!cached || cached.contentHash !== entry.contentHash || cached.error !== entry.error) changed.push(entry.id)
      this.entries.set(entry.id, entry)
    })
    const gone: string[] = []
    for (const [id, entry] of this.entries) if (!found.has(id) && (!scopes || inScopes(entry.path, scopes))) gone.push(id)
    for (const id of gone) this.entries.delete(id)
    // Each in its place in the library (a Map keeps the order entries were added in).
    if (added.length > 0) this.entries = inPathOrder(this.entries, added)
    this.store.keepTextsOf(this.entries)
    // Rows whose cached counts no longer hold (the annotation file went away while closed).
    if (recounted.length > 0) this.events.articlesChanged(recounted, false)
    // The index (a cache) is written a moment later, off the path to a usable library, and again when
    // the background fill-in is done; only shards whose entries changed are written (a warm open that
    // found nothing new writes nothing).
    this.index.schedule()
    return [...changed, ...gone]
  }

  /**
   * The background fill-in after an open or refresh: files listed but not read yet (their titles),
   * annotation counts not known yet, cached counts whose annotation file changed since, and languages
   * not detected yet. The library is usable before it
   * starts; each batch runs in the scan queue (a refresh waits for at most one batch, and a batch sees
   * the entries as the last refresh left them), updates only entries unchanged since the batch read
   * them, and the index is written when all is done. Failures leave an entry as it was (a cache).
   */
  private async fill(): Promise<void> {
    let updated = new Set<string>()
    let notifiedAt = Date.now()
    const notify = (force: boolean) => {
      if (updated.size === 0 || (!force && Date.now() - notifiedAt < FILL_NOTIFY_MS)) return
      const ids = [...updated]
      updated = new Set()
      notifiedAt = Date.now()
      this.events.articlesChanged(ids, false)
    }
    const inBatches = async (ids: string[], work: (entry: IndexEntry) => Promise<IndexEntry | null>) => {
      for (let i = 0; i < ids.length && !this.closed; i += FILL_BATCH) {
        const batch = ids.slice(i, i + FILL_BATCH)
        await this.scanQueue.run(() =>
          forEachLimited(batch, READ_CONCURRENCY, async (id) => {
            const before = this.entries.get(id)
            if (!before) return
            const after = await work(before).catch(() => null)
            // Only if nothing (a tag, a refresh, the article being opened) changed the entry meanwhile;
            // if something did, another pass looks at it again (it may still lack its counts).
            if (this.entries.get(id) !== before) {
              this.fillRequested = true
              return
            }
            if (!after) return
            this.entries.set(id, after)
            updated.add(id)
            this.index.markDirty()
          }),
        )
        notify(false)
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    while (this.fillRequested && !this.closed) {
      this.fillRequested = false
      // Files listed from the scan alone: read first, their titles are what the user looks for.
      const unread = [...this.entries.values()].filter((e) => e.unread)
      await inBatches(
        unread.map((e) => e.id),
        // Opening it (or search reading it) may have read it meanwhile.
        async (entry) => (entry.unread ? this.readEntry(fileOf(this.root, entry), entry, true) : null),
      )
      notify(true)
      // Some were scans: they wait for OCR now.
      if (unread.length > 0) this.scans.start()
      const { mtimes, names } = await this.store.annotationFileMtimes()
      const toCount = [...this.entries.values()].filter(
        (e) => e.counts === undefined || (mtimes.has(e.id) && e.countsMtimeMs !== mtimes.get(e.id)),
      )
      await inBatches(
        toCount.map((e) => e.id),
        async (entry) => {
          const countsMtimeMs = mtimes.get(entry.id)
          // The annotation file went away since the scan saw it: nothing to count.
          if (countsMtimeMs === undefined) return { ...entry, counts: NO_ANNOTATIONS, countsMtimeMs: 0 }
          return { ...entry, counts: await this.store.countAnnotations(entry.id, names.get(entry.id) ?? []), countsMtimeMs }
        },
      )
      // The library shows counts: they go out now, not after the (longer) language pass.
      notify(true)
      const toDetect = [...this.entries.values()].filter((e) => e.languagePending)
      await inBatches(
        toDetect.map((e) => e.id),
        async (entry) => {
          // Opening the article (or the search index reading it) may have detected it meanwhile.
          if (!entry.languagePending) return null
          const language = await this.detectLanguageOf(entry)
          return language === null ? null : withLanguage(entry, language)
        },
      )
    }
    notify(true)
    if (this.index.pending && !this.closed) await this.index.flush().catch(() => undefined)
  }

  /**
   * The language of an entry's text, read again (the scan kept no text); null when the file changed
   * since it was indexed (the next refresh re-reads it) or cannot be read.
   */
  private async detectLanguageOf(entry: IndexEntry): Promise<string | undefined | null> {
    const bytes = await readWholeFile(join(this.root, entry.path))
    const article = await extractArticle(bytes, entry.path, { detectLanguage: false, ocr: this.ocr.options(entry.path) })
    if (hashText(article.text) !== entry.contentHash) return null
    return detectLanguage(article.text)
  }

  /**
   * A file's entry, read now. `inBackground`: read by the fill, which detects the language at once (it
   * has the text in hand); otherwise a text file's language is left to the fill.
   */
  private async readEntry(file: FoundFile, cached: IndexEntry | undefined, inBackground = false): Promise<IndexEntry> {
    const base = baseEntry(file, cached)
    const id = base.id
    try {
      const bytes = await readWholeFile(file.absPath)
      // Language detection is most of the cost of reading a text file: it is done in the background
      // (fill(), which reads the file again). Other formats cost more to extract than to detect: now.
      const detectNow = inBackground || !CHEAP_TO_EXTRACT.test(file.relPath)
      // A scan not read yet is listed at once and read in the background (readScans()).
      const article = await extractArticle(bytes, file.relPath, {
        detectLanguage: detectNow,
        ocr: this.ocr.options(file.relPath, { cachedOnly: this.ocr.defers }),
      })
      this.store.forgetText(id)
      return entryOf(base, { ...article, contentHash: hashText(article.text) }, file.relPath, detectNow)
    } catch (error) {
      if (error instanceof OcrDeferredError) {
        this.scans.rows.delete(id)
        return { ...base, contentHash: '', title: basename(file.relPath), ocrPending: true }
      }
      return { ...base, contentHash: '', title: basename(file.relPath), ...failure(error) }
    }
  }

  // ── Scans read by OCR in the background (library-ocr.ts) ─────────────────────────────────────

  /** Stops reading a scan (one article's, or every one under way); its row then says so. */
  cancelOcr(articleId?: string): void {
    this.scans.cancel(articleId)
  }

  /** Whether a scan's text is still to be read by OCR (waiting, being read, or cancelled). */
  isOcrPending(articleId: string): boolean {
    return this.entries.get(articleId)?.ocrPending === true
  }

  /** Reads a scan again (with the models now chosen for it): waiting for OCR until it is read. */
  rereadOcr(articleId: string): void {
    this.scans.reread(articleId)
  }

  /** Reads again a scan whose reading was cancelled (Retry): the pages read before come from the cache. */
  retryOcr(articleId: string): void {
    this.scans.retry(articleId)
  }

  // ── Counts and the index ─────────────────────────────────────────────────────────────────────

  /** An article's annotations changed: its row's counts follow (the index is written a moment later). */
  private countsChanged(articleId: string, annotations: readonly Annotation[]): void {
    const entry = this.entries.get(articleId)
    if (!entry) return
    const counts = countsOf(annotations)
    // An edit that adds or removes nothing (a note, a speaker) leaves the row as it was.
    if (sameCounts(entry.counts, counts)) return
    this.entries.set(articleId, { ...entry, counts, countsMtimeMs: -1 })
    // The library showed no count yet (the background had not counted it): now there is one.
    if (!entry.counts) this.events.articlesChanged([articleId], false)
    this.index.schedule()
  }

  /** Stops the background fill-in and waits for it; `close` then writes what is pending. */
  async stop(): Promise<void> {
    this.closed = true
    await this.settled()
    await this.scans.running
  }

  /** Writes pending index changes (after stop()). */
  async close(): Promise<void> {
    if (this.index.pending) await this.index.flush()
    await this.index.idle()
  }
}
