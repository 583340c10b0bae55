/** Paragraph spans of a text (runs between blank lines), as the importer makes blocks. */
export function paragraphSpans(text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = []
  for (const m of text.matchAll(/[^\n]+(?:\n(?!\n)[^\n]+)*/g)) out.push({ start: m.index!, end: m.index! + m[0].length })
  return out
}
