/**
 * Myers' O((N+M)·D) difference algorithm over two sequences of integers (token ids), returning the runs
 * the sequences have in common. D is the number of inserted plus deleted tokens, so a few edits to a long
 * text cost a few passes over it. The caller bounds D: a text rewritten from top to bottom is better
 * treated as one changed region than diffed in O(N·M).
 *
 * E. W. Myers, "An O(ND) Difference Algorithm and Its Variations", Algorithmica 1 (1986) 251–266.
 */

/** A run of equal items: `a[aStart + i] === b[bStart + i]` for `0 <= i < length`. */
export interface CommonRun {
  /** Index of the run's first item in the old sequence. */
  aStart: number
  /** Index of the run's first item in the new sequence. */
  bStart: number
  /** Number of items in the run, at least 1. */
  length: number
}

/**
 * The common runs of `a` and `b` in order, forming a longest common subsequence, or `null` when more
 * than `maxEdits` insertions and deletions are needed.
 *
 * Memory: one snapshot of the frontier per edit step, O(D²) integers in all, which is why `maxEdits`
 * should stay in the low thousands.
 */
export function commonRuns(a: Int32Array, b: Int32Array, maxEdits: number): CommonRun[] | null {
  const n = a.length
  const m = b.length
  const max = Math.min(n + m, maxEdits)
  const offset = max + 1
  // v[offset + k] is the furthest x reached on diagonal k (y = x - k).
  const v = new Int32Array(2 * max + 3)
  // trace[d] holds v for diagonals -d-1..d+1 as it was before step d, for the walk back.
  const trace: Int32Array[] = []
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2))
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      v[offset + k] = x
      if (x >= n && y >= m) return walkBack(trace, d, n, m)
    }
  }
  return null
}

/** Recovers the common runs from the frontier snapshots, from the end of both sequences back to the start. */
function walkBack(trace: Int32Array[], editCount: number, n: number, m: number): CommonRun[] {
  const runs: CommonRun[] = []
  let x = n
  let y = m
  for (let d = editCount; d > 0; d--) {
    const before = trace[d]
    const at = (k: number): number => before[k + d + 1]
    const k = x - y
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1
    const prevX = at(prevK)
    // After the edit (a step down for an insertion, right for a deletion) comes a diagonal snake.
    const snakeX = prevK === k + 1 ? prevX : prevX + 1
    if (x > snakeX) runs.push({ aStart: snakeX, bStart: snakeX - k, length: x - snakeX })
    x = prevX
    y = prevX - prevK
  }
  if (x > 0) runs.push({ aStart: 0, bStart: 0, length: x })
  return runs.reverse()
}
