/**
 * Indexes that make grouping name spellings into entities (discover/entities.ts) cost per spelling what
 * its few plausible partners cost, not what every group met so far costs (it was quadratic: 11 s of one
 * synchronous step at 1,000 articles).
 *
 * Two spellings can only be one entity when they have the same identity, or an identifying word of one
 * is alike a word of the other (equal, or ≥ 0.75 similar: compare/names.ts `sameEntity`). So spellings
 * are indexed by their identifying words, and each word knows the words alike it: found once, when the
 * word is first met, among words of a compatible length whose letters can differ by few enough edits.
 * The rules that decide stay in entities.ts; these indexes only choose whom to ask.
 */
import { identifying, type NameChunk } from '../compare/names'
import { similarity } from '../compare/tokens'

const SAME_WORD = 0.75
/** Letter counts hashed into this many buckets: a lower bound of the edit distance, cheap to compare. */
const BUCKETS = 32

/** Words met so far and, for each, the words alike it (itself included). */
export class AlikeWords {
  private readonly alike = new Map<string, string[]>()
  private readonly byLength = new Map<number, { word: string; counts: Uint8Array }[]>()

  /** The words alike `word` among all words met (it is met now if it was not). */
  of(word: string): readonly string[] {
    let found = this.alike.get(word)
    if (found) return found
    found = [word]
    this.alike.set(word, found)
    if (word.length >= 3) {
      const counts = letterCounts(word)
      const longest = Math.floor(word.length / SAME_WORD)
      for (let length = Math.ceil(word.length * SAME_WORD); length <= longest; length++) {
        for (const other of this.byLength.get(length) ?? []) {
          const max = Math.max(word.length, length)
          const edits = Math.floor((1 - SAME_WORD) * max + 1e-9)
          if (Math.abs(word.length - length) > edits) continue
          if (bagDistance(counts, other.counts) > edits) continue
          if (similarity(word, other.word) < SAME_WORD) continue
          found.push(other.word)
          this.alike.get(other.word)!.push(word)
        }
      }
      let list = this.byLength.get(word.length)
      if (!list) this.byLength.set(word.length, (list = []))
      list.push({ word, counts })
    }
    return found
  }
}

function letterCounts(word: string): Uint8Array {
  const counts = new Uint8Array(BUCKETS)
  for (let i = 0; i < word.length; i++) counts[word.charCodeAt(i) % BUCKETS]++
  return counts
}

/**
 * A lower bound of the edit distance from letter counts: each edit changes at most one letter out and
 * one in, so the larger of the letters missing on either side bounds it (hashing only merges letters,
 * which can only lower the bound).
 */
function bagDistance(a: Uint8Array, b: Uint8Array): number {
  let more = 0
  let fewer = 0
  for (let i = 0; i < BUCKETS; i++) {
    const d = a[i] - b[i]
    if (d > 0) more += d
    else fewer -= d
  }
  return Math.max(more, fewer)
}

/** Spellings indexed by their identifying words, each with what it belongs to (a group). */
export class SpellingIndex<G> {
  private readonly byWord = new Map<string, { chunk: NameChunk; group: G }[]>()

  constructor(private readonly words: AlikeWords) {}

  add(chunk: NameChunk, group: G): void {
    for (const w of keyWords(chunk)) {
      this.words.of(w)
      let list = this.byWord.get(w)
      if (!list) this.byWord.set(w, (list = []))
      list.push({ chunk, group })
    }
  }

  /** Every indexed spelling sharing an alike identifying word with `chunk` (the only ones that can be it). */
  candidates(chunk: NameChunk): { chunk: NameChunk; group: G }[] {
    const out: { chunk: NameChunk; group: G }[] = []
    const seen = new Set<NameChunk>()
    for (const w of keyWords(chunk))
      for (const v of this.words.of(w))
        for (const entry of this.byWord.get(v) ?? [])
          if (!seen.has(entry.chunk)) {
            seen.add(entry.chunk)
            out.push(entry)
          }
    return out
  }
}

/** The identifying words of a name; a name without words is indexed under one empty key. */
function keyWords(chunk: NameChunk): readonly string[] {
  const words = identifying(chunk.words)
  return words.length ? words : ['']
}

/**
 * Lone-word groups by the first letter of their first word, in the order they were made: a lone word
 * spelled differently ("Pionyang", "Pyongyang") joins the first one whose joined words are ≥ 0.75
 * similar and start with the same letter.
 */
export class SinglesIndex<G> {
  private readonly byInitial = new Map<string, { joined: string; counts: Uint8Array; group: G }[]>()

  add(chunk: NameChunk, group: G): void {
    const initial = chunk.words[0]?.[0]
    if (initial === undefined) return
    const joined = chunk.words.join('')
    let list = this.byInitial.get(initial)
    if (!list) this.byInitial.set(initial, (list = []))
    list.push({ joined, counts: letterCounts(joined), group })
  }

  /** The first group made whose spelling is alike (same rule as before the index, same answer). */
  first(chunk: NameChunk, order: (group: G) => number): G | undefined {
    const initial = chunk.words[0]?.[0]
    if (initial === undefined) return undefined
    const joined = chunk.words.join('')
    const counts = letterCounts(joined)
    let best: G | undefined
    for (const entry of this.byInitial.get(initial) ?? []) {
      if (best !== undefined && order(entry.group) >= order(best)) continue
      const max = Math.max(joined.length, entry.joined.length)
      const edits = Math.floor((1 - SAME_WORD) * max + 1e-9)
      if (Math.abs(joined.length - entry.joined.length) > edits || bagDistance(counts, entry.counts) > edits) continue
      if (similarity(entry.joined, joined) >= SAME_WORD) best = entry.group
    }
    return best
  }
}
