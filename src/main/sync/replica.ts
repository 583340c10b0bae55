/**
 * The local replica: a PouchDB database on this laptop holding every replicated document, the one the
 * replication engine copies to and from the server. Writes here are the laptop's acknowledged
 * changes: the server gets them when it can be reached.
 *
 * Where it lives: in the user-data folder (`<user data>/sync/<workspace+database key>/`), not in the
 * workspace's `.spanwise/`. A workspace is untrusted input (zipped from a colleague, on a shared
 * drive), and LevelDB opens, renames and deletes its own files without our no-follow checks, so a link
 * planted in `.spanwise/sync/` could make it write elsewhere; a replica carried along with a copied
 * workspace would also claim revisions that the copy never sent. The workspace keeps only where it
 * syncs (`.spanwise/sync.json`, written through the safe store); the replica can always be rebuilt
 * from the workspace and the server.
 *
 * It also writes a change on a branch of its own when the revision it was made on is no longer the
 * latest (a teammate's change arrived in between): CouchDB then holds both as a conflict, never one
 * replacing the other.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { pouchDB, pouchErrorOf, type PouchDb, type PouchDoc } from './pouch'

const APPLIED_DOC = '_local/spanwise-applied'

/** The replica's folder for a workspace and database (so two databases never share revisions). */
export function replicaFolder(userDataDir: string, workspaceRoot: string, databaseUrl: string): string {
  const key = createHash('sha256').update(`${workspaceRoot}\n${databaseUrl}`).digest('hex').slice(0, 24)
  return join(userDataDir, 'sync', key)
}

export class Replica {
  private constructor(readonly db: PouchDb) {}

  /** Opens (or creates) the replica in `folder`; `memory` keeps it in memory (tests, benchmarks). */
  static async open(folder: string, options: { memory?: boolean } = {}): Promise<Replica> {
    const PouchDB = pouchDB()
    if (options.memory) return new Replica(new PouchDB(folder, { adapter: 'memory' }))
    await mkdir(folder, { recursive: true, mode: 0o700 })
    return new Replica(new PouchDB(join(folder, 'replica'), { adapter: 'leveldb' }))
  }

  /** The replica's change sequence up to which received changes were applied to the workspace. */
  async appliedSeq(): Promise<number | string> {
    const doc = await this.db.get(APPLIED_DOC).catch(() => null)
    return (doc?.seq as number | string | undefined) ?? 0
  }

  async setAppliedSeq(seq: number | string): Promise<void> {
    const doc = await this.db.get(APPLIED_DOC).catch(() => null)
    await this.db.put({ _id: APPLIED_DOC, ...(doc?._rev ? { _rev: doc._rev } : {}), seq })
  }

  /** The document with every leaf revision (the winner first); [] when there is none. */
  async leaves(id: string): Promise<PouchDoc[]> {
    const winner = await this.db.get(id, { conflicts: true }).catch((error: unknown) => {
      if (pouchErrorOf(error).status === 404) return null
      throw error
    })
    if (!winner) return []
    const others = await Promise.all((winner._conflicts ?? []).map((rev) => this.db.get(id, { rev })))
    return [winner, ...others]
  }

  /**
   * Writes `doc` as the next revision after `parentRev` (null: a new document). When `parentRev` is no
   * longer a leaf (a teammate's revision came in on top of it), the change goes on a branch of its own
   * beside theirs: a conflict for the user, never a lost change. Returns the new revision.
   */
  async putAfter(doc: PouchDoc, parentRev: string | null): Promise<string> {
    const { _rev: _ignored, _conflicts: _c, ...body } = doc
    try {
      const result = await this.db.put(parentRev ? { ...body, _rev: parentRev } : body)
      return result.rev
    } catch (error) {
      if (pouchErrorOf(error).status !== 409) throw error
    }
    return this.putOnBranch(body, parentRev)
  }

  private async putOnBranch(body: PouchDoc, parentRev: string | null): Promise<string> {
    const hash = randomBytes(16).toString('hex')
    let revisions = { start: 1, ids: [hash] }
    if (parentRev) {
      const parent = await this.db.get(body._id, { rev: parentRev, revs: true })
      const history = parent._revisions ?? { start: Number(parentRev.split('-')[0]), ids: [parentRev.split('-')[1]] }
      revisions = { start: history.start + 1, ids: [hash, ...history.ids] }
    }
    const rev = `${revisions.start}-${hash}`
    const results = await this.db.bulkDocs([{ ...body, _rev: rev, _revisions: revisions }], { new_edits: false })
    const failed = results.find((r) => 'error' in r)
    if (failed) throw new Error(`The replica refused a change to ${body._id}`)
    return rev
  }

  /** Removes the other leaves of a document (after the user resolved its conflict). */
  async dropLeaves(id: string, revs: readonly string[]): Promise<void> {
    if (revs.length === 0) return
    await this.db.bulkDocs(revs.map((rev) => ({ _id: id, _rev: rev, _deleted: true })))
  }

  close(): Promise<void> {
    return this.db.close()
  }
}
