/**
 * What differs between paired paragraphs, item by item, each with exact spans on both sides and the
 * sentences around them (for a claim): quantities and dates changed or on one side only, names
 * changed or on one side only (never the same entity spelled or translated differently), a negated
 * clause on one side only (pointing at the negating words), and quotes cut short or given to another
 * speaker. Messages name the articles; an item carries its message as a catalog key and values
 * (`says`), so the window writes it in its language and the CLI in its own (item-message.ts). Items are
 * deduplicated per pair and sorted by severity, then by place in the left article.
 */
import type { MessageKey, MessageVars, Msg } from '../i18n'
import { CUE_CONCEPTS } from '../lexicon/words'
import type { DateFact, Quantity } from './facts'
import { concepts, maybeTranslated, reordered, sameEntity, shareAWord, type NameChunk } from './names'
import type { Paragraph, PreparedArticle } from './paragraphs'
import type { Pairing, SentencePair } from './pairing'
import { pairQuotes, type QuotePair } from './quote-pairs'
import type { Span } from './tokens'

export type ItemKind = 'number' | 'date' | 'name' | 'negation' | 'quote' | 'speaker'
export type Severity = 'high' | 'medium' | 'low'

export interface SideSpan extends Span {
  text: string
}

export interface CompareItem {
  kind: ItemKind
  severity: Severity
  /**
   * What differs, in a journalist's words, naming the articles: a `findings.*` message and its values
   * (written by item-message.ts; `leftMonth`/`rightMonth` are month numbers 0–11, named in the language).
   */
  says: Msg
  leftBlock: number
  rightBlock: number
  /** The differing words on each side (empty when the thing is missing on that side). */
  left: SideSpan[]
  right: SideSpan[]
  /** The sentence on each side that a claim would cover. */
  leftSentence: Span
  rightSentence: Span
}

export interface Titles {
  left: string
  right: string
}

const says = (key: MessageKey, vars: MessageVars): Msg => ({ key, vars })

/** A paragraph pair this close is a translation (or copy): what is on one side only is a finding. */
const PARALLEL = 0.55

const side = (text: string, s: Span): SideSpan => ({ start: s.start, end: s.end, text: text.slice(s.start, s.end) })

function sentenceOf(p: Paragraph, at: Span): Span {
  return p.sentences.find((s) => s.start <= at.start && at.start < s.end) ?? { start: p.start, end: p.end }
}

/** The paired sentence of the sentence holding `at` on side `from`; else the best guess by position. */
function counterpart(
  sentences: readonly SentencePair[],
  at: Span,
  from: 'left' | 'right',
  other: Paragraph,
  mine: Paragraph,
): Span {
  const found = sentences.find((s) => s[from].start <= at.start && at.start < s[from].end)
  if (found) return from === 'left' ? found.right : found.left
  const position = (at.start - mine.start) / Math.max(1, mine.end - mine.start)
  const target = other.start + position * (other.end - other.start)
  return other.sentences.find((s) => s.end >= target) ?? { start: other.start, end: other.end }
}

/** Counts of people are one class: "14 muertos" and "16 people were killed" disagree on one count. */
function unitClass(unit: string | null): string | null {
  return unit && PEOPLE.has(unit) ? 'people' : unit
}
const PEOPLE = new Set(['person', 'dead', 'injured', 'soldier', 'inhabitant', 'vote'])

function quantityText(q: Quantity): string {
  return q.text
}

function dateText(d: DateFact): string {
  return d.text
}

function sameDate(x: DateFact, y: DateFact): boolean {
  const agree = (u: number | null, v: number | null) => u === null || v === null || u === v
  const both = (u: number | null, v: number | null) => u !== null && v !== null
  const shared = both(x.month, y.month) || both(x.day, y.day) || both(x.year, y.year) || both(x.weekday, y.weekday)
  return shared && agree(x.month, y.month) && agree(x.day, y.day) && agree(x.year, y.year) && agree(x.weekday, y.weekday)
}

/** Items between the paired paragraphs of two articles, and the quotes paired across them. */
export function compareItems(
  a: PreparedArticle,
  b: PreparedArticle,
  pairing: Pairing,
  titles: Titles,
): { items: CompareItem[]; quotes: QuotePair[] } {
  const items: CompareItem[] = []
  const translation = isTranslation(a, b, pairing)
  const L = titles.left
  const R = titles.right
  const sides = (left: string, right: string) => ({ left, right, leftTitle: L, rightTitle: R })
  for (const pair of pairing.pairs) {
    const pa = a.paragraphs[pair.left]
    const pb = b.paragraphs[pair.right]
    const parallel = translation && pair.how !== 'part' && pair.confidence >= PARALLEL
    const push = (kind: ItemKind, severity: Severity, message: Msg, left: Span[], right: Span[]) => {
      const leftSentence = left[0] ? sentenceOf(pa, left[0]) : counterpart(pair.sentences, right[0], 'right', pa, pb)
      const rightSentence = right[0] ? sentenceOf(pb, right[0]) : counterpart(pair.sentences, left[0], 'left', pb, pa)
      items.push({
        kind,
        severity,
        says: message,
        leftBlock: pair.left,
        rightBlock: pair.right,
        left: left.map((s) => side(a.text, s)),
        right: right.map((s) => side(b.text, s)),
        leftSentence,
        rightSentence,
      })
    }

    // Quantities: equal values match whatever the writing; then same unit, different value = changed.
    const qa = [...pa.quantities]
    const qb = [...pb.quantities]
    for (let i = qa.length - 1; i >= 0; i--) {
      const k = qb.findIndex((y) => y.value === qa[i].value)
      if (k >= 0) {
        if (qa[i].unit && qb[k].unit && unitClass(qa[i].unit) !== unitClass(qb[k].unit))
          push(
            'number',
            'medium',
            says('findings.unitDiffers', sides(quantityText(qa[i]), quantityText(qb[k]))),
            [qa[i]],
            [qb[k]],
          )
        qa.splice(i, 1)
        qb.splice(k, 1)
      }
    }
    for (const x of [...qa]) {
      const k = qb.findIndex((y) => unitClass(y.unit) === unitClass(x.unit) && y.year === x.year)
      if (k < 0) continue
      const y = qb[k]
      push('number', 'high', says('findings.numberChanged', sides(quantityText(x), quantityText(y))), [x], [y])
      qa.splice(qa.indexOf(x), 1)
      qb.splice(k, 1)
    }
    if (parallel) {
      for (const x of qa) push('number', 'medium', says('findings.numberOnly', { what: quantityText(x), title: L }), [x], [])
      for (const y of qb) push('number', 'medium', says('findings.numberOnly', { what: quantityText(y), title: R }), [], [y])
    }

    // Dates: agreeing dates match; then a date against a date is a change (month, day, year or weekday).
    const da = pa.dates.filter((x) => !pb.dates.some((y) => sameDate(x, y)))
    const db = pb.dates.filter((y) => !pa.dates.some((x) => sameDate(x, y)))
    // A date is compared with the unmatched date of the same shape (month with month, weekday with weekday).
    const shape = (d: DateFact) => (d.month !== null ? 'm' : 'w')
    for (const x of [...da]) {
      const k = db.findIndex((y) => shape(y) === shape(x))
      if (k < 0) continue
      const y = db.splice(k, 1)[0]
      da.splice(da.indexOf(x), 1)
      const message =
        x.month !== null && y.month !== null && x.month !== y.month
          ? says('findings.dateMonthChanged', { ...sides(dateText(x), dateText(y)), leftMonth: x.month, rightMonth: y.month })
          : says('findings.dateChanged', sides(dateText(x), dateText(y)))
      push('date', 'high', message, [x], [y])
    }
    if (parallel) {
      for (const x of da) push('date', 'medium', says('findings.dateOnly', { what: dateText(x), title: L }), [x], [])
      for (const y of db) push('date', 'medium', says('findings.dateOnly', { what: dateText(y), title: R }), [], [y])
    }

    // Names: a name is present on the other side when the same entity is named there (as a name, or by
    // an identity written in lower case: "norcoreano").
    const present = (n: NameChunk, names: readonly NameChunk[], other: Paragraph) =>
      (n.id !== null && other.ids.has(n.id)) ||
      names.some((o) => sameEntity(n, o) || maybeTranslated(n, o) || reordered(n, o)) ||
      conceptNamedIn(n, other)
    const na = dedupe(pa.names.filter((n) => !present(n, pb.names, pb)))
    const nb = dedupe(pb.names.filter((n) => !present(n, pa.names, pa)))
    const changedB = new Set<NameChunk>()
    // In a translation, the one unmatched name of a sentence against the one unmatched name of its
    // paired sentence is a name changed ("Valparaíso" / "Antofagasta").
    const alone = (n: NameChunk, all: readonly NameChunk[], s: Span) =>
      all.filter((o) => o.start >= s.start && o.end <= s.end).length === 1 && n.start >= s.start && n.end <= s.end
    const swapped = (x: NameChunk, o: NameChunk) =>
      parallel &&
      !isAcronym(x) &&
      !isAcronym(o) &&
      pair.sentences.some((s) => s.confidence >= 0.5 && alone(x, na, s.left) && alone(o, nb, s.right)) &&
      !x.id === !o.id
    for (const x of na) {
      const y = nb.find((o) => !changedB.has(o) && (shareAWord(x, o) || swapped(x, o)))
      if (y) {
        changedB.add(y)
        push('name', 'high', says('findings.nameChanged', sides(x.text, y.text)), [x], [y])
      } else if (parallel && !x.weak && !quotedSpeakerHandled(pa, x))
        push('name', 'medium', says('findings.nameOnly', { what: x.text, title: L }), [x], [])
    }
    if (parallel)
      for (const y of nb)
        if (!changedB.has(y) && !y.weak && !quotedSpeakerHandled(pb, y))
          push('name', 'medium', says('findings.nameOnly', { what: y.text, title: R }), [], [y])

    // Negations: per sentence pair, a negated clause on one side that the other does not negate.
    for (const s of pair.sentences) {
      const inS = <T extends Span>(xs: readonly T[], span: Span): T[] =>
        xs.filter((x) => x.start >= span.start && x.end <= span.end)
      const ga = inS(pa.negations, s.left)
      const gb = inS(pb.negations, s.right)
      if (ga.length === gb.length || s.confidence < 0.3) continue
      const [more, fewer, from] = ga.length > gb.length ? [ga, gb, 'left'] : [gb, ga, 'right']
      const extra = more.slice(fewer.length)
      const words = extra.map((x) => x.text).join('”, “')
      const message = says('findings.negation', { words, title: from === 'left' ? L : R, other: from === 'left' ? R : L })
      const base = { leftSentence: s.left, rightSentence: s.right }
      items.push({
        kind: 'negation',
        severity: 'high',
        says: message,
        leftBlock: pair.left,
        rightBlock: pair.right,
        left: from === 'left' ? extra.map((x) => side(a.text, x)) : [],
        right: from === 'right' ? extra.map((x) => side(b.text, x)) : [],
        ...base,
      })
    }
  }

  // Quotes: paired across the whole articles; cut short or given to another speaker.
  const quotes = pairQuotes(a, b, pairing)
  for (const q of quotes) {
    const pa = a.paragraphs[q.leftBlock]
    const pb = b.paragraphs[q.rightBlock]
    const x = pa.quotes[q.leftQuote]
    const y = pb.quotes[q.rightQuote]
    const base = {
      leftBlock: q.leftBlock,
      rightBlock: q.rightBlock,
      leftSentence: sentenceOf(pa, x),
      rightSentence: sentenceOf(pb, y),
    }
    if (q.speakerChanged && x.speaker && y.speaker)
      items.push({
        ...base,
        kind: 'speaker',
        severity: 'high',
        says: says('findings.speaker', sides(x.speaker.text, y.speaker.text)),
        left: [side(a.text, x.speaker)],
        right: [side(b.text, y.speaker)],
      })
    // Two reports quote more or less of a statement as they choose: a cut is a finding in a translation.
    if (q.cut && translation)
      items.push({
        ...base,
        kind: 'quote',
        severity: 'medium',
        says: says('findings.quoteShorter', { title: q.cut === 'right' ? R : L }),
        left: [side(a.text, x)],
        right: [side(b.text, y)],
      })
  }
  return { items: sortItems(dedupeItems(items)), quotes }
}

/**
 * Whether the two articles are one text in two versions (a translation, a copy): most paragraphs
 * paired, in order. Only then is something on one side only a finding; two reports of one story
 * differ in what they include, and only contradictions are reported between them.
 */
export function isTranslation(a: PreparedArticle, b: PreparedArticle, pairing: Pairing): boolean {
  const n = a.paragraphs.length
  const m = b.paragraphs.length
  const auto = pairing.pairs.filter((p) => p.how !== 'part')
  if (auto.length < 0.7 * Math.max(n, m)) return false
  const byLeft = [...auto].sort((x, y) => x.left - y.left)
  let inOrder = 0
  for (let k = 1; k < byLeft.length; k++) if (byLeft[k].right > byLeft[k - 1].right) inOrder++
  return byLeft.length < 2 || inOrder / (byLeft.length - 1) >= 0.8
}

/** "PIB", "GDP", "HMM": acronyms often change with the language. */
function isAcronym(n: NameChunk): boolean {
  return /^[\p{Lu}.]{2,6}$/u.test(n.text)
}

/** An organisation named by a capitalised cue word of the same meaning ("Unión Portuaria" / "the Port Union"). */
function conceptNamedIn(n: NameChunk, other: Paragraph): boolean {
  const mine = concepts(n)
  if (mine.length === 0) return false
  return other.tokens.some((t) => t.cap && !t.opens && mine.includes(CUE_CONCEPTS.get(t.fold) ?? ''))
}

/** A quote's speaker whose name differs is reported as a speaker change, not a name on one side. */
function quotedSpeakerHandled(p: Paragraph, n: NameChunk): boolean {
  return p.quotes.some((q) => q.speaker === n)
}

function dedupe(names: NameChunk[]): NameChunk[] {
  const out: NameChunk[] = []
  for (const n of names) if (!out.some((o) => sameEntity(o, n))) out.push(n)
  return out
}

const SEVERITY: Record<Severity, number> = { high: 0, medium: 1, low: 2 }

function dedupeItems(items: CompareItem[]): CompareItem[] {
  const seen = new Set<string>()
  return items.filter((i) => {
    const key = `${i.kind}|${i.leftBlock}|${i.rightBlock}|${i.left.map((s) => s.start).join()}|${i.right.map((s) => s.start).join()}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

function sortItems(items: CompareItem[]): CompareItem[] {
  return items.sort(
    (x, y) =>
      SEVERITY[x.severity] - SEVERITY[y.severity] ||
      x.leftSentence.start - y.leftSentence.start ||
      x.rightSentence.start - y.rightSentence.start,
  )
}
