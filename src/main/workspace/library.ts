/**
 * The library: which articles the workspace holds, with titles, languages and annotation counts.
 * Scans the folder (new and changed files read, unchanged ones from the index), fills in counts and
 * languages in the background, and writes the index `.spanwise/workspace.json` (a cache) in batches.
 * Scans waiting for OCR are read here too (readScans), under the fill's entry rules: ~500 lines for that.
 */
import { basename, join } from 'node:path'
import type { Low } from 'lowdb'
import { sayText } from '../../shared/i18n'
import type { Annotation, AnnotationCounts, ArticleSummary, ArticleText } from '../../shared/model'
import { UserError } from '../../shared/errors'
import { extractArticle, ImportError, isSupportedFile, OcrDeferredError } from '../import'
import { isDateline } from '../import/blocks'
import { detectLanguage } from '../import/language'
import { SerialQueue } from '../store/serial-queue'
import { articleIdFor, hashText } from './article-ids'
import type { ArticleMetadataEdits } from './article-metadata'
import { countsOf, type ArticleStore, type IndexedArticles } from './article-store'
import { readWholeFile } from './file-reads'
import { forEachLimited } from './for-each-limited'
import type { OcrReads } from './ocr-reads'
import { scanWorkspace, type FoundFile } from './scan'
import type { WorkspaceEvents } from './workspace-events'
import { WORKSPACE_FILE_VERSION, type IndexEntry, type WorkspaceFileData } from './workspace-index'

/** Index writes after annotation changes are batched: counts are a cache, annotations are saved first. */
const INDEX_SAVE_DELAY_MS = 400
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
/** The library hears about filled-in rows at most this often (each event carries the whole list). */
const FILL_NOTIFY_MS = 500
const NO_ANNOTATIONS: AnnotationCounts = { quote: 0, claim: 0, entity: 0 }
/** Formats whose extraction is cheap next to language detection (plain text and Markdown). */
const CHEAP_TO_EXTRACT = /\.(txt|md|markdown)$/i

export class Library implements IndexedArticles {
  private entries = new Map<string, IndexEntry>()
  private readonly indexQueue = new SerialQueue()
  private indexTimer: NodeJS.Timeout | null = null
  /** Refreshes and background fill batches, one at a time: each sees the entries the previous left. */
  private readonly scanQueue = new SerialQueue()
  /** The background fill-in running now, if any (see fill()). */
  private filling: Promise<void> | null = null
  /** A refresh happened since the fill began collecting its work: collect again when done. */
  private fillRequested = false
  /** Entries changed since the index was last written (its writes are batched: it is a cache). */
  private indexDirty = false
  private closed = false
  /** The scans being read by OCR in the background (see readScans()), and the rows' state of it. */
  private ocrRunning: Promise<void> | null = null
  private ocrRequested = false
  private readonly ocrRows = new Map<string, NonNullable<ArticleSummary['ocr']>>()
  /** Set once (the store and the library refer to each other). */
  private store!: ArticleStore

  constructor(
    private readonly root: string,
    private readonly index: Low<WorkspaceFileData>,
    private readonly metadata: ArticleMetadataEdits,
    /**
     * Told when articles appeared, changed or went away (after a refresh), and when library rows changed
     * in the background (counts and languages filled in, at most every FILL_NOTIFY_MS).
     */
    private readonly events: WorkspaceEvents,
    /** How scans are read by OCR (cache, progress, stopped on close). */
    private readonly ocr: OcrReads,
  ) {}

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

  values(): IterableIterator<IndexEntry> {
    return this.entries.values()
  }

  languageDetected(entry: IndexEntry, language: string | undefined): void {
    if (this.entries.get(entry.id) !== entry) return
    this.entries.set(entry.id, withLanguage(entry, language))
    this.scheduleIndexSave()
  }

  // ── Rows ─────────────────────────────────────────────────────────────────────────────────────

  /** The library: one summary per article, in path order. */
  articles(): ArticleSummary[] {
    return [...this.entries.keys()].map((id) => this.summary(id)!)
  }

  /** One library row by id, in O(1) (articles() builds every row). */
  summary(articleId: string): ArticleSummary | undefined {
    const e = this.entries.get(articleId)
    if (!e) return undefined
    const language = this.metadata.of(e.id).language ?? e.language
    return {
      id: e.id,
      path: e.path,
      title: this.titleOf(e),
      ...(language ? { language } : {}),
      ...(e.counts ? { counts: e.counts } : {}),
      ...(e.error ? { error: e.error } : {}),
      ...(e.errorSaid ? { errorSaid: e.errorSaid } : {}),
      ...(e.warning ? { warning: e.warning } : {}),
      ...(e.warningSaid ? { warningSaid: e.warningSaid } : {}),
      ...(e.ocrPending ? { ocr: this.ocrRows.get(e.id) ?? { state: 'pending' as const } } : {}),
    }
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

  // ── Scanning ─────────────────────────────────────────────────────────────────────────────────

  /**
   * Rescans the folder: new files are read, changed ones re-read, unchanged ones taken from the index.
   * Returns the ids of articles that appeared, changed or disappeared, as soon as the list of articles
   * with their titles is known; annotation counts and languages not known yet are filled in the
   * background (see fill()), and onArticlesUpdated tells when.
   */
  async refresh(): Promise<string[]> {
    const changed = await this.scanQueue.run(() => this.rescan())
    this.startFill()
    this.startOcr()
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

  /** Resolves when the background fill-in after the last open or refresh is done (and the index written). */
  async settled(): Promise<void> {
    while (this.filling) await this.filling
    await this.indexQueue.idle()
  }

  private async rescan(): Promise<string[]> {
    const known = this.entries.size > 0 ? [...this.entries.values()] : this.index.data.articles
    // An index written by an older version cached what that version read (titles): read each file again.
    const outdated = this.entries.size === 0 && this.index.data.version < WORKSPACE_FILE_VERSION
    const previous = new Map(known.map((e) => [e.path, e]))
    const [{ files }, annotated] = await Promise.all([
      scanWorkspace(this.root, isSupportedFile),
      this.store.annotationFileNames(),
    ])
    // In the scan's order (by path), which is the library's.
    const scanned: IndexEntry[] = new Array(files.length)
    await forEachLimited([...files.keys()], READ_CONCURRENCY, async (i) => {
      const file = files[i]
      const cached = previous.get(file.relPath)
      // A scan left waiting for OCR is read now by a process that does not read scans in the background.
      const keep =
        !outdated &&
        cached &&
        cached.size === file.size &&
        cached.mtimeMs === file.mtimeMs &&
        !(cached.ocrPending && !this.ocr.defers)
      let entry = keep ? cached : await this.readEntry(file, cached)
      // Without an annotation file there is nothing to count; the others are counted (or their cached
      // counts checked against the file's mtime) in the background.
      if (!annotated.has(entry.id) && (entry.countsMtimeMs !== 0 || !sameCounts(entry.counts, NO_ANNOTATIONS))) {
        entry = { ...entry, counts: NO_ANNOTATIONS, countsMtimeMs: 0 }
      }
      scanned[i] = entry
    })
    const next = new Map(scanned.map((e) => [e.id, e]))
    const changed = [...next.values()]
      .filter((e) => previous.get(e.path)?.contentHash !== e.contentHash || previous.get(e.path)?.error !== e.error)
      .map((e) => e.id)
    const removed = known.filter((e) => !next.has(e.id)).map((e) => e.id)
    const unchanged = changed.length === 0 && removed.length === 0 && [...next.values()].every((e) => previous.get(e.path) === e)
    this.entries = new Map(scanned.map((e) => [e.id, this.keepLiveChanges(e, previous.get(e.path))]))
    this.store.keepTextsOf(next)
    // A warm open that found nothing new writes nothing; otherwise the index (a cache) is written a moment
    // later, off the path to a usable library, and again when the background fill-in is done.
    if (!unchanged || this.index.data.articles.length !== next.size) this.scheduleIndexSave()
    return [...changed, ...removed]
  }

  /**
   * An entry the scan kept as it was may have been updated meanwhile (counts after a tag, a language
   * detected when the article was opened): keep that update rather than the scan's older copy.
   */
  private keepLiveChanges(scanned: IndexEntry, before: IndexEntry | undefined): IndexEntry {
    if (scanned !== before) return scanned
    const live = this.entries.get(scanned.id)
    return live && live.path === scanned.path && live.contentHash === scanned.contentHash ? live : scanned
  }

  /**
   * The background fill-in after an open or refresh: annotation counts not known yet, cached counts whose
   * annotation file changed since, and languages not detected yet. The library is usable before it
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
            this.indexDirty = true
          }),
        )
        notify(false)
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    while (this.fillRequested && !this.closed) {
      this.fillRequested = false
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
    if (this.indexDirty && !this.closed) await this.saveIndex().catch(() => undefined)
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

  private async readEntry(file: FoundFile, cached: IndexEntry | undefined): Promise<IndexEntry> {
    const id = articleIdFor(file.relPath)
    const base = {
      id,
      path: file.relPath,
      size: file.size,
      mtimeMs: file.mtimeMs,
      ...(cached?.counts ? { counts: cached.counts } : {}),
      countsMtimeMs: cached?.countsMtimeMs ?? 0,
    }
    try {
      const bytes = await readWholeFile(file.absPath)
      // Language detection is most of the cost of reading a text file: it is done in the background
      // (fill(), which reads the file again). Other formats cost more to extract than to detect: now.
      const detectNow = !CHEAP_TO_EXTRACT.test(file.relPath)
      // A scan not read yet is listed at once and read in the background (readScans()).
      const article = await extractArticle(bytes, file.relPath, {
        detectLanguage: detectNow,
        ocr: this.ocr.options(file.relPath, { cachedOnly: this.ocr.defers }),
      })
      const contentHash = hashText(article.text)
      this.store.forgetText(id)
      const language = article.metadata.language
      return {
        ...base,
        contentHash,
        title: titleOf(article, file.relPath),
        ...(article.warning ? { warning: sayText(article.warning, 'en'), warningSaid: article.warning } : {}),
        ...(language ? { language } : detectNow ? {} : { languagePending: true as const }),
      }
    } catch (error) {
      if (error instanceof OcrDeferredError) {
        this.ocrRows.delete(id)
        return { ...base, contentHash: '', title: basename(file.relPath), ocrPending: true }
      }
      return { ...base, contentHash: '', title: basename(file.relPath), ...failure(error) }
    }
  }

  // ── Scans read by OCR in the background ──────────────────────────────────────────────────────

  /** Stops reading a scan (one article's, or every one under way); its row then says so. */
  cancelOcr(articleId?: string): void {
    const path = articleId === undefined ? undefined : this.entries.get(articleId)?.path
    if (articleId !== undefined && path === undefined) return
    this.ocr.cancel(path)
    // One not started yet is not started at all.
    if (articleId !== undefined && this.entries.get(articleId)?.ocrPending && !this.ocrRows.has(articleId)) {
      this.ocrRows.set(articleId, { state: 'stopped' })
      this.events.articlesChanged([articleId], false)
    }
  }

  /** Whether a scan's text is still to be read by OCR (waiting, being read, or cancelled). */
  isOcrPending(articleId: string): boolean {
    return this.entries.get(articleId)?.ocrPending === true
  }

  /** Reads a scan again (with the models now chosen for it): waiting for OCR until it is read. */
  rereadOcr(articleId: string): void {
    const entry = this.entries.get(articleId)
    if (!entry) return
    this.ocrRows.delete(articleId)
    this.store.forgetText(articleId)
    this.entries.set(articleId, { ...entry, ocrPending: true })
    this.scheduleIndexSave()
    this.events.articlesChanged([articleId], false)
    this.startOcr()
  }

  /** Reads again a scan whose reading was cancelled (Retry): the pages read before come from the cache. */
  retryOcr(articleId: string): void {
    if (this.ocrRows.get(articleId)?.state !== 'stopped') return
    this.ocrRows.delete(articleId)
    this.events.articlesChanged([articleId], false)
    this.startOcr()
  }

  private startOcr(): void {
    this.ocrRequested = true
    if (this.ocrRunning || this.closed || !this.ocr.defers) return
    this.ocrRunning = this.readScans()
      .catch(() => undefined)
      .finally(() => {
        this.ocrRunning = null
        if (this.ocrRequested && !this.closed) this.startOcr()
      })
  }

  /**
   * Reads the scans waiting for OCR, one at a time, in library order, outside the scan queue (a scan
   * can take minutes): each row tells its page as it goes, and becomes an article when it is read.
   */
  private async readScans(): Promise<void> {
    while (this.ocrRequested && !this.closed) {
      this.ocrRequested = false
      for (const id of [...this.entries.keys()]) {
        if (this.closed) return
        const before = this.entries.get(id)
        if (!before?.ocrPending || this.ocrRows.get(id)?.state === 'stopped') continue
        const after = await this.readScan(before)
        if (this.entries.get(id) !== before) {
          this.ocrRequested = true // a refresh replaced it meanwhile: look again
          continue
        }
        if (after) {
          this.entries.set(id, after)
          this.scheduleIndexSave()
        }
        this.events.articlesChanged([id], after !== null)
      }
    }
  }

  /** One scan read by OCR: its entry with the text's hash, title and language; null when cancelled. */
  private async readScan(entry: IndexEntry): Promise<IndexEntry | null> {
    const { ocrPending: _read, ...rest } = entry
    const { options, release } = this.ocr.background(entry.path, ({ page, pages }) => {
      this.ocrRows.set(entry.id, { state: 'reading', page, pages })
      this.events.articlesChanged([entry.id], false)
    })
    try {
      const bytes = await readWholeFile(join(this.root, entry.path))
      const article = await extractArticle(bytes, entry.path, { detectLanguage: true, ocr: options })
      this.ocrRows.delete(entry.id)
      this.store.forgetText(entry.id)
      const language = article.metadata.language
      return {
        ...rest,
        contentHash: hashText(article.text),
        title: titleOf(article, entry.path),
        ...(language ? { language } : {}),
      }
    } catch (error) {
      if (this.closed) return null
      if (options.signal?.aborted) {
        this.ocrRows.set(entry.id, { state: 'stopped' })
        return null
      }
      this.ocrRows.delete(entry.id)
      return { ...rest, ...failure(error) }
    } finally {
      release()
    }
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
    this.scheduleIndexSave()
  }

  /** Writes the index a moment after a change to an entry, once for a burst of changes. */
  private scheduleIndexSave(): void {
    this.indexDirty = true
    if (this.indexTimer) clearTimeout(this.indexTimer)
    this.indexTimer = setTimeout(() => {
      this.indexTimer = null
      void this.saveIndex().catch(() => undefined)
    }, INDEX_SAVE_DELAY_MS)
  }

  /** Writes the index now (a write already scheduled is then not needed). */
  private saveIndex(): Promise<void> {
    if (this.indexTimer) clearTimeout(this.indexTimer)
    this.indexTimer = null
    return this.indexQueue.run(async () => {
      this.indexDirty = false
      this.index.data = { version: WORKSPACE_FILE_VERSION, articles: [...this.entries.values()] }
      try {
        await this.index.write()
      } catch (error) {
        this.indexDirty = true
        throw error
      }
    })
  }

  /** Stops the background fill-in and waits for it; `close` then writes what is pending. */
  async stop(): Promise<void> {
    this.closed = true
    await this.settled()
    await this.ocrRunning
  }

  /** Writes pending index changes (after stop()). */
  async close(): Promise<void> {
    if (this.indexDirty) await this.saveIndex()
    await this.indexQueue.idle()
  }
}

/** The entry with its language detected (none when unsure). */
function withLanguage(entry: IndexEntry, language: string | undefined): IndexEntry {
  const { languagePending: _detected, language: _unknown, ...rest } = entry
  return language ? { ...rest, language } : rest
}

function sameCounts(a: AnnotationCounts | undefined, b: AnnotationCounts): boolean {
  return a !== undefined && a.quote === b.quote && a.claim === b.claim && a.entity === b.entity
}

function titleOf(article: ArticleText, relPath: string): string {
  if (article.metadata.title) return article.metadata.title
  const first =
    article.blocks.find((b) => b.type === 'heading') ??
    article.blocks.find((b) => !isDateline(article.text.slice(b.start, b.end))) ??
    article.blocks[0]
  const line = first ? article.text.slice(first.start, first.end).split('\n')[0].trim() : ''
  if (!line) return basename(relPath)
  return line.length > 120 ? `${line.slice(0, 119)}…` : line
}

/** Why a file could not be read: the English line, and by key when the import said it so (ImportError). */
function failure(error: unknown): Pick<IndexEntry, 'error' | 'errorSaid'> {
  return error instanceof ImportError ? { error: oneLine(error), errorSaid: error.said } : { error: oneLine(error) }
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0].slice(0, 300)
}
