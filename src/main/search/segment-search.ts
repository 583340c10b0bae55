/**
 * A query over many segments (segment.ts): passages holding every word (the last maybe as a prefix)
 * and every phrase, scored by BM25 with the statistics of the whole index (so a passage ranks the same
 * whichever segment holds it), grouped by article, and the best articles kept across segments.
 *
 * Each segment is searched where it lies: the query costs the postings of its words, read as they are
 * stored (compressed, postings.ts). A phrase is checked on positions alone: at each position of its
 * rarest word, the other words' postings for that passage must hold the positions around it.
 *
 * A segment whose tables do not verify, or whose postings turn out damaged while read, is left out and
 * reported (`damaged`): its owner drops it and indexes its articles again, and the query is asked again.
 */
import { PostingReader, SegmentDamaged } from './postings'
import type { Segment } from './segment'
import type { PassageQuery } from './search-words'

/** An article among the best of a query, with its best passages (ids in its segment), best first. */
export interface RankedGroup {
  key: string
  segment: Segment
  article: number
  passages: number[]
}

/** A query's answer: how many passages and articles match, and the best articles with their best passages. */
export interface RankedGroups {
  total: number
  groupCount: number
  groups: RankedGroup[]
  /** Segments left out because their tables are damaged (to be dropped, and the query asked again). */
  damaged: Segment[]
}

/** BM25's usual constants: term frequency saturation and length normalisation. */
const K1 = 1.2
const B = 0.75

/** Per-passage and per-article scratch space, kept between queries (zeroed after each) to spare the GC. */
export class Scratch {
  seen = new Uint16Array(0)
  score = new Float32Array(0)
  hits = new Int32Array(0)
  best = new Float64Array(0)
  slot = new Int32Array(0)

  fit(passages: number, articles: number): void {
    if (this.seen.length < passages) {
      const n = Math.max(passages, this.seen.length * 2)
      this.seen = new Uint16Array(n)
      this.score = new Float32Array(n)
      this.hits = new Int32Array(n)
    }
    if (this.best.length < articles) {
      const n = Math.max(articles, this.best.length * 2)
      this.best = new Float64Array(n)
      this.slot = new Int32Array(n).fill(-1)
    }
  }
}

/** The distinct words of a query, each exact or a prefix, as UTF-8 bytes to look up in each segment. */
interface Word {
  bytes: Uint8Array
  prefix: boolean
}

const utf8 = (word: string) => new Uint8Array(Buffer.from(word, 'utf8'))

/** The query's distinct words; the last one a prefix when typed so. */
export function queryWords({ terms, lastIsPrefix }: PassageQuery): Word[] {
  const words = [...new Set(terms)]
  return words.map((word, i) => ({
    bytes: utf8(word),
    prefix: lastIsPrefix && i === words.length - 1 && word === terms[terms.length - 1],
  }))
}

/** Term-id ranges of each word in one segment ([lo, hi) pairs; empty where the word is not there). */
function resolve(segment: Segment, words: readonly Word[]): Int32Array {
  const ranges = new Int32Array(2 * words.length)
  for (let w = 0; w < words.length; w++) {
    const { bytes, prefix } = words[w]
    const exact = prefix ? -1 : segment.lookup(bytes)
    const [lo, hi] = prefix ? segment.prefixRange(bytes) : exact < 0 ? [0, 0] : [exact, exact + 1]
    ranges[2 * w] = lo
    ranges[2 * w + 1] = hi
  }
  return ranges
}

export function searchSegments(
  segments: readonly Segment[],
  query: PassageQuery,
  limit: number,
  perGroup: number,
  scratch: Scratch,
): RankedGroups {
  const damaged: Segment[] = []
  const none = { total: 0, groupCount: 0, groups: [], damaged }
  if (query.terms.length === 0) return none
  const words = queryWords(query)
  const phrases = query.phrases.filter((p) => p.length > 1).map((p) => p.map(utf8))
  // Where each word is in each segment, and how many passages hold it in all (for its weight).
  const found: { segment: Segment; ranges: Int32Array }[] = []
  const counts = new Float64Array(words.length)
  let living = 0
  let tokens = 0
  for (const segment of segments) {
    living += segment.livingPassages
    tokens += segment.livingTokens
    if (segment.livingArticles === 0) continue
    if (!segment.verified()) {
      damaged.push(segment)
      continue
    }
    const ranges = resolve(segment, words)
    let all = true
    for (let w = 0; w < words.length; w++) {
      const n = segment.postings(ranges[2 * w], ranges[2 * w + 1])
      counts[w] += n
      all &&= n > 0
    }
    if (all) found.push({ segment, ranges })
  }
  if (found.length === 0) return none
  const avgLength = living > 0 ? tokens / living : 1
  // The rarest word first: its postings are the candidates, which the others can only narrow.
  const order = words.map((_, w) => w).sort((a, b) => counts[a] - counts[b])
  const idf = order.map((w) => {
    // Postings still hold dead passages and a prefix sums several terms: the count is an estimate.
    const n = Math.min(counts[w], living)
    return Math.log(1 + (living - n + 0.5) / (n + 0.5))
  })
  const top: { segment: Segment; article: number; score: number; passages: number[] }[] = []
  let total = 0
  let groupCount = 0
  for (const { segment, ranges } of found) {
    const phraseIds = phrases.map((p) => p.map((bytes) => segment.lookup(bytes)))
    if (phraseIds.some((ids) => ids.includes(-1))) continue
    scratch.fit(segment.passageCount, segment.articles.length)
    let hits: number
    try {
      hits = match(segment, ranges, order, idf, avgLength, phraseIds, scratch)
    } catch (error) {
      if (!(error instanceof SegmentDamaged)) throw error
      damaged.push(segment)
      scratch.seen.fill(0, 0, segment.passageCount)
      scratch.score.fill(0, 0, segment.passageCount)
      continue
    }
    total += hits
    groupCount += rank(segment, hits, limit, perGroup, scratch, top)
    scratch.score.fill(0, 0, segment.passageCount)
  }
  return {
    total,
    groupCount,
    groups: top.map(({ segment, article, passages }) => ({ key: segment.articles[article].id, segment, article, passages })),
    damaged,
  }
}

/** Fills `hits` with the segment's matching passages and `score` with their scores; returns their count. */
function match(
  segment: Segment,
  ranges: Int32Array,
  order: readonly number[],
  idf: readonly number[],
  avgLength: number,
  phrases: readonly number[][],
  scratch: Scratch,
): number {
  const { seen, score, hits } = scratch
  const { alive, passageArticle } = segment
  const { passageLength } = segment.tables
  for (let i = 0; i < order.length; i++) {
    const w = order[i]
    for (let t = ranges[2 * w]; t < ranges[2 * w + 1]; t++) {
      for (const reader = segment.postingsOf(t); reader.next();) {
        const p = reader.passage
        // Passages that missed an earlier word stay behind; a prefix's expansions count once.
        if (seen[p] !== i || alive[passageArticle[p]] === 0) continue
        const tf = reader.count
        score[p] += (idf[i] * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * passageLength[p]) / avgLength))
        seen[p] = i + 1
      }
    }
  }
  // Passages with every word are at level `order.length`; each phrase they hold raises them one more.
  for (let f = 0; f < phrases.length; f++) keepHolding(segment, phrases[f], order.length + f, seen)
  const want = order.length + phrases.length
  const last = order[order.length - 1]
  let found = 0
  for (let t = ranges[2 * last]; t < ranges[2 * last + 1]; t++) {
    for (const reader = segment.postingsOf(t); reader.next();) {
      const p = reader.passage
      if (seen[p] !== want) continue
      hits[found++] = p
      seen[p] = 0 // a passage under two expansions is reported once
    }
  }
  seen.fill(0, 0, segment.passageCount)
  return found
}

/** A posting reader and room for its positions, per word of a phrase (kept between queries). */
const phraseReaders: { reader: PostingReader; positions: Uint32Array; count: number }[] = []

/**
 * Raises the passages at `level` that hold the phrase (term ids, in order) to `level + 1`: at each
 * position of its rarest word, every other word must be at the position that far from it. The words'
 * postings are walked side by side (passages ascend in each), their positions read only for passages
 * still in the running.
 */
function keepHolding(segment: Segment, ids: readonly number[], level: number, seen: Uint16Array): void {
  const anchor = ids.reduce(
    (best, id, i) => (segment.postings(id, id + 1) < segment.postings(ids[best], ids[best] + 1) ? i : best),
    0,
  )
  while (phraseReaders.length < ids.length)
    phraseReaders.push({ reader: new PostingReader(), positions: new Uint32Array(64), count: 0 })
  const words = phraseReaders.slice(0, ids.length)
  words.forEach((word, j) => segment.postingsOf(ids[j], true, word.reader))
  const read = (word: (typeof words)[number]) => {
    if (word.reader.count > word.positions.length) word.positions = new Uint32Array(word.reader.count)
    word.count = word.reader.positions(word.positions)
  }
  const first = words[anchor]
  while (first.reader.next()) {
    const p = first.reader.passage
    if (seen[p] !== level) continue
    // Each other word's posting for this passage (it has one: the passage holds every word).
    let missing = false
    for (let j = 0; j < ids.length && !missing; j++) {
      if (j === anchor) continue
      const { reader } = words[j]
      missing = !reader.seek(p) || reader.passage !== p
    }
    if (missing) continue
    words.forEach(read)
    for (let w = 0; w < first.count; w++) {
      const start = first.positions[w] - anchor
      if (start < 0) continue
      let j = 0
      while (j < ids.length && hasPosition(words[j].positions, words[j].count, start + j)) j++
      if (j === ids.length) {
        seen[p] = level + 1
        break
      }
    }
  }
}

/** Whether positions[0, to) (ascending) hold `position`. */
function hasPosition(positions: Uint32Array, to: number, position: number): boolean {
  let lo = 0
  let hi = to
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (positions[mid] < position) lo = mid + 1
    else hi = mid
  }
  return lo < to && positions[lo] === position
}

/**
 * Adds the segment's articles with a hit to `top` (the best `limit` so far, best first, bounded
 * insertion) with their best `perGroup` passages; returns how many articles had a hit.
 */
function rank(
  segment: Segment,
  count: number,
  limit: number,
  perGroup: number,
  scratch: Scratch,
  top: { segment: Segment; article: number; score: number; passages: number[] }[],
): number {
  const { hits, score, best, slot } = scratch
  const { passageArticle } = segment
  const articles = segment.articles.length
  best.fill(-Infinity, 0, articles)
  for (let k = 0; k < count; k++) {
    const p = hits[k]
    const a = passageArticle[p]
    if (score[p] > best[a]) best[a] = score[p]
  }
  let groups = 0
  for (let a = 0; a < articles; a++) {
    if (best[a] === -Infinity) continue
    groups++
    if (limit <= 0) continue
    if (top.length === limit) {
      if (best[a] <= top[limit - 1].score) continue
      top.pop()
    }
    let at = top.length
    top.push(top[0])
    while (at > 0 && top[at - 1].score < best[a]) {
      top[at] = top[at - 1]
      at--
    }
    top[at] = { segment, article: a, score: best[a], passages: [] }
  }
  // The passages of this segment's articles still among the best.
  const kept = top.filter((g) => g.segment === segment)
  if (kept.length === 0) return groups
  kept.forEach((g, i) => (slot[g.article] = i))
  for (let k = 0; k < count; k++) {
    const i = slot[passageArticle[hits[k]]]
    if (i >= 0) kept[i].passages.push(hits[k])
  }
  for (const g of kept) {
    g.passages = g.passages.sort((x, y) => score[y] - score[x]).slice(0, perGroup)
    slot[g.article] = -1
  }
  return groups
}

/** The words of `passage` among the query's (the last one's expansions included), to mark in its snippet. */
export function matchedTerms(segment: Segment, passage: number, terms: readonly string[], lastIsPrefix: boolean): string[] {
  const out = new Set<string>()
  try {
    for (const term of new Set(terms)) {
      const t = segment.lookup(utf8(term))
      if (t >= 0 && segment.holdsTerm(t, passage)) out.add(term)
    }
    if (lastIsPrefix) {
      const [lo, hi] = segment.prefixRange(utf8(terms[terms.length - 1]))
      for (let t = lo; t < hi; t++) if (segment.holdsTerm(t, passage)) out.add(segment.term(t))
    }
  } catch (error) {
    // Damaged postings mark nothing more (the query that found the passage read them whole).
    if (!(error instanceof SegmentDamaged)) throw error
  }
  return [...out]
}
