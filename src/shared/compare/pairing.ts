/**
 * Pairs paragraphs of two versions of a story without keeping their order (two outlets move
 * paragraphs; a translation drops some): each pair has a confidence from what survives translation
 * (quantities, dates, names and their identities, quotes), with length and position as tie-breakers.
 * Pairs are taken best first, one to one; a paragraph whose best partner is taken is a split or merge
 * of it when the score is high, else it is "only in" its version. Sentences are paired the same way
 * within each paragraph pair. Cost: features once per paragraph, then O(n·m) set intersections.
 */
import type { Paragraph, PreparedArticle } from './paragraphs'
import type { Span } from './tokens'

export interface ParagraphPair {
  left: number
  right: number
  /** 0–1: how sure the pairing is (shown to the user). */
  confidence: number
  /** 'fixed': the user paired them; 'part': one side is split or merged (another pair shares a paragraph). */
  how: 'auto' | 'fixed' | 'part'
  sentences: SentencePair[]
}

export interface SentencePair {
  left: Span
  right: Span
  confidence: number
}

export interface Pairing {
  pairs: ParagraphPair[]
  onlyLeft: number[]
  onlyRight: number[]
}

/** Below this confidence two paragraphs are not paired. */
export const MIN_CONFIDENCE = 0.34

interface Keys {
  values: Set<string>
  names: Set<string>
  quotes: number
  length: number
  position: number
}

function round(v: number): string {
  return String(Math.round(v * 1000) / 1000)
}

/** What two paragraphs can share: quantities and dates as values, names as identities or their words. */
function keysOf(p: Paragraph, from: number, to: number, total: number, length: number): Keys {
  const values = new Set<string>()
  for (const q of p.quantities) if (q.start >= from && q.end <= to) values.add(q.year ? `y${q.value}` : round(q.value))
  for (const d of p.dates)
    if (d.start >= from && d.end <= to) {
      if (d.month !== null) values.add(`m${d.month}`)
      if (d.day !== null) values.add(`d${d.day}`)
      if (d.year !== null) values.add(`y${d.year}`)
      if (d.weekday !== null) values.add(`w${d.weekday}`)
    }
  const names = new Set<string>()
  for (const n of p.names)
    if (n.start >= from && n.end <= to) {
      if (n.id) names.add(n.id)
      else
        for (const w of n.words)
          if (w.length > 2) {
            names.add(w.slice(0, 5))
            names.add(skeleton(w))
          }
    }
  for (const [id, at] of p.ids) if (at.start >= from && at.end <= to) names.add(id)
  let quotes = 0
  for (const q of p.quotes) if (q.start >= from && q.start < to) quotes++
  return { values, names, quotes, length, position: total > 1 ? p.index / (total - 1) : 0 }
}

/** Consonants of a word's start, for names spelled differently across languages ("Serguéi"/"Sergei"). */
function skeleton(word: string): string {
  return `~${word
    .replace(/[aeiouyhw'-]/g, '')
    .replace(/(.)\1+/g, '$1')
    .slice(0, 4)}`
}

function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0
  let shared = 0
  const [small, large] = a.size <= b.size ? [a, b] : [b, a]
  for (const x of small) if (large.has(x)) shared++
  return shared
}

/** How likely two paragraphs (or sentences) say the same thing, 0 to 1. */
export function similarityOf(a: Keys, b: Keys, lengthRatio: number): number {
  return scoreOf(a, b, dice(a.values, b.values), dice(a.names, b.names), lengthRatio)
}

/** The score of two paragraphs sharing `values` quantities or dates and `names` identities. */
function scoreOf(a: Keys, b: Keys, values: number, names: number, lengthRatio: number): number {
  let evidence = 0
  let weight = 0
  if (a.values.size || b.values.size) {
    evidence += a.values.size && b.values.size ? (0.45 * 2 * values) / (a.values.size + b.values.size) : 0
    weight += 0.45
  }
  if (a.names.size || b.names.size) {
    evidence += a.names.size && b.names.size ? (0.45 * 2 * names) / (a.names.size + b.names.size) : 0
    weight += 0.45
  }
  if (a.quotes || b.quotes) {
    evidence += 0.1 * (a.quotes && b.quotes ? Math.min(a.quotes, b.quotes) / Math.max(a.quotes, b.quotes) : 0)
    weight += 0.1
  }
  const la = a.length * lengthRatio
  const length = Math.min(la, b.length) / Math.max(la, b.length, 1)
  const position = 1 - Math.min(1, Math.abs(a.position - b.position))
  // Little evidence (a short paragraph without names or numbers) cannot make a confident pair.
  const support = Math.min(1, (a.values.size + a.names.size + b.values.size + b.names.size) / 4)
  const shared = weight ? evidence / weight : 0
  return (
    support * (0.75 * shared + 0.15 * length + 0.1 * position) + (1 - support) * 0.5 * (0.5 * length + 0.5 * position) * shared
  )
}

function greedy(scores: Float64Array, n: number, m: number, min: number, fixed: readonly { left: number; right: number }[]) {
  const order: number[] = []
  for (let k = 0; k < n * m; k++) if (scores[k] >= min) order.push(k)
  order.sort((x, y) => scores[y] - scores[x])
  const leftUsed = new Int32Array(n).fill(-1)
  const rightUsed = new Int32Array(m).fill(-1)
  const pairs: { left: number; right: number; confidence: number; how: ParagraphPair['how'] }[] = []
  for (const f of fixed) {
    if (f.left >= n || f.right >= m || leftUsed[f.left] >= 0 || rightUsed[f.right] >= 0) continue
    leftUsed[f.left] = f.right
    rightUsed[f.right] = f.left
    pairs.push({ left: f.left, right: f.right, confidence: 1, how: 'fixed' })
  }
  for (const k of order) {
    const i = Math.floor(k / m)
    const j = k % m
    if (leftUsed[i] >= 0 || rightUsed[j] >= 0) continue
    leftUsed[i] = j
    rightUsed[j] = i
    pairs.push({ left: i, right: j, confidence: scores[k], how: 'auto' })
  }
  return { pairs, leftUsed, rightUsed }
}

/** Pairs the sentences of two paired paragraphs (one to one, best first). */
function pairSentences(
  a: PreparedArticle,
  pa: Paragraph,
  b: PreparedArticle,
  pb: Paragraph,
  lengthRatio: number,
): SentencePair[] {
  const ls = pa.sentences
  const rs = pb.sentences
  if (ls.length === 1 && rs.length === 1) return [{ left: ls[0], right: rs[0], confidence: 1 }]
  const lk = ls.map((s, i) => ({
    ...keysOf(pa, s.start, s.end, 1, s.end - s.start),
    position: ls.length > 1 ? i / (ls.length - 1) : 0,
  }))
  const rk = rs.map((s, i) => ({
    ...keysOf(pb, s.start, s.end, 1, s.end - s.start),
    position: rs.length > 1 ? i / (rs.length - 1) : 0,
  }))
  const scores = new Float64Array(ls.length * rs.length)
  for (let i = 0; i < ls.length; i++)
    for (let j = 0; j < rs.length; j++) {
      const s = similarityOf(lk[i], rk[j], lengthRatio)
      // Same count of sentences: position is good evidence (a translation keeps sentence order).
      scores[i * rs.length + j] = ls.length === rs.length && i === j ? Math.max(s, 0.5 + s / 2) : s
    }
  void a
  void b
  return greedy(scores, ls.length, rs.length, 0.3, [])
    .pairs.map((p) => ({ left: ls[p.left], right: rs[p.right], confidence: Math.min(1, p.confidence) }))
    .sort((x, y) => x.left.start - y.left.start)
}

const NONE: readonly number[] = []

/** Pairs the paragraphs of two prepared articles; `fixed` are the user's pairings, kept as given. */
export function pairParagraphs(
  a: PreparedArticle,
  b: PreparedArticle,
  fixed: readonly { left: number; right: number }[] = [],
): Pairing {
  const n = a.paragraphs.length
  const m = b.paragraphs.length
  const lengthRatio = (b.text.length || 1) / (a.text.length || 1)
  const lk = a.paragraphs.map((p) => keysOf(p, p.start, p.end, n, p.end - p.start))
  const rk = b.paragraphs.map((p) => keysOf(p, p.start, p.end, m, p.end - p.start))
  // Only paragraphs sharing a value or a name can reach MIN_CONFIDENCE (without shared evidence the
  // score is at most 0.25): shared keys are counted through an inverted index of the right side.
  const valuePostings = new Map<string, number[]>()
  const namePostings = new Map<string, number[]>()
  const post = (postings: Map<string, number[]>, key: string, j: number) => {
    let list = postings.get(key)
    if (!list) postings.set(key, (list = []))
    list.push(j)
  }
  rk.forEach((k, j) => {
    for (const v of k.values) post(valuePostings, v, j)
    for (const v of k.names) post(namePostings, v, j)
  })
  const scores = new Float64Array(n * m)
  const sharedValues = new Int32Array(m)
  const sharedNames = new Int32Array(m)
  const touched: number[] = []
  for (let i = 0; i < n; i++) {
    for (const v of lk[i].values)
      for (const j of valuePostings.get(v) ?? NONE) {
        if (sharedValues[j] + sharedNames[j] === 0) touched.push(j)
        sharedValues[j]++
      }
    for (const v of lk[i].names)
      for (const j of namePostings.get(v) ?? NONE) {
        if (sharedValues[j] + sharedNames[j] === 0) touched.push(j)
        sharedNames[j]++
      }
    for (const j of touched) {
      scores[i * m + j] = scoreOf(lk[i], rk[j], sharedValues[j], sharedNames[j], lengthRatio)
      sharedValues[j] = 0
      sharedNames[j] = 0
    }
    touched.length = 0
  }
  const { pairs, leftUsed, rightUsed } = greedy(scores, n, m, MIN_CONFIDENCE, fixed)
  // Splits and merges: an unpaired paragraph that clearly belongs with a paired one.
  const PART = MIN_CONFIDENCE + 0.16
  for (let i = 0; i < n; i++) {
    if (leftUsed[i] >= 0) continue
    let best = -1
    for (let j = 0; j < m; j++) if (scores[i * m + j] >= PART && (best < 0 || scores[i * m + j] > scores[i * m + best])) best = j
    if (best < 0) continue
    pairs.push({ left: i, right: best, confidence: scores[i * m + best], how: 'part' })
    leftUsed[i] = best
  }
  for (let j = 0; j < m; j++) {
    if (rightUsed[j] >= 0) continue
    let best = -1
    for (let i = 0; i < n; i++) if (scores[i * m + j] >= PART && (best < 0 || scores[i * m + j] > scores[best * m + j])) best = i
    if (best < 0) continue
    pairs.push({ left: best, right: j, confidence: scores[best * m + j], how: 'part' })
    rightUsed[j] = best
  }
  pairs.sort((x, y) => x.left - y.left || x.right - y.right)
  return {
    pairs: pairs.map((p) => ({
      ...p,
      confidence: Math.round(Math.min(1, p.confidence) * 100) / 100,
      sentences: pairSentences(a, a.paragraphs[p.left], b, b.paragraphs[p.right], lengthRatio),
    })),
    onlyLeft: [...leftUsed.keys()].filter((i) => leftUsed[i] < 0),
    onlyRight: [...rightUsed.keys()].filter((j) => rightUsed[j] < 0),
  }
}
