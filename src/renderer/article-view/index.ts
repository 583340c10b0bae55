/**
 * The article view: a read-only ProseMirror view of one article with its highlights. It mounts by
 * itself (the app and the benchmarks use the same module), knows nothing of the API or the rest of
 * the UI, and reports what the user does through callbacks.
 *
 * Scale: the document is grouped into sections. Only sections near the viewport are rendered, with
 * their highlights (highlights.ts); every other section is one placeholder element of the section's
 * height (sections.ts), so the DOM size is set by the viewport, not the article. The first screen is
 * rendered before the first paint; the rest follows as the user scrolls.
 *
 * Selection works on document positions, not on the DOM: the sections holding the selection's ends are
 * always rendered, so a selection may span placeholders (select-all does), and copying takes the
 * selected range from the article text.
 */
import { AllSelection, EditorState, Plugin, TextSelection } from 'prosemirror-state'
import { EditorView } from 'prosemirror-view'
import type { AnnotationKind, Block } from '../../shared/model'
import { AnnotationIndex, highlightPlugin, withHighlightChange, type ViewAnnotation } from './highlights'
import { SectionLayout, SectionView, trackViewport } from './sections'
import { buildTextDocument, type TextDocument } from './text-document'
import 'prosemirror-view/style/prosemirror.css'
import './theme.css'
import './article-view.css'

export type { ViewAnnotation } from './highlights'

export interface MountOptions {
  text: string
  /** Block structure from import; paragraphs are derived from blank lines when absent. */
  blocks?: readonly Block[]
  annotations: readonly ViewAnnotation[]
  /** Words an OCR was unsure of, [start, end, confidence 0-100] (UTF-16): dotted underline, confidence on hover. */
  uncertain?: ReadonlyArray<readonly [number, number, number]>
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
  const textDoc = buildTextDocument(
    options.text,
    options.blocks,
    (chars, blocks) => Math.ceil(chars / metrics.charsPerLine + blocks) * metrics.lineHeight + blocks * metrics.blockGap,
  )
  const index = new AnnotationIndex(textDoc, options.annotations, options.uncertain)
  const firstScreen = sectionsInFirstScreen(textDoc, scroller.clientHeight, metrics)
  const layout = new SectionLayout(textDoc, scroller)

  // Selection outline and flash are CSS rules keyed by annotation id, not classes on elements, so they
  // survive ProseMirror redrawing a section's highlights (and cost nothing when off screen).
  const selectionSheet = new CSSStyleSheet()
  const flashSheet = new CSSStyleSheet()
  let flashTimer = 0
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, selectionSheet, flashSheet]

  /** A click on a suggestion or on highlights (innermost first); true when it was on one. */
  const clickHighlight = (event: MouseEvent): boolean => {
    const target = event.target as HTMLElement | null
    const suggestion = target?.closest('[data-suggestion-id]')
    if (suggestion) {
      options.onSuggestionClick?.(suggestion.getAttribute('data-suggestion-id')!)
      return true
    }
    const ids: string[] = []
    for (let el = target?.closest('[data-annotation-id]'); el; el = el.parentElement?.closest('[data-annotation-id]')) {
      ids.push(el.getAttribute('data-annotation-id')!)
    }
    if (ids.length > 0) options.onHighlightClick?.(ids)
    return ids.length > 0
  }

  const view: EditorView = new EditorView(scroller, {
    state: EditorState.create({ doc: textDoc.doc, plugins: [readOnlyText, highlightPlugin(index, firstScreen)] }),
    // Editable so the caret and shift+arrow selection work; every change to the text is refused.
    editable: () => true,
    attributes: { class: 'sw-article', spellcheck: 'false', role: 'document', 'aria-readonly': 'true' },
    nodeViews: { section: (node, _view, _getPos, decorations) => new SectionView(node, decorations, layout) },
    handleTextInput: () => true,
    handlePaste: () => true,
    handleDrop: () => true,
    // The copied text is the article's own text for the selected range, whatever is rendered.
    clipboardTextSerializer: (_slice, v) => {
      const range = currentSelection(v, textDoc)
      return range ? options.text.slice(range.start, range.end) : ''
    },
    handleKeyDown(v, event) {
      if (options.onKeyDown?.(event)) return true
      if (selectionKey(v, event, textDoc)) return true
      const kind = TAG_KEYS[event.key.toLowerCase()]
      if (kind && !event.ctrlKey && !event.metaKey && !event.altKey) {
        const range = currentSelection(v, textDoc)
        if (range) options.onTagKey?.(kind, range)
        return true // a letter never edits the article
      }
      return false
    },
    handleDOMEvents: {
      // The browser's own double and triple click (event.detail) on a highlight would select a word or
      // a line: it cycles through the highlights instead, and neither the browser nor ProseMirror sees it.
      mousedown: (_v, event) => {
        if (event.detail < 2 || event.button !== 0 || !(event.target as HTMLElement | null)?.closest('[data-annotation-id]'))
          return false
        event.preventDefault()
        clickHighlight(event)
        return true
      },
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
    handleClick: (_v, _pos, event) => (clickHighlight(event), false),
    // A second or third click in quick succession is a double or triple click to ProseMirror: on a
    // highlight it cycles on (no pause needed between clicks) instead of selecting a word or line.
    handleDoubleClick: (_v, _pos, event) => clickHighlight(event),
    handleTripleClick: (_v, _pos, event) => clickHighlight(event),
  })

  const dispatch = (change: Parameters<typeof withHighlightChange>[1]) =>
    view.dispatch(withHighlightChange(view.state.tr, change))
  /** Renders the section holding a text offset now (it may be a placeholder), so its DOM can be used. */
  const renderAt = (offset: number) => dispatch({ type: 'show', sections: [textDoc.sectionAt(offset)] })

  await afterPaint()
  // Sections near the first screen follow after it has been painted.
  const tracker = trackViewport(view, scroller, textDoc, layout)
  tracker.update()
  // The pointer coming over text shown plain (scrolled to a moment ago, not rendered yet) renders it,
  // so a click and the selection it starts land in ProseMirror's own DOM. (A press renders it too, but
  // too late for the browser's own selection start: it has hit-tested the plain text already.)
  const renderBeforePress = (event: Event) => {
    if ((event.target as Element | null)?.closest?.('.sw-plain')) tracker.renderOnScreen()
  }
  scroller.addEventListener('mousemove', renderBeforePress, { capture: true, passive: true })
  scroller.addEventListener('mousedown', renderBeforePress, { capture: true })

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
      selectionSheet.replaceSync(
        id
          ? `.sw-article [data-annotation-id="${key}"], .sw-article [data-suggestion-id="${key}"] { outline: 2px solid var(--sw-selected); outline-offset: 1px; }`
          : '',
      )
    },
    async reveal(id) {
      const annotation = index.byId.get(id)
      if (!annotation) return
      renderAt(annotation.start)
      scroller
        .querySelector<HTMLElement>(`[data-annotation-id="${CSS.escape(id)}"], [data-suggestion-id="${CSS.escape(id)}"]`)
        ?.scrollIntoView({ block: 'center' })
      clearTimeout(flashTimer)
      flashSheet.replaceSync(`.sw-article [data-annotation-id="${CSS.escape(id)}"] { animation: sw-flash 1.1s ease-out; }`)
      flashTimer = window.setTimeout(() => flashSheet.replaceSync(''), 1200)
      await afterPaint()
    },
    async revealRange(range) {
      renderAt(range.start)
      const from = textDoc.textToPos(range.start)
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, from, textDoc.textToPos(range.end))))
      const { node } = view.domAtPos(from)
      const element = node instanceof HTMLElement ? node : node.parentElement
      element?.scrollIntoView({ block: 'center' })
      await afterPaint()
    },
    topOffset() {
      // Binary searches by boxes: the section at the top, then its block there. Hit-testing cannot be
      // used: sections that have just scrolled into view are not laid out yet, but measuring a box
      // forces their layout.
      const top = scroller.getBoundingClientRect().top + 4
      const sections = layout.elements as HTMLElement[]
      const section = textDoc.sections[firstEndingBelow(sections, top)]
      // A placeholder or plain section at the top (a jump has just landed there, it is not rendered
      // yet): its first offset is close enough.
      if (layout.plain.has(section.index) || sections[section.index].classList.contains('sw-far')) return section.textStart
      const blocks = sections[section.index].getElementsByClassName('sw-block')
      if (blocks.length === 0) return section.textStart
      return textDoc.posToText(view.posAtDOM(blocks[firstEndingBelow(blocks, top)], 0))
    },
    async scrollToOffset(offset) {
      renderAt(offset)
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
      view.dispatch(
        view.state.tr.setSelection(TextSelection.create(doc, textDoc.textToPos(range.start), textDoc.textToPos(range.end))),
      )
    },
    focus: () => view.focus(),
    destroy() {
      scroller.removeEventListener('mousemove', renderBeforePress, { capture: true })
      scroller.removeEventListener('mousedown', renderBeforePress, { capture: true })
      tracker.disconnect()
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
  if (
    dom &&
    dom.rangeCount > 0 &&
    dom.anchorNode &&
    dom.focusNode &&
    view.dom.contains(dom.anchorNode) &&
    view.dom.contains(dom.focusNode)
  ) {
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

/** Index of the first element whose box ends below `y` (the last one when none does). */
function firstEndingBelow(elements: ArrayLike<Element>, y: number): number {
  let lo = 0
  let hi = elements.length - 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (elements[mid].getBoundingClientRect().bottom > y) hi = mid
    else lo = mid + 1
  }
  return lo
}

/**
 * Keys whose native behaviour needs the whole document in the DOM: select-all and the moves to the
 * start and end of the article (with Shift: extend). Done on document positions instead; the sections at the selection's ends are
 * rendered in the same update (highlights.ts), so the browser can draw it.
 */
function selectionKey(view: EditorView, event: KeyboardEvent, textDoc: TextDocument): boolean {
  const mod = event.ctrlKey || event.metaKey
  if (!mod || event.altKey) return false
  const { state } = view
  if (event.key.toLowerCase() === 'a' && !event.shiftKey) {
    view.dispatch(state.tr.setSelection(new AllSelection(state.doc)))
    return true
  }
  // Ctrl+Home/End, and Cmd+Up/Down on macOS.
  const toStart = event.key === 'Home' || (event.metaKey && event.key === 'ArrowUp')
  const toEnd = event.key === 'End' || (event.metaKey && event.key === 'ArrowDown')
  if (!toStart && !toEnd) return false
  const head = textDoc.textToPos(toStart ? 0 : Infinity)
  const anchor = event.shiftKey ? state.selection.anchor : head
  view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, anchor, head)).scrollIntoView())
  return true
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
  const chars = (((viewportHeight || 1000) * 2) / metrics.lineHeight) * metrics.charsPerLine
  const out: number[] = []
  for (const s of textDoc.sections) {
    if (s.textStart > chars && out.length > 0) break
    out.push(s.index)
  }
  return out
}
