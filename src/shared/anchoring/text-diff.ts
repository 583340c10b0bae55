/**
 * A cheap diff between the old and new text of an article, used to carry annotations across an edit
 * without searching for them. It answers one question fast: "where did old offset p go?".
 *
 * How: trim the common prefix and suffix (one edit anywhere costs two linear scans and nothing else); cut
 * what is left into sentence-sized tokens (a token ends after a line break, or after a space that follows
 * ".", "!" or "?"); diff the token sequences (patience diff: anchored on sentences that occur once, Myers'
 * algorithm between anchors); then narrow every changed pair of token runs by trimming its own common
 * prefix and suffix, so that an edited word leaves the rest of its sentence mapped. A moved paragraph
 * shows up as a deletion in one place and an insertion in another.
 *
 * Trade-offs: tokens are cut by content, so an insertion does not shift the tokens after it. Text with no
 * line breaks and no sentence ends is one token, and several edits in it become one changed region from
 * the first edit to the last; so does a stretch between two anchors needing more than `maxEdits` token
 * edits. Both stay correct, they only send more annotations to the slower quote search.
 */
import { patienceRuns } from './patience'

/** A stretch of text the edit left alone: old `[oldStart, oldStart + length)` is new `[newStart, newStart + length)`. */
export interface Segment {
  /** Start in the old text, a UTF-16 index. */
  oldStart: number
  /** Start in the new text, a UTF-16 index. */
  newStart: number
  /** Length in UTF-16 units; 0 only for the first or last segment. */
  length: number
}

/** A half-open range `[start, end)` of UTF-16 indices. */
export interface Interval {
  /** First index in the range. */
  start: number
  /** First index after the range. */
  end: number
}

/** The unchanged stretches of two texts, in order in both. Between two segments lies a changed region. */
export interface TextDiff {
  /**
   * Sorted by `oldStart` and by `newStart` alike. The first starts at 0 in both texts and the last ends
   * at the end of both, so every old offset lies in a segment or in the gap between two consecutive ones.
   */
  segments: Segment[]
  /** The ranges of the new text that are not in any segment: inserted or replacing text, in order. */
  inserted: Interval[]
}

/** Tuning for `diffTexts`. */
export interface DiffOptions {
  /**
   * Most token insertions plus deletions the Myers diff between two neighbouring anchors (sentences that
   * occur once in each text) may use before that stretch is treated as one changed region. Time is
   * O(stretch · maxEdits) at worst and memory O(maxEdits²).
   */
  maxEdits?: number
}

const DEFAULT_MAX_EDITS = 500

/** Computes the unchanged segments of `oldText` and `newText`. */
export function diffTexts(oldText: string, newText: string, options: DiffOptions = {}): TextDiff {
  const maxEdits = options.maxEdits ?? DEFAULT_MAX_EDITS
  const head = commonPrefixLength(oldText, 0, oldText.length, newText, 0, newText.length)
  const tail = commonSuffixLength(oldText, head, oldText.length, newText, head, newText.length)
  const oldEnd = oldText.length - tail
  const newEnd = newText.length - tail

  const segments: Segment[] = [{ oldStart: 0, newStart: 0, length: head }]
  if (head < oldEnd && head < newEnd) {
    const middle = diffTokens(oldText, head, oldEnd, newText, head, newEnd, maxEdits)
    for (const s of middle) segments.push(s)
  }
  segments.push({ oldStart: oldEnd, newStart: newEnd, length: tail })

  const refined = refineGaps(oldText, newText, segments)
  return { segments: refined, inserted: insertedRanges(refined) }
}

/** Index of the segment an old offset falls in or right after: the last with `oldStart <= offset`. */
export function segmentIndexAt(diff: TextDiff, oldOffset: number): number {
  const segs = diff.segments
  let lo = 0
  let hi = segs.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (segs[mid].oldStart <= oldOffset) lo = mid
    else hi = mid - 1
  }
  return lo
}

/**
 * The new offset of old `[start, end)` when the whole span lies in one unchanged segment, else -1.
 * A span touching a changed region is not mapped: its text may have been edited.
 */
export function mapUnchangedSpan(diff: TextDiff, start: number, end: number): number {
  const seg = diff.segments[segmentIndexAt(diff, start)]
  if (start < seg.oldStart || end > seg.oldStart + seg.length) return -1
  return seg.newStart + (start - seg.oldStart)
}

/**
 * Where old offset `offset` can be in the new text: a single point inside an unchanged segment, or the
 * whole new side of the changed region it fell into.
 */
export function mapOffset(diff: TextDiff, offset: number): Interval {
  const segs = diff.segments
  const i = segmentIndexAt(diff, offset)
  const seg = segs[i]
  if (offset <= seg.oldStart + seg.length || i === segs.length - 1) {
    const at = seg.newStart + Math.min(offset, seg.oldStart + seg.length) - seg.oldStart
    return { start: at, end: at }
  }
  return { start: seg.newStart + seg.length, end: segs[i + 1].newStart }
}

/**
 * A best guess at the new position of old offset `offset`: exact inside an unchanged segment; inside a
 * changed region, the same fraction of the way through its new side as it was through its old side.
 */
export function estimateOffset(diff: TextDiff, offset: number): number {
  const segs = diff.segments
  const i = segmentIndexAt(diff, offset)
  const seg = segs[i]
  const oldEnd = seg.oldStart + seg.length
  if (offset <= oldEnd || i === segs.length - 1) return seg.newStart + Math.min(offset, oldEnd) - seg.oldStart
  const next = segs[i + 1]
  const newEnd = seg.newStart + seg.length
  const fraction = (offset - oldEnd) / Math.max(1, next.oldStart - oldEnd)
  return newEnd + Math.round(fraction * (next.newStart - newEnd))
}

/** Token diff of `old[o0, o1)` and `new[n0, n1)`, as segments in text offsets. */
function diffTokens(
  oldText: string,
  o0: number,
  o1: number,
  newText: string,
  n0: number,
  n1: number,
  maxEdits: number,
): Segment[] {
  const oldStarts = tokenStarts(oldText, o0, o1)
  const newStarts = tokenStarts(newText, n0, n1)
  const ids = new Map<string, number>()
  const oldIds = tokenIds(oldText, oldStarts, ids)
  const newIds = tokenIds(newText, newStarts, ids)
  return patienceRuns(oldIds, newIds, maxEdits).map((r) => ({
    oldStart: oldStarts[r.aStart],
    newStart: newStarts[r.bStart],
    length: oldStarts[r.aStart + r.length] - oldStarts[r.aStart],
  }))
}

/**
 * Start offsets of the tokens of `text[from, to)`, followed by `to`. A token ends after "\n", or after
 * a space or tab that follows ".", "!" or "?": sentences and lines, cut by content alone.
 */
function tokenStarts(text: string, from: number, to: number): number[] {
  const starts = [from]
  for (let i = from; i < to - 1; i++) {
    const c = text.charCodeAt(i)
    if (c === 10) starts.push(i + 1)
    else if ((c === 32 || c === 9) && i > from) {
      const p = text.charCodeAt(i - 1)
      if (p === 46 || p === 33 || p === 63) starts.push(i + 1)
    }
  }
  starts.push(to)
  return starts
}

/** Interns each token's text as a small integer, shared between both texts through `ids`. */
function tokenIds(text: string, starts: number[], ids: Map<string, number>): Int32Array {
  const out = new Int32Array(starts.length - 1)
  for (let t = 0; t < out.length; t++) {
    const token = text.slice(starts[t], starts[t + 1])
    let id = ids.get(token)
    if (id === undefined) {
      id = ids.size
      ids.set(token, id)
    }
    out[t] = id
  }
  return out
}

/**
 * Narrows each changed region between two segments by the characters its old and new sides share at
 * both ends, and merges segments that end up touching.
 */
function refineGaps(oldText: string, newText: string, segments: Segment[]): Segment[] {
  const out: Segment[] = []
  const push = (s: Segment): void => {
    const last = out[out.length - 1]
    if (last && last.oldStart + last.length === s.oldStart && last.newStart + last.length === s.newStart) {
      last.length += s.length
    } else if (s.length > 0 || out.length === 0) {
      out.push({ ...s })
    }
  }
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]
    push(seg)
    const next = segments[i + 1]
    if (!next) break
    const o0 = seg.oldStart + seg.length
    const n0 = seg.newStart + seg.length
    const head = commonPrefixLength(oldText, o0, next.oldStart, newText, n0, next.newStart)
    if (head > 0) push({ oldStart: o0, newStart: n0, length: head })
    const tail = commonSuffixLength(oldText, o0 + head, next.oldStart, newText, n0 + head, next.newStart)
    if (tail > 0) push({ oldStart: next.oldStart - tail, newStart: next.newStart - tail, length: tail })
  }
  // Keep the invariant that the last segment ends at the end of both texts, even when it is empty.
  const last = segments[segments.length - 1]
  const tail = out[out.length - 1]
  if (
    tail.oldStart + tail.length !== last.oldStart + last.length ||
    tail.newStart + tail.length !== last.newStart + last.length
  ) {
    out.push({ oldStart: last.oldStart + last.length, newStart: last.newStart + last.length, length: 0 })
  }
  return out
}

/** The new side of every changed region that has one. */
function insertedRanges(segments: Segment[]): Interval[] {
  const out: Interval[] = []
  for (let i = 0; i + 1 < segments.length; i++) {
    const start = segments[i].newStart + segments[i].length
    const end = segments[i + 1].newStart
    if (end > start) out.push({ start, end })
  }
  return out
}

/** Length of the common start of `a[a0, a1)` and `b[b0, b1)`. */
function commonPrefixLength(a: string, a0: number, a1: number, b: string, b0: number, b1: number): number {
  const max = Math.min(a1 - a0, b1 - b0)
  let n = 0
  while (n < max && a.charCodeAt(a0 + n) === b.charCodeAt(b0 + n)) n++
  return n
}

/** Length of the common end of `a[a0, a1)` and `b[b0, b1)`. */
function commonSuffixLength(a: string, a0: number, a1: number, b: string, b0: number, b1: number): number {
  const max = Math.min(a1 - a0, b1 - b0)
  let n = 0
  while (n < max && a.charCodeAt(a1 - 1 - n) === b.charCodeAt(b1 - 1 - n)) n++
  return n
}
