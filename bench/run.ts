/**
 * `npm run bench` (after `electron-vite build`): builds the bench page, runs every row, prints a table
 * and writes BENCHMARKS.md. `npm run bench -- --quick` runs a small subset in about two minutes and
 * writes .bench-tmp/BENCHMARKS-quick.md instead;
 * `node --import tsx bench/run.ts --report` rewrites BENCHMARKS.md from the last full run's results;
 * `--only=node` (view, e2e, node; comma-separated) reruns those groups and keeps the others' rows.
 * Measures only: nothing here asserts, and `npm test` never runs it.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import { launchChromium } from '../test/e2e/harness'
import { IMPLS, benchPageUrl, runView, type ViewRun } from './browser-rows'
import { openEndToEnd, tagEndToEnd } from './e2e-row'
import { BENCH_TMP } from './fixtures'
import { VIEW_SIZES } from './generate'
import { exportRun, reanchorRuns, saveLatency, searchLatency, workspaceOpen } from './node-rows'
import { SYNC_SECTION, syncRows } from './sync-row'
import type { Impl } from './page/main'
import { benchmarksMarkdown, consoleTable, type Cell, type Environment, type Row } from './report'
import { summarise, p95 } from './stats'

const quick = process.argv.includes('--quick')
const repoRoot = join(import.meta.dirname, '..')
const started = performance.now()
const loadBefore = loadavg()
  .map((x) => x.toFixed(2))
  .join(', ')
const log = (msg: string) => console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${msg}`)

/** How many fresh pages per implementation and size; the peer is slow enough at 5 MB to get fewer. */
const viewRuns = (impl: Impl, chars: number): number => (quick ? 2 : impl === 'peer' && chars >= 5_000_000 ? 1 : 5)
/** The peer needs minutes at 5 MB / 50,000 (it revives every annotation's DOM range up front). */
const OPEN_TIMEOUT_MS = 120_000
const SCROLL_FRAMES = quick ? 150 : 600
const TAGS = quick ? 5 : 10
const QUERY_COUNT = 40

const METHOD = `- **View rows** run in Debian Chromium from file:// on a bench page (bench/page, built with bench/vite.config.ts), a fresh browser context and page per run, viewport 1400×900. The page generates the article and annotations itself from a seed (bench/generate.ts; not timed). **Spanwise** is \`mountArticle\` from src/renderer/article-view; the **naive baseline** is a plain ProseMirror EditorView over the same blocks with one \`Decoration.inline\` per annotation, created at once, same stylesheet; the **peer** is @recogito/text-annotator ${'4.1'} (SPANS renderer, W3C TextQuote + TextPosition selectors through its W3C adapter) over the same paragraphs as plain \`<p>\` elements with the same typography.
- **Painted** means the animation frame after the one in which the change is in the DOM (double requestAnimationFrame, or a per-frame check then one more frame); nothing counts before it. Open: mount called → a highlight on the first screen painted. Tag: a real key press through Playwright (\`keyboard.press('q')\` after selecting a range on screen), from the key event's own timestamp → the new highlight painted; "frames" counts the animation frames begun from the key until then: 2 means painted in the first frame after the key (frame 1 paints, frame 2 knows). Jump: \`reveal(id)\` (Spanwise), \`scrollIntoView\` on the element (baseline) or \`scrollIntoView(id)\` (peer) for the annotation nearest the end → its highlight on screen and painted. Scroll: top to bottom in ${SCROLL_FRAMES} equal steps, one per animation frame (the step in px is noted; at 5 MB it is several screens per frame, a fling), share of rAF intervals over 17 ms. DOM: elements in the whole document, and highlight elements, after opening. Heap: JSHeapUsedSize after a forced GC (DevTools protocol), including the article text and annotation objects the page holds.
- **Open end to end**: the built app (out/renderer) in the e2e harness with the real main services bound as window.workbench; a fresh browser and workspace copy per run; the search index is let finish first; the click's own timestamp → a highlight on the first screen painted. **Tag in the app**: the same app with the 1 MB article open (10,000 or 50,000 annotations), a range on screen selected with Shift+arrows, Q pressed → the new highlight painted, frames counted as in the view rows; this includes everything the app does on the key (undo stack, save queue, panel, library).
- **Node rows** call the main-process services directly: \`Workspace.createAnnotation\` (resolves when durable: one journal line appended and fdatasync'd; the JSON file is compacted in the background, after 500 changes or 2 s idle, so a 40-save run rarely includes a compaction) on a 1 MB article with 10,000 annotations; \`Workspace.open\` + the article list for 1,000 and 10,000 generated articles (→ the list with titles usable; cold: no index, every file read, extracted and hashed, counts and languages then filled in the background; warm: index present, files in the OS cache); search through \`WorkbenchService.search\` as the app calls it (the first query waits for the background index build, reported apart); \`writeExport\` in a child process on the opened workspace once its background work is done (time of the export itself; peak RSS is the child's VmHWM, its own high-water mark including Node and tsx, ~60 MB: getrusage's maxRSS would inherit the bench process's size through fork); \`reanchorAll\` on a 1 MB article with 10,000 annotations after edits (after one warm-up).
- Targets compare the **median** unless the issue says p95 (tag latency, save, search).`

async function viewRows(rows: Row[]): Promise<void> {
  const browser = await launchChromium()
  chromiumVersion = browser.version()
  const pageUrl = benchPageUrl(join(BENCH_TMP, 'page'))
  const sizes = quick ? VIEW_SIZES.filter((s) => s.chars === 100_000 || s.chars === 1_000_000) : VIEW_SIZES
  const results = new Map<string, ViewRun[]>()
  for (const size of sizes) {
    const large = size.chars >= 1_000_000
    for (const impl of IMPLS) {
      const runs: ViewRun[] = []
      for (let i = 0; i < viewRuns(impl, size.chars); i++) {
        runs.push(
          await runView(browser, impl, {
            pageUrl,
            chars: size.chars,
            annotations: size.annotations,
            seed: 1,
            tags: large ? TAGS : 0,
            jump: large,
            scrollFrames: large ? SCROLL_FRAMES : 0,
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

  const cell = (label: string, impl: Impl, pick: (r: ViewRun) => number | undefined): Cell => {
    const runs = results.get(`${impl} ${label}`) ?? []
    if (runs.length > 0 && runs.every((r) => Number.isNaN(r.openMs))) return `not painted in ${OPEN_TIMEOUT_MS / 1000} s`
    const values = runs.map(pick).filter((v): v is number => v !== undefined && !Number.isNaN(v))
    return values.length ? summarise(values) : undefined
  }
  const tri = (label: string, pick: (r: ViewRun) => number | undefined) => ({
    spanwise: cell(label, 'spanwise', pick),
    peer: cell(label, 'peer', pick),
    baseline: cell(label, 'naive', pick),
  })
  const med = (c: Cell) => (typeof c === 'object' ? c.median : NaN)
  const section = 'Article view in Chromium'
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
  for (const size of sizes.filter((s) => s.chars >= 1_000_000)) {
    // Tag latency: every tag of every run is a sample.
    const tags = (impl: Impl, pick: (t: { latency: number; frames: number }) => number): Cell => {
      const runs = results.get(`${impl} ${size.label}`) ?? []
      if (runs.length > 0 && runs.every((r) => Number.isNaN(r.openMs))) return `not painted in ${OPEN_TIMEOUT_MS / 1000} s`
      const xs = runs.flatMap((r) => r.tags.map(pick))
      return xs.length ? summarise(xs) : undefined
    }
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
    const scroll = tri(size.label, (r) => (r.scroll ? r.scroll.slowShare * 100 : undefined))
    const step = results.get(`spanwise ${size.label}`)?.[0]?.scroll
    const scrollTarget = size.chars === 1_000_000 ? 1 : 5
    rows.push({
      section,
      measure: `scroll top → bottom, ${size.label}: frames over 17 ms`,
      unit: '%',
      ...scroll,
      target: `≤ ${scrollTarget} %`,
      met: med(scroll.spanwise) <= scrollTarget,
      note: step ? `${step.frames} frames, ${step.stepPx} px per frame` : undefined,
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

let chromiumVersion = ''

/** `--report`: rewrite BENCHMARKS.md from the last full run's results (after editing bench/analysis.md). */
function reportOnly(): void {
  const { env, rows } = JSON.parse(readFileSync(join(BENCH_TMP, 'results.json'), 'utf8')) as {
    env: Parameters<typeof benchmarksMarkdown>[0]
    rows: Row[]
  }
  writeFileSync(join(repoRoot, 'BENCHMARKS.md'), benchmarksMarkdown(env, rows, METHOD, join(import.meta.dirname, 'analysis.md')))
  console.log(consoleTable(rows))
}

async function main(): Promise<void> {
  if (process.argv.includes('--report')) return reportOnly()
  mkdirSync(BENCH_TMP, { recursive: true })
  await build({ configFile: join(import.meta.dirname, 'vite.config.ts') })
  log('bench page built')
  // `--only=node` (or view, e2e; comma-separated) reruns those groups and keeps the other rows of the
  // last full run, e.g. after a fix in main.
  const only = process.argv
    .find((a) => a.startsWith('--only='))
    ?.slice('--only='.length)
    .split(',')
  const wanted = (group: string) => !only || only.includes(group)
  const previous: Row[] = only ? (JSON.parse(readFileSync(join(BENCH_TMP, 'results.json'), 'utf8')) as { rows: Row[] }).rows : []
  const fresh: Record<string, Row[]> = { view: [], e2e: [], node: [], sync: [] }
  if (wanted('view')) await viewRows(fresh.view)
  else
    chromiumVersion = (JSON.parse(readFileSync(join(BENCH_TMP, 'results.json'), 'utf8')) as { env: { chromium: string } }).env
      .chromium
  if (wanted('e2e')) await endToEndRows(fresh.e2e)
  if (wanted('node')) await nodeRows(fresh.node)
  if (wanted('sync')) {
    fresh.sync = await syncRows(quick)
    log('sync rows done')
  }
  const sectionOf: Record<string, string> = {
    view: 'Article view in Chromium',
    e2e: 'The app end to end (harness, real main services)',
    node: 'Main process under Node',
    sync: SYNC_SECTION,
  }
  const rows: Row[] = (['view', 'e2e', 'node', 'sync'] as const).flatMap((g) =>
    wanted(g) ? fresh[g] : previous.filter((r) => r.section === sectionOf[g]),
  )
  const env: Environment = {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    ramGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    chromium: chromiumVersion,
    loadBefore,
    loadAfter: loadavg()
      .map((x) => x.toFixed(2))
      .join(', '),
    minutes: (performance.now() - started) / 60_000,
    quick,
  }
  console.log('\n' + consoleTable(rows))
  // A partial rerun keeps the full run's environment and says what was rerun, when, under what load.
  const saved = only
    ? {
        ...(JSON.parse(readFileSync(join(BENCH_TMP, 'results.json'), 'utf8')) as { env: Environment }).env,
        rerun: `${only.join(', ')} rows rerun on ${env.date} (${env.minutes.toFixed(1)} min, load before ${env.loadBefore}, after ${env.loadAfter})`,
      }
    : env
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
