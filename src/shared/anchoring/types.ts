/**
 * The values re-anchoring reads and returns. An annotation targets text with two selectors, as the W3C
 * Web Annotation model does: a position (UTF-16 offsets) and a quote (the exact text with a little context
 * either side). The position is fast and precise while the text is unchanged; the quote survives edits.
 */

/**
 * How an annotation found its text again after the article changed.
 *
 * - `unchanged`: the exact text is still at the same offsets.
 * - `moved`: the exact text was found at other offsets (text was inserted or deleted before it, or its
 *   paragraph moved).
 * - `fuzzy`: only an approximate match was found: the quoted text itself was edited. The user should check.
 * - `orphaned`: nothing close enough was found. The annotation is kept with its last selectors, never dropped.
 */
export type AnchorStatus = 'unchanged' | 'moved' | 'fuzzy' | 'orphaned'

/** What an annotation remembers about its text: a position selector and a quote selector. */
export interface TextTarget {
  /** Start of the span in the text it was anchored to, a UTF-16 index. */
  start: number
  /** End of the span, exclusive, a UTF-16 index. */
  end: number
  /** The exact text of the span when it was anchored. */
  exact: string
  /** Up to 32 characters before the span (fewer at the start of the text). */
  prefix: string
  /** Up to 32 characters after the span (fewer at the end of the text). */
  suffix: string
}

/** Where an annotation lives in the new text, and how sure we are. */
export interface AnchorResult {
  /** How the annotation was re-anchored. */
  status: AnchorStatus
  /**
   * Start of the span in the new text. When orphaned, the old start, which may lie beyond the end of the
   * new text: callers must not use an orphan's offsets to slice the new text.
   */
  start: number
  /** End of the span, exclusive. When orphaned, the old end. */
  end: number
  /**
   * The text of the span in the new text (for `fuzzy`, the edited text, not the old quote). When
   * orphaned, the old quote, so the user still sees what was tagged.
   */
  exact: string
  /** Up to 32 characters before the span in the new text; the old prefix when orphaned. */
  prefix: string
  /** Up to 32 characters after the span in the new text; the old suffix when orphaned. */
  suffix: string
  /**
   * Confidence between 0 and 1: similarity of quote and context, with distance as a tie-breaker
   * (see `scoreCandidate`). 1 for a span whose text the diff proved unchanged; absent when orphaned.
   */
  score?: number
}
