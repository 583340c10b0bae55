/**
 * Quoted passages found by their quotation marks, in the conventions journalists meet: « » (Spanish,
 * French, with or without inner spaces), » « (Danish, German), “ ” (English), „ “ and „ ” (German,
 * Polish), ‘ ’ and ‚ ‘ (single), ” ” (Swedish), 「 」 『 』 (CJK) and straight " " paired by context.
 *
 * One pass with a stack of open marks. What makes it safe on real text:
 * - apostrophes (l’État, don’t, Kim’s, ’90s) and inch marks (a 12" pipe) neither open nor close;
 * - a quote may cross a paragraph break in two ways: news style, where every new paragraph of a long
 *   quote opens with the mark again and only the last one closes, or a plain pair across one break;
 * - «A «B» … with a single closing mark for both (writers merge »») is one quote when the outer mark
 *   introduces speech; otherwise the outer « is a stray and only «B» is found;
 * - a mark that never closes is dropped after `maxLength` characters or at the paragraph break that
 *   ends its chance, and whatever closed inside it is still found: nothing runs away.
 */
import { classifyMark, canReopen, introducesSpeech, OPEN, QUOTE_MARK_CHARS, SKIP, type OpenMark } from './quote-marks'

/** A quoted passage suggested for tagging. */
export interface QuoteSuggestion {
  /** UTF-16 offset of the opening mark. */
  start: number
  /** UTF-16 offset just past the closing mark: the span includes both marks. */
  end: number
  /** text.slice(start, end). */
  exact: string
  /** The opening and closing marks, e.g. '«»' or '„“'. */
  marks: string
  /** True for a quote inside another one; only returned with `includeNested`. */
  nested: boolean
}

/** Options of {@link findQuotes}. */
export interface FindQuotesOptions {
  /** Fewest characters between the marks, surrounding spaces not counted (default 3). */
  minLength?: number
  /** Most characters between the marks (default 3000). */
  maxLength?: number
  /** Also return the quotes inside other quotes, flagged nested: true (default false). */
  includeNested?: boolean
}

/** A stack entry while its quote is open. */
interface Open extends OpenMark {
  /** Paragraph breaks crossed without the mark reopening the next paragraph. */
  plainBreaks: number
  /** Paragraph breaks crossed with the mark reopening the next paragraph (news style). */
  reopened: number
  /** End of the last quote with the same mark closed directly inside this one, or -1. */
  sameChildEnd: number
}

interface Pair {
  start: number
  end: number
  marks: string
}

/** A pair across one paragraph break, "like this\n\nand this", is fine; further is a stray. */
const MAX_PLAIN_BREAKS = 1
/** Quotes nest two or three deep; past this, the text is not quoting, and the stack stays small. */
const MAX_DEPTH = 8

/** Quotation marks, and paragraph breaks (a blank line) with the whitespace that follows them. */
const SCAN = new RegExp(`[${QUOTE_MARK_CHARS}]|\\n[^\\S\\n]*\\n\\s*`, 'gu')

/** The quoted passages of `text`, outermost only unless `includeNested`, sorted by start. */
export function findQuotes(text: string, options: FindQuotesOptions = {}): QuoteSuggestion[] {
  const minLength = options.minLength ?? 3
  const maxLength = options.maxLength ?? 3000
  const pairs = scanPairs(text, maxLength).filter((p) => contentLength(text, p, minLength) >= minLength)
  pairs.sort((a, b) => a.start - b.start || b.end - a.end)
  const out: QuoteSuggestion[] = []
  let outerEnd = -1
  for (const p of pairs) {
    // The stack only ever closes quotes inside or after earlier ones, so pairs nest or are disjoint.
    const nested = p.start < outerEnd
    if (!nested) outerEnd = p.end
    if (nested && !options.includeNested) continue
    out.push({ start: p.start, end: p.end, exact: text.slice(p.start, p.end), marks: p.marks, nested })
  }
  return out
}

/** Code points between the marks, surrounding spaces not counted; counting stops at `enough`. */
function contentLength(text: string, p: Pair, enough: number): number {
  let from = p.start + 1
  let to = p.end - 1
  while (from < to && /\s/u.test(text[from])) from++
  while (to > from && /\s/u.test(text[to - 1])) to--
  let n = 0
  for (let k = from; k < to && n < enough; k++) {
    const unit = text.charCodeAt(k)
    if (unit < 0xdc00 || unit > 0xdfff) n++ // a low surrogate is the second half of one code point
  }
  return n
}

/** Every matched pair of marks, nested ones included, in no particular order. */
function scanPairs(text: string, maxLength: number): Pair[] {
  const pairs: Pair[] = []
  let stack: Open[] = []
  const giveUp = (entry: Open, parent: Open | undefined) => giveUpQuote(text, pairs, entry, parent)

  SCAN.lastIndex = 0
  for (let m = SCAN.exec(text); m; m = SCAN.exec(text)) {
    const i = m.index
    // Marks open too long are given up first, so no pair is longer than maxLength.
    while (stack.length > 0 && i - stack[0].start - 1 > maxLength) giveUp(stack.shift()!, undefined)
    if (m[0].length > 1) {
      const next = i + m[0].length
      if (next >= text.length) break
      const crossed = crossBreak(text, next, stack, giveUp)
      stack = crossed.stack
      // A reopening mark belongs to the quote it continues: do not scan it again as an opener.
      if (crossed.reopened) SCAN.lastIndex = next + 1
      continue
    }
    const action = classifyMark(text, i, stack)
    if (action === SKIP) continue
    if (action === OPEN) {
      stack.push({ start: i, mark: m[0], plainBreaks: 0, reopened: 0, sameChildEnd: -1 })
      if (stack.length > MAX_DEPTH) stack.shift()
      continue
    }
    const open = stack[action]
    pairs.push({ start: open.start, end: i + 1, marks: open.mark + m[0] })
    stack.length = action // anything opened inside it and still open is a stray
    const parent = stack[action - 1]
    if (parent && parent.mark === open.mark) parent.sameChildEnd = i + 1
  }
  for (let k = stack.length - 1; k >= 0; k--) giveUp(stack[k], stack[k - 1])
  return pairs
}

/**
 * An open quote that cannot go on. If a quote with the same mark closed inside it and it introduces
 * speech, the writer merged the two closing marks (»» written »): it ends where the inner one does.
 * Otherwise it was a stray mark and gives nothing.
 */
function giveUpQuote(text: string, pairs: Pair[], entry: Open, parent: Open | undefined): void {
  if (entry.sameChildEnd < 0 || !introducesSpeech(text, entry.start)) return
  pairs.push({ start: entry.start, end: entry.sameChildEnd, marks: entry.mark + text[entry.sameChildEnd - 1] })
  if (parent && parent.mark === entry.mark) parent.sameChildEnd = entry.sameChildEnd
}

/**
 * Carries open quotes over a paragraph break whose next paragraph starts at `next`. A quote goes on
 * if the paragraph reopens it (news style, and it has reopened every paragraph so far) or if this is
 * its first plain break and nothing closed inside it; anything else is given up.
 */
function crossBreak(
  text: string,
  next: number,
  stack: Open[],
  giveUp: (entry: Open, parent: Open | undefined) => void,
): { stack: Open[]; reopened: boolean } {
  const first = text[next]
  // The outermost quote with this mark is the one a news-style paragraph continues.
  // A stray « before a complete «quote» is not continued, even by a paragraph starting with «.
  const continues = (e: Open) =>
    e.mark === first && e.plainBreaks === 0 && (e.sameChildEnd < 0 || introducesSpeech(text, e.start))
  const reopen = canReopen(text, next) ? stack.findIndex(continues) : -1
  const kept: Open[] = []
  // Innermost first: giving up an inner quote can end its parent at the same place.
  for (let k = stack.length - 1; k >= 0; k--) {
    const e = stack[k]
    if (k <= reopen) {
      e.reopened++
      e.sameChildEnd = -1 // it goes on, so no inner quote ended it
      kept.push(e)
    } else if (e.sameChildEnd < 0 && e.reopened === 0 && e.plainBreaks < MAX_PLAIN_BREAKS) {
      e.plainBreaks++
      kept.push(e)
    } else {
      giveUp(e, stack[k - 1])
    }
  }
  return { stack: kept.reverse(), reopened: reopen >= 0 }
}

/**
 * Drops the suggestions that an existing quote annotation already covers: one that covers at least
 * 90 % of the suggested span, or of its content without the marks (and surrounding spaces, when the
 * suggestion carries its `exact` text). Annotations of other kinds do not count.
 */
export function withoutTagged<T extends { start: number; end: number }>(
  suggestions: T[],
  tagged: readonly { start: number; end: number; kind?: string }[],
): T[] {
  const quotes = tagged.filter((t) => (t.kind === undefined || t.kind === 'quote') && t.end > t.start)
  if (quotes.length === 0) return suggestions.slice()
  return suggestions.filter((s) => {
    const inner = innerSpan(s)
    return !quotes.some((t) => covers(t, s) || covers(t, inner))
  })
}

/** The suggestion without its marks and the spaces inside them («  like this  » → like this). */
function innerSpan(s: { start: number; end: number; exact?: unknown }): { start: number; end: number } {
  if (s.end - s.start <= 2) return s
  let start = s.start + 1
  let end = s.end - 1
  if (typeof s.exact === 'string' && s.exact.length === s.end - s.start) {
    while (start < end && /\s/u.test(s.exact[start - s.start])) start++
    while (end > start && /\s/u.test(s.exact[end - 1 - s.start])) end--
  }
  return { start, end }
}

/** Whether `t` covers at least 90 % of `span`. */
function covers(t: { start: number; end: number }, span: { start: number; end: number }): boolean {
  const overlap = Math.min(t.end, span.end) - Math.max(t.start, span.start)
  return overlap > 0 && overlap >= 0.9 * (span.end - span.start)
}
