/**
 * Sync as the app uses it, for the workspace open in the window: connect (an explicit act: checks the
 * server, remembers where the workspace syncs in `.spanwise/sync.json` and the password with the
 * host's secret store, Electron's safeStorage), reconnect on the next open when both are there,
 * disconnect (forgets the password), the status, the conflicts and who changed each annotation, pushed
 * to the window as `sync-status`, `sync-conflicts` and `sync-authors` events. WorkbenchService delegates to it.
 */
import { WorkbenchError } from '../../shared/errors'
import { disposeAll, type Disposable } from '../../shared/event'
import {
  SYNC_OFF,
  type AuthorsByArticle,
  type ConflictChoice,
  type SyncConflict,
  type SyncConnectRequest,
  type SyncStatus,
} from '../../shared/sync'
import type { Workspace } from '../workspace/workspace'
import { checkDatabaseUrl, displayUrl } from './remote'
import { Replicator } from './replicator'
import { SyncSettings } from './sync-settings'

/** Where the host keeps secrets (Electron: safeStorage-encrypted in the user-data folder). */
export interface SecretStore {
  save(key: string, secret: string): Promise<void>
  load(key: string): Promise<string | null>
  forget(key: string): Promise<void>
}

export interface SyncHost {
  userDataDir: string
  secrets?: SecretStore
  /** Tells the window (a `sync-status` event). */
  statusChanged(status: SyncStatus): void
  /** A teammate's changes were applied to these articles: the window re-reads the open one. */
  received(articleIds: string[]): void
  /** The conflicts waiting for the user changed (a `sync-conflicts` event with the whole list). */
  conflictsChanged?(conflicts: SyncConflict[]): void
  /** Who last changed the annotations of these articles changed (a `sync-authors` event). */
  authorsChanged?(authors: AuthorsByArticle): void
}

export class WorkspaceSync {
  private replicator: Replicator | null = null
  private workspace: Workspace | null = null
  private subscriptions: Disposable[] = []
  /** The conflicts as last told to the window (ids and revisions), to tell only a change. */
  private toldConflicts = ''

  constructor(private readonly host: SyncHost) {}

  /** A workspace opened: when it synced before and its password is kept, sync resumes (offline is a status, not an error). */
  async opened(workspace: Workspace): Promise<void> {
    await this.closed()
    this.workspace = workspace
    if (workspace.readOnly) return
    const settings = (await SyncSettings.open(workspace.root).catch(() => null))?.data
    if (!settings?.url || !settings.username || !this.host.secrets) return
    const password = await this.host.secrets.load(secretKey(workspace.root, settings.url, settings.username)).catch(() => null)
    if (password === null) return
    try {
      await this.start(workspace, {
        url: settings.url,
        username: settings.username,
        password,
        member: settings.member ?? undefined,
      })
    } catch (error) {
      const why = error instanceof WorkbenchError ? error : new WorkbenchError('internal', String(error))
      this.host.statusChanged({
        ...SYNC_OFF,
        state: why.code === 'sync-unreachable' ? 'offline' : 'error',
        url: settings.url,
        message: why.message,
        said: why.said ?? null,
        code: why.code,
      })
    }
  }

  /** Connects the open workspace; throws the server's refusal as a sync-* error with one line. */
  async connect(workspace: Workspace, request: SyncConnectRequest): Promise<SyncStatus> {
    const url = checkDatabaseUrl(request.url)
    await this.stop()
    await this.start(workspace, request)
    const member = request.member ?? request.username
    await (await SyncSettings.open(workspace.root)).set({ url: displayUrl(url), username: request.username, member })
    await this.host.secrets?.save(secretKey(workspace.root, displayUrl(url), request.username), request.password)
    return this.status()
  }

  /** Stops syncing this workspace and forgets its password; the workspace and the replica stay. */
  async disconnect(): Promise<SyncStatus> {
    const workspace = this.workspace
    await this.stop()
    if (workspace) {
      const settings = await SyncSettings.open(workspace.root)
      const { url, username } = settings.data
      if (url && username) await this.host.secrets?.forget(secretKey(workspace.root, url, username))
      await settings.set({ url: null, username: null, member: null })
    }
    this.host.statusChanged(SYNC_OFF)
    return SYNC_OFF
  }

  status(): SyncStatus {
    return this.replicator?.status() ?? SYNC_OFF
  }

  conflicts(): SyncConflict[] {
    return this.replicator?.conflicts() ?? []
  }

  async resolve(id: string, choice: ConflictChoice): Promise<void> {
    if (!this.replicator)
      throw new WorkbenchError('no-workspace', 'This workspace is not syncing: there is no conflict to resolve')
    await this.replicator.resolve(id, choice)
  }

  /** Who last changed each annotation of the workspace (article id → annotation id → member, time). */
  authors(): Promise<AuthorsByArticle> {
    return this.replicator?.authors() ?? Promise.resolve({})
  }

  /** The workspace is closing: replication stops, the replica keeps everything. */
  async closed(): Promise<void> {
    await this.stop()
    this.workspace = null
  }

  private async start(workspace: Workspace, request: SyncConnectRequest): Promise<void> {
    this.workspace = workspace
    const replicator = await Replicator.connect(workspace, {
      url: request.url,
      credentials: { username: request.username, password: request.password },
      member: request.member,
      userDataDir: this.host.userDataDir,
    })
    this.replicator = replicator
    this.subscriptions = [
      replicator.onDidChangeStatus((status) => {
        this.host.statusChanged(status)
        this.tellConflicts(replicator.conflicts())
      }),
      replicator.onDidReceive(({ articleIds }) => this.host.received(articleIds)),
      replicator.onDidChangeAuthors(({ articleIds }) => {
        void replicator
          .authors(articleIds)
          .then((authors) => this.replicator === replicator && this.host.authorsChanged?.(authors))
          .catch(() => undefined) // the replica closed meanwhile: the next connect asks again
      }),
    ]
    this.tellConflicts(replicator.conflicts())
    await replicator.live()
  }

  private async stop(): Promise<void> {
    disposeAll(this.subscriptions)
    const replicator = this.replicator
    this.replicator = null
    await replicator?.stop()
    this.tellConflicts([])
  }

  private tellConflicts(conflicts: SyncConflict[]): void {
    const key = JSON.stringify(conflicts.map((c) => [c.id, c.mine.rev, ...c.theirs.map((v) => v.rev)]))
    if (key === this.toldConflicts) return
    this.toldConflicts = key
    this.host.conflictsChanged?.(conflicts)
  }
}

function secretKey(root: string, url: string, username: string): string {
  return `sync\n${root}\n${url}\n${username}`
}
