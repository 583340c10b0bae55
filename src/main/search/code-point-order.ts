/**
 * The order of a segment's vocabulary: its words' UTF-8 bytes compared bytewise, which is code point
 * order (segment-codec.ts; a prefix is then a range of term ids, and a lookup a binary search).
 */

/** Sorts `words` in place as their UTF-8 bytes sort; returns them. */
export function sortByCodePoint(words: string[]): string[] {
  words.sort()
  // UTF-16 order is code point order but for characters past U+FFFF (surrogate pairs).
  if (words.some(hasSurrogate)) words.sort(byCodePoint)
  return words
}

/** Whether `word` has a character past U+FFFF (a surrogate pair, which sorts differently in UTF-16). */
function hasSurrogate(word: string): boolean {
  for (let i = 0; i < word.length; i++) if ((word.charCodeAt(i) & 0xf800) === 0xd800) return true
  return false
}

/** Code point order (that of UTF-8 bytes): UTF-16 order, except that surrogates sort after U+E000–U+FFFF. */
function byCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    const xs = (x & 0xf800) === 0xd800
    const ys = (y & 0xf800) === 0xd800
    if (xs !== ys && (xs ? y : x) >= 0xe000) return xs ? 1 : -1
    return x - y
  }
  return a.length - b.length
}
