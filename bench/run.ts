/**
 * `npm run bench` (after `electron-vite build`): builds the bench page, runs every row, prints a table
 * and writes BENCHMARKS.md. `npm run bench -- --quick` runs a small subset in about two minutes and
 * writes .bench-tmp/BENCHMARKS-quick.md instead;
 * `node --import tsx bench/run.ts --report` rewrites BENCHMARKS.md from the last full run's results;
 * `--only=node` (view, e2e, node, ocr, corpus, research, sync; comma-separated) reruns those groups and keeps the others'
 * rows (without a last full run in .bench-tmp, only their sections of BENCHMARKS.md are replaced):
 * `node --import tsx bench/run.ts --only=ocr` measures OCR alone; `--only=corpus` the leak-sized corpus
 * (corpus-rows.ts; SPANWISE_CORPUS_ARTICLES sets the size; a full run includes it, about 20 minutes).
 * `--only=research`: compare and entity discovery alone (bench/research-rows.ts).
 * `--only=scroll` runs only the scroll, jump and fill-in rows at 1 MB and 5 MB (3 runs each, `--runs=N`
 * to change) and writes .bench-tmp/BENCHMARKS-scroll.md.
 * Measures only: nothing here asserts, and `npm test` never runs it.
 *
 * Over 500 lines: every group's rows are defined here beside the method text that describes them;
 * the view rows (viewRows, tagAndJumpRows, scrollRows and their cell helpers) are the part to move out
 * next.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import { launchChromium } from '../test/e2e/harness'
import { IMPLS, benchPageUrl, runView, type FrameStats, type ScrollPlan, type ViewRun } from './browser-rows'
import { openEndToEnd, tagEndToEnd } from './e2e-row'
import { BENCH_TMP } from './fixtures'
import { VIEW_SIZES } from './generate'
import { corpusRows } from './corpus-rows'
import { exportRun, ocrRun, reanchorRuns, saveLatency, searchLatency, workspaceOpen } from './node-rows'
import { researchRows } from './research-rows'
import { SYNC_SECTION, syncRows } from './sync-row'
import type { Impl } from './page/main'
import { benchmarksMarkdown, consoleTable, spliceSections, type Cell, type Environment, type Row } from './report'
import { summarise, p95 } from './stats'

const quick = process.argv.includes('--quick')
/** `--only=scroll`: only the scroll, jump and fill-in rows at 1 MB and 5 MB (not written to BENCHMARKS.md). */
const scrollOnly = process.argv.includes('--only=scroll')
/** `--impls=spanwise,naive`: only these implementations (for quick comparisons while working). */
const implsArg = process.argv
  .find((a) => a.startsWith('--impls='))
  ?.slice('--impls='.length)
  .split(',')
const runsArg = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice('--runs='.length))
const repoRoot = join(import.meta.dirname, '..')
const started = performance.now()
const loadBefore = loadavg()
  .map((x) => x.toFixed(2))
  .join(', ')
const log = (msg: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`)

/** How many fresh pages per implementation and size; the peer and the baseline are slow enough at 5 MB to get fewer. */
const viewRuns = (impl: Impl, chars: number): number =>
  runsArg > 0
    ? runsArg
    : quick
      ? 2
      : impl === 'peer' && chars >= 5_000_000
        ? 1
        : (impl === 'naive' && chars >= 5_000_000) || scrollOnly
          ? 3
          : 5
/** The peer needs minutes at 5 MB / 50,000 (it revives every annotation's DOM range up front). */
const OPEN_TIMEOUT_MS = 120_000
const SCROLL_FRAMES =
  Number(process.argv.find((a) => a.startsWith('--frames='))?.slice('--frames='.length)) || (quick ? 100 : 300)
/** Scroll speeds: a wheel flick is about a screen per frame, a dragged scrollbar thumb several to tens. */
const SCROLL_PLANS: readonly ScrollPlan[] = [
  { label: '1 screen per frame', screens: 1, frames: SCROLL_FRAMES },
  { label: '3 screens per frame', screens: 3, frames: SCROLL_FRAMES },
  { label: '10 screens per frame', screens: 10, frames: SCROLL_FRAMES },
  { label: 'top → bottom in 200 frames', topToBottom: true, frames: 200 },
]
const RANDOM_JUMPS = quick ? 4 : 10
const TAGS = quick ? 5 : 10
const QUERY_COUNT = 40

const METHOD = `- **View rows** run in Debian Chromium from file:// on a bench page (bench/page, built with bench/vite.config.ts), a fresh browser context and page per run, viewport 1400×900. The page generates the article and annotations itself from a seed (bench/generate.ts; not timed). **Spanwise** is \`mountArticle\` from src/renderer/article-view; the **naive baseline** is a plain ProseMirror EditorView over the same blocks with one \`Decoration.inline\` per annotation, created at once, same stylesheet; the **peer** is @recogito/text-annotator ${'4.1'} (SPANS renderer, W3C TextQuote + TextPosition selectors through its W3C adapter) over the same paragraphs as plain \`<p>\` elements with the same typography.
- **Painted** means the animation frame after the one in which the change is in the DOM (double requestAnimationFrame, or a per-frame check then one more frame); nothing counts before it. Open: mount called → a highlight on the first screen painted. Tag: a real key press through Playwright (\`keyboard.press('q')\` after selecting a range on screen), from the key event's own timestamp → the new highlight painted; "frames" counts the animation frames begun from the key until then: 2 means painted in the first frame after the key (frame 1 paints, frame 2 knows). Jump: \`reveal(id)\` (Spanwise), \`scrollIntoView\` on the element (baseline) or \`scrollIntoView(id)\` (peer) for the annotation nearest the end → its highlight on screen and painted. Jump to a random place: ${RANDOM_JUMPS} seeded positions per run, \`scrollTop\` set in a task as a click in the scrollbar track does → the first frame that paints visible text at 20 %, 50 % and 80 % of the viewport's height (a placeholder's transparent text does not count). Scroll: ${SCROLL_FRAMES} frames at 1, 3 and 10 viewport heights per frame (bouncing at the ends), and top to bottom in 200 equal steps (the first round's row), the position changed in a task between frames as input does (a dragged scrollbar, a wheel), so each scroll event runs before the layout of the frame that shows it; **dropped** frames are rAF intervals over 25 ms (frames over 17 ms are dominated by vsync jitter on current Chromium), with the p99 interval. Open → last change painted: the same open, until the frame after the last DOM change the view makes by itself after its first paint (a MutationObserver; quiet for 60 frames), with the frames it dropped meanwhile. DOM: elements in the whole document, and highlight elements, after opening. Heap: JSHeapUsedSize after a forced GC (DevTools protocol), including the article text and annotation objects the page holds.
- **Open end to end**: the built app (out/renderer) in the e2e harness with the real main services bound as window.workbench; a fresh browser and workspace copy per run; the search index is let finish first; the click's own timestamp → a highlight on the first screen painted. **Tag in the app**: the same app with the 1 MB article open (10,000 or 50,000 annotations), a range on screen selected with Shift+arrows, Q pressed → the new highlight painted, frames counted as in the view rows; this includes everything the app does on the key (undo stack, save queue, panel, library).
- **Node rows** call the main-process services directly: \`Workspace.createAnnotation\` (resolves when durable: one journal line appended and fdatasync'd; the JSON file is compacted in the background, after 500 changes or 2 s idle, so a 40-save run rarely includes a compaction) on a 1 MB article with 10,000 annotations; \`Workspace.open\` + the article list for 1,000 and 10,000 generated articles (→ the list with titles usable; cold: no index, every file read, extracted and hashed, counts and languages then filled in the background; warm: index present, files in the OS cache); search through \`WorkbenchService.search\` as the app calls it (the first query waits for the background index build, reported apart); \`writeExport\` in a child process on the opened workspace once its background work is done (time of the export itself; peak RSS is the child's VmHWM, its own high-water mark including Node and tsx, ~60 MB: getrusage's maxRSS would inherit the bench process's size through fork); \`reanchorAll\` on a 1 MB article with 10,000 annotations after edits (after one warm-up).
- **OCR rows**: a scanned PDF generated by the bench (the Spanish test page of test/unit/import/scan-fixtures.ts at 200 dpi, one image per page) read by the built \`spanwise stats\` in a child process of plain Node (no tsx), with no OCR cache, as the app reads a scan: each page rendered at 300 dpi by pdf.js and read by tesseract.js (Spanish + English models) in the OCR worker thread. Seconds per page run from one page's progress line to the next; the first page's run from the start, so they include opening the workspace (the text-layer pass), starting the thread and loading the models. Peak RSS is the child's VmHWM (Node, pdf.js in both threads, the canvas and tesseract's WebAssembly heap all in it).
- **Research rows** (bench/research-rows.ts) run each in a child process (peak RSS is its VmHWM). Compare: \`compareArticles\` (compare v2, as \`Workspace.comparisons\` calls it) on a generated ~100 KB Spanish report and its English translation (bench/research-generate.ts: same paragraphs, names kept, numbers written per convention, one paragraph in 40 left out and one in 30 with a changed number); the first call in a fresh process apart, then the median of the following runs (wall time; the main thread's CPU time from /proc noted, which a loaded machine does not inflate). Entity discovery: \`WorkbenchService.suggestEntities\` as the window calls it, on a workspace of 10,000 generated news articles (most 2–8 KB, one in ten 20–40 KB, names from a pool of 20,000 with a long tail) once it is open and its search index built; meanwhile the library is requested (\`getWorkspace\`) every 20 ms and the event loop's delay is sampled (monitorEventLoopDelay, 10 ms resolution); first run (every article read and its names found) and again (names cached per content hash, only grouping).
- Targets compare the **median** unless the issue says p95 (tag latency, save, search).`

async function viewRows(rows: Row[]): Promise<void> {
  const browser = await launchChromium()
  chromiumVersion = browser.version()
  const pageUrl = benchPageUrl(join(BENCH_TMP, 'page'))
  const sizes = scrollOnly
    ? VIEW_SIZES.filter((s) => s.chars >= 1_000_000)
    : quick
      ? VIEW_SIZES.filter((s) => s.chars === 100_000 || s.chars === 1_000_000)
      : VIEW_SIZES
  const results = new Map<string, ViewRun[]>()
  for (const size of sizes) {
    const large = size.chars >= 1_000_000
    for (const impl of IMPLS) {
      // The scroll-only rerun leaves out the peer where it needs minutes to open (5 MB).
      if (scrollOnly && impl === 'peer' && size.chars >= 5_000_000) continue
      if (implsArg && !implsArg.includes(impl)) continue
      const runs: ViewRun[] = []
      for (let i = 0; i < viewRuns(impl, size.chars); i++) {
        runs.push(
          await runView(browser, impl, {
            pageUrl,
            chars: size.chars,
            annotations: size.annotations,
            seed: 1,
            tags: large && !scrollOnly ? TAGS : 0,
            jump: large && !scrollOnly,
            scrolls: large ? SCROLL_PLANS : [],
            randomJumps: large ? RANDOM_JUMPS : 0,
            sizes: !scrollOnly,
            openTimeoutMs: OPEN_TIMEOUT_MS,
          }),
        )
        log(`${impl} ${size.label} run ${i + 1}: open ${runs[i].openMs.toFixed(0)} ms`)
        if (Number.isNaN(runs[i].openMs)) break // not painted in time: a second try would not be either
      }
      results.set(`${impl} ${size.label}`, runs)
    }
  }
  await browser.close()

  const tri = (label: string, pick: (r: ViewRun) => number | undefined) => viewTri(results, label, pick)
  const med = medianOf
  const section = VIEW_SECTION
  const runsNote = (label: string) =>
    `runs: ${IMPLS.map((i) => `${i === 'naive' ? 'baseline' : i} ${results.get(`${i} ${label}`)?.length ?? 0}`).join(', ')}`
  for (const size of sizes) {
    const c = tri(size.label, (r) => r.openMs)
    const target = size.chars === 1_000_000 ? 150 : size.chars === 5_000_000 ? 250 : undefined
    rows.push({
      section,
      measure: `open, view only, ${size.label}`,
      unit: 'ms',
      ...c,
      target: target ? `≤ ${target} ms` : undefined,
      met: target ? med(c.spanwise) <= target : undefined,
      note: runsNote(size.label),
    })
  }
  if (!scrollOnly) for (const size of sizes.filter((s) => s.chars >= 1_000_000)) tagAndJumpRows(rows, size, results)
  for (const size of sizes.filter((s) => s.chars >= 1_000_000)) scrollRows(rows, size, results)
  if (scrollOnly) return
  for (const size of sizes) {
    const elements = tri(size.label, (r) => r.elements)
    const highlights = tri(size.label, (r) => r.highlights)
    const heap = tri(size.label, (r) => r.heapMB)
    const elementCap = size.chars === 1_000_000 ? 3_000 : size.chars === 5_000_000 ? 8_000 : undefined
    const large = size.chars >= 1_000_000
    rows.push({
      section,
      measure: `DOM elements after opening, ${size.label}`,
      unit: '',
      ...elements,
      target: elementCap ? `≤ ${elementCap.toLocaleString('en')}` : undefined,
      met: elementCap ? med(elements.spanwise) <= elementCap : undefined,
    })
    rows.push({
      section,
      measure: `highlight elements after opening, ${size.label}`,
      unit: '',
      ...highlights,
      target: large ? '≤ 2,000' : undefined,
      met: large ? med(highlights.spanwise) <= 2_000 : undefined,
    })
    rows.push({
      section,
      measure: `JS heap after opening, ${size.label}`,
      unit: 'MB',
      ...heap,
      target: size.chars === 5_000_000 ? '≤ 300 MB' : undefined,
      met: size.chars === 5_000_000 ? med(heap.spanwise) <= 300 : undefined,
    })
  }
}

type ViewResults = Map<string, ViewRun[]>
type ViewSize = (typeof VIEW_SIZES)[number]
const VIEW_SECTION = 'Article view in Chromium'

function viewCell(results: ViewResults, key: string, pick: (r: ViewRun) => number | undefined): Cell {
  const runs = results.get(key) ?? []
  if (runs.length > 0 && runs.every((r) => Number.isNaN(r.openMs))) return `not painted in ${OPEN_TIMEOUT_MS / 1000} s`
  const values = runs.map(pick).filter((v): v is number => v !== undefined && !Number.isNaN(v))
  return values.length ? summarise(values) : undefined
}

/** The three implementations' cells for one measure (one value per run). */
function viewTri(results: ViewResults, label: string, pick: (r: ViewRun) => number | undefined) {
  return {
    spanwise: viewCell(results, `spanwise ${label}`, pick),
    peer: viewCell(results, `peer ${label}`, pick),
    baseline: viewCell(results, `naive ${label}`, pick),
  }
}

/** The three implementations' cells for one measure with many samples per run (all runs pooled). */
function pooledTri(results: ViewResults, label: string, pick: (r: ViewRun) => number[]) {
  const one = (impl: Impl): Cell => {
    const runs = results.get(`${impl} ${label}`) ?? []
    if (runs.length > 0 && runs.every((r) => Number.isNaN(r.openMs))) return `not painted in ${OPEN_TIMEOUT_MS / 1000} s`
    const xs = runs.flatMap(pick)
    return xs.length ? summarise(xs) : undefined
  }
  return { spanwise: one('spanwise'), peer: one('peer'), baseline: one('naive') }
}

const medianOf = (c: Cell): number => (typeof c === 'object' ? c.median : typeof c === 'number' ? c : NaN)

function tagAndJumpRows(rows: Row[], size: ViewSize, results: ViewResults): void {
  const section = VIEW_SECTION
  const med = medianOf
  const tri = (label: string, pick: (r: ViewRun) => number | undefined) => viewTri(results, label, pick)
  // Tag latency: every tag of every run is a sample.
  const tags = (impl: Impl, pick: (t: { latency: number; frames: number }) => number): Cell =>
    pooledTri(results, size.label, (r) => r.tags.map(pick))[impl === 'naive' ? 'baseline' : impl]
  const frames = {
    spanwise: tags('spanwise', (t) => t.frames),
    peer: tags('peer', (t) => t.frames),
    baseline: tags('naive', (t) => t.frames),
  }
  const spanwiseFrames = (results.get(`spanwise ${size.label}`) ?? []).flatMap((r) => r.tags.map((t) => t.frames))
  rows.push({
    section,
    measure: `tag latency, ${size.annotations.toLocaleString('en')} present: key → painted`,
    unit: 'ms',
    spanwise: tags('spanwise', (t) => t.latency),
    peer: tags('peer', (t) => t.latency),
    baseline: tags('naive', (t) => t.latency),
    note: `${TAGS} tags per run`,
  })
  rows.push({
    section,
    measure: `tag latency, ${size.annotations.toLocaleString('en')} present: frames begun until painted`,
    unit: 'frames',
    ...frames,
    target: 'p95 ≤ 2 frames (painted in the first frame after the key)',
    met: spanwiseFrames.length ? p95(spanwiseFrames) <= 2 : undefined,
  })
  const jump = tri(size.label, (r) => r.jumpMs)
  rows.push({
    section,
    measure: `jump to the last annotation, ${size.label}`,
    unit: 'ms',
    ...jump,
    target: size.chars === 5_000_000 ? '≤ 100 ms' : undefined,
    met: size.chars === 5_000_000 ? med(jump.spanwise) <= 100 : undefined,
  })
}

/**
 * Scrolling at each speed, jumps to random places and the fill-in after open. The issue's target for
 * dropped frames: never more than the naive view, and at most 1 % at 1 MB, 2 % at 5 MB.
 */
function scrollRows(rows: Row[], size: ViewSize, results: ViewResults): void {
  const section = VIEW_SECTION
  const cap = size.chars === 1_000_000 ? 1 : 2
  const notWorse = (c: { spanwise: Cell; baseline: Cell }) =>
    medianOf(c.spanwise) <= cap && !(medianOf(c.spanwise) > medianOf(c.baseline))
  const percent = (pick: (r: ViewRun) => FrameStats | undefined) => (r: ViewRun) => {
    const f = pick(r)
    return f ? f.droppedShare * 100 : undefined
  }
  const fillMs = viewTri(results, size.label, (r) => r.fill?.lastChangePaintedMs)
  rows.push({
    section,
    measure: `open → last change painted (with the fill-in after the first paint), ${size.label}`,
    unit: 'ms',
    ...fillMs,
  })
  const fillDropped = viewTri(
    results,
    size.label,
    percent((r) => r.fill),
  )
  rows.push({
    section,
    measure: `frames dropped after the first paint until quiet, ${size.label}`,
    unit: '%',
    ...fillDropped,
    note: 'intervals over 25 ms, first paint → 60 frames without a DOM change',
  })
  for (const plan of SCROLL_PLANS) {
    const dropped = viewTri(
      results,
      size.label,
      percent((r) => r.scrolls[plan.label]),
    )
    const first = results.get(`spanwise ${size.label}`)?.find((r) => r.scrolls[plan.label])?.scrolls[plan.label]
    rows.push({
      section,
      measure: `scroll ${plan.label}, ${size.label}: frames dropped`,
      unit: '%',
      ...dropped,
      target: `≤ ${cap} %, ≤ baseline`,
      met: Number.isNaN(medianOf(dropped.spanwise)) ? undefined : notWorse(dropped),
      note: first ? `${first.frames} frames, ${first.stepPx} px per frame; intervals over 25 ms` : undefined,
    })
    rows.push({
      section,
      measure: `scroll ${plan.label}, ${size.label}: p99 frame interval`,
      unit: 'ms',
      ...viewTri(results, size.label, (r) => r.scrolls[plan.label]?.p99),
    })
  }
  const jumps = pooledTri(results, size.label, (r) => r.randomJumps)
  rows.push({
    section,
    measure: `jump to a random place → text there painted, ${size.label}`,
    unit: 'ms',
    ...jumps,
    note: `${RANDOM_JUMPS} places per run, all runs pooled`,
  })
}

async function endToEndRows(rows: Row[]): Promise<void> {
  const times = await openEndToEnd(quick ? 1 : 5)
  const s = summarise(times)
  log(`open end to end: ${times.map((t) => t.toFixed(0)).join(', ')} ms`)
  const section = 'The app end to end (harness, real main services)'
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

async function nodeRows(rows: Row[]): Promise<void> {
  const section = 'Main process under Node'
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
    rows.push({
      section,
      measure: `workspace open → library ready, ${articles.toLocaleString('en')} articles, cold`,
      unit: 'ms',
      spanwise: c,
      ...na,
      target: big ? '≤ 2,000 ms' : undefined,
      met: big ? c.median <= 2_000 : undefined,
      note: `${c.n} runs`,
    })
    rows.push({
      section,
      measure: `workspace open → library ready, ${articles.toLocaleString('en')} articles, warm`,
      unit: 'ms',
      spanwise: w,
      ...na,
      target: big ? '≤ 300 ms' : undefined,
      met: big ? w.median <= 300 : undefined,
      note: `${w.n} runs`,
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

async function ocrRows(rows: Row[]): Promise<void> {
  const section = 'OCR of scans'
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
  await viewRows(rows)
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
  // `--only=node` (or view, e2e, ocr, corpus, research; comma-separated) reruns those groups and keeps the
  // other rows of the last full run, e.g. after a fix in main.
  const only = process.argv
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',')
  const wanted = (group: string) => !only || only.includes(group)
  if (wanted('view') || wanted('e2e')) {
    await build({ configFile: join(import.meta.dirname, 'vite.config.ts') })
    log('bench page built')
  }
  const lastRunFile = join(BENCH_TMP, 'results.json')
  const lastRun = only && existsSync(lastRunFile) ? (JSON.parse(readFileSync(lastRunFile, 'utf8')) as LastRun) : null
  const previous: Row[] = lastRun?.rows ?? []
  const fresh: Record<string, Row[]> = { view: [], e2e: [], node: [], ocr: [], corpus: [], research: [], sync: [] }
  // A group that fails (a page that times out on a loaded machine) is logged and keeps its previous rows:
  // it never throws away the groups measured before it.
  const failed = new Set<string>()
  const measure = async (group: string, run: () => Promise<void>): Promise<void> => {
    if (!wanted(group)) return
    try {
      await run()
    } catch (error) {
      failed.add(group)
      log(`${group} rows failed, their previous rows are kept: ${error instanceof Error ? error.message.split('\n')[0] : error}`)
    }
  }
  if (!wanted('view')) chromiumVersion = lastRun?.env.chromium ?? ''
  await measure('view', () => viewRows(fresh.view))
  await measure('e2e', () => endToEndRows(fresh.e2e))
  await measure('node', () => nodeRows(fresh.node))
  await measure('ocr', () => ocrRows(fresh.ocr))
  // The leak-sized corpus (100,000 articles: generated once into the temp folder, then ~20 minutes).
  await measure('corpus', () => corpusRows(fresh.corpus, log))
  await measure('research', () => researchRows(fresh.research, log, quick))
  await measure('sync', async () => {
    fresh.sync = await syncRows(quick)
    log('sync rows done')
  })
  const sectionOf: Record<string, string> = {
    view: 'Article view in Chromium',
    e2e: 'The app end to end (harness, real main services)',
    node: 'Main process under Node',
    ocr: 'OCR of scans',
    corpus: 'Leak-sized corpus',
    research: 'Research (main process under Node)',
    sync: SYNC_SECTION,
  }
  const rows: Row[] = (['view', 'e2e', 'node', 'ocr', 'corpus', 'research', 'sync'] as const).flatMap((g) =>
    wanted(g) && !failed.has(g) ? fresh[g] : previous.filter((r) => r.section.startsWith(sectionOf[g])),
  )
  if (only && only.every((g) => failed.has(g))) {
    log('every group asked for failed: nothing written')
    process.exitCode = 1
    return
  }
  const env = environmentNow()
  console.log('\n' + consoleTable(rows))
  const rerun = `${only?.join(', ')} rows rerun on ${env.date} (${env.minutes.toFixed(1)} min, load before ${env.loadBefore}, after ${env.loadAfter})`
  if (only && !lastRun) {
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
