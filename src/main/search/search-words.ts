/**
 * What search sees of a text: its words, folded (case and accents ignored) and split at anything that
 * is not a letter or a digit, and the passages (paragraphs, annotations, entities) that are indexed.
 * Shared by the index in memory (passage-index.ts), the segments (segment.ts) and their layout on disk
 * (segment-codec.ts).
 */
import { foldText } from '../../shared/suggest/fold'

export type PassageKind = 'text' | 'annotation' | 'entity'
export const KINDS: readonly PassageKind[] = ['text', 'annotation', 'entity']

/** A passage to index: `text` is what is searched; `start`/`end` place it in its article. */
export interface PassageInput {
  kind: PassageKind
  text: string
  start: number
  end: number
  /** The annotation or entity the passage stands for. */
  ref?: string
}

/** A passage as stored: its words are kept apart, as term ids; `text` only for non-text kinds. */
export interface StoredPassage {
  kind: PassageKind
  start: number
  end: number
  /** How many words (tokens) it has. */
  tokens: number
  ref?: string
  text?: string
}

/** Folded query words: all must be in a passage, the last maybe as a prefix, the phrases as such. */
export interface PassageQuery {
  terms: readonly string[]
  phrases: readonly (readonly string[])[]
  lastIsPrefix: boolean
}

const WORD_CHAR = /[\p{L}\p{N}]/u
/** ASCII letters and digits by char code (folded text is lower case, but upper case costs nothing). */
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, c) => Number(/[a-zA-Z0-9]/.test(String.fromCharCode(c))))

/**
 * Words as search sees them: folded, split at anything that is not a letter or a digit. A scan by
 * char code (the folded text is mostly ASCII), the same as splitting at /[^\p{L}\p{N}]+/u.
 */
export function searchTokens(text: string): string[] {
  const folded = foldText(text)
  const words: string[] = []
  let start = -1
  let i = 0
  while (i < folded.length) {
    const c = folded.charCodeAt(i)
    let width = 1
    let isWord: boolean
    if (c < 128) isWord = ASCII_WORD[c] === 1
    else {
      const cp = folded.codePointAt(i)!
      width = cp > 0xffff ? 2 : 1
      isWord = WORD_CHAR.test(String.fromCodePoint(cp))
    }
    if (isWord && start < 0) start = i
    else if (!isWord && start >= 0) {
      words.push(folded.slice(start, i))
      start = -1
    }
    i += width
  }
  if (start >= 0) words.push(folded.slice(start))
  return words
}
