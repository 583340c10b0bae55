/**
 * What one quotation mark does where it stands: open a quote, close one that is open, or nothing
 * (an apostrophe, an inch mark, a stray). Used by the quote scanner in quotes.ts.
 *
 * Directional marks (« » ‹ › „ 「 」 『 』) are trusted wherever they are, since only their pairing is
 * in doubt. Marks that double as something else are judged by their neighbours, in the spirit of
 * CommonMark's flanking rules: a mark opens when it leans on the text after it, closes when it leans
 * on the text before it.
 */

/** An open quote on the scanner's stack: where its mark is and which mark it is. */
export interface OpenMark {
  start: number
  mark: string
}

/** Every quotation mark the scanner stops at (it also stops at paragraph breaks). No regex specials. */
export const QUOTE_MARK_CHARS = '«»‹›“”„‘’‚"「」『』'

/** {@link classifyMark}'s answer for a mark that opens a quote here. */
export const OPEN = -1
/** {@link classifyMark}'s answer for a mark that neither opens nor closes (apostrophe, inch, stray). */
export const SKIP = -2

const SPACE = /\s/u
const WORD = /[\p{L}\p{N}]/u
const DIGIT = /\p{N}/u

/** The code point that ends just before `i` ('' at the start): text[i - 1] alone may be half an emoji. */
function before(text: string, i: number): string {
  if (i <= 0) return ''
  const unit = text.charCodeAt(i - 1)
  if (unit >= 0xdc00 && unit <= 0xdfff && i >= 2) return text.slice(i - 2, i)
  return text[i - 1]
}

/** The code point that starts just after the mark at `i` ('' at the end). */
function after(text: string, i: number): string {
  if (i + 1 >= text.length) return ''
  const cp = text.codePointAt(i + 1)!
  return String.fromCodePoint(cp)
}

const isSpace = (c: string) => c === '' || SPACE.test(c)
const isWord = (c: string) => c !== '' && WORD.test(c)

/** Leans on the text after it: something follows, and it does not sit inside a word. */
function leftFlanking(prev: string, next: string): boolean {
  return !isSpace(next) && !isWord(prev)
}

/** Leans on the text before it: something precedes, and no word continues after it. */
function rightFlanking(prev: string, next: string): boolean {
  return !isSpace(prev) && !isWord(next)
}

/** ’90s, ‘19: a single mark before exactly two digits elides a century, it quotes nothing. */
function isElision(text: string, i: number): boolean {
  return /^\d\d(?!\d)/u.test(text.slice(i + 1, i + 4))
}

/** The index of the innermost open quote whose mark is one of `marks`, or -1. */
function findOpen(stack: readonly OpenMark[], marks: string): number {
  for (let j = stack.length - 1; j >= 0; j--) if (marks.includes(stack[j].mark)) return j
  return -1
}

/**
 * A straight " after a digit is usually an inch mark (a 12" pipe). It closes an open quote only when
 * punctuation follows it, or when nothing later on the same line could close the quote instead.
 */
function straightAfterDigit(text: string, i: number, next: string): boolean {
  if (!isSpace(next)) return true // 12", or 12". : punctuation, so a closing mark
  const lineEnd = text.indexOf('\n', i + 1)
  const limit = lineEnd < 0 ? text.length : lineEnd
  for (let k = text.indexOf('"', i + 1); k >= 0 && k < limit; k = text.indexOf('"', k + 1)) {
    if (rightFlanking(before(text, k), after(text, k))) return false // a later mark closes: this is an inch mark
  }
  return true
}

/**
 * What the quotation mark at `i` does, given the quotes open before it: {@link OPEN}, {@link SKIP},
 * or the index in `stack` of the quote it closes (quotes opened after that one are left unclosed).
 */
export function classifyMark(text: string, i: number, stack: readonly OpenMark[]): number {
  const c = text[i]
  const prev = before(text, i)
  const next = after(text, i)
  switch (c) {
    case '«':
    case '‹': {
      // Danish and German quote »like this«: then « closes, and only when it leans on a word.
      const reversed = c === '«' ? '»' : '›'
      const j = isSpace(prev) ? -1 : findOpen(stack, reversed)
      return j >= 0 ? j : OPEN
    }
    case '»':
    case '›': {
      const j = findOpen(stack, c === '»' ? '«' : '‹')
      if (j >= 0) return j
      // No « open: a » that starts a word after a space opens the reversed convention.
      return isSpace(prev) && (isWord(next) || QUOTE_MARK_CHARS.includes(next) || '¿¡'.includes(next)) && next !== ''
        ? OPEN
        : SKIP
    }
    case '„':
    case '「':
    case '『':
      return OPEN
    case '」':
    case '』': {
      const j = findOpen(stack, c === '」' ? '「' : '『')
      return j >= 0 ? j : SKIP
    }
    case '“': {
      // German and Polish open with „ and close with “; sloppy English closes “… with “ as well.
      if (!isSpace(prev)) {
        const german = findOpen(stack, '„')
        if (german >= 0) return german
        if (rightFlanking(prev, next)) {
          const english = findOpen(stack, '“')
          if (english >= 0) return english
        }
      }
      return OPEN
    }
    case '”': {
      const j = findOpen(stack, '“„”')
      if (j >= 0) return j
      // Swedish and Finnish quote ”like this”: an unmatched ” opens if it starts a word.
      return isSpace(prev) && leftFlanking(prev, next) ? OPEN : SKIP
    }
    case '‚':
      return leftFlanking(prev, next) ? OPEN : SKIP
    case '‘': {
      // German ‚…‘ closes with ‘; otherwise ‘ opens (English), unless it elides (‘90s).
      if (!isSpace(prev) && !(isWord(prev) && isWord(next))) {
        const german = findOpen(stack, '‚')
        if (german >= 0) return german
      }
      return leftFlanking(prev, next) && !isElision(text, i) ? OPEN : SKIP
    }
    case '’': {
      // The apostrophe: l’État, don’t, Kim’s (inside a word) and ’90s (before a space) never close.
      if (isSpace(prev) || (isWord(prev) && isWord(next)) || isElision(text, i)) return SKIP
      const j = findOpen(stack, '‘‚')
      return j >= 0 ? j : SKIP
    }
    case '"': {
      const canClose = rightFlanking(prev, next) && (!DIGIT.test(prev) || straightAfterDigit(text, i, next))
      const canOpen = leftFlanking(prev, next)
      if (canClose) {
        const j = findOpen(stack, '"')
        if (j >= 0) return j
      }
      return canOpen ? OPEN : SKIP
    }
    default:
      return SKIP
  }
}

/** Whether the mark at `i` may reopen a quote at the start of a paragraph (news style). */
export function canReopen(text: string, i: number): boolean {
  const c = text[i]
  if (c === '"' || c === '‘' || c === '”') return leftFlanking(before(text, i), after(text, i))
  return c === '«' || c === '“' || c === '„' || c === '‹' || c === '‚' || c === '»' || c === '「' || c === '『'
}

/**
 * Whether an opening mark at `start` introduces speech: first thing in its paragraph, or after a
 * colon or comma ("dijo: «…"). Used to decide whether «A «B» is one quote whose two closing marks the
 * writer merged into one (then yes) or a stray « before a complete quote (then no).
 */
export function introducesSpeech(text: string, start: number): boolean {
  let k = start - 1
  while (k >= 0 && (text[k] === ' ' || text[k] === '\t' || text[k] === '\u00a0')) k--
  return k < 0 || text[k] === '\n' || text[k] === ':' || text[k] === ',' || text[k] === '—' || text[k] === '–'
}
