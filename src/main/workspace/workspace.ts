/**
 * An open workspace: a folder of the user's article files plus Spanwise's own data in `.spanwise/`.
 * The user's files are only ever read. Runs under plain Node (no Electron), so the app, the CLI and the
 * tests all use this same code.
 */
import { createHash } from 'node:crypto'
import { promises as fs } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { Low } from 'lowdb'
import {
  CLAIM_STATUSES,
  ClaimAttributes,
  EntityAttributes,
  QuoteAttributes,
  type Annotation,
  type AnnotationDraft,
  type AnnotationKind,
  type AnnotationCounts,
  type AnnotationPatch,
  type ArticleSummary,
  type ArticleText,
  type Entity,
  type EntityDraft,
  type EntityMentions,
  type EntityPatch,
  type Link,
  type LinkDraft,
  type LinkView,
  type Comparison,
  type MergeRecord,
  type OccurrenceGroups,
  type OpenedArticle,
} from '../../shared/model'
import { quoteSelector } from '../../shared/text-offsets'
import { findMentions } from '../../shared/suggest/mentions'
import { anchorTarget, reanchorAll, type AnchorResult } from '../../shared/anchoring'
import { alignBlocks, findDiscrepancies } from '../../shared/compare'
import type { ArticleForExport } from '../../shared/export/spanwise-json'
import { extractArticle, isSupportedFile, type OcrOptions, type OcrProgress } from '../import'
import { detectLanguage } from '../import/language'
import {
  AnnotationFile,
  ANNOTATION_FILE_SUFFIXES,
  ANNOTATION_FILE_VERSION,
  DEFAULT_JOURNAL_OPTIONS,
  type JournalOptions,
} from '../store/annotation-file'
import { DurableJsonFile, writeFileDurably, type RecoveryReport } from '../store/durable-json-file'
import { SerialQueue } from '../store/serial-queue'
import { UserError } from '../../shared/errors'
import { CollectionFile } from '../store/collection-file'
import { AlignmentsFileData, EntitiesFileData, LinksFileData, MetadataFileData, VocabularyFileData } from './workspace-files'
import { readWholeFile, statFile } from './file-reads'
import { scanWorkspace, type FoundFile } from './scan'
import { StoredWorkspaceFile, WORKSPACE_FILE_VERSION, type IndexEntry, type WorkspaceFileData } from './workspace-index'

/** Spanwise's folder inside a workspace. */
export const DATA_DIR = '.spanwise'

/** An error whose message is meant for the user as it is. */

export interface WorkspaceOptions {
  /** Told when a damaged data file was moved aside and recovered. */
  onRecover?: (report: RecoveryReport) => void
  /** Told when an article's annotations were re-anchored because its file changed. */
  onReanchor?: (report: ReanchorReport) => void
  /** When annotation journals are compacted into their JSON files (tests make it frequent). */
  journal?: Partial<JournalOptions>
  /**
   * Told when library rows changed in the background after an open or refresh (annotation counts and
   * languages filled in), at most every FILL_NOTIFY_MS, with the ids of the rows that changed.
   */
  onArticlesUpdated?: (articleIds: string[]) => void
  /** Told before each page of a scan (image, PDF without text layer) is read by OCR. */
  onOcrProgress?: (path: string, progress: OcrProgress) => void
}

/** The outcome of re-anchoring one article's annotations after its file changed. */
export interface ReanchorReport {
  articleId: string
  path: string
  unchanged: number
  moved: number
  fuzzy: number
  orphaned: number
}

const ATTRIBUTE_SCHEMAS = {
  quote: QuoteAttributes,
  claim: ClaimAttributes,
  entity: EntityAttributes,
} as const

/** How many extracted article texts to keep in memory (the open one and recent neighbours). */
const TEXT_CACHE_SIZE = 6
/**
 * How many annotation files to keep loaded. Exporting or searching 10,000 articles reads them all;
 * idle ones beyond this are let go (their data equals the disk) so memory stays bounded.
 */
const OPEN_FILES = 64
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

export class Workspace {
  readonly name: string
  readonly dataDir: string
  private entries = new Map<string, IndexEntry>()
  private readonly files = new Map<string, Promise<AnnotationFile>>()
  /** The files of `files` that finished opening, for the idle check when evicting. */
  private readonly loadedFiles = new Map<string, AnnotationFile>()
  private readonly texts = new Map<string, ArticleText & { contentHash: string }>()
  private readonly indexQueue = new SerialQueue()
  private indexTimer: NodeJS.Timeout | null = null
  /**
   * Lookups an export makes for every annotation and article, O(1) instead of a scan of the registry
   * or of every link. Rebuilt when the file's array changes: its updates always replace it.
   */
  private entityIndex: { source: readonly Entity[]; byId: Map<string, Entity> } = { source: [], byId: new Map() }
  private linkIndex: { source: readonly Link[]; byArticle: Map<string, Link[]> } = { source: [], byArticle: new Map() }
  /** Refreshes and background fill batches, one at a time: each sees the entries the previous left. */
  private readonly scanQueue = new SerialQueue()
  /** The background fill-in running now, if any (see fill()). */
  private filling: Promise<void> | null = null
  /** A refresh happened since the fill began collecting its work: collect again when done. */
  private fillRequested = false
  /** Entries changed since the index was last written (its writes are batched: it is a cache). */
  private indexDirty = false
  private closed = false
  /** Aborts the OCR of a scan being read when the workspace closes. */
  private readonly ocrAbort = new AbortController()

  private constructor(
    readonly root: string,
    private readonly index: Low<WorkspaceFileData>,
    private readonly registry: CollectionFile<EntitiesFileData>,
    private readonly linkFile: CollectionFile<LinksFileData>,
    private readonly vocabulary: CollectionFile<VocabularyFileData>,
    private readonly metadataFile: CollectionFile<MetadataFileData>,
    private readonly alignments: CollectionFile<AlignmentsFileData>,
    private readonly options: WorkspaceOptions,
  ) {
    this.name = basename(root)
    this.dataDir = join(root, DATA_DIR)
  }

  /** Opens (and on first use initialises) the workspace at `root`, then scans it. */
  static async open(root: string, options: WorkspaceOptions = {}): Promise<Workspace> {
    const absRoot = resolve(root)
    const stat = await fs.stat(absRoot).catch(() => null)
    if (!stat?.isDirectory()) throw new UserError(`Not a folder: ${absRoot}`)
    const dataDir = join(absRoot, DATA_DIR)
    await fs.mkdir(join(dataDir, 'annotations'), { recursive: true })
    const adapter = new DurableJsonFile(join(dataDir, 'workspace.json'), StoredWorkspaceFile, {
      version: WORKSPACE_FILE_VERSION,
      onRecover: options.onRecover,
    })
    const index = new Low<WorkspaceFileData>(adapter, { version: WORKSPACE_FILE_VERSION, articles: [] })
    await index.read()
    const registry = await CollectionFile.open(
      join(dataDir, 'entities.json'),
      EntitiesFileData,
      { version: 1, entities: [] },
      options.onRecover,
    )
    const links = await CollectionFile.open(
      join(dataDir, 'links.json'),
      LinksFileData,
      { version: 1, links: [] },
      options.onRecover,
    )
    const vocabulary = await CollectionFile.open(
      join(dataDir, 'vocabulary.json'),
      VocabularyFileData,
      { version: 1, claimStatuses: [] },
      options.onRecover,
    )
    const metadata = await CollectionFile.open(
      join(dataDir, 'metadata.json'),
      MetadataFileData,
      { version: 1, articles: {} },
      options.onRecover,
    )
    const alignments = await CollectionFile.open(
      join(dataDir, 'alignments.json'),
      AlignmentsFileData,
      { version: 1, pairs: {} },
      options.onRecover,
    )
    const workspace = new Workspace(absRoot, index, registry, links, vocabulary, metadata, alignments, options)
    await workspace.refresh()
    return workspace
  }

  /**
   * Rescans the folder: new files are read, changed ones re-read, unchanged ones taken from the index.
   * Returns the ids of articles that appeared, changed or disappeared, as soon as the list of articles
   * with their titles is known; annotation counts and languages not known yet are filled in the
   * background (see fill()), and onArticlesUpdated tells when.
   */
  async refresh(): Promise<string[]> {
    const changed = await this.scanQueue.run(() => this.rescan())
    this.startFill()
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
    const previous = new Map(known.map((e) => [e.path, e]))
    const [{ files }, annotated] = await Promise.all([scanWorkspace(this.root, isSupportedFile), this.annotationFileNames()])
    // In the scan's order (by path), which is the library's.
    const scanned: IndexEntry[] = new Array(files.length)
    await forEachLimited([...files.keys()], READ_CONCURRENCY, async (i) => {
      const file = files[i]
      const cached = previous.get(file.relPath)
      let entry =
        cached && cached.size === file.size && cached.mtimeMs === file.mtimeMs ? cached : await this.readEntry(file, cached)
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
    for (const id of this.texts.keys()) if (!next.has(id)) this.texts.delete(id)
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
      this.options.onArticlesUpdated?.(ids)
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
      const { mtimes, names } = await this.annotationFileMtimes()
      const toCount = [...this.entries.values()].filter(
        (e) => e.counts === undefined || (mtimes.has(e.id) && e.countsMtimeMs !== mtimes.get(e.id)),
      )
      await inBatches(
        toCount.map((e) => e.id),
        async (entry) => {
          const countsMtimeMs = mtimes.get(entry.id)
          // The annotation file went away since the scan saw it: nothing to count.
          if (countsMtimeMs === undefined) return { ...entry, counts: NO_ANNOTATIONS, countsMtimeMs: 0 }
          return { ...entry, counts: await this.countAnnotations(entry.id, names.get(entry.id) ?? []), countsMtimeMs }
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
    const article = await extractArticle(bytes, entry.path, { detectLanguage: false, ocr: this.ocrOptions(entry.path) })
    if (hashText(article.text) !== entry.contentHash) return null
    return detectLanguage(article.text)
  }

  /** The library: one summary per article, in path order. */
  articles(): ArticleSummary[] {
    return [...this.entries.keys()].map((id) => this.summary(id)!)
  }

  /** Metadata the user edited for an article (empty when none). */
  private overrides(articleId: string) {
    return this.metadataFile.data.articles[articleId] ?? {}
  }

  private titleOf(entry: IndexEntry): string {
    return this.overrides(entry.id).title ?? entry.title
  }

  /** Edits an article's metadata (title, byline, outlet, date, URL, language); an empty value reverts to the file's. */
  async updateMetadata(articleId: string, patch: Record<string, string>): Promise<void> {
    this.entry(articleId)
    await this.metadataFile.update((data) => {
      const current: Record<string, string | undefined> = { ...(data.articles[articleId] ?? {}) }
      for (const [key, value] of Object.entries(patch)) current[key] = value.trim() === '' ? undefined : value.trim()
      const clean = Object.fromEntries(Object.entries(current).filter(([, v]) => v !== undefined)) as Record<string, string>
      return { next: { ...data, articles: { ...data.articles, [articleId]: clean } }, result: null }
    })
  }

  /** One library row by id, in O(1) (articles() builds every row). */
  summary(articleId: string): ArticleSummary | undefined {
    const e = this.entries.get(articleId)
    if (!e) return undefined
    const language = this.overrides(e.id).language ?? e.language
    return {
      id: e.id,
      path: e.path,
      title: this.titleOf(e),
      ...(language ? { language } : {}),
      ...(e.counts ? { counts: e.counts } : {}),
      ...(e.error ? { error: e.error } : {}),
    }
  }

  /** The article file's size in bytes when last scanned (0 if unknown): how much reading it will hold. */
  fileSize(articleId: string): number {
    return this.entries.get(articleId)?.size ?? 0
  }

  has(articleId: string): boolean {
    return this.entries.has(articleId)
  }

  /**
   * An article with its annotations. `context: false` leaves out each annotation's prefix and suffix
   * (64 characters each), which the window never shows: a third less to send for 50,000 annotations.
   */
  async openArticle(articleId: string, options: { context: boolean } = { context: true }): Promise<OpenedArticle> {
    const entry = this.entry(articleId)
    const { article, file } = await this.loadAnchored(entry)
    const annotations = file.data.annotations.map((a) => this.withRegistryNames(a))
    return {
      id: entry.id,
      path: entry.path,
      contentHash: article.contentHash,
      metadata: { ...article.metadata, ...this.overrides(entry.id) },
      text: article.text,
      blocks: article.blocks,
      annotations: options.context ? annotations : annotations.map((a) => ({ ...a, prefix: '', suffix: '' })),
    }
  }

  /** The article's text and annotation file, the annotations re-anchored first if the file changed. */
  private async loadAnchored(
    entry: IndexEntry,
  ): Promise<{ article: ArticleText & { contentHash: string }; file: AnnotationFile }> {
    const article = await this.loadText(entry)
    const file = await this.annotationFile(entry.id)
    if (file.data.annotations.length === 0 || file.data.textHash === article.contentHash) return { article, file }
    await this.reanchor(entry, article)
    return { article, file: await this.annotationFile(entry.id) }
  }

  /**
   * The article file changed since its annotations were made: find each one again in the new text
   * (design.md, Anchoring). With the earlier text kept as a snapshot, a diff maps the untouched ones
   * in O(1) each; without it, each is searched by its quote and context. Nothing is dropped: what is
   * not found stays, marked orphaned, with its last text.
   */
  private async reanchor(entry: IndexEntry, article: ArticleText & { contentHash: string }): Promise<void> {
    const oldText = await fs.readFile(this.snapshotPath(entry.id), 'utf8').catch(() => null)
    const report: ReanchorReport = { articleId: entry.id, path: entry.path, unchanged: 0, moved: 0, fuzzy: 0, orphaned: 0 }
    const file = await this.annotationFile(entry.id)
    // The anchoring runs inside the queued change, on the data as it is then (no lost update).
    const changed = await file.update((data) => {
      if (data.textHash === article.contentHash) return false // another caller re-anchored meanwhile
      const usable = oldText !== null && hashText(oldText) === data.textHash ? oldText : null
      const targets = data.annotations
      const results: AnchorResult[] =
        usable !== null ? reanchorAll(usable, article.text, targets) : targets.map((t) => anchorTarget(article.text, t))
      data.annotations = data.annotations.map((a, i) => {
        const r = results[i]
        report[r.status]++
        if (r.status === 'orphaned') return { ...a, anchor: 'orphaned' as const }
        const { anchor: _previous, ...rest } = a
        return {
          ...rest,
          start: r.start,
          end: r.end,
          exact: r.exact,
          prefix: r.prefix,
          suffix: r.suffix,
          ...(r.status === 'unchanged' ? {} : { anchor: r.status }),
        } as Annotation
      })
      data.textHash = article.contentHash
      data.path = entry.path
      return true
    })
    if (!changed) return
    await this.writeSnapshot(entry.id, article.text)
    this.options.onReanchor?.(report)
  }

  private snapshotPath(articleId: string): string {
    return join(this.dataDir, 'snapshots', `${articleId}.txt`)
  }

  /** Keeps the text the annotations' offsets refer to, so a later change can be diffed against it. */
  private async writeSnapshot(articleId: string, text: string): Promise<void> {
    await fs.mkdir(join(this.dataDir, 'snapshots'), { recursive: true })
    await writeFileDurably(this.snapshotPath(articleId), text)
  }

  /** Puts an orphaned (or any) annotation on a new span of the current text. */
  async reattachAnnotation(articleId: string, annotationId: string, start: number, end: number): Promise<Annotation> {
    const entry = this.entry(articleId)
    const article = await this.loadText(entry)
    if (end > article.text.length || end <= start) throw new UserError('Select the text to attach the annotation to')
    const file = await this.annotationFile(articleId)
    return file.update((data) => {
      const i = data.annotations.findIndex((a) => a.id === annotationId)
      if (i < 0) throw new UserError('That annotation no longer exists')
      const { anchor: _old, ...rest } = data.annotations[i]
      const updated = {
        ...rest,
        start,
        end,
        ...quoteSelector(article.text, start, end),
        updatedAt: new Date().toISOString(),
      } as Annotation
      data.annotations[i] = updated
      return this.withRegistryNames(updated)
    })
  }

  /** Entity-linked fields shown from the registry, so a rename or retype reaches every mention. */
  private withRegistryNames(a: Annotation): Annotation {
    if (a.kind === 'entity' && a.attributes.entityId) {
      const entity = this.entityById(a.attributes.entityId)
      return entity ? { ...a, attributes: { ...a.attributes, entityType: entity.type } } : a
    }
    if (a.kind === 'quote' && a.attributes.speakerId) {
      const entity = this.entityById(a.attributes.speakerId)
      return entity ? { ...a, attributes: { ...a.attributes, speaker: entity.name } } : a
    }
    return a
  }

  /** Everything the exporters need for one article. */
  async articleForExport(articleId: string): Promise<ArticleForExport> {
    const opened = await this.openArticle(articleId)
    return { ...opened, links: this.linksFrom(articleId) }
  }

  async createAnnotation(articleId: string, draft: AnnotationDraft): Promise<Annotation> {
    const entry = this.entry(articleId)
    const { article, file } = await this.loadAnchored(entry)
    if (draft.end > article.text.length) throw new UserError('The selection is outside the article text')
    const exact = article.text.slice(draft.start, draft.end)
    if (exact.trim() === '') throw new UserError('Select some text to tag (the selection is only white space)')
    const now = new Date().toISOString()
    const annotation = {
      id: draft.id,
      kind: draft.kind,
      start: draft.start,
      end: draft.end,
      ...quoteSelector(article.text, draft.start, draft.end),
      attributes: this.attributes(draft.kind, draft.attributes ?? {}),
      note: draft.note ?? '',
      tags: draft.tags ?? [],
      createdAt: now,
      updatedAt: now,
    } as Annotation
    const newTextVersion = file.data.textHash !== article.contentHash || file.data.annotations.length === 0
    // No await between getting the file and queueing the change: the file stays the one in use.
    await file.update((data) => {
      if (data.annotations.some((a) => a.id === draft.id)) throw new UserError('An annotation with this id exists already')
      data.annotations.push(annotation)
      data.textHash = article.contentHash
      data.path = entry.path
    })
    // The snapshot lets a later change of the file be diffed; without it re-anchoring still works, by search.
    if (newTextVersion) await this.writeSnapshot(articleId, article.text)
    this.countsChanged(articleId, file)
    return annotation
  }

  async updateAnnotation(articleId: string, annotationId: string, patch: AnnotationPatch): Promise<Annotation> {
    this.entry(articleId)
    const file = await this.annotationFile(articleId)
    return file.update((data) => {
      const i = data.annotations.findIndex((a) => a.id === annotationId)
      if (i < 0) throw new UserError('That annotation no longer exists')
      const old = data.annotations[i]
      const updated = {
        ...old,
        attributes: patch.attributes
          ? this.attributes(old.kind, dropNulls({ ...old.attributes, ...patch.attributes }))
          : old.attributes,
        note: patch.note ?? old.note,
        tags: patch.tags ?? old.tags,
        updatedAt: new Date().toISOString(),
      } as Annotation
      data.annotations[i] = updated
      return this.withRegistryNames(updated)
    })
  }

  /** Validates kind attributes; a referenced entity must exist, and its type and name are copied in. */
  private attributes(kind: AnnotationKind, raw: Record<string, unknown>) {
    const attributes = parseAttributes(kind, raw)
    if ('entityId' in attributes && attributes.entityId) {
      const entity = this.entityById(attributes.entityId)
      if (!entity) throw new UserError('That entity is no longer in the registry')
      return { ...attributes, entityType: entity.type }
    }
    if ('speakerId' in attributes && attributes.speakerId) {
      const entity = this.entityById(attributes.speakerId)
      if (!entity) throw new UserError('That speaker is no longer in the registry')
      return { ...attributes, speaker: entity.name }
    }
    if ('status' in attributes && !this.claimStatuses().includes(attributes.status)) {
      throw new UserError(`Unknown claim status "${attributes.status}": add it to the workspace's labels first`)
    }
    return attributes
  }

  /** Deletes an annotation and the links that touch it (and nothing else); returns those links. */
  async deleteAnnotation(articleId: string, annotationId: string): Promise<Link[]> {
    this.entry(articleId)
    const file = await this.annotationFile(articleId)
    await file.update((data) => {
      const i = data.annotations.findIndex((a) => a.id === annotationId)
      if (i < 0) throw new UserError('That annotation no longer exists')
      data.annotations.splice(i, 1)
    })
    this.countsChanged(articleId, file)
    const touches = (l: Link) =>
      (l.from.articleId === articleId && l.from.annotationId === annotationId) ||
      (l.to.articleId === articleId && l.to.annotationId === annotationId)
    return this.linkFile.update((data) => ({
      next: { ...data, links: data.links.filter((l) => !touches(l)) },
      result: data.links.filter(touches),
    }))
  }

  /** Puts back a deleted annotation exactly as it was, with its links (undo of a delete). */
  async restoreAnnotation(articleId: string, annotation: Annotation, links: readonly Link[]): Promise<Annotation> {
    const entry = this.entry(articleId)
    const article = await this.loadText(entry)
    if (annotation.end > article.text.length) throw new UserError('The annotation is outside the article text')
    // The quote selector comes from the text, not from the caller (the window does not hold the context).
    const restored = {
      ...annotation,
      ...quoteSelector(article.text, annotation.start, annotation.end),
      attributes: this.attributes(annotation.kind, annotation.attributes),
    } as Annotation
    const file = await this.annotationFile(articleId)
    await file.update((data) => {
      if (data.annotations.some((a) => a.id === annotation.id)) throw new UserError('That annotation exists already')
      data.annotations.push(restored)
    })
    this.countsChanged(articleId, file)
    for (const link of links) await this.createLink(link, link.createdAt)
    return this.withRegistryNames(restored)
  }

  // ── Claim status labels ────────────────────────────────────────────────────────────────────────

  /** Built-in statuses followed by the workspace's own labels. */
  claimStatuses(): string[] {
    return [...CLAIM_STATUSES, ...this.vocabulary.data.claimStatuses]
  }

  customClaimStatuses(): string[] {
    return [...this.vocabulary.data.claimStatuses]
  }

  async addClaimStatus(label: string): Promise<string[]> {
    const clean = label.trim()
    if (this.claimStatuses().some((s) => s.toLowerCase() === clean.toLowerCase())) return this.customClaimStatuses()
    return this.vocabulary.update((data) => {
      const next = { ...data, claimStatuses: [...data.claimStatuses, clean] }
      return { next, result: next.claimStatuses }
    })
  }

  // ── The entity registry ───────────────────────────────────────────────────────────────────────

  entities(): Entity[] {
    return [...this.registry.data.entities].sort((a, b) => a.name.localeCompare(b.name))
  }

  private entityById(id: string): Entity | undefined {
    const entities = this.registry.data.entities
    if (this.entityIndex.source !== entities) this.entityIndex = { source: entities, byId: firstBy(entities, (e) => e.id) }
    return this.entityIndex.byId.get(id)
  }

  /** The links leaving an article's annotations, in the registry's order. */
  private linksFrom(articleId: string): readonly Link[] {
    const links = this.linkFile.data.links
    if (this.linkIndex.source !== links) this.linkIndex = { source: links, byArticle: groupBy(links, (l) => l.from.articleId) }
    return this.linkIndex.byArticle.get(articleId) ?? []
  }

  async createEntity(draft: EntityDraft): Promise<Entity> {
    if (this.entityById(draft.id)) throw new UserError('An entity with this id exists already')
    const now = new Date().toISOString()
    const entity: Entity = {
      id: draft.id,
      name: draft.name,
      type: draft.type,
      aliases: uniqueTerms(draft.aliases ?? [], draft.name),
      note: draft.note ?? '',
      createdAt: now,
      updatedAt: now,
    }
    return this.registry.update((data) => ({ next: { ...data, entities: [...data.entities, entity] }, result: entity }))
  }

  /** Puts an entity into the registry exactly as given (importing an export). */
  async restoreEntity(entity: Entity): Promise<Entity> {
    if (this.entityById(entity.id)) throw new UserError('An entity with this id exists already')
    return this.registry.update((data) => ({ next: { ...data, entities: [...data.entities, entity] }, result: entity }))
  }

  async updateEntity(id: string, patch: EntityPatch): Promise<Entity> {
    return this.registry.update((data) => {
      const old = data.entities.find((e) => e.id === id)
      if (!old) throw new UserError('That entity is no longer in the registry')
      const name = patch.name ?? old.name
      const updated: Entity = {
        ...old,
        name,
        type: patch.type ?? old.type,
        aliases: uniqueTerms(patch.aliases ?? old.aliases, name),
        note: patch.note ?? old.note,
        updatedAt: new Date().toISOString(),
      }
      return { next: { ...data, entities: data.entities.map((e) => (e.id === id ? updated : e)) }, result: updated }
    })
  }

  /** Removes an entity; its mentions stay, unlinked (an entity tag without an entity, a quote without a speaker id). */
  async deleteEntity(id: string): Promise<{ unlinked: number }> {
    const entity = this.entityById(id)
    if (!entity) throw new UserError('That entity is no longer in the registry')
    let unlinked = 0
    await this.forEachAnnotationFile(async (articleId, file) => {
      const refs = file.data.annotations.filter((a) => refersTo(a, id))
      if (refs.length === 0) return
      unlinked += refs.length
      await file.update((data) => {
        data.annotations = data.annotations.map((a) => (refersTo(a, id) ? repoint(a, id, undefined, entity.name) : a))
      })
      void articleId
    })
    await this.registry.update((data) => ({
      next: { ...data, entities: data.entities.filter((e) => e.id !== id) },
      result: null,
    }))
    return { unlinked }
  }

  /** Merges `removeId` into `keepId`: every mention follows, names become aliases. */
  async mergeEntities(keepId: string, removeId: string): Promise<MergeRecord> {
    const keptBefore = this.entityById(keepId)
    const removed = this.entityById(removeId)
    if (!keptBefore || !removed) throw new UserError('Both entities must be in the registry')
    if (keepId === removeId) throw new UserError('Choose two different entities to merge')
    const moved: MergeRecord['moved'] = []
    await this.forEachAnnotationFile(async (articleId, file) => {
      const refs = file.data.annotations.filter((a) => refersTo(a, removeId))
      if (refs.length === 0) return
      for (const a of refs) moved.push({ articleId, annotationId: a.id, field: a.kind === 'quote' ? 'speakerId' : 'entityId' })
      await file.update((data) => {
        data.annotations = data.annotations.map((a) =>
          refersTo(a, removeId) ? repoint(a, removeId, keepId, keptBefore.name) : a,
        )
      })
    })
    const kept = await this.updateEntity(keepId, { aliases: [...keptBefore.aliases, removed.name, ...removed.aliases] })
    await this.registry.update((data) => ({
      next: { ...data, entities: data.entities.filter((e) => e.id !== removeId) },
      result: null,
    }))
    return { kept, keptBefore, removed, moved }
  }

  /** Reverses a merge: the removed entity comes back and the moved references point at it again. */
  async undoMerge(record: MergeRecord): Promise<Entity> {
    if (this.entityById(record.removed.id)) throw new UserError('That merge was undone already')
    await this.registry.update((data) => ({
      next: {
        ...data,
        entities: [...data.entities.map((e) => (e.id === record.keptBefore.id ? record.keptBefore : e)), record.removed],
      },
      result: null,
    }))
    const byArticle = new Map<string, Set<string>>()
    for (const m of record.moved) byArticle.set(m.articleId, (byArticle.get(m.articleId) ?? new Set()).add(m.annotationId))
    for (const [articleId, ids] of byArticle) {
      if (!this.entries.has(articleId)) continue
      const file = await this.annotationFile(articleId)
      await file.update((data) => {
        data.annotations = data.annotations.map((a) =>
          ids.has(a.id) ? repoint(a, record.keptBefore.id, record.removed.id, record.removed.name) : a,
        )
      })
    }
    return record.removed
  }

  /** Every annotation that names the entity (as a mention or as a quote's speaker), by article. */
  async entityMentions(id: string): Promise<EntityMentions> {
    if (!this.entityById(id)) throw new UserError('That entity is no longer in the registry')
    const groups: EntityMentions = []
    await this.forEachAnnotationFile(async (articleId, file) => {
      const mentions = file.data.annotations
        .filter((a) => refersTo(a, id))
        .sort((a, b) => a.start - b.start)
        .map((a) => ({
          annotationId: a.id,
          kind: a.kind,
          role: a.kind === 'quote' ? ('speaker' as const) : ('mention' as const),
          exact: a.exact,
          start: a.start,
          end: a.end,
        }))
      if (mentions.length === 0) return
      const entry = this.entries.get(articleId)!
      groups.push({ articleId, path: entry.path, title: this.titleOf(entry), mentions })
    })
    return groups.sort((a, b) => a.path.localeCompare(b.path))
  }

  /**
   * Untagged occurrences of an entity's name and aliases across the workspace (case- and
   * accent-insensitive, on word boundaries), for the journalist to accept or reject.
   */
  async findOccurrences(id: string, limitPerArticle = 500): Promise<OccurrenceGroups> {
    const entity = this.entityById(id)
    if (!entity) throw new UserError('That entity is no longer in the registry')
    const terms = [entity.name, ...entity.aliases]
    const groups: OccurrenceGroups = []
    for (const entry of this.entries.values()) {
      if (entry.error) continue
      const article = await this.loadText(entry).catch(() => null)
      if (!article) continue
      const tagged = (await this.annotationFile(entry.id)).data.annotations.filter((a) => a.kind === 'entity')
      const matches = findMentions(article.text, terms)
        .filter((m) => !tagged.some((t) => t.start < m.end && m.start < t.end))
        .slice(0, limitPerArticle)
        .map((m) => ({ start: m.start, end: m.end, exact: m.exact }))
      if (matches.length) groups.push({ articleId: entry.id, path: entry.path, title: this.titleOf(entry), matches })
    }
    return groups
  }

  /** Runs `fn` over the annotation file of every readable article, one at a time. */
  private async forEachAnnotationFile(fn: (articleId: string, file: AnnotationFile) => Promise<void>): Promise<void> {
    const existing = await this.annotationFileNames()
    for (const entry of this.entries.values()) {
      if (!existing.has(entry.id)) continue
      await fn(entry.id, await this.annotationFile(entry.id))
    }
  }

  // ── Comparing two versions ─────────────────────────────────────────────────────────────────────

  /** Paragraph pairing of two articles (with the user's corrections) and the discrepancies found. */
  async compare(leftId: string, rightId: string): Promise<Comparison> {
    const [left, right] = await Promise.all([this.loadText(this.entry(leftId)), this.loadText(this.entry(rightId))])
    const fixes = this.alignments.data.pairs[`${leftId}|${rightId}`] ?? []
    const pairs = alignBlocks(left.text, left.blocks, right.text, right.blocks, fixes)
    const names = this.entities().map((e) => [e.name, ...e.aliases])
    return {
      pairs: pairs.map((p) => ({ ...p, fixed: fixes.some((f) => f.left === p.left && f.right === p.right) })),
      discrepancies: findDiscrepancies(left.text, left.blocks, right.text, right.blocks, pairs, names),
    }
  }

  /** Stores a paragraph pairing the user made by hand (it replaces any fix for either paragraph). */
  async fixAlignment(leftId: string, rightId: string, left: number, right: number): Promise<Comparison> {
    this.entry(leftId)
    this.entry(rightId)
    const key = `${leftId}|${rightId}`
    await this.alignments.update((data) => {
      const kept = (data.pairs[key] ?? []).filter((f) => f.left !== left && f.right !== right)
      return { next: { ...data, pairs: { ...data.pairs, [key]: [...kept, { left, right }] } }, result: null }
    })
    return this.compare(leftId, rightId)
  }

  // ── Links between annotations ──────────────────────────────────────────────────────────────────

  async createLink(draft: LinkDraft, createdAt = new Date().toISOString()): Promise<Link> {
    for (const end of [draft.from, draft.to]) {
      this.entry(end.articleId)
      const file = await this.annotationFile(end.articleId)
      if (!file.data.annotations.some((a) => a.id === end.annotationId))
        throw new UserError('A linked annotation no longer exists')
    }
    if (draft.from.articleId === draft.to.articleId && draft.from.annotationId === draft.to.annotationId)
      throw new UserError('An annotation cannot be its own evidence')
    const link: Link = { ...draft, createdAt }
    return this.linkFile.update((data) => {
      if (data.links.some((l) => l.id === link.id)) throw new UserError('That link exists already')
      return { next: { ...data, links: [...data.links, link] }, result: link }
    })
  }

  async deleteLink(id: string): Promise<Link> {
    return this.linkFile.update((data) => {
      const link = data.links.find((l) => l.id === id)
      if (!link) throw new UserError('That link no longer exists')
      return { next: { ...data, links: data.links.filter((l) => l.id !== id) }, result: link }
    })
  }

  /** The links with an end in this article, each with the annotation at its other end. */
  async linksFor(articleId: string): Promise<LinkView[]> {
    this.entry(articleId)
    const views: LinkView[] = []
    for (const link of this.linkFile.data.links) {
      const outgoing = link.from.articleId === articleId
      if (!outgoing && link.to.articleId !== articleId) continue
      const other = outgoing ? link.to : link.from
      const entry = this.entries.get(other.articleId)
      if (!entry || entry.error) continue
      const annotation = (await this.annotationFile(other.articleId)).data.annotations.find((a) => a.id === other.annotationId)
      if (!annotation) continue
      views.push({
        link,
        outgoing,
        other: {
          articleId: other.articleId,
          path: entry.path,
          title: this.titleOf(entry),
          annotationId: annotation.id,
          kind: annotation.kind,
          exact: annotation.exact,
        },
      })
    }
    return views
  }

  /** Stops the background fill-in, compacts annotation journals and writes pending index changes; call before the process exits. */
  async close(): Promise<void> {
    this.closed = true
    this.ocrAbort.abort() // a scan being read stops at once; the pages read so far are kept
    await this.settled()
    await this.flushAnnotationFiles()
    if (this.indexDirty) await this.saveIndex()
    await this.indexQueue.idle()
  }

  /** How scans are read: results kept in `.spanwise/ocr/` by content hash, progress told, stopped by close(). */
  private ocrOptions(path: string): OcrOptions {
    const onOcrProgress = this.options.onOcrProgress
    return {
      cacheDir: join(this.dataDir, 'ocr'),
      signal: this.ocrAbort.signal,
      ...(onOcrProgress ? { onProgress: (progress: OcrProgress) => onOcrProgress(path, progress) } : {}),
    }
  }

  private entry(articleId: string): IndexEntry {
    const entry = this.entries.get(articleId)
    if (!entry) throw new UserError('That article is not in this workspace (was the file moved or deleted?)')
    if (entry.error) throw new UserError(`${entry.path}: ${entry.error}`)
    return entry
  }

  private async loadText(entry: IndexEntry): Promise<ArticleText & { contentHash: string }> {
    const cached = this.texts.get(entry.id)
    if (cached) {
      // Most recently used last, so the oldest is evicted first.
      this.texts.delete(entry.id)
      this.texts.set(entry.id, cached)
      return cached
    }
    const bytes = await readWholeFile(join(this.root, entry.path))
    // The language is detected once per indexed file: here only if the background has not come to it yet.
    const article = await extractArticle(bytes, entry.path, {
      detectLanguage: entry.languagePending === true,
      ocr: this.ocrOptions(entry.path),
    })
    if (!article.metadata.language && entry.language) article.metadata = { ...article.metadata, language: entry.language }
    const loaded = { ...article, contentHash: hashText(article.text) }
    if (entry.languagePending && loaded.contentHash === entry.contentHash && this.entries.get(entry.id) === entry) {
      this.entries.set(entry.id, withLanguage(entry, article.metadata.language))
      this.scheduleIndexSave()
    }
    this.texts.set(entry.id, loaded)
    if (this.texts.size > TEXT_CACHE_SIZE) this.texts.delete(this.texts.keys().next().value!)
    return loaded
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
      const article = await extractArticle(bytes, file.relPath, { detectLanguage: detectNow, ocr: this.ocrOptions(file.relPath) })
      const contentHash = hashText(article.text)
      this.texts.delete(id)
      const language = article.metadata.language
      return {
        ...base,
        contentHash,
        title: titleOf(article, file.relPath),
        ...(language ? { language } : detectNow ? {} : { languagePending: true as const }),
      }
    } catch (error) {
      return { ...base, contentHash: '', title: basename(file.relPath), error: oneLine(error) }
    }
  }

  private annotationFile(articleId: string): Promise<AnnotationFile> {
    let file = this.files.get(articleId)
    if (file) {
      // Most recently used last.
      this.files.delete(articleId)
      this.files.set(articleId, file)
    } else {
      const entry = this.entries.get(articleId)
      file = AnnotationFile.open(
        this.dataDir,
        articleId,
        () => ({
          version: ANNOTATION_FILE_VERSION,
          articleId,
          path: entry?.path ?? '',
          textHash: entry?.contentHash ?? '',
          annotations: [],
        }),
        this.options.onRecover,
        { ...DEFAULT_JOURNAL_OPTIONS, ...this.options.journal },
      )
      // A failed open (e.g. a newer format) is not cached, so a later attempt can succeed.
      file.then(
        (loaded) => this.loadedFiles.set(articleId, loaded),
        () => this.files.delete(articleId),
      )
      this.files.set(articleId, file)
      this.evictIdleFiles()
    }
    return file
  }

  /**
   * Lets go of the least recently used idle annotation files beyond OPEN_FILES. One whose journal is not
   * compacted yet is compacted now and let go on a later pass (letting it go earlier would be safe, as
   * the next open replays the journal, but would leave its journal open).
   */
  private evictIdleFiles(): void {
    if (this.files.size <= OPEN_FILES) return
    for (const id of this.files.keys()) {
      if (this.files.size <= OPEN_FILES) break
      const loaded = this.loadedFiles.get(id)
      if (loaded && !loaded.busy) {
        this.files.delete(id)
        this.loadedFiles.delete(id)
      } else loaded?.compactSoon()
    }
  }

  /**
   * Folds every loaded file's journal into its JSON file. A failure (read-only folder) is not an error
   * here: the journal is durable and is compacted when the article is next opened.
   */
  private async flushAnnotationFiles(): Promise<void> {
    await Promise.all([...this.loadedFiles.values()].map((file) => file.flush().catch(() => undefined)))
  }

  /**
   * The annotations folder in one readdir, no stat: per article with annotations on disk, the names of
   * its JSON file and journals (`.journal`, and `.journal.next` while or if a compaction was cut short).
   */
  private async annotationFileNames(): Promise<Map<string, string[]>> {
    const names = await fs.readdir(join(this.dataDir, 'annotations')).catch(() => [] as string[])
    const byArticle = new Map<string, string[]>()
    for (const name of names) {
      const suffix = ANNOTATION_FILE_SUFFIXES.find((s) => name.endsWith(s))
      if (!suffix) continue
      const id = name.slice(0, -suffix.length)
      byArticle.set(id, [...(byArticle.get(id) ?? []), name])
    }
    return byArticle
  }

  /** Per article with annotations on disk, the latest mtime of its JSON file and journals, and those names. */
  private async annotationFileMtimes(): Promise<{ mtimes: Map<string, number>; names: Map<string, string[]> }> {
    const dir = join(this.dataDir, 'annotations')
    const names = await this.annotationFileNames()
    const mtimes = new Map<string, number>()
    await forEachLimited(
      [...names].flatMap(([id, files]) => files.map((name) => [id, name] as const)),
      READ_CONCURRENCY,
      async ([id, name]) => {
        const stat = await statFile(join(dir, name)).catch(() => null)
        if (stat) mtimes.set(id, Math.max(stat.mtimeMs, mtimes.get(id) ?? 0))
      },
    )
    return { mtimes, names }
  }

  /**
   * Annotation counts for the library: a cache, so the file is only parsed, not validated (it is
   * validated when the article is opened). A file that is loaded already is counted from memory.
   * `files` are the article's names in the annotations folder (annotationFileNames).
   */
  private async countAnnotations(articleId: string, files: readonly string[]): Promise<AnnotationCounts> {
    const loaded = this.loadedFiles.get(articleId)
    if (loaded) return countsOf(loaded.data.annotations)
    // Changes still in a journal (a crash, another process): open it, which replays (and compacts) it.
    if (files.some((name) => !name.endsWith('.json'))) {
      const file = await this.annotationFile(articleId).catch(() => null)
      if (file) return countsOf(file.data.annotations)
    }
    try {
      const raw = JSON.parse(await fs.readFile(join(this.dataDir, 'annotations', `${articleId}.json`), 'utf8')) as {
        annotations?: { kind?: string }[]
      }
      const counts = { quote: 0, claim: 0, entity: 0 }
      for (const a of raw.annotations ?? []) if (a.kind === 'quote' || a.kind === 'claim' || a.kind === 'entity') counts[a.kind]++
      return counts
    } catch {
      return { quote: 0, claim: 0, entity: 0 }
    }
  }

  private countsChanged(articleId: string, file: AnnotationFile): void {
    const entry = this.entries.get(articleId)
    if (!entry) return
    this.entries.set(articleId, { ...entry, counts: countsOf(file.data.annotations), countsMtimeMs: -1 })
    // The library showed no count yet (the background had not counted it): now there is one.
    if (!entry.counts) this.options.onArticlesUpdated?.([articleId])
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
}

function parseAttributes(kind: AnnotationKind, raw: Record<string, unknown>) {
  const result = ATTRIBUTE_SCHEMAS[kind].safeParse(raw)
  if (!result.success) throw new UserError(`Invalid ${kind} attributes: ${result.error.issues[0]?.message ?? 'invalid'}`)
  return result.data
}

/** Whether an annotation points at an entity (as its mention, or as a quote's speaker). */
function refersTo(a: Annotation, entityId: string): boolean {
  return (
    (a.kind === 'entity' && a.attributes.entityId === entityId) || (a.kind === 'quote' && a.attributes.speakerId === entityId)
  )
}

/** Moves an annotation's entity reference from one entity to another (or to none). */
function repoint(a: Annotation, from: string, to: string | undefined, name: string): Annotation {
  const now = new Date().toISOString()
  if (a.kind === 'entity' && a.attributes.entityId === from) {
    const { entityId: _old, ...rest } = a.attributes
    return { ...a, attributes: to ? { ...rest, entityId: to } : rest, updatedAt: now }
  }
  if (a.kind === 'quote' && a.attributes.speakerId === from) {
    const { speakerId: _old, ...rest } = a.attributes
    return { ...a, attributes: to ? { ...rest, speaker: name, speakerId: to } : { ...rest, speaker: name }, updatedAt: now }
  }
  return a
}

/** Aliases without duplicates (ignoring case) and without the name itself. */
function uniqueTerms(aliases: readonly string[], name: string): string[] {
  const seen = new Set([name.toLocaleLowerCase()])
  const out: string[] = []
  for (const alias of aliases.map((a) => a.trim()).filter(Boolean)) {
    const key = alias.toLocaleLowerCase()
    if (seen.has(key)) continue
    seen.add(key)
    out.push(alias)
  }
  return out
}

/** A patch sets an optional attribute to null to remove it (JSON has no undefined). */
function dropNulls(attributes: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(attributes).filter(([, v]) => v !== null && v !== undefined))
}

/** Items by key; the first of any with the same key wins, as a find() would. */
function firstBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T> {
  const byKey = new Map<string, T>()
  for (const item of items) if (!byKey.has(key(item))) byKey.set(key(item), item)
  return byKey
}

/** Items grouped by key, each group in the items' order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const group = groups.get(key(item))
    if (group) group.push(item)
    else groups.set(key(item), [item])
  }
  return groups
}

/** The entry with its language detected (none when unsure). */
function withLanguage(entry: IndexEntry, language: string | undefined): IndexEntry {
  const { languagePending: _detected, language: _unknown, ...rest } = entry
  return language ? { ...rest, language } : rest
}

function sameCounts(a: AnnotationCounts | undefined, b: AnnotationCounts): boolean {
  return a !== undefined && a.quote === b.quote && a.claim === b.claim && a.entity === b.entity
}

function countsOf(annotations: readonly Annotation[]): AnnotationCounts {
  const counts = { quote: 0, claim: 0, entity: 0 }
  for (const a of annotations) counts[a.kind]++
  return counts
}

/** A stable id from the file's relative path: the same file gets the same id on every machine. */
export function articleIdFor(relPath: string): string {
  return createHash('sha256').update(relPath).digest('hex').slice(0, 16)
}

export function hashText(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`
}

function titleOf(article: ArticleText, relPath: string): string {
  if (article.metadata.title) return article.metadata.title
  const first = article.blocks.find((b) => b.type === 'heading') ?? article.blocks[0]
  const line = first ? article.text.slice(first.start, first.end).split('\n')[0].trim() : ''
  if (!line) return basename(relPath)
  return line.length > 120 ? `${line.slice(0, 119)}…` : line
}

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message.split('\n')[0].slice(0, 300)
}

async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++])
  })
  await Promise.all(workers)
}
