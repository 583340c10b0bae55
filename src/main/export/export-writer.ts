/**
 * Writes exports in every format (shared/export/formats.ts). Articles are loaded and written one at a
 * time, so a 10,000-article workspace streams to disk instead of being held in memory. Output appears
 * atomically: a file (or brat's folder) is written beside its target and renamed into place only when
 * complete, so a cancelled or failed export leaves no half-written result.
 */
import { createWriteStream, promises as fs } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { once } from 'node:events'
import { exportArticle, exportHeader, type ExportedArticle } from '../../shared/export/spanwise-json'
import { isStreamFormat, MULTI_FILE_FORMATS, STREAM_FORMATS, streamExportAsync, type ExportContext, type ExportFormatId } from '../../shared/export/formats'
import type { Workspace } from '../workspace/workspace'

export const GENERATOR = 'Spanwise 0.1.0'

export interface ExportOptions {
  format: ExportFormatId
  /** Article ids to export, in order; all readable articles when omitted. */
  articleIds?: readonly string[]
  onProgress?: (done: number, total: number) => void
  /** Checked between articles; a cancelled export writes nothing. */
  isCancelled?: () => boolean
}

export interface ExportSummary {
  path: string
  articles: number
  annotations: number
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

export async function writeExport(workspace: Workspace, outPath: string, options: ExportOptions): Promise<ExportSummary> {
  const ids = options.articleIds ?? workspace.articles().filter((a) => !a.error).map((a) => a.id)
  const counted = { annotations: 0 }
  // One article at a time, in order; progress and cancellation between articles.
  async function* articles(): AsyncGenerator<ExportedArticle> {
    for (const [i, id] of ids.entries()) {
      if (options.isCancelled?.()) throw new ExportCancelled()
      const article = exportArticle(await workspace.articleForExport(id))
      counted.annotations += article.annotations.length
      yield article
      options.onProgress?.(i + 1, ids.length)
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
        const header = JSON.stringify(exportHeader(workspace.name, GENERATOR, workspace.entities()))
        await write(`${header.slice(0, -1)},"articles":[\n`)
        let first = true
        for await (const article of articles()) {
          await write(`${first ? '' : ',\n'}${JSON.stringify(article)}`)
          first = false
        }
        await write('\n]}\n')
      } else if (isStreamFormat(options.format)) {
        for await (const chunk of streamExportAsync(STREAM_FORMATS[options.format], articles(), ctx)) await write(chunk)
      }
    })
  }
  return { path: outPath, articles: ids.length, annotations: counted.annotations }
}

/** Streams into a temp file beside `path` and renames it into place when complete. */
async function writeFileAtomically(path: string, fill: (write: (chunk: string) => Promise<void>) => Promise<void>): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.partial`)
  const out = createWriteStream(temp, { encoding: 'utf8' })
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain')
  }
  try {
    await fill(write)
    out.end()
    await once(out, 'finish')
    await fs.rename(temp, path)
  } catch (error) {
    out.destroy()
    await fs.rm(temp, { force: true })
    throw error
  }
}

/** Fills a temp folder beside `path`, then moves it into place. An existing folder is never replaced. */
async function writeFolderAtomically(path: string, fill: (dir: string) => Promise<void>): Promise<void> {
  if (await fs.stat(path).then(() => true, () => false)) throw new Error(`${path} exists already: choose a new folder name for the brat export`)
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.partial`)
  await fs.rm(temp, { recursive: true, force: true })
  await fs.mkdir(temp, { recursive: true })
  try {
    await fill(temp)
    await fs.rename(temp, path)
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true })
    throw error
  }
}
