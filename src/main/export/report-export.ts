/**
 * Writes the editor's report (shared/export/report.ts) to a file: the HTML memo, or a PDF of it printed
 * by whatever the surroundings offer (Electron's printToPDF in the app, Chromium's page.pdf() in tests;
 * the CLI writes HTML only). Like every export, the file appears only once complete: written beside the
 * target, then renamed into place.
 */
import { promises as fs } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { renderReport } from '../../shared/export/report'
import type { ReportFormatId } from '../../shared/export/report-formats'
import { UserError } from '../../shared/errors'
import type { Language } from '../../shared/i18n'
import { reportInput, type DeskWorkspace } from '../desk/desk'

/** Turns the memo's HTML into PDF bytes (see Host.printToPdf). */
export type PrintToPdf = (html: string) => Promise<Uint8Array>

export interface ReportOptions {
  format: ReportFormatId
  /** Articles to report on; the whole workspace when omitted. */
  articleIds?: readonly string[]
  printToPdf?: PrintToPdf
  /** The report's language; the process's (main's menus, the window's) when omitted. */
  language?: Language
}

const MESSAGES = {
  noPdf: 'PDF reports can be made in the app only; nothing was written (use the HTML report here)',
} as const

export async function writeReport(
  workspace: DeskWorkspace,
  outPath: string,
  options: ReportOptions,
): Promise<{ path: string; articles: number; annotations: number }> {
  if (options.format === 'report-pdf' && !options.printToPdf) throw new UserError(MESSAGES.noPdf)
  const input = await reportInput(workspace, options.articleIds)
  const html = renderReport(input, options.language)
  const bytes = options.format === 'report-pdf' ? await options.printToPdf!(html) : Buffer.from(html, 'utf8')
  const temp = join(dirname(outPath), `.${basename(outPath)}.${process.pid}.partial`)
  try {
    await fs.writeFile(temp, bytes)
    await fs.rename(temp, outPath)
  } catch (error) {
    await fs.rm(temp, { force: true })
    throw error
  }
  return {
    path: outPath,
    articles: input.articles.length,
    annotations: input.articles.reduce((n, a) => n + a.annotations.length, 0),
  }
}
