/**
 * An open workspace: a folder of the user's article files plus Spanwise's own data in `.spanwise/`.
 * The user's files are only ever read. Runs under plain Node (no Electron), so the app, the CLI and the
 * tests all use this same code.
 *
 * `Workspace` is a thin front over modules of one concept each (as ProseMirror's EditorView is over its
 * modules): `Library` (scan, fill, counts, the index), `ArticleStore` (texts, annotation files,
 * re-anchoring, snapshots), `Annotations`, `EntityRegistry`, `Links`, `Comparisons`, `ClaimStatuses`
 * and `ArticleMetadataEdits`. Its methods keep the names callers and tests use.
 */
import { promises as fs } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import type { z } from 'zod'
import type { Said } from '../../shared/i18n'
import type {
  Annotation,
  AnnotationDraft,
  AnnotationPatch,
  ArticleSummary,
  Comparison,
  Entity,
  EntityDeleteRecord,
  EntityDraft,
  EntityMentions,
  EntityPatch,
  Link,
  LinkDraft,
  LinkView,
  MergeRecord,
  OccurrenceGroups,
  OpenedArticle,
} from '../../shared/model'
import type { ArticleForExport } from '../../shared/export/spanwise-json'
import type { OcrOptions, OcrProgress } from '../import'
import { installedModels, isScanPath } from '../import/ocr'
import { UserError } from '../../shared/errors'
import type { JournalOptions } from '../store/annotation-file'
import type { RecoveryReport } from '../store/durable-json-file'
import { CollectionFile } from '../store/collection-file'
import { closeDataDir, openDataDir } from '../store/data-dir'
import type { LockOptions } from '../store/workspace-lock'
import type { WriteAccess } from '../store/write-access'
import { articleIdFor } from './article-ids'
import { ArticleMetadataEdits } from './article-metadata'
import { ArticleStore, type ReanchorReport } from './article-store'
import { Annotations } from './annotations'
import { ClaimStatuses } from './claim-statuses'
import { Comparisons } from './comparisons'
import { EntityDiscovery } from './entity-discovery'
import { EntityRegistry } from './entity-registry'
import { describeCompleted, describeInterrupted, IntentLog } from './intents'
import { Library } from './library'
import { openLibraryIndex, type LibraryIndex } from './library-index'
import { Links } from './links'
import { OcrReads } from './ocr-reads'
import { WorkspaceEvents } from './workspace-events'
import { AlignmentsFileData, EntitiesFileData, LinksFileData, MetadataFileData, VocabularyFileData } from './workspace-files'

// Kept here for callers written before the split; new code imports them from their own modules.
export { articleIdFor, hashText } from './article-ids'
export type { ReanchorReport } from './article-store'

/** Spanwise's folder inside a workspace. */
export const DATA_DIR = '.spanwise'

export interface WorkspaceOptions {
  /** Told when a damaged data file was moved aside and recovered. */
  onRecover?: (report: RecoveryReport) => void
  /** Told when an article's annotations were re-anchored because its file changed. */
  onReanchor?: (report: ReanchorReport) => void
  /** When annotation journals are compacted into their JSON files (tests make it frequent). */
  journal?: Partial<JournalOptions>
  /**
   * Told when library rows changed (annotation counts and languages filled in the background after an
   * open or refresh, at most every 500 ms; edited metadata), with the ids of the rows that changed.
   * The same as `events.onDidChangeArticles` without `content`, for callers that open and forget.
   */
  onArticlesUpdated?: (articleIds: string[]) => void
  /** Read without changing a byte (the command line): no lock, nothing created, changes refused. */
  readOnly?: boolean
  /** The workspace lock's timings (tests make them short). */
  lock?: LockOptions
  /** Told before each page of a scan (image, PDF without text layer) is read by OCR. */
  onOcrProgress?: (path: string, progress: OcrProgress) => void
  /** Told when reading a scan stopped (done, failed or cancelled), after its progress was told. */
  onOcrEnd?: (path: string) => void
  /** Scans indexed at once and read by OCR in the background (default), or read when scanned (false). */
  ocrInBackground?: boolean
  /**
   * How many new or changed files a scan reads before the library is ready (default READ_AT_OPEN,
   * 1,000); beyond that, they are listed from the scan (file name as title) and read in the background.
   * A process that does not read scans in the background (ocrInBackground false) reads them all.
   */
  readAtOpen?: number
  /**
   * A warm open whose index holds more articles than this (default SCAN_AT_OPEN, 1,000) lists the
   * library from the index and checks the folder in the background; up to it, the folder is scanned first.
   */
  scanAtOpen?: number
}

/** The library's index and the workspace-wide JSON documents beside it, opened together. */
interface WorkspaceFiles {
  index: LibraryIndex
  registry: CollectionFile<EntitiesFileData>
  links: CollectionFile<LinksFileData>
  vocabulary: CollectionFile<VocabularyFileData>
  metadata: CollectionFile<MetadataFileData>
  alignments: CollectionFile<AlignmentsFileData>
}

export class Workspace {
  readonly name: string
  readonly dataDir: string
  /** What changed, as the modules announce it: subscribe rather than pass changes on by hand. */
  readonly events = new WorkspaceEvents()
  readonly library: Library
  readonly store: ArticleStore
  readonly registry: EntityRegistry
  readonly links: Links
  readonly annotations: Annotations
  readonly comparisons: Comparisons
  readonly discovery: EntityDiscovery
  readonly claimLabels: ClaimStatuses
  readonly metadata: ArticleMetadataEdits
  /** Operations across files recorded before they start (intents.ts). */
  readonly intents: IntentLog
  /** Reading scans by OCR: stopped first when the workspace closes. */
  private readonly ocr: OcrReads
  /** Scans being read again in other languages, with the models they were read with before (Cancel goes back). */
  private readonly rereads = new Map<string, readonly string[] | undefined>()

  private constructor(
    readonly root: string,
    files: WorkspaceFiles,
    options: WorkspaceOptions,
    private readonly access: WriteAccess,
  ) {
    this.name = basename(root)
    this.dataDir = join(root, DATA_DIR)
    const events = this.events
    const { onArticlesUpdated } = options
    if (onArticlesUpdated) events.onDidChangeArticles((c) => c.content || onArticlesUpdated(c.articleIds))
    this.metadata = new ArticleMetadataEdits(files.metadata, events)
    this.claimLabels = new ClaimStatuses(files.vocabulary, events)
    this.ocr = new OcrReads(this.dataDir, access, options, (path) => this.metadata.ocrModels(articleIdFor(path)))
    this.library = new Library(root, files.index, this.metadata, events, this.ocr, options.readAtOpen, options.scanAtOpen)
    this.store = new ArticleStore(root, this.dataDir, this.library, { ...options, access, ocr: this.ocr })
    this.library.attach(this.store)
    this.intents = new IntentLog(join(this.dataDir, 'intents'), access)
    this.registry = new EntityRegistry(files.registry, this.library, this.store, events, this.intents)
    this.links = new Links(files.links, this.library, this.store, events)
    this.annotations = new Annotations(
      this.library,
      this.store,
      this.registry,
      this.links,
      this.claimLabels,
      this.metadata,
      events,
      this.intents,
    )
    this.comparisons = new Comparisons(files.alignments, this.library, this.store, this.registry)
    this.discovery = new EntityDiscovery(files.vocabulary, this.library, this.store, this.registry, this.annotations)
  }

  /** Opens (and on first use initialises) the workspace at `root`, then scans it. */
  static async open(root: string, options: WorkspaceOptions = {}): Promise<Workspace> {
    const absRoot = resolve(root)
    const stat = await fs.stat(absRoot).catch(() => null)
    if (!stat?.isDirectory()) throw new UserError(`Not a folder: ${absRoot}`, 'not-found')
    // Refuses a linked .spanwise (or folder in it), and takes the workspace lock or opens read-only.
    const access = await openDataDir(absRoot, options)
    try {
      return await Workspace.openFiles(absRoot, options, access)
    } catch (error) {
      await closeDataDir(absRoot, access)
      throw error
    }
  }

  private static async openFiles(absRoot: string, options: WorkspaceOptions, access: WriteAccess): Promise<Workspace> {
    const dataDir = join(absRoot, DATA_DIR)
    const index = await openLibraryIndex(dataDir, options.onRecover, access)
    const open = <T extends { version: number }>(name: string, schema: z.ZodType<T>, empty: T) =>
      CollectionFile.open(join(dataDir, name), schema, empty, options.onRecover, { access })
    const registry = await open('entities.json', EntitiesFileData, { version: 1, entities: [] })
    const links = await open('links.json', LinksFileData, { version: 1, links: [] })
    const vocabulary = await open('vocabulary.json', VocabularyFileData, { version: 1, claimStatuses: [] })
    const metadata = await open('metadata.json', MetadataFileData, { version: 1, articles: {} })
    const alignments = await open('alignments.json', AlignmentsFileData, { version: 1, pairs: {} })
    const workspace = new Workspace(absRoot, { index, registry, links, vocabulary, metadata, alignments }, options, access)
    await workspace.refresh()
    // Read-only (the command line, a second Spanwise): an interrupted operation is left for the writer.
    if (access.writable) await workspace.completeInterrupted(options.onRecover)
    return workspace
  }

  /**
   * Completes the operations across files that a crash interrupted (their intent records are still in
   * `.spanwise/intents/`), each from the start (twice is once), and tells the user each time.
   */
  private async completeInterrupted(onRecover?: (report: RecoveryReport) => void): Promise<void> {
    for (const pending of await this.intents.pending()) {
      if ('damaged' in pending) {
        onRecover?.({ file: pending.path, movedTo: pending.damaged, restored: false, reason: 'unreadable intent record' })
        continue
      }
      const { intent } = pending
      try {
        let links = 0
        if (intent.op === 'delete-annotation')
          links = (await this.annotations.remove(intent.articleId, intent.annotationId)).length
        else if (intent.op === 'delete-entity') await this.registry.completeDelete(intent.entityId, intent.name)
        else await this.registry.completeMerge(intent)
        await this.intents.done(pending.path)
        onRecover?.({ file: pending.path, movedTo: '', restored: true, reason: describeCompleted(intent, links) })
      } catch (error) {
        // A folder that refuses writes: the record stays, and the next open tries again.
        const why = error instanceof Error ? error.message : String(error)
        onRecover?.({ file: pending.path, movedTo: '', restored: false, reason: `${describeInterrupted(intent)}: ${why}` })
      }
    }
  }

  // ── The library ──────────────────────────────────────────────────────────────────────────────

  /** Rescans the folder; returns the ids of articles that appeared, changed or disappeared (see Library.refresh). */
  refresh(changedPaths?: readonly string[]): Promise<string[]> {
    return this.library.refresh(changedPaths)
  }

  /** Resolves when the background fill-in after the last open or refresh is done (and the index written). */
  settled(): Promise<void> {
    return this.library.settled()
  }

  /** The library: one summary per article, in path order. */
  articles(): ArticleSummary[] {
    return this.library.articles()
  }

  /** One library row by id, in O(1) (articles() builds every row). */
  summary(articleId: string): ArticleSummary | undefined {
    return this.library.summary(articleId)
  }

  /** The article file's size in bytes when last scanned (0 if unknown): how much reading it will hold. */
  fileSize(articleId: string): number {
    return this.library.fileSize(articleId)
  }

  has(articleId: string): boolean {
    return this.library.has(articleId)
  }

  /** Edits an article's metadata (title, byline, outlet, date, URL, language); an empty value reverts to the file's. */
  async updateMetadata(articleId: string, patch: Record<string, string>): Promise<void> {
    this.library.entry(articleId)
    await this.metadata.update(articleId, patch)
  }

  // ── Articles and annotations ─────────────────────────────────────────────────────────────────

  openArticle(articleId: string, options: { context: boolean } = { context: true }): Promise<OpenedArticle> {
    return this.annotations.openArticle(articleId, options)
  }

  /** Everything the exporters need for one article. */
  async articleForExport(articleId: string): Promise<ArticleForExport> {
    const opened = await this.openArticle(articleId)
    return { ...opened, links: this.links.from(articleId) }
  }

  reattachAnnotation(articleId: string, annotationId: string, start: number, end: number): Promise<Annotation> {
    return this.annotations.reattach(articleId, annotationId, start, end)
  }

  createAnnotation(articleId: string, draft: AnnotationDraft): Promise<Annotation> {
    return this.annotations.create(articleId, draft)
  }

  updateAnnotation(articleId: string, annotationId: string, patch: AnnotationPatch): Promise<Annotation> {
    return this.annotations.update(articleId, annotationId, patch)
  }

  /** Deletes an annotation and the links that touch it (and nothing else); returns those links. */
  deleteAnnotation(articleId: string, annotationId: string): Promise<Link[]> {
    return this.annotations.delete(articleId, annotationId)
  }

  /** Puts back a deleted annotation exactly as it was, with its links (undo of a delete). */
  restoreAnnotation(articleId: string, annotation: Annotation, links: readonly Link[]): Promise<Annotation> {
    return this.annotations.restore(articleId, annotation, links)
  }

  // ── Claim status labels ──────────────────────────────────────────────────────────────────────

  claimStatuses(): string[] {
    return this.claimLabels.all()
  }

  customClaimStatuses(): string[] {
    return this.claimLabels.custom()
  }

  addClaimStatus(label: string): Promise<string[]> {
    return this.claimLabels.add(label)
  }

  // ── The entity registry ──────────────────────────────────────────────────────────────────────

  entities(): Entity[] {
    return this.registry.entities()
  }

  createEntity(draft: EntityDraft): Promise<Entity> {
    return this.registry.create(draft)
  }

  restoreEntity(entity: Entity): Promise<Entity> {
    return this.registry.restore(entity)
  }

  updateEntity(id: string, patch: EntityPatch): Promise<Entity> {
    return this.registry.update(id, patch)
  }

  deleteEntity(id: string): Promise<EntityDeleteRecord> {
    return this.registry.delete(id)
  }

  undoDeleteEntity(record: EntityDeleteRecord): Promise<Entity> {
    return this.registry.undoDelete(record)
  }

  mergeEntities(keepId: string, removeId: string): Promise<MergeRecord> {
    return this.registry.merge(keepId, removeId)
  }

  undoMerge(record: MergeRecord): Promise<Entity> {
    return this.registry.undoMerge(record)
  }

  entityMentions(id: string): Promise<EntityMentions> {
    return this.registry.mentions(id)
  }

  findOccurrences(id: string, limitPerArticle = 500): Promise<OccurrenceGroups> {
    return this.registry.findOccurrences(id, limitPerArticle)
  }

  // ── Comparing two versions ───────────────────────────────────────────────────────────────────

  compare(leftId: string, rightId: string): Promise<Comparison> {
    return this.comparisons.compare(leftId, rightId)
  }

  fixAlignment(leftId: string, rightId: string, left: number, right: number): Promise<Comparison> {
    return this.comparisons.fixAlignment(leftId, rightId, left, right)
  }

  // ── Links between annotations ────────────────────────────────────────────────────────────────

  createLink(draft: LinkDraft, createdAt?: string): Promise<Link> {
    return this.links.create(draft, createdAt)
  }

  deleteLink(id: string): Promise<Link> {
    return this.links.delete(id)
  }

  /** The links with an end in this article, each with the annotation at its other end. */
  linksFor(articleId: string): Promise<LinkView[]> {
    return this.links.viewsFor(articleId)
  }

  /** Stops the background fill-in, compacts annotation journals and writes pending index changes; call before the process exits. */
  async close(): Promise<void> {
    this.ocr.stop() // a scan being read stops at once; the pages read so far are kept
    await this.discovery.stop()
    await this.library.stop()
    await this.store.flush()
    // Read-only: the index (a cache) stays as it is.
    if (this.access.writable) await this.library.close()
    await closeDataDir(this.root, this.access)
    this.events.dispose()
  }

  /**
   * Stops reading a scan in the background: that article's (`articleId`), or every one under way. Its
   * row says the reading stopped; the pages read so far are kept for the next time.
   */
  cancelOcr(articleId?: string): void {
    this.library.cancelOcr(articleId)
    // A cancelled re-read goes back to the reading the scan had (kept in the cache), not to no text.
    for (const [id, previous] of [...this.rereads]) {
      if (articleId !== undefined && id !== articleId) continue
      this.rereads.delete(id)
      if (!this.library.isOcrPending(id)) continue
      void this.metadata.setOcrModels(id, previous).then(() => this.library.rereadOcr(id))
    }
  }

  /**
   * Reads a scan again with other OCR models (`['eng']`, `['spa', 'eng']`): the choice is kept in
   * `.spanwise/metadata.json` (the app and the command line read the scan with it from then on), the
   * row shows the reading page by page with a Cancel, and the annotations are re-anchored onto the new
   * text when the article is next opened, as for a file edited on disk.
   */
  async rereadOcr(articleId: string, models: readonly string[]): Promise<void> {
    const entry = this.library.entry(articleId)
    if (!isScanPath(entry.path)) throw new UserError(`${entry.path} is not a scan: its text is not read by OCR`, 'invalid-input')
    const installed = new Set(installedModels().map((m) => m.model))
    const missing = models.filter((m) => !installed.has(m))
    if (!models.length || missing.length)
      throw new UserError(`No OCR language data is installed for ${missing.join(', ') || 'no language'}`, 'invalid-input')
    if (!this.rereads.has(articleId) || !this.library.isOcrPending(articleId))
      this.rereads.set(articleId, this.metadata.ocrModels(articleId))
    await this.metadata.setOcrModels(articleId, models)
    this.library.rereadOcr(articleId)
  }

  /** Reads again a scan whose reading was cancelled, from the pages already read (kept in the cache). */
  retryOcr(articleId: string): void {
    this.library.retryOcr(articleId)
  }

  /** How a scan at `path` is read by OCR in this workspace (its cache, progress, stopped on close). */
  ocrOptions(path: string): OcrOptions {
    return this.ocr.options(path)
  }

  /** Why this workspace is open read-only (another Spanwise writes it, the command line reads it); null when writable. */
  get readOnly(): string | null {
    return this.access.reason
  }

  /** The same by catalog key, for the window to say in its language (null when writable or said in English only). */
  get readOnlySaid(): Said | null {
    return this.access.said
  }
}
