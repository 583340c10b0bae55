/**
 * The workbench window: library, article view, annotation panel and toolbar, wired to main through
 * `window.workbench`. It keeps the open article's annotations (sorted by position) as the one source
 * the panel and the view are drawn from, applies a change on screen at once, and queues it for main.
 */
import type { WorkbenchBridge, WorkbenchEvent } from '../../shared/api'
import type { Annotation, AnnotationKind, AnnotationPatch, OpenedArticle, WorkspaceState } from '../../shared/model'
import { mountArticle, type ArticleViewHandle, type TextRange } from '../article-view'
import { AnnotationPanel } from './annotation-panel'
import { chooseExportScope, showShortcuts } from './dialogs'
import { h, isTypingTarget } from './dom'
import { Library } from './library'
import { cleanMessage, SaveQueue, type SaveStatus } from './save-queue'

/** What a highlight's appearance depends on. */
const highlightKey = (a: Annotation) => `${a.kind}:${a.start}:${a.end}:${'status' in a.attributes ? a.attributes.status : ''}:${'entityType' in a.attributes ? a.attributes.entityType : ''}`

const byPosition = (a: Annotation, b: Annotation) => a.start - b.start || b.end - a.end

export class App {
  private workspace: WorkspaceState | null = null
  private article: OpenedArticle | null = null
  private annotations: Annotation[] = []
  private selectedId: string | null = null
  private view: ArticleViewHandle | null = null
  private openSeq = 0
  /** The highlights under the previous click, to cycle through them on repeated clicks. */
  private lastClickedSpot = ''

  private readonly library = new Library((id) => void this.openArticle(id))
  private readonly panel: AnnotationPanel
  private readonly articleHost = h('div', { class: 'sw-article-host' })
  private readonly articleHeader = h('header', { class: 'sw-article-header' })
  private readonly main = h('main', { class: 'sw-main' }, this.articleHeader, this.articleHost)
  private readonly saveIndicator = h('span', { class: 'sw-save-status', role: 'status', 'aria-live': 'polite' }, 'All changes saved')
  private readonly notices = h('div', { class: 'sw-notices', 'aria-live': 'polite' })
  private readonly workspaceName = h('span', { class: 'sw-workspace-name' })
  private readonly saves = new SaveQueue((s) => this.showSaveStatus(s))

  constructor(
    private readonly root: HTMLElement,
    private readonly api: WorkbenchBridge,
  ) {
    this.panel = new AnnotationPanel({
      select: (id) => this.select(id, { reveal: true }),
      edit: (id, patch) => this.edit(id, patch),
      remove: (id) => this.remove(id),
    })
  }

  async start(): Promise<void> {
    this.root.replaceChildren(this.toolbar(), h('div', { class: 'sw-body' }, this.library.element, this.main, this.panel.element), this.notices)
    this.api.onEvent((e) => this.onEvent(e))
    document.addEventListener('keydown', (e) => this.onKeyDown(e))
    window.addEventListener('beforeunload', (e) => {
      if (this.saves.pending > 0) e.preventDefault()
    })
    this.setWorkspace(await this.api.getWorkspace())
  }

  private toolbar(): HTMLElement {
    const tag = (kind: AnnotationKind, label: string, key: string) =>
      h('button', { class: `sw-tag-button sw-tag-${kind}`, title: `Tag the selection as a ${kind} (${key})`, 'data-tag': kind, onmousedown: (e: Event) => e.preventDefault(), onclick: () => this.tagSelection(kind) }, h('span', { class: `sw-swatch sw-swatch-${kind}` }), `${label} `, h('kbd', {}, key))
    return h(
      'header',
      { class: 'sw-toolbar' },
      h('span', { class: 'sw-brand' }, 'Spanwise'),
      this.workspaceName,
      h('button', { onclick: () => void this.chooseWorkspace(), title: 'Open a folder of articles' }, 'Open folder…'),
      h('span', { class: 'sw-toolbar-gap' }),
      h('span', { class: 'sw-legend', 'aria-label': 'Tag the selection' }, tag('quote', 'Quote', 'Q'), tag('claim', 'Claim', 'C'), tag('entity', 'Entity', 'E')),
      h('span', { class: 'sw-toolbar-gap' }),
      this.saveIndicator,
      h('button', { onclick: () => void this.export(), title: 'Export annotations' }, 'Export…'),
      h('button', { onclick: () => void showShortcuts(), title: 'Keyboard shortcuts (?)', 'aria-label': 'Keyboard shortcuts' }, '?'),
    )
  }

  private onEvent(event: WorkbenchEvent): void {
    if (event.type === 'workspace-changed') this.setWorkspace(event.state)
    else if (event.type === 'notice') this.notify(event.message, event.level)
    else if (event.command === 'open-workspace') void this.chooseWorkspace()
    else if (event.command === 'export') void this.export()
    else if (event.command === 'shortcuts') void showShortcuts()
    else this.tagSelection(event.command.slice(4) as AnnotationKind)
  }

  private setWorkspace(state: WorkspaceState | null): void {
    const switched = state?.root !== this.workspace?.root
    this.workspace = state
    this.workspaceName.textContent = state ? state.name : ''
    this.library.setArticles(state?.articles ?? [])
    if (!state) return this.showWelcome()
    if (switched) {
      this.closeArticle()
      this.articleHeader.replaceChildren()
      this.articleHost.replaceChildren(
        h('div', { class: 'sw-empty' }, state.articles.length ? 'Choose an article in the library.' : `No .txt or .md files in ${state.root} yet.`),
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
        h('p', {}, 'Open a folder of articles to read and tag quotes, claims and entities. Your files are never changed; annotations are kept in a .spanwise folder inside it. Nothing leaves this computer.'),
        h('div', { class: 'sw-welcome-actions' }, h('button', { class: 'sw-primary', onclick: () => void this.chooseWorkspace() }, 'Open a folder…'), h('button', { onclick: () => void this.call(() => this.api.openSampleWorkspace()) }, 'Open the sample workspace')),
      ),
    )
  }

  private async chooseWorkspace(): Promise<void> {
    await this.call(() => this.api.chooseWorkspace())
  }

  private closeArticle(): void {
    this.view?.destroy()
    this.view = null
    this.article = null
    this.annotations = []
    this.selectedId = null
    this.panel.setAnnotations([])
    this.panel.select(null)
    this.library.setActive(null)
  }

  async openArticle(id: string): Promise<void> {
    const seq = ++this.openSeq
    this.library.setActive(id)
    let article: OpenedArticle
    try {
      article = await this.api.openArticle(id)
    } catch (error) {
      this.notify(cleanMessage((error as Error).message), 'error')
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
      annotations: this.annotations,
      onTagKey: (kind, range) => this.tag(kind, range),
      onHighlightClick: (ids) => this.selectUnderPointer(ids),
      onKeyDown: (e) => this.onArticleKey(e),
    })
    this.panel.setAnnotations(this.annotations)
    this.panel.select(null)
    this.view.focus()
  }

  private renderHeader(article: OpenedArticle): void {
    const m = article.metadata
    const title = this.workspace?.articles.find((a) => a.id === article.id)?.title ?? article.path
    const details = [m.byline, m.outlet, m.date, m.language?.toUpperCase()].filter(Boolean).join(' · ')
    this.articleHeader.replaceChildren(h('h1', { class: 'sw-article-title' }, title), h('div', { class: 'sw-article-meta' }, h('span', { class: 'sw-path' }, article.path), details ? ` · ${details}` : ''))
  }

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
    const local: Annotation = {
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
      attributes: kind === 'quote' ? { speaker: '', mode: 'direct' } : kind === 'claim' ? { status: 'unchecked' } : { entityType: 'person' },
    } as Annotation
    void view.add(local)
    // Collapse the selection after the tag, so the next drag starts a new selection.
    view.setSelection({ start: end, end })
    this.putAnnotation(local)
    this.select(local.id, { reveal: false })
    this.saves.push(
      async () => this.replaceAnnotation(await this.api.createAnnotation(article.id, { id: local.id, kind, start, end })),
      (error) => {
        this.dropAnnotation(local.id)
        this.notify(`Not tagged: ${error.message}`, 'error')
      },
    )
  }

  private edit(id: string, patch: AnnotationPatch): void {
    const article = this.article
    const current = this.annotations.find((a) => a.id === id)
    if (!article || !current) return
    const optimistic = { ...current, ...patch, attributes: { ...current.attributes, ...(patch.attributes ?? {}) } } as Annotation
    this.replaceAnnotation(optimistic)
    this.saves.push(
      async () => this.replaceAnnotation(await this.api.updateAnnotation(article.id, id, patch)),
      (error) => {
        this.replaceAnnotation(current)
        this.notify(`Change not saved: ${error.message}`, 'error')
      },
    )
  }

  private remove(id: string): void {
    const article = this.article
    const current = this.annotations.find((a) => a.id === id)
    if (!article || !current) return
    const index = this.annotations.indexOf(current)
    this.dropAnnotation(id)
    const next = this.annotations[Math.min(index, this.annotations.length - 1)]
    this.select(next?.id ?? null, { reveal: false })
    this.saves.push(
      () => this.api.deleteAnnotation(article.id, id),
      (error) => {
        this.putAnnotation(current)
        void this.view?.add(current)
        this.notify(`Not deleted: ${error.message}`, 'error')
      },
    )
  }

  private putAnnotation(a: Annotation): void {
    this.annotations = [...this.annotations, a].sort(byPosition)
    this.panel.setAnnotations(this.annotations)
    this.bumpCount(a.kind, 1)
  }

  private replaceAnnotation(a: Annotation): void {
    const old = this.annotations.find((x) => x.id === a.id)
    if (!old) return
    this.annotations = this.annotations.map((x) => (x.id === a.id ? a : x))
    // Redraw the highlight only when what it shows changed: a confirmation from main usually changes
    // nothing visible, and redrawing under a drag in progress would disturb the user's next selection.
    if (highlightKey(old) !== highlightKey(a)) this.view?.update(a)
    this.panel.setAnnotations(this.annotations)
  }

  private dropAnnotation(id: string): void {
    const gone = this.annotations.find((a) => a.id === id)
    if (!gone) return
    this.annotations = this.annotations.filter((a) => a.id !== id)
    this.view?.remove(id)
    this.panel.setAnnotations(this.annotations)
    this.bumpCount(gone.kind, -1)
    if (this.selectedId === id) this.select(null, { reveal: false })
  }

  /** Keeps the library's counts in step without asking main for the whole workspace again. */
  private bumpCount(kind: AnnotationKind, delta: number): void {
    const entry = this.workspace?.articles.find((a) => a.id === this.article?.id)
    if (!entry) return
    entry.counts = { ...entry.counts, [kind]: entry.counts[kind] + delta }
    this.library.setArticles(this.workspace!.articles)
  }

  private select(id: string | null, options: { reveal: boolean }): void {
    this.selectedId = id
    this.view?.select(id)
    this.panel.select(id)
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
    if (this.annotations.length === 0) return
    const i = this.annotations.findIndex((a) => a.id === this.selectedId)
    const next = i < 0 ? (delta > 0 ? 0 : this.annotations.length - 1) : Math.min(this.annotations.length - 1, Math.max(0, i + delta))
    this.select(this.annotations[next].id, { reveal: true })
  }

  /** Keys pressed in the article view; true when handled. */
  private onArticleKey(e: KeyboardEvent): boolean {
    if ((e.key === 'Delete' || e.key === 'Backspace') && this.selectedId) {
      this.remove(this.selectedId)
      return true
    }
    if (e.key === 'Escape' && this.selectedId) {
      this.select(null, { reveal: false })
      return true
    }
    return this.navigationKey(e)
  }

  private navigationKey(e: KeyboardEvent): boolean {
    const plain = !e.ctrlKey && !e.metaKey && !e.altKey
    if ((plain && e.key === 'j') || (e.altKey && e.key === 'ArrowDown')) this.step(1)
    else if ((plain && e.key === 'k') || (e.altKey && e.key === 'ArrowUp')) this.step(-1)
    else if (e.altKey && e.key === 'PageDown') this.library.step(1)
    else if (e.altKey && e.key === 'PageUp') this.library.step(-1)
    else if (e.key === '?') void showShortcuts()
    else if (e.key === 'Enter' && plain && this.selectedId) this.panel.focusEditor()
    else return false
    e.preventDefault()
    return true
  }

  /** Keys pressed anywhere else in the window (not while typing in a field). */
  private onKeyDown(e: KeyboardEvent): void {
    if (e.defaultPrevented || isTypingTarget(e.target)) {
      if (e.key === 'Escape' && isTypingTarget(e.target)) this.view?.focus()
      return
    }
    if (this.view?.view.hasFocus()) return // the article view handled it already
    if ((e.key === 'Delete' || e.key === 'Backspace') && this.selectedId) {
      e.preventDefault()
      this.remove(this.selectedId)
    } else if (e.key === 'Escape') {
      this.view?.focus()
    } else if (!e.ctrlKey && !e.metaKey && !e.altKey && ['q', 'c', 'e'].includes(e.key.toLowerCase()) && this.view?.selection()) {
      e.preventDefault()
      this.tagSelection(({ q: 'quote', c: 'claim', e: 'entity' } as const)[e.key.toLowerCase() as 'q' | 'c' | 'e'])
    } else {
      this.navigationKey(e)
    }
  }

  private async export(): Promise<void> {
    if (!this.workspace) return this.notify('Open a workspace first.', 'info')
    const scope = await chooseExportScope(this.article !== null, this.workspace.articles.length)
    if (!scope) return
    const result = await this.call(() => this.api.exportAnnotations({ scope, articleId: this.article?.id, format: 'json' }))
    if (result) this.notify(`Exported ${result.articles} article${result.articles === 1 ? '' : 's'} and ${result.annotations} annotations to ${result.path}`, 'info')
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
    const note = h('div', { class: `sw-notice is-${level}`, role: level === 'error' ? 'alert' : 'status' }, message, h('button', { class: 'sw-notice-close', 'aria-label': 'Dismiss', onclick: () => note.remove() }, '×'))
    this.notices.append(note)
    if (level === 'info') setTimeout(() => note.remove(), 6000)
  }
}
