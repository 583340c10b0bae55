/**
 * Blocks from an HTML tree (a readable article body, or a Word document converted by mammoth):
 * headings, paragraphs, list items and blockquotes, their text only. Scripts, styles and other
 * non-text elements are skipped; nothing here ever runs or renders the markup.
 */
import type { Piece } from './blocks'

/** The minimal DOM surface we read (linkedom's and the browser's elements both have it). */
interface ElementLike {
  tagName: string
  textContent: string | null
  children: ArrayLike<ElementLike>
}

const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'CANVAS', 'NAV', 'FOOTER', 'FORM', 'BUTTON', 'SELECT', 'HEAD'])
const BLOCKS: Record<string, Piece['type']> = { P: 'paragraph', LI: 'listItem', BLOCKQUOTE: 'blockquote', PRE: 'paragraph', DT: 'paragraph', DD: 'paragraph', FIGCAPTION: 'paragraph', TD: 'paragraph', TH: 'paragraph' }

/** Text of an element without the text of skipped descendants. */
function visibleText(el: ElementLike): string {
  if (SKIP.has(el.tagName.toUpperCase())) return ''
  if (el.children.length === 0) return el.textContent ?? ''
  // textContent includes script text; walk children to leave skipped ones out only when needed.
  const hasSkipped = Array.from(el.children).some((c) => SKIP.has(c.tagName.toUpperCase()))
  return hasSkipped ? Array.from(el.children).map(visibleText).join(' ') : (el.textContent ?? '')
}

export function piecesFromHtml(root: ElementLike, inQuote = false): Piece[] {
  const pieces: Piece[] = []
  const walk = (el: ElementLike, quote: boolean) => {
    const tag = el.tagName.toUpperCase()
    if (SKIP.has(tag)) return
    const heading = /^H([1-6])$/.exec(tag)
    if (heading) {
      pieces.push({ type: 'heading', level: Number(heading[1]), text: visibleText(el) })
      return
    }
    const hasBlockChildren = Array.from(el.children).some((c) => /^(P|DIV|UL|OL|LI|BLOCKQUOTE|H[1-6]|TABLE|SECTION|ARTICLE|PRE)$/i.test(c.tagName))
    if (tag === 'BLOCKQUOTE') {
      if (hasBlockChildren) Array.from(el.children).forEach((c) => walk(c, true))
      else pieces.push({ type: 'blockquote', text: visibleText(el) })
      return
    }
    if (BLOCKS[tag] && !hasBlockChildren) {
      pieces.push({ type: quote ? 'blockquote' : BLOCKS[tag], text: visibleText(el) })
      return
    }
    if (!hasBlockChildren && tag === 'DIV') {
      pieces.push({ type: quote ? 'blockquote' : 'paragraph', text: visibleText(el) })
      return
    }
    Array.from(el.children).forEach((c) => walk(c, quote))
  }
  walk(root, inQuote)
  return pieces
}
