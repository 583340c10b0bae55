/**
 * The phrase check of a query (segment-search.ts): whether a passage that holds every word of a phrase
 * holds them side by side, in order, read from the words' positions alone.
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
 * Whether a passage every word is in holds every phrase: at some position of the phrase's first word,
 * every other word must be at the position that far from it. Each phrase word's postings are walked
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

  holds(passage: number): boolean {
    for (let f = 0; f < this.phrases.length; f++) {
      const { words, at } = this.phrases[f]
      for (let j = 0; j < words.length; j++) if (!positionsAt(words[j], passage)) return false
      if (!inOrder(words, at)) return false
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
 * Whether the words' positions (read, ascending) hold the phrase: some position p of the first word
 * with each word j at p + j. One walk along each word's positions (`at`: how far, per word).
 */
function inOrder(words: readonly PhraseWord[], at: Int32Array): boolean {
  at.fill(0)
  const first = words[0]
  for (let k = 0; k < first.count; k++) {
    const start = first.positions[k]
    let j = 1
    for (; j < words.length; j++) {
      const { positions, count } = words[j]
      let i = at[j]
      while (i < count && positions[i] < start + j) i++
      at[j] = i
      if (i === count) return false
      if (positions[i] !== start + j) break
    }
    if (j === words.length) return true
  }
  return false
}
