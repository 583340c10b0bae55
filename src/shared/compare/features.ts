/**
 * What survives translation: numbers (normalised: "1.200", "1,200" and "1200" are one number; "abril
 * de 2019" and "April 2019" share 2019), proper names (capitalised words not opening a sentence,
 * folded for accents), quotation marks, and negations. Alignment and discrepancy detection compare
 * paragraphs by these features, so they work across languages without translating anything.
 */
import { foldTerm } from '../suggest/mentions'
import { similarity } from './tokens'

export interface Located {
  /** Normalised value used for comparison. */
  key: string
  start: number
  end: number
  text: string
}

export interface BlockFeatures {
  numbers: Located[]
  names: Located[]
  quotes: Located[]
  negations: number
}

/** Sentence-opening words and function words that are capitalised without being names. */
const NOT_NAMES = new Set(
  (
    'el la los las un una unos unas y o de del en con por para que se su sus al lo es fue según the a an and or of in on at to for by with from as is was were said says this that these those it its he she they we i but if when while after before ' +
    'mr mrs ms dr sr sra don doña'
  ).split(' '),
)

/** Months and weekdays are capitalised in English but not in Spanish; dates are compared as numbers. */
const CALENDAR_WORDS = new Set(
  (
    'january february march april may june july august september october november december monday tuesday wednesday thursday friday saturday sunday ' +
    'enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre lunes martes miércoles miercoles jueves viernes sábado sabado domingo'
  ).split(' '),
)

const NEGATIONS = new Set([
  'no',
  'nunca',
  'jamás',
  'jamas',
  'ni',
  'tampoco',
  'sin',
  'not',
  'never',
  'no',
  'nor',
  'without',
  'nobody',
  'nothing',
  'ningún',
  'ninguna',
  'ninguno',
  'nadie',
  'nada',
])

/** A number as a comparable key: thousands separators dropped, decimal comma or point kept as ".". */
export function numberKey(raw: string): string {
  const t = raw.replace(/\s/g, '')
  // 1.200 / 1,200 / 1 200 (thousands) versus 3,5 / 3.5 (decimals): a group of exactly three digits after
  // the separator is a thousands group.
  if (/^\d{1,3}([.,]\d{3})+$/.test(t)) return String(Number(t.replace(/[.,]/g, '')))
  return String(Number(t.replace(',', '.')))
}

export function extractFeatures(text: string, start: number, end: number): BlockFeatures {
  const slice = text.slice(start, end)
  const numbers: Located[] = []
  for (const m of slice.matchAll(/\d{1,3}(?:[.,\u00a0 ]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?/g)) {
    numbers.push({
      key: numberKey(m[0].replace(/\u00a0/g, '')),
      start: start + m.index!,
      end: start + m.index! + m[0].length,
      text: m[0],
    })
  }
  const names: Located[] = []
  for (const m of slice.matchAll(/[\p{Lu}][\p{L}\p{M}'’-]*(?:\s+(?:de\s+|del\s+|la\s+|von\s+)?[\p{Lu}][\p{L}\p{M}'’-]*)*/gu)) {
    const at = m.index!
    const before = slice.slice(Math.max(0, at - 3), at)
    const opensSentence = at === 0 || /[.!?:«“"„]\s*$/.test(before) || /^\s*$/.test(slice.slice(0, at))
    const words = m[0].split(/\s+/)
    // A sentence-opening capital counts only when more capitalised words follow ("Vladímir Putin said").
    if (opensSentence && words.length < 2) continue
    const kept = words.filter((w) => !NOT_NAMES.has(foldTerm(w)) && !CALENDAR_WORDS.has(foldTerm(w)))
    if (kept.length === 0) continue
    names.push({ key: foldTerm(kept.join(' ')), start: start + at, end: start + at + m[0].length, text: m[0] })
  }
  const quotes: Located[] = []
  for (const m of slice.matchAll(/[«“„"][^«»“”„"]{2,}[»”“"]/g))
    quotes.push({ key: foldTerm(m[0].slice(1, -1)), start: start + m.index!, end: start + m.index! + m[0].length, text: m[0] })
  let negations = 0
  for (const w of foldTerm(slice).split(/[^\p{L}']+/u)) if (NEGATIONS.has(w) || w.endsWith("n't")) negations++
  return { numbers, names, quotes, negations }
}

export { similarity }

/** Names are spelled differently across languages (Pionyang, Pyongyang): this close counts as the same. */
export const NAME_SIMILARITY = 0.7

/**
 * Whether a name (folded, spaces removed) appears in the other text, as a word or two adjacent words,
 * spelled alike: "north korean" matches "norcoreano", "russky" matches "russki".
 */
export function nameAppearsIn(name: string, otherWords: readonly string[]): boolean {
  const target = name.replace(/\s+/g, '')
  if (target.length < 3) return true // too short to judge
  for (let i = 0; i < otherWords.length; i++) {
    if (similarity(target, otherWords[i]) >= NAME_SIMILARITY) return true
    if (i + 1 < otherWords.length && similarity(target, otherWords[i] + otherWords[i + 1]) >= NAME_SIMILARITY) return true
  }
  return false
}

/** The folded words of a text span, for nameAppearsIn. */
export function foldedWords(text: string): string[] {
  return foldTerm(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1)
}
