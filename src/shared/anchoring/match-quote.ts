/**
 * Finding a quote in a few ranges of a text, exactly or approximately. Searching ranges rather than the
 * whole text is what keeps re-anchoring fast: the caller looks near where the quote should be first, and
 * further away only when that fails.
 */
import approxSearch from 'approx-string-match'
import type { Interval } from './text-diff'

/** A raw match before scoring. */
export interface RawMatch {
  /** Start of the match in the text, a UTF-16 index. */
  start: number
  /** End of the match, exclusive. */
  end: number
  /** Edits between the quote and the match; 0 for an exact match. */
  errors: number
}

/**
 * Most matches kept per search. A short common quote ("the") can occur thousands of times in a long
 * article; scoring each costs two small edit-distance computations, so only the ones nearest the
 * expected position are kept. The right one is almost always among them: its context is what we score.
 */
export const MAX_MATCHES = 256

/** Quotes shorter than this get no fuzzy matching at all: with three letters, one edit is another word. */
const MIN_FUZZY_LENGTH = 4

/**
 * Longest error budget: 64 errors is two 32-bit words per text column in the bit-parallel search.
 */
const MAX_ERRORS_CAP = 64

/**
 * The error budget for a fuzzy match of `quote`: a quarter of its length, at most 64 (0 below 4 characters).
 *
 * The trade-off, as in Hypothesis' match-quote.ts, is recall against precision and cost:
 *
 * - Recall: a quarter tolerates a corrected typo, a changed word or two, a rewritten number or name in a
 *   sentence-long quote. Heavier rewrites of the quoted text itself leave it orphaned, which is the honest
 *   answer: the journalist should look at it again.
 * - Precision: Hypothesis allows half the length and always takes the best-scoring match; a 12-letter quote
 *   with 6 errors matches almost any 12 letters. A quarter, plus a minimum context agreement for short
 *   quotes (see `isAcceptable` in locate.ts), keeps `fuzzy` trustworthy.
 * - Cost: the bit-parallel search (Myers 1999, approx-string-match) runs in O(ceil(k / 32) · n) for k
 *   errors over n characters. Capping k at 64 bounds a search to two words per character; since the cap
 *   only bites for quotes over 256 characters, those are still found when up to 64 edits were made to them.
 */
export function maxErrorsFor(quote: string): number {
  if (quote.length < MIN_FUZZY_LENGTH) return 0
  return Math.min(MAX_ERRORS_CAP, Math.floor(quote.length / 4))
}

/**
 * Exact searches scanned per fuzzy one in the same time, for budgets. Measured (Node 20, 1 MB article):
 * indexOf scans ~1 GB/s and more, approx-string-match with up to 32 errors ~30–100 MB/s.
 */
export const EXACT_SCANS_PER_FUZZY = 32

/**
 * Cost of searching `regions` for a quote, exactly (`maxErrors` 0) or with up to `maxErrors` errors, in
 * units of one character scanned by a fuzzy search with up to 32 errors.
 */
export function searchCost(regions: readonly Interval[], maxErrors: number): number {
  let chars = 0
  for (const r of regions) chars += r.end - r.start
  return maxErrors === 0 ? chars / EXACT_SCANS_PER_FUZZY : chars * Math.ceil(maxErrors / 32)
}

/** Every exact occurrence of `quote` lying wholly inside one of `regions`; the `MAX_MATCHES` nearest `hint` if more. */
export function findExact(text: string, quote: string, regions: readonly Interval[], hint: number): RawMatch[] {
  const found: RawMatch[] = []
  if (quote.length === 0) return found
  for (const r of regions) {
    if (r.end - r.start < quote.length) continue
    // A slice of a long string is a cheap view in V8, and bounds indexOf to the region.
    const part = text.slice(r.start, r.end)
    for (let at = part.indexOf(quote); at !== -1; at = part.indexOf(quote, at + 1)) {
      found.push({ start: r.start + at, end: r.start + at + quote.length, errors: 0 })
    }
  }
  return nearest(found, hint)
}

/**
 * The best approximate matches of `quote` with at most `maxErrors` errors in each of `regions`.
 * approx-string-match reports, per region, only the matches with the fewest errors; their ends are
 * widened to whole code points, as it counts UTF-16 units and may split an emoji.
 */
export function findFuzzy(
  text: string,
  quote: string,
  regions: readonly Interval[],
  maxErrors: number,
  hint: number,
): RawMatch[] {
  const found: RawMatch[] = []
  if (maxErrors <= 0 || quote.length === 0) return found
  for (const r of regions) {
    if (r.end - r.start < quote.length - maxErrors) continue
    for (const m of approxSearch(text.slice(r.start, r.end), quote, maxErrors)) {
      if (m.end <= m.start) continue
      found.push({ start: snapStart(text, r.start + m.start), end: snapEnd(text, r.start + m.end), errors: m.errors })
    }
  }
  return nearest(found, hint)
}

/** Sorts nothing when few; otherwise keeps the `MAX_MATCHES` matches nearest `hint`. */
function nearest(matches: RawMatch[], hint: number): RawMatch[] {
  if (matches.length <= MAX_MATCHES) return matches
  return matches.sort((a, b) => Math.abs(a.start - hint) - Math.abs(b.start - hint)).slice(0, MAX_MATCHES)
}

/** Moves a start that falls between the halves of a surrogate pair back to the pair's start. */
function snapStart(text: string, at: number): number {
  return at > 0 && isLow(text.charCodeAt(at)) && isHigh(text.charCodeAt(at - 1)) ? at - 1 : at
}

/** Moves an end that falls between the halves of a surrogate pair forward past the pair. */
function snapEnd(text: string, at: number): number {
  return at < text.length && isLow(text.charCodeAt(at)) && isHigh(text.charCodeAt(at - 1)) ? at + 1 : at
}

function isHigh(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff
}

function isLow(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff
}
