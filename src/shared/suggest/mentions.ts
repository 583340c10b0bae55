/**
 * Finding an entity's name and aliases in text the way a journalist reads it: case- and
 * accent-insensitive ("vladimir putin" finds "Vladímir Putin"), on word boundaries in any script
 * ("Kim" never matches inside "Kimberly"), the longest alias winning where two overlap.
 *
 * Text is folded once (NFD, combining marks stripped, lower case) with a map from folded offsets back
 * to the original UTF-16 offsets, since folding changes lengths ("ß", "İ", decomposed accents).
 */

/** Folded text and, for every folded index (and one past the end), the original index. */
export interface FoldedText {
  folded: string
  toOriginal: Int32Array
}

const MARKS = /\p{M}/gu

/** Folds one code point: decomposed, marks dropped, lower-cased. */
function foldCodePoint(cp: string): string {
  return cp.normalize('NFD').replace(MARKS, '').toLowerCase()
}

/** Folds text for searching, keeping the way back to original offsets. */
export function foldForSearch(text: string): FoldedText {
  const parts: string[] = []
  const map: number[] = []
  let i = 0
  for (const cp of text) {
    // ASCII is the common case and folds to itself (bar case): skip normalisation there.
    const f = cp.charCodeAt(0) < 0x80 ? cp.toLowerCase() : foldCodePoint(cp)
    parts.push(f)
    for (let k = 0; k < f.length; k++) map.push(i)
    i += cp.length
  }
  map.push(text.length)
  return { folded: parts.join(''), toOriginal: Int32Array.from(map) }
}

/** Folds a search term (no offset map needed). */
export function foldTerm(term: string): string {
  return foldForSearch(term.trim()).folded
}

/** One occurrence of a term in the original text. */
export interface MentionMatch {
  start: number
  end: number
  exact: string
  /** The name or alias that matched. */
  term: string
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Every occurrence of any of `terms` in `text`, sorted and non-overlapping (the longest term wins).
 * Pass `folded` when searching the same text for several entities, to fold it once.
 */
export function findMentions(text: string, terms: readonly string[], folded: FoldedText = foldForSearch(text)): MentionMatch[] {
  const byFolded = new Map<string, string>()
  for (const term of terms) {
    const f = foldTerm(term)
    if (f && !byFolded.has(f)) byFolded.set(f, term)
  }
  if (byFolded.size === 0) return []
  // Longest first, so the alternation prefers "vladimir putin" over "putin" at the same position.
  const alternatives = [...byFolded.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp)
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}])`, 'gu')
  const out: MentionMatch[] = []
  for (let m = re.exec(folded.folded); m; m = re.exec(folded.folded)) {
    const start = folded.toOriginal[m.index]
    const end = folded.toOriginal[m.index + m[0].length]
    if (end > start) out.push({ start, end, exact: text.slice(start, end), term: byFolded.get(m[0]) ?? m[0] })
  }
  return out
}

/** Whether `candidate` matches an autocomplete query (any word starts with it, or it occurs inside). */
export function matchesQuery(candidate: string, query: string): boolean {
  return scoreOf(foldTerm(candidate), foldTerm(query)) < 3
}

/** 0: the text starts with the query; 1: a word starts with it; 2: it occurs inside; 3: no match. */
function scoreOf(text: string, query: string): number {
  if (!query) return 0
  if (text.startsWith(query)) return 0
  const at = text.indexOf(query)
  if (at < 0) return 3
  return /[\p{L}\p{N}]/u.test(text[at - 1] ?? ' ') ? 2 : 1
}

/** The items matching `query` (through any of their texts), best match first, then alphabetically. */
export function rankByQuery<T>(items: T[], query: string, textsOf: (item: T) => string[]): T[] {
  const q = foldTerm(query)
  return items
    .map((item) => {
      const texts = textsOf(item)
      return { item, score: Math.min(...texts.map((t) => scoreOf(foldTerm(t), q))), name: texts[0] ?? '' }
    })
    .filter((x) => x.score < 3)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .map((x) => x.item)
}
