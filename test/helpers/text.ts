import type { PassageInput } from '../../src/main/search/passage-index'

/** Paragraph spans of a text (runs between blank lines), as the importer makes blocks. */
export function paragraphSpans(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = []
  for (const m of text.matchAll(/[^\n]+(?:\n(?!\n)[^\n]+)*/g)) out.push({ start: m.index!, end: m.index! + m[0].length })
  return out
}

/** One text passage per paragraph of `text` (paragraphs split by blank lines), as the search index takes them. */
export function paragraphPassages(text: string): PassageInput[] {
  const out: PassageInput[] = []
  let at = 0
  for (const part of text.split('\n\n')) {
    out.push({ kind: 'text', text: part, start: at, end: at + part.length })
    at += part.length + 2
  }
  return out
}
