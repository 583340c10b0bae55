/**
 * The search index: every article's passages (paragraphs, annotations) and the entity registry, in
 * segments (segment.ts) searched where they lie and merged (segment-search.ts).
 *
 * - One segment per shard of the index kept on disk (256; `shardOf`), taken back from its file as a
 *   few typed arrays, its articles' texts left on disk.
 * - An article indexed since its shard was last written (a change, the build) is "live": held in
 *   memory in its expanded form, its older copy in the shard tombstoned. It is encoded into a segment
 *   only when a query comes, together with every other live article not encoded yet (one segment for
 *   the batch: a background build indexes thousands of articles between two queries, and encoding
 *   each on its own cost a seventh of the build). When the shard is written again
 *   (index-persistence.ts) the live articles join it and leave memory (tombstoned in their batch).
 * - Every change of a key bumps its generation, so that a shard written while the key changed again
 *   keeps the newer copy.
 */
import { encodeShard, type StoredArticle, type StoredShard } from './segment-codec'
import { Segment } from './segment'
import { matchedTerms, Scratch, searchSegments, type RankedGroups } from './segment-search'
import { searchTokens, type PassageInput, type PassageKind, type PassageQuery, type StoredPassage } from './search-words'

export { searchTokens, type PassageInput, type PassageKind, type PassageQuery, type StoredPassage } from './search-words'
export type { RankedGroup, RankedGroups } from './segment-search'

export const SHARD_COUNT = 256

/** The shard an article is stored in (ids are hex); NaN for keys that are not article ids (never stored). */
export function shardOf(articleId: string): number {
  return parseInt(articleId.slice(0, 2), 16) % SHARD_COUNT
}

/** A passage of a query's answer: its segment and its id there. */
export interface PassageRef {
  segment: Segment
  passage: number
}

/** An article indexed since its shard was last written: its expanded form, and the segment it is searched in. */
export interface LiveArticle {
  stored: StoredArticle
  vocabulary: string[]
  /** The batch it was encoded in (null until a query needs it: segments()). */
  segment: Segment | null
  generation: number
}

export class PassageIndex {
  private readonly shards: (Segment | null)[] = new Array<Segment | null>(SHARD_COUNT).fill(null)
  private readonly live = new Map<string, LiveArticle>()
  private readonly generations = new Map<string, number>()
  private nextGeneration = 1
  private readonly scratch = new Scratch()
  /** Told of a shard's segment dropped as damaged, with the articles it held (to index them again). */
  onDropped: (shard: number, articleIds: string[]) => void = () => undefined

  /** Number of living passages. */
  get size(): number {
    return this.segments().reduce((n, s) => n + s.livingPassages, 0)
  }

  /** Number of articles held in memory, not yet in their shard's segment. */
  get liveCount(): number {
    return this.live.size
  }

  /**
   * Replaces everything indexed under `key` (an article id) with `passages` over `text`; `meta`: what
   * it was indexed from, kept with it on disk.
   */
  replace(
    key: string,
    text: string,
    passages: readonly PassageInput[],
    meta: { stamp: string; speakers: [string, string][] } = { stamp: '', speakers: [] },
  ): void {
    const vocabulary: string[] = []
    const ids = new Map<string, number>()
    const lists = passages.map((p) => searchTokens(p.text))
    const tokens = new Uint32Array(lists.reduce((n, words) => n + words.length, 0))
    let at = 0
    for (const words of lists)
      for (const word of words) {
        let id = ids.get(word)
        if (id === undefined) {
          id = vocabulary.length
          ids.set(word, id)
          vocabulary.push(word)
        }
        tokens[at++] = id
      }
    const stored: StoredArticle = {
      id: key,
      stamp: meta.stamp,
      speakers: meta.speakers,
      text,
      passages: passages.map((p, i): StoredPassage => ({
        kind: p.kind,
        start: p.start,
        end: p.end,
        tokens: lists[i].length,
        ...(p.ref !== undefined ? { ref: p.ref } : {}),
        ...(p.kind !== 'text' ? { text: p.text } : {}),
      })),
      tokens,
    }
    this.forget(key)
    this.live.set(key, { stored, vocabulary, segment: null, generation: this.bump(key) })
  }

  /** Forgets everything indexed under `key`. */
  remove(key: string): void {
    this.forget(key)
    this.bump(key)
  }

  has(key: string): boolean {
    return this.live.has(key) || (this.shards[shardOf(key)]?.isAlive(key) ?? false)
  }

  /**
   * Passages holding every term (the last one also as a prefix when `lastIsPrefix`) and every phrase
   * (a sequence of terms, consecutive), grouped by key (article) and ranked: `total` counts them all,
   * `groups` holds the best `limit` groups, best first, each with its best `perGroup` passages.
   * `terms` and `phrases` are already folded words.
   */
  search(query: PassageQuery, limit: number, perGroup: number): RankedGroups & { dropped: boolean } {
    const ranked = searchSegments(this.segments(), query, limit, perGroup, this.scratch)
    // A shard found damaged is dropped (so the query can be asked again without it, never in a loop).
    let dropped = false
    for (const segment of ranked.damaged) {
      const shard = this.shards.indexOf(segment)
      if (shard < 0) continue
      this.onDropped(shard, this.drop(shard))
      dropped = true
    }
    return { ...ranked, dropped }
  }

  /** Takes a shard's segment out (it is damaged); the articles it held, no longer indexed. */
  drop(shard: number): string[] {
    const segment = this.shards[shard]
    if (!segment) return []
    this.shards[shard] = null
    segment.close()
    return segment.articles.map((a) => a.id).filter((id) => segment.kill(id))
  }

  /** What a matching passage is: its key (article id), kind, offsets, and a non-text passage's reference and text. */
  passage({ segment, passage }: PassageRef): {
    key: string
    kind: PassageKind
    start: number
    end: number
    ref?: string
    text?: string
  } {
    return segment.passage(passage)
  }

  /** The terms of the passage that are among `terms` (for marking the matched words in a snippet). */
  matchedTerms({ segment, passage }: PassageRef, terms: readonly string[], lastIsPrefix: boolean): string[] {
    return matchedTerms(segment, passage, terms, lastIsPrefix)
  }

  /** The texts of passages as indexed (null: unreadable so; read its article from its file). */
  passageTexts(refs: readonly PassageRef[]): (string | null)[] {
    const out: (string | null)[] = new Array<string | null>(refs.length).fill(null)
    const bySegment = new Map<Segment, number[]>()
    refs.forEach((r, i) => bySegment.set(r.segment, [...(bySegment.get(r.segment) ?? []), i]))
    for (const [segment, indexes] of bySegment) {
      const texts = segment.passageTexts(indexes.map((i) => refs[i].passage))
      indexes.forEach((i, k) => (out[i] = texts[k]))
    }
    return out
  }

  /** The text of one passage as indexed (a paragraph's slice of its article, or its own text). */
  passageText(ref: PassageRef): string | null {
    return this.passageTexts([ref])[0]
  }

  // The shards, for the index kept on disk (index-persistence.ts).

  shard(shard: number): Segment | null {
    return this.shards[shard]
  }

  /** The articles of `shard` indexed since it was last written. */
  liveIn(shard: number): LiveArticle[] {
    return [...this.live.values()].filter((l) => shardOf(l.stored.id) === shard)
  }

  /** The generation of `key` now (0: never changed in this process). */
  generation(key: string): number {
    return this.generations.get(key) ?? 0
  }

  /**
   * Puts `segment` in place as `shard`'s, made of the articles at the generations in `written`: an
   * article changed since stays dead in it (its newer copy lives on), the live copies written leave memory.
   */
  install(shard: number, segment: Segment | null, written: ReadonlyMap<string, number>): void {
    if (segment)
      for (const entry of segment.articles) if (this.generation(entry.id) !== written.get(entry.id)) segment.kill(entry.id)
    for (const [key, generation] of written) if (this.live.get(key)?.generation === generation) this.forgetLive(key)
    if (this.shards[shard] !== segment) this.shards[shard]?.close()
    this.shards[shard] = segment
  }

  /** A segment taken back from disk, its stale articles already tombstoned; a newer copy here wins. */
  adopt(shard: number, segment: Segment): void {
    for (const entry of segment.articles) if (this.live.has(entry.id)) segment.kill(entry.id)
    if (this.shards[shard] !== segment) this.shards[shard]?.close()
    this.shards[shard] = segment
  }

  /** Lets every segment's file go (the index is no longer used). */
  close(): void {
    for (const segment of this.shards) segment?.close()
  }

  /** Every segment to search: the shards', then the live articles' batches (the ones not encoded yet, now). */
  private segments(): Segment[] {
    const out: Segment[] = []
    for (const s of this.shards) if (s) out.push(s)
    const fresh: LiveArticle[] = []
    const batches = new Set<Segment>()
    for (const l of this.live.values()) {
      if (l.segment) batches.add(l.segment)
      else fresh.push(l)
    }
    if (fresh.length > 0) {
      const merged = mergeShards(fresh.map((l) => ({ vocabulary: l.vocabulary, articles: [l.stored] })))
      const batch = new Segment(encodeShard(merged).parts)
      for (const l of fresh) l.segment = batch
      batches.add(batch)
    }
    out.push(...batches)
    return out
  }

  private forget(key: string): void {
    this.forgetLive(key)
    this.shards[shardOf(key)]?.kill(key)
  }

  /** A live article leaves memory: dead in its batch too (the batch lives on while others of it do). */
  private forgetLive(key: string): void {
    this.live.get(key)?.segment?.kill(key)
    this.live.delete(key)
  }

  private bump(key: string): number {
    const generation = this.nextGeneration++
    this.generations.set(key, generation)
    return generation
  }
}

/** Shards in their expanded form as one: one vocabulary, every article's words as ids into it. */
export function mergeShards(shards: readonly StoredShard[]): StoredShard {
  const vocabulary: string[] = []
  const ids = new Map<string, number>()
  const articles: StoredArticle[] = []
  for (const shard of shards) {
    const remap = shard.vocabulary.map((word) => {
      let id = ids.get(word)
      if (id === undefined) {
        id = vocabulary.length
        ids.set(word, id)
        vocabulary.push(word)
      }
      return id
    })
    for (const a of shard.articles) {
      const tokens = new Uint32Array(a.tokens.length)
      for (let i = 0; i < tokens.length; i++) tokens[i] = remap[a.tokens[i]]
      articles.push({ ...a, tokens })
    }
  }
  articles.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  return { vocabulary, articles }
}
