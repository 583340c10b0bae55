/**
 * PouchDB as the sync module sees it: the constructor (LevelDB on disk, or memory for tests and the
 * test server) and the handful of calls the replicator makes, typed here because PouchDB ships no
 * types. Nothing else in Spanwise imports pouchdb-node.
 */
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

export interface PouchDoc {
  _id: string
  _rev?: string
  _deleted?: boolean
  _conflicts?: string[]
  _revisions?: { start: number; ids: string[] }
  _attachments?: Record<string, { content_type: string; data?: Buffer | string; stub?: boolean; digest?: string }>
  [key: string]: unknown
}

export interface PouchChange {
  id: string
  seq: number | string
  deleted?: boolean
  doc?: PouchDoc
}

export interface PouchChangesFeed extends PromiseLike<{ results: PouchChange[]; last_seq: number | string }> {
  on(event: 'change', listener: (change: PouchChange) => void): this
  on(event: 'complete' | 'error', listener: (info: unknown) => void): this
  cancel(): void
}

/** What one batch of a replication's direction wrote (its `change` event). */
export interface ReplicationChange {
  docs_written?: number
  docs_read?: number
  /** Changes still to replicate, when the server says (CouchDB 2+). */
  pending?: number
  last_seq?: unknown
}

/** A sync's `change` event: the batch and its direction. */
export interface ReplicationInfo {
  direction?: 'push' | 'pull'
  change?: ReplicationChange
}

/** One direction of a replication (db.replicate.to/from, or a sync's push and pull). */
export interface PouchDirection extends PromiseLike<unknown> {
  on(event: 'change', listener: (change: ReplicationChange) => void): this
  /** `paused` with the failed request's error while it waits to retry; without one when idle. */
  on(event: 'paused' | 'error' | 'denied' | 'complete', listener: (info: unknown) => void): this
  on(event: 'active', listener: () => void): this
  cancel(): void
}

/** Both directions at once (db.sync): its own events merge theirs, and drop the errors of `paused`. */
export interface PouchReplication extends PromiseLike<unknown> {
  on(event: 'change', listener: (info: ReplicationInfo) => void): this
  on(event: 'paused' | 'error' | 'denied' | 'complete', listener: (info: unknown) => void): this
  on(event: 'active', listener: () => void): this
  readonly push: PouchDirection
  readonly pull: PouchDirection
  cancel(): void
}

export interface ReplicationOptions {
  live?: boolean
  retry?: boolean
  back_off_function?: (delay: number) => number
  batch_size?: number
}

export interface PouchDb {
  readonly name: string
  get(
    id: string,
    options?: { rev?: string; revs?: boolean; conflicts?: boolean; attachments?: boolean; binary?: boolean },
  ): Promise<PouchDoc>
  put(doc: PouchDoc): Promise<{ ok: boolean; id: string; rev: string }>
  bulkDocs(
    docs: PouchDoc[],
    options?: { new_edits?: boolean },
  ): Promise<({ ok: true; id: string; rev: string } | { error: true | string; status?: number; id: string; name?: string })[]>
  allDocs(options: {
    include_docs?: boolean
    conflicts?: boolean
    startkey?: string
    endkey?: string
    keys?: string[]
  }): Promise<{ rows: { id: string; value: { rev: string; deleted?: boolean }; doc?: PouchDoc }[] }>
  changes(options: {
    since?: number | string
    live?: boolean
    include_docs?: boolean
    conflicts?: boolean
    limit?: number
  }): PouchChangesFeed
  info: () => Promise<{ update_seq: number | string; doc_count: number }>
  sync(remote: PouchDb, options?: ReplicationOptions): PouchReplication
  replicate: {
    to(remote: PouchDb, options?: ReplicationOptions): PouchDirection
    from(remote: PouchDb, options?: ReplicationOptions): PouchDirection
  }
  close(): Promise<void>
  destroy(): Promise<void>
}

export interface PouchOptions {
  adapter?: 'leveldb' | 'memory'
  auth?: { username: string; password: string }
  skip_setup?: boolean
  prefix?: string
}

export type PouchConstructor = new (name: string, options?: PouchOptions) => PouchDb

let loaded: PouchConstructor | null = null

/** The PouchDB constructor (LevelDB and memory adapters, HTTP for remote databases). */
export function pouchDB(): PouchConstructor {
  if (!loaded) {
    const PouchDB = require('pouchdb-node') as PouchConstructor & { plugin(p: unknown): void }
    PouchDB.plugin(require('pouchdb-adapter-memory'))
    loaded = PouchDB
  }
  return loaded
}

/** A PouchDB error's HTTP status and name, whatever shape it came in. */
export function pouchErrorOf(error: unknown): { status?: number; name?: string; code?: string; message: string } {
  const e = (error ?? {}) as { status?: number; name?: string; code?: string; message?: string; reason?: string }
  return { status: e.status, name: e.name, code: e.code, message: e.reason ?? e.message ?? String(error) }
}
