/**
 * Paragraph blocks of plain text: runs of non-blank lines, their surrounding white space left out.
 * Used for .txt files and, in the article view, for text given without blocks (benchmarks).
 */
import type { Block } from './model'

export function paragraphBlocks(text: string): Block[] {
  const blocks: Block[] = []
  for (const m of text.matchAll(/[^\n]+(?:\n(?![ \t]*\n)[^\n]*)*/g)) {
    let s = m.index!
    let e = s + m[0].length
    while (s < e && /\s/.test(text[s])) s++
    while (e > s && /\s/.test(text[e - 1])) e--
    if (e > s) blocks.push({ type: 'paragraph', start: s, end: e })
  }
  return blocks
}
