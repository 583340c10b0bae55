/**
 * Finding an entity's name and aliases in text the way a journalist reads it: case- and
 * accent-insensitive ("vladimir putin" finds "Vladímir Putin"), on word boundaries in any script
 * ("Kim" never matches inside "Kimberly"), the longest alias winning where two overlap. Also the
 * matching and ranking behind the entity autocomplete.
 *
 * The text is folded once (see fold.ts) and searched with one regular expression: the folded terms,
 * escaped, longest first, as one alternation.
 */
import { foldForSearch, foldTerm, originalEnd, type FoldedText } from './fold'

export { foldForSearch, foldTerm, type FoldedText } from './fold'

/** One occurrence of a term in the original text. */
export interface MentionMatch {
  /** UTF-16 offsets into the original text. */
  start: number
  end: number
  /** text.slice(start, end), as written there ("VLADÍMIR PUTIN"). */
  exact: string
  /** The name or alias that matched, as given. */
  term: string
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')

/** Scripts written without spaces between words: a name there has no word boundary to wait for. */
const UNSPACED =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u
const WORD = /[\p{L}\p{N}]/u

/**
 * The pattern of one folded term: any run of spaces in it matches any run of whitespace (a line
 * break inside a name), a hyphen also matches a space ("Jong-un", "Jong un"), and it is fenced by word
 * boundaries wherever it begins or ends with a letter or digit of a spaced script.
 */
function termPattern(folded: string): string {
  const body = folded
    .split(/(\s+|-)/u)
    .map((part) => (part === '-' ? '[-\\s]' : /^\s+$/u.test(part) ? '\\s+' : escapeRegExp(part)))
    .join('')
  const first = String.fromCodePoint(folded.codePointAt(0)!)
  const last = [...folded.slice(-2)].pop()!
  const open = WORD.test(first) && !UNSPACED.test(first) ? '(?<![\\p{L}\\p{N}])' : ''
  const close = WORD.test(last) && !UNSPACED.test(last) ? '(?![\\p{L}\\p{N}])' : ''
  return open + body + close
}

/** The last text folded, kept because the app searches one article for several entities in a row. */
let lastFold: { text: string; folded: FoldedText } | undefined

function foldOnce(text: string): FoldedText {
  if (lastFold?.text !== text) lastFold = { text, folded: foldForSearch(text) }
  return lastFold.folded
}

/**
 * Every occurrence of any of `terms` in `text`, sorted and non-overlapping: where two overlap, the
 * longer one wins (then the earlier). Pass `folded` (foldForSearch(text)) to fold a text only once
 * for many searches. Terms without a letter or digit are ignored.
 */
export function findMentions(text: string, terms: readonly string[], folded?: FoldedText): MentionMatch[] {
  const byFolded = new Map<string, string>()
  for (const term of terms) {
    const f = foldTerm(term)
    // A term without a letter or digit ("-", "…") names nothing and would match everywhere.
    if (WORD.test(f) && !byFolded.has(f)) byFolded.set(f, term)
  }
  if (byFolded.size === 0 || text.length === 0) return []
  const f = folded && folded.toOriginal[folded.folded.length] === text.length ? folded : foldOnce(text)
  const keys = [...byFolded.keys()].sort((a, b) => b.length - a.length)
  // Longest first: at one position the alternation takes the first alternative that matches.
  const re = new RegExp(keys.map(termPattern).join('|'), 'gu')
  const termOf = (matched: string) => byFolded.get(matched) ?? byFolded.get(keyOf(matched, keys))!

  // Matches at every position, even inside an earlier match, so that a longer term starting later
  // ("Jong-un Kim" after "Kim") can win; runs of overlapping ones are settled by pickLongest.
  const out: MentionMatch[] = []
  const emit = (c: Candidate) => {
    const start = f.toOriginal[c.start]
    const end = originalEnd(f, c.end)
    out.push({ start, end, exact: text.slice(start, end), term: c.term })
  }
  let run: Candidate[] = []
  let runEnd = -1
  const haystack = f.folded
  for (let m = re.exec(haystack); m; m = re.exec(haystack)) {
    const start = m.index
    if (start >= runEnd && run.length > 0) {
      if (run.length === 1) emit(run[0])
      else pickLongest(run).forEach(emit)
      run = []
    }
    run.push({ start, end: start + m[0].length, term: termOf(m[0]) })
    runEnd = Math.max(runEnd, start + m[0].length)
    const unit = haystack.charCodeAt(start)
    re.lastIndex = start + (unit >= 0xd800 && unit <= 0xdbff ? 2 : 1)
  }
  if (run.length === 1) emit(run[0])
  else if (run.length > 1) pickLongest(run).forEach(emit)
  return out
}

interface Candidate {
  start: number
  end: number
  term: string
}

/** The term a match came from when the text spelt its spaces or hyphens differently. */
function keyOf(matched: string, keys: readonly string[]): string {
  for (const key of keys) if (new RegExp(`^${termPattern(key)}$`, 'u').test(matched)) return key
  return keys[0] // unreachable: every match comes from one of the keys
}

/** Non-overlapping candidates, longest first, then earliest; returned in text order. */
function pickLongest<T extends { start: number; end: number }>(candidates: T[]): T[] {
  const byLength = [...candidates].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)
  const taken: T[] = []
  // A run of overlapping matches is a handful of names: a linear overlap check is enough.
  for (const c of byLength) if (!taken.some((t) => t.start < c.end && c.start < t.end)) taken.push(c)
  return taken.sort((a, b) => a.start - b.start)
}

/**
 * How well `text` (folded) matches an autocomplete `query` (folded): 0 it starts with the query,
 * 1 a word in it does, 2 every query word starts a word in it (any order), 3 it contains the query,
 * 4 no match. An empty query matches everything equally.
 */
function scoreOf(text: string, query: string): number {
  if (!query || text.startsWith(query)) return 0
  let at = text.indexOf(query)
  const firstAt = at
  while (at > 0) {
    if (!WORD.test(text[at - 1])) return 1
    at = text.indexOf(query, at + 1)
  }
  const words = query.split(' ')
  if (words.length > 1 && words.every((w) => startsAWord(text, w))) return 2
  return firstAt >= 0 ? 3 : 4
}

function startsAWord(text: string, word: string): boolean {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    if (at === 0 || !WORD.test(text[at - 1])) return true
  }
  return false
}

/**
 * Whether `candidate` matches an autocomplete `query`, ignoring case and accents: a word of it
 * starts with the query ("vladimir" → "Vladímir Putin", "mandatario" → "el mandatario ruso"), every
 * query word starts one of its words ("put vla"), or it contains the query.
 */
export function matchesQuery(candidate: string, query: string): boolean {
  return scoreOf(foldTerm(candidate), foldTerm(query)) < 4
}

/**
 * The items that match `query` through any of their texts (name and aliases), best first: text
 * starts with the query, then a word does, then every query word does, then anywhere inside; ties
 * alphabetically by the item's first text. Items that match nothing are left out.
 */
export function rankByQuery<T>(items: T[], query: string, textsOf: (item: T) => string[]): T[] {
  const q = foldTerm(query)
  return items
    .map((item) => {
      const texts = textsOf(item)
      let score = 4
      for (const t of texts) score = Math.min(score, scoreOf(foldTerm(t), q))
      return { item, score, name: texts[0] ?? '' }
    })
    .filter((x) => x.score < 4)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .map((x) => x.item)
}
