/**
 * The same quote in two articles or languages: quotes are paired across the whole articles by what
 * survives translation (numbers and names inside the marks), their paragraphs' pairing, length and
 * position, one to one, best first. A pair says whether one side is cut short and whether the
 * speakers differ; the app offers to link a pair as a translation or the same statement.
 */
import { sameEntity } from './names'
import type { PreparedArticle, QuoteFact } from './paragraphs'
import type { Pairing } from './pairing'

export interface QuotePair {
  leftBlock: number
  leftQuote: number
  rightBlock: number
  rightQuote: number
  confidence: number
  /** The side whose quote is much shorter, if any. */
  cut: 'left' | 'right' | null
  speakerChanged: boolean
}

interface Located {
  block: number
  index: number
  quote: QuoteFact
  values: Set<string>
  names: string[]
  position: number
}

function located(article: PreparedArticle): Located[] {
  const out: Located[] = []
  const length = article.text.length || 1
  for (const p of article.paragraphs)
    p.quotes.forEach((quote, index) => {
      const inside = (s: { start: number; end: number }) => s.start >= quote.start && s.end <= quote.end
      out.push({
        block: p.index,
        index,
        quote,
        values: new Set(p.quantities.filter(inside).map((q) => String(q.value))),
        names: p.names.filter(inside).flatMap((n) => n.id ?? n.words.filter((w) => w.length > 3)),
        position: quote.start / length,
      })
    })
  return out
}

/** Quotes shorter than this (letters) are single words ("heroic"): paired, never judged cut. */
const JUDGED_LETTERS = 25
const MIN_QUOTE_PAIR = 0.45

export function pairQuotes(a: PreparedArticle, b: PreparedArticle, pairing: Pairing): QuotePair[] {
  const left = located(a)
  const right = located(b)
  if (left.length === 0 || right.length === 0) return []
  const paired = new Map<number, Map<number, number>>()
  for (const p of pairing.pairs) {
    if (!paired.has(p.left)) paired.set(p.left, new Map())
    paired.get(p.left)!.set(p.right, p.confidence)
  }
  const ratio = (b.text.length || 1) / (a.text.length || 1)
  const candidates: { i: number; j: number; score: number }[] = []
  // Candidates: quotes in paired paragraphs, and quotes sharing a number or a name (anywhere).
  const byBlock = new Map<number, number[]>()
  const byKey = new Map<string, number[]>()
  right.forEach((y, j) => {
    byBlock.set(y.block, [...(byBlock.get(y.block) ?? []), j])
    for (const k of [...y.values, ...y.names]) byKey.set(k, [...(byKey.get(k) ?? []), j])
  })
  left.forEach((x, i) => {
    const js = new Set<number>()
    for (const block of paired.get(x.block)?.keys() ?? []) for (const j of byBlock.get(block) ?? []) js.add(j)
    for (const k of [...x.values, ...x.names]) for (const j of byKey.get(k) ?? []) js.add(j)
    for (const j of js) {
      const y = right[j]
      const paragraphs = paired.get(x.block)?.get(y.block) ?? 0
      const sharedValues = [...x.values].filter((v) => y.values.has(v)).length
      const sharedNames = x.names.filter((n) => y.names.includes(n)).length
      const evidence = Math.min(1, (sharedValues + sharedNames) / 2)
      const lx = x.quote.letters * ratio
      const length = Math.min(lx, y.quote.letters) / Math.max(lx, y.quote.letters, 1)
      const position = 1 - Math.min(1, Math.abs(x.position - y.position) * 2)
      const score = 0.45 * (paragraphs > 0 ? 0.5 + paragraphs / 2 : 0) + 0.25 * evidence + 0.2 * length + 0.1 * position
      if (score >= MIN_QUOTE_PAIR) candidates.push({ i, j, score })
    }
  })
  candidates.sort((p, q) => q.score - p.score)
  const usedL = new Set<number>()
  const usedR = new Set<number>()
  const out: QuotePair[] = []
  for (const c of candidates) {
    if (usedL.has(c.i) || usedR.has(c.j)) continue
    usedL.add(c.i)
    usedR.add(c.j)
    const x = left[c.i]
    const y = right[c.j]
    const lx = x.quote.letters * ratio
    let cut: QuotePair['cut'] = null
    if (Math.max(lx, y.quote.letters) >= JUDGED_LETTERS) {
      if (y.quote.letters < 0.6 * lx) cut = 'right'
      else if (lx < 0.6 * y.quote.letters) cut = 'left'
    }
    out.push({
      leftBlock: x.block,
      leftQuote: x.index,
      rightBlock: y.block,
      rightQuote: y.index,
      confidence: Math.round(Math.min(1, c.score) * 100) / 100,
      cut,
      speakerChanged: !!x.quote.speaker && !!y.quote.speaker && !sameEntity(x.quote.speaker, y.quote.speaker),
    })
  }
  return out.sort((p, q) => p.leftBlock - q.leftBlock || p.leftQuote - q.leftQuote)
}
