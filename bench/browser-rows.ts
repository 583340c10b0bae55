/**
 * The view rows: each run opens a fresh page (new browser context) on the bench bundle, generates the
 * material there, mounts one implementation and measures open (to the first paint, and to the last
 * change of what it fills in after), DOM size, heap, tagging, the jump to the last annotation, scrolling
 * at several speeds and jumps to random places in that page.
 */
import { pathToFileURL } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import type { BenchPage, Impl } from './page/main'
import { quantile } from './stats'

export const IMPLS: readonly Impl[] = ['spanwise', 'peer', 'naive']

/** What one run in one fresh page measured. */
export interface ViewRun {
  /** NaN when the view did not paint within the time allowed (then nothing else was measured). */
  openMs: number
  elements: number
  highlights: number
  heapMB: number
  /** Per tag: key → painted (ms), and animation frames begun from the key until painted. */
  tags: { latency: number; frames: number }[]
  jumpMs?: number
  /** Mount called → the last DOM change of the fill-in after the first paint, painted; and its frames. */
  fill?: FrameStats & { lastChangePaintedMs: number }
  /** Per scroll plan (its label): the frame intervals summarised. */
  scrolls: Record<string, FrameStats & { stepPx: number }>
  /** Jumps to random places: the position set → text painted there (ms), one per jump. */
  randomJumps: number[]
}

/** Frame intervals summarised: share of dropped frames (interval over 25 ms), p99 interval, count. */
export interface FrameStats {
  droppedShare: number
  p99: number
  frames: number
}

/** How fast the rows scroll, as the issue asks: screens per frame, and the first round's top → bottom. */
export interface ScrollPlan {
  label: string
  screens?: number
  topToBottom?: boolean
  frames: number
}

/** A frame interval over this is a dropped frame at 60 Hz (vsync jitter stays well below it). */
const DROPPED_MS = 25

export function frameStats(intervals: readonly number[]): FrameStats {
  return {
    droppedShare: intervals.filter((t) => t > DROPPED_MS).length / Math.max(1, intervals.length),
    p99: quantile(intervals, 0.99),
    frames: intervals.length,
  }
}

export interface ViewRunOptions {
  pageUrl: string
  chars: number
  annotations: number
  seed: number
  tags: number
  jump: boolean
  /** Scrolls to measure, in this order (none: no scroll rows). */
  scrolls: readonly ScrollPlan[]
  /** Jumps to random places; 0: none. */
  randomJumps: number
  /** Measure DOM size and heap after opening (the scroll-only rerun skips them). */
  sizes: boolean
  /** Give up on a view that has not painted its first screen by then. */
  openTimeoutMs: number
}

type WindowWithBench = { bench: BenchPage }

/** JS heap in use after a full garbage collection, from the DevTools protocol (MB). */
async function heapAfterGC(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('HeapProfiler.collectGarbage')
  await cdp.send('Performance.enable')
  const { metrics } = await cdp.send('Performance.getMetrics')
  await cdp.detach()
  return (metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN) / 1e6
}

/** A phase of a run that has not finished after this long has stalled (the slowest, the peer's 5 MB scrolls, take ~2 min). */
const STALL_MS = 300_000

class Stalled extends Error {}

/** `work`, or a Stalled error naming `phase` once it has run for STALL_MS (the page is then closed). */
function watch<T>(phase: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const stalled = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Stalled(`stalled in ${phase} for ${STALL_MS / 1000} s`)), STALL_MS)
  })
  return Promise.race([work, stalled]).finally(() => clearTimeout(timer))
}

/**
 * One run in a fresh context. Headless Chromium has, rarely, stopped delivering animation frames to a page
 * mid-run (seen once in a full run: the page waited for ten minutes with the machine idle), so a
 * run whose phase stalls is started again in a fresh context, up to twice, and the stall is logged.
 */
export async function runView(browser: Browser, impl: Impl, o: ViewRunOptions): Promise<ViewRun> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await runViewOnce(browser, impl, o)
    } catch (error) {
      if (!(error instanceof Stalled) || attempt === 3) throw error
      console.log(`${impl} ${o.chars} chars: ${error.message}; run again in a fresh context`)
    }
  }
}

/**
 * A fresh context and page on the bench page, loaded (`bench` ready), viewport 1400×900; `errors`
 * collects the page's uncaught errors. Close the context when done.
 */
export async function freshBenchPage(
  browser: Browser,
  pageUrl: string,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  const page = await context.newPage()
  page.setDefaultTimeout(300_000)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  try {
    await page.goto(pageUrl)
    await page.waitForFunction(() => 'bench' in window)
  } catch (error) {
    await context.close()
    throw error
  }
  return { context, page, errors }
}

async function runViewOnce(browser: Browser, impl: Impl, o: ViewRunOptions): Promise<ViewRun> {
  const { context, page, errors } = await freshBenchPage(browser, o.pageUrl)
  try {
    await page.evaluate(([c, n, s]) => (window as unknown as WindowWithBench).bench.prepare(c, n, s), [
      o.chars,
      o.annotations,
      o.seed,
    ] as const)
    await page.evaluate((i) => (window as unknown as WindowWithBench).bench.load(i), impl)
    const opened = page.evaluate(() => (window as unknown as WindowWithBench).bench.open())
    const openMs = await Promise.race([opened, new Promise<number>((resolve) => setTimeout(() => resolve(NaN), o.openTimeoutMs))])
    if (Number.isNaN(openMs)) {
      opened.catch(() => undefined) // settles when the context closes
      return { openMs, elements: NaN, highlights: NaN, heapMB: NaN, tags: [], scrolls: {}, randomJumps: [] }
    }
    const counts = await watch(
      'counts',
      page.evaluate(() => (window as unknown as WindowWithBench).bench.domCounts()),
    )
    const filled = await watch(
      'fill-in',
      page.evaluate(() => (window as unknown as WindowWithBench).bench.afterOpen()),
    )
    const heapMB = o.sizes ? await heapAfterGC(page) : NaN
    const run: ViewRun = {
      openMs,
      ...(o.sizes ? counts : { elements: NaN, highlights: NaN }),
      heapMB,
      tags: [],
      fill: { ...frameStats(filled.intervals), lastChangePaintedMs: filled.lastChangePaintedMs },
      scrolls: {},
      randomJumps: [],
    }

    if (o.tags > 0) {
      const targets = await page.evaluate((n) => (window as unknown as WindowWithBench).bench.tagTargets(n), o.tags)
      for (const target of targets) {
        await page.evaluate((t) => (window as unknown as WindowWithBench).bench.arm(t), target)
        // Let the selection settle and a few idle frames pass, as between a reader's selections.
        await page.waitForTimeout(60)
        await page.keyboard.press('q')
        run.tags.push(
          await watch(
            'tag',
            page.evaluate(() => (window as unknown as WindowWithBench).bench.tagResult()),
          ),
        )
      }
    }
    if (o.jump)
      run.jumpMs = await watch(
        'jump',
        page.evaluate(() => (window as unknown as WindowWithBench).bench.jumpToLast()),
      )
    for (const plan of o.scrolls) {
      const s = await watch(
        `scroll ${plan.label}`,
        page.evaluate((p) => (window as unknown as WindowWithBench).bench.scroll(p), plan),
      )
      run.scrolls[plan.label] = { ...frameStats(s.intervals), stepPx: s.stepPx }
    }
    if (o.randomJumps > 0)
      run.randomJumps = await watch(
        'random jumps',
        page.evaluate(([n, seed]) => (window as unknown as WindowWithBench).bench.jumps(n, seed), [
          o.randomJumps,
          o.seed,
        ] as const),
      )
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`)
    return run
  } finally {
    await context.close()
  }
}

export const benchPageUrl = (dir: string): string => pathToFileURL(`${dir}/index.html`).href
