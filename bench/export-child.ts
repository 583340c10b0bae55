/**
 * Runs one export in a process of its own, so its peak memory (maxRSS) is the export's and nothing
 * else's. Prints one JSON line: { ms, peakRssMB, articles, annotations, bytes }.
 * Usage: node --import tsx bench/export-child.ts <workspace> <out.json>
 */
import { statSync } from 'node:fs'
import { Workspace } from '../src/main/workspace/workspace'
import { writeExport } from '../src/main/export/export-writer'
import { peakResidentMB } from './peak-rss.mjs'

async function main(): Promise<void> {
  const [root, out] = process.argv.slice(2)
  // The workspace is open in the app before the user exports: opening is not part of the export, nor
  // is the background work after it (counts, languages), long finished by the time anyone exports.
  const workspace = await Workspace.open(root)
  await workspace.settled()
  const t0 = performance.now()
  const summary = await writeExport(workspace, out, { format: 'json' })
  const ms = performance.now() - t0
  await workspace.close()
  const peakRssMB = peakResidentMB()
  console.log(
    JSON.stringify({ ms, peakRssMB, articles: summary.articles, annotations: summary.annotations, bytes: statSync(out).size }),
  )
}

void main()
