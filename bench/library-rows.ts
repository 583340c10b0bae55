/**
 * The `library` rows (issue 20: "the library list scrolls without dropped frames" at 100,000 articles):
 * the app's library list (bench/page/library-view.ts) with 100,000 generated rows, in a fresh page per
 * run, as tall as the bench viewport: its first screen of rows painted, then scrolled at 1, 3 and 10
 * screens per frame as the article view is (the same `bench.scroll`: the position set in a task between
 * frames, dropped = an interval over 25 ms).
 */
import { join } from 'node:path'
import { launchChromium } from '../test/e2e/harness'
import { benchPageUrl, frameStats, freshBenchPage, type FrameStats } from './browser-rows'
import { BENCH_TMP } from './fixtures'
import type { BenchPage } from './page/main'
import type { Row } from './report'
import { summarise } from './stats'

export const LIBRARY_SECTION = 'The library list in Chromium'

const ROWS = 100_000
const SPEEDS = [1, 3, 10] as const

type WindowWithBench = { bench: BenchPage }

/** Runs the rows; answers Chromium's version. */
export async function libraryRows(rows: Row[], log: (msg: string) => void, quick: boolean): Promise<string> {
  const browser = await launchChromium()
  const version = browser.version()
  const runs = quick ? 2 : 3
  const frames = quick ? 100 : 300
  const open: number[] = []
  const scrolls = new Map<number, FrameStats[]>(SPEEDS.map((s) => [s, []]))
  try {
    for (let i = 0; i < runs; i++) {
      const { context, page, errors } = await freshBenchPage(browser, benchPageUrl(join(BENCH_TMP, 'page')))
      try {
        open.push(await page.evaluate((n) => (window as unknown as WindowWithBench).bench.openLibrary(n), ROWS))
        for (const screens of SPEEDS) {
          const run = await page.evaluate((p) => (window as unknown as WindowWithBench).bench.scroll(p), { screens, frames })
          scrolls.get(screens)!.push(frameStats(run.intervals))
        }
        if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`)
      } finally {
        await context.close()
      }
      log(`library list run ${i + 1}: first screen ${open[i].toFixed(0)} ms`)
    }
  } finally {
    await browser.close()
  }
  const label = `${ROWS.toLocaleString('en')} articles`
  rows.push({
    section: LIBRARY_SECTION,
    measure: `library list, ${label}: rows set → first screen painted`,
    unit: 'ms',
    spanwise: summarise(open),
    peer: 'n/a',
    baseline: 'n/a',
    note: `${runs} runs`,
  })
  for (const screens of SPEEDS) {
    const stats = scrolls.get(screens)!
    const dropped = stats.map((s) => s.droppedShare * 100)
    const cell = summarise(dropped)
    rows.push({
      section: LIBRARY_SECTION,
      measure: `library list, ${label}: scroll ${screens} screen${screens > 1 ? 's' : ''} per frame, frames dropped`,
      unit: '%',
      spanwise: cell,
      peer: 'n/a',
      baseline: 'n/a',
      target: 'none (≤ 1 %)',
      met: cell.median <= 1,
      note: `${frames} frames per run; intervals over 25 ms; p99 interval ${summarise(stats.map((s) => s.p99)).median.toFixed(1)} ms`,
    })
  }
  return version
}
