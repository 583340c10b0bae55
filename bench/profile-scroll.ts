/**
 * Where a scroll's frames go, from a Chromium trace: mounts one implementation on the bench page, runs
 * one scroll plan (or the jumps) with tracing on, and prints per frame the renderer main thread's CPU
 * time (thread time, so it reads the same on a loaded machine as on a quiet one, unlike wall-clock frame
 * intervals) and the totals by kind of work (script, style, layout, paint, GC). A frame whose main
 * thread needs over 16.7 ms of CPU cannot be on time even on an idle machine.
 *
 *   node --import tsx bench/profile-scroll.ts [spanwise|naive|peer|library] [1|5 (MB)] [screens per frame|ttb|jumps|open] [frames]
 *
 * `open` profiles the open itself (mount → first screen painted, and the fill-in after it).
 *
 * PROFILE_JS=1 adds the top script functions by self time (sampling profiler), PROFILE_DEBUG=1 the main
 * thread's trace events by total CPU, PROFILE_SLOW=1 the same over the frames over 16.7 ms only, PROFILE_PAGE=<dir> uses another build of the bench page.
 *
 * Needs the bench page built (`npm run bench -- --only=scroll` builds it, or vite build with
 * bench/vite.config.ts). Prints only; nothing is written.
 */
import { join } from 'node:path'
import { launchChromium } from '../test/e2e/harness'
import { benchPageUrl } from './browser-rows'
import { BENCH_TMP } from './fixtures'
import type { BenchPage, Impl } from './page/main'
import { quantile } from './stats'
import { lastAtOrBefore } from '../src/shared/sorted'

interface TraceEvent {
  name: string
  ph: string
  pid: number
  tid: number
  ts: number
  dur?: number
  tdur?: number
  args?: { name?: string; data?: { type?: string } }
}

type W = { bench: BenchPage }

const impl = (process.argv[2] ?? 'spanwise') as Impl
const megabytes = Number(process.argv[3] ?? 1)
const speed = process.argv[4] ?? '10'
const frames = Number(process.argv[5] ?? 150)

/** The work of a frame by kind: trace event names → what they are. */
const KINDS: Record<string, string> = {
  EventDispatch: 'script',
  FireAnimationFrame: 'script',
  FunctionCall: 'script',
  TimerFire: 'script',
  'ResizeObserver::Deliver': 'script',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  PrePaint: 'paint',
  Paint: 'paint',
  Layerize: 'paint',
  'LocalFrameView::RunPaintLifecyclePhase': 'paint',
  MinorGC: 'gc',
  MajorGC: 'gc',
  'V8.GC_MC_BACKGROUND_MARKING': 'gc',
}

async function main(): Promise<void> {
  const browser = await launchChromium()
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } })
  if (process.env.PROFILE_INIT) await context.addInitScript(`Object.assign(globalThis, ${process.env.PROFILE_INIT})`)
  const page = await context.newPage()
  page.setDefaultTimeout(600_000)
  // PROFILE_PAGE=<dir>: another build of the bench page (e.g. of an earlier commit, to compare).
  await page.goto(benchPageUrl(process.env.PROFILE_PAGE ?? join(BENCH_TMP, 'page')))
  await page.waitForFunction(() => 'bench' in window)
  // `library`: the library list with 100,000 rows (bench/page/library-view.ts) instead of an article.
  const library = (impl as string) === 'library'
  if (!library) {
    await page.evaluate(([c, n]) => (window as unknown as W).bench.prepare(c, n, 1), [megabytes * 1_000_000, megabytes * 10_000])
    await page.evaluate((i) => (window as unknown as W).bench.load(i), impl)
  }
  const openProfiled = speed === 'open'
  const measureOpen = async () => {
    if (library) {
      const ms = await page.evaluate(() => (window as unknown as W).bench.openLibrary(100_000))
      return console.log(`library, 100,000 rows: first screen ${ms.toFixed(0)} ms`)
    }
    const openMs = await page.evaluate(() => (window as unknown as W).bench.open())
    const fill = await page.evaluate(() => (window as unknown as W).bench.afterOpen())
    console.log(
      `${impl} ${megabytes} MB: open ${openMs.toFixed(0)} ms, last change painted ${fill.lastChangePaintedMs.toFixed(0)} ms`,
    )
  }
  if (!openProfiled) await measureOpen()

  // PROFILE_JS=1: a sampling profile of the scripts too (top functions by self time).
  const cdp = process.env.PROFILE_JS ? await page.context().newCDPSession(page) : null
  if (cdp) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
    await cdp.send('Profiler.start')
  }
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8', 'blink'],
  })
  let wall: number[] = []
  if (openProfiled) await measureOpen()
  else if (speed === 'jumps') {
    wall = await page.evaluate((n) => (window as unknown as W).bench.jumps(n, 7), Math.min(frames, 20))
    console.log(`jumps → text painted: ${wall.map((t) => t.toFixed(0)).join(' ')} ms`)
  } else {
    const plan = speed === 'ttb' ? { topToBottom: true, frames } : { screens: Number(speed), frames }
    const run = await page.evaluate((p) => (window as unknown as W).bench.scroll(p), plan)
    wall = run.intervals
    const dropped = wall.filter((t) => t > 25).length
    console.log(
      `${speed} screens/frame, ${run.stepPx} px: ${wall.length} frames, wall-clock dropped ${dropped} (${((100 * dropped) / wall.length).toFixed(1)} %), p99 ${quantile(wall, 0.99).toFixed(0)} ms`,
    )
  }
  const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: TraceEvent[] }
  if (cdp) {
    const { profile } = await cdp.send('Profiler.stop')
    const self = new Map<string, number>()
    const dt = new Map<number, number>()
    profile.samples?.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000))
    for (const node of profile.nodes) {
      const f = node.callFrame
      const key = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber + 1}`
      self.set(key, (self.get(key) ?? 0) + (dt.get(node.id) ?? 0))
    }
    console.log('JS self time (ms, whole run):')
    for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${k.padEnd(60)} ${v.toFixed(1)}`)
  }
  await browser.close()

  // The page's renderer main thread: the CrRendererMain with the most animation frames.
  const events = trace.traceEvents
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
  const count = (pid: number, tid: number) =>
    events.filter((e) => e.pid === pid && e.tid === tid && e.name === 'FireAnimationFrame').length
  const main = mains.sort((a, b) => count(b.pid, b.tid) - count(a.pid, a.tid))[0]
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X').sort((a, b) => a.ts - b.ts)

  // Top-level tasks with their CPU time; frames start at each BeginMainFrame's task.
  // (RunTask wraps ThreadControllerImpl::RunTask on some builds: count one of them.)
  const taskName = mine.some((e) => e.name === 'ThreadControllerImpl::RunTask') ? 'ThreadControllerImpl::RunTask' : 'RunTask'
  const tasks = mine.filter((e) => e.name === taskName)
  const frameStarts = mine
    .filter((e) => e.name === 'BeginMainFrame' || e.name === 'WebFrameWidgetImpl::BeginMainFrame')
    .map((e) => e.ts)
  const cpuPerFrame: number[] = []
  let f = 0
  for (const task of tasks) {
    while (f + 1 < frameStarts.length && frameStarts[f + 1] <= task.ts) f++
    cpuPerFrame[f] = (cpuPerFrame[f] ?? 0) + (task.tdur ?? task.dur ?? 0) / 1000
  }
  const perFrame = cpuPerFrame.filter((x) => x !== undefined)
  const over = (ms: number) => perFrame.filter((x) => x > ms).length
  console.log(
    `main-thread CPU per frame (${perFrame.length} frames): median ${quantile(perFrame, 0.5).toFixed(1)} ms, p95 ${quantile(perFrame, 0.95).toFixed(1)}, p99 ${quantile(perFrame, 0.99).toFixed(1)}, max ${Math.max(...perFrame).toFixed(1)}; over 16.7 ms: ${over(16.7)} (${((100 * over(16.7)) / perFrame.length).toFixed(1)} %), over 25 ms: ${over(25)}`,
  )

  // Totals by kind (outermost event of each kind only, so nested ones are not counted twice).
  const totals = new Map<string, number>()
  const byName = new Map<string, number>()
  const open: { end: number; kind: string }[] = []
  for (const e of mine) {
    const kind = KINDS[e.name]
    if (!kind) continue
    while (open.length && open[open.length - 1].end <= e.ts) open.pop()
    const cpu = (e.tdur ?? e.dur ?? 0) / 1000
    const name = e.name === 'EventDispatch' ? `EventDispatch ${e.args?.data?.type ?? ''}` : e.name
    byName.set(name, (byName.get(name) ?? 0) + cpu)
    if (!open.some((o) => o.kind === kind)) {
      // Style or layout inside a script event is a forced one: counted apart.
      const forced = open.some((o) => o.kind === 'script') && (kind === 'layout' || kind === 'style')
      const key = forced ? `${kind} (forced, in script)` : kind
      totals.set(key, (totals.get(key) ?? 0) + cpu)
    }
    open.push({ end: e.ts + (e.dur ?? 0), kind })
  }
  const n = Math.max(1, perFrame.length)
  // PROFILE_SLOW=1: the same totals over the frames whose CPU is over 16.7 ms only (what makes them slow).
  if (process.env.PROFILE_SLOW) {
    const frameOf = (ts: number) =>
      Math.max(
        0,
        lastAtOrBefore(frameStarts.length, (i) => frameStarts[i], ts),
      )
    const slow = new Set(cpuPerFrame.flatMap((cpu, i) => (cpu > 16.7 ? [i] : [])))
    const slowByName = new Map<string, number>()
    for (const e of mine) {
      if (!slow.has(frameOf(e.ts))) continue
      const name = e.name === 'EventDispatch' ? `EventDispatch ${e.args?.data?.type ?? ''}` : e.name
      slowByName.set(name, (slowByName.get(name) ?? 0) + (e.tdur ?? 0) / 1000)
    }
    // The three costliest tasks event by event (what they ran, six levels deep).
    for (const task of [...tasks].sort((x, y) => (y.tdur ?? 0) - (x.tdur ?? 0)).slice(0, 3)) {
      const end = task.ts + (task.dur ?? 0)
      console.log(
        `task at frame ${frameOf(task.ts)}: ${((task.tdur ?? 0) / 1000).toFixed(1)} ms CPU ${JSON.stringify(task.args)}`,
      )
      const inside = mine
        .filter((e) => e.ts >= task.ts && e.ts < end && e !== task && (e.dur ?? 0) >= 200)
        .sort((x, y) => x.ts - y.ts || (y.dur ?? 0) - (x.dur ?? 0))
      const stack: number[] = []
      for (const e of inside) {
        while (stack.length && stack[stack.length - 1] <= e.ts) stack.pop()
        if (stack.length < 9)
          console.log(
            `  ${'  '.repeat(stack.length)}${e.name} ${e.args?.data?.type ?? ''} wall ${((e.dur ?? 0) / 1000).toFixed(1)} cpu ${((e.tdur ?? 0) / 1000).toFixed(1)}`,
          )
        stack.push(e.ts + (e.dur ?? 0))
      }
    }
    console.log(`frames over 16.7 ms CPU (${slow.size}), per slow frame by event (ms CPU, nested included):`)
    for (const [k, v] of [...slowByName].sort((a, b) => b[1] - a[1]).slice(0, 30))
      console.log(`  ${k.padEnd(50)} ${(v / Math.max(1, slow.size)).toFixed(2)}`)
  }
  if (process.env.PROFILE_DEBUG) {
    const top = new Map<string, number>()
    for (const e of mine) top.set(e.name, (top.get(e.name) ?? 0) + (e.tdur ?? 0) / 1000)
    for (const [k, v] of [...top].sort((a, b) => b[1] - a[1]).slice(0, 40))
      console.log(`  ~ ${k.padEnd(50)} ${(v / n).toFixed(2)}`)
  }
  console.log('per frame on average, by kind (ms CPU):')
  for (const [k, v] of [...totals].sort((a, b) => b[1] - a[1])) console.log(`  ${k.padEnd(28)} ${(v / n).toFixed(2)}`)
  console.log('by event (ms CPU per frame, nested included):')
  for (const [k, v] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 12))
    console.log(`  ${k.padEnd(40)} ${(v / n).toFixed(2)}`)
}

main().catch((error) => {
  console.error(error)
  process.exitCode = 1
})
