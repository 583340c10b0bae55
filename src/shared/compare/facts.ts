/**
 * The facts of a paragraph that survive translation, each with its exact offsets: quantities (digits
 * or number words, scale words and units: "4,2 millones de dólares" = "$4.2 million"), dates (month and
 * weekday names from CLDR, day and year), and negated clauses with the negating words.
 */
import { AMBIGUOUS_MONTHS, MONTHS, WEEKDAYS } from '../lexicon/calendar'
import { NEGATIONS, NOT_NEGATING_AFTER, NUMBER_WORDS, SCALES, UNITS, type Lang } from '../lexicon/words'
import type { Span, Token } from './tokens'

export interface Quantity extends Span {
  value: number
  unit: string | null
  /** A bare four-digit number between 1800 and 2100. */
  year: boolean
  text: string
}

export interface DateFact extends Span {
  month: number | null
  day: number | null
  year: number | null
  weekday: number | null
  text: string
}

export interface Negation extends Span {
  text: string
}

/** A number written with digits, as a value: "1.200"/"1,200" thousands, "4,2"/"4.2" decimals. */
export function digitValue(raw: string): number {
  const t = raw.replace(/[\s\u00a0\u202f]/g, '')
  if (/^\d{1,3}([.,]\d{3})+$/.test(t)) return Number(t.replace(/[.,]/g, ''))
  if (/^\d{1,3}(\.\d{3})+,\d+$/.test(t)) return Number(t.replace(/\./g, '').replace(',', '.'))
  if (/^\d{1,3}(,\d{3})+\.\d+$/.test(t)) return Number(t.replace(/,/g, ''))
  return Number(t.replace(',', '.'))
}

function unitAt(tokens: readonly Token[], i: number): { unit: string; next: number } | null {
  const one = tokens[i]
  if (!one) return null
  const two = tokens[i + 1]
  if (two && UNITS[`${one.fold} ${two.fold}`] && two.start - one.end <= 1)
    return { unit: UNITS[`${one.fold} ${two.fold}`], next: i + 2 }
  if (UNITS[one.fold] && (one.symbol || one.fold.length > 1)) return { unit: UNITS[one.fold], next: i + 1 }
  return null
}

/** Quantities and dates of a token run (a paragraph). Tokens used by a date are not quantities. */
export function quantitiesAndDates(
  text: string,
  tokens: readonly Token[],
  lang: Lang,
): { quantities: Quantity[]; dates: DateFact[] } {
  const used = new Uint8Array(tokens.length)
  const dates: DateFact[] = []
  const dayAt = (k: number) => {
    const t = tokens[k]
    if (!t || !t.digits || !/^\d{1,2}$/.test(t.text)) return null
    const v = Number(t.text)
    return v >= 1 && v <= 31 ? v : null
  }
  const yearAt = (k: number) => {
    const t = tokens[k]
    // Right after a month any three or four digits are its year ("April 1200" is a wrong year, not a count).
    return t && t.digits && /^\d{3,4}$/.test(t.text) ? Number(t.text) : null
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    const month = MONTHS.get(t.fold)
    if (month !== undefined && !(AMBIGUOUS_MONTHS.has(t.fold) && !t.cap)) {
      let first = i
      let last = i
      let day: number | null = null
      let year: number | null = null
      // "15 de agosto", "15 August"
      if (tokens[i - 1]?.fold === 'de' && dayAt(i - 2) !== null) {
        day = dayAt(i - 2)
        first = i - 2
      } else if (dayAt(i - 1) !== null) {
        day = dayAt(i - 1)
        first = i - 1
      } else if (dayAt(i + 1) !== null && !yearAt(i + 1)) {
        day = dayAt(i + 1)
        last = i + 1
      }
      // "de 2019", "2019", ", 2019"
      if (tokens[last + 1]?.fold === 'de' && yearAt(last + 2) !== null) {
        year = yearAt(last + 2)
        last += 2
      } else if (yearAt(last + 1) !== null) {
        year = yearAt(last + 1)
        last += 1
      }
      for (let k = first; k <= last; k++) used[k] = 1
      // A weekday just before: "el lunes 15 de agosto", "Monday, August 15"
      let weekday: number | null = null
      const before = tokens[first - 1]
      if (before && WEEKDAYS.has(before.fold)) {
        weekday = WEEKDAYS.get(before.fold)!
        used[first - 1] = 1
        first -= 1
      }
      dates.push({
        month,
        day,
        year,
        weekday,
        start: tokens[first].start,
        end: tokens[last].end,
        text: text.slice(tokens[first].start, tokens[last].end),
      })
    }
  }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    if (used[i] || !WEEKDAYS.has(t.fold)) continue
    used[i] = 1
    dates.push({ month: null, day: null, year: null, weekday: WEEKDAYS.get(t.fold)!, start: t.start, end: t.end, text: t.text })
  }

  const quantities: Quantity[] = []
  const words = NUMBER_WORDS[lang]
  for (let i = 0; i < tokens.length; i++) {
    if (used[i]) continue
    const t = tokens[i]
    let value: number | null = null
    let first = i
    let unit: string | null = null
    if (t.digits) value = digitValue(t.text)
    else if (words[t.fold] !== undefined && !t.cap) value = words[t.fold]
    else if (['un', 'una', 'a', 'one'].includes(t.fold) && SCALES[tokens[i + 1]?.fold ?? ''] && tokens[i + 1].fold !== 'mil')
      value = 1
    if (value === null || Number.isNaN(value)) continue
    // A currency symbol before: "$4.2 million", "€30"
    const prev = tokens[i - 1]
    if (prev && prev.symbol && prev.fold !== '%' && t.start - prev.end <= 1) {
      unit = UNITS[prev.fold]
      first = i - 1
    }
    let j = i + 1
    const yearLike = t.digits && /^(1[89]|20)\d\d$/.test(t.text)
    // scale: "millones", "mil millones", "million"
    if (tokens[j] && tokens[j + 1] && SCALES[`${tokens[j].fold} ${tokens[j + 1].fold}`]) {
      value *= SCALES[`${tokens[j].fold} ${tokens[j + 1].fold}`]
      j += 2
    } else if (tokens[j] && SCALES[tokens[j].fold] && !yearLike) {
      value *= SCALES[tokens[j].fold]
      j += 1
    }
    // unit, possibly after "de": "millones de dólares", "38 %", "12 kilómetros"
    const u = unitAt(tokens, j) ?? (tokens[j]?.fold === 'de' || tokens[j]?.fold === 'of' ? unitAt(tokens, j + 1) : null)
    if (u) {
      unit ??= u.unit
      j = u.next
    }
    value = Math.round(value * 1e6) / 1e6
    const last = j - 1
    for (let k = first; k <= last; k++) used[k] = 1
    i = last
    quantities.push({
      value,
      unit,
      year: yearLike && !unit,
      start: tokens[first].start,
      end: tokens[last].end,
      text: text.slice(tokens[first].start, tokens[last].end),
    })
  }
  return { quantities, dates }
}

/** Clause boundaries inside a sentence: punctuation and the conjunctions that start a new clause. */
const CLAUSE_WORDS = new Set(['pero', 'but', 'aunque', 'although', 'mientras', 'while', 'whereas', 'sino'])

/**
 * The negated clauses of a sentence, each given by its first negating word (Spanish "no … nada" is
 * one negation; "no solo", "not only", "sin embargo" are none).
 */
export function negations(text: string, tokens: readonly Token[]): Negation[] {
  const out: Negation[] = []
  let clauseNegated = false
  let lastEnd = tokens[0]?.start ?? 0
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    const gap = text.slice(lastEnd, t.start)
    if (/[,;:()—–]/.test(gap) || CLAUSE_WORDS.has(t.fold) || t.opens) clauseNegated = false
    lastEnd = t.end
    const negating = NEGATIONS.has(t.fold) || /n['’]t$/.test(t.fold)
    if (!negating) continue
    const after = tokens[i + 1]?.fold ?? ''
    if (NOT_NEGATING_AFTER[t.fold]?.includes(after)) continue
    // English "no" as an answer or in "No." (number) is rare in news; Spanish "no" always negates.
    if (!clauseNegated) out.push({ start: t.start, end: t.end, text: t.text })
    clauseNegated = true
  }
  return out
}
