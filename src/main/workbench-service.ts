/**
 * The main-process implementation of the WorkbenchApi contract (src/shared/api.ts). Arguments reach
 * it already validated (api-dispatch.ts). It holds the open workspace and turns internal failures into
 * messages a journalist can act on.
 */
import { promises as fs } from 'node:fs'
import { basename, join } from 'node:path'
import type { ExportRequest, ExportResult, WorkbenchHandlers } from '../shared/api'
import type {
  Annotation,
  AnnotationDraft,
  AnnotationPatch,
  Entity,
  EntityDraft,
  EntityMentions,
  EntityPatch,
  ImportOutcome,
  Link,
  LinkDraft,
  LinkView,
  MergeRecord,
  MetadataPatch,
  OccurrenceGroups,
  OpenedArticle,
  WorkspaceState,
} from '../shared/model'
import { writeExport } from './export/export-writer'
import type { Host } from './host'
import { Settings } from './settings'
import { createTextArticle, importFiles, type IncomingFile } from './workspace/import-files'
import { watchWorkspace } from './workspace/watcher'
import { UserError, Workspace } from './workspace/workspace'

export class WorkbenchService implements WorkbenchHandlers {
  private workspace: Workspace | null = null
  private watcher: { close(): Promise<void> } | null = null
  private importCancelled = false

  private constructor(
    private readonly host: Host,
    private readonly settings: Settings,
  ) {}

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
    const next = await Workspace.open(root, {
      onRecover: (report) =>
        this.host.emit({
          type: 'notice',
          level: 'error',
          message: report.restored
            ? `A damaged data file was set aside (${report.movedTo}) and the last good version restored.`
            : `A damaged data file was set aside (${report.movedTo}); no earlier version existed.`,
        }),
      onReanchor: (r) =>
        this.host.emit({
          type: 'notice',
          level: r.orphaned > 0 ? 'error' : 'info',
          message: `${r.path} changed on disk: annotations re-anchored (${r.unchanged} in place, ${r.moved} moved, ${r.fuzzy} fuzzy-matched, ${r.orphaned} orphaned${r.orphaned ? ': see the panel to re-attach them' : ''}).`,
        }),
    })
    await this.close()
    this.workspace = next
    this.watcher = watchWorkspace(next.root, () => void this.rescan(next))
    await this.settings.setLastWorkspace(next.root)
    const state = this.state()!
    this.host.emit({ type: 'workspace-changed', state })
    return state
  }

  async close(): Promise<void> {
    await this.watcher?.close()
    this.watcher = null
    await this.workspace?.close()
  }

  /** Files changed on disk: refresh the library and tell the renderer which articles changed. */
  private async rescan(workspace: Workspace): Promise<void> {
    if (workspace !== this.workspace) return
    const changed = await workspace.refresh().catch(() => [] as string[])
    if (changed.length === 0 || workspace !== this.workspace) return
    this.host.emit({ type: 'workspace-changed', state: this.state() })
    this.host.emit({ type: 'articles-changed', articleIds: changed })
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

  async openArticle(articleId: string): Promise<OpenedArticle> {
    return this.current().openArticle(articleId)
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

  async deleteEntity(id: string): Promise<{ unlinked: number }> {
    return this.current().deleteEntity(id)
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
    let articleIds: string[] | undefined
    let defaultName = `${workspace.name}.spanwise.json`
    if (request.scope === 'article') {
      if (!request.articleId || !workspace.has(request.articleId)) throw new UserError('Open an article to export it')
      articleIds = [request.articleId]
      const path = workspace.articles().find((a) => a.id === request.articleId)!.path
      defaultName = `${path.split('/').pop()!.replace(/\.[^.]+$/, '')}.spanwise.json`
    }
    const outPath = await this.host.chooseSavePath(defaultName, 'json')
    if (!outPath) return null
    return writeExport(workspace, outPath, {
      format: request.format ?? 'json',
      articleIds,
      onProgress: (done, total) => {
        if (total > 20 && (done % 50 === 0 || done === total)) {
          this.host.emit({ type: 'notice', level: 'info', message: `Exporting… ${done} of ${total} articles` })
        }
      },
    })
  }

  async importFiles(): Promise<ImportOutcome> {
    const workspace = this.current()
    const paths = await this.host.chooseFiles()
    return this.runImport(workspace, paths.map((p) => ({ name: basename(p), read: () => fs.readFile(p) })))
  }

  async importFileData(files: { name: string; base64: string }[]): Promise<ImportOutcome> {
    const workspace = this.current()
    return this.runImport(workspace, files.map((f) => ({ name: f.name, read: async () => Buffer.from(f.base64, 'base64') })))
  }

  async cancelImport(): Promise<null> {
    this.importCancelled = true
    return null
  }

  private async runImport(workspace: Workspace, files: IncomingFile[]): Promise<ImportOutcome> {
    this.importCancelled = false
    const outcome = await importFiles(workspace.root, files, {
      isCancelled: () => this.importCancelled,
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
    await this.current().updateMetadata(articleId, patch as Record<string, string>)
    const state = this.state()!
    this.host.emit({ type: 'workspace-changed', state })
    return state
  }

  private state(): WorkspaceState | null {
    const ws = this.workspace
    return ws ? { root: ws.root, name: ws.name, articles: ws.articles(), claimStatuses: ws.customClaimStatuses() } : null
  }

  private current(): Workspace {
    if (!this.workspace) throw new UserError('Open a workspace first (File → Open Workspace…)')
    return this.workspace
  }
}
