/**
 * The sync service of one open workspace: checks the server, opens the local replica, keeps it and
 * the workspace equal (SyncEngine) and replicates it with the teammates' database, live with retry and
 * backoff (PouchDB's replication, CouchDB's protocol) or once. It owns the status the window shows
 * (synced, sending n, receiving n, offline, error, the time of the last sync) and the conflicts.
 *
 * Used the same way by the app (WorkbenchService) and the command line (`spanwise sync`).
 */
import { Emitter, type Event } from '../../shared/event'
import { WorkbenchError } from '../../shared/errors'
import { SYNC_OFF, type AuthorsByArticle, type ConflictChoice, type SyncConflict, type SyncStatus } from '../../shared/sync'
import type { Workspace } from '../workspace/workspace'
import type { PouchDb, PouchReplication } from './pouch'
import { ReplicationStatus } from './replication-status'
import { checkDatabaseUrl, displayUrl, openRemote, syncErrorOf, type Credentials } from './remote'
import { Replica, replicaFolder } from './replica'
import { SyncEngine, type SyncCounts } from './sync-engine'
import { WorkspaceItems } from './workspace-items'

export interface ReplicatorOptions {
  url: string
  credentials: Credentials
  /** The author written on this laptop's changes (default: the user name). */
  member?: string
  /** Where replicas live (the user-data folder); ignored with `memoryReplica`. */
  userDataDir?: string
  /** Keep the replica in memory (tests, benchmarks): it is rebuilt from the workspace on each start. */
  memoryReplica?: string
  /** Longest wait between two attempts to reach the server (default 60 s). */
  maxBackoffMs?: number
}

export interface OnceResult {
  pushed: number
  pulled: number
  counts: SyncCounts
  conflicts: SyncConflict[]
}

export class Replicator {
  private replication: PouchReplication | null = null
  private readonly statusEmitter = new Emitter<SyncStatus>()
  readonly onDidChangeStatus: Event<SyncStatus> = this.statusEmitter.event
  private current: SyncStatus

  private constructor(
    readonly url: URL,
    private readonly engine: SyncEngine,
    private readonly replica: Replica,
    private readonly remote: PouchDb,
    private readonly maxBackoffMs: number,
    member: string,
  ) {
    this.current = { ...SYNC_OFF, state: 'connecting', url: displayUrl(url), member }
    engine.onDidChange(() => this.update({ conflicts: engine.conflicts().length }))
    engine.onError = (error) => this.fail(error)
  }

  /**
   * Checks the address and the server (throws a sync-* error with one line: wrong password, unreachable,
   * forbidden, not CouchDB), opens the replica and brings it level with the workspace. Call `live()`
   * or `once()` next.
   */
  static async connect(workspace: Workspace, options: ReplicatorOptions): Promise<Replicator> {
    if (workspace.readOnly) throw new WorkbenchError('read-only', `Sync needs to write the workspace: ${workspace.readOnly}`)
    const url = checkDatabaseUrl(options.url)
    const member = options.member?.trim() || options.credentials.username
    const remote = await openRemote(url, options.credentials)
    const folder = options.memoryReplica ?? replicaFolder(options.userDataDir ?? '.', workspace.root, displayUrl(url))
    const replica = await Replica.open(folder, { memory: options.memoryReplica !== undefined })
    const engine = new SyncEngine(new WorkspaceItems(workspace), replica, member)
    try {
      await engine.start()
    } catch (error) {
      await engine.stop()
      await replica.close()
      throw error
    }
    return new Replicator(url, engine, replica, remote, options.maxBackoffMs ?? 60_000, member)
  }

  /** Replicates both ways until stopped; reconnects by itself (1 s, doubling, at most maxBackoffMs). */
  async live(): Promise<void> {
    await this.engine.follow()
    const replication = this.replica.db.sync(this.remote, {
      live: true,
      retry: true,
      batch_size: 200,
      back_off_function: (delay) => (delay === 0 ? 1000 : Math.min(delay * 2, this.maxBackoffMs)),
    })
    this.replication = replication
    // Follows the directions' own events for as long as the replication lives (it holds the listeners).
    new ReplicationStatus(replication, (now) => {
      if (now.state === 'connecting') return
      if (now.state === 'synced')
        this.update({ state: 'synced', pending: 0, lastSync: new Date().toISOString(), message: null, said: null, code: null })
      else if (now.state !== 'offline') this.update({ ...now, message: null, said: null, code: null })
      else {
        const why = syncErrorOf(now.error, this.url)
        if (why.code === 'sync-unauthorized' || why.code === 'sync-forbidden') this.fail(why)
        else this.update({ state: 'offline', pending: 0, message: why.message, said: why.said ?? null, code: why.code })
      }
    })
    replication.on('denied', (error) => this.fail(syncErrorOf({ status: 403, ...(error as object) }, this.url)))
    replication.on('error', (error) => this.fail(error))
  }

  /** Replicates both ways once and applies what arrived; throws a sync-* error when the server fails. */
  async once(): Promise<OnceResult> {
    await this.engine.idle()
    let result: { push?: { docs_written?: number }; pull?: { docs_written?: number } }
    try {
      result = (await this.replica.db.sync(this.remote, { batch_size: 200 })) as typeof result
    } catch (error) {
      const why = syncErrorOf(error, this.url)
      this.fail(why)
      throw why
    }
    await this.engine.receiveNow()
    await this.engine.idle()
    this.update({ state: 'synced', pending: 0, lastSync: new Date().toISOString() })
    return {
      pushed: result.push?.docs_written ?? 0,
      pulled: result.pull?.docs_written ?? 0,
      counts: this.engine.counts,
      conflicts: this.engine.conflicts(),
    }
  }

  status(): SyncStatus {
    return { ...this.current }
  }

  conflicts(): SyncConflict[] {
    return this.engine.conflicts()
  }

  /** Teammates' changes were applied to these articles (local ids). */
  get onDidReceive(): SyncEngine['onDidReceive'] {
    return this.engine.onDidReceive
  }

  /** Who last changed each annotation, of these articles (local ids) or of the whole workspace. */
  authors(articleIds?: readonly string[]): Promise<AuthorsByArticle> {
    return this.engine.authors(articleIds)
  }

  /** Who changed annotations of these articles (local ids) changed. */
  get onDidChangeAuthors(): SyncEngine['onDidChangeAuthors'] {
    return this.engine.onDidChangeAuthors
  }

  get counts(): SyncCounts {
    return this.engine.counts
  }

  resolve(id: string, choice: ConflictChoice): Promise<void> {
    return this.engine.resolve(id, choice)
  }

  /** Resolves when every change seen so far is in the replica and every arrival applied. */
  idle(): Promise<void> {
    return this.engine.idle()
  }

  /** Stops replicating; the replica keeps everything for the next time. */
  async stop(): Promise<void> {
    this.replication?.cancel()
    this.replication = null
    await this.engine.stop()
    await this.replica.close()
    this.update({ state: 'off', pending: 0 })
    this.statusEmitter.dispose()
  }

  private fail(error: unknown): void {
    const why = syncErrorOf(error, this.url)
    this.update({ state: 'error', message: why.message, said: why.said ?? null, code: why.code, pending: 0 })
  }

  private update(patch: Partial<SyncStatus>): void {
    this.current = { ...this.current, ...patch, conflicts: this.engine.conflicts().length }
    this.statusEmitter.fire(this.status())
  }
}
