/**
 * Scoring a place in the text as the new home of a quote. The quote's own similarity dominates; the
 * prefix and suffix tell repeated phrases apart; the distance from where we expected it breaks ties.
 * The weights are Hypothesis' (match-quote.ts), which have anchored millions of annotations on pages
 * that changed under them.
 */
const QUOTE_WEIGHT = 50
const PREFIX_WEIGHT = 20
const SUFFIX_WEIGHT = 20
const POSITION_WEIGHT = 2

/** A place a quote was found, with how well it fits. */
export interface ScoredCandidate {
  /** Start of the match in the new text, a UTF-16 index. */
  start: number
  /** End of the match, exclusive. */
  end: number
  /** Edits (insertions, deletions, substitutions of UTF-16 units) between the quote and the match; 0 when exact. */
  errors: number
  /** Similarity of the text around the match to the old prefix and suffix, 0 to 1. */
  context: number
  /** Overall score, 0 to 1: quote, context and distance to the hint, weighted. */
  score: number
}

/**
 * How similar `actual` is to `expected`, 0 to 1: one minus their edit distance relative to the length of
 * `expected`. An empty `expected` carries no information and scores 1.
 *
 * A plain two-row dynamic programme: contexts are at most 32 characters, so this is ~1,000 cell updates,
 * about a microsecond. (approx-string-match rebuilds its tables on every call and costs several times that,
 * which matters when a common phrase has hundreds of candidate places.)
 */
export function similarity(actual: string, expected: string): number {
  if (expected.length === 0 || actual === expected) return 1
  if (actual.length === 0) return 0
  return Math.max(0, 1 - editDistance(actual, expected) / expected.length)
}

let rowA = new Int32Array(65)
let rowB = new Int32Array(65)

/** Levenshtein distance of `a` and `b` in UTF-16 units. */
function editDistance(a: string, b: string): number {
  if (b.length + 1 > rowA.length) {
    rowA = new Int32Array(b.length + 1)
    rowB = new Int32Array(b.length + 1)
  }
  let prev = rowA
  let cur = rowB
  for (let j = 0; j <= b.length; j++) prev[j] = j
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i
    const ca = a.charCodeAt(i - 1)
    for (let j = 1; j <= b.length; j++) {
      const substitute = prev[j - 1] + (ca === b.charCodeAt(j - 1) ? 0 : 1)
      const del = prev[j] + 1
      const ins = cur[j - 1] + 1
      cur[j] = substitute < del ? (substitute < ins ? substitute : ins) : del < ins ? del : ins
    }
    const t = prev
    prev = cur
    cur = t
  }
  return prev[b.length]
}

/**
 * A cheap stand-in for the context score, to rank many candidates before scoring the best few properly:
 * how many characters right next to the match agree with the expected prefix and suffix.
 */
export function adjacentAgreement(text: string, start: number, end: number, prefix: string, suffix: string): number {
  let n = 0
  while (n < prefix.length && start - 1 - n >= 0 && text.charCodeAt(start - 1 - n) === prefix.charCodeAt(prefix.length - 1 - n))
    n++
  let m = 0
  while (m < suffix.length && end + m < text.length && text.charCodeAt(end + m) === suffix.charCodeAt(m)) m++
  return n + m
}

/** Similarity of the context around `text[start, end)` to the expected prefix and suffix, 0 to 1. */
export function contextScore(text: string, start: number, end: number, prefix: string, suffix: string): number {
  const before = text.slice(Math.max(0, start - prefix.length), start)
  const after = text.slice(end, end + suffix.length)
  return (
    (PREFIX_WEIGHT * similarity(before, prefix) + SUFFIX_WEIGHT * similarity(after, suffix)) / (PREFIX_WEIGHT + SUFFIX_WEIGHT)
  )
}

/**
 * Scores a match of `quote` at `text[start, end)` with `errors` edits, given the expected context and
 * the expected position `hint`.
 */
export function scoreCandidate(
  text: string,
  quote: { exact: string; prefix: string; suffix: string },
  start: number,
  end: number,
  errors: number,
  hint: number,
): ScoredCandidate {
  const quoteScore = 1 - errors / Math.max(1, quote.exact.length)
  const prefixScore = similarity(text.slice(Math.max(0, start - quote.prefix.length), start), quote.prefix)
  const suffixScore = similarity(text.slice(end, end + quote.suffix.length), quote.suffix)
  const positionScore = 1 - Math.abs(start - hint) / Math.max(1, text.length)
  const raw =
    QUOTE_WEIGHT * quoteScore + PREFIX_WEIGHT * prefixScore + SUFFIX_WEIGHT * suffixScore + POSITION_WEIGHT * positionScore
  const context = (PREFIX_WEIGHT * prefixScore + SUFFIX_WEIGHT * suffixScore) / (PREFIX_WEIGHT + SUFFIX_WEIGHT)
  return { start, end, errors, context, score: raw / (QUOTE_WEIGHT + PREFIX_WEIGHT + SUFFIX_WEIGHT + POSITION_WEIGHT) }
}
