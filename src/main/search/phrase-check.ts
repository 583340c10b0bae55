/**
 * The phrase check of a query (segment-search.ts): how many times a passage that holds every word of a
 * phrase holds them side by side, in order, read from the words' positions alone (a phrase's
 * frequency, which scores it).
 */
import { PostingReader } from './postings'
import type { Segment } from './segment'

/** A phrase word's postings with their positions, read once per passage however many phrases hold it. */
export interface PhraseWord {
  /** The word's reader: its own, or the word's cursor when that walks the same term. */
  reader: PostingReader
  readonly own: PostingReader
  positions: Uint32Array
  count: number
  /** The passage whose positions `positions` holds (-1: none yet). */
  readFor: number
}

/** Room for one phrase word, kept between queries. */
export function phraseWordRoom(): PhraseWord {
  const own = new PostingReader()
  return { reader: own, own, positions: new Uint32Array(64), count: 0, readFor: -1 }
}

/**
 * How many times a passage every word is in holds each phrase: at a position of the phrase's first
 * word, every other word at the position that far from it. Each phrase word's postings are walked
 * along (passages ascend), their positions read only for passages asked about, once for all phrases.
 */
export class PhraseCheck {
  /** Per phrase: its words (readers shared between phrases) and, per word, how far its positions were walked. */
  private readonly phrases: { words: PhraseWord[]; at: Int32Array }[]

  /**
   * `phrases` as term ids of `segment`; `shared`: the words' cursors that walk a phrase word with its
   * positions (reused, not opened again); `word(i)`: the i-th phrase word's room, kept between queries.
   */
  constructor(
    segment: Segment,
    phrases: readonly number[][],
    shared: ReadonlyMap<number, PostingReader>,
    word: (i: number) => PhraseWord,
  ) {
    // One reader per distinct word of the phrases: the word's cursor's, or one of its own.
    const ids = [...new Set(phrases.flat())]
    const readers = ids.map((id, i) => {
      const room = word(i)
      room.reader = shared.get(id) ?? segment.postingsOf(id, true, room.own)
      room.readFor = -1
      return room
    })
    this.phrases = phrases.map((phrase) => ({
      words: phrase.map((id) => readers[ids.indexOf(id)]),
      at: new Int32Array(phrase.length),
    }))
  }

  /**
   * How many times each phrase stands in a passage every word is in, into `out` (per phrase); false
   * as soon as one is not there.
   */
  count(passage: number, out: Float64Array): boolean {
    for (let f = 0; f < this.phrases.length; f++) {
      const { words, at } = this.phrases[f]
      for (let j = 0; j < words.length; j++) if (!positionsAt(words[j], passage)) return false
      out[f] = occurrences(words, at)
      if (out[f] === 0) return false
    }
    return true
  }
}

/** Reads `word`'s positions in `passage` (once); false when the word is not there. */
function positionsAt(word: PhraseWord, passage: number): boolean {
  if (word.readFor === passage) return true
  const { reader } = word
  if (!reader.seek(passage) || reader.passage !== passage) return false
  if (reader.count > word.positions.length) word.positions = new Uint32Array(reader.count)
  word.count = reader.positions(word.positions)
  word.readFor = passage
  return true
}

/**
 * How many positions p of the first word have each word j at p + j, from the words' positions (read,
 * ascending). One walk along each word's positions (`at`: how far, per word).
 */
function occurrences(words: readonly PhraseWord[], at: Int32Array): number {
  at.fill(0)
  const first = words[0]
  let found = 0
  for (let k = 0; k < first.count; k++) {
    const start = first.positions[k]
    let j = 1
    for (; j < words.length; j++) {
      const { positions, count } = words[j]
      let i = at[j]
      while (i < count && positions[i] < start + j) i++
      at[j] = i
      // No position left for word j: no later start can hold the phrase either.
      if (i === count) return found
      if (positions[i] !== start + j) break
    }
    if (j === words.length) found++
  }
  return found
}
