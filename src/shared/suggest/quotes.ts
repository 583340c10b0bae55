/**
 * Quoted passages found by their quotation marks, in the conventions journalists meet: « » (Spanish,
 * French, with or without inner spaces), “ ” (English), „ “ (German, Polish), ‘ ’ and ‚ ‘ (single),
 * and straight " ". Only outermost quotes are suggested: «… «…» …» and «… “…” …» are one quote.
 *
 * A quote may run over paragraph breaks, as in news style where each new paragraph of a long quote
 * opens with « again and only the last one closes. Unbalanced marks never run away: a quote that does
 * not close within `maxLength` characters or five paragraph breaks is dropped and the scan resumes
 * just after its opening mark.
 */

export interface QuoteSuggestion {
  /** UTF-16 offsets of the quote, quotation marks included. */
  start: number
  end: number
  exact: string
  /** The opening and closing marks, e.g. '«»'. */
  marks: string
  /** Always false for what findQuotes returns: nested quotes are part of their outer quote. */
  nested: boolean
}

export interface FindQuotesOptions {
  /** Fewest characters between the marks (default 3). */
  minLength?: number
  /** Most characters a quote may span (default 3000). */
  maxLength?: number
}

/** For each opening mark, the marks that close it. */
const CLOSERS: Record<string, string> = {
  '«': '»',
  '“': '”',
  '„': '“”',
  '‘': '’',
  '‚': '‘’',
  '"': '"',
  '‹': '›',
}
const MAX_PARAGRAPH_BREAKS = 5

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c)
const isSpace = (c: string | undefined) => c === undefined || /\s/u.test(c)

/** Whether the mark at `i` can open a quote here (not an apostrophe, an inch mark or a stray closer). */
function canOpen(text: string, i: number): boolean {
  const c = text[i]
  const before = text[i - 1]
  const after = text[i + 1]
  if (c === '‘' || c === '‚' || c === '"') {
    // Openers of ambiguous marks follow a space or an opening bracket/mark and precede a non-space.
    if (isWordChar(before) || /\d/.test(before ?? '')) return false
    return !isSpace(after)
  }
  return c in CLOSERS
}

/** Whether the mark at `i` closes a quote opened with `open` (and is not an apostrophe in a word). */
function canClose(text: string, i: number, open: string): boolean {
  const c = text[i]
  if (!CLOSERS[open].includes(c)) return false
  if (c === '’' && isWordChar(text[i - 1]) && isWordChar(text[i + 1])) return false // l’État, don’t
  if (c === '"' && isSpace(text[i - 1])) return false
  if (c === '‘' && open === '‚' && isWordChar(text[i + 1])) return false
  return true
}

/** The quoted passages of `text`, outermost only, in text order. */
export function findQuotes(text: string, options: FindQuotesOptions = {}): QuoteSuggestion[] {
  const minLength = options.minLength ?? 3
  const maxLength = options.maxLength ?? 3000
  const out: QuoteSuggestion[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (!(c in CLOSERS) || !canOpen(text, i)) {
      i++
      continue
    }
    const end = scanQuote(text, i, maxLength)
    if (end < 0) {
      i++ // unbalanced: resume after the opening mark
      continue
    }
    if (end - i - 2 >= minLength && text.slice(i + 1, end - 1).trim().length >= minLength) {
      out.push({ start: i, end, exact: text.slice(i, end), marks: c + text[end - 1], nested: false })
    }
    i = end
  }
  return out
}

/** From an opening mark at `start`, the offset just past its closing mark, or -1. */
function scanQuote(text: string, start: number, maxLength: number): number {
  const stack = [text[start]]
  let breaks = 0
  const limit = Math.min(text.length, start + maxLength)
  for (let i = start + 1; i < limit; i++) {
    const c = text[i]
    if (c === '\n' && text[i + 1] === '\n') {
      if (++breaks > MAX_PARAGRAPH_BREAKS) return -1
      // News style: a quote continued in a new paragraph reopens with the same mark; skip it.
      let j = i + 2
      while (j < limit && /[ \t\n]/.test(text[j])) j++
      if (text[j] === stack[0] && stack.length === 1) i = j
      continue
    }
    const top = stack[stack.length - 1]
    if (canClose(text, i, top)) {
      stack.pop()
      if (stack.length === 0) return i + 1
      continue
    }
    if (c in CLOSERS && canOpen(text, i)) stack.push(c)
  }
  return -1
}

/**
 * Drops suggestions already tagged as quotes: a tagged quote covering the same span, or the span
 * without its marks, with at least 90 % overlap either way.
 */
export function withoutTagged<T extends { start: number; end: number }>(suggestions: T[], tagged: readonly { start: number; end: number; kind?: string }[]): T[] {
  const quotes = tagged.filter((t) => t.kind === undefined || t.kind === 'quote')
  return suggestions.filter((s) => {
    const length = s.end - s.start
    return !quotes.some((t) => {
      const overlap = Math.min(s.end, t.end) - Math.max(s.start, t.start)
      return overlap > 0 && overlap >= 0.9 * Math.min(length, t.end - t.start) && overlap >= 0.9 * (t.end - t.start) - 2
    })
  })
}
