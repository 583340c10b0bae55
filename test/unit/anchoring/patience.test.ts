import { describe, expect, it } from 'vitest'
import { patienceRuns } from '../../../src/shared/anchoring/patience'
import { random } from './helpers'

const ints = (xs: number[]): Int32Array => Int32Array.from(xs)

describe('patienceRuns', () => {
  it('anchors on unique items and keeps a moved item out of the alignment', () => {
    // 1 moves from the front to the back; 2, 3, 4 stay aligned.
    expect(patienceRuns(ints([1, 2, 3, 4]), ints([2, 3, 4, 1]), 10)).toEqual([{ aStart: 1, bStart: 0, length: 3 }])
  })

  it('diffs the stretches between anchors, including repeated items', () => {
    expect(patienceRuns(ints([1, 7, 7, 2, 7, 3]), ints([1, 7, 2, 7, 7, 3]), 10)).toEqual([
      { aStart: 0, bStart: 0, length: 2 },
      { aStart: 3, bStart: 2, length: 2 },
      { aStart: 5, bStart: 5, length: 1 },
    ])
  })

  it('leaves a stretch unmatched when it needs more edits than allowed, keeping the anchors', () => {
    const runs = patienceRuns(ints([1, 5, 6, 2]), ints([1, 8, 9, 2]), 1)
    expect(runs).toEqual([
      { aStart: 0, bStart: 0, length: 1 },
      { aStart: 3, bStart: 3, length: 1 },
    ])
  })

  it('yields ordered runs of equal items on random sequences', () => {
    const rnd = random(9)
    for (let trial = 0; trial < 200; trial++) {
      const a = Array.from({ length: Math.floor(rnd() * 40) }, () => Math.floor(rnd() * 30))
      const b = a.filter(() => rnd() > 0.2).map((x) => (rnd() < 0.1 ? Math.floor(rnd() * 30) : x))
      let lastA = 0
      let lastB = 0
      for (const r of patienceRuns(ints(a), ints(b), 100)) {
        expect(r.aStart).toBeGreaterThanOrEqual(lastA)
        expect(r.bStart).toBeGreaterThanOrEqual(lastB)
        for (let i = 0; i < r.length; i++) expect(a[r.aStart + i]).toBe(b[r.bStart + i])
        lastA = r.aStart + r.length
        lastB = r.bStart + r.length
      }
    }
  })
})
