/**
 * `npm run bench` (after `electron-vite build`): builds the bench page, runs every row, prints a table
 * and writes BENCHMARKS.md. `npm run bench -- --quick` runs a small subset in about two minutes and
 * writes .bench-tmp/BENCHMARKS-quick.md instead;
 * `node --import tsx bench/run.ts --report` rewrites BENCHMARKS.md from the last full run's results;
 * `--only=node` (view, library, e2e, node, ocr, corpus, research, sync; comma-separated) reruns those groups and keeps the others'
 * rows (without a last full run in .bench-tmp, only their sections of BENCHMARKS.md are replaced):
 * `node --import tsx bench/run.ts --only=ocr` measures OCR alone; `--only=corpus` the leak-sized corpus
 * (corpus-rows.ts; SPANWISE_CORPUS_ARTICLES sets the size; a full run includes it, about 20 minutes).
 * `--only=research`: compare and entity discovery alone (bench/research-rows.ts); `--only=library` the
 * library list with 100,000 rows (bench/library-rows.ts).
 * `--only=scroll` runs only the scroll, jump and fill-in rows at 1 MB and 5 MB (3 runs each, `--runs=N`
 * to change) and writes .bench-tmp/BENCHMARKS-scroll.md.
 * Measures only: nothing here asserts, and `npm test` never runs it.
 *
 * The groups are one table (GROUPS: name, section, run); the view rows are in view-rows.ts, the others'
 * measures in e2e-row.ts, node-rows.ts, corpus-rows.ts, research-rows.ts and sync-row.ts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import { openEndToEnd, tagEndToEnd } from './e2e-row'
import { BENCH_TMP } from './fixtures'
import { CORPUS_SECTION, corpusRows } from './corpus-rows'
import { LIBRARY_SECTION, libraryRows } from './library-rows'
import { exportRun, ocrRun, reanchorRuns, saveLatency, searchLatency, workspaceOpen } from './node-rows'
import { RESEARCH_SECTION, researchRows } from './research-rows'
import { SYNC_SECTION, syncRows } from './sync-row'
import { benchmarksMarkdown, consoleTable, spliceSections, type Environment, type Row } from './report'
import { summarise } from './stats'
import { VIEW_SECTION, viewPlan, viewRows } from './view-rows'

/** The value of `--name=value` on the command line. */
const arg = (name: string): string | undefined => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(`--${name}=`.length)
const quick = process.argv.includes('--quick')
/** `--only=scroll`: only the scroll, jump and fill-in rows at 1 MB and 5 MB (not written to BENCHMARKS.md). */
const scrollOnly = arg('only') === 'scroll'
const repoRoot = join(import.meta.dirname, '..')
const started = performance.now()
const loadBefore = loadavg()
  .map((x) => x.toFixed(2))
  .join(', ')
const log = (msg: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`)

const plan = viewPlan({
  quick,
  scrollOnly,
  impls: arg('impls')?.split(','),
  runs: Number(arg('runs')) || undefined,
  frames: Number(arg('frames')) || undefined,
  log,
})
const QUERY_COUNT = 40

const METHOD = `- **View rows** run in Debian Chromium from file:// on a bench page (bench/page, built with bench/vite.config.ts), a fresh browser context and page per run, viewport 1400×900. The page generates the article and annotations itself from a seed (bench/generate.ts; not timed). **Spanwise** is \`mountArticle\` from src/renderer/article-view; the **naive baseline** is a plain ProseMirror EditorView over the same blocks with one \`Decoration.inline\` per annotation, created at once, same stylesheet; the **peer** is @recogito/text-annotator ${'4.1'} (SPANS renderer, W3C TextQuote + TextPosition selectors through its W3C adapter) over the same paragraphs as plain \`<p>\` elements with the same typography.
- **Library rows** (bench/library-rows.ts): the app's library list (renderer/app/library.ts over a real Session) on the same bench page with 100,000 generated rows (titles of 3–18 words, one in ten with counts, a few errors and scans), a fresh page per run, as tall as the viewport; rows set → first screen painted, then scrolled at 1, 3 and 10 screens per frame as the article view is (dropped = intervals over 25 ms).
- **Corpus rows** (bench/corpus-rows.ts): a generated leak-sized corpus (bench/leak-corpus.ts: 100,000 articles in folders of 500, most 2–8 KB, one in ten 20–40 KB, one in a hundred 100–200 KB, one in ten annotated), each measure in a child process of its own (bench/corpus-child.ts; peak RSS its VmHWM) through the app's service: library ready cold (no index) and warm; the search index built from the files until a query says it is complete (asked every 20 ms for the first 2 s, then every 250 ms: a build measured against a query 50 times a second measured the queries), then taken back on a warm start; 120 queries right after each; 30 articles opened at random; idle RSS after a forced GC once settled; \`spanwise export\` as in the node rows.
- **Painted** means the animation frame after the one in which the change is in the DOM (double requestAnimationFrame, or a per-frame check then one more frame); nothing counts before it. Open: mount called → a highlight on the first screen painted. Tag: a real key press through Playwright (\`keyboard.press('q')\` after selecting a range on screen), from the key event's own timestamp → the new highlight painted; "frames" counts the animation frames begun from the key until then: 2 means painted in the first frame after the key (frame 1 paints, frame 2 knows). Jump: \`reveal(id)\` (Spanwise), \`scrollIntoView\` on the element (baseline) or \`scrollIntoView(id)\` (peer) for the annotation nearest the end → its highlight on screen and painted. Jump to a random place: ${plan.randomJumps} seeded positions per run, \`scrollTop\` set in a task as a click in the scrollbar track does → the first frame that paints visible text at 20 %, 50 % and 80 % of the viewport's height (a placeholder's transparent text does not count). Scroll: ${plan.scrollFrames} frames at 1, 3 and 10 viewport heights per frame (bouncing at the ends), and top to bottom in 200 equal steps (the first round's row), the position changed in a task between frames as input does (a dragged scrollbar, a wheel), so each scroll event runs before the layout of the frame that shows it; **dropped** frames are rAF intervals over 25 ms (frames over 17 ms are dominated by vsync jitter on current Chromium), with the p99 interval. Open → last change painted: the same open, until the frame after the last DOM change the view makes by itself after its first paint (a MutationObserver; quiet for 60 frames), with the frames it dropped meanwhile. DOM: elements in the whole document, and highlight elements, after opening. Heap: JSHeapUsedSize after a forced GC (DevTools protocol), including the article text and annotation objects the page holds.
- **Open end to end**: the built app (out/renderer) in the e2e harness with the real main services bound as window.workbench; a fresh browser and workspace copy per run; the search index is let finish first; the click's own timestamp → a highlight on the first screen painted. **Tag in the app**: the same app with the 1 MB article open (10,000 or 50,000 annotations), a range on screen selected with Shift+arrows, Q pressed → the new highlight painted, frames counted as in the view rows; this includes everything the app does on the key (undo stack, save queue, panel, library).
- **Node rows** call the main-process services directly: \`Workspace.createAnnotation\` (resolves when durable: one journal line appended and fdatasync'd; the JSON file is compacted in the background, after 500 changes or 2 s idle, so a 40-save run rarely includes a compaction) on a 1 MB article with 10,000 annotations; \`Workspace.open\` + the article list for 1,000 and 10,000 generated articles (→ the list with titles usable; cold: no index, every file read, extracted and hashed, counts and languages then filled in the background; warm: index present, files in the OS cache); search through \`WorkbenchService.search\` as the app calls it (the first query waits for the background index build, reported apart); \`writeExport\` in a child process on the opened workspace once its background work is done (time of the export itself; peak RSS is the child's VmHWM, its own high-water mark including Node and tsx, ~60 MB: getrusage's maxRSS would inherit the bench process's size through fork); \`reanchorAll\` on a 1 MB article with 10,000 annotations after edits (after one warm-up).
- **OCR rows**: a scanned PDF generated by the bench (the Spanish test page of test/unit/import/scan-fixtures.ts at 200 dpi, one image per page) read by the built \`spanwise stats\` in a child process of plain Node (no tsx), with no OCR cache, as the app reads a scan: each page rendered at 300 dpi by pdf.js and read by tesseract.js (Spanish + English models) in the OCR worker thread. Seconds per page run from one page's progress line to the next; the first page's run from the start, so they include opening the workspace (the text-layer pass), starting the thread and loading the models. Peak RSS is the child's VmHWM (Node, pdf.js in both threads, the canvas and tesseract's WebAssembly heap all in it).
- **Research rows** (bench/research-rows.ts) run each in a child process (peak RSS is its VmHWM). Compare: \`compareArticles\` (compare v2, as \`Workspace.comparisons\` calls it) on a generated ~100 KB Spanish report and its English translation (bench/research-generate.ts: same paragraphs, names kept, numbers written per convention, one paragraph in 40 left out and one in 30 with a changed number); the first call in a fresh process apart, then the median of the following runs (wall time; the main thread's CPU time from /proc noted, which a loaded machine does not inflate). Entity discovery: \`WorkbenchService.suggestEntities\` as the window calls it, on a workspace of 10,000 generated news articles (most 2–8 KB, one in ten 20–40 KB, names from a pool of 20,000 with a long tail) once it is open and its search index built; meanwhile the user works (an article opened, then a search, in turns, one request every 20 ms; until 2026-12-01 the whole library state, which the window asks for only at open) and the event loop's delay is sampled (monitorEventLoopDelay, 10 ms resolution); first run (every article read and its names found) and again (names cached per content hash, only grouping).
- Targets compare the **median** unless the issue says p95 (tag latency, save, search).`

async function endToEndRows(rows: Row[], section: string): Promise<void> {
  const times = await openEndToEnd(quick ? 1 : 5)
  const s = summarise(times)
  log(`open end to end: ${times.map((t) => t.toFixed(0)).join(', ')} ms`)
  const na = { peer: 'n/a', baseline: 'n/a' }
  rows.push({
    section,
    measure: 'open, end to end, 1 MB / 10,000: click in library → first screen painted',
    unit: 'ms',
    spanwise: s,
    ...na,
    target: '≤ 300 ms',
    met: s.median <= 300,
    note: `${times.length} runs`,
  })
  for (const count of [10_000, 50_000]) {
    const tags = await tagEndToEnd(count, quick ? 1 : 3, quick ? 4 : 10)
    const latency = summarise(tags.map((t) => t.latency))
    const frames = summarise(tags.map((t) => t.frames))
    log(`tag in the app, ${count}: ${tags.map((t) => `${t.latency.toFixed(0)} ms/${t.frames}f`).join(', ')}`)
    const label = `tag in the app, 1 MB / ${count.toLocaleString('en')}`
    rows.push({
      section,
      measure: `${label}: key → highlight painted`,
      unit: 'ms',
      spanwise: latency,
      ...na,
      note: `${tags.length} tags`,
    })
    rows.push({
      section,
      measure: `${label}: frames begun until painted`,
      unit: 'frames',
      spanwise: frames,
      ...na,
      target: 'p95 ≤ 2 frames',
      met: frames.p95 <= 2,
    })
  }
}

async function nodeRows(rows: Row[], section: string): Promise<void> {
  const na = { peer: 'n/a', baseline: 'n/a' }
  const saves = summarise(await saveLatency(quick ? 10 : 40))
  log(`save p95 ${saves.p95.toFixed(1)} ms`)
  rows.push({
    section,
    measure: 'save, tag → durable, 10,000 in the article',
    unit: 'ms',
    spanwise: saves,
    ...na,
    target: 'p95 ≤ 50 ms',
    met: saves.p95 <= 50,
    note: `${saves.n} saves`,
  })

  for (const articles of quick ? [1_000] : [1_000, 10_000]) {
    const { cold, warm } = await workspaceOpen(articles, quick ? 1 : 5)
    const c = summarise(cold)
    const w = summarise(warm)
    log(`workspace ${articles}: cold ${c.median.toFixed(0)} warm ${w.median.toFixed(0)} ms`)
    const big = articles === 10_000
    for (const [start, times, targetMs] of [
      ['cold', c, 2_000],
      ['warm', w, 300],
    ] as const)
      rows.push({
        section,
        measure: `workspace open → library ready, ${articles.toLocaleString('en')} articles, ${start}`,
        unit: 'ms',
        spanwise: times,
        ...na,
        target: big ? `≤ ${targetMs.toLocaleString('en')} ms` : undefined,
        met: big ? times.median <= targetMs : undefined,
        note: `${times.n} runs`,
      })
  }

  const searchArticles = quick ? 1_000 : 10_000
  const search = await searchLatency(searchArticles, quick ? 10 : QUERY_COUNT)
  const s = summarise(search.times)
  log(`search: build ${search.buildMs.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms`)
  rows.push({
    section,
    measure: `search index build (background, after open), ${searchArticles.toLocaleString('en')} articles`,
    unit: 'ms',
    spanwise: search.buildMs,
    ...na,
  })
  rows.push({
    section,
    measure: `search across ${searchArticles.toLocaleString('en')} articles`,
    unit: 'ms',
    spanwise: s,
    ...na,
    target: searchArticles === 10_000 ? 'p95 ≤ 30 ms' : undefined,
    met: searchArticles === 10_000 ? s.p95 <= 30 : undefined,
    note: `${s.n} queries`,
  })

  const exportArticles = quick ? 1_000 : 10_000
  const exports = []
  // At least two runs; fewer than five only when each is slow enough to spend the 90 s budget.
  const exportDeadline = performance.now() + 90_000
  for (let i = 0; i < (quick ? 1 : 5) && (i < 2 || performance.now() < exportDeadline); i++)
    exports.push(await exportRun(exportArticles))
  const time = summarise(exports.map((e) => e.ms))
  const rss = summarise(exports.map((e) => e.peakRssMB))
  log(`export ${exportArticles}: ${time.median.toFixed(0)} ms, ${rss.median.toFixed(0)} MB`)
  const big = exportArticles === 10_000
  const detail = `${exports[0].annotations.toLocaleString('en')} annotations, ${(exports[0].bytes / 1e6).toFixed(0)} MB of JSON; ${exports.length} runs`
  rows.push({
    section,
    measure: `export of ${exportArticles.toLocaleString('en')} articles: time`,
    unit: 'ms',
    spanwise: time,
    ...na,
    target: big ? '≤ 5,000 ms' : undefined,
    met: big ? time.median <= 5_000 : undefined,
    note: detail,
  })
  rows.push({
    section,
    measure: `export of ${exportArticles.toLocaleString('en')} articles: peak RSS`,
    unit: 'MB',
    spanwise: rss,
    ...na,
    target: big ? '≤ 300 MB' : undefined,
    met: big ? rss.median <= 300 : undefined,
  })

  const reanchor = reanchorRuns(quick ? 2 : 5)
  for (const [name, times] of Object.entries(reanchor)) {
    const r = summarise(times)
    rows.push({
      section,
      measure: `re-anchor 10,000 annotations, 1 MB, ${name}`,
      unit: 'ms',
      spanwise: r,
      ...na,
      target: '≤ 200 ms',
      met: r.median <= 200,
      note: `${r.n} runs`,
    })
  }
  log('node rows done')
}

async function ocrRows(rows: Row[], section: string): Promise<void> {
  const na = { peer: 'n/a', baseline: 'n/a' }
  const pages = quick ? 3 : 6
  const r = await ocrRun(pages)
  const warm = summarise(r.pageSeconds.slice(1))
  log(`ocr: first page ${r.pageSeconds[0].toFixed(1)} s, then ${warm.median.toFixed(1)} s per page, ${r.peakRssMB.toFixed(0)} MB`)
  const detail = `a ${pages}-page scanned PDF (${(r.bytes / 1e3).toFixed(0)} kB), rendered at 300 dpi, read with spa+eng`
  rows.push(
    {
      section,
      measure: 'OCR, first page (workspace open, thread start and models included)',
      unit: 's',
      spanwise: r.pageSeconds[0],
      ...na,
      note: detail,
    },
    { section, measure: 'OCR, each further page (render + read)', unit: 's', spanwise: warm, ...na, note: `${warm.n} pages` },
    { section, measure: `OCR of ${pages} pages: peak RSS`, unit: 'MB', spanwise: r.peakRssMB, ...na },
  )
}

let chromiumVersion = ''

/** One group of rows: `--only=<name>` runs it alone; its rows make the section `section` of BENCHMARKS.md. */
interface Group {
  name: string
  /** The section's title, or how it begins (the corpus's says its size). */
  section: string
  /** Runs on the bench page (bench/page), built first. */
  page?: boolean
  run(rows: Row[], section: string): Promise<void>
}

/** The groups in the order of BENCHMARKS.md. */
const GROUPS: readonly Group[] = [
  {
    name: 'view',
    section: VIEW_SECTION,
    page: true,
    run: async (rows) => {
      chromiumVersion = await viewRows(rows, plan)
    },
  },
  {
    name: 'library',
    section: LIBRARY_SECTION,
    page: true,
    run: async (rows) => {
      chromiumVersion = await libraryRows(rows, log, quick)
    },
  },
  { name: 'e2e', section: 'The app end to end (harness, real main services)', page: true, run: endToEndRows },
  { name: 'node', section: 'Main process under Node', run: nodeRows },
  { name: 'ocr', section: 'OCR of scans', run: ocrRows },
  // The leak-sized corpus (100,000 articles: generated once into the temp folder, then ~20 minutes).
  { name: 'corpus', section: CORPUS_SECTION, run: (rows) => corpusRows(rows, log) },
  { name: 'research', section: RESEARCH_SECTION, run: (rows) => researchRows(rows, log, quick) },
  {
    name: 'sync',
    section: SYNC_SECTION,
    run: async (rows) => {
      rows.push(...(await syncRows(quick)))
      log('sync rows done')
    },
  },
]

const loadNow = (): string =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')

/** The machine, the versions and the load, now. */
const environmentNow = (): Environment => ({
  date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  ramGB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  chromium: chromiumVersion,
  loadBefore,
  loadAfter: loadNow(),
  minutes: (performance.now() - started) / 60_000,
  quick,
})

/** `--only=scroll`: the scroll rows alone, with the load, into .bench-tmp (BENCHMARKS.md is the full run's). */
async function scrollRerun(): Promise<void> {
  const rows: Row[] = []
  chromiumVersion = await viewRows(rows, plan)
  const env = environmentNow()
  console.log('\n' + consoleTable(rows))
  writeFileSync(join(BENCH_TMP, 'results-scroll.json'), JSON.stringify({ env, rows }, null, 2))
  const out = join(BENCH_TMP, 'BENCHMARKS-scroll.md')
  writeFileSync(out, benchmarksMarkdown(env, rows, METHOD, ''))
  log(`${out} written (load before ${env.loadBefore}, after ${env.loadAfter})`)
}

/** `--report`: rewrite BENCHMARKS.md from the last full run's results (after editing bench/analysis.md). */
function reportOnly(): void {
  const { env, rows } = JSON.parse(readFileSync(join(BENCH_TMP, 'results.json'), 'utf8')) as {
    env: Parameters<typeof benchmarksMarkdown>[0]
    rows: Row[]
  }
  writeFileSync(join(repoRoot, 'BENCHMARKS.md'), benchmarksMarkdown(env, rows, METHOD, join(import.meta.dirname, 'analysis.md')))
  console.log(consoleTable(rows))
}

interface LastRun {
  env: Environment
  rows: Row[]
}

async function main(): Promise<void> {
  if (process.argv.includes('--report')) return reportOnly()
  mkdirSync(BENCH_TMP, { recursive: true })
  if (scrollOnly) {
    await build({ configFile: join(import.meta.dirname, 'vite.config.ts') })
    log('bench page built')
    return scrollRerun()
  }
  // `--only=node` (or any groups' names, comma-separated) reruns those groups and keeps the other rows
  // of the last full run, e.g. after a fix in main.
  const only = arg('only')?.split(',')
  const unknown = only?.filter((name) => !GROUPS.some((g) => g.name === name))
  if (unknown?.length)
    throw new Error(`--only=${unknown.join(',')}: the groups are ${GROUPS.map((g) => g.name).join(', ')} (or scroll alone)`)
  const chosen = GROUPS.filter((g) => !only || only.includes(g.name))
  if (chosen.some((g) => g.page)) {
    await build({ configFile: join(import.meta.dirname, 'vite.config.ts') })
    log('bench page built')
  }
  const lastRunFile = join(BENCH_TMP, 'results.json')
  const lastRun = only && existsSync(lastRunFile) ? (JSON.parse(readFileSync(lastRunFile, 'utf8')) as LastRun) : null
  const previous: Row[] = lastRun?.rows ?? []
  chromiumVersion = lastRun?.env.chromium ?? ''
  // A group that fails (a page that times out on a loaded machine) is logged and keeps its previous rows:
  // it never throws away the groups measured before it.
  const failed = new Set<string>()
  const rows: Row[] = []
  for (const group of GROUPS) {
    const kept = () => previous.filter((r) => r.section.startsWith(group.section))
    if (!chosen.includes(group)) {
      rows.push(...kept())
      continue
    }
    const fresh: Row[] = []
    try {
      await group.run(fresh, group.section)
      rows.push(...fresh)
    } catch (error) {
      failed.add(group.name)
      log(
        `${group.name} rows failed, their previous rows are kept: ${error instanceof Error ? error.message.split('\n')[0] : error}`,
      )
      rows.push(...kept())
    }
  }
  if (only && only.every((g) => failed.has(g))) {
    log('every group asked for failed: nothing written')
    process.exitCode = 1
    return
  }
  const env = environmentNow()
  console.log('\n' + consoleTable(rows))
  const rerun = `${only?.join(', ')} rows rerun on ${env.date} (${env.minutes.toFixed(1)} min, load before ${env.loadBefore}, after ${env.loadAfter})`
  if (only && !lastRun && !quick) {
    // No full run here to keep the other rows from: replace only the rerun sections of BENCHMARKS.md.
    const file = join(repoRoot, 'BENCHMARKS.md')
    writeFileSync(file, spliceSections(readFileSync(file, 'utf8'), rows, METHOD, rerun))
    log(`${file}: ${only.join(', ')} sections written`)
    return
  }
  // A partial rerun keeps the full run's environment and says what was rerun, when, under what load.
  const saved = lastRun ? { ...lastRun.env, rerun } : env
  writeFileSync(join(BENCH_TMP, `results${quick ? '-quick' : ''}.json`), JSON.stringify({ env: saved, rows }, null, 2))
  // A quick run is a smoke test of the bench: it never replaces the full run's BENCHMARKS.md.
  const out = quick ? join(BENCH_TMP, 'BENCHMARKS-quick.md') : join(repoRoot, 'BENCHMARKS.md')
  writeFileSync(out, benchmarksMarkdown(saved, rows, METHOD, join(import.meta.dirname, 'analysis.md')))
  log(`${out} written`)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
