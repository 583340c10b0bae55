import { describe, expect, it } from 'vitest'
import { commonRuns } from '../../../src/shared/anchoring/myers'
import { random } from './helpers'

const ints = (xs: number[]): Int32Array => Int32Array.from(xs)

/** Length of a longest common subsequence, by the textbook dynamic programme. */
function lcsLength(a: number[], b: number[]): number {
  const row = new Array<number>(b.length + 1).fill(0)
  for (let i = 1; i <= a.length; i++) {
    let diag = 0
    for (let j = 1; j <= b.length; j++) {
      const up = row[j]
      row[j] = a[i - 1] === b[j - 1] ? diag + 1 : Math.max(row[j], row[j - 1])
      diag = up
    }
  }
  return row[b.length]
}

describe('commonRuns', () => {
  it('finds one run for equal sequences and none for disjoint ones', () => {
    expect(commonRuns(ints([1, 2, 3]), ints([1, 2, 3]), 10)).toEqual([{ aStart: 0, bStart: 0, length: 3 }])
    expect(commonRuns(ints([1, 2]), ints([3, 4]), 10)).toEqual([])
    expect(commonRuns(ints([]), ints([]), 10)).toEqual([])
    expect(commonRuns(ints([]), ints([1]), 10)).toEqual([])
  })

  it('reports an insertion and a deletion as gaps between runs', () => {
    expect(commonRuns(ints([1, 2, 3, 4]), ints([1, 9, 2, 3]), 10)).toEqual([
      { aStart: 0, bStart: 0, length: 1 },
      { aStart: 1, bStart: 2, length: 2 },
    ])
  })

  it('returns null when more edits are needed than allowed', () => {
    expect(commonRuns(ints([1, 2, 3, 4]), ints([5, 6, 7, 8]), 7)).toBeNull()
    expect(commonRuns(ints([1, 2, 3, 4]), ints([5, 6, 7, 8]), 8)).toEqual([])
  })

  it('yields ordered runs of equal items forming a longest common subsequence (random sequences)', () => {
    const rnd = random(7)
    for (let trial = 0; trial < 200; trial++) {
      const a = Array.from({ length: Math.floor(rnd() * 30) }, () => Math.floor(rnd() * 5))
      const b = Array.from({ length: Math.floor(rnd() * 30) }, () => Math.floor(rnd() * 5))
      const runs = commonRuns(ints(a), ints(b), 100)
      expect(runs).not.toBeNull()
      let total = 0
      let lastA = 0
      let lastB = 0
      for (const r of runs!) {
        expect(r.length).toBeGreaterThan(0)
        expect(r.aStart).toBeGreaterThanOrEqual(lastA)
        expect(r.bStart).toBeGreaterThanOrEqual(lastB)
        for (let i = 0; i < r.length; i++) expect(a[r.aStart + i]).toBe(b[r.bStart + i])
        lastA = r.aStart + r.length
        lastB = r.bStart + r.length
        total += r.length
      }
      expect(total).toBe(lcsLength(a, b))
    }
  })
})
