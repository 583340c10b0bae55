/**
 * Runs one export in a process of its own, so its peak memory (maxRSS) is the export's and nothing
 * else's. Prints one JSON line: { ms, peakRssMB, articles, annotations, bytes }.
 * Usage: node --import tsx bench/export-child.ts <workspace> <out.json>
 */
import { readFileSync, statSync } from 'node:fs'
import { Workspace } from '../src/main/workspace/workspace'
import { writeExport } from '../src/main/export/export-writer'

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

/**
 * Peak resident memory of this process. On Linux, VmHWM: the high-water mark of this program's own
 * memory. getrusage's maxRSS is not used there because it survives exec: a child forked from the bench
 * process starts with the bench's resident size (hundreds of MB after the search rows) as its "peak".
 */
function peakResidentMB(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
    if (hwm) return Number(hwm[1]) / 1024
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024
}

void main()
