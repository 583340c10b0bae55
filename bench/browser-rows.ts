/**
 * The view rows: each run opens a fresh page (new browser context) on the bench bundle, generates the
 * material there, mounts one implementation and measures open, DOM size, heap, tagging, the jump to the
 * last annotation and scrolling in that page.
 */
import { pathToFileURL } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import type { BenchPage, Impl } from './page/main'

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
  scroll?: { slowShare: number; frames: number; stepPx: number; heightPx: number }
}

export interface ViewRunOptions {
  pageUrl: string
  chars: number
  annotations: number
  seed: number
  tags: number
  jump: boolean
  /** Frames to scroll top to bottom in; 0: no scroll. */
  scrollFrames: number
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

export async function runView(browser: Browser, impl: Impl, o: ViewRunOptions): Promise<ViewRun> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  const page = await context.newPage()
  page.setDefaultTimeout(300_000)
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  try {
    await page.goto(o.pageUrl)
    await page.waitForFunction(() => 'bench' in window)
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
      return { openMs, elements: NaN, highlights: NaN, heapMB: NaN, tags: [] }
    }
    const counts = await page.evaluate(() => (window as unknown as WindowWithBench).bench.domCounts())
    const heapMB = await heapAfterGC(page)
    const run: ViewRun = { openMs, ...counts, heapMB, tags: [] }

    if (o.tags > 0) {
      const targets = await page.evaluate((n) => (window as unknown as WindowWithBench).bench.tagTargets(n), o.tags)
      for (const target of targets) {
        await page.evaluate((t) => (window as unknown as WindowWithBench).bench.arm(t), target)
        // Let the selection settle and a few idle frames pass, as between a reader's selections.
        await page.waitForTimeout(60)
        await page.keyboard.press('q')
        run.tags.push(await page.evaluate(() => (window as unknown as WindowWithBench).bench.tagResult()))
      }
    }
    if (o.jump) run.jumpMs = await page.evaluate(() => (window as unknown as WindowWithBench).bench.jumpToLast())
    if (o.scrollFrames > 0) {
      const s = await page.evaluate((f) => (window as unknown as WindowWithBench).bench.scroll(f), o.scrollFrames)
      const slow = s.intervals.filter((t) => t > 17).length
      run.scroll = {
        slowShare: slow / Math.max(1, s.intervals.length),
        frames: s.intervals.length,
        stepPx: s.stepPx,
        heightPx: s.heightPx,
      }
    }
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`)
    return run
  } finally {
    await context.close()
  }
}

export const benchPageUrl = (dir: string): string => pathToFileURL(`${dir}/index.html`).href
