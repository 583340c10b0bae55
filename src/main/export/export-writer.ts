/**
 * Writes exports. Articles are loaded and written one at a time, so a 10,000-article workspace streams
 * to disk instead of being held in memory. The output appears atomically: it is written to a temp file
 * and renamed into place only when complete, so a cancelled or failed export leaves no half file.
 */
import { createWriteStream, promises as fs } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { once } from 'node:events'
import { exportArticle, exportHeader } from '../../shared/export/spanwise-json'
import type { ExportFormat } from '../../shared/api'
import type { Workspace } from '../workspace/workspace'

export const GENERATOR = 'Spanwise 0.1.0'

export interface ExportOptions {
  format: ExportFormat
  /** Article ids to export, in order; all articles when omitted. */
  articleIds?: readonly string[]
  onProgress?: (done: number, total: number) => void
}

export interface ExportSummary {
  path: string
  articles: number
  annotations: number
}

export async function writeExport(workspace: Workspace, outPath: string, options: ExportOptions): Promise<ExportSummary> {
  const ids = options.articleIds ?? workspace.articles().filter((a) => !a.error).map((a) => a.id)
  const temp = join(dirname(outPath), `.${basename(outPath)}.${process.pid}.partial`)
  const out = createWriteStream(temp, { encoding: 'utf8' })
  const write = async (chunk: string) => {
    if (!out.write(chunk)) await once(out, 'drain')
  }
  let annotations = 0
  try {
    const header = JSON.stringify(exportHeader(workspace.name, GENERATOR, workspace.entities()))
    await write(`${header.slice(0, -1)},"articles":[\n`)
    for (const [i, id] of ids.entries()) {
      const article = exportArticle(await workspace.articleForExport(id))
      annotations += article.annotations.length
      await write(`${i > 0 ? ',\n' : ''}${JSON.stringify(article)}`)
      options.onProgress?.(i + 1, ids.length)
    }
    await write('\n]}\n')
    out.end()
    await once(out, 'finish')
    await fs.rename(temp, outPath)
  } catch (error) {
    out.destroy()
    await fs.rm(temp, { force: true })
    throw error
  }
  return { path: outPath, articles: ids.length, annotations }
}
