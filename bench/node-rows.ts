/**
 * The rows measured in main under plain Node: save latency, workspace open, search, export,
 * re-anchoring and OCR of a scan. Each takes its own copy of a generated workspace where it writes, so runs do not see
 * each other's changes.
 */
import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { WorkbenchService } from '../src/main/workbench-service'
import { Workspace, articleIdFor } from '../src/main/workspace/workspace'
import { reanchorAll } from '../src/shared/anchoring'
import { testHost } from '../test/helpers/host'
import { renderScan, scannedPdf } from '../test/unit/import/scan-fixtures'
import { bigArticleWorkspace, corpusWorkspace, storedAnnotations } from './fixtures'
import { makeAnnotations, makeArticle, prng } from './generate'
import { SEARCH_QUERIES } from './queries'

const run = promisify(execFile)

/** A scratch copy of a fixture folder, removed by the caller. */
function scratchCopy(root: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'spanwise-bench-'))
  cpSync(root, dir, { recursive: true })
  return dir
}

/**
 * Save latency: createAnnotation (tag → durable on disk: a journal line, fdatasync) with 10,000
 * annotations already in the article. One warm-up save, then `saves` timed ones.
 */
export async function saveLatency(saves: number): Promise<number[]> {
  const { root, relPath, article } = await bigArticleWorkspace(10_000)
  const dir = scratchCopy(root)
  try {
    const workspace = await Workspace.open(dir)
    const id = articleIdFor(relPath)
    const rnd = prng(99)
    const times: number[] = []
    for (let i = 0; i <= saves; i++) {
      const block = article.blocks[1 + Math.floor(rnd() * (article.blocks.length - 2))]
      const start = block.start
      const end = Math.min(block.end, start + 25)
      const t0 = performance.now()
      await workspace.createAnnotation(id, { id: `bench-${i}`, kind: 'quote', start, end })
      if (i > 0) times.push(performance.now() - t0)
    }
    await workspace.close()
    return times
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Workspace open until the library is ready (Workspace.open + the article list). Cold: no index yet,
 * every article is read, extracted and hashed (as on first open); warm: the index is there and the
 * files are in the OS cache (as on every later open).
 */
export async function workspaceOpen(
  articles: number,
  runs: number,
  budgetMs = 90_000,
): Promise<{ cold: number[]; warm: number[] }> {
  const root = await corpusWorkspace(articles)
  const cold: number[] = []
  const warm: number[] = []
  const ready = async () => {
    const t0 = performance.now()
    const workspace = await Workspace.open(root)
    if (workspace.articles().length !== articles) throw new Error('library incomplete')
    const ms = performance.now() - t0
    await workspace.close()
    return ms
  }
  const deadline = performance.now() + budgetMs
  // At least two runs; fewer than `runs` only when each takes so long that the budget is spent.
  for (let i = 0; i < runs && (i < 2 || performance.now() < deadline); i++) {
    for (const name of ['library', 'workspace.json', 'workspace.json.bak'])
      rmSync(join(root, '.spanwise', name), { recursive: true, force: true })
    cold.push(await ready())
    warm.push(await ready())
  }
  return { cold, warm }
}

/**
 * Search across the workspace through the service, as the app calls it. The index is built in the
 * background after opening; the time until it is complete is reported as the build time, then each
 * query is timed against the full index.
 */
export async function searchLatency(
  articles: number,
  maxQueries: number,
  budgetMs = 60_000,
): Promise<{ buildMs: number; times: number[] }> {
  const root = await corpusWorkspace(articles)
  const userData = mkdtempSync(join(tmpdir(), 'spanwise-bench-user-'))
  const service = await WorkbenchService.create(testHost({ userDataDir: userData }))
  try {
    await service.openWorkspace(root)
    // The index builds in the background and queries answer from what is indexed so far (saying so):
    // the build is done when a query no longer reports indexing progress.
    const t0 = performance.now()
    while ((await service.search('alcaldesa')).indexing) await new Promise((resolve) => setTimeout(resolve, 50))
    const buildMs = performance.now() - t0
    const times: number[] = []
    // Bounded by a time budget too: a slow search must not hold the whole bench run hostage.
    const deadline = performance.now() + budgetMs
    for (let i = 0; i < maxQueries && (times.length < 3 || performance.now() < deadline); i++) {
      const t = performance.now()
      await service.search(SEARCH_QUERIES[i % SEARCH_QUERIES.length])
      times.push(performance.now() - t)
    }
    return { buildMs, times }
  } finally {
    await service.close()
    rmSync(userData, { recursive: true, force: true })
  }
}

/** Export of the whole workspace in a child process: time and the child's peak RSS. */
export async function exportRun(
  articles: number,
): Promise<{ ms: number; peakRssMB: number; articles: number; annotations: number; bytes: number }> {
  const root = await corpusWorkspace(articles)
  const outDir = mkdtempSync(join(tmpdir(), 'spanwise-bench-export-'))
  try {
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'export-child.ts'), root, join(outDir, 'corpus.json')],
      { maxBuffer: 1 << 20 },
    )
    return JSON.parse(stdout.trim().split('\n').pop()!)
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
}

/**
 * OCR of a scanned PDF of `pages` pages (generated here: the Spanish test page at 200 dpi, one image
 * per page) read by the built command line (`spanwise stats`) in a child process of its own
 * (ocr-child.mjs, plain Node: the shipped code, no tsx): seconds per page (the first includes opening
 * the workspace, starting the OCR thread and loading the models) and the child's peak RSS (the OCR
 * thread and its tesseract worker are in it). Needs `electron-vite build` (npm run bench does it).
 */
export async function ocrRun(pages: number): Promise<{ pageSeconds: number[]; peakRssMB: number; bytes: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'spanwise-bench-ocr-'))
  try {
    const page = renderScan()
    writeFileSync(join(dir, 'scan.pdf'), await scannedPdf(pages, () => page))
    const { stdout } = await run(process.execPath, [join(import.meta.dirname, 'ocr-child.mjs'), dir], { maxBuffer: 1 << 20 })
    return JSON.parse(stdout.trim().split('\n').pop()!)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Word-level edits at random places: insertions, deletions and replacements of a few characters. */
function scatteredEdits(text: string, count: number, seed: number): string {
  const rnd = prng(seed)
  const at = Array.from({ length: count }, () => Math.floor(rnd() * text.length)).sort((a, b) => b - a)
  let out = text
  for (const p of at) {
    const roll = rnd()
    if (roll < 0.4) out = out.slice(0, p) + ' nuevo dato' + out.slice(p)
    else if (roll < 0.7) out = out.slice(0, p) + out.slice(p + 6)
    else out = out.slice(0, p) + 'cambio' + out.slice(p + 6)
  }
  return out
}

/** Re-anchoring scenarios on a 1 MB article with 10,000 annotations: name → timings (ms). */
export function reanchorRuns(runs: number): Record<string, number[]> {
  const article = makeArticle(1_000_000, 42)
  const targets = storedAnnotations(article.text, makeAnnotations(article, 10_000, 42))
  const paragraphs = article.text.split('\n\n')
  const moved = [...paragraphs]
  moved.push(...moved.splice(10, 5))
  const scenarios: Record<string, string> = {
    '100 scattered edits': scatteredEdits(article.text, 100, 1),
    '1,000 scattered edits': scatteredEdits(article.text, 1_000, 2),
    '5 paragraphs moved to the end': moved.join('\n\n'),
  }
  const out: Record<string, number[]> = {}
  for (const [name, newText] of Object.entries(scenarios)) {
    reanchorAll(article.text, newText, targets) // warm-up: JIT, not the user's first time
    out[name] = []
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now()
      reanchorAll(article.text, newText, targets)
      out[name].push(performance.now() - t0)
    }
  }
  return out
}
