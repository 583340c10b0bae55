import { describe, expect, it } from 'vitest'
import { findExact, findFuzzy, MAX_MATCHES, maxErrorsFor } from '../../../src/shared/anchoring/match-quote'

describe('maxErrorsFor', () => {
  it('allows a quarter of the length, none for very short quotes, at most 64', () => {
    expect(maxErrorsFor('abc')).toBe(0)
    expect(maxErrorsFor('abcd')).toBe(1)
    expect(maxErrorsFor('x'.repeat(40))).toBe(10)
    expect(maxErrorsFor('x'.repeat(10_000))).toBe(64)
  })
})

describe('findExact', () => {
  it('finds occurrences only inside the given regions', () => {
    const text = 'cat dog cat dog cat'
    expect(findExact(text, 'cat', [{ start: 0, end: text.length }], 0).map((m) => m.start)).toEqual([0, 8, 16])
    expect(findExact(text, 'cat', [{ start: 1, end: 11 }], 0).map((m) => m.start)).toEqual([8])
    expect(findExact(text, 'cat', [{ start: 1, end: 10 }], 0)).toEqual([])
  })

  it('keeps the matches nearest the hint when there are very many', () => {
    const text = 'ab '.repeat(2_000)
    const matches = findExact(text, 'ab', [{ start: 0, end: text.length }], 3_000)
    expect(matches).toHaveLength(MAX_MATCHES)
    for (const m of matches) expect(Math.abs(m.start - 3_000)).toBeLessThanOrEqual(3 * MAX_MATCHES)
  })
})

describe('findFuzzy', () => {
  it('finds an approximate match with its error count', () => {
    const text = 'the quick brown fox jumps'
    const [m] = findFuzzy(text, 'quick brwn fox', [{ start: 0, end: text.length }], 3, 0)
    expect(text.slice(m.start, m.end)).toBe('quick brown fox')
    expect(m.errors).toBe(1)
  })

  it('never splits an emoji in half', () => {
    const text = 'smile 😀 please'
    const matches = findFuzzy(text, 'smile \ud83d', [{ start: 0, end: text.length }], 2, 0)
    for (const m of matches) {
      expect(text.slice(m.start, m.end)).not.toMatch(/[\ud800-\udbff]$/)
      expect(text.slice(m.start, m.end)).not.toMatch(/^[\udc00-\udfff]/)
    }
  })
})
