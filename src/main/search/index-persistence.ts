/**
 * Keeps the search index (passage-index.ts) on disk (index-files.ts) so that a warm start takes its
 * segments back instead of reading every article again. It takes back only articles whose stamp and
 * speaker names are still the workspace's (the others are tombstoned and their shard written again),
 * and writes changed shards later, in the background: a burst of changes costs one write per shard,
 * and no query or save ever waits for one.
 *
 * Writing a shard merges its segment's living articles (expanded from their postings and texts) with
 * the live articles indexed since, as one new segment: written, then put in place of the old one, and
 * the live copies leave memory. In a read-only process the new segment stays in memory.
 */
import { SearchIndexFiles } from './index-files'
import { mergeShards, SHARD_COUNT, shardOf, type PassageIndex } from './passage-index'
import { Segment } from './segment'
import { encodeShard } from './segment-codec'
import { ShardFile, type FileIdentity } from './shard-file'

/** After a change, how long the changed shards wait to be written (more changes join them). */
const SAVE_DELAY_MS = 2_000
/** Shard files read in one turn of the event loop. */
const SHARDS_A_TURN = 4

export interface LoadOptions {
  /** Each article's stamp now: `<content hash>:<annotation files' latest mtime>`. */
  isCurrent: (articleId: string, stamp: string) => boolean
  /** A speaker's name in the registry now (undefined: no longer there). */
  speakerName: (entityId: string) => string | undefined
  /** Articles not to take back (already indexed, or changed since). */
  skip: (articleId: string) => boolean
  stopped: () => boolean
  loaded: (articleId: string, speakers: readonly [string, string][]) => void
  /**
   * Articles taken back from a shard whose tables then failed their check (in the background or at a
   * query): no longer indexed, marked dirty.
   */
  damaged: (articleIds: string[]) => void
}

export class IndexPersistence {
  private readonly dirty = new Set<number>()
  /** The shard the build is filling now: written when it moves on (once, not once per article). */
  private held = -1
  private timer: NodeJS.Timeout | null = null
  private saving: Promise<void> = Promise.resolve()
  private closed = false
  /**
   * The load's `damaged`, which hears of shards dropped after it too (only it is kept: the stamps of
   * every article, 100,000 strings at 100,000 articles, are let go with the load).
   */
  private onDamaged: LoadOptions['damaged'] | null = null

  constructor(
    private readonly files: SearchIndexFiles,
    private readonly index: PassageIndex,
    /** Articles whose stored copy turned out unreadable: to be indexed again from their files. */
    private readonly damaged: (articleIds: string[]) => void,
  ) {
    // A query found a shard's tables damaged: dropped there, its file removed and rebuilt here.
    index.onDropped = (shard, lost) => this.dropped(shard, lost)
  }

  /**
   * Takes back every shard's segment, its stale articles tombstoned (the shard is then written again).
   * Shards are read a few a turn of the event loop; each is searchable as soon as it is read (its
   * tables checked when a query first reaches it, or in the background after the load: `checked`).
   * No shard is written before both are over.
   */
  load(options: LoadOptions): { loaded: Promise<void>; checked: Promise<void> } {
    this.onDamaged = options.damaged
    const loaded = this.loadShards(options)
    const checked = loaded.then((unchecked) => this.checkSums(unchecked, options))
    this.saving = this.saving.then(() => checked.catch(() => undefined))
    return { loaded: loaded.then(() => undefined), checked }
  }

  private async loadShards(options: LoadOptions): Promise<[number, Segment][]> {
    if (!(await this.files.prepare())) return []
    const unchecked: [number, Segment][] = []
    for (let shard = 0; shard < SHARD_COUNT && !options.stopped(); shard++) {
      // A few shards a turn of the event loop (each read synchronously, a few hundred microseconds).
      if (shard % SHARDS_A_TURN === 0) await new Promise((resolve) => setImmediate(resolve))
      const got = await this.files.readUnchecked(shard).catch(() => null)
      if (!got) continue
      this.takeBack(shard, got, options)
      unchecked.push([shard, got])
    }
    return unchecked
  }

  /**
   * The tables of every shard taken back (CRC and structure, Segment.verified()), checked in the
   * background once all are loaded, one shard a turn of the event loop; a query that reaches a shard
   * first checks it then. A shard that fails is dropped: its file removed, its articles handed to
   * `damaged` (indexed again from their files, before the next answer). No shard is written before
   * this is done.
   */
  private async checkSums(loaded: readonly [number, Segment][], options: LoadOptions): Promise<void> {
    for (const [shard, segment] of loaded) {
      if (options.stopped()) return
      if (segment.isVerified) continue
      await new Promise((resolve) => setImmediate(resolve))
      if (this.index.shard(shard) === segment && !segment.verified()) this.dropped(shard, this.index.drop(shard))
    }
    if (this.dirty.size > 0) this.schedule(SAVE_DELAY_MS)
  }

  /** A shard's segment was dropped as damaged: its file goes, its articles are indexed again. */
  private dropped(shard: number, lost: string[]): void {
    void this.files.remove(shard)
    this.dirty.add(shard)
    this.onDamaged?.(lost)
    this.damaged(lost)
    this.schedule(SAVE_DELAY_MS)
  }

  /** Puts a segment read from disk in place, its articles that are no longer current tombstoned. */
  private takeBack(shard: number, segment: Segment, options: LoadOptions): void {
    for (const { id, stamp, speakers } of segment.articles) {
      const current =
        shardOf(id) === shard &&
        options.isCurrent(id, stamp) &&
        speakers.every(([entityId, name]) => options.speakerName(entityId) === name)
      if (!current || options.skip(id)) {
        // Not taken back: the shard is written again without it (or with it indexed anew).
        segment.kill(id)
        this.dirty.add(shard)
      } else options.loaded(id, speakers)
    }
    this.index.adopt(shard, segment)
  }

  /** An article of `shard` was indexed or removed: the shard is written (later) with the change. */
  changed(shard: number): void {
    if (!(shard >= 0 && shard < SHARD_COUNT)) return
    this.dirty.add(shard)
    if (shard !== this.held) this.schedule(SAVE_DELAY_MS)
  }

  /** The build fills `shard` now (-1: none): it is written once the build moves past it. */
  hold(shard: number): void {
    const previous = this.held
    this.held = shard
    if (previous >= 0 && previous !== shard && this.dirty.has(previous)) this.schedule(0)
  }

  private schedule(delayMs: number): void {
    if (this.closed || (this.timer && delayMs > 0)) return
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => {
      this.timer = null
      void this.flush()
    }, delayMs)
  }

  /** Writes every changed shard but the one being filled; resolves when written. */
  flush(all = false): Promise<void> {
    this.saving = this.saving.then(async () => {
      for (const shard of [...this.dirty].sort((a, b) => a - b)) {
        if (shard === this.held && !all) continue
        this.dirty.delete(shard)
        try {
          await this.seal(shard)
        } catch {
          // Derived data: a shard that cannot be written now is rebuilt on the next start.
        }
        await new Promise((resolve) => setImmediate(resolve))
      }
    })
    return this.saving
  }

  /** Writes what changed and stops (the workspace closes). */
  async close(): Promise<void> {
    this.closed = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    await this.flush(true)
  }

  /** Writes the shard as one new segment: its living stored articles and its live ones. */
  private async seal(shard: number): Promise<void> {
    const old = this.index.shard(shard)
    const lives = this.index.liveIn(shard)
    // The generation of every article written: one changed meanwhile stays dead in the new segment.
    const written = new Map<string, number>()
    const kept = old ? old.articles.filter((a, i) => old.alive[i] === 1).map((a) => a.id) : []
    for (const id of kept) written.set(id, this.index.generation(id))
    for (const l of lives) written.set(l.stored.id, l.generation)
    const expanded = old ? await old.expand() : null
    if (old && !expanded) {
      // The stored copies cannot be read back as indexed: they are indexed again from their files.
      for (const id of kept) written.delete(id)
      this.damaged(kept)
    }
    const merged = mergeShards([
      ...(expanded ? [expanded] : []),
      ...lives.map((l) => ({ vocabulary: l.vocabulary, articles: [l.stored] })),
    ])
    const encoded = merged.articles.length > 0 ? encodeShard(merged) : null
    let identity: FileIdentity | null = null
    try {
      identity = await this.files.write(shard, encoded)
    } catch {
      // Not written: the segment stays in memory, and the shard is rebuilt on the next start.
    }
    // Written: searched from its file (the postings and texts encoded here leave memory); else kept here.
    const segment = !encoded
      ? null
      : identity
        ? new Segment({ ...encoded.parts, postings: null, texts: null }, new ShardFile(this.files.path(shard), identity))
        : new Segment(encoded.parts)
    this.index.install(shard, segment, written)
  }
}
