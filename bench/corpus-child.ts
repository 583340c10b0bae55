/**
 * One measurement of the leak-sized corpus (corpus-rows.ts) in a process of its own, so that its peak
 * memory is its own. Prints one JSON line.
 *
 * node --import tsx bench/corpus-child.ts <mode> <workspace>
 *   library  Workspace.open until the library list is ready ({ ms, articles, peakRssMB })
 *   search   the app's service: open, then the background index build until a query says it is
 *            complete ({ openMs, buildMs, queryMs[], openArticleMs[], idleRssMB, peakRssMB, fromDisk, fromFiles }).
 *            The query is asked every 20 ms for the first 2 s (a warm start answers complete within
 *            them), then every 250 ms: a background build measured against a query 50 times a second
 *            measured the queries (at 10,000 articles under load, two fifths of the build's CPU).
 *   events   the app's service: open, then the library's background fill until settled, counting what
 *            the window is sent ({ openMs, fillMs, stateBytes, deltas, deltaBytes, largestDeltaBytes })
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { WorkspaceSearch } from '../src/main/search/workspace-search'
import { WorkbenchService } from '../src/main/workbench-service'
import { Workspace } from '../src/main/workspace/workspace'
import { prng } from './generate'
import { testHost } from '../test/helpers/host'
import { SEARCH_QUERIES } from './queries'

function peakRssMB(): number {
  const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
  return hwm ? Number(hwm[1]) / 1024 : process.resourceUsage().maxRSS / 1024
}

const rssMB = () => process.memoryUsage().rss / 2 ** 20

const cpuMs = (since: NodeJS.CpuUsage) => {
  const { user, system } = process.cpuUsage(since)
  return (user + system) / 1000
}

async function library(root: string): Promise<object> {
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  const workspace = await Workspace.open(root)
  const articles = workspace.articles().length
  const ms = performance.now() - t0
  const cpu = cpuMs(c0)
  // The background fill-in (counts) is part of a cold open's cost, not of "ready": wait, then close.
  await workspace.settled()
  const fillMs = performance.now() - t0 - ms
  await workspace.close()
  return { ms, cpuMs: cpu, fillMs, articles, peakRssMB: peakRssMB() }
}

/** What the window is sent while a workspace opens and its library fills in (sizes as JSON). */
async function events(root: string): Promise<object> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'spanwise-bench-user-'))
  let stateBytes = 0
  let deltas = 0
  let deltaBytes = 0
  let largestDeltaBytes = 0
  const host = testHost({
    userDataDir,
    emit: (event) => {
      if (event.type === 'workspace-changed') stateBytes += JSON.stringify(event).length
      if (event.type !== 'library-delta') return
      const bytes = JSON.stringify(event).length
      deltas++
      deltaBytes += bytes
      largestDeltaBytes = Math.max(largestDeltaBytes, bytes)
    },
  })
  const service = await WorkbenchService.create(host)
  try {
    const t0 = performance.now()
    await service.openWorkspace(root)
    const openMs = performance.now() - t0
    await service.settled()
    const fillMs = performance.now() - t0 - openMs
    await service.close()
    return { openMs, fillMs, stateBytes, deltas, deltaBytes, largestDeltaBytes }
  } finally {
    rmSync(userDataDir, { recursive: true, force: true })
  }
}

async function search(root: string): Promise<object> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'spanwise-bench-user-'))
  const service = await WorkbenchService.create(testHost({ userDataDir }))
  try {
    const t0 = performance.now()
    const state = await service.openWorkspace(root)
    const openMs = performance.now() - t0
    const c0 = process.cpuUsage()
    while ((await service.search('alcaldesa')).indexing) {
      const pause = performance.now() - t0 < 2_000 ? 20 : 250
      await new Promise((resolve) => setTimeout(resolve, pause))
    }
    const buildMs = performance.now() - t0
    const buildCpuMs = cpuMs(c0)
    const { counts } = (service as unknown as { searchIndex: WorkspaceSearch }).searchIndex
    const queryMs: number[] = []
    for (let i = 0; i < 3 * SEARCH_QUERIES.length; i++) {
      const t = performance.now()
      await service.search(SEARCH_QUERIES[i % SEARCH_QUERIES.length])
      queryMs.push(performance.now() - t)
    }
    // Opening articles picked at random across the corpus, as the service answers the window.
    const rnd = prng(7)
    const openArticleMs: number[] = []
    const articles = state.articles
    for (let i = 0; i < 30; i++) {
      const id = articles[Math.floor(rnd() * articles.length)].id
      const t = performance.now()
      await service.openArticle(id)
      openArticleMs.push(performance.now() - t)
    }
    await service.settled()
    globalThis.gc?.()
    const idleRssMB = rssMB()
    const t1 = performance.now()
    await service.close()
    const closeMs = performance.now() - t1
    return { openMs, buildMs, buildCpuMs, ...counts, queryMs, openArticleMs, idleRssMB, peakRssMB: peakRssMB(), closeMs }
  } finally {
    rmSync(userDataDir, { recursive: true, force: true })
  }
}

async function main(): Promise<void> {
  const [mode, root] = process.argv.slice(2)
  const result = mode === 'library' ? await library(root) : mode === 'events' ? await events(root) : await search(root)
  console.log(JSON.stringify(result))
}

void main()
