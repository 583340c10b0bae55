/**
 * The bench page. Node drives it through Playwright: `bench.prepare` generates the material (seeded, not
 * timed), `bench.open` mounts one implementation and times it, then tagging, jumping and scrolling are
 * timed in the same page. Each implementation is a dynamic import, so a page loads only the code and
 * styles of the one it measures.
 */
import { makeAnnotations, makeArticle, type BenchAnnotation, type BenchArticle } from '../generate'
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
    const t0 = performance.now()
    view = await mount(stage, article, annotations)
    // Each mount resolves after its own painted frame; if highlights were not yet on screen then, wait.
    const t1 = firstScreenHighlighted() ? performance.now() : await paintedWhen(firstScreenHighlighted)
    return t1 - t0
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
   * Scrolls from top to bottom in `frames` equal steps, one per animation frame, and returns the frame
   * intervals (rAF timestamps): a frame over 17 ms is a dropped one.
   */
  async scroll(frames: number): Promise<{ intervals: number[]; stepPx: number; heightPx: number }> {
    const s = view.scroller
    s.scrollTop = 0
    await nextFrame()
    await nextFrame()
    const stepPx = Math.max(200, Math.ceil((s.scrollHeight - s.clientHeight) / frames))
    const intervals: number[] = []
    let last = await nextFrame()
    for (let i = 0; i < frames * 2 && s.scrollTop + s.clientHeight < s.scrollHeight - 1; i++) {
      s.scrollTop += stepPx
      const t = await nextFrame()
      intervals.push(t - last)
      last = t
    }
    return { intervals, stepPx, heightPx: s.scrollHeight }
  },
}

;(window as unknown as { bench: typeof bench }).bench = bench
export type BenchPage = typeof bench
