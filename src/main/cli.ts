/**
 * The command line, for data desks' scripts. It calls the same services as the app, so an export here
 * is exactly what File → Export writes.
 *
 *   spanwise export <workspace> --format json|w3c|jsonl|brat|csv|claimreview|report --out <path> [--article <path>]…
 *   spanwise validate <file.json>     checks a Spanwise JSON export against its schema
 *   spanwise stats <workspace>        counts per kind, claim status and entity
 *   spanwise import <file.json> <folder>   recreates a workspace from an export
 *
 * Progress goes to stderr, results to stdout. Exit codes: 0 done, 1 failed (or invalid file), 2 wrong usage,
 * 3 export written without the articles that could not be read (each named on stderr and in the export).
 *
 * export, stats and validate only read: the workspace is opened read-only (nothing created, no index
 * written, journals replayed in memory), so they work on a read-only folder and beside the app.
 */
import { constants, promises as fs } from 'node:fs'
import { basename, dirname, relative, resolve, sep } from 'node:path'
import { parseArgs } from 'node:util'
import { EXPORT_FORMAT_IDS, type ExportFormatId } from '../shared/export/types'
import { LANGUAGES, languageOfEnvironment, parseLanguage, type Language } from '../shared/i18n'
import { SpanwiseExport } from '../shared/export/spanwise-json'
import { exportProblems } from '../shared/export/check-export'
import { writeExport } from './export/export-writer'
import { importSpanwiseExport } from './export/import-export'
import { isSupportedFile } from './import'
import { writeReport } from './export/report-export'
import { DATA_DIR } from './store/data-dir'
import type { RecoveryReport } from './store/durable-json-file'
import { Workspace } from './workspace/workspace'
import { compareCommand, RESEARCH_USAGE, suggestCommand } from './research/research-cli'
import { syncCommand, SyncUsageError, SYNC_USAGE } from './sync/sync-cli'

/** Exit code of an export written without some articles that could not be read. */
export const EXIT_PARTIAL = 3

const USAGE = `Usage:
  spanwise export <workspace> --out <path> [--format ${EXPORT_FORMAT_IDS.join('|')}|report] [--article <relative path>]... [--force] [--lang en|es]
  spanwise validate <file.json>
  spanwise stats <workspace>
  spanwise import <file.json> <empty folder>
${RESEARCH_USAGE}
${SYNC_USAGE}

export    writes the workspace's annotations (default format: json, the Spanwise JSON whose schema is
          annotations/spanwise-export.schema.json; brat writes a folder of .txt and .ann files;
          report writes the editor's memo as one self-contained HTML file, in --lang or the
          language of the environment's LANG, English by default)
validate  checks that a file is a valid Spanwise JSON export
stats     prints counts per annotation kind, claim status and entity, as JSON
import    recreates a workspace from a Spanwise JSON export (texts, annotations, links, entities)

export, stats and validate never change the workspace. export replaces an existing file only with --force,
and never writes into .spanwise/ or onto an article. Exit codes: 0 done, 1 failed, 2 wrong usage,
3 exported without the articles that could not be read (each named on stderr and in the export's "skipped").`

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  try {
    const [command, ...rest] = argv
    if (!command || command === '--help' || command === '-h') {
      process.stdout.write(`${USAGE}\n`)
      return command ? 0 : 2
    }
    if (command === 'export') return await exportCommand(rest)
    if (command === 'validate') return await validateCommand(rest)
    if (command === 'stats') return await statsCommand(rest)
    if (command === 'import') return await importCommand(rest)
    if (command === 'compare') return await compareCommand(rest)
    if (command === 'suggest') return await suggestCommand(rest)
    if (command === 'sync') return await syncCommand(rest, { say })
    throw new UsageError(`Unknown command "${command}"`)
  } catch (error) {
    if (error instanceof UsageError || error instanceof SyncUsageError) {
      process.stderr.write(`spanwise: ${error.message}\n\n${USAGE}\n`)
      return 2
    }
    say(`spanwise: ${describeError(error)}`)
    return 1
  }
}

/** Runs an argument parser, turning its complaints into usage errors (exit code 2). */
function usage<T>(parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
}

/** Whether the last thing on stderr is a progress line without its newline. */
let progressShown = false

/** When the last progress line was written: one every PROGRESS_EVERY_MS is plenty for a person. */
let progressWrittenAt = -Infinity
const PROGRESS_EVERY_MS = 100

/**
 * Writes a progress line over the previous one, at most every PROGRESS_EVERY_MS unless `last` (a line
 * per article was 100,000 writes to stderr for a leak-sized workspace).
 */
function progress(line: string, last = false): void {
  const now = performance.now()
  if (!last && now - progressWrittenAt < PROGRESS_EVERY_MS) return
  progressWrittenAt = now
  process.stderr.write(`\r${line}`)
  progressShown = true
}

function endProgress(): void {
  if (progressShown) process.stderr.write('\n')
  progressShown = false
}

/** Writes a message on a line of its own (ending a progress line first). */
function say(line: string): void {
  process.stderr.write(`${progressShown ? '\n' : ''}${line}\n`)
  progressShown = false
}

/** One line for an error: an errno error says what failed without naming internal temp files. */
function describeError(error: unknown): string {
  const errno = error as NodeJS.ErrnoException
  if (errno?.code && errno.syscall) return `${errno.syscall} failed (${errno.code})`
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]
}

/** What the store did to recover a damaged file, as one line that says where the user's data went. */
export function recoveryMessage(r: RecoveryReport): string {
  // Nothing moved: a file left in place (read-only) or rebuilt from its journal; the reason says what is missing.
  if (!r.movedTo) return `warning: ${r.reason.includes(basename(r.file)) ? '' : `${r.file}: `}${r.reason}`
  return `warning: ${r.file} was damaged (${r.reason}); it was moved to ${r.movedTo} and ${r.restored ? 'the last good version restored' : 'no earlier version existed'}`
}

/** Opens a workspace to read it: nothing in it is created or changed. */
async function openWorkspace(root: string | undefined): Promise<Workspace> {
  if (!root) throw new UsageError('Name the workspace folder')
  return Workspace.open(root, {
    readOnly: true,
    ocrInBackground: false, // it reads and exits: scans are read when the folder is scanned
    onRecover: (r) => say(recoveryMessage(r)),
    onOcrProgress: (path, { page, pages }) => say(`reading (OCR) ${path}: page ${page} of ${pages}`),
  })
}

/** Names each article that could not be read, with its reason. */
function reportUnreadable(skipped: readonly { path: string; reason: string }[]): void {
  for (const s of skipped) say(`skipped ${s.path}: ${s.reason}`)
}

/**
 * Refuses an output path that would damage the workspace or an existing file, before any work: inside
 * `.spanwise/`, onto an article (or a file that would become one), an existing file without --force, a
 * folder that does not exist or cannot be written.
 */
async function checkOutput(root: string, out: string, force: boolean, folder: boolean): Promise<void> {
  const realRoot = await fs.realpath(root).catch(() => root)
  const realOut = resolve(await fs.realpath(dirname(out)).catch(() => dirname(out)), basename(out))
  for (const [base, target] of [
    [root, out],
    [realRoot, realOut],
  ] as const) {
    const relToRoot = relative(base, target)
    if (relToRoot.startsWith('..') || resolve(base, relToRoot) !== target) continue
    const parts = relToRoot.split(sep)
    if (parts[0] === DATA_DIR)
      throw new Error(`refusing to write the export into ${DATA_DIR}/ (${out}): that is Spanwise's own data; nothing was written`)
    if (!folder && isSupportedFile(basename(target)))
      throw new Error(
        `refusing to write the export to ${out}: it would replace or become an article of the workspace; nothing was written`,
      )
  }
  const dir = dirname(out)
  const dirStat = await fs.stat(dir).catch(() => null)
  if (!dirStat?.isDirectory())
    throw new Error(`cannot write the export to ${out}: the folder ${dir} does not exist; nothing was written`)
  const writable = await fs.access(dir, constants.W_OK).then(
    () => true,
    () => false,
  )
  if (!writable) throw new Error(`cannot write the export to ${out}: the folder ${dir} is not writable; nothing was written`)
  const existing = await fs.lstat(out).catch(() => null)
  if (!existing) return
  if (folder || existing.isDirectory())
    throw new Error(`${out} exists already: choose a new name for the export; nothing was written`)
  if (!force) throw new Error(`${out} exists already: add --force to replace it; nothing was written`)
}

/** The HTML report; like the other formats, a whole-workspace report names the articles it left out. */
async function writeReportSkipping(workspace: Workspace, out: string, articleIds: string[] | undefined, language: Language) {
  const summary = await writeReport(workspace, out, { format: 'report', articleIds, language })
  const skipped = articleIds
    ? []
    : workspace
        .articles()
        .filter((a) => a.error)
        .map((a) => ({ path: a.path, reason: a.error! }))
  return { ...summary, skipped }
}

async function exportCommand(args: string[]): Promise<number> {
  const parsed = usage(() =>
    parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        article: { type: 'string', multiple: true },
        format: { type: 'string', short: 'f', default: 'json' },
        force: { type: 'boolean', default: false },
        lang: { type: 'string' },
      },
    }),
  )
  const format = parsed.values.format
  const language = parsed.values.lang === undefined ? languageOfEnvironment(process.env) : parseLanguage(parsed.values.lang)
  if (!language) throw new UsageError(`Unknown language "${parsed.values.lang}" (${LANGUAGES.join(' or ')})`)
  if (!(EXPORT_FORMAT_IDS as readonly string[]).includes(format) && format !== 'report')
    throw new UsageError(`Unknown format "${format}"`)
  if (!parsed.values.out) throw new UsageError('Say where to write the export with --out <path>')
  const root = parsed.positionals[0]
  if (!root) throw new UsageError('Name the workspace folder')
  const out = resolve(parsed.values.out)
  if (!(await fs.stat(root).catch(() => null))?.isDirectory()) throw new Error(`Not a folder: ${resolve(root)}`)
  await checkOutput(resolve(root), out, parsed.values.force, format === 'brat')
  const workspace = await openWorkspace(root)
  try {
    let articleIds: string[] | undefined
    const wanted = parsed.values.article ?? []
    if (wanted.length > 0) {
      articleIds = wanted.map((w) => {
        const path = w.replace(/\\/g, '/')
        const article = workspace.articles().find((a) => a.path === path)
        if (!article) throw new Error(`No article "${path}" in ${workspace.root}`)
        return article.id
      })
    }
    let summary
    try {
      summary =
        format === 'report'
          ? await writeReportSkipping(workspace, out, articleIds, language)
          : await writeExport(workspace, out, {
              format: format as ExportFormatId,
              articleIds,
              onProgress: (done, total) => progress(`exporting ${done}/${total}`, done === total),
            })
    } catch (error) {
      throw new Error(`could not write the export to ${out}: ${describeError(error)}; nothing was written there`)
    }
    reportUnreadable(summary.skipped)
    const left = summary.skipped.length > 0 ? `; ${summary.skipped.length} unreadable article(s) left out (listed above)` : ''
    say(`wrote ${summary.articles} articles, ${summary.annotations} annotations to ${summary.path}${left}`)
    return summary.skipped.length > 0 ? EXIT_PARTIAL : 0
  } finally {
    await workspace.close()
  }
}

async function validateCommand(args: string[]): Promise<number> {
  const [file] = usage(() => parseArgs({ args, allowPositionals: true })).positionals
  if (!file) throw new UsageError('Name the file to validate')
  let data: unknown
  try {
    data = JSON.parse(await fs.readFile(file, 'utf8'))
  } catch (error) {
    process.stderr.write(`${file}: not readable JSON (${(error as Error).message})\n`)
    return 1
  }
  const result = SpanwiseExport.safeParse(data)
  if (!result.success) {
    for (const issue of result.error.issues.slice(0, 20))
      process.stderr.write(`${file}: ${issue.path.join('.') || '(root)'}: ${issue.message}\n`)
    return 1
  }
  // Offsets slice the text to the exact span (code points); links and entity references point at something.
  const problems = exportProblems(result.data)
  for (const problem of problems) process.stderr.write(`${file}: ${problem}\n`)
  if (problems.length > 0) return 1
  process.stdout.write(`${file}: valid Spanwise export (${result.data.articles.length} articles)\n`)
  return 0
}

async function importCommand(args: string[]): Promise<number> {
  const [file, folder] = usage(() => parseArgs({ args, allowPositionals: true })).positionals
  if (!file || !folder) throw new UsageError('Name the export file and an empty folder for the workspace')
  const summary = await importSpanwiseExport(JSON.parse(await fs.readFile(file, 'utf8')), resolve(folder))
  process.stdout.write(
    `imported ${summary.articles} articles, ${summary.annotations} annotations, ${summary.links} links, ${summary.entities} entities into ${resolve(folder)}\n`,
  )
  return 0
}

async function statsCommand(args: string[]): Promise<number> {
  const workspace = await openWorkspace(usage(() => parseArgs({ args, allowPositionals: true })).positionals[0])
  try {
    const kinds = { quote: 0, claim: 0, entity: 0 }
    const statuses: Record<string, number> = {}
    const entities: Record<string, number> = {}
    const names = new Map(workspace.entities().map((e) => [e.id, e.name]))
    const articles = workspace.articles().filter((a) => !a.error)
    for (const [i, summary] of articles.entries()) {
      const article = await workspace.articleForExport(summary.id)
      for (const a of article.annotations) {
        kinds[a.kind]++
        if (a.kind === 'claim') statuses[a.attributes.status] = (statuses[a.attributes.status] ?? 0) + 1
        const entityId = a.kind === 'entity' ? a.attributes.entityId : a.kind === 'quote' ? a.attributes.speakerId : undefined
        if (entityId) {
          const name = names.get(entityId) ?? entityId
          entities[name] = (entities[name] ?? 0) + 1
        }
      }
      progress(`reading ${i + 1}/${articles.length}`, i + 1 === articles.length)
    }
    const skipped = workspace
      .articles()
      .filter((a) => a.error)
      .map((a) => ({ path: a.path, reason: a.error! }))
    endProgress()
    reportUnreadable(skipped)
    process.stdout.write(
      `${JSON.stringify({ articles: articles.length, unreadable: skipped.length, skipped, annotations: kinds, claimStatuses: statuses, entities }, null, 2)}\n`,
    )
    return 0
  } finally {
    await workspace.close()
  }
}

// Run when executed as the bin (not when imported by tests).
if (process.argv[1] && /cli\.(js|ts)$/.test(process.argv[1])) {
  void main(process.argv.slice(2)).then((code) => process.exit(code))
}
