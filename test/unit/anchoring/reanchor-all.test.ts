import { describe, expect, it } from 'vitest'
import { reanchorAll, type AnchorResult, type TextTarget } from '../../../src/shared/anchoring'
import { quoteSelector } from '../../../src/shared/text-offsets'
import { applyEdits, makeArticle, makeTargets, scatteredEdits, targetOf, type Edit } from './helpers'

const PARAGRAPHS = [
  'The minister said on Tuesday that the budget would be balanced by 2027.',
  'Critics were not convinced. "The numbers do not add up," said one economist.',
  'Opposition leaders called for an inquiry into the contracts signed last year.',
  'The minister said nothing more, and left the press conference early.',
]
const ARTICLE = PARAGRAPHS.join('\n\n')

/** Checks that a result's selectors describe the new text exactly, and that exact matches kept the quote. */
function expectConsistent(text: string, target: TextTarget, r: AnchorResult): void {
  if (r.status === 'orphaned') {
    expect(r).toEqual({
      status: 'orphaned',
      start: target.start,
      end: target.end,
      exact: target.exact,
      prefix: target.prefix,
      suffix: target.suffix,
    })
    return
  }
  expect({ exact: r.exact, prefix: r.prefix, suffix: r.suffix }).toEqual(quoteSelector(text, r.start, r.end))
  if (r.status === 'unchanged' || r.status === 'moved') expect(r.exact).toBe(target.exact)
  if (r.status === 'unchanged') expect(r.start).toBe(target.start)
  if (r.status === 'fuzzy') expect(r.exact).not.toBe(target.exact)
}

describe('reanchorAll', () => {
  it('returns every annotation unchanged when the text did not change', () => {
    const targets = PARAGRAPHS.map((p) => targetOf(ARTICLE, p.slice(4, 30)))
    const results = reanchorAll(ARTICLE, ARTICLE, targets)
    expect(results.map((r) => r.status)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged'])
    results.forEach((r, i) => expect(r).toMatchObject({ start: targets[i].start, end: targets[i].end, score: 1 }))
  })

  it('handles insertions before, inside and after spans, and deletions, in one pass, in input order', () => {
    const before = targetOf(ARTICLE, 'Opposition leaders called')
    const inside = targetOf(ARTICLE, 'the budget would be balanced by 2027')
    const after = targetOf(ARTICLE, 'The minister said on Tuesday')
    const deleted = targetOf(ARTICLE, 'Critics were not convinced.')
    const text = ARTICLE.replace('would be balanced', 'would surely be balanced').replace('Critics were not convinced. ', '')
    const targets = [before, inside, after, deleted]
    const results = reanchorAll(ARTICLE, text, targets)
    expect(results.map((r) => r.status)).toEqual(['moved', 'fuzzy', 'unchanged', 'orphaned'])
    expect(results[0].start).toBe(text.indexOf('Opposition leaders called'))
    expect(results[1].exact).toBe('the budget would surely be balanced by 2027')
    results.forEach((r, i) => expectConsistent(text, targets[i], r))
  })

  it('follows a whole paragraph moved to the end, context intact', () => {
    const targets = [
      targetOf(ARTICLE, 'The numbers do not add up'),
      targetOf(ARTICLE, 'Critics'),
      targetOf(ARTICLE, 'economist.'),
    ]
    const text = [PARAGRAPHS[0], PARAGRAPHS[2], PARAGRAPHS[3], PARAGRAPHS[1]].join('\n\n')
    const results = reanchorAll(ARTICLE, text, targets)
    expect(results.map((r) => r.status)).toEqual(['moved', 'moved', 'moved'])
    expect(results[0].start).toBe(text.indexOf('The numbers do not add up'))
    expect(results[1].start).toBe(text.indexOf('Critics'))
    results.forEach((r, i) => expectConsistent(text, targets[i], r))
  })

  it('follows a paragraph moved a long way in a long article', () => {
    const oldText = makeArticle(200_000, 5)
    const paragraphs = oldText.split('\n\n')
    const moved = paragraphs.splice(3, 1)[0]
    paragraphs.push(moved)
    const newText = paragraphs.join('\n\n')
    const inMoved = targetOf(oldText, moved.slice(40, 90))
    const elsewhere = targetOf(oldText, paragraphs[50].slice(10, 40))
    const [a, b] = reanchorAll(oldText, newText, [inMoved, elsewhere])
    expect(a).toMatchObject({ status: 'moved', start: newText.lastIndexOf(moved) + 40 })
    expect(b).toMatchObject({ status: 'moved', exact: elsewhere.exact })
    expect(newText.slice(b.start, b.end)).toBe(elsewhere.exact)
  })

  it('uses context to pick the right one of repeated phrases when their paragraph moves', () => {
    const oldText = 'He said no to the first offer.\n\nLater he said no to the second offer.\n\nNothing else happened.'
    const target = targetOf(oldText, 'said no', 1)
    const [p0, p1, p2] = oldText.split('\n\n')
    const newText = [p0, p2, p1].join('\n\n')
    // Both occurrences are within the near window; only the context tells them apart.
    const [r] = reanchorAll(oldText, newText, [target])
    expect(r.status).toBe('moved')
    expect(r.start).toBe(newText.lastIndexOf('said no'))
  })

  it('orphans a short quote whose word was replaced, rather than move it to the same word nearby', () => {
    const oldText = 'The cat sat on the mat. It purred.'
    const target = targetOf(oldText, 'the', 0)
    const [r] = reanchorAll(oldText, 'The cat sat on a mat. It purred.', [target])
    expect(r.status).toBe('orphaned')
  })

  it('anchors fuzzily when the quoted text is corrected, and orphans it when rewritten beyond the budget', () => {
    const target = targetOf(ARTICLE, '"The numbers do not add up," said one economist.')
    const corrected = ARTICLE.replace('do not add up', 'did not add up')
    const [fuzzy] = reanchorAll(ARTICLE, corrected, [target])
    expect(fuzzy).toMatchObject({ status: 'fuzzy', exact: '"The numbers did not add up," said one economist.' })
    const rewritten = ARTICLE.replace(
      '"The numbers do not add up," said one economist.',
      'An economist disputed the figures entirely.',
    )
    const [gone] = reanchorAll(ARTICLE, rewritten, [target])
    expect(gone.status).toBe('orphaned')
  })

  it('handles accents and characters outside the BMP', () => {
    const oldText = 'Zoë Ångström 😀 a déclaré: « la société est en négociation ». Fin 🎉.'
    const targets = [targetOf(oldText, 'la société'), targetOf(oldText, 'Fin 🎉'), targetOf(oldText, '😀 a déclaré')]
    const newText = '🇫🇷 ' + oldText.replace('😀', '😃')
    const results = reanchorAll(oldText, newText, targets)
    expect(results.map((r) => r.status)).toEqual(['moved', 'moved', 'fuzzy'])
    expect(results[0].start).toBe(targets[0].start + 5)
    expect(results[2].exact).toBe('😃 a déclaré')
    results.forEach((r, i) => expectConsistent(newText, targets[i], r))
  })

  it('orphans every annotation when the new text is empty', () => {
    const targets = PARAGRAPHS.map((p) => targetOf(ARTICLE, p.slice(0, 20)))
    const results = reanchorAll(ARTICLE, '', targets)
    expect(results.map((r) => r.status)).toEqual(['orphaned', 'orphaned', 'orphaned', 'orphaned'])
    results.forEach((r, i) => expectConsistent('', targets[i], r))
  })

  it('finds annotations whose offsets are stale by their quote alone', () => {
    const target = targetOf(ARTICLE, 'Opposition leaders')
    const stale = { ...target, start: target.start + 3, end: target.end + 3 }
    const text = 'Update. ' + ARTICLE
    const [r] = reanchorAll(ARTICLE, text, [stale])
    expect(r).toMatchObject({ status: 'moved', start: text.indexOf('Opposition leaders') })
  })

  it('stays consistent when a rewrite exhausts the search budget (annotations orphaned, none lost)', () => {
    const oldText = makeArticle(300_000, 8)
    const targets = makeTargets(oldText, 3_000, 9)
    // Every sentence loses its first letter: the diff finds nothing unchanged beyond single characters.
    const newText = oldText.replace(/(^|[.] |\n)([A-Za-z])/g, '$1')
    const results = reanchorAll(oldText, newText, targets)
    expect(results).toHaveLength(targets.length)
    results.forEach((r, i) => expectConsistent(newText, targets[i], r))
    expect(results.filter((r) => r.status === 'moved').length).toBeGreaterThan(2_000)
  })

  it('re-anchors 10,000 annotations on a 1 MB article after 100 scattered edits', () => {
    const oldText = makeArticle(1_000_000, 42)
    const targets = makeTargets(oldText, 10_000, 43)
    const edits = scatteredEdits(oldText, 100, 44)
    const newText = applyEdits(oldText, edits)
    const results = reanchorAll(oldText, newText, targets)

    expect(results).toHaveLength(targets.length)
    const counts: Record<string, number> = { unchanged: 0, moved: 0, fuzzy: 0, orphaned: 0 }
    results.forEach((r, i) => {
      counts[r.status]++
      expectConsistent(newText, targets[i], r)
    })
    // Every annotation clear of the edits lands exactly where the edits before it push it.
    const sorted = [...edits].sort((a, b) => a.start - b.start)
    results.forEach((r, i) => {
      const t = targets[i]
      if (sorted.some((e) => touches(e, t))) return
      expect(r.start).toBe(t.start + shiftBefore(sorted, t.start))
    })
    expect(counts.unchanged + counts.moved).toBeGreaterThan(9_800)
    expect(counts.orphaned).toBeLessThan(100)
  })
})

/** True when an edit touches a span (a deletion inside it, an insertion inside or at its edges). */
function touches(e: Edit, t: TextTarget): boolean {
  return e.start <= t.end && e.end >= t.start
}

/** How far the edits wholly before `offset` move it. */
function shiftBefore(sorted: readonly Edit[], offset: number): number {
  let shift = 0
  for (const e of sorted) if (e.end <= offset) shift += e.insert.length - (e.end - e.start)
  return shift
}
