/**
 * The view rows of the bench (`npm run bench`, group `view`): the article view in Chromium, Spanwise
 * against the naive ProseMirror baseline and the peer (@recogito/text-annotator), each run in a fresh
 * page (browser-rows.ts measures; this module decides what to run and turns the runs into rows): open,
 * DOM size and heap at every size, then at 1 MB and 5 MB tagging, the jump to the last annotation,
 * scrolling at several speeds, jumps to random places and the fill-in after the first paint.
 */
import { join } from 'node:path'
import { launchChromium } from '../test/e2e/harness'
import { IMPLS, benchPageUrl, runView, type FrameStats, type ScrollPlan, type ViewRun } from './browser-rows'
import { BENCH_TMP } from './fixtures'
import { VIEW_SIZES } from './generate'
import type { Impl } from './page/main'
import type { Cell, Row } from './report'
import { summarise, p95 } from './stats'

export const VIEW_SECTION = 'Article view in Chromium'

type ViewResults = Map<string, ViewRun[]>
type ViewSize = (typeof VIEW_SIZES)[number]

/** What the command line asks of the view rows. */
export interface ViewOptions {
  quick: boolean
  /** `--only=scroll`: only the scroll, jump and fill-in rows at 1 MB and 5 MB, 3 runs each. */
  scrollOnly: boolean
  /** `--impls=spanwise,naive`: only these implementations (for quick comparisons while working). */
  impls?: readonly string[]
  /** `--runs=N`: fresh pages per implementation and size. */
  runs?: number
  /** `--frames=N`: frames per scroll speed. */
  frames?: number
  log: (msg: string) => void
}

/** The peer needs minutes at 5 MB / 50,000 (it revives every annotation's DOM range up front). */
const OPEN_TIMEOUT_MS = 120_000

/** How much the view rows do, from the options (the bench's method text quotes these numbers). */
export interface ViewPlan {
  options: ViewOptions
  sizes: readonly ViewSize[]
  /** Scroll speeds: a wheel flick is about a screen per frame, a dragged scrollbar thumb several to tens. */
  scrolls: readonly ScrollPlan[]
  scrollFrames: number
  randomJumps: number
  tags: number
  /** How many fresh pages per implementation and size; the peer and the baseline are slow enough at 5 MB to get fewer. */
  runs(impl: Impl, chars: number): number
}

export function viewPlan(options: ViewOptions): ViewPlan {
  const { quick, scrollOnly } = options
  const scrollFrames = options.frames || (quick ? 100 : 300)
  return {
    options,
    sizes: scrollOnly
      ? VIEW_SIZES.filter((s) => s.chars >= 1_000_000)
      : quick
        ? VIEW_SIZES.filter((s) => s.chars === 100_000 || s.chars === 1_000_000)
        : VIEW_SIZES,
    scrolls: [
      { label: '1 screen per frame', screens: 1, frames: scrollFrames },
      { label: '3 screens per frame', screens: 3, frames: scrollFrames },
      { label: '10 screens per frame', screens: 10, frames: scrollFrames },
      { label: 'top → bottom in 200 frames', topToBottom: true, frames: 200 },
    ],
    scrollFrames,
    randomJumps: quick ? 4 : 10,
    tags: quick ? 5 : 10,
    runs: (impl, chars) =>
      options.runs && options.runs > 0
        ? options.runs
        : quick
          ? 2
          : impl === 'peer' && chars >= 5_000_000
            ? 1
            : (impl === 'naive' && chars >= 5_000_000) || scrollOnly
              ? 3
              : 5,
  }
}

/** Runs the view rows on the built bench page (.bench-tmp/page); answers Chromium's version. */
export async function viewRows(rows: Row[], plan: ViewPlan): Promise<string> {
  const { scrollOnly, impls, log } = plan.options
  const { sizes } = plan
  const browser = await launchChromium()
  const chromiumVersion = browser.version()
  const pageUrl = benchPageUrl(join(BENCH_TMP, 'page'))
  const results = new Map<string, ViewRun[]>()
  for (const size of sizes) {
    const large = size.chars >= 1_000_000
    for (const impl of IMPLS) {
      // The scroll-only rerun leaves out the peer where it needs minutes to open (5 MB).
      if (scrollOnly && impl === 'peer' && size.chars >= 5_000_000) continue
      if (impls && !impls.includes(impl)) continue
      const runs: ViewRun[] = []
      for (let i = 0; i < plan.runs(impl, size.chars); i++) {
        runs.push(
          await runView(browser, impl, {
            pageUrl,
            chars: size.chars,
            annotations: size.annotations,
            seed: 1,
            tags: large && !scrollOnly ? plan.tags : 0,
            jump: large && !scrollOnly,
            scrolls: large ? plan.scrolls : [],
            randomJumps: large ? plan.randomJumps : 0,
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
  if (!scrollOnly) for (const size of sizes.filter((s) => s.chars >= 1_000_000)) tagAndJumpRows(rows, size, results, plan)
  for (const size of sizes.filter((s) => s.chars >= 1_000_000)) scrollRows(rows, size, results, plan)
  if (scrollOnly) return chromiumVersion
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
  return chromiumVersion
}

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

function tagAndJumpRows(rows: Row[], size: ViewSize, results: ViewResults, plan: ViewPlan): void {
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
    note: `${plan.tags} tags per run`,
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
function scrollRows(rows: Row[], size: ViewSize, results: ViewResults, plan: ViewPlan): void {
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
  for (const scroll of plan.scrolls) {
    const dropped = viewTri(
      results,
      size.label,
      percent((r) => r.scrolls[scroll.label]),
    )
    const first = results.get(`spanwise ${size.label}`)?.find((r) => r.scrolls[scroll.label])?.scrolls[scroll.label]
    rows.push({
      section,
      measure: `scroll ${scroll.label}, ${size.label}: frames dropped`,
      unit: '%',
      ...dropped,
      target: `≤ ${cap} %, ≤ baseline`,
      met: Number.isNaN(medianOf(dropped.spanwise)) ? undefined : notWorse(dropped),
      note: first ? `${first.frames} frames, ${first.stepPx} px per frame; intervals over 25 ms` : undefined,
    })
    rows.push({
      section,
      measure: `scroll ${scroll.label}, ${size.label}: p99 frame interval`,
      unit: 'ms',
      ...viewTri(results, size.label, (r) => r.scrolls[scroll.label]?.p99),
    })
  }
  const jumps = pooledTri(results, size.label, (r) => r.randomJumps)
  rows.push({
    section,
    measure: `jump to a random place → text there painted, ${size.label}`,
    unit: 'ms',
    ...jumps,
    note: `${plan.randomJumps} places per run, all runs pooled`,
  })
}
