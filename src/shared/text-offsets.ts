/**
 * Offsets inside the app are UTF-16 indices (JavaScript strings). Exports count Unicode code points,
 * as Python, spaCy and the W3C Web Annotation model do. These helpers convert between the two.
 */

/** True when the UTF-16 unit at `index` is the second half of a surrogate pair. */
function isLowSurrogateAfterHigh(text: string, index: number): boolean {
  const unit = text.charCodeAt(index)
  if (unit < 0xdc00 || unit > 0xdfff || index === 0) return false
  const prev = text.charCodeAt(index - 1)
  return prev >= 0xd800 && prev <= 0xdbff
}

const SURROGATE = /[\uD800-\uDFFF]/

/**
 * Converts many UTF-16 offsets into code point offsets in one pass over the text.
 * Cost: O(text length + n log n). An offset that splits a surrogate pair counts the pair once.
 */
export function toCodePointOffsets(text: string, offsets: readonly number[]): number[] {
  // Most articles have no character outside the BMP: then both counts agree (a native scan, not a loop).
  if (!SURROGATE.test(text)) return offsets.map((offset) => Math.max(0, Math.min(offset, text.length)))
  const order = offsets.map((_, i) => i).sort((a, b) => offsets[a] - offsets[b])
  const result = new Array<number>(offsets.length)
  let unit = 0
  let codePoints = 0
  for (const i of order) {
    const target = Math.min(offsets[i], text.length)
    while (unit < target) {
      unit++
      if (!isLowSurrogateAfterHigh(text, unit)) codePoints++
    }
    result[i] = codePoints
  }
  return result
}

/** Converts one UTF-16 offset into a code point offset. */
export function toCodePointOffset(text: string, offset: number): number {
  return toCodePointOffsets(text, [offset])[0]
}

/** Converts code point offsets back into UTF-16 offsets (for importing exports). */
export function fromCodePointOffsets(text: string, codePointOffsets: readonly number[]): number[] {
  const order = codePointOffsets.map((_, i) => i).sort((a, b) => codePointOffsets[a] - codePointOffsets[b])
  const result = new Array<number>(codePointOffsets.length)
  let unit = 0
  let codePoints = 0
  for (const i of order) {
    while (codePoints < codePointOffsets[i] && unit < text.length) {
      const cp = text.codePointAt(unit)!
      unit += cp > 0xffff ? 2 : 1
      codePoints++
    }
    result[i] = unit
  }
  return result
}

/** Length of the quote context kept on each side of an annotation (W3C TextQuoteSelector). */
export const QUOTE_CONTEXT = 32

/** The quote selector of a span: its exact text and up to 32 characters either side. */
export function quoteSelector(text: string, start: number, end: number): { exact: string; prefix: string; suffix: string } {
  return {
    exact: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - QUOTE_CONTEXT), start),
    suffix: text.slice(end, end + QUOTE_CONTEXT),
  }
}
