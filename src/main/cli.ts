/**
 * The command line, for data desks' scripts. It calls the same services as the app, so an export here
 * is exactly what File → Export writes.
 *
 *   spanwise export <workspace> --format json|w3c|jsonl|brat|csv|claimreview --out <path> [--article <path>]…
 *   spanwise validate <file.json>     checks a Spanwise JSON export against its schema
 *   spanwise stats <workspace>        counts per kind, claim status and entity
 *   spanwise import <file.json> <folder>   recreates a workspace from an export
 *
 * Progress goes to stderr, results to stdout. Exit codes: 0 done, 1 failed (or invalid file), 2 wrong usage.
 */
import { promises as fs } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { EXPORT_FORMAT_IDS, type ExportFormatId } from '../shared/export/formats'
import { SpanwiseExport } from '../shared/export/spanwise-json'
import { writeExport } from './export/export-writer'
import { importSpanwiseExport } from './export/import-export'
import { Workspace } from './workspace/workspace'

const USAGE = `Usage:
  spanwise export <workspace> --out <path> [--format ${EXPORT_FORMAT_IDS.join('|')}] [--article <relative path>]...
  spanwise validate <file.json>
  spanwise stats <workspace>
  spanwise import <file.json> <empty folder>

export    writes the workspace's annotations (default format: json, the Spanwise JSON whose schema is
          annotations/spanwise-export.schema.json; brat writes a folder of .txt and .ann files)
validate  checks that a file is a valid Spanwise JSON export
stats     prints counts per annotation kind, claim status and entity, as JSON
import    recreates a workspace from a Spanwise JSON export (texts, annotations, links, entities)`

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
    throw new UsageError(`Unknown command "${command}"`)
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`spanwise: ${error.message}\n\n${USAGE}\n`)
      return 2
    }
    process.stderr.write(`spanwise: ${error instanceof Error ? error.message : String(error)}\n`)
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

async function openWorkspace(root: string | undefined): Promise<Workspace> {
  if (!root) throw new UsageError('Name the workspace folder')
  return Workspace.open(root, {
    onRecover: (r) => process.stderr.write(`warning: ${r.file} was damaged; moved to ${r.movedTo}\n`),
    onOcrProgress: (path, { page, pages }) => process.stderr.write(`reading (OCR) ${path}: page ${page} of ${pages}\n`),
  })
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
      },
    }),
  )
  const format = parsed.values.format
  if (!(EXPORT_FORMAT_IDS as readonly string[]).includes(format)) throw new UsageError(`Unknown format "${format}"`)
  if (!parsed.values.out) throw new UsageError('Say where to write the export with --out <path>')
  const workspace = await openWorkspace(parsed.positionals[0])
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
    const summary = await writeExport(workspace, resolve(parsed.values.out), {
      format: format as ExportFormatId,
      articleIds,
      onProgress: (done, total) => process.stderr.write(`\rexporting ${done}/${total}`),
    })
    process.stderr.write(`\nwrote ${summary.articles} articles, ${summary.annotations} annotations to ${summary.path}\n`)
    return 0
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
  // Offsets must slice the text to the exact span (code points).
  for (const article of result.data.articles) {
    const codePoints = [...article.text]
    for (const a of article.annotations) {
      if (a.anchor !== 'orphaned' && codePoints.slice(a.start, a.end).join('') !== a.exact) {
        process.stderr.write(
          `${file}: article ${article.path}: annotation ${a.id}: offsets ${a.start}-${a.end} do not slice the text to its exact text\n`,
        )
        return 1
      }
    }
  }
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
      process.stderr.write(`\rreading ${i + 1}/${articles.length}`)
    }
    process.stderr.write('\n')
    process.stdout.write(
      `${JSON.stringify({ articles: articles.length, unreadable: workspace.articles().length - articles.length, annotations: kinds, claimStatuses: statuses, entities }, null, 2)}\n`,
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
