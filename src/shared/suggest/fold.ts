/**
 * Folding text for search the way a journalist reads it: "VLADÍMIR", "Vladímir" and "vladimir" are
 * one word, and so are "Straße"/"strasse", "Łukasz"/"lukasz", "O’Brien"/"O'Brien", "ﬁle"/"file".
 *
 * Folding changes lengths (ß → ss, ﬁ → fi, e + U+0301 → e, 𝔸 → a), so the folded text comes with a
 * map back to original UTF-16 offsets: a match found in the folded text slices the original exactly.
 */

/** Folded text and, for every folded index (and one past the end), the original UTF-16 index. */
export interface FoldedText {
  folded: string
  /** Length folded.length + 1; toOriginal[folded.length] === text.length. */
  toOriginal: Int32Array
}

/**
 * Letters that compatibility decomposition leaves alone but readers treat as a base letter with a
 * stroke, or as two letters. Lower case only: they are looked up after lower-casing.
 */
const SPECIAL: Record<string, string> = {
  ß: 'ss',
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ħ: 'h',
  ı: 'i', // Turkish dotless i: "Istanbul" typed for "İstanbul" or "ıstanbul"
  æ: 'ae',
  œ: 'oe',
  ς: 'σ', // Greek final sigma is the same letter as σ
  // Apostrophes and hyphens in names come in several code points: O’Brien, Jong‐un.
  '’': "'",
  '‘': "'",
  ʼ: "'",
  '′': "'",
  '‐': '-',
  '‑': '-',
  // Invisible characters vanish: a soft hyphen or zero-width space inside a name must not break it.
  '\u00ad': '',
  '\u200b': '',
  '\u200c': '',
  '\u200d': '',
  '\u2060': '',
  '\ufeff': '',
}

const MARKS = /\p{M}/gu

/** Folds one code point: compatibility-decomposed, marks dropped, lower case, special letters. */
function foldCodePoint(cp: string): string {
  // Lower-casing can bring marks back (İ → i + U+0307), hence a second pass over them.
  const lower = cp.normalize('NFKD').replace(MARKS, '').toLowerCase().normalize('NFKD').replace(MARKS, '')
  let out = ''
  for (const c of lower) out += SPECIAL[c] ?? c
  return out
}

/** Folds of the non-ASCII code points met so far: an article has few distinct ones, met many times. */
const cache = new Map<number, string>()
const CACHE_LIMIT = 20_000

function foldCached(cp: number): string {
  let f = cache.get(cp)
  if (f === undefined) {
    f = foldCodePoint(String.fromCodePoint(cp))
    if (cache.size >= CACHE_LIMIT) cache.clear()
    cache.set(cp, f)
  }
  return f
}

const NON_ASCII = /[\u0080-\u{10ffff}]/gu

/**
 * Folds `text` for searching (compatibility decomposition, combining marks stripped, lower case, the
 * letters in SPECIAL spelt out), with the map from folded offsets back to original ones.
 * Linear, and fast on mostly-ASCII text: ASCII runs are lower-cased in one go.
 */
export function foldForSearch(text: string): FoldedText {
  const parts: string[] = []
  let map = new Int32Array(text.length + 1)
  let length = 0
  const grow = (need: number) => {
    if (length + need < map.length) return
    const bigger = new Int32Array(Math.max(map.length * 2, length + need + 1))
    bigger.set(map)
    map = bigger
  }
  let i = 0
  while (i < text.length) {
    NON_ASCII.lastIndex = i
    const hit = NON_ASCII.exec(text)
    const runEnd = hit ? hit.index : text.length
    if (runEnd > i) {
      // ASCII lower-cases to ASCII of the same length: the map is the identity, shifted.
      parts.push(text.slice(i, runEnd).toLowerCase())
      grow(runEnd - i)
      for (let k = i; k < runEnd; k++) map[length++] = k
      i = runEnd
    }
    if (!hit) break
    const cp = text.codePointAt(i)!
    const f = foldCached(cp)
    parts.push(f)
    grow(f.length)
    for (let k = 0; k < f.length; k++) map[length++] = i
    i += cp > 0xffff ? 2 : 1
  }
  map[length] = text.length
  return { folded: parts.join(''), toOriginal: map.slice(0, length + 1) }
}

/** The folded text alone (foldForSearch(text).folded without the offset map): for indexing words. */
export function foldText(text: string): string {
  let out = ''
  let i = 0
  while (i < text.length) {
    NON_ASCII.lastIndex = i
    const hit = NON_ASCII.exec(text)
    const runEnd = hit ? hit.index : text.length
    if (runEnd > i) out += text.slice(i, runEnd).toLowerCase()
    if (!hit) break
    const cp = text.codePointAt(runEnd)!
    out += foldCached(cp)
    i = runEnd + (cp > 0xffff ? 2 : 1)
  }
  return out
}

/** Folds a search term or key: like {@link foldForSearch}, trimmed, whitespace runs as one space. */
export function foldTerm(term: string): string {
  return foldForSearch(term).folded.trim().replace(/\s+/gu, ' ')
}

/**
 * The original offset where a match ending at folded index `end` ends. When `end` falls inside the
 * expansion of one original character (the first "s" of "ß" → "ss"), the whole character is taken.
 */
export function originalEnd(f: FoldedText, end: number): number {
  const at = f.toOriginal[end]
  if (end === 0 || f.toOriginal[end - 1] !== at) return at
  let k = end
  while (k < f.folded.length && f.toOriginal[k] === at) k++
  return f.toOriginal[k]
}
