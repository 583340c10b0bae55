/**
 * Re-anchoring annotations when an article's text changes. See anchor.ts for the design.
 */
export type { AnchorStatus, TextTarget, AnchorResult } from './types'
export { anchorTarget, reanchorAll, NEAR_RADIUS, DIFF_NEAR_RADIUS, WIDE_SEARCH_BUDGET } from './anchor'
export { diffTexts, mapOffset, mapUnchangedSpan, type TextDiff, type Segment, type Interval } from './text-diff'
export { maxErrorsFor } from './match-quote'
