/**
 * Alignment and discrepancy detection on an original and a translation with planted errors: a wrong
 * year, a changed number, a dropped name, a reversed meaning and a quote missing a sentence.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { alignBlocks, findDiscrepancies, numberKey } from '../../../src/shared/compare'
import { paragraphSpans } from '../../helpers/text'

const fixtures = join(import.meta.dirname, '../../fixtures/compare')
const ES = readFileSync(join(fixtures, 'original-es.txt'), 'utf8')
const EN = readFileSync(join(fixtures, 'translation-en.txt'), 'utf8')
const esBlocks = paragraphSpans(ES)
const enBlocks = paragraphSpans(EN)

describe('numbers', () => {
  it('normalise thousands separators and decimals across conventions', () => {
    expect(numberKey('1.200')).toBe('1200')
    expect(numberKey('1,200')).toBe('1200')
    expect(numberKey('2019')).toBe('2019')
    expect(numberKey('3,5')).toBe('3.5')
  })
})

describe('paragraph alignment across languages', () => {
  it('pairs each paragraph with its translation', () => {
    const pairs = alignBlocks(ES, esBlocks, EN, enBlocks)
    const expected = [0, 1, 2, 3, 4, 5].map((i) => `${i}-${i}`)
    const got = pairs.map((p) => `${p.left}-${p.right}`)
    const correct = got.filter((g) => expected.includes(g)).length
    const precision = correct / got.length
    const recall = correct / expected.length
    console.log(`alignment: precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)}`)
    expect(precision).toBe(1)
    expect(recall).toBeGreaterThanOrEqual(5 / 6)
  })

  it('keeps a paragraph without counterpart unpaired, and honours a manual correction', () => {
    const extra = `${EN}\n\nAn unrelated note about the weather in Moscow on 3 May.`
    const pairs = alignBlocks(ES, esBlocks, extra, paragraphSpans(extra))
    expect(pairs.some((p) => p.right === 6)).toBe(false)
    const fixed = alignBlocks(ES, esBlocks, EN, enBlocks, [{ left: 4, right: 5 }])
    expect(fixed).toContainEqual(expect.objectContaining({ left: 4, right: 5 }))
    expect(fixed.some((p) => p.left === 5 && p.right === 5)).toBe(false)
  })
})

describe('discrepancies', () => {
  it('finds the planted errors, with few false alarms', () => {
    const pairs = alignBlocks(ES, esBlocks, EN, enBlocks)
    const found = findDiscrepancies(ES, esBlocks, EN, enBlocks, pairs, [
      ['Vladímir Putin', 'Putin'],
      ['Isla Russki', 'Russky Island', 'Russki'],
    ])
    const describe = (d: (typeof found)[number]) => `${d.type}:${d.left?.text ?? '-'}|${d.right?.text ?? '-'}`
    const planted = [
      'number:2019|1200', // the wrong year
      'number:2.500|25,000', // a changed number
      'name:Serguéi Lavrov|-', // a dropped name
      'negation', // "Kim no mencionó" → "Kim mentioned"
      'quote', // a sentence missing from the quote
    ]
    const hits = planted.filter((p) => found.some((d) => describe(d).startsWith(p)))
    const relevant = found.filter((d) => planted.some((p) => describe(d).startsWith(p)))
    const recall = hits.length / planted.length
    const precision = relevant.length / found.length
    console.log(
      `discrepancies: precision ${precision.toFixed(2)}, recall ${recall.toFixed(2)}; found: ${found.map(describe).join('; ')}`,
    )
    expect(recall).toBe(1)
    expect(precision).toBeGreaterThanOrEqual(0.5)
    // Each one points at text on its side.
    for (const d of found) {
      if (d.left) expect(ES.slice(d.left.start, d.left.end)).toBe(d.left.text)
      if (d.right) expect(EN.slice(d.right.start, d.right.end)).toBe(d.right.text)
    }
  })
})
