/**
 * The bench page. Node drives it through Playwright: `bench.prepare` generates the material (seeded, not
 * timed), `bench.open` mounts one implementation and times it, then tagging, jumping and scrolling are
 * timed in the same page. Each implementation is a dynamic import, so a page loads only the code and
 * styles of the one it measures.
 */
import { makeAnnotations, makeArticle, prng, type BenchAnnotation, type BenchArticle } from '../generate'
import { nextFrame, onScreen, paintedWhen } from './frames'
import type { MountedView, MountView } from './view-types'

export type Impl = 'spanwise' | 'peer' | 'naive'

const loaders: Record<Impl, () => Promise<MountView>> = {
  spanwise: async () => (await import('./spanwise-view')).mountSpanwise,
  peer: async () => (await import('./peer-view')).mountPeer,
  naive: async () => (await import('./naive-view')).mountNaive,
}

let article: BenchArticle
let annotations: BenchAnnotation[]
let view: MountedView
let fill: Promise<FillIn>
let lastKey = { at: 0, frames: 0, done: false }

// For every key: its own timestamp (when the browser received it), and a count of the animation frames
// that begin after it until the change is painted. Registered in the capture phase, so this frame
// callback runs before any the view registers for the same key: "painted in the first frame after the
// key" reads as a count of 2 (frame 1 paints it, frame 2 is when we know).
document.addEventListener(
  'keydown',
  (event) => {
    const key = (lastKey = { at: event.timeStamp, frames: 0, done: false })
    const tick = () => {
      if (key.done) return
      key.frames++
      requestAnimationFrame(tick)
    }
    requestAnimationFrame(tick)
  },
  { capture: true },
)

/** Highlights are painted on the first screen: some highlight element is inside the visible box. */
function firstScreenHighlighted(): boolean {
  for (const el of view.scroller.querySelectorAll(view.highlightSelector)) if (onScreen(el, view.scroller)) return true
  return false
}

const bench = {
  /** Generates the article and its annotations (not timed). */
  prepare(chars: number, count: number, seed: number): { chars: number; blocks: number; annotations: number } {
    article = makeArticle(chars, seed)
    annotations = makeAnnotations(article, count, seed)
    return { chars: article.text.length, blocks: article.blocks.length, annotations: annotations.length }
  },

  /** Loads the implementation's code (not timed: the app has its code loaded before an article opens). */
  async load(impl: Impl): Promise<void> {
    ;(bench as { mount?: MountView }).mount = await loaders[impl]()
    await nextFrame()
  },

  /** Mount called → first screen of text with its highlights painted. Milliseconds. */
  async open(): Promise<number> {
    const mount = (bench as { mount?: MountView }).mount!
    const stage = document.getElementById('stage')!
    let lastChange = 0
    const changes = new MutationObserver(() => (lastChange = performance.now()))
    changes.observe(stage, { childList: true, subtree: true, attributes: true, characterData: true })
    const t0 = performance.now()
    view = await mount(stage, article, annotations)
    // Each mount resolves after its own painted frame; if highlights were not yet on screen then, wait.
    const t1 = firstScreenHighlighted() ? performance.now() : await paintedWhen(firstScreenHighlighted)
    fill = watchFillIn(t0, () => lastChange, changes)
    return t1 - t0
  },

  /**
   * The library list with `rows` generated rows instead of an article (bench/page/library-view.ts):
   * mount called → its first screen of rows painted (ms). Scrolling then measures the list.
   */
  async openLibrary(rows: number): Promise<number> {
    const { libraryRows, mountLibrary } = await import('./library-view')
    const items = libraryRows(rows, 1)
    await nextFrame()
    const t0 = performance.now()
    view = mountLibrary(document.getElementById('stage')!, items)
    const t1 = await paintedWhen(() => view.scroller.querySelector(view.highlightSelector) !== null)
    return t1 - t0
  },

  /**
   * What the view does after its first paint (filling nearby sections): mount called → the last DOM
   * change painted, and the frame intervals from the first paint until 60 frames pass without a change.
   */
  afterOpen(): Promise<FillIn> {
    return fill
  },

  /** Elements in the whole document, and highlight elements. */
  domCounts(): { elements: number; highlights: number } {
    return {
      elements: document.getElementsByTagName('*').length,
      highlights: document.querySelectorAll(view.highlightSelector).length,
    }
  },

  /**
   * Ranges for new tags on the first screen: word-aligned, 12–30 characters, inside paragraphs, not
   * starting at 0 (the peer's adapter refuses a position selector starting at 0).
   */
  tagTargets(n: number): BenchAnnotation[] {
    const out: BenchAnnotation[] = []
    for (const b of article.blocks) {
      if (b.type !== 'paragraph') continue
      for (let at = b.start + 1; at + 30 < b.end && out.length < n; at += 97) {
        const start = article.text.indexOf(' ', at) + 1
        const end = article.text.indexOf(' ', start + 12)
        if (start > 0 && end > start && end <= b.end) out.push({ id: `tag${out.length}`, kind: 'quote', start, end })
      }
      if (out.length >= n) break
    }
    return out
  },

  armed: null as Promise<{ latency: number; frames: number }> | null,

  /** Makes the next 'q' press tag `target` (Node then presses the real key). */
  arm(target: BenchAnnotation): void {
    bench.armed = view.armTag(target).then((painted) => {
      // Read at the moment it is painted: the frame counter stops here, not when Node asks.
      lastKey.done = true
      return { latency: painted - lastKey.at, frames: lastKey.frames }
    })
  },

  /** After the key: ms from the key to the painted highlight, and the frames that began meanwhile. */
  tagResult(): Promise<{ latency: number; frames: number }> {
    return bench.armed!
  },

  /** Jump to the article's last annotation: call → its highlight painted on screen. Milliseconds. */
  async jumpToLast(): Promise<number> {
    const id = annotations.reduce((last, a) => (a.start >= last.start ? a : last)).id
    const t0 = performance.now()
    await view.jump(id)
    const t1 = onScreen(view.highlightOf(id), view.scroller)
      ? performance.now()
      : await paintedWhen(() => onScreen(view.highlightOf(id), view.scroller), 60_000)
    return t1 - t0
  },

  /**
   * Scrolls at a constant speed for `frames` animation frames and returns the frame intervals (rAF
   * timestamps; an interval over 25 ms is a dropped frame at 60 Hz). The step is `screens` viewport
   * heights, or, with `topToBottom`, the scroll range divided by `frames` (the first round's row). It
   * bounces at the ends, so every speed runs the same number of frames. The position is changed in a
   * task between frames, as input does: a dragged scrollbar or a wheel moves the scroller before the
   * next frame, whose scroll event then runs before its layout and paint.
   */
  async scroll(plan: { screens?: number; topToBottom?: boolean; frames: number }): Promise<ScrollRun> {
    const s = view.scroller
    s.scrollTop = 0
    for (let i = 0; i < 10; i++) await nextFrame()
    const range = () => s.scrollHeight - s.clientHeight
    const stepPx = Math.ceil(plan.topToBottom ? range() / plan.frames : (plan.screens ?? 1) * s.clientHeight)
    const intervals: number[] = []
    const channel = new MessageChannel()
    let direction = 1
    channel.port1.onmessage = () => {
      const next = s.scrollTop + direction * stepPx
      if (next >= range() && !plan.topToBottom) direction = -1
      if (next <= 0) direction = 1
      s.scrollTop = next
    }
    let last = await nextFrame()
    await new Promise<void>((resolve) => {
      const tick = (t: number) => {
        intervals.push(t - last)
        last = t
        const atEnd = plan.topToBottom && s.scrollTop >= range() - 1
        if (intervals.length >= plan.frames * (plan.topToBottom ? 2 : 1) || atEnd) return resolve()
        channel.port2.postMessage(null)
        requestAnimationFrame(tick)
      }
      channel.port2.postMessage(null)
      requestAnimationFrame(tick)
    })
    channel.port1.close()
    return { intervals, stepPx, heightPx: s.scrollHeight }
  },

  /**
   * Jumps to `count` random places (seeded), as a click in the scrollbar's track does: the position is
   * set in a task, then the time until the first frame that paints text at the top, middle and bottom
   * of the viewport (visible text: a placeholder's transparent text does not count). Milliseconds.
   */
  async jumps(count: number, seed: number): Promise<number[]> {
    const s = view.scroller
    const rnd = prng(seed)
    const out: number[] = []
    for (let i = 0; i < count; i++) {
      // Let the view settle from the previous jump (its near sections, its placeholders).
      await new Promise((resolve) => setTimeout(resolve, 400))
      await nextFrame()
      const target = Math.floor(rnd() * (s.scrollHeight - s.clientHeight))
      const t0 = await new Promise<number>((resolve) =>
        setTimeout(() => {
          const t = performance.now()
          s.scrollTop = target
          resolve(t)
        }),
      )
      const t1 = await paintedWhen(() => textShown(s), 30_000)
      out.push(t1 - t0)
    }
    return out
  },
}

export interface FillIn {
  /** Mount called → the frame after the last DOM change (ms). */
  lastChangePaintedMs: number
  /** Frame intervals from the first paint until quiet. */
  intervals: number[]
}

async function watchFillIn(t0: number, lastChange: () => number, changes: MutationObserver): Promise<FillIn> {
  const intervals: number[] = []
  let last = await nextFrame()
  let quiet = 0
  let seen = lastChange()
  let paintedAt = last
  while (quiet < 60 && last - t0 < 30_000) {
    const t = await nextFrame()
    intervals.push(t - last)
    last = t
    // A change seen in this frame's callback is painted by the next frame: that frame's time counts.
    if (lastChange() !== seen) {
      seen = lastChange()
      quiet = 0
      paintedAt = NaN
    } else {
      if (Number.isNaN(paintedAt)) paintedAt = t
      quiet++
    }
  }
  changes.disconnect()
  return { lastChangePaintedMs: Math.max(0, (Number.isNaN(paintedAt) ? last : paintedAt) - t0), intervals }
}

export interface ScrollRun {
  intervals: number[]
  stepPx: number
  heightPx: number
}

/** Is visible text painted at the top, middle and bottom of the scroller's box (its text column)? */
function textShown(scroller: HTMLElement): boolean {
  const box = scroller.getBoundingClientRect()
  const x = box.left + box.width / 2
  for (const f of [0.2, 0.5, 0.8]) {
    // The text nearest the point: a placeholder's is transparent, a section whose layout is skipped
    // (content-visibility) is not reached.
    const caret = document.caretRangeFromPoint(x, box.top + f * box.height)
    const holder = caret?.startContainer.nodeType === Node.TEXT_NODE ? caret.startContainer.parentElement : null
    if (!holder || !scroller.contains(holder) || !holder.checkVisibility({ contentVisibilityAuto: true })) return false
    if (getComputedStyle(holder).color === 'rgba(0, 0, 0, 0)') return false
  }
  return true
}

;(window as unknown as { bench: typeof bench }).bench = bench
export type BenchPage = typeof bench
