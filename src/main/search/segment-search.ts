/**
 * A query over many segments (segment.ts): passages holding every word (the last maybe as a prefix)
 * and every phrase, scored by BM25 with the statistics of the whole index (so a passage ranks the same
 * whichever segment holds it), grouped by article, and the best articles kept across segments.
 *
 * Each segment is searched where it lies, a passage at a time: the words' postings (postings.ts) are
 * walked side by side, rarest first. The rarest word leads; each other word seeks to the leader's
 * passage, and where one is past it, the leader seeks there. A passage every word reaches is checked
 * for the phrases on positions alone (phrase-check.ts: at some position of a phrase's first word, the
 * others at the positions after it), scored, and handed to the ranking. Each word's postings are thus
 * read once, positions only where a phrase needs them, and nothing is held per passage of the segment.
 *
 * A segment's passages are grouped by article and ascend (segment.ts), so a matching passage's article
 * is complete as soon as a passage of another article matches: the ranking keeps the best articles
 * as they complete, each with its best passages.
 *
 * A segment whose tables do not verify, or whose postings turn out damaged while read, is left out and
 * reported (`damaged`): its owner drops it and indexes its articles again, and the query is asked again.
 */
import { PhraseCheck } from './phrase-check'
import { PostingReader, SegmentDamaged } from './postings'
import { cursorOf, Scratch, type Cursor } from './query-cursors'
import type { Segment } from './segment'
import type { PassageQuery } from './search-words'

export { Scratch } from './query-cursors'

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

/** The distinct words of a query, each exact or a prefix, as UTF-8 bytes to look up in each segment. */
interface Word {
  text: string
  bytes: Uint8Array
  prefix: boolean
}

const utf8 = (word: string) => new Uint8Array(Buffer.from(word, 'utf8'))

/** The query's distinct words, its phrases' among them; the last term a prefix when typed so. */
function queryWords({ terms, phrases, lastIsPrefix }: PassageQuery): Word[] {
  const words = [...new Set(terms)]
  const out = words.map((word, i) => ({
    text: word,
    bytes: utf8(word),
    prefix: lastIsPrefix && i === words.length - 1 && word === terms[terms.length - 1],
  }))
  for (const word of new Set(phrases.flat()))
    if (!words.includes(word)) out.push({ text: word, bytes: utf8(word), prefix: false })
  return out
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

/** An article among the best so far, with its score (its best passage's). */
interface Kept {
  segment: Segment
  article: number
  score: number
  passages: number[]
}

/**
 * How a query scores a passage, by BM25: each word outside the phrases by how many times it is there,
 * each phrase by how many times it stands there (its frequency, as Lucene scores a phrase), weighted by
 * the sum of its words' weights. A word of a phrase is not scored again on its own.
 */
interface Scoring {
  /** Per word outside the phrases (in the order of `loose`), and per phrase: its weight. */
  wordIdf: Float64Array
  phraseIdf: Float64Array
  avgLength: number
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
  const phrases = query.phrases.filter((p) => p.length > 1)
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
  const idf = Float64Array.from(counts, (count) => {
    // Postings still hold dead passages and a prefix sums several terms: the count is an estimate.
    const n = Math.min(count, living)
    return Math.log(1 + (living - n + 0.5) / (n + 0.5))
  })
  const inPhrase = new Set(phrases.flat())
  const loose = words.map((_, w) => w).filter((w) => !inPhrase.has(words[w].text))
  const scoring: Scoring = {
    wordIdf: Float64Array.from(loose, (w) => idf[w]),
    phraseIdf: Float64Array.from(phrases, (phrase) =>
      phrase.reduce((sum, word) => sum + idf[words.findIndex((w) => w.text === word)], 0),
    ),
    avgLength: living > 0 ? tokens / living : 1,
  }
  const phraseBytes = phrases.map((p) => p.map(utf8))
  const top: Kept[] = []
  let total = 0
  let groupCount = 0
  for (const { segment, ranges } of found) {
    const plan = phrasePlan(segment, phraseBytes)
    if (!plan) continue
    // An article of this segment is kept only when better than the last of the best so far.
    const floor = limit <= 0 ? Infinity : top.length === limit ? top[limit - 1].score : -Infinity
    const ranking = new SegmentRanking(segment, limit, perGroup, floor, scratch)
    try {
      searchSegment(
        segment,
        loose.map((w) => [ranges[2 * w], ranges[2 * w + 1]] as const),
        plan,
        scoring,
        scratch,
        ranking,
      )
    } catch (error) {
      if (!(error instanceof SegmentDamaged)) throw error
      damaged.push(segment)
      continue
    }
    total += ranking.total
    groupCount += ranking.groups
    for (const kept of ranking.top) keepBest(top, kept, limit)
  }
  return {
    total,
    groupCount,
    groups: top.map(({ segment, article, passages }) => ({ key: segment.articles[article].id, segment, article, passages })),
    damaged,
  }
}

/**
 * How a segment finds each phrase of a query and counts it in a passage: as one pair term's postings
 * (two words whose pairs the segment indexes: pair-terms.ts), or as a sequence of terms at consecutive
 * positions: its pairs when all are indexed (far fewer postings than common words' own), else its
 * words, with the pairs it has as filters.
 */
interface PhrasePlan {
  /** Per phrase: the pair term it is, or -1 when it is counted as a sequence. */
  pair: Int32Array
  /** The sequences, and the phrase each one is. */
  sequences: number[][]
  sequenceOf: number[]
  /** Terms a passage must hold, counted nowhere. */
  filters: number[]
}

/** The plan of the phrases (words as UTF-8 bytes) in `segment`; null when no passage there holds them all. */
function phrasePlan(segment: Segment, phrases: readonly Uint8Array[][]): PhrasePlan | null {
  const plan: PhrasePlan = { pair: new Int32Array(phrases.length).fill(-1), sequences: [], sequenceOf: [], filters: [] }
  for (let f = 0; f < phrases.length; f++) {
    const phrase = phrases[f]
    const ids = phrase.map((bytes) => segment.lookup(bytes))
    const pairs: (number | null)[] = []
    for (let k = 0; k + 1 < phrase.length; k++) pairs.push(segment.pairTerm(phrase[k], phrase[k + 1]))
    if (ids.includes(-1) || pairs.includes(-1)) return null
    const indexed = pairs.filter((pair): pair is number => pair !== null)
    if (indexed.length === 1 && phrase.length === 2) {
      plan.pair[f] = indexed[0]
      continue
    }
    plan.sequences.push(indexed.length === pairs.length ? indexed : ids)
    plan.sequenceOf.push(f)
    if (indexed.length < pairs.length) plan.filters.push(...indexed)
  }
  return plan
}

/** Inserts `kept` into `top` (best first, at most `limit`) unless it is not better than the last; ties keep the earlier first. */
function keepBest(top: Kept[], kept: Kept, limit: number): void {
  if (limit <= 0) return
  if (top.length === limit) {
    if (kept.score <= top[limit - 1].score) return
    top.pop()
  }
  let at = top.length
  top.push(kept)
  while (at > 0 && top[at - 1].score < kept.score) {
    top[at] = top[at - 1]
    at--
  }
  top[at] = kept
}

/**
 * One segment's matches as they come (passages ascending, so each article's together): how many
 * passages and articles, and the segment's articles better than `floor` (the last of the best so far,
 * when there are `limit` of them), at most `limit`, with their best `perGroup` passages.
 */
class SegmentRanking {
  total = 0
  groups = 0
  readonly top: Kept[] = []
  /** The current article, its matching passages so far (in scratch) and its best score. */
  private article = -1
  private count = 0
  private best = -Infinity

  constructor(
    private readonly segment: Segment,
    private readonly limit: number,
    private readonly perGroup: number,
    private floor: number,
    private readonly scratch: Scratch,
  ) {}

  add(passage: number, score: number): void {
    const article = this.segment.passageArticle[passage]
    if (article !== this.article) {
      this.close()
      this.article = article
    }
    const { scratch } = this
    if (this.count === scratch.hitPassage.length) scratch.growHits()
    scratch.hitPassage[this.count] = passage
    scratch.hitScore[this.count++] = score
    if (score > this.best) this.best = score
    this.total++
  }

  /** Ends the current article: counts it, and keeps it when it is among the best. */
  close(): void {
    if (this.count === 0) return
    this.groups++
    if (this.best > this.floor) {
      const { hitPassage, hitScore } = this.scratch
      // Its best passages, best first; equal scores in the text's order.
      const picked = Array.from({ length: this.count }, (_, i) => i)
        .sort((x, y) => hitScore[y] - hitScore[x] || x - y)
        .slice(0, this.perGroup)
        .map((i) => hitPassage[i])
      const { top, limit } = this
      keepBest(top, { segment: this.segment, article: this.article, score: this.best, passages: picked }, limit)
      if (top.length === limit) this.floor = Math.max(this.floor, top[limit - 1].score)
    }
    this.count = 0
    this.best = -Infinity
  }
}

/**
 * Walks the segment's postings of the loose words (term-id ranges, in the order of the scoring's
 * weights), of the phrases' terms and of the filters side by side, the rarest here leading, and hands
 * `ranking` each living passage holding every word and every phrase, with its BM25 score.
 */
function searchSegment(
  segment: Segment,
  words: readonly (readonly [number, number])[],
  plan: PhrasePlan,
  { wordIdf, phraseIdf, avgLength }: Scoring,
  scratch: Scratch,
  ranking: SegmentRanking,
): void {
  const { alive, passageArticle } = segment
  const { passageLength } = segment.tables
  // One cursor per term, walking its positions too where a sequence reads them at the cursor.
  const inSequence = new Set(plan.sequences.flat())
  const shared = new Map<number, PostingReader>()
  const cursors: Cursor[] = []
  const postings: number[] = []
  const ofTerm = new Map<number, number>()
  const open = (lo: number, hi: number): number => {
    const single = hi - lo === 1
    const known = single ? ofTerm.get(lo) : undefined
    if (known !== undefined) return known
    const i = cursors.length
    if (!single || !inSequence.has(lo)) cursors.push(cursorOf(segment, lo, hi, i, scratch))
    else {
      const reader = segment.postingsOf(lo, true, scratch.reader(i))
      shared.set(lo, reader)
      cursors.push(reader)
    }
    postings.push(segment.postings(lo, hi))
    if (single) ofTerm.set(lo, i)
    return i
  }
  const wordCursor = words.map(([lo, hi]) => open(lo, hi))
  const pairCursor = Array.from(plan.pair, (term) => (term >= 0 ? open(term, term + 1) : -1))
  for (const term of [...inSequence, ...plan.filters]) open(term, term + 1)
  const check = plan.sequences.length > 0 ? new PhraseCheck(segment, plan.sequences, shared, (i) => scratch.phraseWord(i)) : null
  const counted = scratch.sequenceCounts(plan.sequences.length)
  const norm0 = K1 * (1 - B)
  const norm1 = (K1 * B) / avgLength
  if (cursors.length === 1 && check === null) {
    // One term (a word, a prefix, a phrase as its pair): every unit scores its count alike.
    let idf = 0
    for (let i = 0; i < wordCursor.length; i++) idf += wordIdf[i]
    for (let f = 0; f < pairCursor.length; f++) if (pairCursor[f] === 0) idf += phraseIdf[f]
    searchAlone(segment, cursors[0], idf, norm0, norm1, scratch, ranking)
    return
  }
  // The rarest term here leads; the others seek to it.
  let leader = 0
  for (let i = 1; i < cursors.length; i++) if (postings[i] < postings[leader]) leader = i
  const lead = cursors[leader]
  const others = cursors.filter((_, i) => i !== leader)
  const n = others.length
  let more = lead.next()
  while (more) {
    const p = lead.passage
    if (alive[passageArticle[p]] === 0) {
      more = lead.next()
      continue
    }
    // Every other term at p, or the leader on to the first passage one of them is past it at.
    let ahead = -1
    for (let i = 0; i < n && ahead < 0; i++) {
      const cursor = others[i]
      if (cursor.passage < p && !cursor.seek(p)) {
        more = false
        break
      }
      if (cursor.passage > p) ahead = cursor.passage
    }
    if (!more) break
    if (ahead >= 0) {
      more = lead.seek(ahead)
      continue
    }
    if (check === null || check.count(p, counted)) {
      const norm = norm0 + norm1 * passageLength[p]
      let score = 0
      for (let i = 0; i < wordCursor.length; i++) score += bm25(wordIdf[i], cursors[wordCursor[i]].count, norm)
      for (let f = 0; f < pairCursor.length; f++)
        if (pairCursor[f] >= 0) score += bm25(phraseIdf[f], cursors[pairCursor[f]].count, norm)
      for (let k = 0; k < plan.sequenceOf.length; k++) score += bm25(phraseIdf[plan.sequenceOf[k]], counted[k], norm)
      ranking.add(p, score)
    }
    more = lead.next()
  }
  ranking.close()
}

/** searchSegment() for a lone term: its postings taken a batch at a time, and scored in one tight loop. */
function searchAlone(
  segment: Segment,
  cursor: Cursor,
  idf: number,
  norm0: number,
  norm1: number,
  scratch: Scratch,
  ranking: SegmentRanking,
): void {
  const { alive, passageArticle } = segment
  const { passageLength } = segment.tables
  const { takenPassages: passages, takenCounts: counts } = scratch
  for (let n = cursor.take(passages, counts); n > 0; n = cursor.take(passages, counts))
    for (let k = 0; k < n; k++) {
      const p = passages[k]
      if (alive[passageArticle[p]] === 0) continue
      ranking.add(p, bm25(idf, counts[k], norm0 + norm1 * passageLength[p]))
    }
  ranking.close()
}

/** BM25's share of one word (or phrase) of weight `idf`, there `tf` times, in a passage of length norm `norm`. */
const bm25 = (idf: number, tf: number, norm: number) => (idf * tf * (K1 + 1)) / (tf + norm)

/** The words of `passage` among the query's (the last one's expansions included), to mark in its snippet. */
export function matchedTerms(segment: Segment, passage: number, terms: readonly string[], lastIsPrefix: boolean): string[] {
  const out = new Set<string>()
  try {
    for (const term of new Set(terms)) {
      const t = segment.lookup(utf8(term))
      if (t >= 0 && segment.holdsTerm(t, passage)) out.add(term)
    }
    if (lastIsPrefix && terms.length > 0) {
      const [lo, hi] = segment.prefixRange(utf8(terms[terms.length - 1]))
      for (let t = lo; t < hi; t++) if (segment.holdsTerm(t, passage)) out.add(segment.term(t))
    }
  } catch (error) {
    // Damaged postings mark nothing more (the query that found the passage read them whole).
    if (!(error instanceof SegmentDamaged)) throw error
  }
  return [...out]
}
