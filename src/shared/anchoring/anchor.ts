/**
 * Re-anchoring annotations when an article's text changes (a corrected file replaces the old one).
 *
 * Each annotation is tried in order:
 * 1. Exact position: its quote is still at its offsets → `unchanged`.
 * 2. Exact quote elsewhere, the best by context (prefix and suffix similarity) and distance → `moved`.
 * 3. Approximate quote within an error budget (a quarter of its length, see `maxErrorsFor`) → `fuzzy`.
 * 4. Otherwise `orphaned`: kept with its last selectors, never dropped.
 *
 * `anchorTarget` does this for one annotation from the new text alone. `reanchorAll` also has the old text,
 * and uses it to do almost no searching at all:
 *
 * - It diffs the two texts once (`diffTexts`: common prefix and suffix, then a sentence-level patience diff).
 *   An annotation whose span lies inside an unchanged stretch is carried across by offset arithmetic, in
 *   O(log segments), and is `unchanged` or `moved` by construction: the diff proved those characters are
 *   the same characters. With a few edits to a long article that is nearly every annotation.
 * - An annotation touching a changed region is searched for near where that region now is (a window of
 *   `DIFF_NEAR_RADIUS` around it), and then in the text that was inserted anywhere, which is where a moved
 *   paragraph lands. It is not searched for in distant unchanged text: that text was there before, with
 *   the same words, and was not where the annotation was, so a match there would be some other passage.
 * - All searches beyond the near window share one budget (`SearchBudget`), so an article rewritten from
 *   top to bottom costs bounded time; annotations the budget cannot reach are orphaned, not lost.
 *
 * The cost is therefore one diff, O(text + tokens · log tokens) for ordinary corrections, plus work
 * proportional to the annotations that touch an edit, not to all of them. Measured (bench/reanchor.bench.ts,
 * Node 20, 2 cores under load): 10,000 annotations on a 1 MB article re-anchor in ~4 ms after one edit,
 * ~22 ms after 100 scattered edits, ~90 ms after 1,000, ~15 ms after moving five paragraphs.
 */
import { quoteSelector } from '../text-offsets'
import type { ScoredCandidate } from './context-score'
import { scoreCandidate } from './context-score'
import { contextAgrees, locateQuote, type SearchBudget, type SearchPlan } from './locate'
import { maxErrorsFor } from './match-quote'
import { diffTexts, estimateOffset, mapOffset, mapUnchangedSpan, type Interval, type TextDiff } from './text-diff'
import type { AnchorResult, AnchorStatus, TextTarget } from './types'

/**
 * How far around the expected place the first search looks, in UTF-16 units on each side, when only the
 * old offsets say where that is (`anchorTarget`, stale selectors). About two paragraphs: enough for nearby
 * edits to have shifted it, small enough to scan in microseconds.
 */
export const NEAR_RADIUS = 1024

/**
 * The same for `reanchorAll`, around the new side of the changed region the annotation touched. The diff
 * already says where the change is, so the margin only needs to catch a quote straddling its edges; a
 * smaller window also means a fuzzy search over fewer characters for each annotation near an edit.
 */
export const DIFF_NEAR_RADIUS = 256

/**
 * Budget for the searches beyond the near windows in one `reanchorAll`, in `searchCost` units (one per
 * character scanned fuzzily with up to 32 errors, 1/32 per character scanned exactly). 1 million is
 * roughly 10–30 ms of fuzzy scanning on a laptop core, or thirty exact scans of a 1 MB article: enough
 * for dozens of annotations to be looked for in all the inserted text after many corrections. When it is
 * spent, the rest are only looked for near their old place. Typical corrections use a small part of it.
 */
export const WIDE_SEARCH_BUDGET = 1_000_000

/** Re-anchors one annotation in `newText`, using its old offsets only as the place to look first. */
export function anchorTarget(newText: string, target: TextTarget): AnchorResult {
  if (target.exact.length === 0) return orphan(target)
  const hint = clamp(target.start, 0, newText.length)
  const plan: SearchPlan = {
    hint,
    near: [nearWindow(hint, hint + target.exact.length, target.exact.length, newText.length)],
    wide: [{ start: 0, end: newText.length }],
  }
  return anchorWithPlan(newText, target, plan, { remaining: Infinity })
}

/**
 * Re-anchors every annotation of an article whose text changed from `oldText` to `newText`. Results are
 * in the order of `targets`. Targets whose offsets do not point at their quote in `oldText` (stale
 * selectors) are looked for by quote alone, as `anchorTarget` does, within the shared budget.
 */
export function reanchorAll<T extends TextTarget>(oldText: string, newText: string, targets: readonly T[]): AnchorResult[] {
  const diff = diffTexts(oldText, newText)
  const budget: SearchBudget = { remaining: WIDE_SEARCH_BUDGET }
  return targets.map((target) => reanchorOne(oldText, newText, diff, target, budget))
}

/** One annotation of `reanchorAll`. */
function reanchorOne(oldText: string, newText: string, diff: TextDiff, target: TextTarget, budget: SearchBudget): AnchorResult {
  const { start, end, exact } = target
  if (exact.length === 0) return orphan(target)
  const consistent = start >= 0 && end - start === exact.length && end <= oldText.length && oldText.startsWith(exact, start)
  if (!consistent) {
    const hint = estimateOffset(diff, clamp(start, 0, oldText.length))
    const plan: SearchPlan = {
      hint,
      near: [nearWindow(hint, hint + exact.length, exact.length, newText.length)],
      wide: [{ start: 0, end: newText.length }],
    }
    return anchorWithPlan(newText, target, plan, budget)
  }

  const at = mapUnchangedSpan(diff, start, end)
  if (at >= 0) return anchored(newText, target, at, at + exact.length, 1)

  // Near: the new side of the changed region(s) the span touches, when that is small; around the
  // proportional estimate of its place when a large stretch was rewritten.
  const hint = estimateOffset(diff, start)
  let from = mapOffset(diff, start).start
  let to = mapOffset(diff, end).end
  if (to - from > 4 * NEAR_RADIUS) {
    from = hint
    to = estimateOffset(diff, end)
  }
  const pad = exact.length + maxErrorsFor(exact)
  const plan: SearchPlan = {
    hint,
    near: [nearWindow(from, to, exact.length, newText.length, DIFF_NEAR_RADIUS)],
    wide: padAndMerge(diff.inserted, pad, newText.length),
  }
  return anchorWithPlan(newText, target, plan, budget)
}

/** Steps 1 to 4 for one annotation, searching as `plan` says. */
function anchorWithPlan(newText: string, target: TextTarget, plan: SearchPlan, budget: SearchBudget): AnchorResult {
  const { start, end, exact } = target
  // Step 1. The quote at its old offsets is taken at once only if its context agrees too: otherwise an
  // edit may have slid another occurrence of a repeated phrase into place, and it competes with the rest.
  if (start >= 0 && end <= newText.length && newText.startsWith(exact, start) && contextAgrees(newText, target, start, end)) {
    return anchored(newText, target, start, end, scoreCandidate(newText, target, start, end, 0, start).score)
  }
  const found: ScoredCandidate | null = locateQuote(newText, target, plan, budget)
  return found ? anchored(newText, target, found.start, found.end, found.score) : orphan(target)
}

/** The result for an annotation found at `newText[start, end)`, with fresh selectors. */
function anchored(newText: string, target: TextTarget, start: number, end: number, score: number): AnchorResult {
  const selector = quoteSelector(newText, start, end)
  let status: AnchorStatus = 'fuzzy'
  if (selector.exact === target.exact) status = start === target.start ? 'unchanged' : 'moved'
  return { status, start, end, ...selector, score }
}

/** The result for an annotation that could not be found: its old selectors, unchanged. */
function orphan(target: TextTarget): AnchorResult {
  const { start, end, exact, prefix, suffix } = target
  return { status: 'orphaned', start, end, exact, prefix, suffix }
}

/** The near search window around `[from, to)` in a text of `textLength`. */
function nearWindow(from: number, to: number, quoteLength: number, textLength: number, radius = NEAR_RADIUS): Interval {
  return {
    start: clamp(from - radius - quoteLength, 0, textLength),
    end: clamp(Math.max(from, to) + radius + quoteLength, 0, textLength),
  }
}

/**
 * The inserted ranges widened by `pad` on each side (so that a match may straddle their edges), clamped
 * to the text and merged where they overlap or nearly touch, which saves a search call per range.
 */
function padAndMerge(ranges: readonly Interval[], pad: number, textLength: number): Interval[] {
  const out: Interval[] = []
  for (const r of ranges) {
    const start = clamp(r.start - pad, 0, textLength)
    const end = clamp(r.end + pad, 0, textLength)
    const last = out[out.length - 1]
    if (last && start <= last.end + 64) last.end = Math.max(last.end, end)
    else out.push({ start, end })
  }
  return out
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value
}
