/**
 * Sections in the DOM: only those near the viewport are rendered as paragraphs; every other section is
 * one placeholder element of the section's height, so the DOM size is set by the viewport, not by the
 * article (a 5 MB article is ~370 sections of up to 24 paragraphs).
 *
 * A placeholder keeps the section's text (one text node per run of paragraphs, headings as heading
 * elements) inside a fixed-height box that is never laid out (`content-visibility: hidden`: under
 * `auto`, placeholders near the viewport laid their whole text out in every frame of a fast scroll)
 * and is blank if ever painted: the whole article's text and headings stay in the DOM for assistive
 * technology, as when every paragraph was there (Chromium builds accessibility nodes only for content
 * it lays out, before and after this change alike). ProseMirror sees a leaf (no contentDOM) and
 * ignores it.
 *
 * While the view scrolls, a placeholder that comes on screen shows its paragraphs at once as plain
 * elements (`showPlain`: the same elements and classes ProseMirror would make, so the same layout, but
 * no highlights and a fraction of the cost); the section is rendered by ProseMirror, with its highlights,
 * and laid out in the idle time between frames, only in an idle period long enough for it by what
 * renders have cost on this machine so far (`trackViewport`). So a frame never waits for a section to be
 * rendered, however fast or slowly the scrollbar is dragged.
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
import { lastAtOrBefore } from '../../shared/sorted'
import type { TextDocument } from './text-document'

/** What the section NodeViews and the viewport tracker share: each section's element and height. */
export class SectionLayout {
  /** The current element of each section (placeholder or rendered). */
  readonly elements: (HTMLElement | undefined)[]
  /** Each section's last known height in px (estimated until it has been laid out). */
  readonly heights: Float64Array
  /** Placeholders showing their paragraphs as plain elements (`showPlain`). */
  readonly plain = new Set<number>()
  /** A plain section's placeholder text nodes, put back when it turns back (no new strings, less GC). */
  private readonly placeholderNodes = new Map<number, Node[]>()
  private readonly resizes: ResizeObserver
  /** Called after heights changed (more sections may have come near). */
  onResize: () => void = () => undefined

  constructor(
    private readonly textDoc: TextDocument,
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

  /**
   * Shows a placeholder's paragraphs as plain elements: its text is on screen in this frame, laid out
   * as the rendered section will be (so nothing moves when it is), without ProseMirror or highlights.
   */
  showPlain(index: number): void {
    const element = this.elements[index]
    if (!element || this.plain.has(index) || !element.classList.contains('sw-far')) return
    this.plain.add(index)
    this.placeholderNodes.set(index, [...element.childNodes])
    element.replaceChildren(...plainContent(this.textDoc.doc.child(index)))
    element.classList.replace('sw-far', 'sw-plain')
    element.style.height = ''
    element.style.containIntrinsicSize = `auto ${this.heights[index]}px`
    this.observe(element)
  }

  /** Turns a plain section back into a placeholder (it has gone far from the viewport). */
  hidePlain(index: number): void {
    const element = this.elements[index]
    if (!this.plain.delete(index) || !element) return
    this.unobserve(element)
    element.classList.replace('sw-plain', 'sw-far')
    element.style.height = `${this.heights[index]}px`
    const kept = this.placeholderNodes.get(index)
    this.placeholderNodes.delete(index)
    element.replaceChildren(...(kept ?? placeholderContent(this.textDoc.doc.child(index))))
  }

  /** The section's element is gone (rendered or destroyed): its kept placeholder nodes are not needed. */
  forget(index: number): void {
    this.plain.delete(index)
    this.placeholderNodes.delete(index)
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
      // Replacing plain paragraphs on screen: laid out at once, like them (a new content-visibility:
      // auto element could be skipped, i.e. blank, for its first frame).
      if (layout.plain.has(this.index)) this.dom.style.contentVisibility = 'visible'
      layout.observe(this.dom)
    } else {
      this.dom.classList.add('sw-far')
      this.dom.style.height = `${height}px`
      this.dom.append(...placeholderContent(node))
    }
    layout.forget(this.index)
    layout.elements[this.index] = this.dom
  }

  /** Shown ↔ placeholder is a different NodeView: returning false makes ProseMirror build the other. */
  update(node: PMNode, decorations: readonly Decoration[]): boolean {
    return Number(node.attrs.index) === this.index && isShown(decorations) === this.shown
  }

  destroy(): void {
    // A placeholder is observed while it shows plain paragraphs.
    this.layout.unobserve(this.dom)
    if (this.layout.elements[this.index] === this.dom) this.layout.forget(this.index)
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

/** The section's blocks as the schema renders them (schema.ts), with plain text: no highlights. */
function plainContent(section: PMNode): Node[] {
  const out: Node[] = []
  section.forEach((block) => {
    const [tag, attrs] = block.type.spec.toDOM!(block) as [string, { class: string }]
    const element = document.createElement(tag)
    element.className = attrs.class
    element.textContent = block.textContent
    out.push(element)
  })
  return out
}

/** Sections within this many screens of the viewport are rendered ahead of time, in idle periods… */
const SHOW_SCREENS = 1
/** …and go back to placeholders beyond this many (the gap keeps a section from flapping at the edge). */
const KEEP_SCREENS = 2
/** While scrolling, sections out of range stay rendered up to this many (turning them back costs)… */
const RENDERED_WHILE_SCROLLING = 4
/** …and all go back to placeholders once scrolling has paused this long. */
const SETTLE_MS = 150
/**
 * Rendering a section and laying it out costs about this much per character at first (ms); the view
 * then learns the machine's own figure from each render (a running average).
 */
const FIRST_COST_PER_CHAR_MS = 0.002
/** Once scrolling has paused, an idle period this long (ms) takes the next section, whatever it costs. */
const IDLE_MIN_MS = 8
/** On a machine never idle, pending renders run after this long anyway, once scrolling has paused. */
const IDLE_TIMEOUT_MS = 100

/**
 * Keeps the sections around the viewport. On every scroll event, i.e. before the frame that shows the
 * new scroll position is laid out (an IntersectionObserver reports only after it was painted),
 * placeholders on screen show their plain paragraphs, so no text is missing from any frame, and plain
 * sections gone far become placeholders again: cheap DOM changes, never a ProseMirror update. The
 * rendering itself happens in idle periods, one section per period with time left for its render and
 * layout (both done there: left to the next frame, the layout was a forced one in its scroll handler),
 * so it never delays a frame; while scrolling, a section too long for any idle period waits until
 * scrolling pauses. The order: the
 * plain sections on screen first (they gain their highlights), then the sections within a screen of
 * it, nearest first, so a reader scrolling at reading speed finds them rendered already; sections that
 * moved out of range go back to placeholders in the same update (when scrolling pauses, or, in a long
 * fling, the farthest ones as they pile up).
 */
export function trackViewport(
  view: EditorView,
  scroller: HTMLElement,
  textDoc: TextDocument,
  layout: SectionLayout,
): { disconnect(): void; update(): void; renderOnScreen(): void } {
  let idle = 0
  let idleHasTimeout = false
  let settleTimer = 0
  let scrolling = false
  const count = textDoc.sections.length

  /** Each section's top below the first one's (px), from the heights: no layout is read. */
  const tops = new Float64Array(count + 1)

  /** Sections that meet [top, bottom) (px below the first section's top), as an inclusive index range. */
  const sectionsBetween = (top: number, bottom: number): [number, number] => {
    const first = Math.min(
      count - 1,
      Math.max(
        0,
        lastAtOrBefore(count, (i) => tops[i], top),
      ),
    )
    let last = first
    while (last + 1 < count && tops[last + 1] < bottom) last++
    return [first, last]
  }

  /**
   * The sections on screen, within a screen of it, and within the keep distance (index ranges).
   * Computed from the recorded heights, which are what the placeholders and the skipped rendered
   * sections are sized by, and the ResizeObserver keeps them true for the others: one box is read
   * (where the first section is), not one per section probed, which forces no layout of its own.
   */
  const ranges = () => {
    const port = scroller.getBoundingClientRect()
    const first = layout.elements[0]
    if (port.height === 0 || !first) return null
    for (let i = 0; i < count; i++) tops[i + 1] = tops[i] + layout.heights[i]
    const origin = port.top - first.getBoundingClientRect().top
    const within = (screens: number) => sectionsBetween(origin - screens * port.height, origin + (screens + 1) * port.height)
    return { screen: within(0), near: within(SHOW_SCREENS), keep: within(KEEP_SCREENS) }
  }

  /** Placeholders on screen show their plain paragraphs; plain ones out of the keep range turn back. */
  const coverScreen = () => {
    const r = ranges()
    if (!r) return
    const shown = highlightKey.getState(view.state)!.shown
    for (let s = r.screen[0]; s <= r.screen[1]; s++) if (!shown.has(s)) layout.showPlain(s)
    for (const s of [...layout.plain]) if (s < r.keep[0] || s > r.keep[1]) layout.hidePlain(s)
  }

  /** What a render and layout has cost per character on this machine (ms), a running average. */
  let costPerChar = FIRST_COST_PER_CHAR_MS
  /** A section's characters, plus a fixed part for its elements (a render costs something however short). */
  const weightOf = (s: number) => textDoc.sections[s].textEnd - textDoc.sections[s].textStart + 200

  /**
   * One idle step: render the most wanted section if it fits in the time left (`budget`, ms), hide far
   * ones. Returns whether more remains.
   */
  const step = (budget: number): boolean => {
    const r = ranges()
    if (!r) return false
    const shown = highlightKey.getState(view.state)!.shown
    const middle = (r.screen[0] + r.screen[1]) / 2
    const onScreen = (s: number) => s >= r.screen[0] && s <= r.screen[1]
    const todo: number[] = []
    for (let s = r.near[0]; s <= r.near[1]; s++) if (!shown.has(s)) todo.push(s)
    todo.sort((a, b) => Number(onScreen(b)) - Number(onScreen(a)) || Math.abs(a - middle) - Math.abs(b - middle))

    const pinned = pinnedSections(textDoc, view.state.selection)
    const distance = (s: number) => (s < r.keep[0] ? r.keep[0] - s : s - r.keep[1])
    const far = [...shown]
      .filter((s) => (s < r.keep[0] || s > r.keep[1]) && !pinned.has(s))
      .sort((a, b) => distance(b) - distance(a))
    const hide = far.slice(0, Math.max(0, scrolling ? far.length - RENDERED_WHILE_SCROLLING : far.length))
    const show = todo.slice(0, 1).filter((s) => costPerChar * weightOf(s) <= budget)
    if (show.length > 0 || hide.length > 0) {
      const started = performance.now()
      view.dispatch(withHighlightChange(view.state.tr, { type: 'show', sections: show }, { type: 'hide', sections: hide }))
      // Lay the change out now, in this idle period, rather than in the next frame's scroll handler.
      void scroller.offsetHeight
      if (show.length > 0) costPerChar = 0.7 * costPerChar + (0.3 * (performance.now() - started)) / weightOf(show[0])
    }
    if (!scrolling) for (const s of [...layout.plain]) if (s < r.near[0] || s > r.near[1]) layout.hidePlain(s)
    return todo.length > show.length || (!scrolling && far.length > hide.length)
  }

  const work = (deadline: IdleDeadline) => {
    idle = 0
    // While scrolling, a render runs only in an idle period with room for it (a frame is never late for
    // it). Otherwise there is no frame to drop: any idle period of IDLE_MIN_MS, or none for a while, will
    // do, however long the section (on a slow machine none may fit in one period).
    const remaining = deadline.timeRemaining()
    const budget = scrolling ? remaining : remaining >= IDLE_MIN_MS || deadline.didTimeout ? Infinity : 0
    if (step(budget)) schedule()
  }
  function schedule(): void {
    // While scrolling, renders wait for true idle time; once it pauses, they run within IDLE_TIMEOUT_MS.
    const timeout = !scrolling
    if (idle && (idleHasTimeout || !timeout)) return
    if (idle) cancelIdleCallback(idle)
    idleHasTimeout = timeout
    idle = requestIdleCallback(work, timeout ? { timeout: IDLE_TIMEOUT_MS } : undefined)
  }
  const onScroll = () => {
    scrolling = true
    clearTimeout(settleTimer)
    settleTimer = window.setTimeout(() => {
      scrolling = false
      schedule()
    }, SETTLE_MS)
    coverScreen()
    schedule()
  }
  layout.onResize = schedule
  const viewportResizes = new ResizeObserver(() => {
    coverScreen()
    schedule()
  })
  viewportResizes.observe(scroller)
  scroller.addEventListener('scroll', onScroll, { passive: true })
  return {
    update: schedule,
    /** Renders the plain sections on screen now (before a click or selection reaches into them). */
    renderOnScreen() {
      const r = ranges()
      if (!r) return
      const plain = [...layout.plain].filter((s) => s >= r.screen[0] && s <= r.screen[1])
      if (plain.length > 0) view.dispatch(withHighlightChange(view.state.tr, { type: 'show', sections: plain }))
    },
    disconnect() {
      scroller.removeEventListener('scroll', onScroll)
      viewportResizes.disconnect()
      layout.disconnect()
      if (idle) cancelIdleCallback(idle)
      clearTimeout(settleTimer)
    },
  }
}
