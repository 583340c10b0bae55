/**
 * Aligns the paragraphs of two versions of a story (an original and its translation, two outlets'
 * copies) without translating: paragraphs are scored by shared numbers and names, similar length and
 * relative position, and a monotonic alignment (like a diff, allowing paragraphs without counterpart)
 * maximises the total score by dynamic programming. Cost O(n·m) for n and m paragraphs.
 */
import { extractFeatures, nameAppearsIn, type BlockFeatures } from './features'

export interface Span {
  start: number
  end: number
}

export interface AlignedPair {
  left: number
  right: number
  score: number
}

/** Below this a pair is not worth aligning: the paragraph is left without a counterpart. */
export const MIN_PAIR_SCORE = 0.3

function jaccard(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 && b.length === 0) return 0
  const sa = new Set(a)
  const sb = new Set(b)
  let shared = 0
  for (const x of sa) if (sb.has(x)) shared++
  return shared / (sa.size + sb.size - shared)
}

/** Share of names on either side that the other side has too, spelled alike. */
function nameOverlap(a: readonly string[], b: readonly string[]): number {
  if (a.length + b.length === 0) return 0
  const bWords = b.flatMap((n) => n.split(' '))
  const aWords = a.flatMap((n) => n.split(' '))
  const found =
    a.filter((n) => nameAppearsIn(n, bWords) || n.split(' ').some((w) => w.length > 3 && nameAppearsIn(w, bWords))).length +
    b.filter((n) => nameAppearsIn(n, aWords) || n.split(' ').some((w) => w.length > 3 && nameAppearsIn(w, aWords))).length
  return found / (a.length + b.length)
}

/** How likely two paragraphs say the same thing, 0 to 1. */
export function pairScore(
  a: BlockFeatures,
  b: BlockFeatures,
  aLength: number,
  bLength: number,
  aPosition: number,
  bPosition: number,
): number {
  const numbers = jaccard(
    a.numbers.map((n) => n.key),
    b.numbers.map((n) => n.key),
  )
  const names = nameOverlap(
    a.names.map((n) => n.key),
    b.names.map((n) => n.key),
  )
  const quotes = a.quotes.length > 0 && b.quotes.length > 0 ? 1 : a.quotes.length + b.quotes.length === 0 ? 0.5 : 0
  const length = Math.min(aLength, bLength) / Math.max(aLength, bLength, 1)
  const position = 1 - Math.min(1, Math.abs(aPosition - bPosition) * 2)
  return 0.3 * numbers + 0.3 * names + 0.1 * quotes + 0.15 * length + 0.15 * position
}

/** The best monotonic pairing of `left` and `right` paragraphs; `fixed` pairs (user corrections) are kept. */
export function alignBlocks(
  leftText: string,
  left: readonly Span[],
  rightText: string,
  right: readonly Span[],
  fixed: readonly { left: number; right: number }[] = [],
): AlignedPair[] {
  const lf = left.map((b) => extractFeatures(leftText, b.start, b.end))
  const rf = right.map((b) => extractFeatures(rightText, b.start, b.end))
  const n = left.length
  const m = right.length
  const forced = new Map(fixed.map((f) => [f.left, f.right]))
  const forcedRight = new Set(fixed.map((f) => f.right))
  const score = (i: number, j: number): number => {
    if (forced.has(i)) return forced.get(i) === j ? 10 : -1
    if (forcedRight.has(j)) return -1
    return pairScore(
      lf[i],
      rf[j],
      left[i].end - left[i].start,
      right[j].end - right[j].start,
      n > 1 ? i / (n - 1) : 0,
      m > 1 ? j / (m - 1) : 0,
    )
  }
  // best[i][j]: best total for left[0..i) and right[0..j).
  const best = Array.from({ length: n + 1 }, () => new Float64Array(m + 1))
  const move = Array.from({ length: n + 1 }, () => new Uint8Array(m + 1)) // 1 pair, 2 skip left, 3 skip right
  for (let i = 0; i <= n; i++) {
    for (let j = 0; j <= m; j++) {
      if (i === 0 && j === 0) continue
      let value = -Infinity
      let how = 0
      if (i > 0 && j > 0) {
        const s = score(i - 1, j - 1)
        if (s >= MIN_PAIR_SCORE && best[i - 1][j - 1] + s > value) {
          value = best[i - 1][j - 1] + s
          how = 1
        }
      }
      if (i > 0 && best[i - 1][j] > value) {
        value = best[i - 1][j]
        how = 2
      }
      if (j > 0 && best[i][j - 1] > value) {
        value = best[i][j - 1]
        how = 3
      }
      best[i][j] = value
      move[i][j] = how
    }
  }
  const pairs: AlignedPair[] = []
  for (let i = n, j = m; i > 0 || j > 0;) {
    const how = move[i][j]
    if (how === 1) {
      pairs.push({ left: i - 1, right: j - 1, score: Math.min(1, score(i - 1, j - 1)) })
      i--
      j--
    } else if (how === 2) i--
    else j--
  }
  return pairs.reverse()
}
