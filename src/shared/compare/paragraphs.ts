/**
 * One article prepared for comparing: its tokens, and per paragraph the facts, names and quotes that
 * survive translation, with the sentences they sit in. Built once per article, in O(length).
 */
import { guessLanguage, type Lang } from '../lexicon/words'
import { findQuotes } from '../suggest/quotes'
import { negations, quantitiesAndDates, type DateFact, type Negation, type Quantity } from './facts'
import { capitalisedMidSentence, lowercaseWords, nameChunks, type NameChunk, type NameIndex } from './names'
import { sentences, tokenize, type Span, type Token } from './tokens'

export interface QuoteFact extends Span {
  text: string
  /** The speaker named in the quote's sentence (or the next one when the quote stands alone). */
  speaker: NameChunk | null
  /** Letters inside the marks (for comparing lengths). */
  letters: number
}

export interface Paragraph extends Span {
  index: number
  tokens: Token[]
  sentences: Span[]
  quantities: Quantity[]
  dates: DateFact[]
  names: NameChunk[]
  /** Identities named anywhere in the paragraph, lower case included, with where. */
  ids: Map<string, Span>
  negations: Negation[]
  quotes: QuoteFact[]
}

export interface PreparedArticle {
  text: string
  lang: Lang
  paragraphs: Paragraph[]
}

const SPEECH_VERBS = new Set(
  (
    'dijo afirmo anadio aseguro declaro senalo indico explico subrayo agrego advirtio sostuvo manifesto expreso ' +
    'said says told added stated noted warned claimed declared explained insisted wrote according segun'
  ).split(' '),
)

function speakerOf(p: Omit<Paragraph, 'quotes'>, quote: Span, text: string): NameChunk | null {
  const sentence = p.sentences.find((s) => s.start <= quote.start && quote.start < s.end)
  let candidates = p.names.filter(
    (n) => sentence && n.start >= sentence.start && n.end <= sentence.end && (n.end <= quote.start || n.start >= quote.end),
  )
  if (candidates.length === 0 && sentence) {
    // The quote is its own sentence: the speaker is in the next one ("…», afirmó Kim.") or the previous one.
    const next = p.sentences.find((s) => s.start >= sentence.end)
    if (next) candidates = p.names.filter((n) => n.start >= next.start && n.end <= next.end)
  }
  if (candidates.length === 0 && sentence) {
    // "«…», dijo." names nobody: the speaker is the subject of the sentence before.
    const previous = [...p.sentences].reverse().find((s) => s.end <= sentence.start)
    const subject =
      previous && p.names.find((n) => n.start >= previous.start && n.end <= previous.end && !n.id?.startsWith('region:'))
    if (subject) return subject
  }
  const people = candidates.filter((n) => !n.id?.startsWith('region:') && !n.id?.startsWith('language:'))
  if (people.length === 0) return null
  // Prefer the name next to a speech verb, then the nearest to the quote.
  const verbNear = (n: NameChunk) => {
    const around = text.slice(Math.max(0, n.start - 25), n.end + 25)
    return [...around.matchAll(/[\p{L}]+/gu)].some((w) =>
      SPEECH_VERBS.has(w[0].normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()),
    )
  }
  const distance = (n: NameChunk) => (n.end <= quote.start ? quote.start - n.end : n.start - quote.end)
  return [...people].sort((a, b) => Number(verbNear(b)) - Number(verbNear(a)) || distance(a) - distance(b))[0]
}

/** Prepares an article's paragraphs (`blocks`) for comparison. */
export function prepareArticle(
  text: string,
  blocks: readonly Span[],
  names: NameIndex,
  lang: Lang = guessLanguage(text),
): PreparedArticle {
  const all = tokenize(text)
  const lower = lowercaseWords(all)
  const capitalised = capitalisedMidSentence(all)
  const quotes = findQuotes(text)
  let t = 0
  let q = 0
  const paragraphs = blocks.map((b, index): Paragraph => {
    while (t < all.length && all[t].start < b.start) t++
    const from = t
    while (t < all.length && all[t].end <= b.end) t++
    const tokens = all.slice(from, t)
    const { quantities, dates } = quantitiesAndDates(text, tokens, lang)
    const chunks = nameChunks(text, tokens, lower, names, capitalised)
    const base = {
      index,
      start: b.start,
      end: b.end,
      tokens,
      sentences: sentences(text, b.start, b.end),
      quantities,
      dates,
      names: chunks,
      ids: names.idsIn(tokens),
      negations: negations(text, tokens),
    }
    while (q < quotes.length && quotes[q].start < b.start) q++
    const mine: QuoteFact[] = []
    for (let k = q; k < quotes.length && quotes[k].start < b.end; k++) {
      const qt = quotes[k]
      const letters = qt.exact.replace(/[^\p{L}\p{N}]/gu, '').length
      if (letters < 2) continue
      mine.push({ start: qt.start, end: Math.min(qt.end, b.end), text: qt.exact, letters, speaker: null })
    }
    const paragraph: Paragraph = { ...base, quotes: mine }
    for (const quote of mine) quote.speaker = speakerOf(paragraph, quote, text)
    return paragraph
  })
  return { text, lang, paragraphs }
}
