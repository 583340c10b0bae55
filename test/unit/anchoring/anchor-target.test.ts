import { describe, expect, it } from 'vitest'
import { anchorTarget, type AnchorResult, type TextTarget } from '../../../src/shared/anchoring'
import { quoteSelector } from '../../../src/shared/text-offsets'
import { targetOf } from './helpers'

const ARTICLE =
  'The minister said on Tuesday that the budget would be balanced by 2027. ' +
  'Critics were not convinced. "The numbers do not add up," said one economist. ' +
  'The minister said nothing more.'

/** Checks that an anchored result's selectors describe the new text exactly. */
function expectConsistent(text: string, r: AnchorResult): void {
  expect(r.status).not.toBe('orphaned')
  expect({ exact: r.exact, prefix: r.prefix, suffix: r.suffix }).toEqual(quoteSelector(text, r.start, r.end))
}

describe('anchorTarget', () => {
  it('leaves an annotation on unchanged text unchanged', () => {
    const target = targetOf(ARTICLE, 'the budget would be balanced')
    const r = anchorTarget(ARTICLE, target)
    expect(r).toMatchObject({ status: 'unchanged', start: target.start, end: target.end, exact: target.exact })
    expect(r.score).toBeGreaterThan(0.95)
  })

  it('moves an annotation when text is inserted before it', () => {
    const target = targetOf(ARTICLE, 'Critics were not convinced.')
    const text = 'BREAKING. ' + ARTICLE
    const r = anchorTarget(text, target)
    expect(r).toMatchObject({ status: 'moved', start: target.start + 10, exact: target.exact })
    expectConsistent(text, r)
  })

  it('keeps an annotation unchanged when text is inserted after it', () => {
    const target = targetOf(ARTICLE, 'Critics were not convinced.')
    const text = ARTICLE.replace('said one economist', 'said one leading economist')
    expect(anchorTarget(text, target)).toMatchObject({ status: 'unchanged', start: target.start })
  })

  it('anchors fuzzily when words are inserted inside the span', () => {
    const target = targetOf(ARTICLE, 'the budget would be balanced by 2027')
    // 7 characters inserted into a 36-character quote: within its budget of 9 errors.
    const text = ARTICLE.replace('would be balanced', 'would surely be balanced')
    const r = anchorTarget(text, target)
    expect(r.status).toBe('fuzzy')
    expect(r.exact).toBe('the budget would surely be balanced by 2027')
    expectConsistent(text, r)
  })

  it('anchors fuzzily when a word inside the quote is corrected', () => {
    const target = targetOf(ARTICLE, '"The numbers do not add up," said one economist.')
    const text = ARTICLE.replace('do not add up', 'did not add up')
    const r = anchorTarget(text, target)
    expect(r.status).toBe('fuzzy')
    expect(r.exact).toBe('"The numbers did not add up," said one economist.')
  })

  it('orphans an annotation whose sentence was deleted, keeping its old selectors', () => {
    const target = targetOf(ARTICLE, 'Critics were not convinced.')
    const text = ARTICLE.replace('Critics were not convinced. ', '')
    expect(anchorTarget(text, target)).toEqual({ status: 'orphaned', ...target })
  })

  it('orphans a short quote whose context is gone rather than jump to another occurrence', () => {
    const target = targetOf(ARTICLE, 'economist')
    const text = ARTICLE.replace('"The numbers do not add up," said one economist. ', '') + ' An economist later agreed.'
    expect(anchorTarget(text, target).status).toBe('orphaned')
  })

  it('uses the context to pick the right one of repeated phrases', () => {
    const second = targetOf(ARTICLE, 'The minister said', 1)
    // Cut the first sentence: the first occurrence goes, the second moves up.
    const text = ARTICLE.replace(
      'The minister said on Tuesday that the budget would be balanced by 2027. ',
      'The minister said so. ',
    )
    const r = anchorTarget(text, second)
    expect(r.status).toBe('moved')
    expect(r.start).toBe(text.lastIndexOf('The minister said'))
  })

  it('does not take a repeated phrase that slid into the old position when its context disagrees', () => {
    const text1 = 'Intro. Yes, he said. Some filler text goes in here. Later: no, he said, and left the room.'
    const target = targetOf(text1, 'he said', 1)
    // Insert exactly as many characters as bring the first "he said" to the second's old offset.
    const edited = 'X'.repeat(target.start - text1.indexOf('he said')) + text1
    expect(edited.slice(target.start, target.end)).toBe('he said')
    const r = anchorTarget(edited, target)
    expect(r.status).toBe('moved')
    expect(r.start).toBe(edited.lastIndexOf('he said'))
  })

  it('handles accents and characters outside the BMP', () => {
    const text1 = 'Zoë Ångström 😀 a déclaré: « la société est en négociation ». Fin 🎉.'
    const target = targetOf(text1, 'la société est en négociation')
    const moved = anchorTarget('🇫🇷 ' + text1, target)
    expect(moved).toMatchObject({ status: 'moved', start: target.start + 5, exact: target.exact })
    // A word after the quote that grows leaves the quote itself intact.
    expect(anchorTarget(text1.replace('négociation', 'négociations'), target).status).toBe('unchanged')
    // Accents stripped inside the quote: three substitutions, within the budget of seven.
    const fuzzy = anchorTarget(text1.replace('société est en négociation', 'societe est en negociation'), target)
    expect(fuzzy.status).toBe('fuzzy')
    expect(fuzzy.exact).toBe('la societe est en negociation')

    const emoji: TextTarget = targetOf(text1, '😀 a déclaré')
    const text2 = text1.replace('😀', '😃')
    const r = anchorTarget(text2, emoji)
    expect(r.status).toBe('fuzzy')
    expect(r.exact).toBe('😃 a déclaré')
  })

  it('orphans everything in an empty text', () => {
    const target = targetOf(ARTICLE, 'Critics')
    expect(anchorTarget('', target)).toEqual({ status: 'orphaned', ...target })
  })

  it('orphans a target with an empty quote instead of anchoring it anywhere', () => {
    expect(anchorTarget(ARTICLE, { start: 0, end: 0, exact: '', prefix: '', suffix: 'The' }).status).toBe('orphaned')
  })
})
