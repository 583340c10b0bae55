/**
 * The research rows, each in a process of its own so its peak memory is its own (VmHWM, as in
 * export-child.ts). Prints one JSON line.
 *
 *   node --import tsx bench/research-child.ts compare <runs>
 *     → { first, ms: number[], threadMs: number[], peakRssMB, pairs, items, chars: [es, en] }
 *   node --import tsx bench/research-child.ts discover <workspace>
 *     → { first, again: { ms, maxDelayMs, p99DelayMs, answers, maxAnswerMs }, proposals, peakRssMB, rssBeforeMB }
 *
 * Discovery runs through WorkbenchService.suggestEntities as the window calls it, after the workspace
 * is open and its search index built; meanwhile articles are opened and searched in a loop, as the
 * window would while the user works, and the event loop's delay is sampled.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { compareArticles } from '../src/shared/compare/compare-v2'
import type { WorkbenchService } from '../src/main/workbench-service'
import { testHost } from '../test/helpers/host'
import { makeTranslationPair } from './research-generate'

/** Peak resident memory of this process (VmHWM on Linux; see export-child.ts for why not maxRSS). */
function peakResidentMB(): number {
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
    if (hwm) return Number(hwm[1]) / 1024
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024
}

/** CPU time of this process's main thread so far, in ms (Linux; NaN elsewhere): JIT and GC helpers excluded. */
function mainThreadMs(): number {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e6
  } catch {
    return NaN
  }
}

function compareRuns(runs: number): void {
  const { es, en } = makeTranslationPair(100_000, 20)
  const left = { text: es.text, blocks: es.blocks, title: 'Informe' }
  const right = { text: en.text, blocks: en.blocks, title: 'Report' }
  // The first compare of a session: lexicons built, code not yet optimised.
  const t = performance.now()
  let result = compareArticles(left, right)
  const first = performance.now() - t
  const ms: number[] = []
  const threadMs: number[] = []
  for (let i = 0; i < runs; i++) {
    const thread = mainThreadMs()
    const t0 = performance.now()
    result = compareArticles(left, right)
    ms.push(performance.now() - t0)
    threadMs.push(mainThreadMs() - thread)
  }
  console.log(
    JSON.stringify({
      first,
      ms,
      threadMs,
      peakRssMB: peakResidentMB(),
      pairs: result.pairs.length,
      items: result.items.length,
      chars: [es.text.length, en.text.length],
    }),
  )
}

/** Words a reporter searches for while discovery runs (the generator's names and topics). */
const WORDS = ['alcaldesa', 'presupuesto', 'ministerio', 'contrato', 'empresa', 'concejal', 'tribunal', 'puerto']

/**
 * One discovery while the user works in the window (an article opened, a search, in turns, one request
 * every 20 ms, as fast as a reporter clicks): its time, the event loop's delay, the answers and the
 * slowest. (Until 2026-12-01 the loop asked for the whole library state, 10,000 rows, which the window
 * asks for only when a workspace opens: 30–60 ms of CPU each, more than discovery itself left.)
 */
async function discoverOnce(service: WorkbenchService, articleIds: readonly string[]) {
  const histogram = monitorEventLoopDelay({ resolution: 10 })
  let done = false
  let answers = 0
  let maxAnswerMs = 0
  const asking = (async () => {
    while (!done) {
      const t = performance.now()
      if (answers % 2 === 0) await service.openArticle(articleIds[(answers * 7919) % articleIds.length])
      else await service.search(WORDS[answers % WORDS.length])
      maxAnswerMs = Math.max(maxAnswerMs, performance.now() - t)
      answers++
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  })()
  histogram.enable()
  const t0 = performance.now()
  const proposals = await service.suggestEntities()
  const ms = performance.now() - t0
  histogram.disable()
  done = true
  await asking
  return {
    proposals: proposals.length,
    mentions: proposals.reduce((sum, p) => sum + p.mentions.length, 0),
    run: {
      ms,
      maxDelayMs: histogram.max / 1e6,
      p99DelayMs: histogram.percentile(99) / 1e6,
      answers,
      maxAnswerMs,
    },
  }
}

async function discover(root: string): Promise<void> {
  const userData = mkdtempSync(join(tmpdir(), 'spanwise-bench-user-'))
  // Imported here: the compare run stays a small process.
  const { WorkbenchService } = await import('../src/main/workbench-service')
  const service = await WorkbenchService.create(testHost({ userDataDir: userData }))
  try {
    const phase = (what: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${what}`)
    await service.openWorkspace(root)
    await service.settled()
    phase('open and settled')
    // The search index builds in the background after opening: let it finish, as it would have long
    // before anyone asks for proposals over 10,000 articles.
    while ((await service.search('alcaldesa')).indexing) await new Promise((resolve) => setTimeout(resolve, 100))
    phase('search index built')
    const rssBeforeMB = process.memoryUsage().rss / 2 ** 20
    const articleIds = (await service.getWorkspace())!.articles.map((a) => a.id)
    const first = await discoverOnce(service, articleIds)
    phase(`first discovery: ${first.run.ms.toFixed(0)} ms`)
    const again = await discoverOnce(service, articleIds)
    phase(`again: ${again.run.ms.toFixed(0)} ms`)
    console.log(
      JSON.stringify({
        first: first.run,
        again: again.run,
        proposals: first.proposals,
        mentions: first.mentions,
        peakRssMB: peakResidentMB(),
        rssBeforeMB,
      }),
    )
  } finally {
    await service.close()
    rmSync(userData, { recursive: true, force: true })
  }
}

const [what, arg] = process.argv.slice(2)
if (what === 'compare') compareRuns(Number(arg ?? 10))
else if (what === 'discover') void discover(arg)
else throw new Error('usage: research-child.ts compare <runs> | discover <workspace>')
