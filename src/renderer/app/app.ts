/**
 * The workbench window, wired: one Session (the observable state: workspace, open article, annotations,
 * selection, suggestions, links, filter), the views that draw from it (library, panel, entities,
 * search, the article host) and the controllers that change it (annotation commands with undo, entity
 * actions, suggestions, linking, the article, the claims board, files, keys), over `window.workbench`. Every change is a
 * Command on the undo stack: shown at once and queued for main (SaveQueue), so the disk follows the
 * screen step by step. App itself only builds and connects them, and routes main's events.
 */
import type { WorkbenchClient, WorkbenchEvent } from '../../shared/api'
import type { AnnotationKind } from '../../shared/model'
import { AnnotationCommands } from './annotation-commands'
import { AnnotationPanel } from './annotation-panel'
import { ArticleController } from './article-controller'
import { ArticleHost } from './article-host'
import { BoardController } from './board-controller'
import { call, type AppContext } from './context'
import { EntitiesView } from './entities-view'
import { EntityActions } from './entity-actions'
import { EntityStore } from './entity-store'
import { saidText } from './error-text'
import { Files } from './files'
import { Keys, showHelp } from './keys'
import { applyLanguage, loadLanguage } from './language'
import { Layout } from './layout'
import { Library } from './library'
import { LibraryState } from './library-state'
import { Linking } from './linking'
import { Room } from './room'
import { SaveQueue } from './save-queue'
import type { ConflictViewDeps } from './conflict-view'
import { errorText } from './error-text'
import { SyncStore } from './sync-store'
import { SyncView } from './sync-view'
import { SearchView } from './search-view'
import { Session } from './session'
import { Suggestions } from './suggestions'
import { UndoStack } from './undo'
import { keepTimesTrue } from './dom'

export class App {
  private readonly session = new Session()
  private readonly layout: Layout
  private readonly article: ArticleController
  private readonly commands: AnnotationCommands
  private readonly files: Files
  private readonly keys: Keys
  private readonly board: BoardController
  private readonly sync: SyncView
  /** Sync with the team as main announces it: status, conflicts, who changed what. */
  private readonly syncStore: SyncStore
  private readonly saves: SaveQueue
  private readonly room: Room
  /** The window's copy of the library: whole states and deltas from main. */
  private readonly libraryState: LibraryState

  constructor(
    private readonly root: HTMLElement,
    private readonly api: WorkbenchClient,
  ) {
    const session = this.session
    this.libraryState = new LibraryState(
      () => session.workspace,
      (state) => session.setWorkspace(state),
      () => api.getWorkspace(),
    )
    const entities = new EntityStore(api, session)
    this.saves = new SaveQueue((status) => this.layout.showSaveStatus(status, this.saves))
    const ctx: AppContext = {
      api,
      session,
      entities,
      undo: new UndoStack(),
      saves: this.saves,
      notify: (message, level) => this.layout.notify(message, level),
    }
    const syncStore = (this.syncStore = new SyncStore(api))
    const conflictDeps: ConflictViewDeps = {
      // Not an undo step: the choice reaches the teammates at once (docs/sync.md says why).
      resolve: (id, choice) => syncStore.resolve(id, choice).catch((e: unknown) => ctx.notify(errorText(e), 'error')),
      entityName: (id) => entities.get(id)?.name,
    }
    const host = new ArticleHost(session)
    const commands = (this.commands = new AnnotationCommands(ctx, host))
    const entityActions = new EntityActions(ctx, commands)
    const suggestions = new Suggestions(ctx, commands)
    const linking = new Linking(ctx, commands)
    const goTo = (articleId: string, annotationId: string) => void this.article.goTo(articleId, annotationId)

    const library = new Library(
      session,
      (id) => void this.article.open(id),
      (id) => void call(ctx, () => api.cancelOcr(id)),
      (id) => void call(ctx, () => api.retryOcr(id)),
    )
    const panel = new AnnotationPanel(session, entities, syncStore, conflictDeps, {
      select: (id) => session.select(id, true),
      edit: (id, patch) => commands.edit(id, patch),
      remove: (id) => commands.remove(id),
      pickEntity: (id, choice, query) => entityActions.pickEntity(id, choice, query),
      setEntityType: (entityId, type) => entityActions.setEntityType(entityId, type),
      addClaimStatus: (id) => void commands.addClaimStatus(id),
      startLinking: (id) => linking.start(id),
      followLink: (v) => goTo(v.other.articleId, v.other.annotationId),
      unlink: (v) => linking.unlink(v),
      reattach: (id) => commands.reattach(id),
      suggestQuotes: () => suggestions.suggestQuotes(),
      suggestMentions: (entityId) => suggestions.suggestMentions(entityId),
      selectSuggestion: (id) => suggestions.select(id),
      acceptSuggestions: (ids) => suggestions.accept(ids),
      rejectSuggestions: (ids) => suggestions.reject(ids),
    })
    const entitiesView = new EntitiesView(entities, syncStore, conflictDeps, {
      mentions: (id) => api.entityMentions(id),
      open: goTo,
      update: (entity, patch) => entityActions.update(entity, patch),
      merge: (keep, remove) => entityActions.merge(keep, remove),
      remove: (entity) => void entityActions.remove(entity),
      occurrences: (id) => api.findEntityOccurrences(id),
      accept: (entity, matches) => entityActions.acceptOccurrences(entity, matches),
      proposals: () => api.suggestEntities(),
      acceptProposal: (p) => entityActions.acceptProposal(p),
      rejectProposal: (p) => entityActions.rejectProposal(p),
      entityName: (id) => entities.get(id)?.name,
      articleTitle: (id) => session.workspace?.articles.find((a) => a.id === id)?.title ?? '',
      openAt: (articleId, start, end) => void this.article.openAt(articleId, { start, end }),
    })
    session.onDidChangeSidebarTab((tab) => tab === 'entities' && void entitiesView.refresh())
    const searchView = new SearchView(session, api, {
      openText: (articleId, start, end) => void this.article.openAt(articleId, { start, end }),
      openAnnotation: goTo,
      openEntity: () => session.setSidebarTab('entities'),
    })

    this.layout = new Layout(
      session,
      {
        articles: library.element,
        entities: entitiesView.element,
        search: searchView.element,
        article: host.element,
        panel: panel.element,
      },
      {
        chooseWorkspace: () => void this.files.chooseWorkspace(),
        importFiles: () => void this.files.importFiles(),
        pasteArticle: () => void this.files.pasteArticle(),
        tag: (kind) => commands.tagSelection(kind),
        undo: () => commands.undoLast(),
        redo: () => commands.redoLast(),
        export: () => void this.files.export(),
        claimsBoard: () => this.board.open(),
        stopLinking: () => linking.stop(),
        shortcuts: () => void showHelp(),
      },
    )
    const room = (this.room = new Room(api, this.layout.body))
    this.sync = new SyncView(api, syncStore, conflictDeps)
    this.layout.syncSlot.append(this.sync.element)
    session.onDidChangeWorkspace(() => void syncStore.load())
    this.board = new BoardController(ctx, this.layout, syncStore, {
      goTo,
      reload: (ids) => void this.article.reloadAnnotations(ids),
      focusText: () => host.view?.focus(),
    })
    this.keys = new Keys(ctx, {
      host,
      commands,
      suggestions,
      linking,
      panel,
      library,
      room,
      openBoard: () => this.board.open(),
    })
    this.article = new ArticleController(
      ctx,
      host,
      this.layout,
      linking,
      { onTagKey: (kind, range) => commands.tag(kind, range), onKeyDown: (e) => this.keys.onArticleKey(e) },
      () => void this.files.chooseWorkspace(),
    )
    this.files = new Files(ctx, this.layout, (id) => this.article.open(id))
  }

  async start(): Promise<void> {
    // Keys pressed while the window is built are kept and run once it is (keys.ready()).
    this.keys.listen()
    const roomLoaded = this.room.load()
    await loadLanguage(this.api)
    this.layout.mount(this.root, this.room)
    await roomLoaded
    this.files.acceptDroppedFiles()
    this.api.onEvent((e) => this.onEvent(e))
    this.keys.ready()
    // "by Ana · 5 min ago" is rewritten as the minutes pass (the window lives as long as the page).
    keepTimesTrue()
    window.addEventListener('beforeunload', (e) => {
      if (this.saves.pending > 0) e.preventDefault()
    })
    // The library can change in the background right after a workspace opens (counts filled in): the
    // deltas that overtake this answer are applied after it (LibraryState).
    await this.libraryState.resync()
  }

  async openArticle(id: string): Promise<void> {
    await this.article.open(id)
  }

  private onEvent(event: WorkbenchEvent): void {
    if (event.type === 'workspace-changed') this.libraryState.state(event.state)
    else if (event.type === 'library-delta') this.libraryState.delta(event.delta)
    else if (event.type === 'notice') this.layout.notify(saidText(event.said, event.message), event.level)
    else if (event.type === 'articles-changed') void this.article.articlesChanged(event.articleIds)
    else if (event.type === 'progress') this.files.showProgress(event.task, event.done, event.total, event.label)
    else if (event.type === 'recent-workspaces') this.article.welcome.show(event.recent)
    else if (event.type === 'language') applyLanguage(event.preference)
    else if (event.type === 'sync-status') this.syncStore.setStatus(event.status)
    else if (event.type === 'sync-conflicts') this.syncStore.setConflicts(event.conflicts)
    else if (event.type === 'sync-authors') this.syncStore.setAuthors(event.authors)
    else if (event.command === 'toggle-library') this.room.toggleLibrary()
    else if (event.command === 'toggle-panel') this.room.togglePanel()
    else if (event.command === 'reading-mode') this.room.setReading(!this.room.isReading)
    else if (event.command.startsWith('text-'))
      this.room.textStep(event.command === 'text-bigger' ? 1 : event.command === 'text-smaller' ? -1 : 0)
    else if (event.command === 'open-workspace') void this.files.chooseWorkspace()
    else if (event.command === 'import') void this.files.importFiles()
    else if (event.command === 'paste-article') void this.files.pasteArticle()
    else if (event.command === 'export') void this.files.export()
    else if (event.command === 'export-report') void this.files.export('report')
    else if (event.command === 'claims-board') this.board.open()
    else if (event.command === 'shortcuts') void showHelp()
    else this.commands.tagSelection(event.command.slice(4) as AnnotationKind)
  }
}
