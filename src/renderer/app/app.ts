/**
 * The workbench window: library and entities, article view, annotation panel and toolbar, wired to
 * main through `window.workbench`. It keeps the open article's annotations (sorted by position) as the
 * one source the panel and the view are drawn from. Every change is a Command on the undo stack: it is
 * shown at once and queued for main (SaveQueue), so the disk follows the screen step by step.
 */
import type { ExportFormat, WorkbenchClient, WorkbenchEvent } from '../../shared/api'
import type {
  Annotation,
  AnnotationKind,
  AnnotationPatch,
  Entity,
  EntityPatch,
  Link,
  LinkRelation,
  LinkView,
  OpenedArticle,
  WorkspaceState,
} from '../../shared/model'
import { CLAIM_STATUSES } from '../../shared/vocabulary'
import { unpackArticle } from '../../shared/packed-article'
import { mountArticle, type ArticleViewHandle, type TextRange } from '../article-view'
import { findMentions } from '../../shared/suggest/mentions'
import { findQuotes, withoutTagged } from '../../shared/suggest/quotes'
import { AnnotationPanel, KIND_LABEL, type Suggestion } from './annotation-panel'
import type { Choice } from './autocomplete'
import { askPastedArticle, askText, chooseArticle, chooseExport, chooseRelation, editMetadata, showShortcuts } from './dialogs'
import { CompareView } from './compare-view'
import { SearchView } from './search-view'
import { h, isTypingTarget } from './dom'
import { EntitiesView } from './entities-view'
import { CREATE_CHOICE, EntityStore } from './entity-store'
import { Library } from './library'
import { cleanMessage, SaveQueue, type SaveStatus } from './save-queue'
import { UndoStack, type Command } from './undo'

/** What a highlight's appearance depends on. */
const highlightKey = (a: Annotation) =>
  `${a.kind}:${a.start}:${a.end}:${'status' in a.attributes ? a.attributes.status : ''}:${'entityType' in a.attributes ? a.attributes.entityType : ''}`

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

/** Orphaned annotations (their text is gone from the file) are listed in the panel, not drawn. */
const drawable = (a: Annotation) => a.anchor !== 'orphaned'

/** The annotation waiting for the other end of a link the user started with "Link…". */
interface PendingLink {
  articleId: string
  annotationId: string
  kind: AnnotationKind
}

export class App {
  private workspace: WorkspaceState | null = null
  private article: OpenedArticle | null = null
  /** The panel and library have not caught up with the latest change yet (see syncSidePanelsAfterPaint). */
  private sidePanelsBehind = false
  private annotations: Annotation[] = []
  private selectedId: string | null = null
  private view: ArticleViewHandle | null = null
  private openSeq = 0
  /** The highlights under the previous click, to cycle through them on repeated clicks. */
  private lastClickedSpot = ''
  private linking: PendingLink | null = null
  private suggestions: Suggestion[] = []
  private selectedSuggestion: string | null = null
  /** Suggestions the user rejected this session ("article:kind:start:end"): never offered again. */
  private readonly rejected = new Set<string>()

  private readonly entities: EntityStore
  private readonly undo = new UndoStack()
  private readonly library = new Library((id) => void this.openArticle(id))
  private readonly entitiesView: EntitiesView
  private readonly searchView: SearchView
  private compare: CompareView | null = null
  private readonly panel: AnnotationPanel
  private readonly sidebarTabs = h('div', { class: 'sw-tabs', role: 'tablist' })
  private readonly sidebar = h('div', { class: 'sw-sidebar' })
  private readonly articleHost = h('div', { class: 'sw-article-host' })
  private readonly articleHeader = h('header', { class: 'sw-article-header' })
  private readonly banner = h('div', { class: 'sw-banner', hidden: true, role: 'status' })
  private readonly main = h('main', { class: 'sw-main' }, this.articleHeader, this.banner, this.articleHost)
  private readonly saveIndicator = h(
    'span',
    { class: 'sw-save-status', role: 'status', 'aria-live': 'polite' },
    'All changes saved',
  )
  private readonly notices = h('div', { class: 'sw-notices', 'aria-live': 'polite' })
  private readonly workspaceName = h('span', { class: 'sw-workspace-name' })
  private readonly progress = h('div', { class: 'sw-progress', hidden: true, role: 'progressbar' })
  private readonly saves = new SaveQueue((s) => this.showSaveStatus(s))

  constructor(
    private readonly root: HTMLElement,
    private readonly api: WorkbenchClient,
  ) {
    this.entities = new EntityStore(api)
    this.panel = new AnnotationPanel(
      {
        select: (id) => this.select(id, { reveal: true }),
        edit: (id, patch) => this.edit(id, patch),
        remove: (id) => this.remove(id),
        pickEntity: (id, choice, query) => this.pickEntity(id, choice, query),
        addClaimStatus: (id) => void this.addClaimStatus(id),
        startLinking: (id) => this.startLinking(id),
        followLink: (v) => void this.goTo(v.other.articleId, v.other.annotationId),
        unlink: (v) => this.unlink(v),
        reattach: (id) => this.reattach(id),
        suggestQuotes: () => this.suggestQuotes(),
        suggestMentions: (entityId) => this.suggestMentions(entityId),
        selectSuggestion: (id) => this.selectSuggestion(id),
        acceptSuggestions: (ids) => this.acceptSuggestions(ids),
        rejectSuggestions: (ids) => this.rejectSuggestions(ids),
      },
      this.entities,
    )
    this.entitiesView = new EntitiesView(this.entities, {
      mentions: (id) => this.api.entityMentions(id),
      open: (articleId, annotationId) => void this.goTo(articleId, annotationId),
      update: (entity, patch) => this.updateEntity(entity, patch),
      merge: (keep, remove) => this.mergeEntities(keep, remove),
      remove: (entity) => void this.deleteEntity(entity),
      occurrences: (id) => this.api.findEntityOccurrences(id),
      accept: (entity, matches) => this.acceptOccurrences(entity, matches),
    })
    this.searchView = new SearchView(api, {
      openText: (articleId, start, end) => void this.openAt(articleId, { start, end }),
      openAnnotation: (articleId, annotationId) => void this.goTo(articleId, annotationId),
      openEntity: () => this.renderSidebar('entities'),
    })
  }

  private sidebarTab: 'articles' | 'entities' | 'search' = 'articles'
  /** workspace-changed events received so far (see start()). */
  private workspaceEvents = 0

  async start(): Promise<void> {
    this.renderSidebar('articles')
    this.root.replaceChildren(
      this.toolbar(),
      this.progress,
      h('div', { class: 'sw-body' }, this.sidebar, this.main, this.panel.element),
      this.notices,
    )
    this.acceptDroppedFiles()
    this.api.onEvent((e) => this.onEvent(e))
    document.addEventListener('keydown', (e) => this.onKeyDown(e))
    window.addEventListener('beforeunload', (e) => {
      if (this.saves.pending > 0) e.preventDefault()
    })
    // The library can change in the background right after a workspace opens (counts filled in), and
    // an event may overtake this answer: a workspace-changed that came first is the newer state.
    const eventsBefore = this.workspaceEvents
    const state = await this.api.getWorkspace()
    if (this.workspaceEvents === eventsBefore) this.setWorkspace(state)
  }

  // ── Chrome ──────────────────────────────────────────────────────────────────────────────────────

  private toolbar(): HTMLElement {
    const tag = (kind: AnnotationKind, label: string, key: string) =>
      h(
        'button',
        {
          class: `sw-tag-button sw-tag-${kind}`,
          title: `Tag the selection as a ${kind} (${key})`,
          'data-tag': kind,
          onmousedown: (e: Event) => e.preventDefault(),
          onclick: () => this.tagSelection(kind),
        },
        h('span', { class: `sw-swatch sw-swatch-${kind}` }),
        `${label} `,
        h('kbd', {}, key),
      )
    return h(
      'header',
      { class: 'sw-toolbar' },
      h('span', { class: 'sw-brand' }, 'Spanwise'),
      this.workspaceName,
      h('button', { onclick: () => void this.chooseWorkspace(), title: 'Open a folder of articles (Ctrl+O)' }, 'Open folder…'),
      h(
        'button',
        {
          name: 'import',
          onclick: () => void this.importFiles(),
          title: 'Copy article files into this workspace (or drop them on the window)',
        },
        'Import…',
      ),
      h(
        'button',
        { name: 'paste-article', onclick: () => void this.pasteArticle(), title: 'Save pasted text as a new article' },
        'Paste text…',
      ),
      h('span', { class: 'sw-toolbar-gap' }),
      h(
        'span',
        { class: 'sw-legend', 'aria-label': 'Tag the selection' },
        tag('quote', 'Quote', 'Q'),
        tag('claim', 'Claim', 'C'),
        tag('entity', 'Entity', 'E'),
      ),
      h('span', { class: 'sw-toolbar-gap' }),
      h('button', { onclick: () => this.undoLast(), title: 'Undo (Ctrl+Z)', 'aria-label': 'Undo' }, '↶'),
      h('button', { onclick: () => this.redoLast(), title: 'Redo (Ctrl+Shift+Z)', 'aria-label': 'Redo' }, '↷'),
      this.saveIndicator,
      h('button', { onclick: () => void this.export(), title: 'Export annotations' }, 'Export…'),
      h(
        'button',
        { onclick: () => void showShortcuts(), title: 'Keyboard shortcuts (?)', 'aria-label': 'Keyboard shortcuts' },
        '?',
      ),
    )
  }

  private renderSidebar(tab: 'articles' | 'entities' | 'search'): void {
    this.sidebarTab = tab
    const button = (id: 'articles' | 'entities' | 'search', label: string) =>
      h(
        'button',
        {
          role: 'tab',
          class: `sw-tab${tab === id ? ' is-active' : ''}`,
          'aria-selected': String(tab === id),
          'data-tab': id,
          onclick: () => this.renderSidebar(id),
        },
        label,
      )
    this.sidebarTabs.replaceChildren(button('articles', 'Articles'), button('entities', 'Entities'), button('search', 'Search'))
    this.sidebar.replaceChildren(
      this.sidebarTabs,
      tab === 'articles' ? this.library.element : tab === 'entities' ? this.entitiesView.element : this.searchView.element,
    )
    if (tab === 'entities') void this.entitiesView.refresh()
    if (tab === 'search') this.searchView.focus()
  }

  /** Opens an article with a text range selected and in view (a search result). */
  private async openAt(articleId: string, range: TextRange): Promise<void> {
    if (this.article?.id !== articleId) await this.openArticle(articleId)
    await this.view?.revealRange(range)
  }

  // ── Compare two versions ───────────────────────────────────────────────────────────────────────

  private async startCompare(): Promise<void> {
    const article = this.article
    const workspace = this.workspace
    if (!article || !workspace) return
    const others = workspace.articles.filter((a) => a.id !== article.id && !a.error)
    if (others.length === 0) return this.notify('There is no other article to compare with.', 'info')
    const otherId = await chooseArticle(others)
    if (!otherId) return
    const [left, right] = await Promise.all([this.fetchArticle(article.id), this.fetchArticle(otherId)])
    const title = (id: string) => workspace.articles.find((a) => a.id === id)?.title ?? ''
    this.closeCompare()
    const compare: CompareView = new CompareView(this.api, left, right, [title(left.id), title(right.id)], {
      close: () => this.closeCompare(true),
      makeClaim: async (l, r, note) => this.linkAcross(compare, l, r, 'contradicts', note),
      linkRanges: async (l, r, relation) => this.linkAcross(compare, l, r, relation, ''),
      chooseRelation: () => chooseRelation('same-statement'),
      notify: (message) => this.notify(message, 'info'),
    })
    this.compare = compare
    this.main.classList.add('is-comparing')
    this.main.append(compare.element)
    await compare.mount()
  }

  private closeCompare(reopen = false): void {
    if (!this.compare) return
    this.compare.destroy()
    this.compare = null
    this.main.classList.remove('is-comparing')
    if (reopen && this.article) void this.openArticle(this.article.id)
  }

  /**
   * Links a span on each side of the compare view: the claim on the left (created unless an annotation
   * sits exactly there) gets the right span as evidence, in one undoable step.
   */
  private async linkAcross(
    compare: CompareView,
    l: TextRange,
    r: TextRange,
    relation: LinkRelation,
    note: string,
  ): Promise<void> {
    const leftId = compare.leftArticle.id
    const rightId = compare.rightArticle.id
    const now = new Date().toISOString()
    const make = (articleId: string, text: string, range: TextRange, side: 'left' | 'right', existing: readonly Annotation[]) => {
      const found = existing.find((a) => a.start === range.start && a.end === range.end)
      if (found) return { annotation: found, command: null }
      const annotation = {
        id: crypto.randomUUID(),
        kind: 'claim',
        start: range.start,
        end: range.end,
        exact: text.slice(range.start, range.end),
        prefix: '',
        suffix: '',
        note: side === 'left' ? note : '',
        tags: [],
        createdAt: now,
        updatedAt: now,
        attributes: { status: 'unchecked' },
      } as Annotation
      compare.addAnnotation(side, annotation)
      return { annotation, command: this.createCommand(articleId, annotation, 'claim from comparison') }
    }
    const a = make(leftId, compare.leftArticle.text, l, 'left', compare.leftArticle.annotations)
    const b = make(rightId, compare.rightArticle.text, r, 'right', compare.rightArticle.annotations)
    const link = this.linkCommand(
      {
        id: crypto.randomUUID(),
        from: { articleId: leftId, annotationId: a.annotation.id },
        to: { articleId: rightId, annotationId: b.annotation.id },
        relation,
      },
      true,
    )
    const steps = [a.command, b.command, link].filter((c): c is Command => c !== null)
    this.undo.run({
      label: note ? 'claim from discrepancy' : `link (${relation})`,
      apply: () => steps.forEach((c) => c.apply()),
      revert: () => [...steps].reverse().forEach((c) => c.revert()),
    })
    this.notify(note ? 'Claim created with its evidence linked.' : 'Linked.', 'info')
  }

  private onEvent(event: WorkbenchEvent): void {
    if (event.type === 'workspace-changed') {
      this.workspaceEvents++
      this.setWorkspace(event.state)
    } else if (event.type === 'notice') this.notify(event.message, event.level)
    else if (event.type === 'articles-changed') void this.articlesChanged(event.articleIds)
    else if (event.type === 'progress') this.showProgress(event.task, event.done, event.total, event.label)
    else if (event.command === 'open-workspace') void this.chooseWorkspace()
    else if (event.command === 'import') void this.importFiles()
    else if (event.command === 'paste-article') void this.pasteArticle()
    else if (event.command === 'export') void this.export()
    else if (event.command === 'shortcuts') void showShortcuts()
    else this.tagSelection(event.command.slice(4) as AnnotationKind)
  }

  private setWorkspace(state: WorkspaceState | null): void {
    const switched = state?.root !== this.workspace?.root
    this.workspace = state
    this.workspaceName.textContent = state ? state.name : ''
    this.library.setArticles(state?.articles ?? [])
    this.panel.setClaimStatuses([...CLAIM_STATUSES, ...(state?.claimStatuses ?? [])])
    if (!state) {
      this.entities.clear()
      return this.showWelcome()
    }
    if (switched) {
      this.undo.clear()
      void this.entities.refresh()
      this.closeArticle()
      this.articleHeader.replaceChildren()
      this.articleHost.replaceChildren(
        h(
          'div',
          { class: 'sw-empty' },
          state.articles.length ? 'Choose an article in the library.' : `No article files in ${state.root} yet.`,
        ),
      )
    }
  }

  private showWelcome(): void {
    this.closeArticle()
    this.articleHeader.replaceChildren()
    this.articleHost.replaceChildren(
      h(
        'div',
        { class: 'sw-welcome' },
        h('h1', {}, 'Spanwise'),
        h(
          'p',
          {},
          'Open a folder of articles to read and tag quotes, claims and entities. Your files are never changed; annotations are kept in a .spanwise folder inside it. Nothing leaves this computer.',
        ),
        h(
          'div',
          { class: 'sw-welcome-actions' },
          h('button', { class: 'sw-primary', onclick: () => void this.chooseWorkspace() }, 'Open a folder…'),
          h('button', { onclick: () => void this.call(() => this.api.openSampleWorkspace()) }, 'Open the sample workspace'),
        ),
      ),
    )
  }

  private async chooseWorkspace(): Promise<void> {
    await this.call(() => this.api.chooseWorkspace())
  }

  // ── The open article ───────────────────────────────────────────────────────────────────────────

  private closeArticle(): void {
    this.closeCompare()
    this.view?.destroy()
    this.view = null
    this.article = null
    this.annotations = []
    this.selectedId = null
    this.suggestions = []
    this.selectedSuggestion = null
    this.panel.setSuggestions([], null)
    this.panel.setAnnotations([])
    this.panel.setLinks([])
    this.panel.select(null)
    this.library.setActive(null)
  }

  /** An article from main, its packed annotations unpacked into objects. */
  private async fetchArticle(id: string): Promise<OpenedArticle> {
    return unpackArticle(await this.api.openArticle(id))
  }

  async openArticle(id: string): Promise<void> {
    const seq = ++this.openSeq
    this.library.setActive(id)
    this.main.setAttribute('aria-busy', 'true')
    let article: OpenedArticle
    try {
      article = await this.fetchArticle(id)
    } catch (error) {
      this.notify(cleanMessage((error as Error).message), 'error')
      if (seq === this.openSeq) this.main.setAttribute('aria-busy', 'false')
      return
    }
    if (seq !== this.openSeq) return // the user clicked another article meanwhile
    this.closeArticle()
    this.library.setActive(id)
    this.article = article
    this.annotations = [...article.annotations].sort(byPosition)
    this.renderHeader(article)
    this.articleHost.replaceChildren()
    this.view = await mountArticle(this.articleHost, {
      text: article.text,
      blocks: article.blocks,
      annotations: this.annotations.filter(drawable),
      uncertain: article.metadata.source?.uncertain,
      onTagKey: (kind, range) => this.tag(kind, range),
      onHighlightClick: (ids) => this.selectUnderPointer(ids),
      onSuggestionClick: (id) => this.selectSuggestion(id),
      onKeyDown: (e) => this.onArticleKey(e),
    })
    this.panel.setAnnotations(this.annotations)
    this.panel.select(null)
    this.view.focus()
    if (seq === this.openSeq) this.main.setAttribute('aria-busy', 'false')
    void this.refreshLinks()
  }

  /** An article file changed on disk: reopen it if it is the one on screen (its annotations re-anchor). */
  private async articlesChanged(ids: string[]): Promise<void> {
    const open = this.article
    if (!open || !ids.includes(open.id)) return
    if (this.workspace?.articles.some((a) => a.id === open.id && !a.error)) {
      const selected = this.selectedId
      await this.openArticle(open.id)
      if (selected && this.annotations.some((a) => a.id === selected)) this.select(selected, { reveal: true })
    } else {
      this.closeArticle()
      this.articleHost.replaceChildren(
        h(
          'div',
          { class: 'sw-empty' },
          `${open.path} was removed or can no longer be read. Its annotations are kept and come back if the file does.`,
        ),
      )
    }
  }

  private renderHeader(article: OpenedArticle): void {
    const m = article.metadata
    const title = this.workspace?.articles.find((a) => a.id === article.id)?.title ?? article.path
    const details = [m.byline, m.outlet, m.date, m.language?.toUpperCase()].filter(Boolean).join(' · ')
    this.articleHeader.replaceChildren(
      h('h1', { class: 'sw-article-title' }, title),
      h(
        'div',
        { class: 'sw-article-meta' },
        h('span', { class: 'sw-path' }, article.path),
        details ? ` · ${details}` : '',
        m.url ? h('span', { class: 'sw-url', title: m.url }, ` · ${m.url}`) : '',
        m.source
          ? h(
              'span',
              { class: 'sw-ocr-note' },
              ` · Text read by OCR (${m.source.languages.join('+')}, ${Math.round(m.source.confidence)} % confidence): check it against the original`,
            )
          : '',
        ' ',
        h('button', { class: 'sw-link-button', name: 'edit-details', onclick: () => void this.editDetails() }, 'Edit details'),
        h(
          'button',
          {
            class: 'sw-link-button',
            name: 'compare',
            onclick: () => void this.startCompare(),
            title: 'Open another version side by side',
          },
          'Compare with…',
        ),
      ),
    )
  }

  private async editDetails(): Promise<void> {
    const article = this.article
    if (!article) return
    const title = this.workspace?.articles.find((a) => a.id === article.id)?.title
    const current: Record<string, string | undefined> = { ...article.metadata, source: undefined, title } // the OCR source is not editable
    const edited = await editMetadata(current)
    if (!edited) return
    // Only what the user changed becomes an override; the rest keeps following the file.
    const patch = Object.fromEntries(
      Object.entries(edited).filter(([key, value]) => value.trim() !== (current[key] ?? '').trim()),
    )
    if (Object.keys(patch).length === 0) return
    const state = await this.call(() => this.api.updateArticleMetadata(article.id, patch))
    if (!state || this.article?.id !== article.id) return
    const fresh = await this.call(() => this.fetchArticle(article.id))
    if (fresh) {
      this.article = { ...article, metadata: fresh.metadata }
      this.renderHeader(this.article)
    }
  }

  // ── Getting files in ───────────────────────────────────────────────────────────────────────────

  private async importFiles(): Promise<void> {
    if (!this.workspace) return this.notify('Open a workspace first.', 'info')
    const outcome = await this.call(() => this.api.importFiles())
    if (outcome) this.reportImport(outcome)
  }

  /** Files dropped on the window are read here and copied into the workspace by main. */
  private acceptDroppedFiles(): void {
    document.addEventListener('dragover', (e) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault()
    })
    document.addEventListener('drop', (e) => {
      const files = [...(e.dataTransfer?.files ?? [])]
      if (files.length === 0) return
      e.preventDefault()
      if (!this.workspace) return this.notify('Open a workspace first, then drop the files.', 'info')
      void this.importDropped(files)
    })
  }

  private async importDropped(files: File[]): Promise<void> {
    const payload: { name: string; base64: string }[] = []
    for (const file of files) payload.push({ name: file.name, base64: toBase64(new Uint8Array(await file.arrayBuffer())) })
    const outcome = await this.call(() => this.api.importFileData(payload))
    if (outcome) this.reportImport(outcome)
  }

  private reportImport(outcome: { imported: string[]; failed: { name: string; reason: string }[]; cancelled: boolean }): void {
    this.showProgress('import', 1, 1, '')
    if (outcome.imported.length)
      this.notify(
        `Imported ${outcome.imported.length} file${outcome.imported.length === 1 ? '' : 's'}${outcome.cancelled ? ' (then cancelled)' : ''}.`,
        'info',
      )
    for (const f of outcome.failed) this.notify(`Not imported: ${f.name}: ${f.reason}`, 'error')
  }

  private showProgress(task: 'import' | 'export' | 'ocr', done: number, total: number, label: string): void {
    if (done >= total) {
      this.progress.hidden = true
      return
    }
    this.progress.hidden = false
    this.progress.setAttribute('aria-valuenow', String(Math.round((100 * done) / total)))
    this.progress.replaceChildren(
      h(
        'span',
        {},
        task === 'import'
          ? `Importing ${done + 1} of ${total}: ${label}`
          : task === 'ocr'
            ? `Reading (OCR) ${label}: page ${done + 1} of ${total}`
            : `Exporting: ${done} of ${total} articles`,
      ),
      h('span', { class: 'sw-progress-bar' }, h('span', { class: 'sw-progress-fill' })),
      // OCR stops when the workspace closes; a per-file cancel needs an API method (not yet).
      task === 'ocr'
        ? ''
        : h('button', { onclick: () => void (task === 'import' ? this.api.cancelImport() : this.api.cancelExport()) }, 'Cancel'),
    )
    ;(this.progress.querySelector('.sw-progress-fill') as HTMLElement).style.width = `${(100 * done) / total}%`
  }

  private async pasteArticle(): Promise<void> {
    if (!this.workspace) return this.notify('Open a workspace first.', 'info')
    const input = await askPastedArticle()
    if (!input) return
    const id = await this.call(() => this.api.createArticle(input))
    if (id) await this.openArticle(id)
  }

  /** Opens an article (if needed) and reveals one of its annotations. */
  private async goTo(articleId: string, annotationId: string): Promise<void> {
    if (this.article?.id !== articleId) await this.openArticle(articleId)
    if (this.article?.id === articleId) this.select(annotationId, { reveal: true })
  }

  private async refreshLinks(): Promise<void> {
    const articleId = this.article?.id
    if (!articleId) return
    const links = await this.api.listLinks(articleId).catch(() => [] as LinkView[])
    if (this.article?.id === articleId) this.panel.setLinks(links)
  }

  // ── Annotation changes (each one a Command) ────────────────────────────────────────────────────

  private tagSelection(kind: AnnotationKind): void {
    const range = this.view?.selection()
    if (!range) return this.notify('Select some text in the article first, then press Q, C or E.', 'info')
    this.tag(kind, range)
  }

  /** Tags a range: on screen now (next frame), durable once main confirms. */
  private tag(kind: AnnotationKind, range: TextRange): void {
    const article = this.article
    const view = this.view
    if (!article || !view) return
    // Tags hug the words: surrounding spaces selected by a double-click or shift+arrow are left out.
    let { start, end } = range
    while (start < end && /\s/.test(article.text[start])) start++
    while (end > start && /\s/.test(article.text[end - 1])) end--
    if (end <= start) return this.notify('The selection is only white space.', 'info')
    const now = new Date().toISOString()
    const attributes =
      kind === 'quote' ? { speaker: '', mode: 'direct' } : kind === 'claim' ? { status: 'unchecked' } : { entityType: 'person' }
    const local = {
      id: crypto.randomUUID(),
      kind,
      start,
      end,
      exact: article.text.slice(start, end),
      prefix: '',
      suffix: '',
      note: '',
      tags: [],
      createdAt: now,
      updatedAt: now,
      attributes,
    } as Annotation
    this.undo.run(this.createCommand(article.id, local, `tag as ${kind}`))
    // Collapse the selection after the tag, so the next drag starts a new selection. After the highlight
    // is in the DOM: moving the DOM selection makes the browser lay out, and this way once, not twice.
    view.setSelection({ start: end, end })
    this.select(local.id, { reveal: false })
    if (kind === 'entity') this.autoLinkEntity(local)
  }

  /** A new mention whose text is exactly a registry name or alias is linked to that entity at once. */
  private autoLinkEntity(a: Annotation): void {
    const text = a.exact.toLocaleLowerCase()
    const match = this.entities.all().find((e) => [e.name, ...e.aliases].some((t) => t.toLocaleLowerCase() === text))
    if (match) this.edit(a.id, { attributes: { entityId: match.id } }, `link to ${match.name}`)
  }

  /** Creating an annotation; its undo deletes it, and redo puts back exactly what main confirmed. */
  private createCommand(articleId: string, annotation: Annotation, label: string): Command {
    let confirmed: Annotation | null = null
    let links: Link[] = []
    return {
      label,
      apply: () => {
        this.showAnnotation(articleId, confirmed ?? annotation)
        this.saves.push(
          async () => {
            const saved = confirmed
              ? await this.api.restoreAnnotation(articleId, confirmed, links)
              : await this.api.createAnnotation(articleId, {
                  id: annotation.id,
                  kind: annotation.kind,
                  start: annotation.start,
                  end: annotation.end,
                  attributes: annotation.attributes,
                  note: annotation.note,
                  tags: annotation.tags,
                })
            confirmed = saved
            this.replaceAnnotation(articleId, saved)
          },
          (error) => {
            this.hideAnnotation(articleId, annotation.id)
            this.notify(`Not tagged: ${error.message}`, 'error')
          },
        )
      },
      revert: () => {
        this.hideAnnotation(articleId, annotation.id)
        this.saves.push(
          async () => {
            links = await this.api.deleteAnnotation(articleId, annotation.id)
            void this.refreshLinks()
          },
          (error) => this.notify(`Could not undo: ${error.message}`, 'error'),
        )
      },
    }
  }

  private edit(id: string, patch: AnnotationPatch, label = 'edit'): void {
    const article = this.article
    const current = this.annotations.find((a) => a.id === id)
    if (!article || !current) return
    this.undo.run(this.editCommand(article.id, current, patch, label))
  }

  /** An edit; its undo applies the inverse patch (attributes absent before are removed with null). */
  private editCommand(articleId: string, before: Annotation, patch: AnnotationPatch, label: string): Command {
    const inverse: AnnotationPatch = {}
    if (patch.attributes) {
      const previous = before.attributes as Record<string, unknown>
      inverse.attributes = Object.fromEntries(Object.keys(patch.attributes).map((k) => [k, previous[k] ?? null]))
    }
    if (patch.note !== undefined) inverse.note = before.note
    if (patch.tags !== undefined) inverse.tags = before.tags
    const send = (p: AnnotationPatch, fallback: Annotation) => {
      this.showEdit(articleId, fallback.id, p)
      this.saves.push(
        async () => this.replaceAnnotation(articleId, await this.api.updateAnnotation(articleId, fallback.id, p)),
        (error) => {
          this.replaceAnnotation(articleId, fallback)
          this.notify(`Change not saved: ${error.message}`, 'error')
        },
      )
    }
    return { label, apply: () => send(patch, before), revert: () => send(inverse, before) }
  }

  private remove(id: string): void {
    const article = this.article
    const current = this.annotations.find((a) => a.id === id)
    if (!article || !current) return
    const index = this.annotations.indexOf(current)
    let links: Link[] = []
    this.undo.run({
      label: `delete ${current.kind}`,
      apply: () => {
        this.hideAnnotation(article.id, id)
        this.saves.push(
          async () => {
            links = await this.api.deleteAnnotation(article.id, id)
            void this.refreshLinks()
          },
          (error) => {
            this.showAnnotation(article.id, current)
            this.notify(`Not deleted: ${error.message}`, 'error')
          },
        )
      },
      revert: () => {
        this.showAnnotation(article.id, current)
        this.saves.push(
          async () => {
            this.replaceAnnotation(article.id, await this.api.restoreAnnotation(article.id, current, links))
            void this.refreshLinks()
          },
          (error) => this.notify(`Could not undo: ${error.message}`, 'error'),
        )
      },
    })
    const next = this.panel.shown()[Math.min(index, this.panel.shown().length - 1)]
    this.select(next?.id ?? null, { reveal: false })
  }

  /** Puts an annotation (typically an orphan) on the text currently selected. */
  private reattach(id: string): void {
    const article = this.article
    const range = this.view?.selection()
    if (!article) return
    if (!range) return this.notify('Select the text this annotation belongs to, then click Re-attach.', 'info')
    this.saves.push(
      async () => this.replaceAnnotation(article.id, await this.api.reattachAnnotation(article.id, id, range.start, range.end)),
      (e) => this.notify(`Not re-attached: ${e.message}`, 'error'),
    )
  }

  private undoLast(): void {
    const command = this.undo.undo()
    this.notify(command ? `Undone: ${command.label}` : 'Nothing to undo', 'info')
  }

  private redoLast(): void {
    const command = this.undo.redo()
    this.notify(command ? `Redone: ${command.label}` : 'Nothing to redo', 'info')
  }

  // ── Local (on-screen) state; the article may no longer be the open one ──────────────────────────

  private showAnnotation(articleId: string, a: Annotation): void {
    const here = this.article?.id === articleId && !this.annotations.some((x) => x.id === a.id)
    // The highlight first: with 50,000 annotations the bookkeeping below must not delay its frame.
    if (here && drawable(a)) void this.view?.add(a)
    this.bumpCount(articleId, a.kind, 1)
    if (!here) return
    this.annotations = insertSorted(this.annotations, a)
    this.syncSidePanelsAfterPaint()
  }

  private hideAnnotation(articleId: string, id: string): void {
    const gone = this.article?.id === articleId ? this.annotations.find((a) => a.id === id) : undefined
    if (!gone) return
    this.bumpCount(articleId, gone.kind, -1)
    this.annotations = this.annotations.filter((a) => a.id !== id)
    this.view?.remove(id)
    this.syncSidePanelsAfterPaint()
    if (this.selectedId === id) this.select(null, { reveal: false })
  }

  private showEdit(articleId: string, id: string, patch: AnnotationPatch): void {
    const current = this.article?.id === articleId ? this.annotations.find((a) => a.id === id) : undefined
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

  private replaceAnnotation(articleId: string, a: Annotation): void {
    if (this.article?.id !== articleId) return
    const old = this.annotations.find((x) => x.id === a.id)
    if (!old) return
    this.annotations = this.annotations.map((x) => (x.id === a.id ? a : x))
    // Redraw the highlight only when what it shows changed: a confirmation from main usually changes
    // nothing visible, and redrawing under a drag in progress would disturb the user's next selection.
    if (!drawable(a)) this.view?.remove(a.id)
    else if (!drawable(old)) void this.view?.add(a)
    else if (highlightKey(old) !== highlightKey(a)) this.view?.update(a)
    this.syncSidePanelsAfterPaint()
  }

  /** Keeps the library's counts in step without asking main for the whole workspace again. */
  private bumpCount(articleId: string, kind: AnnotationKind, delta: number): void {
    const entry = this.workspace?.articles.find((a) => a.id === articleId)
    // Not counted yet: main's count, which includes this change, comes with the next workspace-changed.
    if (!entry?.counts) return
    entry.counts = { ...entry.counts, [kind]: Math.max(0, entry.counts[kind] + delta) }
    this.syncSidePanelsAfterPaint()
  }

  /**
   * The panel and the library follow a change one frame later, after the highlight is painted: with
   * 50,000 annotations, refiltering and recounting the panel in the key's own task would hold up the
   * frame that shows the new highlight. Coalesced, so "Accept all" refreshes them once, not per row.
   */
  private syncSidePanelsAfterPaint(): void {
    if (this.sidePanelsBehind) return
    this.sidePanelsBehind = true
    requestAnimationFrame(() => setTimeout(() => this.catchUpSidePanels()))
  }

  /** Brings the panel and library up to date now; keys that act on the panel (Enter, J/K, /) call it first. */
  private catchUpSidePanels(): void {
    if (!this.sidePanelsBehind) return
    this.sidePanelsBehind = false
    this.panel.setAnnotations(this.annotations)
    this.panel.select(this.selectedId)
    if (this.workspace) this.library.setArticles(this.workspace.articles)
  }

  // ── Entities ───────────────────────────────────────────────────────────────────────────────────

  /** Links a mention (or a quote's speaker) to a registry entity, creating the entity if asked. */
  private pickEntity(annotationId: string, choice: Choice, query: string): void {
    const article = this.article
    const annotation = this.annotations.find((a) => a.id === annotationId)
    if (!article || !annotation) return
    const field = annotation.kind === 'quote' ? 'speakerId' : 'entityId'
    if (choice.id !== CREATE_CHOICE) {
      this.undo.run(this.editCommand(article.id, annotation, { attributes: { [field]: choice.id } }, `link to ${choice.label}`))
      return
    }
    const name = query.trim() || annotation.exact
    const type = annotation.kind === 'entity' ? annotation.attributes.entityType : 'person'
    const entityId = crypto.randomUUID()
    const link = this.editCommand(article.id, annotation, { attributes: { [field]: entityId } }, '')
    this.undo.run({
      label: `create entity ${name}`,
      apply: () => {
        this.saves.push(
          () => this.api.createEntity({ id: entityId, name, type }).then(() => this.entities.refresh()),
          (e) => this.notify(`Entity not created: ${e.message}`, 'error'),
        )
        link.apply()
      },
      revert: () => {
        link.revert()
        this.saves.push(
          () => this.api.deleteEntity(entityId).then(() => this.entities.refresh()),
          (e) => this.notify(`Could not undo: ${e.message}`, 'error'),
        )
      },
    })
  }

  private updateEntity(entity: Entity, patch: EntityPatch): void {
    const inverse: EntityPatch = {}
    for (const key of Object.keys(patch) as (keyof EntityPatch)[]) (inverse as Record<string, unknown>)[key] = entity[key]
    const send = (p: EntityPatch) =>
      this.saves.push(
        async () => {
          await this.api.updateEntity(entity.id, p)
          await this.entities.refresh()
          await this.reloadAnnotations()
        },
        (e) => this.notify(`Entity not changed: ${e.message}`, 'error'),
      )
    this.undo.run({ label: `edit entity ${entity.name}`, apply: () => send(patch), revert: () => send(inverse) })
  }

  private mergeEntities(keep: Entity, remove: Entity): void {
    let record: Awaited<ReturnType<WorkbenchClient['mergeEntities']>> | null = null
    const after = async () => {
      await this.entities.refresh()
      await this.reloadAnnotations()
    }
    this.undo.run({
      label: `merge ${remove.name} into ${keep.name}`,
      apply: () =>
        this.saves.push(
          async () => {
            record = await this.api.mergeEntities(keep.id, remove.id)
            await after()
            this.notify(`Merged “${remove.name}” into “${keep.name}”: ${record.moved.length} mentions follow.`, 'info')
          },
          (e) => this.notify(`Not merged: ${e.message}`, 'error'),
        ),
      revert: () =>
        this.saves.push(
          async () => {
            if (record) await this.api.undoMerge(record)
            await after()
          },
          (e) => this.notify(`Could not undo: ${e.message}`, 'error'),
        ),
    })
  }

  private async deleteEntity(entity: Entity): Promise<void> {
    const mentions = await this.api.entityMentions(entity.id)
    const count = mentions.reduce((n, g) => n + g.mentions.length, 0)
    this.undo.run({
      label: `delete entity ${entity.name}`,
      apply: () =>
        this.saves.push(
          async () => {
            await this.api.deleteEntity(entity.id)
            await this.entities.refresh()
            await this.reloadAnnotations()
            this.notify(`Deleted “${entity.name}”; its ${count} mentions stay in the text, unlinked (Ctrl+Z to undo).`, 'info')
          },
          (e) => this.notify(`Not deleted: ${e.message}`, 'error'),
        ),
      revert: () =>
        this.saves.push(
          async () => {
            await this.api.createEntity({
              id: entity.id,
              name: entity.name,
              type: entity.type,
              aliases: entity.aliases,
              note: entity.note,
            })
            for (const group of mentions) {
              for (const m of group.mentions) {
                await this.api.updateAnnotation(group.articleId, m.annotationId, {
                  attributes: { [m.role === 'speaker' ? 'speakerId' : 'entityId']: entity.id },
                })
              }
            }
            await this.entities.refresh()
            await this.reloadAnnotations()
          },
          (e) => this.notify(`Could not undo: ${e.message}`, 'error'),
        ),
    })
  }

  /** Re-reads the open article's annotations after a change made elsewhere (merge, registry edit). */
  private async reloadAnnotations(): Promise<void> {
    const article = this.article
    if (!article) return
    const fresh = await this.fetchArticle(article.id)
    if (this.article?.id !== article.id) return
    for (const a of fresh.annotations) this.replaceAnnotation(article.id, a)
  }

  // ── Claim labels and links ─────────────────────────────────────────────────────────────────────

  private async addClaimStatus(annotationId: string): Promise<void> {
    const label = (await askText('New claim status', 'A label for this workspace, e.g. "needs expert"'))?.trim()
    if (!label) return
    // Through the save queue, so the status shows "Saving…" until the label and the edit are on disk.
    this.saves.push(
      async () => {
        const labels = await this.api.addClaimStatus(label)
        if (this.workspace) this.workspace.claimStatuses = labels
        this.panel.setClaimStatuses([...CLAIM_STATUSES, ...labels])
      },
      (e) => this.notify(`Label not added: ${e.message}`, 'error'),
    )
    this.edit(annotationId, { attributes: { status: label } }, `status ${label}`)
  }

  private startLinking(annotationId: string): void {
    const a = this.annotations.find((x) => x.id === annotationId)
    if (!this.article || !a) return
    this.linking = { articleId: this.article.id, annotationId, kind: a.kind }
    this.banner.hidden = false
    this.banner.replaceChildren(
      `Linking ${KIND_LABEL[a.kind].toLowerCase()} “${a.exact.slice(0, 60)}”: select the ${a.kind === 'claim' ? 'evidence' : 'other annotation'} (a highlight or a row, in this or another article). `,
      h('button', { onclick: () => this.stopLinking() }, 'Cancel (Esc)'),
    )
  }

  private stopLinking(): void {
    this.linking = null
    this.banner.hidden = true
  }

  private async completeLink(pending: PendingLink, to: { articleId: string; annotationId: string }): Promise<void> {
    this.stopLinking()
    const relation: LinkRelation | null = await chooseRelation(pending.kind === 'claim' ? 'supports' : 'same-statement')
    if (!relation) return
    const draft = {
      id: crypto.randomUUID(),
      from: { articleId: pending.articleId, annotationId: pending.annotationId },
      to,
      relation,
    }
    this.undo.run(this.linkCommand(draft, true))
  }

  private unlink(view: LinkView): void {
    const { createdAt: _createdAt, ...draft } = view.link
    this.undo.run(this.linkCommand(draft, false))
  }

  /** Adding (or, with `add` false, removing) a link; each is the other's undo. */
  private linkCommand(draft: Omit<Link, 'createdAt'>, add: boolean): Command {
    const create = () =>
      this.saves.push(
        async () => void (await this.api.createLink(draft)),
        (e) => this.notify(`Not linked: ${e.message}`, 'error'),
      )
    const remove = () =>
      this.saves.push(
        async () => void (await this.api.deleteLink(draft.id)),
        (e) => this.notify(`Link not removed: ${e.message}`, 'error'),
      )
    const refresh = () =>
      this.saves.push(
        () => this.refreshLinks(),
        () => undefined,
      )
    return {
      label: add ? `link (${draft.relation})` : 'remove link',
      apply: () => ((add ? create : remove)(), refresh()),
      revert: () => ((add ? remove : create)(), refresh()),
    }
  }

  // ── Suggestions ────────────────────────────────────────────────────────────────────────────────

  /** Quoted passages (by their quotation marks) that are not tagged as quotes yet. */
  private suggestQuotes(): void {
    const article = this.article
    if (!article) return
    const quotes = this.annotations.filter((a) => a.kind === 'quote')
    const found = withoutTagged(findQuotes(article.text), quotes).filter(
      (q) => !this.rejected.has(`${article.id}:quote:${q.start}:${q.end}`),
    )
    this.setSuggestions([
      ...this.suggestions.filter((x) => x.kind !== 'quote'),
      ...found.map((q) => ({
        id: `sugg-q-${q.start}-${q.end}`,
        kind: 'quote' as const,
        start: q.start,
        end: q.end,
        exact: q.exact,
      })),
    ])
    this.notify(
      found.length
        ? `${found.length} quoted passages not tagged yet: accept (A) or reject (R) each, or all at once.`
        : 'No untagged quotes found.',
      'info',
    )
  }

  /** Occurrences of an entity's name and aliases in this article that are not tagged yet. */
  private suggestMentions(entityId: string): void {
    const article = this.article
    const entity = this.entities.get(entityId)
    if (!article || !entity) return
    const tagged = this.annotations.filter((a) => a.kind === 'entity')
    const found = findMentions(article.text, [entity.name, ...entity.aliases]).filter(
      (m) =>
        !tagged.some((t) => t.start < m.end && m.start < t.end) && !this.rejected.has(`${article.id}:entity:${m.start}:${m.end}`),
    )
    this.setSuggestions([
      ...this.suggestions.filter((x) => x.entityId !== entityId),
      ...found.map((m) => ({
        id: `sugg-e-${entityId}-${m.start}`,
        kind: 'entity' as const,
        start: m.start,
        end: m.end,
        exact: m.exact,
        entityId,
      })),
    ])
    this.notify(
      found.length
        ? `${found.length} untagged mentions of ${entity.name} in this article.`
        : `No untagged mentions of ${entity.name} here.`,
      'info',
    )
  }

  private setSuggestions(next: Suggestion[]): void {
    const keep = new Set(next.map((x) => x.id))
    for (const old of this.suggestions) if (!keep.has(old.id)) this.view?.remove(old.id)
    const had = new Set(this.suggestions.map((x) => x.id))
    for (const x of next)
      if (!had.has(x.id)) void this.view?.add({ id: x.id, kind: x.kind, start: x.start, end: x.end, suggestion: true })
    this.suggestions = next.sort((a, b) => a.start - b.start)
    if (this.selectedSuggestion && !keep.has(this.selectedSuggestion)) this.selectedSuggestion = null
    this.panel.setSuggestions(this.suggestions, this.selectedSuggestion)
  }

  private selectSuggestion(id: string | null): void {
    this.selectedSuggestion = id
    this.view?.select(id)
    this.panel.setSuggestions(this.suggestions, id)
    if (id) void this.view?.reveal(id)
  }

  /** Accepting turns suggestions into annotations, as one undoable step. */
  private acceptSuggestions(ids: string[]): void {
    const article = this.article
    if (!article) return
    const chosen = this.suggestions.filter((x) => ids.includes(x.id))
    if (chosen.length === 0) return
    const now = new Date().toISOString()
    const commands = chosen.map((x) => {
      const attributes =
        x.kind === 'quote'
          ? { speaker: '', mode: 'direct' }
          : { entityType: this.entities.get(x.entityId)?.type ?? 'person', ...(x.entityId ? { entityId: x.entityId } : {}) }
      const annotation = {
        id: crypto.randomUUID(),
        kind: x.kind,
        start: x.start,
        end: x.end,
        exact: x.exact,
        prefix: '',
        suffix: '',
        note: '',
        tags: [],
        createdAt: now,
        updatedAt: now,
        attributes,
      } as Annotation
      return this.createCommand(article.id, annotation, 'accept suggestion')
    })
    const next = this.nextSuggestionAfter(chosen)
    this.setSuggestions(this.suggestions.filter((x) => !ids.includes(x.id)))
    this.undo.run({
      label: chosen.length === 1 ? 'accept suggestion' : `accept ${chosen.length} suggestions`,
      apply: () => commands.forEach((c) => c.apply()),
      revert: () => [...commands].reverse().forEach((c) => c.revert()),
    })
    this.selectSuggestion(next)
  }

  /** Tags occurrences found across the workspace as mentions of an entity, as one undoable step. */
  private acceptOccurrences(entity: Entity, matches: { articleId: string; start: number; end: number; exact: string }[]): void {
    const now = new Date().toISOString()
    const commands = matches.map((m) => {
      const annotation = {
        id: crypto.randomUUID(),
        kind: 'entity',
        start: m.start,
        end: m.end,
        exact: m.exact,
        prefix: '',
        suffix: '',
        note: '',
        tags: [],
        createdAt: now,
        updatedAt: now,
        attributes: { entityType: entity.type, entityId: entity.id },
      } as Annotation
      return this.createCommand(m.articleId, annotation, 'accept mention')
    })
    this.undo.run({
      label: `tag ${matches.length} mentions of ${entity.name}`,
      apply: () => commands.forEach((c) => c.apply()),
      revert: () => [...commands].reverse().forEach((c) => c.revert()),
    })
    this.saves.push(
      () => this.entities.refresh(),
      () => undefined,
    )
  }

  private rejectSuggestions(ids: string[]): void {
    const chosen = this.suggestions.filter((x) => ids.includes(x.id))
    for (const x of chosen) this.rejected.add(`${this.article?.id}:${x.kind}:${x.start}:${x.end}`)
    const next = this.nextSuggestionAfter(chosen)
    this.setSuggestions(this.suggestions.filter((x) => !ids.includes(x.id)))
    this.selectSuggestion(next)
  }

  /** The suggestion to select after some are handled: the one following the last of them. */
  private nextSuggestionAfter(handled: Suggestion[]): string | null {
    const gone = new Set(handled.map((x) => x.id))
    const last = Math.max(...handled.map((x) => this.suggestions.indexOf(x)))
    return (
      this.suggestions.slice(last + 1).find((x) => !gone.has(x.id))?.id ??
      this.suggestions.find((x) => !gone.has(x.id))?.id ??
      null
    )
  }

  // ── Selection and navigation ───────────────────────────────────────────────────────────────────

  private select(id: string | null, options: { reveal: boolean }): void {
    const pending = this.linking
    if (pending && id && this.article && !(pending.articleId === this.article.id && pending.annotationId === id)) {
      void this.completeLink(pending, { articleId: this.article.id, annotationId: id })
    }
    this.selectedId = id
    if (this.selectedSuggestion) {
      this.selectedSuggestion = null
      this.panel.setSuggestions(this.suggestions, null)
    }
    this.view?.select(id)
    // A pending side-panel sync selects the row itself, once the row exists.
    if (!this.sidePanelsBehind) this.panel.select(id)
    if (id && options.reveal) void this.view?.reveal(id)
  }

  /**
   * A click on overlapping highlights selects the shortest span under the pointer (the most specific);
   * clicking again on the same spot cycles through the longer ones.
   */
  private selectUnderPointer(ids: string[]): void {
    const under = this.annotations.filter((a) => ids.includes(a.id)).sort((a, b) => a.end - a.start - (b.end - b.start))
    if (under.length === 0) return
    const spot = under.map((a) => a.id).join(' ')
    const again = spot === this.lastClickedSpot
    this.lastClickedSpot = spot
    const current = again ? under.findIndex((a) => a.id === this.selectedId) : -1
    this.select(under[(current + 1) % under.length].id, { reveal: false })
  }

  private step(delta: number): void {
    const shown = this.panel.shown()
    if (shown.length === 0) return
    const i = shown.findIndex((a) => a.id === this.selectedId)
    const next = i < 0 ? (delta > 0 ? 0 : shown.length - 1) : Math.min(shown.length - 1, Math.max(0, i + delta))
    this.select(shown[next].id, { reveal: true })
  }

  /** Keys pressed in the article view; true when handled. */
  private onArticleKey(e: KeyboardEvent): boolean {
    this.catchUpSidePanels()
    if (this.suggestionKey(e)) return true
    if ((e.key === 'Delete' || e.key === 'Backspace') && this.selectedId) {
      this.remove(this.selectedId)
      return true
    }
    if (e.key === 'Escape' && (this.selectedId || this.linking)) {
      this.stopLinking()
      this.select(null, { reveal: false })
      return true
    }
    return this.commandKey(e)
  }

  /** A and R accept or reject the selected suggestion; Escape leaves it. */
  private suggestionKey(e: KeyboardEvent): boolean {
    const id = this.selectedSuggestion
    if (!id || e.ctrlKey || e.metaKey || e.altKey) return false
    const key = e.key.toLowerCase()
    if (key === 'a' || key === 'enter') this.acceptSuggestions([id])
    else if (key === 'r' || key === 'delete' || key === 'backspace') this.rejectSuggestions([id])
    else if (key === 'escape') this.selectSuggestion(null)
    else return false
    e.preventDefault()
    return true
  }

  /** Shortcuts that work wherever the focus is, except in a text field. */
  private commandKey(e: KeyboardEvent): boolean {
    const mod = e.ctrlKey || e.metaKey
    const plain = !mod && !e.altKey
    const key = e.key.toLowerCase()
    if (mod && key === 'z' && !e.shiftKey) this.undoLast()
    else if (mod && ((key === 'z' && e.shiftKey) || key === 'y')) this.redoLast()
    else if ((plain && e.key === 'j') || (e.altKey && e.key === 'ArrowDown')) this.step(1)
    else if ((plain && e.key === 'k') || (e.altKey && e.key === 'ArrowUp')) this.step(-1)
    else if (e.altKey && e.key === 'PageDown') this.library.step(1)
    else if (e.altKey && e.key === 'PageUp') this.library.step(-1)
    else if (e.key === '?') void showShortcuts()
    else if (plain && e.key === '/') this.panel.focusSearch()
    else if (mod && e.shiftKey && key === 'f') this.renderSidebar('search')
    else if (plain && e.key === 'l' && this.selectedId) this.startLinking(this.selectedId)
    else if (e.key === 'Enter' && plain && this.selectedId) this.panel.focusEditor()
    else return false
    e.preventDefault()
    return true
  }

  /** Keys pressed anywhere else in the window. */
  private onKeyDown(e: KeyboardEvent): void {
    if (e.defaultPrevented) return
    this.catchUpSidePanels()
    if (isTypingTarget(e.target)) {
      if (e.key === 'Escape') this.view?.focus()
      return
    }
    if (this.view?.view.hasFocus()) return // the article view handled it already
    if (this.suggestionKey(e)) return
    if ((e.key === 'Delete' || e.key === 'Backspace') && this.selectedId) {
      e.preventDefault()
      this.remove(this.selectedId)
    } else if (e.key === 'Escape') {
      this.stopLinking()
      this.view?.focus()
    } else if (!e.ctrlKey && !e.metaKey && !e.altKey && ['q', 'c', 'e'].includes(e.key.toLowerCase()) && this.view?.selection()) {
      e.preventDefault()
      this.tagSelection(({ q: 'quote', c: 'claim', e: 'entity' } as const)[e.key.toLowerCase() as 'q' | 'c' | 'e'])
    } else {
      this.commandKey(e)
    }
  }

  // ── Export, status, notices ────────────────────────────────────────────────────────────────────

  private async export(): Promise<void> {
    if (!this.workspace) return this.notify('Open a workspace first.', 'info')
    const choice = await chooseExport(
      this.article?.id ?? null,
      this.workspace.articles.filter((a) => !a.error),
    )
    if (!choice) return
    const result = await this.call(() =>
      this.api.exportAnnotations({
        scope: choice.scope,
        articleId: this.article?.id,
        articleIds: choice.articleIds,
        format: choice.format as ExportFormat,
      }),
    )
    if (result)
      this.notify(
        `Exported ${result.articles} article${result.articles === 1 ? '' : 's'} and ${result.annotations} annotations to ${result.path}`,
        'info',
      )
  }

  private showSaveStatus(status: SaveStatus): void {
    this.saveIndicator.className = `sw-save-status is-${status.state}`
    this.saveIndicator.replaceChildren()
    if (status.state === 'saved') this.saveIndicator.textContent = 'All changes saved'
    else if (status.state === 'saving') this.saveIndicator.textContent = 'Saving…'
    else this.saveIndicator.append(`Not saved: ${status.reason} `, h('button', { onclick: () => this.saves.retry() }, 'Retry'))
  }

  /** Runs an API call, turning a failure into a notice. */
  private async call<T>(run: () => Promise<T>): Promise<T | null> {
    try {
      return await run()
    } catch (error) {
      this.notify(cleanMessage((error as Error).message), 'error')
      return null
    }
  }

  private notify(message: string, level: 'info' | 'error'): void {
    const note = h(
      'div',
      { class: `sw-notice is-${level}`, role: level === 'error' ? 'alert' : 'status' },
      message,
      h('button', { class: 'sw-notice-close', 'aria-label': 'Dismiss', onclick: () => note.remove() }, '×'),
    )
    this.notices.append(note)
    while (this.notices.children.length > 4) this.notices.firstElementChild?.remove()
    if (level === 'info') setTimeout(() => note.remove(), 5000)
  }
}

/** Base64 of bytes, in chunks (String.fromCharCode on a whole large file would overflow the stack). */
function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(binary)
}
