/**
 * The library's index on disk: `.spanwise/library/shard-<xx>.json`, 256 files, an article in the one
 * named by the first two hex digits of its id (as the search index, search/index-files.ts). A cache
 * that makes a warm open cheap: each entry says what the scan of a file found when it was last read
 * (size, mtime, content hash, title, language, counts).
 *
 * Not one file (the old `workspace.json`): at 100,000 articles that is ~35 MB of JSON, parsed whole at
 * every warm open and rewritten whole after every change of counts. A change now rewrites only the
 * shards whose entries changed (~1/256 of the index each), and a damaged shard costs only its articles
 * being read again from their files.
 *
 * Each file is a line of JSON head and the entries as columns (library-shard.ts, which reads and writes
 * one). Derived data, and untrusted: a shard is used only if it checks in every respect; anything else
 * and it is removed and its articles are read again from their files, never an error. Files are read with O_NOFOLLOW (a link
 * is removed, never followed: store/safe-fs.ts) and written as the store writes (temp file, fsync,
 * rename, fsync of the folder: store/durable-json-file.ts), complete or not at all.
 *
 * Beside the shards, `order.txt` keeps the ids in library order (by path), so that a warm open lists the
 * library without sorting 100,000 paths (~0.5 s); it is written when rows come, go or move, and only the
 * order of rows depends on it (a damaged one is removed and the library sorted instead).
 *
 * The old `workspace.json` is read once when there are no shards (so an upgraded workspace opens warm)
 * and removed once the shards are written.
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { Low } from 'lowdb'
import { DurableJsonFile, writeFileDurably, type RecoveryReport } from '../store/durable-json-file'
import { NotAPlainFileError, readPlainFile, readPlainFileBytes } from '../store/safe-fs'
import { SerialQueue } from '../store/serial-queue'
import type { WriteAccess } from '../store/write-access'
import { forEachLimited } from './for-each-limited'
import { decodeShard, encodeLibraryShard, inShards, LIBRARY_SHARDS, libraryShardOf, type DecodedShard } from './library-shard'
import { StoredWorkspaceFile, WORKSPACE_FILE_VERSION, type IndexEntry, type WorkspaceFileData } from './workspace-index'

export { decodeLibraryShard, encodeLibraryShard, LIBRARY_FORMAT_VERSION, libraryShardOf } from './library-shard'

/** The folder of the shards, in `.spanwise/`. */
export const LIBRARY_INDEX_DIR = 'library'
/** Shard files read at once on a warm open. */
const READ_CONCURRENCY = 16

/** The index's entries, by shard (LIBRARY_SHARDS of them), each shard's sorted by id. */
export type ShardedEntries = readonly (readonly IndexEntry[])[]

export interface LoadedLibraryIndex {
  shards: ShardedEntries
  /** Shards of an older format: written again in the current one at the first write. */
  stale: ReadonlySet<number>
  /** The library's order as last written (order.txt), or null when there is none that checks. */
  order: LibraryOrder | null
  /** Whether any shard was there (false: a first open, or a workspace from before the shards). */
  present: boolean
  /** Shards that were damaged, stale or not plain files, and were dropped. */
  dropped: number
}

/** The index as loaded, and how to write it given the library's entries. */
export interface LibraryIndex {
  entries: ShardedEntries
  /** How many articles the index holds. */
  count: number
  /** The library's order as last written, so that a warm open need not sort 100,000 paths. */
  order: LibraryOrder | null
  writer: (entries: () => ReadonlyMap<string, IndexEntry>) => LibraryIndexWriter
}

/**
 * Loads the library's index of the workspace whose `.spanwise` is `dataDir`. A workspace from before
 * the shards has its old `workspace.json` read (a newer format of it refuses the workspace, as it
 * always did; a damaged one is moved aside and reported), used when there are no shards yet, and
 * removed once the shards are written.
 */
export async function openLibraryIndex(
  dataDir: string,
  onRecover: ((report: RecoveryReport) => void) | undefined,
  access: WriteAccess,
): Promise<LibraryIndex> {
  const files = new LibraryIndexFiles(join(dataDir, LIBRARY_INDEX_DIR), access)
  const loaded = await files.load()
  const legacyPath = join(dataDir, 'workspace.json')
  let legacy: WorkspaceFileData | null = null
  if (await fs.lstat(legacyPath).catch(() => null)) {
    const adapter = new DurableJsonFile(legacyPath, StoredWorkspaceFile, { version: WORKSPACE_FILE_VERSION, onRecover, access })
    const old = new Low<WorkspaceFileData>(adapter, { version: WORKSPACE_FILE_VERSION, articles: [] })
    await old.read()
    legacy = old.data
  }
  // An old index written before the current WORKSPACE_FILE_VERSION cached what that version read (titles
  // with their datelines): its entries are not taken, every file is read again.
  const entries =
    loaded.present || !legacy ? loaded.shards : inShards(legacy.version < WORKSPACE_FILE_VERSION ? [] : legacy.articles)
  return {
    entries,
    count: entries.reduce((n, shard) => n + shard.length, 0),
    order: loaded.order,
    writer: (entries) => new LibraryIndexWriter(files, loaded, entries, legacy ? legacyPath : null),
  }
}

export class LibraryIndexFiles {
  /** The order file read was of an older format. */
  olderOrder = false

  constructor(
    readonly dir: string,
    private readonly access: WriteAccess,
  ) {}

  path(shard: number): string {
    return join(this.dir, this.fileName(shard))
  }

  /** Every usable entry on disk; damaged shards are removed (when we may write) and left out. */
  async load(): Promise<LoadedLibraryIndex> {
    const names = new Set(await fs.readdir(this.dir).catch(() => [] as string[]))
    const shards = Array.from({ length: LIBRARY_SHARDS }, (_, i) => i).filter((i) => names.has(this.fileName(i)))
    const found: IndexEntry[][] = Array.from({ length: LIBRARY_SHARDS }, () => [])
    const stale = new Set<number>()
    let dropped = 0
    const [order] = await Promise.all([
      names.has(ORDER_FILE) ? this.readOrder() : null,
      forEachLimited(shards, READ_CONCURRENCY, async (shard) => {
        const decoded = await this.read(shard)
        if (!decoded) dropped++
        else {
          found[shard] = decoded.entries
          if (!decoded.current) stale.add(shard)
        }
      }),
    ])
    return { shards: found, stale, order, present: shards.length > 0, dropped }
  }

  /** The library's order as last written; null (and the file removed) when it is damaged or not a plain file. */
  async readOrder(): Promise<LibraryOrder | null> {
    const path = join(this.dir, ORDER_FILE)
    let text: string | null
    try {
      text = await readPlainFile(path)
    } catch (error) {
      if (error instanceof NotAPlainFileError) await this.removeFile(path)
      return null
    }
    if (text === null) return null
    const order = decodeLibraryOrder(text)
    if (!order) await this.removeFile(path)
    // Of an older format: written again at the first write (as if it held no order).
    else if (!isCurrentOrder(text)) this.olderOrder = true
    return order
  }

  /** Replaces the order file durably (complete or not at all). */
  async writeOrder(ids: readonly string[]): Promise<void> {
    this.access.check()
    await writeFileDurably(join(this.dir, ORDER_FILE), encodeLibraryOrder(ids), this.access)
  }

  private async removeFile(path: string): Promise<void> {
    if (this.access.writable) await fs.rm(path, { force: true }).catch(() => undefined)
  }

  /** One shard's entries; null (and the file removed) when it is damaged or not a plain file. */
  async read(shard: number): Promise<DecodedShard | null> {
    let text: Buffer | null
    try {
      text = await readPlainFileBytes(this.path(shard))
    } catch (error) {
      if (error instanceof NotAPlainFileError) await this.remove(shard)
      return null
    }
    if (text === null) return null
    const decoded = decodeShard(text, shard)
    if (!decoded) await this.remove(shard)
    return decoded
  }

  /** Replaces a shard durably (complete or not at all); an empty one is removed. */
  async write(shard: number, entries: readonly IndexEntry[]): Promise<void> {
    this.access.check()
    if (entries.length === 0) return this.remove(shard)
    await writeFileDurably(this.path(shard), encodeLibraryShard(entries), this.access)
  }

  async remove(shard: number): Promise<void> {
    if (!this.access.writable) return
    await fs.rm(this.path(shard), { force: true }).catch(() => undefined)
  }

  /** Removes the old single-file index (and its backup) once the shards hold it; false when we may not write. */
  async removeLegacy(path: string): Promise<boolean> {
    if (!this.access.writable) return false
    for (const name of [path, `${path}.bak`]) await fs.rm(name, { force: true })
    return true
  }

  private fileName(shard: number): string {
    return `shard-${shard.toString(16).padStart(2, '0')}.json`
  }
}

/** The library's order: the ids, and where each is in its shard (a hint, checked against the shard). */
export interface LibraryOrder {
  ids: string[]
  /** shard × 65,536 + position in the shard (sorted by id) of each id, or -1; null when there are none. */
  at: number[] | null
}

/** The file of the library's order: one line of head, then the ids in order with their places. */
const ORDER_FILE = 'order.txt'
const ORDER_FORMAT = 'spanwise-library-order'
/**
 * The order file's own format. 2: JSON `{ids, at}`: each id with its place in its shard, so a warm open
 * finds it there without a search or a map (a binary search of the shard when the place is wrong);
 * 1 (one id a line) is still read.
 */
const ORDER_VERSION = 2
const OLDER_ORDER_VERSION = 1

/** Whether an order file is of the current format (one of an older one is written again). */
export function isCurrentOrder(text: string): boolean {
  return text.startsWith(`{"format":"${ORDER_FORMAT}","version":${ORDER_VERSION},`)
}

export function encodeLibraryOrder(ids: readonly string[]): string {
  const body = JSON.stringify({ ids, at: placesOf(ids) })
  const head = { format: ORDER_FORMAT, version: ORDER_VERSION, count: ids.length, crc: crc32(body) >>> 0 }
  return `${JSON.stringify(head)}\n${body}`
}

/**
 * Where each id is in its shard, as the shards hold them when written with these ids (sorted by id, as
 * library-shard.ts writes them).
 */
function placesOf(ids: readonly string[]): number[] {
  const byShard: number[][] = Array.from({ length: LIBRARY_SHARDS }, () => [])
  ids.forEach((id, k) => byShard[libraryShardOf(id)].push(k))
  const at = new Array<number>(ids.length).fill(-1)
  byShard.forEach((ks, shard) => {
    ks.sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0))
    ks.forEach((k, i) => (at[k] = i < 65_536 ? shard * 65_536 + i : -1))
  })
  return at
}

/**
 * The ids of an order file, or null when anything about it is wrong. Only the order of rows depends on
 * it: an id it names that the shards do not hold is passed over, one it lacks is put in its place by
 * path (library-order.ts), so a stale or planted order costs at most rows out of order.
 */
export function decodeLibraryOrder(text: string): LibraryOrder | null {
  const newline = text.indexOf('\n')
  if (newline < 0) return null
  const body = text.slice(newline + 1)
  try {
    const head = JSON.parse(text.slice(0, newline)) as unknown
    if (typeof head !== 'object' || head === null) return null
    const { format, version, count, crc } = head as Record<string, unknown>
    if (format !== ORDER_FORMAT || (version !== ORDER_VERSION && version !== OLDER_ORDER_VERSION) || crc32(body) >>> 0 !== crc)
      return null
    // Format 1: one id a line (split into slices of the text, ~3 times slower to look up than parsed strings).
    const value: unknown =
      version === OLDER_ORDER_VERSION ? { ids: body.length > 0 ? body.split('\n') : [], at: null } : JSON.parse(body)
    if (typeof value !== 'object' || value === null) return null
    const { ids, at } = value as Record<string, unknown>
    if (!Array.isArray(ids) || ids.length !== count || !ids.every((id) => typeof id === 'string')) return null
    // The places are hints: wrong ones cost a search, none at all a search for each.
    const places = Array.isArray(at) && at.length === count && at.every((n) => Number.isSafeInteger(n)) ? at : null
    return { ids, at: places }
  } catch {
    return null
  }
}

/** Index writes after changes are batched: the index is a cache, and a burst of changes is one write. */
const WRITE_DELAY_MS = 400

/**
 * Writes the shards whose entries changed since they were last written (or loaded), a moment after a
 * change, one write at a time. Which shards changed is found by comparing the library's entries with
 * the ones last written by reference (entries are replaced, never mutated): no bookkeeping at each of
 * the library's changes, and ~100,000 comparisons cost a few milliseconds.
 */
export class LibraryIndexWriter {
  /** Each article's entry as the shards on disk hold it (from `loaded`, when first needed). */
  private writtenById: Map<string, IndexEntry> | null = null
  private loaded: ShardedEntries
  /** Shards of an older format on disk: written again at the first write, whatever changed. */
  private stale: Set<number>
  private readonly queue = new SerialQueue()
  private timer: NodeJS.Timeout | null = null
  private dirty = false

  /** The library's order as the order file holds it. */
  private writtenOrder: readonly string[]

  constructor(
    private readonly files: LibraryIndexFiles,
    /** What the shards and the order file held when loaded (not what came from an old workspace.json). */
    loaded: Pick<LoadedLibraryIndex, 'shards' | 'stale' | 'order'>,
    /** The library's entries now. */
    private readonly entries: () => ReadonlyMap<string, IndexEntry>,
    /** The old single-file index, removed once the shards are written. */
    private legacyPath: string | null,
  ) {
    // Built at the first write, not on the way to a usable library (100,000 entries).
    this.loaded = loaded.shards.map((entries, shard) => (loaded.stale.has(shard) ? [] : entries))
    this.stale = new Set(loaded.stale)
    this.writtenOrder = files.olderOrder ? [] : (loaded.order?.ids ?? [])
  }

  private get written(): Map<string, IndexEntry> {
    this.writtenById ??= new Map(this.loaded.flatMap((shard) => shard.map((e) => [e.id, e] as const)))
    this.loaded = []
    return this.writtenById
  }

  /** Whether entries changed since the last write. */
  get pending(): boolean {
    return this.dirty
  }

  /** Entries changed; the write waits for flush() (the background fill writes once at its end). */
  markDirty(): void {
    this.dirty = true
  }

  /** Entries changed: write a moment later, once for a burst of changes. */
  schedule(): void {
    this.dirty = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.flush().catch(() => undefined)
    }, WRITE_DELAY_MS)
  }

  /** Writes the changed shards now (a write already scheduled is then not needed). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    return this.queue.run(async () => {
      this.dirty = false
      try {
        await this.writeChanged()
      } catch (error) {
        this.dirty = true
        throw error
      }
    })
  }

  /** Resolves when no write is under way or queued. */
  idle(): Promise<void> {
    return this.queue.idle()
  }

  private async writeChanged(): Promise<void> {
    const entries = this.entries()
    const changed = new Set<number>(this.stale)
    for (const [id, entry] of entries) if (this.written.get(id) !== entry) changed.add(libraryShardOf(id))
    for (const id of this.written.keys()) if (!entries.has(id)) changed.add(libraryShardOf(id))
    const before = new Map<number, string[]>()
    for (const id of this.written.keys()) {
      const shard = libraryShardOf(id)
      if (changed.has(shard)) groupInto(before, shard, id)
    }
    const after = new Map<number, IndexEntry[]>()
    for (const entry of entries.values()) {
      const shard = libraryShardOf(entry.id)
      if (changed.has(shard)) groupInto(after, shard, entry)
    }
    for (const shard of [...changed].sort((a, b) => a - b)) {
      const now = after.get(shard) ?? []
      await this.files.write(shard, now)
      for (const id of before.get(shard) ?? []) this.written.delete(id)
      for (const entry of now) this.written.set(entry.id, entry)
    }
    this.stale.clear()
    // The order, when rows came, went or moved (a tag or a title leaves it as it was).
    const order = [...entries.keys()]
    if (order.length !== this.writtenOrder.length || order.some((id, i) => id !== this.writtenOrder[i])) {
      await this.files.writeOrder(order)
      this.writtenOrder = order
    }
    if (this.legacyPath && (await this.files.removeLegacy(this.legacyPath))) this.legacyPath = null
  }
}

function groupInto<T>(groups: Map<number, T[]>, key: number, item: T): void {
  const group = groups.get(key)
  if (group) group.push(item)
  else groups.set(key, [item])
}
