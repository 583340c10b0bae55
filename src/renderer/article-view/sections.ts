/**
 * Sections in the DOM: only those near the viewport are rendered as paragraphs; every other section is
 * one placeholder element of the section's height, so the DOM size is set by the viewport, not by the
 * article (a 5 MB article is ~370 sections of up to 24 paragraphs).
 *
 * A placeholder keeps the section's text (one text node per run of paragraphs, headings as heading
 * elements) inside a fixed-height box that is never laid out while off screen (`content-visibility`)
 * and is blank if ever painted: the whole article's text and headings stay in the DOM for assistive
 * technology, as when every paragraph was there (Chromium builds accessibility nodes only for content
 * it lays out, before and after this change alike). ProseMirror sees a leaf (no contentDOM) and
 * ignores it.
 *
 * Heights: a placeholder has the section's last measured height (its estimate until it was rendered),
 * and a rendered section keeps that height as its intrinsic size while `content-visibility` skips it,
 * so swapping one for the other never moves anything. When a section above the viewport changes height
 * as it is first laid out, the scroll position is corrected in the same frame (the scroller has no
 * native scroll anchoring), so the text on screen stays put and the scrollbar stays honest.
 */
import type { Node as PMNode } from 'prosemirror-model'
import type { EditorView, NodeView, Decoration } from 'prosemirror-view'
import { highlightKey, isShown, pinnedSections, withHighlightChange } from './highlights'
import { headingTag } from './schema'
import type { TextDocument } from './text-document'

/** What the section NodeViews and the viewport tracker share: each section's element and height. */
export class SectionLayout {
  /** The current element of each section (placeholder or rendered). */
  readonly elements: (HTMLElement | undefined)[]
  /** Each section's last known height in px (estimated until it has been laid out). */
  readonly heights: Float64Array
  private readonly resizes: ResizeObserver
  /** Called after heights changed (more sections may have come near). */
  onResize: () => void = () => undefined

  constructor(
    textDoc: TextDocument,
    private readonly scroller: HTMLElement,
  ) {
    this.elements = new Array(textDoc.sections.length)
    this.heights = Float64Array.from(textDoc.doc.content.content, (node) => Number(node.attrs.estimatedHeight))
    this.resizes = new ResizeObserver((entries) => this.resized(entries))
  }

  observe(section: HTMLElement): void {
    this.resizes.observe(section)
  }

  unobserve(section: HTMLElement): void {
    this.resizes.unobserve(section)
  }

  disconnect(): void {
    this.resizes.disconnect()
  }

  /** Runs after layout, before paint: records new heights and keeps the text on screen in place. */
  private resized(entries: ResizeObserverEntry[]): void {
    const viewportTop = this.scroller.getBoundingClientRect().top
    let shift = 0
    for (const entry of entries) {
      const element = entry.target as HTMLElement
      const index = Number(element.dataset.section)
      const height = entry.borderBoxSize?.[0]?.blockSize ?? entry.contentRect.height
      const before = this.heights[index]
      if (!height || height === before || this.elements[index] !== element) continue
      this.heights[index] = height
      if (element.getBoundingClientRect().top + before <= viewportTop) shift += height - before
    }
    if (shift !== 0) this.scroller.scrollTop += shift
    this.onResize()
  }
}

/** A section: its paragraphs while shown, a placeholder of its height otherwise. */
export class SectionView implements NodeView {
  dom: HTMLElement
  contentDOM?: HTMLElement
  private readonly shown: boolean
  private readonly index: number

  constructor(
    node: PMNode,
    decorations: readonly Decoration[],
    private readonly layout: SectionLayout,
  ) {
    this.index = Number(node.attrs.index)
    this.shown = isShown(decorations)
    this.dom = document.createElement('section')
    this.dom.className = 'sw-section'
    this.dom.dataset.section = String(this.index)
    const height = layout.heights[this.index]
    // Sizes are set through CSSOM, which the Content Security Policy allows (a style attribute it would not).
    if (this.shown) {
      this.contentDOM = this.dom
      this.dom.style.containIntrinsicSize = `auto ${height}px`
      layout.observe(this.dom)
    } else {
      this.dom.classList.add('sw-far')
      this.dom.style.height = `${height}px`
      this.dom.append(...placeholderContent(node))
    }
    layout.elements[this.index] = this.dom
  }

  /** Shown ↔ placeholder is a different NodeView: returning false makes ProseMirror build the other. */
  update(node: PMNode, decorations: readonly Decoration[]): boolean {
    return Number(node.attrs.index) === this.index && isShown(decorations) === this.shown
  }

  destroy(): void {
    if (this.shown) this.layout.unobserve(this.dom)
  }
}

/** The section's text for a placeholder: runs of paragraphs as text nodes, headings as heading elements. */
function placeholderContent(section: PMNode): Node[] {
  const out: Node[] = []
  let run: string[] = []
  const flush = () => {
    if (run.length > 0) out.push(document.createTextNode(run.join('\n\n')))
    run = []
  }
  section.forEach((block) => {
    if (block.type.name !== 'heading') {
      run.push(block.textContent)
      return
    }
    flush()
    const heading = document.createElement(headingTag(Number(block.attrs.level)))
    if (Number(block.attrs.level) === 0) heading.className = 'sw-headline sw-article-title'
    heading.textContent = block.textContent
    out.push(heading)
  })
  flush()
  return out
}

/** Sections within this many screens of the viewport are rendered… */
const SHOW_SCREENS = 1
/** …and go back to placeholders beyond this many (the gap keeps a section from flapping at the edge). */
const KEEP_SCREENS = 2
/** Sections near (not on) the screen rendered per frame at most: each is a redraw of its paragraphs. */
const SECTIONS_PER_FRAME = 2
/** While scrolling, sections out of range stay rendered up to this many (turning them back costs frames)… */
const RENDERED_WHILE_SCROLLING = 4
/** …and all go back to placeholders once scrolling has paused this long. */
const SETTLE_MS = 150

/**
 * Keeps the rendered sections around the viewport. Runs on every scroll event, i.e. before the frame
 * that shows the new scroll position is laid out (an IntersectionObserver reports only after it was
 * painted): sections on screen are rendered at once, so none is seen as a placeholder; sections within
 * a screen of it follow over the next frames, at most two per frame; sections that moved out of range
 * become placeholders again when scrolling pauses (or, in a long fling, the farthest ones as they pile up).
 */
export function trackViewport(
  view: EditorView,
  scroller: HTMLElement,
  textDoc: TextDocument,
  layout: SectionLayout,
): { disconnect(): void; update(): void } {
  let frame = 0
  let settleTimer = 0
  let scrolling = false
  let scrolledThisFrame = false
  const count = textDoc.sections.length

  /** Sections whose box meets [top, bottom) (client coordinates), as an inclusive index range. */
  const sectionsBetween = (top: number, bottom: number): [number, number] => {
    const box = (i: number) => layout.elements[i]!.getBoundingClientRect()
    let lo = 0
    let hi = count - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (box(mid).bottom > top) hi = mid
      else lo = mid + 1
    }
    const first = lo
    hi = count - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (box(mid).top < bottom) lo = mid
      else hi = mid - 1
    }
    return [first, Math.max(first, lo)]
  }

  /** One step of work; returns whether more remains for the next frame. */
  const reconcile = (): boolean => {
    const port = scroller.getBoundingClientRect()
    if (port.height === 0 || layout.elements.some((e) => !e)) return false
    // Every box is read before anything changes: one layout, not one per change.
    const within = (screens: number) => sectionsBetween(port.top - screens * port.height, port.bottom + screens * port.height)
    const [screenFrom, screenTo] = within(0)
    const [nearFrom, nearTo] = within(SHOW_SCREENS)
    const [keepFrom, keepTo] = within(KEEP_SCREENS)
    const shown = highlightKey.getState(view.state)!.shown

    const onScreen: number[] = []
    const near: number[] = []
    for (let s = nearFrom; s <= nearTo; s++) if (!shown.has(s)) (s >= screenFrom && s <= screenTo ? onScreen : near).push(s)
    const middle = (screenFrom + screenTo) / 2
    near.sort((a, b) => Math.abs(a - middle) - Math.abs(b - middle))
    const show = [...onScreen, ...near.slice(0, SECTIONS_PER_FRAME)]
    if (show.length > 0) view.dispatch(withHighlightChange(view.state.tr, { type: 'show', sections: show }))

    const pinned = pinnedSections(textDoc, view.state.selection)
    const distance = (s: number) => (s < keepFrom ? keepFrom - s : s - keepTo)
    const far = [...highlightKey.getState(view.state)!.shown]
      .filter((s) => (s < keepFrom || s > keepTo) && !pinned.has(s))
      .sort((a, b) => distance(b) - distance(a))
    const excess = scrolling ? far.length - RENDERED_WHILE_SCROLLING : far.length
    if (excess > 0) view.dispatch(withHighlightChange(view.state.tr, { type: 'hide', sections: far.slice(0, excess) }))
    return near.length > SECTIONS_PER_FRAME
  }

  const pump = () => {
    frame = 0
    // A scroll event in this frame has done this frame's work already (another pass would lay the
    // page out once more): continue in the next one.
    const due = !scrolledThisFrame
    scrolledThisFrame = false
    if (!due || reconcile()) frame = requestAnimationFrame(pump)
  }
  const schedule = () => {
    if (!frame) frame = requestAnimationFrame(pump)
  }
  const onScroll = () => {
    scrolledThisFrame = true
    scrolling = true
    clearTimeout(settleTimer)
    settleTimer = window.setTimeout(() => {
      scrolling = false
      schedule()
    }, SETTLE_MS)
    if (reconcile()) schedule()
  }
  layout.onResize = schedule
  const viewportResizes = new ResizeObserver(schedule)
  viewportResizes.observe(scroller)
  scroller.addEventListener('scroll', onScroll, { passive: true })
  return {
    update: schedule,
    disconnect() {
      scroller.removeEventListener('scroll', onScroll)
      viewportResizes.disconnect()
      layout.disconnect()
      cancelAnimationFrame(frame)
      clearTimeout(settleTimer)
    },
  }
}
