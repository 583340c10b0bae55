/**
 * Words, numbers and sentences of a text with their exact UTF-16 offsets, the base every compare and
 * discovery rule works on. A token knows whether it is capitalised and whether it opens a sentence.
 */
import { foldTerm } from '../suggest/fold'

export interface Token {
  text: string
  /** Folded (lower case, no accents); hyphens and apostrophes kept. */
  fold: string
  start: number
  end: number
  /** A word starting with a capital letter. */
  cap: boolean
  /** Digits (with separators). */
  digits: boolean
  /** A symbol token: % € $ £. */
  symbol: boolean
  /** First word of a sentence (or after an opening quote or a line start). */
  opens: boolean
}

/** Abbreviations of capitals (EE.UU., U.S.), words (hyphens, apostrophes inside), numbers, symbols. */
const TOKEN =
  /(?:\p{Lu}{1,2}\.){2,}|[\p{L}\p{M}][\p{L}\p{M}\p{N}'’\-‐]*[\p{L}\p{M}\p{N}]|[\p{L}\p{M}]|\d(?:[\d.,\u00a0\u202f]*\d)?|[%€$£]/gu

const CAPITAL = /^\p{Lu}/u

interface WordFacts {
  fold: string
  cap: boolean
}

const wordCache = new Map<string, WordFacts>()
/** foldTerm and the capital test with a cache: an article repeats its words (the profile's top cost). */
function factsOf(word: string): WordFacts {
  let f = wordCache.get(word)
  if (f === undefined) {
    if (wordCache.size > 50_000) wordCache.clear()
    f = { fold: foldTerm(word), cap: CAPITAL.test(word) }
    wordCache.set(word, f)
  }
  return f
}

/** What before a token makes it open a sentence: a line break, an opening quote, a colon or dash. */
const OPENING_GAP = /\n|[«“"„:—]\s*$|^\s*[«“"„(¿¡]/

/** Abbreviations whose final period does not end a sentence (folded, without the period). */
const ABBREVIATIONS = new Set(
  'sr sra srta dr dra mr mrs ms st lic ing gral gen col prof etc no nº p pp vs jr sen rep gov'.split(' '),
)

const SYMBOLS = '%€$£'
const PLAIN_NUMBER = /^[\d.,]+$/

export function tokenize(text: string, start = 0, end = text.length): Token[] {
  const out: Token[] = []
  const starts = sentences(text, start, end).map((s) => s.start)
  let next = 0
  let lastEnd = start
  const slice = text.slice(start, end)
  for (const m of slice.matchAll(TOKEN)) {
    const raw = m[0]
    const at = start + m.index!
    let opensSentence = false
    while (next < starts.length && starts[next] <= at) {
      opensSentence = true
      next++
    }
    const first = raw.charCodeAt(0)
    const digits = first >= 48 && first <= 57
    // Numbers are folded as they are written (digits and separators), and not cached: each is new.
    const facts = digits && PLAIN_NUMBER.test(raw) ? { fold: raw, cap: false } : factsOf(raw)
    // Most gaps are one space, which never opens a sentence.
    const plainGap = at - lastEnd === 1 && text.charCodeAt(lastEnd) === 32
    out.push({
      text: raw,
      fold: facts.fold,
      start: at,
      end: at + raw.length,
      cap: facts.cap,
      digits,
      symbol: raw.length === 1 && SYMBOLS.includes(raw),
      opens: out.length === 0 || opensSentence || (!plainGap && OPENING_GAP.test(text.slice(lastEnd, at))),
    })
    lastEnd = at + raw.length
  }
  return out
}

export interface Span {
  start: number
  end: number
}

const LAST_WORD = /([\p{L}]+)$/u
const INITIAL = /^\p{Lu}$/u

/** Sentences of a span: ends at . ! ? … followed by a capital, a quote or a line break; not after an abbreviation or an initial. */
export function sentences(text: string, start = 0, end = text.length): Span[] {
  const out: Span[] = []
  let from = start
  const re = /[.!?…]+[»”"’)]*(?=\s+[«“"„‘(¿¡—–-]*[\p{Lu}\d]|\s*\n|$)|\n+/gu
  re.lastIndex = 0
  const slice = text.slice(start, end)
  for (const m of slice.matchAll(re)) {
    const at = start + m.index!
    if (m[0][0] === '.') {
      const word = LAST_WORD.exec(text.slice(Math.max(start, at - 12), at))?.[1] ?? ''
      if (ABBREVIATIONS.has(factsOf(word).fold) || INITIAL.test(word)) continue
    }
    const stop = at + m[0].length
    const trimmed = trim(text, from, m[0][0] === '\n' ? at : stop)
    if (trimmed) out.push(trimmed)
    from = stop
  }
  const last = trim(text, from, end)
  if (last) out.push(last)
  return out
}

function trim(text: string, start: number, end: number): Span | null {
  while (start < end && /\s/.test(text[start])) start++
  while (end > start && /\s/.test(text[end - 1])) end--
  return end > start ? { start, end } : null
}

/** Similarity of two folded strings, 0 to 1 (1 − edit distance / longer length). */
export function similarity(a: string, b: string): number {
  if (a === b) return 1
  const longer = Math.max(a.length, b.length)
  if (longer === 0) return 1
  if (Math.abs(a.length - b.length) / longer > 0.5) return 0
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    previous = current
  }
  return 1 - previous[b.length] / longer
}
