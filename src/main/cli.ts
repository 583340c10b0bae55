/**
 * The command line: `spanwise export <workspace> -o|--out <path> [--article <relative path>]`.
 * It calls the same services as the app, so a data desk's script gets exactly what File → Export writes.
 * Progress goes to stderr; exit codes: 0 done, 1 failed, 2 wrong usage.
 */
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { writeExport } from './export/export-writer'
import { Workspace } from './workspace/workspace'

const USAGE = `Usage:
  spanwise export <workspace> -o|--out <file.json> [--article <path relative to the workspace>]

Writes the workspace's annotations as Spanwise JSON (schema: annotations/spanwise-export.schema.json).`

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  try {
    const [command, ...rest] = argv
    if (!command || command === '--help' || command === '-h') {
      process.stdout.write(`${USAGE}\n`)
      return command ? 0 : 2
    }
    if (command !== 'export') throw new UsageError(`Unknown command "${command}"`)
    return await exportCommand(rest)
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`spanwise: ${error.message}\n\n${USAGE}\n`)
      return 2
    }
    process.stderr.write(`spanwise: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
}

async function exportCommand(args: string[]): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        article: { type: 'string' },
        format: { type: 'string', default: 'json' },
      },
    })
  } catch (error) {
    throw new UsageError((error as Error).message)
  }
  const [root] = parsed.positionals
  if (!root) throw new UsageError('Name the workspace folder to export')
  if (!parsed.values.out) throw new UsageError('Say where to write the export with -o <file>')
  if (parsed.values.format !== 'json') throw new UsageError(`Unknown format "${parsed.values.format}"`)
  const workspace = await Workspace.open(root, {
    onRecover: (r) => process.stderr.write(`warning: ${r.file} was damaged; moved to ${r.movedTo}\n`),
  })
  try {
    let articleIds: string[] | undefined
    if (parsed.values.article) {
      const wanted = parsed.values.article.replace(/\\/g, '/')
      const article = workspace.articles().find((a) => a.path === wanted)
      if (!article) throw new Error(`No article "${wanted}" in ${workspace.root}`)
      articleIds = [article.id]
    }
    const summary = await writeExport(workspace, resolve(parsed.values.out), {
      format: 'json',
      articleIds,
      onProgress: (done, total) => process.stderr.write(`\rexporting ${done}/${total}`),
    })
    process.stderr.write(`\nwrote ${summary.articles} articles, ${summary.annotations} annotations to ${summary.path}\n`)
    return 0
  } finally {
    await workspace.close()
  }
}

// Run when executed as the bin (not when imported by tests).
if (process.argv[1] && /cli\.(js|ts)$/.test(process.argv[1])) {
  void main(process.argv.slice(2)).then((code) => process.exit(code))
}
