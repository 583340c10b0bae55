/**
 * Where the open article's view lives: mounts it for the session's article and keeps it in step with
 * the session (highlights added, changed and removed, the selected annotation or suggestion outlined,
 * suggestion highlights), and turns clicks on highlights into a selection.
 */
import type { Annotation, AnnotationKind, OpenedArticle } from '../../shared/model'
import { mountArticle, type ArticleViewHandle, type TextRange } from '../article-view'
import type { AnnotationChange, Session } from './session'

/** What a highlight's appearance depends on. */
const highlightKey = (a: Annotation) =>
  `${a.kind}:${a.start}:${a.end}:${'status' in a.attributes ? a.attributes.status : ''}:${'entityType' in a.attributes ? a.attributes.entityType : ''}`

/** Orphaned annotations (their text is gone from the file) are listed in the panel, not drawn. */
const drawable = (a: Annotation) => a.anchor !== 'orphaned'

const squash = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase()

/**
 * The block among the first three that is the article's headline (its text is the title), or -1. The
 * view shows that block as the title, and the header leaves the title out, so it is not read twice.
 */
export function headlineBlock(article: Pick<OpenedArticle, 'text' | 'blocks'>, title: string): number {
  const wanted = squash(title)
  if (!wanted) return -1
  return article.blocks.slice(0, 3).findIndex((b) => squash(article.text.slice(b.start, b.end)) === wanted)
}

export interface ArticleKeys {
  /** Q, C or E pressed with text selected. */
  onTagKey(kind: AnnotationKind, range: TextRange): void
  /** Other keys pressed in the view; true when handled. */
  onKeyDown(e: KeyboardEvent): boolean
}

export class ArticleHost {
  readonly element = document.createElement('div')
  private handle: ArticleViewHandle | null = null
  /** Suggestion highlights drawn, and the selected one. */
  private drawnSuggestions = new Set<string>()
  private drawnSelectedSuggestion: string | null = null
  /** Marks the highlights that have links (a dotted line over them), from the session's links. */
  private readonly linkSheet = new CSSStyleSheet()
  /** The highlights under the previous click, to cycle through them on repeated clicks. */
  private lastClickedSpot = ''

  constructor(private readonly session: Session) {
    this.element.className = 'sw-article-host'
    session.onDidChangeArticle(() => this.destroy())
    session.onDidChangeAnnotation((change) => this.patch(change))
    session.onDidChangeSelection(({ id, reveal }) => {
      this.handle?.select(id)
      if (id && reveal) void this.handle?.reveal(id)
    })
    session.onDidChangeSuggestions(() => this.drawSuggestions())
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, this.linkSheet]
    session.onDidChangeLinks(() => this.markLinked())
    session.onDidChangeArticle(() => this.markLinked())
  }

  /** Linked spans carry a mark in the text: a dotted line above, in the links' colour. */
  private markLinked(): void {
    const article = this.session.article
    const ids = new Set<string>()
    for (const v of article ? this.session.links : []) {
      if (v.link.from.articleId === article!.id) ids.add(v.link.from.annotationId)
      if (v.link.to.articleId === article!.id) ids.add(v.link.to.annotationId)
    }
    const selectors = [...ids].map((id) => `.sw-article-host .sw-article [data-annotation-id="${CSS.escape(id)}"]`)
    this.linkSheet.replaceSync(
      selectors.length ? `${selectors.join(', ')} { border-top: 2px dotted var(--sw-link-mark); padding-top: 1px; }` : '',
    )
  }

  get view(): ArticleViewHandle | null {
    return this.handle
  }

  /** Mounts the view of the session's article; resolves once its first screen is painted. */
  async mount(article: OpenedArticle, keys: ArticleKeys, title = ''): Promise<void> {
    this.destroy()
    this.element.replaceChildren()
    const headline = headlineBlock(article, title)
    this.handle = await mountArticle(this.element, {
      text: article.text,
      blocks: article.blocks.map((b, i) => (i === headline ? { ...b, type: 'heading' as const, level: 0 } : b)),
      annotations: this.session.annotations.filter(drawable),
      uncertain: article.metadata.source?.uncertain,
      onTagKey: (kind, range) => keys.onTagKey(kind, range),
      onHighlightClick: (ids) => this.selectUnderPointer(ids),
      onSuggestionClick: (id) => this.session.selectSuggestion(id),
      onKeyDown: (e) => keys.onKeyDown(e),
    })
  }

  /** Shows a message instead of an article. */
  showMessage(...content: HTMLElement[]): void {
    this.destroy()
    this.element.replaceChildren(...content)
  }

  private destroy(): void {
    this.handle?.destroy()
    this.handle = null
    this.drawnSuggestions = new Set()
    this.drawnSelectedSuggestion = null
  }

  private patch(change: AnnotationChange): void {
    const view = this.handle
    if (!view) return
    if (change.type === 'add') {
      if (drawable(change.annotation)) void view.add(change.annotation)
    } else if (change.type === 'remove') view.remove(change.id)
    else {
      // Redraw the highlight only when what it shows changed: a confirmation from main usually changes
      // nothing visible, and redrawing under a drag in progress would disturb the user's next selection.
      const { old, annotation: a } = change
      if (!drawable(a)) view.remove(a.id)
      else if (!drawable(old)) void view.add(a)
      else if (highlightKey(old) !== highlightKey(a)) view.update(a)
    }
  }

  private drawSuggestions(): void {
    const view = this.handle
    const next = this.session.suggestions
    const keep = new Set(next.map((x) => x.id))
    for (const id of this.drawnSuggestions) if (!keep.has(id)) view?.remove(id)
    for (const x of next)
      if (!this.drawnSuggestions.has(x.id))
        void view?.add({ id: x.id, kind: x.kind, start: x.start, end: x.end, suggestion: true })
    this.drawnSuggestions = keep
    const selected = this.session.selectedSuggestion
    if (selected === this.drawnSelectedSuggestion) return
    this.drawnSelectedSuggestion = selected
    view?.select(selected ?? this.session.selectedId)
    if (selected) void view?.reveal(selected)
  }

  /**
   * A click on overlapping highlights selects the shortest span under the pointer (the most specific);
   * clicking again on the same spot cycles through the longer ones.
   */
  private selectUnderPointer(ids: string[]): void {
    const under = this.session.annotations.filter((a) => ids.includes(a.id)).sort((a, b) => a.end - a.start - (b.end - b.start))
    if (under.length === 0) return
    const spot = under.map((a) => a.id).join(' ')
    const again = spot === this.lastClickedSpot
    this.lastClickedSpot = spot
    const current = again ? under.findIndex((a) => a.id === this.session.selectedId) : -1
    this.session.select(under[(current + 1) % under.length].id)
  }
}
