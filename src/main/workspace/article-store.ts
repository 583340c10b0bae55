/**
 * The articles' texts and annotation files in memory: extracted texts (a small LRU cache), the loaded
 * `AnnotationFile`s (bounded, idle ones let go), re-anchoring when an article's file changed, and the
 * text snapshots that re-anchoring diffs against. Owns `.spanwise/annotations/` and `.spanwise/snapshots/`.
 * In the process, the loaded `AnnotationFile` is the truth about an article's annotations.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import type { Annotation, AnnotationCounts, ArticleText } from '../../shared/model'
import { UserError } from '../../shared/errors'
import { anchorTarget, reanchorAll, type AnchorResult } from '../../shared/anchoring'
import { extractArticle } from '../import'
import {
  AnnotationFile,
  ANNOTATION_FILE_SUFFIXES,
  ANNOTATION_FILE_VERSION,
  DEFAULT_JOURNAL_OPTIONS,
  type JournalOptions,
  type ListedNames,
} from '../store/annotation-file'
import { writeFileDurably, type RecoveryReport } from '../store/durable-json-file'
import { readPlainFile, readPlainFileOrNull } from '../store/safe-fs'
import type { WriteAccess } from '../store/write-access'
import { hashText } from './article-ids'
import { readWholeFile, statMany } from './file-reads'
import type { OcrReads } from './ocr-reads'
import type { IndexEntry } from './workspace-index'

/** The outcome of re-anchoring one article's annotations after its file changed. */
export interface ReanchorReport {
  articleId: string
  path: string
  unchanged: number
  moved: number
  fuzzy: number
  orphaned: number
}

/** An article's extracted text with the hash its annotations' `textHash` is compared with. */
export type LoadedText = ArticleText & { contentHash: string }

export interface ArticleStoreOptions {
  onRecover?: (report: RecoveryReport) => void
  onReanchor?: (report: ReanchorReport) => void
  journal?: Partial<JournalOptions>
  /** Whether this process may write the workspace (default: yes). */
  access?: WriteAccess
  /** How scans are read by OCR (without it: read, nothing cached). */
  ocr?: OcrReads
}

/** What the store needs of the library's index. */
export interface IndexedArticles {
  get(articleId: string): IndexEntry | undefined
  values(): Iterable<IndexEntry>
  /**
   * The article's text was read: what the background had not learned yet (its language; for a file
   * listed from the scan alone, its hash and title) is recorded from it.
   */
  textRead(entry: IndexEntry, article: LoadedText): void
  /** Where the entry's file is, once known to be reached through no link (a warm open checks later). */
  checkedPath(entry: IndexEntry): Promise<string>
}

/**
 * One listing of the annotations folder for a pass over many articles (withFolderListing), and the
 * articles it no longer vouches for: those loaded when it was taken or opened since (their files may
 * have been written since, by this process; no other process writes while this one holds the lock).
 */
interface FolderListing {
  names: Map<string, ListedNames>
  opened: Set<string>
}

const NOTHING_LISTED: ListedNames = { any: false, journals: false }

/** How many extracted article texts to keep in memory (the open one and recent neighbours). */
const TEXT_CACHE_SIZE = 6
/**
 * How many annotation files to keep loaded. Exporting or searching 10,000 articles reads them all;
 * idle ones beyond this are let go (their data equals the disk) so memory stays bounded.
 */
const OPEN_FILES = 64

export class ArticleStore {
  private readonly files = new Map<string, Promise<AnnotationFile>>()
  /** The files of `files` that finished opening, for the idle check when evicting. */
  private readonly loadedFiles = new Map<string, AnnotationFile>()
  private readonly texts = new Map<string, LoadedText>()
  /** Listings of the annotations folder in use by passes over many articles. */
  private readonly listings = new Set<FolderListing>()

  constructor(
    private readonly root: string,
    private readonly dataDir: string,
    private readonly index: IndexedArticles,
    private readonly options: ArticleStoreOptions,
  ) {}

  async loadText(entry: IndexEntry): Promise<LoadedText> {
    // A scan waiting for OCR is read by the library in the background, never by a reader here.
    if (entry.ocrPending)
      throw new UserError(`${entry.path} is still to be read by OCR: it opens once its text is read`, 'unreadable')
    const cached = this.texts.get(entry.id)
    if (cached) {
      // Most recently used last, so the oldest is evicted first.
      this.texts.delete(entry.id)
      this.texts.set(entry.id, cached)
      return cached
    }
    const bytes = await readWholeFile(await this.index.checkedPath(entry))
    // The language is detected once per indexed file: here only if the background has not come to it yet.
    const article = await extractArticle(bytes, entry.path, {
      detectLanguage: entry.languagePending === true,
      ...(this.options.ocr ? { ocr: this.options.ocr.options(entry.path) } : {}),
    })
    if (!article.metadata.language && entry.language) article.metadata = { ...article.metadata, language: entry.language }
    const loaded = { ...article, contentHash: hashText(article.text) }
    if (entry.unread || entry.languagePending) this.index.textRead(entry, loaded)
    this.texts.set(entry.id, loaded)
    if (this.texts.size > TEXT_CACHE_SIZE) this.texts.delete(this.texts.keys().next().value!)
    return loaded
  }

  /** The annotations of an article whose file is loaded (undefined when it is not). */
  loadedAnnotations(articleId: string): readonly Annotation[] | undefined {
    return this.loadedFiles.get(articleId)?.data.annotations
  }

  /** The cached text of an article is stale (its file was read again). */
  forgetText(articleId: string): void {
    this.texts.delete(articleId)
  }

  /** Drops the cached texts of articles no longer in the library. */
  keepTextsOf(articleIds: { has(id: string): boolean }): void {
    for (const id of this.texts.keys()) if (!articleIds.has(id)) this.texts.delete(id)
  }

  /** The article's text and annotation file, the annotations re-anchored first if the file changed. */
  async loadAnchored(entry: IndexEntry): Promise<{ article: LoadedText; file: AnnotationFile }> {
    const article = await this.loadText(entry)
    const file = await this.annotationFile(entry.id)
    if (file.data.annotations.length === 0) return { article, file }
    if (file.data.textHash !== article.contentHash) await this.reanchor(entry, article)
    const anchored = await this.annotationFile(entry.id)
    await this.orphanMisplaced(entry, article, anchored)
    return { article, file: anchored }
  }

  /**
   * Annotations whose offsets lie outside the text, or do not slice it to their text (a file edited or
   * damaged by hand), become orphans the user can re-attach, and the user is told. Once per text.
   */
  private async orphanMisplaced(entry: IndexEntry, article: LoadedText, file: AnnotationFile): Promise<void> {
    // Refused while another process writes the article's journal: checked when this one can write.
    const orphaned = await file.orphanMisplaced(article.text, article.contentHash).catch(() => [])
    if (orphaned.length === 0) return
    this.options.onRecover?.({
      file: join(this.dataDir, 'annotations', `${entry.id}.json`),
      movedTo: '',
      restored: true,
      reason: `${entry.path}: ${orphaned.length} annotation(s) lay outside the text or did not match it (${orphaned
        .slice(0, 3)
        .map((a) => `"${a.exact.slice(0, 40)}"`)
        .join(', ')}): kept as orphans with their text; re-attach them in the panel`,
    })
  }

  /**
   * The article file changed since its annotations were made: find each one again in the new text
   * (design.md, Anchoring). With the earlier text kept as a snapshot, a diff maps the untouched ones
   * in O(1) each; without it, each is searched by its quote and context. Nothing is dropped: what is
   * not found stays, marked orphaned, with its last text.
   */
  private async reanchor(entry: IndexEntry, article: LoadedText): Promise<void> {
    const oldText = await readPlainFileOrNull(this.snapshotPath(entry.id)).catch(() => null)
    const report: ReanchorReport = { articleId: entry.id, path: entry.path, unchanged: 0, moved: 0, fuzzy: 0, orphaned: 0 }
    const file = await this.annotationFile(entry.id)
    // The anchoring runs inside the queued change, on the data as it is then (no lost update).
    const changed = await file.update(
      (data) => {
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
      },
      { transient: true },
    ) // read-only: re-anchored in memory (and again on each open), never refused
    if (!changed) return
    if (this.options.access?.writable ?? true) await this.writeSnapshot(entry.id, article.text)
    this.options.onReanchor?.(report)
  }

  private snapshotPath(articleId: string): string {
    return join(this.dataDir, 'snapshots', `${articleId}.txt`)
  }

  /** Keeps the text the annotations' offsets refer to, so a later change can be diffed against it. */
  async writeSnapshot(articleId: string, text: string): Promise<void> {
    this.options.access?.check()
    await fs.mkdir(join(this.dataDir, 'snapshots'), { recursive: true })
    await writeFileDurably(this.snapshotPath(articleId), text, this.options.access)
  }

  /** The article's annotation file, opened (journal replayed) on first use. */
  annotationFile(articleId: string): Promise<AnnotationFile> {
    let file = this.files.get(articleId)
    if (file) {
      // Most recently used last.
      this.files.delete(articleId)
      this.files.set(articleId, file)
    } else {
      const entry = this.index.get(articleId)
      const listed = this.listedNames(articleId)
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
        this.options.access,
        listed,
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
   * Runs `pass` (an export: every article's annotation file opened once) with the annotations folder
   * listed once, so that opening an article's file does not look for files the listing did not find:
   * most articles have no annotations, or no journal, and each look is an open that fails (five per
   * article without annotations). Only absences are taken from the listing; what it found is opened
   * and checked as always. An article loaded when the listing was taken, or opened since, is looked
   * for in full. Another process writing the workspace meanwhile (this one read-only) may add files
   * after the listing: the pass then reads those articles as they were when it was taken (the JSON
   * file alone is always a complete state), as if it had reached them earlier.
   */
  async withFolderListing<T>(pass: () => Promise<T>): Promise<T> {
    const found = await fs.readdir(join(this.dataDir, 'annotations')).catch(() => null)
    if (found === null) return pass() // no listing: each open looks for itself
    const names = new Map<string, ListedNames>()
    for (const name of found) {
      // `<id>.<suffix>`: ids have no dot; temp files (".<name>.<pid>.<random>.tmp") start with one.
      const dot = name.indexOf('.')
      if (dot <= 0) continue
      const id = name.slice(0, dot)
      const listed = names.get(id) ?? { any: true, journals: false }
      if (name.startsWith('.journal', dot)) listed.journals = true
      names.set(id, listed)
    }
    const listing: FolderListing = { names, opened: new Set(this.files.keys()) }
    this.listings.add(listing)
    try {
      return await pass()
    } finally {
      this.listings.delete(listing)
    }
  }

  /** What a listing still vouches for of the article's names (undefined: look for every file). */
  private listedNames(articleId: string): ListedNames | undefined {
    let listed: ListedNames | undefined
    for (const listing of this.listings) {
      if (!listing.opened.has(articleId)) listed ??= listing.names.get(articleId) ?? NOTHING_LISTED
      listing.opened.add(articleId)
    }
    return listed
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
  async flush(): Promise<void> {
    await Promise.all([...this.loadedFiles.values()].map((file) => file.flush().catch(() => undefined)))
  }

  /**
   * The annotations folder in one readdir, no stat: per article with annotations on disk, the names of
   * its JSON file and journals (`.journal`, and `.journal.next` while or if a compaction was cut short).
   */
  async annotationFileNames(): Promise<Map<string, string[]>> {
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
  async annotationFileMtimes(): Promise<{ mtimes: Map<string, number>; names: Map<string, string[]> }> {
    const dir = join(this.dataDir, 'annotations')
    const names = await this.annotationFileNames()
    const mtimes = new Map<string, number>()
    const files = [...names].flatMap(([id, files]) => files.map((name) => [id, name] as const))
    const stats = await statMany(files.map(([, name]) => join(dir, name)))
    files.forEach(([id], i) => {
      const stat = stats[i]
      if (stat) mtimes.set(id, Math.max(stat.mtimeMs, mtimes.get(id) ?? 0))
    })
    return { mtimes, names }
  }

  /**
   * Annotation counts for the library: a cache, so the file is only parsed, not validated (it is
   * validated when the article is opened). A file that is loaded already is counted from memory.
   * `files` are the article's names in the annotations folder (annotationFileNames).
   */
  async countAnnotations(articleId: string, files: readonly string[]): Promise<AnnotationCounts> {
    const loaded = this.loadedFiles.get(articleId)
    if (loaded) return countsOf(loaded.data.annotations)
    // Changes still in a journal (a crash, another process): open it, which replays (and compacts) it.
    if (files.some((name) => !name.endsWith('.json'))) {
      const file = await this.annotationFile(articleId).catch(() => null)
      if (file) return countsOf(file.data.annotations)
    }
    try {
      const raw = JSON.parse((await readPlainFile(join(this.dataDir, 'annotations', `${articleId}.json`))) ?? '{}') as {
        annotations?: { kind?: string }[]
      }
      const counts = { quote: 0, claim: 0, entity: 0 }
      for (const a of raw.annotations ?? []) if (a.kind === 'quote' || a.kind === 'claim' || a.kind === 'entity') counts[a.kind]++
      return counts
    } catch {
      return { quote: 0, claim: 0, entity: 0 }
    }
  }

  /** Runs `fn` over the annotation file of every readable article, one at a time. */
  async forEachAnnotationFile(fn: (articleId: string, file: AnnotationFile) => Promise<void>): Promise<void> {
    const existing = await this.annotationFileNames()
    for (const entry of this.index.values()) {
      if (!existing.has(entry.id)) continue
      await fn(entry.id, await this.annotationFile(entry.id))
    }
  }
}

export function countsOf(annotations: readonly Annotation[]): AnnotationCounts {
  const counts = { quote: 0, claim: 0, entity: 0 }
  for (const a of annotations) counts[a.kind]++
  return counts
}
