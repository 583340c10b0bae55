/**
 * The quote search, in stages from cheap and likely to expensive and unlikely: exact matches near the
 * expected position, then exact matches further away, then the same two with errors allowed. A stage
 * that yields a match whose context agrees ends the search; otherwise the best acceptable match of all
 * stages so far wins, exact matches always before fuzzy ones.
 */
import { contextScore, scoreCandidate, type ScoredCandidate } from './context-score'
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
 * Work left for `wide` searches, in the units of `searchCost` (about one per character for an exact
 * search). Shared by all the annotations of one re-anchoring, so that a rewrite of the whole article,
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

  let exact = pick(findExact(text, quote.exact, plan.near, plan.hint), null)
  if (exact && exact.context >= STRONG_CONTEXT) return exact
  if (charge(budget, plan.wide, 0)) exact = pick(findExact(text, quote.exact, plan.wide, plan.hint), exact)
  if (exact) return exact

  const maxErrors = maxErrorsFor(quote.exact)
  if (maxErrors === 0) return null
  let fuzzy = pick(findFuzzy(text, quote.exact, plan.near, maxErrors, plan.hint), null)
  if (fuzzy && fuzzy.context >= STRONG_CONTEXT) return fuzzy
  if (charge(budget, plan.wide, maxErrors)) fuzzy = pick(findFuzzy(text, quote.exact, plan.wide, maxErrors, plan.hint), fuzzy)
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

/** The highest-scoring acceptable match among `matches` and `current`. */
function bestAcceptable(
  text: string,
  quote: QuoteQuery,
  matches: readonly RawMatch[],
  hint: number,
  current: ScoredCandidate | null,
): ScoredCandidate | null {
  let best = current
  for (const m of matches) {
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
