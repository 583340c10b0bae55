/**
 * The main-process implementation of the WorkbenchApi contract (src/shared/api.ts). Arguments reach
 * it already validated (api-dispatch.ts). It holds the open workspace and turns internal failures into
 * messages a journalist can act on.
 *
 * Just over 500 lines: one method per contract entry, each a line or two of delegation. The sync
 * methods (syncStatus … syncAuthors) and the settings ones (language, recent workspaces, view) are the
 * seams to move into fronts of their own when it grows again.
 */
import { promises as fs } from 'node:fs'
import { basename, join } from 'node:path'
import type { RecentWorkspace, ViewSettings, ViewSettingsPatch } from '../shared/view-settings'
import type { ExportRequest, ExportResult, WorkbenchEvent, WorkbenchHandlers } from '../shared/api'
import type {
  Annotation,
  AnnotationDraft,
  AnnotationPatch,
  Comparison,
  Entity,
  EntityDeleteRecord,
  EntityDraft,
  EntityMentions,
  EntityPatch,
  ImportOutcome,
  Link,
  LinkDraft,
  LinkView,
  MergeRecord,
  EntityProposal,
  ProposalAcceptRecord,
  MetadataPatch,
  OccurrenceGroups,
  SearchResults,
  WorkspaceState,
  OcrLanguage,
} from '../shared/model'
import { ExportCancelled, exportFileName, writeExport } from './export/export-writer'
import type { Host } from './host'
import { packArticle, type PackedArticle } from '../shared/packed-article'
import { Settings } from './settings'
import { said, sayText, type LanguagePreference, type Said } from '../shared/i18n'
import { createTextArticle, importFiles, type IncomingFile } from './workspace/import-files'
import { WorkspaceSearch } from './search/workspace-search'
import { workspaceSearchFiles, workspaceSearchSource } from './search/workspace-source'
import { watchWorkspace } from './workspace/watcher'
import { UserError } from '../shared/errors'
import { disposeAll, type Disposable } from '../shared/event'
import { Workspace } from './workspace/workspace'
import { LibraryFeed } from './library-feed'
import type { ClaimRow, ClaimStatusChange } from '../shared/claims'
import { isReportFormat, reportFileName } from '../shared/export/report-formats'
import { listClaims, setClaimStatuses } from './desk/desk'
import { writeReport } from './export/report-export'
import type { AuthorsByArticle, ConflictChoice, SyncConflict, SyncConnectRequest, SyncStatus } from '../shared/sync'
import { installedModels } from './import/ocr'
import { WorkspaceSync } from './sync/workspace-sync'

export class WorkbenchService implements WorkbenchHandlers {
  private workspace: Workspace | null = null
  /** What the window is told of the open workspace's library: whole states, then deltas. */
  private feed: LibraryFeed | null = null
  private watcher: { close(): Promise<void> } | null = null
  private importCancelled = false
  private exportCancelled = false
  private searchIndex: WorkspaceSearch | null = null
  /** The open workspace's events this service follows (search, the window). */
  private subscriptions: Disposable[] = []
  /** Sync of the open workspace with the team's CouchDB (src/main/sync). */
  private readonly sync: WorkspaceSync

  private constructor(
    private readonly host: Host,
    private readonly settings: Settings,
  ) {
    this.sync = new WorkspaceSync({
      userDataDir: host.userDataDir,
      secrets: host.secrets,
      statusChanged: (status) => host.emit({ type: 'sync-status', status }),
      received: (articleIds) => host.emit({ type: 'articles-changed', articleIds }),
      conflictsChanged: (conflicts) => host.emit({ type: 'sync-conflicts', conflicts }),
      authorsChanged: (authors) => host.emit({ type: 'sync-authors', authors }),
    })
  }

  static async create(host: Host): Promise<WorkbenchService> {
    await fs.mkdir(host.userDataDir, { recursive: true })
    return new WorkbenchService(host, await Settings.load(host.userDataDir))
  }

  /** The workspace the app should open at start: the command line's, else the last one used. */
  get lastWorkspace(): string | null {
    return this.settings.lastWorkspace
  }

  /** Opens a workspace folder and tells the renderer. Used by the menu, the command line and tests. */
  async openWorkspace(root: string): Promise<WorkspaceState> {
    const next: Workspace = await Workspace.open(root, {
      onRecover: (report) =>
        this.host.emit(
          // Nothing set aside: a file rebuilt from its change journal, the reason says what is missing.
          !report.movedTo
            ? { type: 'notice', level: 'error', message: report.reason }
            : notice('error', said(report.restored ? 'notice.dataRestored' : 'notice.dataNoEarlier', { path: report.movedTo })),
        ),
      onOcrProgress: (path, { page, pages }) =>
        this.host.emit({ type: 'progress', task: 'ocr', done: page - 1, total: pages, label: path }),
      onOcrEnd: (path) => this.host.emit({ type: 'progress', task: 'ocr', done: 1, total: 1, label: path }),
      onReanchor: (r) =>
        this.host.emit(
          notice(
            r.orphaned > 0 ? 'error' : 'info',
            said(r.orphaned ? 'notice.reanchoredOrphans' : 'notice.reanchored', { ...r }),
          ),
        ),
    })
    await this.close()
    this.workspace = next
    const feed = (this.feed = new LibraryFeed(next))
    // Only what the watcher saw change is looked at again (a stat of every file costs seconds at 100,000).
    this.watcher = watchWorkspace(next.root, (paths) => void this.rescan(next, paths))
    this.searchIndex = new WorkspaceSearch(workspaceSearchSource(next), workspaceSearchFiles(next))
    // After a warm open the folder's check waits for the search index to be taken back: a query waits
    // for that, and both would take turns of this one thread.
    next.library.holdCheckFor(this.searchIndex.takenBack())
    this.subscriptions = [
      ...this.searchIndex.follow(next.events),
      // Rows changed (counts and languages filled in after the open, edited metadata): the library shows
      // them as they come. Files changed on disk: the open article is re-read too.
      // Finding names over a large workspace takes a while: the window shows how far it is, with a Cancel.
      next.discovery.onProgress(({ done, total }) =>
        this.host.emit({ type: 'progress', task: 'discovery', done, total, label: '' }),
      ),
      next.events.onDidChangeArticles(({ articleIds, content }) => {
        const delta = feed.delta(articleIds)
        if (delta) this.host.emit({ type: 'library-delta', delta })
        if (content) this.host.emit({ type: 'articles-changed', articleIds })
      }),
    ]
    // Built in the background: opening a workspace never waits for its search index.
    setTimeout(() => void this.searchIndex?.build(), 50)
    await this.settings.setLastWorkspace(next.root)
    void this.emitRecent()
    // Another Spanwise writes this workspace (or its folder cannot be written): say so, with whom.
    if (next.readOnly)
      this.host.emit({
        type: 'notice',
        level: 'error',
        message: next.readOnly,
        ...(next.readOnlySaid ? { said: next.readOnlySaid } : {}),
      })
    const state = this.state()!
    this.host.emit({ type: 'workspace-changed', state })
    // Synced before and its password kept: sync resumes in the background (offline is a status).
    void this.sync.opened(next)
    return state
  }

  /** The recent workspaces, newest first; a folder no longer there says so (and stays until removed). */
  async listRecentWorkspaces(): Promise<RecentWorkspace[]> {
    return Promise.all(
      this.settings.recentWorkspaces.map(async (path) => ({
        path,
        name: basename(path) || path,
        missing: !(await fs.stat(path).catch(() => null))?.isDirectory(),
      })),
    )
  }

  async openRecentWorkspace(path: string): Promise<WorkspaceState> {
    if (!this.settings.recentWorkspaces.includes(path))
      throw new UserError('That folder is not among the recent workspaces: open it with Open folder….', 'not-found')
    if (!(await fs.stat(path).catch(() => null))?.isDirectory())
      throw new UserError(`The folder ${path} is no longer there (moved or deleted): nothing was opened.`, 'not-found')
    return this.openWorkspace(path)
  }

  async forgetRecentWorkspace(path: string): Promise<RecentWorkspace[]> {
    if (!this.settings.recentWorkspaces.includes(path))
      throw new UserError('That folder is not among the recent workspaces.', 'not-found')
    await this.settings.forgetWorkspace(path)
    return this.emitRecent()
  }

  /** Tells the window and the File menu that the recent list changed. */
  private async emitRecent(): Promise<RecentWorkspace[]> {
    const recent = await this.listRecentWorkspaces()
    this.host.emit({ type: 'recent-workspaces', recent })
    return recent
  }

  async getViewSettings(): Promise<ViewSettings> {
    return this.settings.view
  }

  async setViewSettings(patch: ViewSettingsPatch): Promise<ViewSettings> {
    return this.settings.updateView(patch)
  }

  /** Resolves when the open workspace has filled in its library in the background (counts, languages). */
  async settled(): Promise<void> {
    await this.workspace?.settled()
  }

  async close(): Promise<void> {
    await this.sync.closed()
    disposeAll(this.subscriptions)
    // What the search index learned is written to .spanwise/search/ before the workspace lets go.
    const search = this.searchIndex
    this.searchIndex = null
    await search?.stop()
    await this.watcher?.close()
    this.watcher = null
    await this.workspace?.close()
  }

  /** Files changed on disk: refresh the library (which announces the articles that changed). */
  private async rescan(workspace: Workspace, changedPaths?: readonly string[]): Promise<void> {
    if (workspace !== this.workspace) return
    await workspace.refresh(changedPaths).catch(() => [] as string[])
  }

  async getWorkspace(): Promise<WorkspaceState | null> {
    return this.state()
  }

  async chooseWorkspace(): Promise<WorkspaceState | null> {
    const folder = await this.host.chooseFolder()
    return folder ? this.openWorkspace(folder) : null
  }

  async openSampleWorkspace(): Promise<WorkspaceState> {
    const target = join(this.host.userDataDir, 'Spanwise sample workspace')
    // Copy once; after that the copy is the user's, annotations and all.
    if (!(await fs.stat(target).catch(() => null))) {
      await fs.cp(this.host.sampleWorkspaceSource, target, { recursive: true, errorOnExist: false })
    }
    return this.openWorkspace(target)
  }

  /** Packed for the window: a third of the bytes to move (shared/packed-article.ts). */
  async openArticle(articleId: string): Promise<PackedArticle> {
    return packArticle(await this.current().openArticle(articleId, { context: false }))
  }

  async createAnnotation(articleId: string, draft: AnnotationDraft): Promise<Annotation> {
    return this.current().createAnnotation(articleId, draft)
  }

  async updateAnnotation(articleId: string, annotationId: string, patch: AnnotationPatch): Promise<Annotation> {
    return this.current().updateAnnotation(articleId, annotationId, patch)
  }

  async deleteAnnotation(articleId: string, annotationId: string): Promise<Link[]> {
    return this.current().deleteAnnotation(articleId, annotationId)
  }

  async restoreAnnotation(articleId: string, annotation: Annotation, links: Link[]): Promise<Annotation> {
    return this.current().restoreAnnotation(articleId, annotation, links)
  }

  async reattachAnnotation(articleId: string, annotationId: string, start: number, end: number): Promise<Annotation> {
    return this.current().reattachAnnotation(articleId, annotationId, start, end)
  }

  async addClaimStatus(label: string): Promise<string[]> {
    return this.current().addClaimStatus(label)
  }

  async listEntities(): Promise<Entity[]> {
    return this.current().entities()
  }

  async createEntity(draft: EntityDraft): Promise<Entity> {
    return this.current().createEntity(draft)
  }

  async updateEntity(id: string, patch: EntityPatch): Promise<Entity> {
    return this.current().updateEntity(id, patch)
  }

  async deleteEntity(id: string): Promise<EntityDeleteRecord> {
    return this.current().deleteEntity(id)
  }

  async undoDeleteEntity(record: EntityDeleteRecord): Promise<Entity> {
    return this.current().undoDeleteEntity(record)
  }

  async mergeEntities(keepId: string, removeId: string): Promise<MergeRecord> {
    return this.current().mergeEntities(keepId, removeId)
  }

  async undoMerge(record: MergeRecord): Promise<Entity> {
    return this.current().undoMerge(record)
  }

  async entityMentions(id: string): Promise<EntityMentions> {
    return this.current().entityMentions(id)
  }

  async suggestEntities(): Promise<EntityProposal[]> {
    return this.current().discovery.suggest()
  }

  async cancelEntityDiscovery(): Promise<null> {
    this.workspace?.discovery.cancel()
    return null
  }

  async acceptEntityProposal(proposal: EntityProposal, newId: string): Promise<ProposalAcceptRecord> {
    return this.current().discovery.accept(proposal, newId)
  }

  async undoAcceptEntityProposal(record: ProposalAcceptRecord): Promise<null> {
    await this.current().discovery.undoAccept(record)
    return null
  }

  async rejectEntityProposal(key: string, rejected: boolean): Promise<string[]> {
    return this.current().discovery.reject(key, rejected)
  }

  async compareArticles(leftId: string, rightId: string): Promise<Comparison> {
    return this.current().compare(leftId, rightId)
  }

  async fixAlignment(leftId: string, rightId: string, left: number, right: number): Promise<Comparison> {
    return this.current().fixAlignment(leftId, rightId, left, right)
  }

  async search(query: string): Promise<SearchResults> {
    this.current()
    if (!this.searchIndex) return { total: 0, groups: [], complete: true }
    return this.searchIndex.search(query)
  }

  async findEntityOccurrences(id: string): Promise<OccurrenceGroups> {
    return this.current().findOccurrences(id)
  }

  async listLinks(articleId: string): Promise<LinkView[]> {
    return this.current().linksFor(articleId)
  }

  async createLink(draft: LinkDraft): Promise<Link> {
    return this.current().createLink(draft)
  }

  async deleteLink(id: string): Promise<Link> {
    return this.current().deleteLink(id)
  }

  async exportAnnotations(request: ExportRequest): Promise<ExportResult | null> {
    const workspace = this.current()
    const format = request.format ?? 'json'
    let articleIds: string[] | undefined
    let base = workspace.name
    if (request.scope === 'article') {
      if (!request.articleId || !workspace.has(request.articleId)) throw new UserError('Open an article to export it')
      articleIds = [request.articleId]
      const path = workspace.articles().find((a) => a.id === request.articleId)!.path
      base = path
        .split('/')
        .pop()!
        .replace(/\.[^.]+$/, '')
    } else if (request.scope === 'articles') {
      articleIds = (request.articleIds ?? []).filter((id) => workspace.has(id))
      if (articleIds.length === 0) throw new UserError('Choose at least one article to export')
    }
    if (isReportFormat(format)) {
      const name = reportFileName(base, format)
      const outPath = await this.host.chooseSavePath(name, name.split('.').pop()!)
      const print = this.host.printToPdf?.bind(this.host)
      const language = request.language
      return outPath ? writeReport(workspace, outPath, { format, articleIds, printToPdf: print, language }) : null
    }
    const extension = format === 'brat' ? '' : exportFileName('x', format).split('.').pop()!
    const outPath = await this.host.chooseSavePath(exportFileName(base, format), extension)
    if (!outPath) return null
    this.exportCancelled = false
    try {
      return await writeExport(workspace, outPath, {
        format,
        articleIds,
        isCancelled: () => this.exportCancelled,
        onProgress: (done, total) => {
          if (total > 20 && (done % 25 === 0 || done === total))
            this.host.emit({ type: 'progress', task: 'export', done, total, label: '' })
        },
      })
    } catch (error) {
      if (error instanceof ExportCancelled) return null
      throw error
    } finally {
      this.host.emit({ type: 'progress', task: 'export', done: 1, total: 1, label: '' })
    }
  }

  async cancelOcr(articleId: string): Promise<null> {
    this.current().cancelOcr(articleId)
    return null
  }

  async retryOcr(articleId: string): Promise<null> {
    this.current().retryOcr(articleId)
    return null
  }

  async rereadOcr(articleId: string, models: string[]): Promise<null> {
    await this.current().rereadOcr(articleId, models)
    return null
  }

  async ocrLanguages(): Promise<OcrLanguage[]> {
    return installedModels()
  }

  async cancelExport(): Promise<null> {
    this.exportCancelled = true
    return null
  }

  async importFiles(): Promise<ImportOutcome> {
    const workspace = this.current()
    const paths = await this.host.chooseFiles()
    return this.runImport(
      workspace,
      paths.map((p) => ({ name: basename(p), read: () => fs.readFile(p) })),
    )
  }

  async importFileData(files: { name: string; base64: string }[]): Promise<ImportOutcome> {
    const workspace = this.current()
    return this.runImport(
      workspace,
      files.map((f) => ({ name: f.name, read: async () => Buffer.from(f.base64, 'base64') })),
    )
  }

  async cancelImport(): Promise<null> {
    this.importCancelled = true
    return null
  }

  private async runImport(workspace: Workspace, files: IncomingFile[]): Promise<ImportOutcome> {
    this.importCancelled = false
    const outcome = await importFiles(workspace.root, files, {
      isCancelled: () => this.importCancelled,
      ocr: (name) => workspace.ocrOptions(name),
      onProgress: (done, total, label) => this.host.emit({ type: 'progress', task: 'import', done, total, label }),
    })
    await this.rescan(workspace)
    return outcome
  }

  async createArticle(input: { title: string; text: string }): Promise<string> {
    const workspace = this.current()
    const name = await createTextArticle(workspace.root, input.title, input.text)
    await this.rescan(workspace)
    const created = workspace.articles().find((a) => a.path === name)
    if (!created) throw new UserError('The new article could not be read back')
    return created.id
  }

  async updateArticleMetadata(articleId: string, patch: MetadataPatch): Promise<WorkspaceState> {
    // The workspace announces the change, and the window hears it (see openWorkspace).
    await this.current().updateMetadata(articleId, patch as Record<string, string>)
    return this.state()!
  }

  async getLanguage(): Promise<LanguagePreference> {
    return this.settings.language
  }

  /** Remembers the interface language and tells the window (and Electron's menus, through the host). */
  async setLanguage(preference: LanguagePreference): Promise<null> {
    await this.settings.setLanguage(preference)
    this.host.emit({ type: 'language', preference })
    return null
  }

  async syncStatus(): Promise<SyncStatus> {
    return this.sync.status()
  }

  async syncConnect(request: SyncConnectRequest): Promise<SyncStatus> {
    return this.sync.connect(this.current(), request)
  }

  async syncDisconnect(): Promise<SyncStatus> {
    return this.sync.disconnect()
  }

  async syncConflicts(): Promise<SyncConflict[]> {
    return this.sync.conflicts()
  }

  async syncResolve(id: string, choice: ConflictChoice): Promise<null> {
    await this.sync.resolve(id, choice)
    return null
  }

  async syncAuthors(): Promise<AuthorsByArticle> {
    this.current()
    return this.sync.authors()
  }

  async listClaims(): Promise<ClaimRow[]> {
    return listClaims(this.current())
  }

  async setClaimStatuses(changes: ClaimStatusChange[]): Promise<ClaimStatusChange[]> {
    // Each change is an annotation update, which the workspace announces to search and the window.
    return setClaimStatuses(this.current(), changes)
  }

  private state(): WorkspaceState | null {
    return this.workspace ? this.feed!.state() : null
  }

  private current(): Workspace {
    if (!this.workspace) throw new UserError('Open a workspace first (File → Open Workspace…)', 'no-workspace')
    return this.workspace
  }
}

/** A notice for the window: in main's language, and by key (`said`) for the window to word in its own. */
function notice(level: 'info' | 'error', message: Said): WorkbenchEvent {
  return { type: 'notice', level, message: sayText(message), said: message }
}
