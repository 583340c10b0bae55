/**
 * The pairs of a segment's commonest words, indexed as terms of their own (segment-codec.ts encodes
 * them, segment.ts looks them up, segment-search.ts searches a phrase as its pairs).
 *
 * A phrase is otherwise checked on its words' positions at every passage holding all of them: for
 * two common words at 100,000 articles, a third of a million passages, half of the query's time, for
 * the few thousand where they stand side by side. With the pair indexed, the phrase is one term's
 * postings (two words) or its pairs at consecutive positions (more). As Lucene's CommonGrams and
 * search engines' phrase indexes do, only the commonest words' pairs: a rare word's phrase is checked
 * at few passages anyway, and indexing every pair would multiply the vocabulary held in memory.
 */
import { sortByCodePoint } from './code-point-order'
import type { StoredArticle } from './segment-codec'

/** How many of a segment's commonest words have their pairs indexed (ties at the last one join: at most twice as many). */
export const PAIR_WORDS = 48
/** Segments with fewer passages index no pairs: a phrase check there reads few positions anyway. */
export const PAIR_SEGMENT_PASSAGES = 1024

/** The key of the pair term of two words (UTF-8 bytes): a zero byte, the first, a zero byte, the second. */
export function pairKey(first: Uint8Array, second: Uint8Array): Uint8Array {
  const key = new Uint8Array(first.length + second.length + 2)
  key.set(first, 1)
  key.set(second, first.length + 2)
  return key
}

/**
 * The pairs of the segment's commonest words that stand side by side in a passage, each indexed as a
 * term of its own (key '\0first\0second', sorting before every word; positions those of its first
 * word). A phrase of two common words is then one term's postings, where its words' positions would be
 * read at every passage holding both (at 100,000 articles, a third of a million passages for two
 * common words, half a query's time). Only the commonest words' pairs: at most (2 PAIR_WORDS)² terms, so the
 * vocabulary held in memory grows little.
 *
 * A word's pairs are indexed when it is in at least `pairMin` passages (the header keeps it), which a
 * query tells from the word's postings alone: a pair of two such words absent from the vocabulary is
 * in no passage of the segment.
 */
export function commonPairs(
  articles: readonly StoredArticle[],
  wordRank: Int32Array,
  words: readonly string[],
  passageCount: number,
): { pairMin: number; keys: string[]; common: Int32Array; slot: Int32Array; width: number } {
  const none = { pairMin: 0, keys: [], common: new Int32Array(words.length).fill(-1), slot: new Int32Array(0), width: 0 }
  if (passageCount < PAIR_SEGMENT_PASSAGES || words.length === 0) return none
  // Passages per word.
  const passages = new Uint32Array(words.length)
  const last = new Int32Array(words.length).fill(-1)
  let passage = 0
  for (const a of articles) {
    let at = 0
    for (const p of a.passages) {
      for (let j = at; j < at + p.tokens; j++) {
        const w = wordRank[a.tokens[j]]
        if (last[w] !== passage) {
          last[w] = passage
          passages[w]++
        }
      }
      at += p.tokens
      passage++
    }
  }
  // The PAIR_WORDS-th most passages, and never a word in fewer than one passage in 32; words tied
  // there join, unless they would be more than twice as many (a text repeated: every word ties).
  const descending = Uint32Array.from(passages).sort().reverse()
  let pairMin = Math.max(descending[Math.min(PAIR_WORDS, descending.length) - 1], Math.ceil(passageCount / 32), 2)
  if (descending.length > 2 * PAIR_WORDS && descending[2 * PAIR_WORDS] >= pairMin) pairMin = descending[2 * PAIR_WORDS] + 1
  const common = new Int32Array(words.length).fill(-1)
  let width = 0
  for (let w = 0; w < words.length; w++) if (passages[w] >= pairMin) common[w] = width++
  if (width === 0) return none
  // Which pairs stand side by side somewhere, in key order.
  const seen = new Uint8Array(width * width)
  const byCommon = new Int32Array(width)
  for (let w = 0; w < words.length; w++) if (common[w] >= 0) byCommon[common[w]] = w
  for (const a of articles) {
    let at = 0
    for (const p of a.passages) {
      for (let j = at; j + 1 < at + p.tokens; j++) {
        const x = common[wordRank[a.tokens[j]]]
        const y = x < 0 ? -1 : common[wordRank[a.tokens[j + 1]]]
        if (y >= 0) seen[x * width + y] = 1
      }
      at += p.tokens
    }
  }
  const found: [string, number][] = []
  for (let k = 0; k < seen.length; k++)
    if (seen[k]) found.push([`\0${words[byCommon[Math.floor(k / width)]]}\0${words[byCommon[k % width]]}`, k])
  const keys = sortByCodePoint(found.map(([key]) => key))
  const rankOfKey = new Map(keys.map((key, r) => [key, r]))
  const slot = new Int32Array(width * width).fill(-1)
  for (const [key, k] of found) slot[k] = rankOfKey.get(key)!
  return { pairMin, keys, common, slot, width }
}
