/** Comparing two versions of a story: paragraph alignment and the discrepancies between them. */
export { alignBlocks, pairScore, MIN_PAIR_SCORE, type AlignedPair, type Span } from './align'
export { findDiscrepancies, type Discrepancy, type DiscrepancyType, type NameGroups } from './discrepancies'
export { extractFeatures, numberKey, type BlockFeatures, type Located } from './features'
