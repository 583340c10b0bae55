/**
 * The window's one session state: the workspace, the open article and its annotations (sorted by
 * position), the selection, suggestions, links, the panel's filter, a pending link and the sidebar tab.
 * Controllers change it through its methods; views subscribe to its events and draw from it. Nothing
 * else keeps a copy.
 *
 * Two annotation events on purpose: `onDidChangeAnnotation` fires at once for each change (the article
 * view patches one highlight), `onDidChangeAnnotations` fires one frame later, coalesced (the panel and
 * the library refilter and recount): with 50,000 annotations, doing that in the key's own task would
 * hold up the frame that shows the new highlight, and "Accept all" refreshes them once, not per row.
 */
import type { Annotation, AnnotationKind, AnnotationPatch, LinkView, OpenedArticle, WorkspaceState } from '../../shared/model'
import { ANNOTATION_KINDS, CLAIM_STATUSES } from '../../shared/vocabulary'
import { Emitter } from './emitter'
import { passesFilter, type Filter } from './filter'

export type { Filter } from './filter'

/** A span the app proposes to tag; accepted, it becomes an annotation. */
export interface Suggestion {
  id: string
  kind: 'quote' | 'entity'
  start: number
  end: number
  exact: string
  /** For mention suggestions: the entity whose name or alias matched. */
  entityId?: string
}

/** The annotation waiting for the other end of a link the user started with "Link…". */
export interface PendingLink {
  articleId: string
  annotationId: string
  kind: AnnotationKind
  exact: string
}

export type SidebarTab = 'articles' | 'entities' | 'search'

/** One change to the open article's annotations, as the article view needs it. */
export type AnnotationChange =
  | { type: 'add'; annotation: Annotation }
  | { type: 'remove'; id: string }
  | { type: 'replace'; old: Annotation; annotation: Annotation }

const byPosition = (a: Annotation, b: Annotation) => a.start - b.start || b.end - a.end

/** A copy of a sorted list with one more annotation in place: O(n) copy instead of an O(n log n) sort. */
function insertSorted(list: readonly Annotation[], a: Annotation): Annotation[] {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (byPosition(list[mid], a) <= 0) lo = mid + 1
    else hi = mid
  }
  return [...list.slice(0, lo), a, ...list.slice(lo)]
}

export class Session {
  private _workspace: WorkspaceState | null = null
  private _article: OpenedArticle | null = null
  private _annotations: readonly Annotation[] = []
  private _selectedId: string | null = null
  private _suggestions: Suggestion[] = []
  private _selectedSuggestion: string | null = null
  private _links: LinkView[] = []
  private _filter: Filter = { kinds: new Set(ANNOTATION_KINDS), status: '', entityId: '', text: '' }
  private _linking: PendingLink | null = null
  private _sidebarTab: SidebarTab = 'articles'
  private shownCache: { annotations: readonly Annotation[]; filter: Filter; shown: Annotation[] } | null = null
  /** The coalesced annotation event is scheduled and not fired yet. */
  private behind = false

  private readonly workspaceEmitter = new Emitter<{ state: WorkspaceState | null; switched: boolean }>()
  private readonly willOpenEmitter = new Emitter<string>()
  private readonly articleEmitter = new Emitter<OpenedArticle | null>()
  private readonly metadataEmitter = new Emitter<OpenedArticle>()
  private readonly annotationEmitter = new Emitter<AnnotationChange>()
  private readonly annotationsEmitter = new Emitter<void>()
  private readonly selectionEmitter = new Emitter<{ id: string | null; reveal: boolean }>()
  private readonly suggestionsEmitter = new Emitter<void>()
  private readonly linksEmitter = new Emitter<void>()
  private readonly linkTargetsEmitter = new Emitter<string>()
  private readonly filterEmitter = new Emitter<void>()
  private readonly linkingEmitter = new Emitter<PendingLink | null>()
  private readonly sidebarEmitter = new Emitter<SidebarTab>()

  /** A workspace was opened, closed, or its library changed (`switched`: a different folder). */
  readonly onDidChangeWorkspace = this.workspaceEmitter.event
  /** The user asked for an article (its id); it is being fetched. */
  readonly onWillOpenArticle = this.willOpenEmitter.event
  /** An article was opened (with its annotations) or closed (null). */
  readonly onDidChangeArticle = this.articleEmitter.event
  /** The open article's details (title, byline…) changed. */
  readonly onDidChangeMetadata = this.metadataEmitter.event
  /** One annotation of the open article added, removed or replaced: fired at once. */
  readonly onDidChangeAnnotation = this.annotationEmitter.event
  /** The open article's annotations or the library's counts changed: fired after the next paint. */
  readonly onDidChangeAnnotations = this.annotationsEmitter.event
  readonly onDidChangeSelection = this.selectionEmitter.event
  readonly onDidChangeSuggestions = this.suggestionsEmitter.event
  readonly onDidChangeLinks = this.linksEmitter.event
  /** An annotation of this article was deleted or restored in main: its links may have changed (article id). */
  readonly onDidChangeLinkTargets = this.linkTargetsEmitter.event
  readonly onDidChangeFilter = this.filterEmitter.event
  readonly onDidChangeLinking = this.linkingEmitter.event
  readonly onDidChangeSidebarTab = this.sidebarEmitter.event

  get workspace(): WorkspaceState | null {
    return this._workspace
  }
  get article(): OpenedArticle | null {
    return this._article
  }
  /** The open article's annotations, in text order. */
  get annotations(): readonly Annotation[] {
    return this._annotations
  }
  get selectedId(): string | null {
    return this._selectedId
  }
  get suggestions(): readonly Suggestion[] {
    return this._suggestions
  }
  get selectedSuggestion(): string | null {
    return this._selectedSuggestion
  }
  get links(): readonly LinkView[] {
    return this._links
  }
  get filter(): Readonly<Filter> {
    return this._filter
  }
  get linking(): PendingLink | null {
    return this._linking
  }
  get sidebarTab(): SidebarTab {
    return this._sidebarTab
  }
  /** The panel is drawn from an older state than this (its update waits for the next paint). */
  get panelBehind(): boolean {
    return this.behind
  }

  /** Built-in claim statuses, then the workspace's own labels. */
  get claimStatuses(): string[] {
    return [...CLAIM_STATUSES, ...(this._workspace?.claimStatuses ?? [])]
  }

  annotation(id: string): Annotation | undefined {
    return this._annotations.find((a) => a.id === id)
  }

  /** The annotations that pass the panel's filter, in text order (what J/K step through). */
  shown(): readonly Annotation[] {
    const cache = this.shownCache
    if (cache && cache.annotations === this._annotations && cache.filter === this._filter) return cache.shown
    const shown = this._annotations.filter((a) => passesFilter(this._filter, a))
    this.shownCache = { annotations: this._annotations, filter: this._filter, shown }
    return shown
  }

  // ── Workspace and article ──────────────────────────────────────────────────────────────────────

  setWorkspace(state: WorkspaceState | null): void {
    const switched = state?.root !== this._workspace?.root
    this._workspace = state
    this.workspaceEmitter.fire({ state, switched })
  }

  setClaimStatuses(labels: string[]): void {
    if (!this._workspace) return
    this._workspace = { ...this._workspace, claimStatuses: labels }
    this.workspaceEmitter.fire({ state: this._workspace, switched: false })
  }

  willOpenArticle(id: string): void {
    this.willOpenEmitter.fire(id)
  }

  /** Shows an article (with its annotations) or, with null, none. Selection, suggestions and links reset. */
  setArticle(article: OpenedArticle | null): void {
    this._article = article
    this._annotations = article ? [...article.annotations].sort(byPosition) : []
    this._selectedId = null
    this._suggestions = []
    this._selectedSuggestion = null
    this._links = []
    this.behind = false
    this.articleEmitter.fire(article)
  }

  setMetadata(metadata: OpenedArticle['metadata']): void {
    if (!this._article) return
    this._article = { ...this._article, metadata }
    this.metadataEmitter.fire(this._article)
  }

  // ── Annotations (the article may no longer be the open one) ───────────────────────────────────

  addAnnotation(articleId: string, a: Annotation): void {
    const here = this._article?.id === articleId && !this._annotations.some((x) => x.id === a.id)
    // The highlight first: with 50,000 annotations the bookkeeping below must not delay its frame.
    if (here) this.annotationEmitter.fire({ type: 'add', annotation: a })
    this.bumpCount(articleId, a.kind, 1)
    if (!here) return
    this._annotations = insertSorted(this._annotations, a)
    this.changedAfterPaint()
  }

  removeAnnotation(articleId: string, id: string): void {
    const gone = this._article?.id === articleId ? this.annotation(id) : undefined
    if (!gone) return
    this.bumpCount(articleId, gone.kind, -1)
    this._annotations = this._annotations.filter((a) => a.id !== id)
    this.annotationEmitter.fire({ type: 'remove', id })
    this.changedAfterPaint()
    if (this._selectedId === id) this.select(null)
  }

  /** Shows an edit before main confirms it (attributes set to null are removed). */
  patchAnnotation(articleId: string, id: string, patch: AnnotationPatch): void {
    const current = this._article?.id === articleId ? this.annotation(id) : undefined
    if (!current) return
    const attributes = Object.fromEntries(
      Object.entries({ ...current.attributes, ...(patch.attributes ?? {}) }).filter(([, v]) => v !== null),
    )
    this.replaceAnnotation(articleId, {
      ...current,
      note: patch.note ?? current.note,
      tags: patch.tags ?? current.tags,
      attributes,
    } as Annotation)
  }

  replaceAnnotation(articleId: string, a: Annotation): void {
    if (this._article?.id !== articleId) return
    const old = this.annotation(a.id)
    if (!old) return
    this._annotations = this._annotations.map((x) => (x.id === a.id ? a : x))
    this.annotationEmitter.fire({ type: 'replace', old, annotation: a })
    this.changedAfterPaint()
  }

  /** Main deleted or restored an annotation of this article: links to it may have changed. */
  linkTargetsChanged(articleId: string): void {
    this.linkTargetsEmitter.fire(articleId)
  }

  /** Keeps the library's counts in step without asking main for the whole workspace again. */
  private bumpCount(articleId: string, kind: AnnotationKind, delta: number): void {
    const entry = this._workspace?.articles.find((a) => a.id === articleId)
    // Not counted yet: main's count, which includes this change, comes with the next library delta.
    if (!entry?.counts) return
    entry.counts = { ...entry.counts, [kind]: Math.max(0, entry.counts[kind] + delta) }
    this.changedAfterPaint()
  }

  private changedAfterPaint(): void {
    if (this.behind) return
    this.behind = true
    requestAnimationFrame(() => setTimeout(() => this.catchUp()))
  }

  /** Fires the pending coalesced event now; keys that act on the panel (Enter, J/K, /) call it first. */
  catchUp(): void {
    if (!this.behind) return
    this.behind = false
    this.annotationsEmitter.fire()
  }

  // ── Selection, suggestions, links, filter, layout ──────────────────────────────────────────────

  select(id: string | null, reveal = false): void {
    this._selectedId = id
    if (this._selectedSuggestion) {
      this._selectedSuggestion = null
      this.suggestionsEmitter.fire()
    }
    this.selectionEmitter.fire({ id, reveal })
  }

  setSuggestions(next: Suggestion[]): void {
    const keep = new Set(next.map((x) => x.id))
    this._suggestions = next.sort((a, b) => a.start - b.start)
    if (this._selectedSuggestion && !keep.has(this._selectedSuggestion)) this._selectedSuggestion = null
    this.suggestionsEmitter.fire()
  }

  selectSuggestion(id: string | null): void {
    this._selectedSuggestion = id
    this.suggestionsEmitter.fire()
  }

  setLinks(articleId: string, links: LinkView[]): void {
    if (this._article?.id !== articleId) return
    this._links = links
    this.linksEmitter.fire()
  }

  setFilter(patch: Partial<Filter>): void {
    this._filter = { ...this._filter, ...patch }
    this.filterEmitter.fire()
  }

  setLinking(pending: PendingLink | null): void {
    this._linking = pending
    this.linkingEmitter.fire(pending)
  }

  setSidebarTab(tab: SidebarTab): void {
    this._sidebarTab = tab
    this.sidebarEmitter.fire(tab)
  }
}
