import { describe, expect, it } from 'vitest'
import { diffTexts, mapOffset, mapUnchangedSpan, type TextDiff } from '../../../src/shared/anchoring'
import { applyEdits, makeArticle, random, scatteredEdits } from './helpers'

/** Checks the invariants every diff promises. */
function expectValidDiff(diff: TextDiff, oldText: string, newText: string): void {
  const segs = diff.segments
  expect(segs[0].oldStart).toBe(0)
  expect(segs[0].newStart).toBe(0)
  const last = segs[segs.length - 1]
  expect(last.oldStart + last.length).toBe(oldText.length)
  expect(last.newStart + last.length).toBe(newText.length)
  let covered = 0
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]
    expect(oldText.slice(s.oldStart, s.oldStart + s.length)).toBe(newText.slice(s.newStart, s.newStart + s.length))
    if (i > 0) {
      expect(s.oldStart).toBeGreaterThanOrEqual(segs[i - 1].oldStart + segs[i - 1].length)
      expect(s.newStart).toBeGreaterThanOrEqual(segs[i - 1].newStart + segs[i - 1].length)
    }
    covered += s.length
  }
  const inserted = diff.inserted.reduce((n, r) => n + r.end - r.start, 0)
  expect(covered + inserted).toBe(newText.length)
}

describe('diffTexts', () => {
  it('maps identical texts as one segment with nothing inserted', () => {
    const text = 'One. Two.\nThree.'
    const diff = diffTexts(text, text)
    expect(diff.segments).toEqual([{ oldStart: 0, newStart: 0, length: text.length }])
    expect(diff.inserted).toEqual([])
  })

  it('handles empty texts on either side', () => {
    expectValidDiff(diffTexts('', 'abc'), '', 'abc')
    expectValidDiff(diffTexts('abc', ''), 'abc', '')
    expectValidDiff(diffTexts('', ''), '', '')
    expect(diffTexts('abc', '').inserted).toEqual([])
    expect(diffTexts('', 'abc').inserted).toEqual([{ start: 0, end: 3 }])
  })

  it('narrows an edited word to the characters that changed', () => {
    const oldText = 'The cat sat on the mat. It purred.'
    const newText = 'The cat sat on a mat. It purred.'
    const diff = diffTexts(oldText, newText)
    expectValidDiff(diff, oldText, newText)
    expect(diff.inserted).toEqual([{ start: 15, end: 16 }])
  })

  it('keeps unchanged sentences between several edits mapped', () => {
    const oldText = 'First sentence here. Second one stays. Third changes now. Fourth stays too. Fifth goes.'
    const newText = 'First sentence HERE. Second one stays. Third changed now. Fourth stays too. Fifth went.'
    const diff = diffTexts(oldText, newText)
    expectValidDiff(diff, oldText, newText)
    const second = oldText.indexOf('Second one stays.')
    expect(mapUnchangedSpan(diff, second, second + 17)).toBe(newText.indexOf('Second one stays.'))
    const fourth = oldText.indexOf('Fourth stays too.')
    expect(mapUnchangedSpan(diff, fourth, fourth + 17)).toBe(newText.indexOf('Fourth stays too.'))
    const third = oldText.indexOf('changes')
    expect(mapUnchangedSpan(diff, third, third + 7)).toBe(-1)
  })

  it('sees a moved paragraph as deleted in one place and inserted in another', () => {
    const paragraphs = ['Alpha para one.', 'Beta para two.', 'Gamma para three.', 'Delta para four.']
    const oldText = paragraphs.join('\n')
    const newText = [paragraphs[1], paragraphs[2], paragraphs[3], paragraphs[0]].join('\n')
    const diff = diffTexts(oldText, newText)
    expectValidDiff(diff, oldText, newText)
    const movedTo = newText.indexOf('Alpha')
    // The common final "." of both texts stays a segment: the inserted range covers the rest of the paragraph.
    expect(diff.inserted.some((r) => r.start <= movedTo && r.end >= movedTo + paragraphs[0].length - 1)).toBe(true)
  })

  it('maps an offset in a changed region to the new side of that region', () => {
    const oldText = 'Keep this. Remove this sentence. Keep that.'
    const newText = 'Keep this. Put something else. Keep that.'
    const diff = diffTexts(oldText, newText)
    const inside = oldText.indexOf('Remove') + 2
    const range = mapOffset(diff, inside)
    // Both sentences end in "e.", so the changed region stops before them.
    expect(range).toEqual({ start: newText.indexOf('Put'), end: newText.indexOf('e. Keep that') })
    expect(mapOffset(diff, 0)).toEqual({ start: 0, end: 0 })
    expect(mapOffset(diff, oldText.length)).toEqual({ start: newText.length, end: newText.length })
  })

  it('falls back to one changed region when the token edits exceed the limit, and stays valid', () => {
    const oldText = 'A. B. C. D. E. F.'
    const newText = 'A. X. C. Y. E. Z.'
    const diff = diffTexts(oldText, newText, { maxEdits: 1 })
    expectValidDiff(diff, oldText, newText)
  })

  it('keeps its invariants under random edits to a generated article', () => {
    const rnd = random(11)
    for (let trial = 0; trial < 20; trial++) {
      const oldText = makeArticle(5_000, trial + 1)
      const newText = applyEdits(oldText, scatteredEdits(oldText, 1 + Math.floor(rnd() * 20), trial + 100))
      expectValidDiff(diffTexts(oldText, newText), oldText, newText)
    }
  })
})
