/**
 * Keeps the search index (passage-index.ts) on disk (index-files.ts) so that a warm start takes it
 * back instead of reading every article again. It knows which article sits in which shard, with the
 * stamp it was indexed at; it takes back only articles whose stamp and speaker names are still the
 * workspace's, and writes changed shards later, in the background: a burst of changes costs one write
 * per shard, and no query or save ever waits for one.
 */
import { SearchIndexFiles, SHARD_COUNT, shardOf, type StoredArticle, type StoredShard } from './index-files'
import type { PassageIndex } from './passage-index'

/** After a change, how long the changed shards wait to be written (more changes join them). */
const SAVE_DELAY_MS = 2_000

/** Stored articles taken into the index per turn of the event loop. */
const LOAD_BATCH = 500
/** Shard files read ahead of the one being decoded. */
const READ_AHEAD = 8

/** A stored article about to be taken back, its words as term ids of the index. */
type Taken = Omit<StoredArticle, 'tokens'> & { tokens: Int32Array; shard: number }

interface Member {
  stamp: string
  speakers: [string, string][]
}

export interface LoadOptions {
  /** Each article's stamp now: `<content hash>:<annotation files' latest mtime>`. */
  current: ReadonlyMap<string, string>
  /** A speaker's name in the registry now (undefined: no longer there). */
  speakerName: (entityId: string) => string | undefined
  /** Articles not to take back (already indexed, or changed since). */
  skip: (articleId: string) => boolean
  stopped: () => boolean
  loaded: (articleId: string, speakers: readonly [string, string][]) => void
}

export class IndexPersistence {
  private readonly members: Map<string, Member>[] = Array.from({ length: SHARD_COUNT }, () => new Map())
  private readonly dirty = new Set<number>()
  /** The shard the build is filling now: written when it moves on (once, not once per article). */
  private held = -1
  private timer: NodeJS.Timeout | null = null
  private saving: Promise<void> = Promise.resolve()
  private closed = false

  constructor(
    private readonly files: SearchIndexFiles,
    private readonly index: PassageIndex,
  ) {}

  /**
   * Takes back every stored article that is still current; the shards holding others are rewritten.
   * All shards are read first, then the index makes room once (PassageIndex.reserve) and takes the
   * articles in, a batch at a time, yielding between batches.
   */
  async load(options: LoadOptions): Promise<void> {
    if (!(await this.files.prepare())) return
    const taken: Taken[] = []
    // Reading the next files overlaps decoding this one.
    const reads = new Map<number, Promise<StoredShard | null>>()
    const read = (shard: number) => {
      if (shard < SHARD_COUNT && !reads.has(shard))
        reads.set(
          shard,
          this.files.read(shard).catch(() => null),
        )
    }
    for (let shard = 0; shard < SHARD_COUNT && !options.stopped(); shard++) {
      for (let ahead = shard; ahead < shard + READ_AHEAD; ahead++) read(ahead)
      const stored = await reads.get(shard)!
      reads.delete(shard)
      if (stored) this.collect(shard, stored.vocabulary, stored.articles, options, taken)
      await new Promise((resolve) => setImmediate(resolve))
    }
    this.index.reserve(taken)
    for (let i = 0; i < taken.length && !options.stopped(); i += LOAD_BATCH) {
      for (const a of taken.slice(i, i + LOAD_BATCH)) {
        // Indexed anew meanwhile (a query re-read it): the shard is written with that.
        if (options.skip(a.id)) continue
        this.index.replaceTokenized(a.id, a.text, a.passages, a.tokens)
        this.members[a.shard].set(a.id, { stamp: a.stamp, speakers: a.speakers })
        options.loaded(a.id, a.speakers)
      }
      await new Promise((resolve) => setImmediate(resolve))
    }
  }

  /** The shard's articles that are still current, with their words as this index's term ids. */
  private collect(shard: number, vocabulary: string[], articles: StoredArticle[], options: LoadOptions, out: Taken[]): void {
    let ids: Int32Array | null = null
    // One array for the shard's words, each article a view of it (one allocation, not one per article).
    const all = new Int32Array(articles.reduce((n, a) => n + a.tokens.length, 0))
    let at = 0
    for (const a of articles) {
      const current =
        shardOf(a.id) === shard &&
        options.current.get(a.id) === a.stamp &&
        a.speakers.every(([id, name]) => options.speakerName(id) === name)
      if (!current || options.skip(a.id)) {
        // Not taken back: the shard is written again without it (or with it indexed anew).
        this.dirty.add(shard)
        continue
      }
      ids ??= this.index.termIdsFor(vocabulary)
      const tokens = all.subarray(at, at + a.tokens.length)
      at += a.tokens.length
      for (let i = 0; i < tokens.length; i++) tokens[i] = ids[a.tokens[i]]
      out.push({ ...a, tokens, shard })
    }
  }

  /** An article was indexed from its files: its shard is written (later) with it. */
  indexed(articleId: string, stamp: string, speakers: [string, string][]): void {
    const shard = shardOf(articleId)
    this.members[shard].set(articleId, { stamp, speakers })
    this.changed(shard)
  }

  /** An article left the index (its file gone or unreadable). */
  removed(articleId: string): void {
    const shard = shardOf(articleId)
    if (this.members[shard].delete(articleId)) this.changed(shard)
  }

  /** The build fills `shard` now (-1: none): it is written once the build moves past it. */
  hold(shard: number): void {
    const previous = this.held
    this.held = shard
    if (previous >= 0 && previous !== shard && this.dirty.has(previous)) this.schedule(0)
  }

  private changed(shard: number): void {
    this.dirty.add(shard)
    if (shard !== this.held) this.schedule(SAVE_DELAY_MS)
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
          await this.files.write(shard, this.shardContent(shard))
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

  /** What a shard holds now, with a vocabulary of its own (ids the index gave are this process's). */
  private shardContent(shard: number): { vocabulary: string[]; articles: StoredArticle[] } {
    const local = new Map<number, number>()
    const vocabulary: string[] = []
    const articles: StoredArticle[] = []
    for (const [id, { stamp, speakers }] of this.members[shard]) {
      const stored = this.index.stored(id)
      if (!stored) continue
      const tokens = new Uint32Array(stored.tokens.length)
      for (let i = 0; i < tokens.length; i++) {
        const term = stored.tokens[i]
        let at = local.get(term)
        if (at === undefined) {
          at = vocabulary.length
          local.set(term, at)
          vocabulary.push(this.index.term(term))
        }
        tokens[i] = at
      }
      articles.push({ id, stamp, speakers, text: stored.text, passages: stored.passages, tokens })
    }
    return { vocabulary, articles }
  }
}
