/**
 * Which sections are rendered, and their highlights as inline decorations.
 *
 * Only sections near the viewport are rendered (the rest are placeholders, sections.ts), and only
 * they carry highlights. A rendered section is marked by a node decoration (`near` in its spec), which
 * reaches the section's NodeView: showing or hiding a section is a decoration change, so the document
 * never changes. The sections holding the selection's ends (and their neighbours, where the caret
 * goes next) are always rendered, so the DOM selection can always be drawn and read.
 *
 * Annotations are bucketed by section once (O(n)); when a section is shown its highlights are added to
 * the DecorationSet, when it is hidden they are removed. Tagging patches the set with one annotation's
 * decorations, never rebuilds it. So the DOM holds highlights for what is on screen, and every change
 * costs in proportion to one section, whatever the article's length.
 *
 * Decorations (not marks) keep the document equal to the source text and let spans overlap and nest:
 * each gets `nodeName: 'span'`, which makes ProseMirror give every annotation its own element (with its
 * own data-annotation-id) instead of merging attributes of overlapping ranges.
 */
import { Plugin, PluginKey, type EditorState, type Selection, type Transaction } from 'prosemirror-state'
import { Decoration, DecorationSet } from 'prosemirror-view'
import type { TextDocument } from './text-document'
import { t } from '../../shared/i18n'

/** What the view needs of an annotation (the export shape; only these fields are read). */
export interface ViewAnnotation {
  id: string
  kind: 'quote' | 'claim' | 'entity'
  start: number
  end: number
  attributes?: { status?: string; entityType?: string; mode?: string }
  /** A suggestion (not yet an annotation): drawn distinctly until accepted or rejected. */
  suggestion?: boolean
}

interface HighlightState {
  decorations: DecorationSet
  /** Sections rendered (with their highlights); the others are placeholders. */
  shown: ReadonlySet<number>
}

type HighlightChange =
  | { type: 'show'; sections: number[] }
  | { type: 'hide'; sections: number[] }
  | { type: 'add'; annotation: ViewAnnotation }
  | { type: 'remove'; id: string }

export const highlightKey = new PluginKey<HighlightState>('spanwise-highlights')

/** The annotation index the plugin reads from; mutated by the view handle, then a change is dispatched. */
export class AnnotationIndex {
  readonly byId = new Map<string, ViewAnnotation>()
  /** Annotation ids per section (an annotation crossing sections is in each). */
  readonly bySection: Set<string>[]

  /** Words the OCR was unsure of ([start, end, confidence]) per section, for a dotted underline. */
  private readonly uncertainBySection: Array<Array<readonly [number, number, number]>>

  constructor(
    readonly textDoc: TextDocument,
    annotations: readonly ViewAnnotation[],
    uncertain: ReadonlyArray<readonly [number, number, number]> = [],
  ) {
    this.bySection = textDoc.sections.map(() => new Set<string>())
    for (const a of annotations) this.put(a)
    this.uncertainBySection = textDoc.sections.map(() => [])
    for (const word of uncertain) this.uncertainBySection[textDoc.sectionAt(word[0])]?.push(word)
  }

  put(a: ViewAnnotation): number[] {
    this.byId.set(a.id, a)
    const sections = this.sectionsOf(a)
    for (const s of sections) this.bySection[s].add(a.id)
    return sections
  }

  delete(id: string): number[] {
    const a = this.byId.get(id)
    if (!a) return []
    this.byId.delete(id)
    const sections = this.sectionsOf(a)
    for (const s of sections) this.bySection[s].delete(id)
    return sections
  }

  private sectionsOf(a: ViewAnnotation): number[] {
    const first = this.textDoc.sectionAt(a.start)
    const last = this.textDoc.sectionAt(Math.max(a.start, a.end - 1))
    const out: number[] = []
    for (let s = first; s <= last; s++) out.push(s)
    return out
  }

  /** The decorations of one annotation within one section. */
  decorationsFor(a: ViewAnnotation, section: number): Decoration[] {
    const info = this.textDoc.sections[section]
    const from = this.textDoc.textToPos(Math.max(a.start, info.textStart))
    const to = this.textDoc.textToPos(Math.min(a.end, info.textEnd))
    if (to <= from) return []
    const classes = a.suggestion ? ['sw-hl', 'sw-suggestion', `sw-suggest-${a.kind}`] : ['sw-hl', `sw-${a.kind}`]
    if (a.attributes?.status) classes.push(`sw-status-${a.attributes.status}`)
    if (a.attributes?.entityType) classes.push(`sw-type-${a.attributes.entityType}`)
    return [
      Decoration.inline(
        from,
        to,
        a.suggestion
          ? { nodeName: 'span', class: classes.join(' '), 'data-suggestion-id': a.id, 'data-kind': a.kind }
          : { nodeName: 'span', class: classes.join(' '), 'data-annotation-id': a.id, 'data-kind': a.kind },
        { id: a.id, section },
      ),
    ]
  }

  /** A shown section's decorations: the `near` marker its NodeView renders by, and its highlights. */
  sectionDecorations(section: number): Decoration[] {
    const info = this.textDoc.sections[section]
    const out: Decoration[] = [Decoration.node(info.from, info.to, {}, { section, near: true })]
    for (const id of this.bySection[section]) out.push(...this.decorationsFor(this.byId.get(id)!, section))
    for (const [start, end, confidence] of this.uncertainBySection[section]) {
      const from = this.textDoc.textToPos(start)
      const to = this.textDoc.textToPos(Math.min(end, info.textEnd))
      if (to > from)
        out.push(
          Decoration.inline(from, to, {
            class: 'sw-ocr-uncertain',
            title: t('ocr.confidence', { confidence }),
          }),
        )
    }
    return out
  }
}

/** Does a NodeView's decoration list mark its section as shown? */
export function isShown(decorations: readonly Decoration[]): boolean {
  return decorations.some((d) => (d.spec as { near?: boolean }).near === true)
}

/** The sections that must stay rendered for a selection: those of its ends, and their neighbours. */
export function pinnedSections(textDoc: TextDocument, selection: Selection): Set<number> {
  const out = new Set<number>()
  for (const pos of [selection.anchor, selection.head]) {
    const s = textDoc.sectionAtPos(pos)
    for (let n = Math.max(0, s - 1); n <= Math.min(textDoc.sections.length - 1, s + 1); n++) out.add(n)
  }
  return out
}

export function highlightPlugin(index: AnnotationIndex, initiallyShown: readonly number[]): Plugin<HighlightState> {
  return new Plugin<HighlightState>({
    key: highlightKey,
    state: {
      init(_config, state): HighlightState {
        const shown = [...new Set([...initiallyShown, ...pinnedSections(index.textDoc, state.selection)])]
        const decorations = shown.flatMap((s) => index.sectionDecorations(s))
        return { decorations: DecorationSet.create(state.doc, decorations), shown: new Set(shown) }
      },
      apply(tr, value, _old, state): HighlightState {
        const changes = (tr.getMeta(highlightKey) as HighlightChange[] | undefined) ?? []
        const next = changes.reduce((v, change) => applyChange(index, v, change, state), value)
        if (!tr.selectionSet) return next
        // A selection that reaches a placeholder renders it in the same update, before the view draws it.
        const missing = [...pinnedSections(index.textDoc, state.selection)].filter((s) => !next.shown.has(s))
        return missing.length > 0 ? applyChange(index, next, { type: 'show', sections: missing }, state) : next
      },
    },
    props: {
      decorations: (state) => highlightKey.getState(state)?.decorations,
    },
  })
}

function applyChange(index: AnnotationIndex, value: HighlightState, change: HighlightChange, state: EditorState): HighlightState {
  const { doc } = state
  switch (change.type) {
    case 'show': {
      const fresh = change.sections.filter((s) => !value.shown.has(s))
      if (fresh.length === 0) return value
      const shown = new Set(value.shown)
      fresh.forEach((s) => shown.add(s))
      return {
        decorations: value.decorations.add(
          doc,
          fresh.flatMap((s) => index.sectionDecorations(s)),
        ),
        shown,
      }
    }
    case 'hide': {
      const pinned = pinnedSections(index.textDoc, state.selection)
      const leaving = new Set(change.sections.filter((s) => value.shown.has(s) && !pinned.has(s)))
      if (leaving.size === 0) return value
      const shown = new Set([...value.shown].filter((s) => !leaving.has(s)))
      const old = value.decorations.find(undefined, undefined, (spec) => leaving.has(spec.section))
      return { decorations: value.decorations.remove(old), shown }
    }
    case 'add': {
      const sections = index.put(change.annotation).filter((s) => value.shown.has(s))
      const added = sections.flatMap((s) => index.decorationsFor(change.annotation, s))
      return { decorations: value.decorations.add(doc, added), shown: value.shown }
    }
    case 'remove': {
      index.delete(change.id)
      const old = value.decorations.find(undefined, undefined, (spec) => spec.id === change.id)
      return { decorations: value.decorations.remove(old), shown: value.shown }
    }
  }
}

/** Tags a transaction with highlight changes (applied in order, one view update for all). */
export function withHighlightChange(tr: Transaction, ...changes: HighlightChange[]): Transaction {
  return tr.setMeta(highlightKey, changes).setMeta('addToHistory', false)
}
