/**
 * The `corpus` rows (issue 20): a leak-sized workspace (leak-corpus.ts; 100,000 articles unless
 * SPANWISE_CORPUS_ARTICLES says otherwise), each figure measured in a child process of its own
 * (corpus-child.ts, export-child.ts) so that its peak memory is its own. Wall times on a shared
 * machine follow its load: each row notes the child's CPU time and the load average too.
 * `node --import tsx bench/run.ts --only=corpus` runs them alone.
 */
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { leakCorpus } from './leak-corpus'
import type { Row } from './report'
import { summarise } from './stats'

const run = promisify(execFile)
const load = () => loadavg()[0].toFixed(1)

interface LibraryRun {
  ms: number
  cpuMs: number
  /** From ready until the background fill-in is done. */
  fillMs: number
  articles: number
  peakRssMB: number
}

interface EventsRun {
  openMs: number
  fillMs: number
  stateBytes: number
  deltas: number
  deltaBytes: number
  largestDeltaBytes: number
}

interface SearchRun {
  openMs: number
  buildMs: number
  buildCpuMs: number
  fromDisk: number
  fromFiles: number
  queryMs: number[]
  openArticleMs: number[]
  idleRssMB: number
  peakRssMB: number
}

async function child<T>(script: string, args: string[]): Promise<T> {
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', join(import.meta.dirname, script), ...args],
    { maxBuffer: 1 << 24 },
  )
  return JSON.parse(stdout.trim().split('\n').pop()!) as T
}

/** The bytes of the search index on disk (its shard files). */
function searchIndexMB(root: string): number {
  const dir = join(root, '.spanwise', 'search')
  const names = readdirSync(dir).filter((name) => name.endsWith('.idx'))
  return names.reduce((n, name) => n + statSync(join(dir, name)).size, 0) / 1e6
}

/** Removes what a first open writes: the library's index and the search index. */
function forgetIndexes(root: string): void {
  for (const name of ['library', 'workspace.json', 'workspace.json.bak', 'search'])
    rmSync(join(root, '.spanwise', name), { recursive: true, force: true })
}

/** How the corpus rows' section title begins (it goes on with the corpus's size). */
export const CORPUS_SECTION = 'Leak-sized corpus'

export async function corpusRows(rows: Row[], log: (msg: string) => void): Promise<void> {
  const articles = Number(process.env.SPANWISE_CORPUS_ARTICLES ?? 100_000)
  const label = articles.toLocaleString('en')
  const section = `${CORPUS_SECTION}: ${label} articles, 10 % annotated (main process under Node)`
  const na = { peer: 'n/a', baseline: 'n/a' }
  const root = await leakCorpus(articles, log)
  const small = await leakCorpus(1_000, log)

  forgetIndexes(root)
  const coldLoad = load()
  const cold = await child<LibraryRun>('corpus-child.ts', ['library', root])
  log(
    `library cold ${cold.ms.toFixed(0)} ms (cpu ${cold.cpuMs.toFixed(0)} ms, load ${coldLoad}; fill ${cold.fillMs.toFixed(0)} ms)`,
  )
  const warmLoad = load()
  const warm = await child<LibraryRun>('corpus-child.ts', ['library', root])
  log(`library warm ${warm.ms.toFixed(0)} ms (cpu ${warm.cpuMs.toFixed(0)} ms, load ${warmLoad})`)
  // What the window is sent during a cold open and its fill-in: the whole library once, then deltas.
  rmSync(join(root, '.spanwise', 'library'), { recursive: true, force: true })
  const sent = await child<EventsRun>('corpus-child.ts', ['events', root])
  log(
    `window events, cold: whole state ${(sent.stateBytes / 1e6).toFixed(1)} MB once; ${sent.deltas} deltas, ` +
      `${(sent.deltaBytes / 1e6).toFixed(2)} MB in all, largest ${(sent.largestDeltaBytes / 1e3).toFixed(0)} KB ` +
      `(open ${sent.openMs.toFixed(0)} ms, fill ${sent.fillMs.toFixed(0)} ms)`,
  )
  rows.push({
    section,
    measure: `open → library ready, ${label} articles, cold (no index)`,
    unit: 'ms',
    spanwise: cold.ms,
    ...na,
    target: '≤ 10,000 ms',
    met: cold.ms <= 10_000,
    note: `CPU ${(cold.cpuMs / 1000).toFixed(1)} s, peak RSS ${cold.peakRssMB.toFixed(0)} MB, load ${coldLoad}`,
  })
  rows.push({
    section,
    measure: `open → library ready, ${label} articles, warm`,
    unit: 'ms',
    spanwise: warm.ms,
    ...na,
    target: '≤ 1,000 ms',
    met: warm.ms <= 1_000,
    note: `CPU ${(warm.cpuMs / 1000).toFixed(1)} s, load ${warmLoad}`,
  })

  // The search index: built from the files (none on disk), then taken back from disk on a warm start.
  rmSync(join(root, '.spanwise', 'search'), { recursive: true, force: true })
  const buildLoad = load()
  const built = await child<SearchRun>('corpus-child.ts', ['search', root])
  log(`search build ${built.buildMs.toFixed(0)} ms, peak ${built.peakRssMB.toFixed(0)} MB (load ${buildLoad})`)
  const warmSearchLoad = load()
  const warmSearch = await child<SearchRun>('corpus-child.ts', ['search', root])
  log(`search warm ${warmSearch.buildMs.toFixed(0)} ms (${warmSearch.fromDisk} from disk, load ${warmSearchLoad})`)
  const smallRun = await child<SearchRun>('corpus-child.ts', ['search', small])
  const queries = summarise([...built.queryMs, ...warmSearch.queryMs])
  const opens = summarise([...built.openArticleMs, ...warmSearch.openArticleMs])
  const smallOpens = summarise(smallRun.openArticleMs)
  rows.push({
    section,
    measure: `search index build in the background (from the files), ${label} articles`,
    unit: 'ms',
    spanwise: built.buildMs,
    ...na,
    target: '≤ 180,000 ms',
    met: built.buildMs <= 180_000,
    note: `CPU ${(built.buildCpuMs / 1000).toFixed(0)} s, load ${buildLoad}`,
  })
  rows.push({
    section,
    measure: `search index build: peak RSS`,
    unit: 'MB',
    spanwise: built.peakRssMB,
    ...na,
    target: '≤ 1,500 MB',
    met: built.peakRssMB <= 1_500,
  })
  rows.push({
    section,
    measure: `warm start → whole workspace searchable (index taken back from .spanwise/search)`,
    unit: 'ms',
    spanwise: warmSearch.buildMs - warmSearch.openMs,
    ...na,
    target: '≤ 1,000 ms',
    met: warmSearch.buildMs - warmSearch.openMs <= 1_000,
    note: `after the library is ready; ${warmSearch.fromDisk.toLocaleString('en')} taken back, ${warmSearch.fromFiles} read; CPU ${(warmSearch.buildCpuMs / 1000).toFixed(1)} s, load ${warmSearchLoad}; index on disk ${searchIndexMB(root).toFixed(0)} MB`,
  })
  rows.push({
    section,
    measure: `search across ${label} articles, once indexed`,
    unit: 'ms',
    spanwise: queries,
    ...na,
    target: 'p95 ≤ 50 ms',
    met: queries.p95 <= 50,
    note: `${queries.n} queries`,
  })
  rows.push({
    section,
    measure: `open an article picked at random (service → packed article)`,
    unit: 'ms',
    spanwise: opens,
    ...na,
    target: `as in 1,000 articles: ${smallOpens.median.toFixed(1)} / ${smallOpens.p95.toFixed(1)} ms`,
    met: opens.median <= Math.max(2 * smallOpens.median, smallOpens.median + 5),
    note: `${opens.n} opens`,
  })
  rows.push({
    section,
    measure: `idle memory with the whole index loaded (RSS after GC)`,
    unit: 'MB',
    spanwise: warmSearch.idleRssMB,
    ...na,
    target: '≤ 500 MB',
    met: warmSearch.idleRssMB <= 500,
  })

  const outDir = mkdtempSync(join(tmpdir(), 'spanwise-bench-export-'))
  try {
    const exportLoad = load()
    const exported = await child<{ ms: number; peakRssMB: number; annotations: number; bytes: number }>('export-child.ts', [
      root,
      join(outDir, 'corpus.json'),
    ])
    log(`export ${exported.ms.toFixed(0)} ms, ${exported.peakRssMB.toFixed(0)} MB`)
    const detail = `${exported.annotations.toLocaleString('en')} annotations, ${(exported.bytes / 1e6).toFixed(0)} MB of JSON, load ${exportLoad}`
    rows.push({
      section,
      measure: `spanwise export of ${label} articles: time`,
      unit: 'ms',
      spanwise: exported.ms,
      ...na,
      target: '≤ 60,000 ms',
      met: exported.ms <= 60_000,
      note: detail,
    })
    rows.push({
      section,
      measure: `spanwise export of ${label} articles: peak RSS`,
      unit: 'MB',
      spanwise: exported.peakRssMB,
      ...na,
      target: '≤ 400 MB',
      met: exported.peakRssMB <= 400,
    })
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
}
