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
  ClaimAttributes,
  EntityAttributes,
  QuoteAttributes,
  type Annotation,
  type AnnotationDraft,
  type AnnotationKind,
  type AnnotationPatch,
  type ArticleSummary,
  type ArticleText,
  type OpenedArticle,
} from '../../shared/model'
import { quoteSelector } from '../../shared/text-offsets'
import type { ArticleForExport } from '../../shared/export/spanwise-json'
import { extractArticle, isSupportedFile } from '../import'
import { AnnotationFile, ANNOTATION_FILE_VERSION } from '../store/annotation-file'
import { DurableJsonFile, type RecoveryReport } from '../store/durable-json-file'
import { SerialQueue } from '../store/serial-queue'
import { scanWorkspace, type FoundFile } from './scan'
import { WORKSPACE_FILE_VERSION, WorkspaceFileData, type IndexEntry } from './workspace-index'

/** Spanwise's folder inside a workspace. */
export const DATA_DIR = '.spanwise'

/** An error whose message is meant for the user as it is. */
export class UserError extends Error {}

export interface WorkspaceOptions {
  /** Told when a damaged data file was moved aside and recovered. */
  onRecover?: (report: RecoveryReport) => void
}

const ATTRIBUTE_SCHEMAS = {
  quote: QuoteAttributes,
  claim: ClaimAttributes,
  entity: EntityAttributes,
} as const

/** How many extracted article texts to keep in memory (the open one and recent neighbours). */
const TEXT_CACHE_SIZE = 6
/** Index writes after annotation changes are batched: counts are a cache, annotations are saved first. */
const INDEX_SAVE_DELAY_MS = 400

export class Workspace {
  readonly name: string
  readonly dataDir: string
  private entries = new Map<string, IndexEntry>()
  private readonly files = new Map<string, Promise<AnnotationFile>>()
  private readonly texts = new Map<string, ArticleText & { contentHash: string }>()
  private readonly indexQueue = new SerialQueue()
  private indexTimer: NodeJS.Timeout | null = null

  private constructor(
    readonly root: string,
    private readonly index: Low<WorkspaceFileData>,
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
    const adapter = new DurableJsonFile(join(dataDir, 'workspace.json'), WorkspaceFileData, {
      version: WORKSPACE_FILE_VERSION,
      onRecover: options.onRecover,
    })
    const index = new Low<WorkspaceFileData>(adapter, { version: WORKSPACE_FILE_VERSION, articles: [] })
    await index.read()
    const workspace = new Workspace(absRoot, index, options)
    await workspace.refresh()
    return workspace
  }

  /** Rescans the folder: new files are read, changed ones re-read, unchanged ones taken from the index. */
  async refresh(): Promise<void> {
    const previous = new Map(this.index.data.articles.map((e) => [e.path, e]))
    const { files } = await scanWorkspace(this.root, isSupportedFile)
    const annotationMtimes = await this.annotationFileMtimes()
    const next = new Map<string, IndexEntry>()
    await forEachLimited(files, 8, async (file) => {
      const cached = previous.get(file.relPath)
      let entry =
        cached && cached.size === file.size && cached.mtimeMs === file.mtimeMs ? cached : await this.readEntry(file, cached)
      const annotationsMtime = annotationMtimes.get(entry.id) ?? 0
      if (annotationsMtime !== entry.countsMtimeMs) {
        entry = { ...entry, counts: await this.countAnnotations(entry.id), countsMtimeMs: annotationsMtime }
      }
      next.set(entry.id, entry)
    })
    this.entries = new Map([...next.values()].sort((a, b) => a.path.localeCompare(b.path)).map((e) => [e.id, e]))
    for (const id of this.texts.keys()) if (!next.has(id)) this.texts.delete(id)
    await this.saveIndex()
  }

  /** The library: one summary per article, in path order. */
  articles(): ArticleSummary[] {
    return [...this.entries.values()].map((e) => ({
      id: e.id,
      path: e.path,
      title: e.metadataOverrides.title ?? e.title,
      language: e.metadataOverrides.language ?? e.language,
      counts: e.counts,
      ...(e.error ? { error: e.error } : {}),
    }))
  }

  has(articleId: string): boolean {
    return this.entries.has(articleId)
  }

  async openArticle(articleId: string): Promise<OpenedArticle> {
    const entry = this.entry(articleId)
    const article = await this.loadText(entry)
    const file = await this.annotationFile(articleId)
    return {
      id: entry.id,
      path: entry.path,
      contentHash: article.contentHash,
      metadata: { ...article.metadata, ...entry.metadataOverrides },
      text: article.text,
      blocks: article.blocks,
      annotations: [...file.data.annotations],
    }
  }

  /** Everything the exporters need for one article. */
  async articleForExport(articleId: string): Promise<ArticleForExport> {
    const opened = await this.openArticle(articleId)
    return { ...opened, annotations: opened.annotations }
  }

  async createAnnotation(articleId: string, draft: AnnotationDraft): Promise<Annotation> {
    const entry = this.entry(articleId)
    const article = await this.loadText(entry)
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
      attributes: parseAttributes(draft.kind, draft.attributes ?? {}),
      note: draft.note ?? '',
      tags: draft.tags ?? [],
      createdAt: now,
      updatedAt: now,
    } as Annotation
    const file = await this.annotationFile(articleId)
    await file.update((data) => {
      if (data.annotations.some((a) => a.id === draft.id)) throw new UserError('An annotation with this id exists already')
      data.annotations.push(annotation)
      data.textHash = article.contentHash
      data.path = entry.path
    })
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
        attributes: patch.attributes ? parseAttributes(old.kind, { ...old.attributes, ...patch.attributes }) : old.attributes,
        note: patch.note ?? old.note,
        tags: patch.tags ?? old.tags,
        updatedAt: new Date().toISOString(),
      } as Annotation
      data.annotations[i] = updated
      return updated
    })
  }

  async deleteAnnotation(articleId: string, annotationId: string): Promise<void> {
    this.entry(articleId)
    const file = await this.annotationFile(articleId)
    await file.update((data) => {
      const i = data.annotations.findIndex((a) => a.id === annotationId)
      if (i < 0) throw new UserError('That annotation no longer exists')
      data.annotations.splice(i, 1)
    })
    this.countsChanged(articleId, file)
  }

  /** Writes pending index changes; call before the process exits. */
  async close(): Promise<void> {
    if (this.indexTimer) {
      clearTimeout(this.indexTimer)
      this.indexTimer = null
      await this.saveIndex()
    }
    await this.indexQueue.idle()
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
    const bytes = await fs.readFile(join(this.root, entry.path))
    const article = await extractArticle(bytes, entry.path)
    const loaded = { ...article, contentHash: hashText(article.text) }
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
      counts: cached?.counts ?? { quote: 0, claim: 0, entity: 0 },
      countsMtimeMs: cached?.countsMtimeMs ?? 0,
      metadataOverrides: cached?.metadataOverrides ?? {},
    }
    try {
      const bytes = await fs.readFile(file.absPath)
      const article = await extractArticle(bytes, file.relPath)
      const contentHash = hashText(article.text)
      this.texts.delete(id)
      return { ...base, contentHash, title: titleOf(article, file.relPath), language: article.metadata.language }
    } catch (error) {
      return { ...base, contentHash: '', title: basename(file.relPath), error: oneLine(error) }
    }
  }

  private annotationFile(articleId: string): Promise<AnnotationFile> {
    let file = this.files.get(articleId)
    if (!file) {
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
      )
      // A failed open (e.g. a newer format) is not cached, so a later attempt can succeed.
      file.catch(() => this.files.delete(articleId))
      this.files.set(articleId, file)
    }
    return file
  }

  private async annotationFileMtimes(): Promise<Map<string, number>> {
    const dir = join(this.dataDir, 'annotations')
    const names = (await fs.readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json'))
    const mtimes = new Map<string, number>()
    await forEachLimited(names, 16, async (name) => {
      const stat = await fs.stat(join(dir, name)).catch(() => null)
      if (stat) mtimes.set(name.slice(0, -'.json'.length), stat.mtimeMs)
    })
    return mtimes
  }

  private async countAnnotations(articleId: string): Promise<IndexEntry['counts']> {
    try {
      return countByKind((await this.annotationFile(articleId)).data.annotations)
    } catch {
      return { quote: 0, claim: 0, entity: 0 }
    }
  }

  private countsChanged(articleId: string, file: AnnotationFile): void {
    const entry = this.entries.get(articleId)
    if (!entry) return
    this.entries.set(articleId, { ...entry, counts: countByKind(file.data.annotations), countsMtimeMs: -1 })
    if (this.indexTimer) clearTimeout(this.indexTimer)
    this.indexTimer = setTimeout(() => {
      this.indexTimer = null
      void this.saveIndex()
    }, INDEX_SAVE_DELAY_MS)
  }

  private saveIndex(): Promise<void> {
    return this.indexQueue.run(async () => {
      this.index.data = { version: WORKSPACE_FILE_VERSION, articles: [...this.entries.values()] }
      await this.index.write()
    })
  }
}

function parseAttributes(kind: AnnotationKind, raw: Record<string, unknown>) {
  const result = ATTRIBUTE_SCHEMAS[kind].safeParse(raw)
  if (!result.success) throw new UserError(`Invalid ${kind} attributes: ${result.error.issues[0]?.message ?? 'invalid'}`)
  return result.data
}

function countByKind(annotations: readonly Annotation[]): IndexEntry['counts'] {
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
