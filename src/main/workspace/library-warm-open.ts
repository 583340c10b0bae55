/**
 * A warm open of a large workspace (library.ts): the library listed from its index at once, in the
 * order last written, and the folder checked in the background a moment later (a scan stats every
 * file: ~4 s of CPU at 100,000). Until that check has seen the folder, nothing vouches for the index's
 * paths: only paths a scan could find are listed (library-order.ts), and an article file is read only
 * after `realpath` shows no link on its way (checkedPath()).
 *
 * The listing builds one map, in order: each id of the order file is found in its shard at the place
 * the order file says (checked), or by a binary search (shards are sorted by id, library-shard.ts),
 * where a map of every entry by id cost as much again at 100,000 articles.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '../../shared/errors'
import type { LibraryIndex, LibraryOrder, ShardedEntries } from './library-index'
import { inPathOrder, isLibraryPath } from './library-order'
import { libraryShardOf } from './library-shard'
import type { IndexEntry } from './workspace-index'

/** How long after a warm open listed from the index its check of the folder starts. */
const CHECK_AFTER_MS = 300
/** How long at most the check waits for work that goes first (holdFor()). */
const HOLD_AT_MOST_MS = 10_000

export class WarmOpen {
  /** What the index held when the workspace opened: the first listing's, then let go. */
  private shards: ShardedEntries
  /** The library's order as the index last held it (ids), for the first listing; then let go. */
  private order: LibraryOrder
  /** How many articles the index held. */
  private count: number
  /** The check of the folder after a warm open listed from the index, while it runs. */
  checking: Promise<unknown> | null = null
  /** Listed from the index and not checked against the folder yet: files are read only through no link. */
  private unchecked = false
  /** What the check waits for before it starts (holdFor()). */
  private held: Promise<unknown> = Promise.resolve()
  /** The workspace folder with its links resolved, to tell that a path goes through none. */
  private realRoot: Promise<string> | null = null

  constructor(
    private readonly root: string,
    index: LibraryIndex,
  ) {
    this.shards = index.entries
    this.order = index.order ?? NO_ORDER
    this.count = index.count
  }

  /** Articles in the index not listed yet (0 once listed or let go). */
  get pending(): number {
    return this.count
  }

  /** The index is not needed any more (the library was scanned). */
  forget(): void {
    this.shards = []
    this.order = NO_ORDER
    this.count = 0
  }

  /**
   * The library as its index holds it, in path order. Entries naming a path no scan could find are
   * left out (the index is untrusted input). `unchecked`: listed before the folder is looked at, so
   * files are read through checkedPath() until the check is done.
   */
  list(unchecked: boolean): Map<string, IndexEntry> {
    const shards = this.shards
    const taken = shards.map((shard) => new Uint8Array(shard.length))
    const listed = new Map<string, IndexEntry>()
    // In the order last written (a sort of 100,000 paths costs ~0.5 s); entries it lacks go in their places.
    const { ids, at } = this.order
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]
      // Where the order file says it is (no search), or else found by a binary search of its shard.
      const hint = at?.[k] ?? -1
      let s = hint >>> 16
      let i = hint & 0xffff
      if (hint < 0 || shards[s]?.[i]?.id !== id) {
        s = libraryShardOf(id)
        i = indexOfId(shards[s] ?? [], id)
      }
      if (i < 0 || taken[s][i]) continue
      taken[s][i] = 1
      const entry = shards[s][i]
      if (isLibraryPath(entry.path)) listed.set(id, entry)
    }
    const missing: IndexEntry[] = []
    shards.forEach((shard, s) => shard.forEach((e, i) => taken[s][i] || !isLibraryPath(e.path) || missing.push(e)))
    for (const e of missing) listed.set(e.id, e)
    this.forget()
    this.unchecked = unchecked
    return missing.length > 0 ? inPathOrder(listed, missing) : listed
  }

  /**
   * Lets `work` go first (at most HOLD_AT_MOST_MS): a check not started yet waits for it. Both would
   * take turns of one thread, and the check of 100,000 files takes seconds: the search index taken back
   * from disk was searchable 0.5 s later at 100,000 articles while they shared it.
   */
  holdFor(work: Promise<unknown>): void {
    let timer: NodeJS.Timeout | undefined
    const atMost = new Promise((resolve) => (timer = setTimeout(resolve, HOLD_AT_MOST_MS)))
    timer?.unref()
    this.held = Promise.race([work.catch(() => undefined), atMost]).finally(() => clearTimeout(timer))
  }

  /**
   * Runs `check` (a rescan of the folder) a moment later, so the window's first rows are built and
   * sent before it takes its turns; files are read freely once it is done.
   */
  checkLater(check: () => Promise<unknown>, closed: () => boolean): void {
    const run = new Promise((resolve) => setTimeout(resolve, CHECK_AFTER_MS))
      .then(() => this.held)
      .then(() => (closed() ? [] : check()))
      .then(() => {
        if (!closed()) this.unchecked = false
      })
    this.checking = run.catch(() => undefined).finally(() => (this.checking = null))
  }

  /**
   * The file of an entry, once it is known to be reached through no link. Until the check after a warm
   * open listed from the index is done, each path is resolved first (a few lstats): a link planted on its
   * way while the app was closed (a file or a folder) is refused, as the scan would have left it out.
   */
  async checkedPath(entry: IndexEntry): Promise<string> {
    const path = join(this.root, entry.path)
    if (!this.unchecked) return path
    this.realRoot ??= fs.realpath(this.root)
    const [root, real, stat] = await Promise.all([
      this.realRoot,
      fs.realpath(path).catch(() => null),
      fs.lstat(path).catch(() => null),
    ])
    if (real !== join(root, entry.path) || !stat?.isFile())
      throw new UserError(`${entry.path}: not a plain file inside the workspace (a link?); it is not read`, 'unreadable')
    return path
  }
}

const NO_ORDER: LibraryOrder = { ids: [], at: null }

/** Where `id` is in a shard sorted by id, or -1. */
function indexOfId(shard: readonly IndexEntry[], id: string): number {
  let lo = 0
  let hi = shard.length - 1
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1
    const at = shard[mid].id
    if (at === id) return mid
    if (at < id) lo = mid + 1
    else hi = mid - 1
  }
  return -1
}
