import { describe, expect, it } from 'vitest'
import { adjacentAgreement, contextScore, similarity } from '../../../src/shared/anchoring/context-score'

describe('similarity', () => {
  it('is 1 for equal strings or no expectation, 0 for nothing to compare, one minus relative edit distance otherwise', () => {
    expect(similarity('abc', 'abc')).toBe(1)
    expect(similarity('anything', '')).toBe(1)
    expect(similarity('', 'abc')).toBe(0)
    expect(similarity('abXd', 'abcd')).toBe(0.75)
    expect(similarity('zzzz', 'abcd')).toBe(0)
    expect(similarity('x'.repeat(100), 'x'.repeat(99) + 'y')).toBeCloseTo(0.99)
  })
})

describe('contextScore and adjacentAgreement', () => {
  const text = 'before the quote after'
  const start = text.indexOf('quote')
  const end = start + 5

  it('scores context that agrees on both sides as 1', () => {
    expect(contextScore(text, start, end, 'before the ', ' after')).toBe(1)
    expect(adjacentAgreement(text, start, end, 'before the ', ' after')).toBe(17)
  })

  it('scores context that agrees on one side as about a half', () => {
    // The suffix still shares its leading space: (1 + 1/6) / 2.
    expect(contextScore(text, start, end, 'before the ', ' zzzzz')).toBeCloseTo(7 / 12)
    expect(adjacentAgreement(text, start, end, 'XXXXXX the ', ' zzzzz')).toBe(6) // ' the ' and ' '
  })
})
