/**
 * The window's copy of sync with the team: the status, the conflicts waiting for the user and who last
 * changed each annotation. Main announces each change (`sync-status`, `sync-conflicts`, `sync-authors`
 * events, routed here by App); the toolbar's status, the sync dialog, the annotation list and editor
 * and the claims board subscribe to `onDidChange` and draw from it, so they stay in step. When the
 * workspace does not sync, it holds nothing and `syncing` is false: no view shows anything of authors.
 */
import type { WorkbenchClient } from '../../shared/api'
import type { AuthorsByArticle, ConflictChoice, SyncAuthor, SyncConflict, SyncStatus } from '../../shared/sync'
import { Emitter } from './emitter'

export class SyncStore {
  private _status: SyncStatus | null = null
  private _conflicts: SyncConflict[] = []
  private authors = new Map<string, Record<string, SyncAuthor>>()
  private loadSeq = 0
  /**
   * What main told since a load asked (it may be newer than the load's answers, and is kept): how
   * many statuses and conflict lists, and the articles whose authors it told.
   */
  private statusSeq = 0
  private conflictsSeq = 0
  private authorsTold = new Set<string>()
  private readonly emitter = new Emitter<void>()
  /** The conflicts or the authors changed, or sync was turned on or off (not each status tick). */
  readonly onDidChange = this.emitter.event
  private readonly statusEmitter = new Emitter<void>()
  /** The status changed (synced, sending n, …): the toolbar follows. */
  readonly onDidChangeStatus = this.statusEmitter.event

  constructor(private readonly api: Pick<WorkbenchClient, 'syncStatus' | 'syncConflicts' | 'syncAuthors' | 'syncResolve'>) {}

  get status(): SyncStatus | null {
    return this._status
  }

  /** The workspace syncs (connected, offline or failing): authors and conflicts are shown. */
  get syncing(): boolean {
    return !!this._status && this._status.state !== 'off'
  }

  get conflicts(): readonly SyncConflict[] {
    return this._conflicts
  }

  /** Who last changed an annotation; undefined when the workspace does not sync or nobody has yet. */
  authorOf(articleId: string, annotationId: string): SyncAuthor | undefined {
    return this.syncing ? this.authors.get(articleId)?.[annotationId] : undefined
  }

  /** The conflict on an annotation of an article, if there is one. */
  conflictOf(articleId: string, annotationId: string): SyncConflict | undefined {
    return this._conflicts.find((c) => c.kind === 'annotation' && c.articleId === articleId && c.itemId === annotationId)
  }

  /** The conflict on a registry entity, if there is one. */
  entityConflictOf(entityId: string): SyncConflict | undefined {
    return this._conflicts.find((c) => c.kind === 'entity' && c.itemId === entityId)
  }

  /** Everyone who changed an annotation of the workspace, by name. */
  members(): string[] {
    const names = new Set<string>()
    for (const byId of this.authors.values()) for (const a of Object.values(byId)) names.add(a.author)
    return [...names].sort((a, b) => a.localeCompare(b))
  }

  /** Asks main for everything (a workspace opened, the window started or sync was turned on). */
  async load(): Promise<void> {
    const seq = ++this.loadSeq
    const told = { status: this.statusSeq, conflicts: this.conflictsSeq }
    this.authorsTold.clear()
    const asked = await this.api.syncStatus().catch(() => null)
    const on = !!asked && asked.state !== 'off'
    const none: [SyncConflict[], AuthorsByArticle] = [[], {}]
    const [conflicts, authors] = on
      ? await Promise.all([this.api.syncConflicts().catch(() => none[0]), this.api.syncAuthors().catch(() => none[1])])
      : none
    if (seq !== this.loadSeq) return
    // Main may have told a newer status while the conflicts and authors were read (the last one told
    // until the replication goes idle: "Synced" must not give way to the "Sending" asked for before it).
    if (told.status === this.statusSeq) this._status = asked
    if (told.conflicts === this.conflictsSeq) this._conflicts = conflicts
    const loaded = Object.entries(authors).filter(([articleId]) => !this.authorsTold.has(articleId))
    this.authors = new Map([...loaded, ...[...this.authorsTold].map((id) => [id, this.authors.get(id) ?? {}] as const)])
    this.statusEmitter.fire()
    this.emitter.fire()
  }

  /** Main told a new status; sync turned on loads the rest, turned off forgets it. */
  setStatus(status: SyncStatus): void {
    const wasOn = this.syncing
    this.statusSeq++
    this._status = status
    this.statusEmitter.fire()
    if (this.syncing === wasOn) return
    if (this.syncing) return void this.load()
    this.loadSeq++
    this._conflicts = []
    this.authors.clear()
    this.emitter.fire()
  }

  setConflicts(conflicts: SyncConflict[]): void {
    this.conflictsSeq++
    this._conflicts = conflicts
    this.emitter.fire()
  }

  /** Each article's map replaces the one held. */
  setAuthors(authors: AuthorsByArticle): void {
    for (const [articleId, byId] of Object.entries(authors)) {
      this.authors.set(articleId, byId)
      this.authorsTold.add(articleId)
    }
    this.emitter.fire()
  }

  /** Ends a conflict as the user chose; the list follows main's `sync-conflicts` event, and at once here. */
  async resolve(id: string, choice: ConflictChoice): Promise<void> {
    await this.api.syncResolve(id, choice)
    this._conflicts = this._conflicts.filter((c) => c.id !== id)
    this.emitter.fire()
  }
}
