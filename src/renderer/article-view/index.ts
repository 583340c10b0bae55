/**
 * The article view: a read-only ProseMirror view of one article with its highlights. It mounts by
 * itself (the app and the benchmarks use the same module), knows nothing of the API or the rest of
 * the UI, and reports what the user does through callbacks.
 *
 * Scale: the document is grouped into sections that skip layout while off screen
 * (`content-visibility: auto`, with an estimated height), and highlights exist only for sections near
 * the viewport (highlights.ts). The first screen is decorated before the first paint; the rest follows
 * as the user scrolls.
 */
import { EditorState, Plugin, TextSelection } from 'prosemirror-state'
import { EditorView, type NodeView } from 'prosemirror-view'
import type { Node as PMNode } from 'prosemirror-model'
import type { AnnotationKind, Block } from '../../shared/model'
import { AnnotationIndex, highlightPlugin, withHighlightChange, type ViewAnnotation } from './highlights'
import { buildTextDocument, type TextDocument } from './text-document'
import 'prosemirror-view/style/prosemirror.css'
import './article-view.css'

export type { ViewAnnotation } from './highlights'

export interface MountOptions {
  text: string
  /** Block structure from import; paragraphs are derived from blank lines when absent. */
  blocks?: readonly Block[]
  annotations: readonly ViewAnnotation[]
  /** A tag key (Q, C, E) was pressed with text selected; offsets are UTF-16 into `text`. */
  onTagKey?: (kind: AnnotationKind, range: TextRange) => void
  /** A highlight was clicked: every annotation under the pointer (innermost element first). */
  onHighlightClick?: (ids: string[]) => void
  /** A suggestion was clicked. */
  onSuggestionClick?: (id: string) => void
  /** Keys the view does not use itself (navigation, delete, help) are offered to the app first. */
  onKeyDown?: (event: KeyboardEvent) => boolean
}

export interface TextRange {
  start: number
  end: number
}

export interface ArticleViewHandle {
  /** Adds a highlight; resolves once it is painted. */
  add(annotation: ViewAnnotation): Promise<void>
  /** Replaces an annotation's highlight (new attributes or offsets). */
  update(annotation: ViewAnnotation): void
  remove(id: string): void
  /** Outlines one annotation's highlight (null: none). */
  select(id: string | null): void
  /** Scrolls an annotation into the middle of the view and flashes it; resolves once painted. */
  reveal(id: string): Promise<void>
  /** Selects a text range and scrolls it to the middle of the view (search results, discrepancies). */
  revealRange(range: TextRange): Promise<void>
  /** The text offset at the top of the viewport (for keeping two views in step). */
  topOffset(): number
  /** Scrolls so that the text at `offset` is at the top of the viewport; resolves once it stays there. */
  scrollToOffset(offset: number): Promise<void>
  /** The selected text range, or null when the selection is empty. */
  selection(): TextRange | null
  /** Selects a text range; an empty range places the caret. */
  setSelection(range: TextRange): void
  focus(): void
  destroy(): void
  readonly view: EditorView
}

/** The article text is the source: no transaction may change it. */
const readOnlyText = new Plugin({ filterTransaction: (tr) => !tr.docChanged })

const TAG_KEYS: Record<string, AnnotationKind> = { q: 'quote', c: 'claim', e: 'entity' }

/** Resolves after the next frame has been painted (a rAF runs before paint; the second one after it). */
export function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))
}

export async function mountArticle(container: HTMLElement, options: MountOptions): Promise<ArticleViewHandle> {
  const scroller = document.createElement('div')
  scroller.className = 'sw-article-scroll'
  container.appendChild(scroller)

  const metrics = measureText(scroller)
  const textDoc = buildTextDocument(options.text, options.blocks, (chars, blocks) =>
    Math.ceil(chars / metrics.charsPerLine + blocks) * metrics.lineHeight + blocks * metrics.blockGap,
  )
  const index = new AnnotationIndex(textDoc, options.annotations)
  const firstScreen = sectionsInFirstScreen(textDoc, scroller.clientHeight, metrics)

  // Selection outline and flash are CSS rules keyed by annotation id, not classes on elements, so they
  // survive ProseMirror redrawing a section's highlights (and cost nothing when off screen).
  const selectionSheet = new CSSStyleSheet()
  const flashSheet = new CSSStyleSheet()
  let flashTimer = 0
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, selectionSheet, flashSheet]

  const view: EditorView = new EditorView(scroller, {
    state: EditorState.create({ doc: textDoc.doc, plugins: [readOnlyText, highlightPlugin(index, firstScreen)] }),
    // Editable so the caret and shift+arrow selection work; every change to the text is refused.
    editable: () => true,
    attributes: { class: 'sw-article', spellcheck: 'false', role: 'document', 'aria-readonly': 'true' },
    nodeViews: { section: (node) => new SectionView(node) },
    handleTextInput: () => true,
    handlePaste: () => true,
    handleDrop: () => true,
    handleKeyDown(v, event) {
      if (options.onKeyDown?.(event)) return true
      const kind = TAG_KEYS[event.key.toLowerCase()]
      if (kind && !event.ctrlKey && !event.metaKey && !event.altKey) {
        const range = currentSelection(v, textDoc)
        if (range) options.onTagKey?.(kind, range)
        return true // a letter never edits the article
      }
      return false
    },
    handleDOMEvents: {
      // Block native editing (typing, deletion, IME, cut) before the browser touches the DOM.
      beforeinput: (_v, event) => {
        event.preventDefault()
        return true
      },
      cut: (_v, event) => {
        event.preventDefault()
        return true
      },
      // Dragging from inside a selection would move text around; here a drag always selects.
      dragstart: (_v, event) => {
        event.preventDefault()
        return true
      },
    },
    handleClick(_v, _pos, event) {
      const target = event.target as HTMLElement | null
      const suggestion = target?.closest('[data-suggestion-id]')
      if (suggestion) {
        options.onSuggestionClick?.(suggestion.getAttribute('data-suggestion-id')!)
        return false
      }
      const ids: string[] = []
      for (let el = target?.closest('[data-annotation-id]'); el; el = el.parentElement?.closest('[data-annotation-id]')) {
        ids.push(el.getAttribute('data-annotation-id')!)
      }
      if (ids.length > 0) options.onHighlightClick?.(ids)
      return false
    },
  })

  const observer = observeSections(view, scroller, textDoc)
  const dispatch = (change: Parameters<typeof withHighlightChange>[1]) => view.dispatch(withHighlightChange(view.state.tr, change))

  await afterPaint()

  return {
    view,
    async add(annotation) {
      dispatch({ type: 'add', annotation })
      await afterPaint()
    },
    update(annotation) {
      dispatch({ type: 'remove', id: annotation.id })
      dispatch({ type: 'add', annotation })
    },
    remove(id) {
      dispatch({ type: 'remove', id })
    },
    select(id) {
      const key = id ? CSS.escape(id) : ''
      selectionSheet.replaceSync(id ? `.sw-article [data-annotation-id="${key}"], .sw-article [data-suggestion-id="${key}"] { outline: 2px solid var(--sw-selected); outline-offset: 1px; }` : '')
    },
    async reveal(id) {
      const annotation = index.byId.get(id)
      if (!annotation) return
      const section = textDoc.sectionAt(annotation.start)
      dispatch({ type: 'show', sections: [section] })
      scroller.querySelector<HTMLElement>(`[data-annotation-id="${CSS.escape(id)}"], [data-suggestion-id="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'center' })
      clearTimeout(flashTimer)
      flashSheet.replaceSync(`.sw-article [data-annotation-id="${CSS.escape(id)}"] { animation: sw-flash 1.1s ease-out; }`)
      flashTimer = window.setTimeout(() => flashSheet.replaceSync(''), 1200)
      await afterPaint()
    },
    async revealRange(range) {
      dispatch({ type: 'show', sections: [textDoc.sectionAt(range.start)] })
      const from = textDoc.textToPos(range.start)
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, textDoc.textToPos(range.end))))
      const { node } = view.domAtPos(from)
      const element = node instanceof HTMLElement ? node : node.parentElement
      element?.scrollIntoView({ block: 'center' })
      await afterPaint()
    },
    topOffset() {
      // Binary search over the blocks by their boxes. Hit-testing cannot be used here: sections that
      // have just scrolled into view are not laid out yet, but measuring a box forces their layout.
      const blocks = view.dom.getElementsByClassName('sw-block')
      const top = scroller.getBoundingClientRect().top + 4
      let lo = 0
      let hi = blocks.length - 1
      while (lo < hi) {
        const mid = (lo + hi) >> 1
        if (blocks[mid].getBoundingClientRect().bottom > top) hi = mid
        else lo = mid + 1
      }
      return blocks[lo] ? textDoc.posToText(view.posAtDOM(blocks[lo], 0)) : 0
    },
    async scrollToOffset(offset) {
      const { node } = view.domAtPos(textDoc.textToPos(offset))
      const block = (node instanceof HTMLElement ? node : node.parentElement)?.closest('.sw-block') as HTMLElement | null
      if (!block) return
      // Sections between here and there are laid out only as they come near the viewport, replacing
      // their estimated heights with real ones: correct over a few frames until the block stays put.
      for (let i = 0; i < 4; i++) {
        const delta = block.getBoundingClientRect().top - scroller.getBoundingClientRect().top - 8
        if (Math.abs(delta) < 2) break
        scroller.scrollTop += delta
        await new Promise((resolve) => requestAnimationFrame(resolve))
      }
    },
    selection: () => currentSelection(view, textDoc),
    setSelection(range) {
      const { doc } = view.state
      view.dispatch(view.state.tr.setSelection(TextSelection.create(doc, textDoc.textToPos(range.start), textDoc.textToPos(range.end))))
    },
    focus: () => view.focus(),
    destroy() {
      observer.disconnect()
      view.destroy()
      scroller.remove()
      clearTimeout(flashTimer)
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== selectionSheet && s !== flashSheet)
    },
  }
}

/**
 * The selected text range. Read from the DOM selection when it lies in the article: ProseMirror learns
 * of selection changes through the asynchronous `selectionchange` event, so right after fast
 * Shift+arrow presses its state can lag behind what the user sees highlighted.
 */
function currentSelection(view: EditorView, textDoc: TextDocument): TextRange | null {
  let from = view.state.selection.from
  let to = view.state.selection.to
  const dom = view.dom.ownerDocument.getSelection()
  if (dom && dom.rangeCount > 0 && dom.anchorNode && dom.focusNode && view.dom.contains(dom.anchorNode) && view.dom.contains(dom.focusNode)) {
    try {
      const anchor = view.posAtDOM(dom.anchorNode, dom.anchorOffset)
      const head = view.posAtDOM(dom.focusNode, dom.focusOffset)
      from = Math.min(anchor, head)
      to = Math.max(anchor, head)
    } catch {
      // A DOM position ProseMirror cannot map (e.g. inside a widget): keep the state's selection.
    }
  }
  if (to <= from) return null
  const start = textDoc.posToText(from)
  const end = textDoc.posToText(to)
  return end > start ? { start, end } : null
}

/** Renders a section with its estimated height, so the scrollbar is right before it is laid out. */
class SectionView implements NodeView {
  dom: HTMLElement
  contentDOM: HTMLElement
  constructor(node: PMNode) {
    this.dom = this.contentDOM = document.createElement('section')
    this.dom.className = 'sw-section'
    this.dom.dataset.section = String(node.attrs.index)
    // Set through CSSOM, which the Content Security Policy allows (a style attribute it would not).
    this.dom.style.containIntrinsicSize = `auto ${node.attrs.estimatedHeight}px`
  }
}

/** Time a frame may spend adding highlights while scrolling; the rest of the frame stays for painting. */
const FRAME_BUDGET_MS = 5
/** Sections decorated per frame at most: each one is a ProseMirror redraw of its paragraphs. */
const SECTIONS_PER_FRAME = 2
/** Highlights of sections that left the viewport are removed once scrolling has paused this long. */
const SETTLE_MS = 150

/**
 * Decorates sections within one screen of the viewport and undecorates those that leave it. The work
 * is spread over frames: a fling through 5 MB passes dozens of sections per frame, and redrawing them
 * all at once is what makes scrolling stutter. Sections on screen come first; removals wait until the
 * scrolling settles (they only free memory and DOM, nobody sees them).
 */
function observeSections(view: EditorView, scroller: HTMLElement, textDoc: TextDocument): { disconnect(): void } {
  const toShow = new Set<number>()
  const toHide = new Set<number>()
  let frame = 0
  let settleTimer = 0
  const onScreen = (section: number) => {
    const dom = view.nodeDOM(textDoc.sections[section].from) as HTMLElement | null
    if (!dom) return false
    const box = dom.getBoundingClientRect()
    const port = scroller.getBoundingClientRect()
    return box.bottom > port.top && box.top < port.bottom
  }
  const pump = () => {
    frame = 0
    const started = performance.now()
    const queue = [...toShow].sort((a, b) => Number(onScreen(b)) - Number(onScreen(a)))
    for (const [i, section] of queue.entries()) {
      if (i >= SECTIONS_PER_FRAME || performance.now() - started > FRAME_BUDGET_MS) break
      toShow.delete(section)
      view.dispatch(withHighlightChange(view.state.tr, { type: 'show', sections: [section] }))
    }
    if (toShow.size > 0) frame = requestAnimationFrame(pump)
  }
  const settle = () => {
    settleTimer = 0
    if (toHide.size === 0) return
    const sections = [...toHide]
    toHide.clear()
    view.dispatch(withHighlightChange(view.state.tr, { type: 'hide', sections }))
  }
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const section = Number((entry.target as HTMLElement).dataset.section)
        if (entry.isIntersecting) {
          toShow.add(section)
          toHide.delete(section)
        } else {
          toHide.add(section)
          toShow.delete(section)
        }
      }
      if (toShow.size > 0 && !frame) frame = requestAnimationFrame(pump)
      clearTimeout(settleTimer)
      settleTimer = window.setTimeout(settle, SETTLE_MS)
    },
    { root: scroller, rootMargin: '100% 0px' },
  )
  for (const section of textDoc.sections) {
    const dom = view.nodeDOM(section.from)
    if (dom instanceof HTMLElement) observer.observe(dom)
  }
  return {
    disconnect() {
      observer.disconnect()
      cancelAnimationFrame(frame)
      clearTimeout(settleTimer)
    },
  }
}

interface TextMetrics {
  charsPerLine: number
  lineHeight: number
  blockGap: number
}

/** Rough text metrics of the view, for section height estimates and the first screen's extent. */
function measureText(scroller: HTMLElement): TextMetrics {
  const style = getComputedStyle(scroller)
  const fontSize = parseFloat(style.fontSize) || 17
  const lineHeight = parseFloat(style.lineHeight) || fontSize * 1.6
  const width = Math.min(scroller.clientWidth || 800, fontSize * 38) // the text column is capped at ~38em
  return { charsPerLine: Math.max(20, width / (fontSize * 0.5)), lineHeight, blockGap: fontSize * 0.9 }
}

/** The sections that fill the first screen (with a screen of margin), decorated before the first paint. */
function sectionsInFirstScreen(textDoc: TextDocument, viewportHeight: number, metrics: TextMetrics): number[] {
  const chars = ((viewportHeight || 1000) * 2 / metrics.lineHeight) * metrics.charsPerLine
  const out: number[] = []
  for (const s of textDoc.sections) {
    if (s.textStart > chars && out.length > 0) break
    out.push(s.index)
  }
  return out
}
