/**
 * The quote search, in stages from cheap and likely to expensive and unlikely: exact matches near the
 * expected position, then exact matches further away, then the same two with errors allowed. A stage
 * that yields a match whose context agrees ends the search; otherwise the best acceptable match of all
 * stages so far wins, exact matches always before fuzzy ones.
 */
import { adjacentAgreement, contextScore, scoreCandidate, type ScoredCandidate } from './context-score'
import { findExact, findFuzzy, maxErrorsFor, searchCost, type RawMatch } from './match-quote'
import type { Interval } from './text-diff'

/** Where to look for a quote. */
export interface SearchPlan {
  /** Expected start of the quote in the text: the distance tie-breaker measures from here. */
  hint: number
  /** Ranges searched first. A match here with agreeing context (see `STRONG_CONTEXT`) ends the search. */
  near: Interval[]
  /** Ranges searched when `near` has no such match. Their cost is charged to the budget. */
  wide: Interval[]
}

/**
 * Work left for `wide` searches, in the units of `searchCost` (one per character scanned by a fuzzy
 * search with up to 32 errors). Shared by all the annotations of one re-anchoring, so that a rewrite of the whole article,
 * where every annotation misses near its old place, stays bounded in time; once spent, annotations are
 * only looked for near their old place, and the rest are orphaned rather than found late.
 */
export interface SearchBudget {
  /** Units left; `Infinity` for a single annotation. */
  remaining: number
}

/** The quote selector being looked for. */
export interface QuoteQuery {
  /** The text to find. */
  exact: string
  /** Text expected just before it. */
  prefix: string
  /** Text expected just after it. */
  suffix: string
}

/**
 * Context agreement (0 to 1, see `contextScore`) above which a match is taken without looking further.
 * 0.9 tolerates an edited character or two in the 64 characters of context.
 */
export const STRONG_CONTEXT = 0.9

/**
 * Context agreement below which a match of a short quote is rejected. A name like "Putin" occurs all over
 * an article about him: if the sentence around the tagged one was deleted, moving the tag to another
 * "Putin" whose surroundings do not resemble the old ones would be a silent error; orphaning it is not.
 */
export const MIN_CONTEXT = 0.5

/**
 * A quote at least this long is distinctive enough to be accepted on its own text when exact (twice as
 * long when fuzzy), whatever its context: the context is only 32 characters either side.
 */
export const DISTINCTIVE_LENGTH = 32

/** Finds the best acceptable place for `quote` in `text` following `plan`, or null. */
export function locateQuote(text: string, quote: QuoteQuery, plan: SearchPlan, budget: SearchBudget): ScoredCandidate | null {
  const pick = (matches: RawMatch[], current: ScoredCandidate | null): ScoredCandidate | null =>
    bestAcceptable(text, quote, matches, plan.hint, current)

  // approx-string-match reports only the matches with the fewest errors, so where exact matches exist
  // (and were rejected for their context) a fuzzy search would only find them again: it is skipped.
  const exactNear = findExact(text, quote.exact, plan.near, plan.hint)
  let exact = pick(exactNear, null)
  if (exact && exact.context >= STRONG_CONTEXT) return exact
  let exactWide: RawMatch[] = []
  if (charge(budget, plan.wide, 0)) {
    exactWide = findExact(text, quote.exact, plan.wide, plan.hint)
    exact = pick(exactWide, exact)
  }
  if (exact) return exact

  const maxErrors = maxErrorsFor(quote.exact)
  if (maxErrors === 0) return null
  let fuzzy: ScoredCandidate | null = null
  if (exactNear.length === 0) {
    fuzzy = pick(findFuzzy(text, quote.exact, plan.near, maxErrors, plan.hint), null)
    if (fuzzy && fuzzy.context >= STRONG_CONTEXT) return fuzzy
  }
  if (exactWide.length === 0 && charge(budget, plan.wide, maxErrors)) {
    fuzzy = pick(findFuzzy(text, quote.exact, plan.wide, maxErrors, plan.hint), fuzzy)
  }
  return fuzzy
}

/** True when the context around `text[start, end)` agrees strongly with the quote's. */
export function contextAgrees(text: string, quote: QuoteQuery, start: number, end: number): boolean {
  return contextScore(text, start, end, quote.prefix, quote.suffix) >= STRONG_CONTEXT
}

/** Whether a match is trustworthy enough to anchor to (see `MIN_CONTEXT` and `DISTINCTIVE_LENGTH`). */
export function isAcceptable(quote: QuoteQuery, candidate: ScoredCandidate): boolean {
  const distinctive = DISTINCTIVE_LENGTH * (candidate.errors === 0 ? 1 : 2)
  return quote.exact.length >= distinctive || candidate.context >= MIN_CONTEXT
}

/**
 * Candidates given the full score, the ones whose adjacent characters agree best with the old context.
 * The full score (two edit distances) is what tells a near miss from a stranger, but a repeated phrase can
 * have hundreds of candidates; the right one agrees with its context right next to it, unless an edit
 * landed exactly there, and then it still agrees on the other side.
 */
export const FULLY_SCORED = 16

/** The highest-scoring acceptable match among `matches` and `current`. */
function bestAcceptable(
  text: string,
  quote: QuoteQuery,
  matches: readonly RawMatch[],
  hint: number,
  current: ScoredCandidate | null,
): ScoredCandidate | null {
  let shortlist = matches
  if (matches.length > FULLY_SCORED) {
    const agreement = new Map<RawMatch, number>()
    for (const m of matches) agreement.set(m, adjacentAgreement(text, m.start, m.end, quote.prefix, quote.suffix))
    shortlist = [...matches]
      .sort(
        (a, b) =>
          agreement.get(b)! - agreement.get(a)! || a.errors - b.errors || Math.abs(a.start - hint) - Math.abs(b.start - hint),
      )
      .slice(0, FULLY_SCORED)
  }
  let best = current
  for (const m of shortlist) {
    const c = scoreCandidate(text, quote, m.start, m.end, m.errors, hint)
    if (isAcceptable(quote, c) && (best === null || c.score > best.score)) best = c
  }
  return best
}

/** Takes the cost of searching `regions` from the budget; false (and nothing taken) when it would overdraw. */
function charge(budget: SearchBudget, regions: readonly Interval[], maxErrors: number): boolean {
  if (regions.length === 0) return false
  const cost = searchCost(regions, maxErrors)
  if (cost > budget.remaining) return false
  budget.remaining -= cost
  return true
}
