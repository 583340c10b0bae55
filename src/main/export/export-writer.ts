/**
 * Writes exports in every format (shared/export/formats.ts). Articles stream to disk in order, so a
 * 10,000-article workspace is never held in memory: while one article is converted and written, the
 * next few are read and extracted (a bounded read-ahead), so the disk and the CPU work at the same time
 * instead of taking turns. Output appears atomically: a file (or brat's folder) is written beside its
 * target and renamed into place only when complete, so a cancelled or failed export leaves no
 * half-written result.
 */
import { randomBytes } from 'node:crypto'
import { constants, promises as fs } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { exportArticle, exportHeader, type ExportedArticle } from '../../shared/export/spanwise-json'
import {
  isStreamFormat,
  MULTI_FILE_FORMATS,
  STREAM_FORMATS,
  streamExportAsync,
  type ExportContext,
  type ExportFormatId,
} from '../../shared/export/formats'
import type { Workspace } from '../workspace/workspace'

/** What an export reads of the workspace (the Workspace provides it; tests may give less). */
export type ExportSource = Pick<
  Workspace,
  'name' | 'articles' | 'articleForExport' | 'fileSize' | 'summary' | 'entities' | 'store'
>
import type { ArticleSummary } from '../../shared/model'
import type { SkippedArticle } from '../../shared/export/spanwise-json'

export const GENERATOR = 'Spanwise 0.1.0'

export interface ExportOptions {
  format: ExportFormatId
  /** Article ids to export, in order; all readable articles when omitted. */
  articleIds?: readonly string[]
  onProgress?: (done: number, total: number) => void
  /** Checked between articles; a cancelled export writes nothing. */
  isCancelled?: () => boolean
  /** How many articles may be in hand at once: the one being written and those read ahead (1: one at a time). */
  readAhead?: number
}

/** Articles in hand by default: enough to keep the disk busy while the CPU converts and writes. */
export const READ_AHEAD_ARTICLES = 8
/**
 * Articles are read ahead only while the ones started and not yet written weigh at most this many bytes
 * (file sizes from the index plus their annotations), so long articles are not read eight at a time:
 * one longer than this is read alone, as without read-ahead.
 */
const READ_AHEAD_BYTES = 8 * 1024 * 1024
/** Rough weight of one stored annotation (ids, quote with context, attributes, dates). */
const ANNOTATION_BYTES = 500
/** Bytes gathered before handing them to the file: a few large writes instead of one per article. */
const WRITE_BATCH_BYTES = 2 * 1024 * 1024

export interface ExportSummary {
  path: string
  articles: number
  annotations: number
  /** Articles left out because they could not be read (listed in a JSON export's `skipped`). */
  skipped: SkippedArticle[]
}

export class ExportCancelled extends Error {
  constructor() {
    super('Export cancelled')
  }
}

/** The file (or, for brat, folder) name an export of `base` gets in `format`. */
export function exportFileName(base: string, format: ExportFormatId): string {
  if (format === 'json') return `${base}.spanwise.json`
  if (format === 'brat') return `${base}-brat`
  return `${base}.${STREAM_FORMATS[format].extension}`
}

export function writeExport(workspace: ExportSource, outPath: string, options: ExportOptions): Promise<ExportSummary> {
  // Every article's annotation file is opened once: one listing of their folder saves the opens that
  // would find nothing (see ArticleStore.withFolderListing).
  return withBoundedHeapGrowth(() => workspace.store.withFolderListing(() => writeExportListed(workspace, outPath, options)))
}

/**
 * While an export runs, V8's old generation may grow by half over what survived the last full
 * collection (`--heap-growing-percent=50`); V8 decides again once no export runs. Long articles make
 * large strings (the text and its JSON), which V8 puts straight into the old generation, where they
 * pile up until a full collection: left to itself, V8 let them reach ~300 MB in an export of 100,000
 * articles (peak RSS 450–520 MB against a target of 400). Bounded, that export stays at the size the
 * workspace had before it (265 MB), for ~15 % more CPU at that size and none measurable at 10,000
 * (whose peak went from 270 to 200 MB).
 */
async function withBoundedHeapGrowth<T>(run: () => Promise<T>): Promise<T> {
  if (exportsRunning++ === 0) setFlagsFromString('--heap-growing-percent=50')
  try {
    return await run()
  } finally {
    if (--exportsRunning === 0) setFlagsFromString('--heap-growing-percent=0') // 0: V8's own heuristic
  }
}

let exportsRunning = 0

async function writeExportListed(workspace: ExportSource, outPath: string, options: ExportOptions): Promise<ExportSummary> {
  const { ids, skipped } = articlesToExport(workspace, options.articleIds)
  const counted = { annotations: 0 }
  // In order, with progress and cancellation between articles; the next ones are read meanwhile.
  async function* articles(): AsyncGenerator<ExportedArticle> {
    let i = 0
    for await (const article of readAhead(ids, (id) => workspace.articleForExport(id).then(exportArticle), {
      depth: options.readAhead ?? READ_AHEAD_ARTICLES,
      maxWeight: READ_AHEAD_BYTES,
      weigh: (id) => workspace.fileSize(id) + annotationCount(workspace.summary(id)) * ANNOTATION_BYTES,
      isCancelled: options.isCancelled,
    })) {
      counted.annotations += article.annotations.length
      yield article
      options.onProgress?.(++i, ids.length)
    }
  }
  const ctx: ExportContext = { workspaceName: workspace.name, generator: GENERATOR, exportedAt: new Date().toISOString() }
  if (options.format === 'brat') {
    await writeFolderAtomically(outPath, async (dir) => {
      const brat = MULTI_FILE_FORMATS.brat
      for (const file of brat.collectionFiles(ctx)) await fs.writeFile(join(dir, file.name), file.content, 'utf8')
      for await (const article of articles()) {
        for (const file of brat.files(article)) await fs.writeFile(join(dir, file.name), file.content, 'utf8')
      }
    })
  } else {
    await writeFileAtomically(outPath, async (write) => {
      if (options.format === 'json') {
        const header = JSON.stringify({ ...exportHeader(workspace.name, GENERATOR, workspace.entities()), skipped })
        await write(`${header.slice(0, -1)},"articles":[\n`)
        let first = true
        for await (const article of articles()) {
          // Written apart: joined, the separator and the article would be one more copy of the article to flatten.
          if (!first) await write(',\n')
          await write(JSON.stringify(article))
          first = false
        }
        await write('\n]}\n')
      } else if (isStreamFormat(options.format)) {
        for await (const chunk of streamExportAsync(STREAM_FORMATS[options.format], articles(), ctx)) await write(chunk)
      }
    })
  }
  return { path: outPath, articles: ids.length, annotations: counted.annotations, skipped }
}

/**
 * The ids to export, in order: those named, or every readable article, the others listed as skipped.
 * The library's rows are built once and let go here (100,000 objects for a leak-sized workspace).
 */
function articlesToExport(
  workspace: ExportSource,
  named: readonly string[] | undefined,
): { ids: readonly string[]; skipped: SkippedArticle[] } {
  // Named ones are all readable (the caller checked).
  if (named) return { ids: named, skipped: [] }
  const all = workspace.articles()
  return {
    ids: all.filter((a) => !a.error).map((a) => a.id),
    skipped: all.filter((a) => a.error).map((a) => ({ path: a.path, reason: a.error! })),
  }
}

/** The annotations the library counted (none yet while a cold open still counts in the background). */
function annotationCount(summary: ArticleSummary | undefined): number {
  const counts = summary?.counts
  return counts ? counts.quote + counts.claim + counts.entity : 0
}

/**
 * `load(items[i])` for every item, yielded strictly in the items' order, with up to `depth` loads
 * running ahead of the consumer, as long as the items started and not yet handed over weigh at most
 * `maxWeight` together (one item is always allowed, however heavy). A failed load surfaces when its
 * turn comes, as it would one at a time. Cancellation is checked before each item is handed over.
 * However the iteration ends (done, failed, cancelled, or abandoned by the consumer), it returns only
 * once no load is left running, so nothing the export started (a read, a re-anchoring write) outlives it.
 */
export async function* readAhead<T, R>(
  items: readonly T[],
  load: (item: T) => Promise<R>,
  limits: { depth: number; maxWeight: number; weigh: (item: T) => number; isCancelled?: () => boolean },
): AsyncGenerator<R> {
  const depth = Math.max(1, Math.floor(limits.depth))
  const running: { result: Promise<R>; weight: number }[] = []
  let started = 0
  let weight = 0
  const startMore = () => {
    while (started < items.length && running.length < depth) {
      const next = limits.weigh(items[started])
      if (running.length > 0 && weight + next > limits.maxWeight) break
      const result = load(items[started++])
      result.catch(() => undefined) // rethrown below when this item's turn comes
      running.push({ result, weight: next })
      weight += next
    }
  }
  try {
    for (let i = 0; i < items.length; i++) {
      if (limits.isCancelled?.()) throw new ExportCancelled()
      startMore()
      const item = running[0]
      // Stays counted until the consumer is done with it (it is in memory while being written).
      yield await item.result
      running.shift()
      weight -= item.weight
    }
  } finally {
    await Promise.allSettled(running.map((r) => r.result))
  }
}

/** Streams into a temp file beside `path` and renames it into place when complete. */
async function writeFileAtomically(
  path: string,
  fill: (write: (chunk: string) => Promise<void>) => Promise<void>,
): Promise<void> {
  const temp = partialName(path)
  const handle = await fs.open(temp, EXCLUSIVE)
  const out = new Utf8FileWriter(handle)
  try {
    await fill((chunk) => out.write(chunk))
    await out.end()
    await handle.close()
    await fs.rename(temp, path)
  } catch (error) {
    await out.abandon()
    await handle.close().catch(() => undefined)
    await fs.rm(temp, { force: true })
    throw error
  }
}

/**
 * Text written to a file as UTF-8 through two reused buffers: one is filled (encodeInto) while the other
 * is being written. Encoding into the same memory is ten times faster than a Buffer per batch of text
 * (a fresh megabyte each, flattened from the joined pieces and faulted in): that was a sixth of an
 * export's time. A failed write (folder gone, disk full) is thrown at the next write or at the end.
 */
class Utf8FileWriter {
  private readonly buffers = [Buffer.allocUnsafe(WRITE_BATCH_BYTES), Buffer.allocUnsafe(WRITE_BATCH_BYTES)]
  private current = 0
  private filled = 0
  /** The write of the other buffer, under way (settled once it may be filled again). */
  private writing: Promise<void> = Promise.resolve()

  constructor(private readonly handle: fs.FileHandle) {}

  async write(text: string): Promise<void> {
    let rest = text
    for (;;) {
      const { read, written } = UTF8.encodeInto(rest, this.buffers[this.current].subarray(this.filled))
      this.filled += written
      if (read === rest.length) return
      rest = rest.slice(read)
      await this.flush()
    }
  }

  async end(): Promise<void> {
    await this.flush()
    await this.writing
  }

  /** Waits for a write under way, so nothing writes the file once it is removed. */
  async abandon(): Promise<void> {
    await this.writing.catch(() => undefined)
  }

  private async flush(): Promise<void> {
    await this.writing
    const bytes = this.buffers[this.current].subarray(0, this.filled)
    const writing = writeAll(this.handle, bytes)
    writing.catch(() => undefined) // awaited (and its failure thrown) at the next flush or at the end
    this.writing = writing
    this.current = 1 - this.current
    this.filled = 0
  }
}

const UTF8 = new TextEncoder()

/** Writes all of `bytes` at the file's current position (a write may take only part of them). */
async function writeAll(handle: fs.FileHandle, bytes: Uint8Array): Promise<void> {
  for (let offset = 0; offset < bytes.length;) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset)
    offset += bytesWritten
  }
}

/** Fills a temp folder beside `path`, then moves it into place. An existing folder is never replaced. */
async function writeFolderAtomically(path: string, fill: (dir: string) => Promise<void>): Promise<void> {
  if (
    await fs.stat(path).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`${path} exists already: choose a new folder name for the brat export`)
  const temp = partialName(path)
  await fs.mkdir(temp)
  try {
    await fill(temp)
    await fs.rename(temp, path)
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true })
    throw error
  }
}

/** Created only if nothing (not even a link) has the name: a planted link is never written through. */
const EXCLUSIVE = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0)

/** A temp name beside `path` nobody can guess (and plant a link under) in advance. */
function partialName(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.partial`)
}
