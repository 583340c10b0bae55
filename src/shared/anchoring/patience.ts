/**
 * Patience diff (Bram Cohen's): anchor the two sequences on the items that occur exactly once in each,
 * keep the longest run of anchors that appear in the same order in both, and diff only the short stretches
 * between anchors with Myers' algorithm. In an article almost every sentence is unique, so the anchors
 * are dense, each Myers call is tiny, and the cost stays O(n log n) however many edits were made; a plain
 * Myers diff costs O(n · edits) and has to give up on a heavily corrected text.
 */
import { commonRuns, type CommonRun } from './myers'

/**
 * The common runs of `a` and `b` in order. Stretches between anchors that need more than
 * `maxEditsPerGap` insertions and deletions are left wholly unmatched.
 */
export function patienceRuns(a: Int32Array, b: Int32Array, maxEditsPerGap: number): CommonRun[] {
  const runs: CommonRun[] = []
  const push = (aStart: number, bStart: number, length: number): void => {
    if (length <= 0) return
    const last = runs[runs.length - 1]
    if (last && last.aStart + last.length === aStart && last.bStart + last.length === bStart) last.length += length
    else runs.push({ aStart, bStart, length })
  }
  const diffGap = (a0: number, a1: number, b0: number, b1: number): void => {
    if (a0 >= a1 || b0 >= b1) return
    const inner = commonRuns(a.subarray(a0, a1), b.subarray(b0, b1), maxEditsPerGap)
    if (inner) for (const r of inner) push(a0 + r.aStart, b0 + r.bStart, r.length)
  }

  let prevA = 0
  let prevB = 0
  for (const [i, j] of uniqueAnchors(a, b)) {
    diffGap(prevA, i, prevB, j)
    push(i, j, 1)
    prevA = i + 1
    prevB = j + 1
  }
  diffGap(prevA, a.length, prevB, b.length)
  return runs
}

/**
 * Pairs `[i, j]` with `a[i] === b[j]` occurring once in `a` and once in `b`, increasing in both: the
 * longest such chain, found as a longest increasing subsequence of `j` over increasing `i`.
 */
function uniqueAnchors(a: Int32Array, b: Int32Array): Array<[number, number]> {
  // For each id: its count in a, its count in b, and its position in b (valid when the count is 1).
  const countA = new Map<number, number>()
  for (const x of a) countA.set(x, (countA.get(x) ?? 0) + 1)
  const posB = new Map<number, number>()
  for (let j = 0; j < b.length; j++) {
    const x = b[j]
    if (countA.get(x) !== 1) continue
    posB.set(x, posB.has(x) ? -1 : j)
  }
  const pairs: Array<[number, number]> = []
  for (let i = 0; i < a.length; i++) {
    const j = countA.get(a[i]) === 1 ? posB.get(a[i]) : undefined
    if (j !== undefined && j >= 0) pairs.push([i, j])
  }
  return longestIncreasing(pairs)
}

/** The longest subsequence of `pairs` (sorted by their first item) whose second items increase. */
function longestIncreasing(pairs: Array<[number, number]>): Array<[number, number]> {
  // tails[k]: index in pairs of the smallest tail of an increasing chain of length k + 1.
  const tails: number[] = []
  const previous = new Int32Array(pairs.length)
  for (let p = 0; p < pairs.length; p++) {
    const j = pairs[p][1]
    let lo = 0
    let hi = tails.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (pairs[tails[mid]][1] < j) lo = mid + 1
      else hi = mid
    }
    previous[p] = lo > 0 ? tails[lo - 1] : -1
    tails[lo] = p
  }
  const chain: Array<[number, number]> = []
  for (let p = tails.length ? tails[tails.length - 1] : -1; p !== -1; p = previous[p]) chain.push(pairs[p])
  return chain.reverse()
}
