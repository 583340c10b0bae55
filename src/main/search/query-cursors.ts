/**
 * A query's cursors over a segment's postings (segment-search.ts walks them side by side): one term's
 * reader (postings.ts), or a prefix's expansions merged into one list; and the room a query keeps
 * between queries so that walking them allocates next to nothing.
 */
import { phraseWordRoom, type PhraseWord } from './phrase-check'
import { PostingReader } from './postings'
import type { Segment } from './segment'

/** A word's postings in one segment, walked in passage order: one term's, or a prefix's expansions merged. */
export interface Cursor {
  /** The current passage, and how many times the word is in it. */
  readonly passage: number
  readonly count: number
  next(): boolean
  /** Moves to the first passage at or after `passage`; false when there is none. */
  seek(passage: number): boolean
  /** The next passages and counts, at most the arrays' length; how many, 0 past the last. */
  take(passages: Int32Array, counts: Uint32Array): number
}

/** A prefix's expansions merged: their passages, ascending, each with the word's count summed. */
class MergedCursor implements Cursor {
  passage = -1
  count = 0
  private at = -1

  constructor(
    private readonly passages: Int32Array,
    private readonly counts: Uint32Array,
    private readonly length: number,
  ) {}

  next(): boolean {
    if (++this.at >= this.length) return false
    this.passage = this.passages[this.at]
    this.count = this.counts[this.at]
    return true
  }

  seek(passage: number): boolean {
    while (this.passage < passage) if (!this.next()) return false
    return true
  }

  take(passages: Int32Array, counts: Uint32Array): number {
    const from = this.at + 1
    const n = Math.min(passages.length, this.length - from)
    if (n <= 0) return 0
    passages.set(this.passages.subarray(from, from + n))
    counts.set(this.counts.subarray(from, from + n))
    this.at += n
    this.passage = passages[n - 1]
    this.count = counts[n - 1]
    return n
  }
}

/** Room kept between queries (per word, per passage of the largest segment) to spare the GC. */
export class Scratch {
  /** Per passage: a prefix's summed counts while its expansions are merged (zero between). */
  sum = new Uint32Array(0)
  /** A prefix's merged passages and counts. */
  merged = new Int32Array(0)
  mergedCount = new Uint32Array(0)
  /** The current article's matching passages and their scores. */
  hitPassage = new Int32Array(64)
  hitScore = new Float64Array(64)
  /** How many times each phrase counted as a sequence stands in the current passage. */
  private counts = new Float64Array(4)
  /** A lone word's postings, a batch at a time. */
  readonly takenPassages = new Int32Array(512)
  readonly takenCounts = new Uint32Array(512)
  readonly readers: PostingReader[] = []
  readonly phraseWords: PhraseWord[] = []

  fit(passages: number): void {
    if (this.sum.length >= passages) return
    const n = Math.max(passages, this.sum.length * 2)
    this.sum = new Uint32Array(n)
    this.merged = new Int32Array(n)
    this.mergedCount = new Uint32Array(n)
  }

  growHits(): void {
    const passages = new Int32Array(this.hitPassage.length * 2)
    passages.set(this.hitPassage)
    this.hitPassage = passages
    const scores = new Float64Array(this.hitScore.length * 2)
    scores.set(this.hitScore)
    this.hitScore = scores
  }

  /** Room for the counts of `n` sequences (phrase-check.ts), zeroed. */
  sequenceCounts(n: number): Float64Array {
    if (this.counts.length < n) this.counts = new Float64Array(n)
    return this.counts.subarray(0, n).fill(0)
  }

  reader(i: number): PostingReader {
    while (this.readers.length <= i) this.readers.push(new PostingReader())
    return this.readers[i]
  }

  phraseWord(i: number): PhraseWord {
    while (this.phraseWords.length <= i) this.phraseWords.push(phraseWordRoom())
    return this.phraseWords[i]
  }
}

/** The postings of a word (terms [lo, hi)): one term's reader, or a prefix's expansions merged. */
export function cursorOf(segment: Segment, lo: number, hi: number, i: number, scratch: Scratch): Cursor {
  if (hi - lo === 1) return segment.postingsOf(lo, false, scratch.reader(i))
  scratch.fit(segment.passageCount)
  const { sum, merged, mergedCount } = scratch
  let length = 0
  const reader = scratch.reader(i)
  try {
    for (let t = lo; t < hi; t++) {
      for (segment.postingsOf(t, false, reader); reader.next();) {
        const p = reader.passage
        if (sum[p] === 0) merged[length++] = p
        sum[p] += reader.count
      }
    }
  } catch (error) {
    // Damaged postings: the sums are left zero for the next query's merge.
    for (let k = 0; k < length; k++) sum[merged[k]] = 0
    throw error
  }
  // Very few passages are sorted; more are collected in order by a pass over the table (much faster).
  if (length * 64 < segment.passageCount) merged.subarray(0, length).sort()
  else for (let p = 0, k = 0; k < length; p++) if (sum[p] > 0) merged[k++] = p
  for (let k = 0; k < length; k++) {
    mergedCount[k] = sum[merged[k]]
    sum[merged[k]] = 0
  }
  // Only the query's last word is a prefix: the scratch holds one merge at a time.
  return new MergedCursor(merged, mergedCount, length)
}
