/**
 * The sentence around a span, as a list shows a match to decide on it ("…the leader of Corea del
 * Norte said…"): the words before and after it within its sentence and paragraph, each at most
 * `limit` characters, cut at a word.
 */
const SENTENCE_END = /[.!?…](?:[»”"')\]]*)\s/gu

export function sentenceContext(text: string, start: number, end: number, limit = 120): { before: string; after: string } {
  const paragraphStart = text.lastIndexOf('\n', start - 1) + 1
  const nextBreak = text.indexOf('\n', end)
  const paragraphEnd = nextBreak < 0 ? text.length : nextBreak
  let from = paragraphStart
  SENTENCE_END.lastIndex = paragraphStart
  for (let m = SENTENCE_END.exec(text); m && m.index + m[0].length <= start; m = SENTENCE_END.exec(text))
    from = m.index + m[0].length
  SENTENCE_END.lastIndex = end
  const stop = SENTENCE_END.exec(text)
  const to = stop && stop.index < paragraphEnd ? stop.index + stop[0].trimEnd().length : paragraphEnd
  let before = text.slice(Math.max(from, start - limit), start)
  let after = text.slice(end, Math.min(to, end + limit))
  if (start - limit > from) before = `…${before.replace(/^\S*\s/u, '')}`
  if (end + limit < to) after = `${after.replace(/\s\S*$/u, '')}…`
  return { before: before.replace(/\s+/gu, ' '), after: after.replace(/\s+/gu, ' ') }
}
