/**
 * Blocks from an HTML tree (a readable article body, or a Word document converted by mammoth):
 * headings, paragraphs, list items and blockquotes, their text only. Whitespace collapses as a browser
 * would show it (a line break in the source is a space, a `<br>` is a line break). Scripts, styles,
 * hidden elements and other non-text elements are skipped; nothing here runs or renders the markup.
 */
import type { BlockType } from '../../shared/model'
import type { Piece } from './blocks'

/** The minimal DOM surface we read (linkedom's and the browser's nodes both have it). */
export interface NodeLike {
  nodeType: number
  /** Text of a text node. */
  data?: string
  tagName?: string
  childNodes: ArrayLike<NodeLike>
  getAttribute?(name: string): string | null
}

const TEXT_NODE = 3
const ELEMENT_NODE = 1

/** Elements whose content is never article text. */
const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'FRAME',
  'FRAMESET',
  'OBJECT',
  'EMBED',
  'SVG',
  'MATH',
  'CANVAS',
  'VIDEO',
  'AUDIO',
  'NAV',
  'FOOTER',
  'FORM',
  'BUTTON',
  'SELECT',
  'TEXTAREA',
  'INPUT',
  'HEAD',
  'TITLE',
  'META',
  'LINK',
  'BASE',
  'IMG',
  'PICTURE',
  'DIALOG',
])

/** Elements that start a new block; anything else is inline and flows into the current block. */
const BLOCK_LEVEL = new Set([
  'P',
  'DIV',
  'SECTION',
  'ARTICLE',
  'MAIN',
  'HEADER',
  'ASIDE',
  'FIGURE',
  'FIGCAPTION',
  'ADDRESS',
  'CENTER',
  'DETAILS',
  'SUMMARY',
  'UL',
  'OL',
  'LI',
  'DL',
  'DT',
  'DD',
  'BLOCKQUOTE',
  'PRE',
  'HR',
  'TABLE',
  'THEAD',
  'TBODY',
  'TFOOT',
  'TR',
  'TD',
  'TH',
  'CAPTION',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'BODY',
  'HTML',
])

interface Context {
  type: BlockType
  level?: number
  /** Inside `<pre>`: whitespace is kept as written. */
  pre: boolean
}

/** Hidden by the page itself: the `hidden` attribute, aria-hidden, or an inline display:none. */
function isHidden(el: NodeLike): boolean {
  const attr = (name: string) => el.getAttribute?.(name) ?? null
  if (attr('hidden') !== null || attr('aria-hidden') === 'true') return true
  const style = attr('style')
  if (style && /(display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style)) return true
  // mammoth's "back to the reference" arrows after footnotes.
  return /^#footnote-ref-/.test(attr('href') ?? '')
}

/** The block type of an element's content, given the block it sits in. */
function contextFor(tag: string, outer: Context): Context {
  const heading = /^H([1-6])$/.exec(tag)
  if (heading) return { type: 'heading', level: Number(heading[1]), pre: outer.pre }
  const pre = outer.pre || tag === 'PRE'
  if (tag === 'BLOCKQUOTE' || outer.type === 'blockquote') return { type: 'blockquote', pre }
  if (tag === 'LI' || outer.type === 'listItem') return { type: 'listItem', pre }
  if (outer.type === 'heading') return { ...outer, pre }
  return { type: 'paragraph', pre }
}

/** The article's blocks, in document order, from the children of root. */
export function piecesFromHtml(root: NodeLike): Piece[] {
  const pieces: Piece[] = []
  let buffer = ''
  const flush = (ctx: Context) => {
    if (buffer.trim()) pieces.push({ type: ctx.type, text: buffer, ...(ctx.level ? { level: ctx.level } : {}) })
    buffer = ''
  }
  const walk = (node: NodeLike, ctx: Context) => {
    for (const child of Array.from(node.childNodes)) {
      if (child.nodeType === TEXT_NODE) {
        const data = child.data ?? ''
        // HTML collapses source whitespace to one space; <pre> keeps it (a blank line there splits blocks).
        buffer += ctx.pre ? data : data.replace(/[ \t\n\r\f]+/g, ' ')
        continue
      }
      if (child.nodeType !== ELEMENT_NODE) continue // comments, processing instructions
      const tag = (child.tagName ?? '').toUpperCase()
      if (SKIP.has(tag) || isHidden(child)) continue
      if (tag === 'BR') {
        buffer += '\n'
      } else if (BLOCK_LEVEL.has(tag)) {
        flush(ctx)
        const inner = contextFor(tag, ctx)
        walk(child, inner)
        flush(inner)
      } else {
        walk(child, ctx) // inline: its text joins the current block
      }
    }
  }
  const top: Context = { type: 'paragraph', pre: false }
  walk(root, top)
  flush(top)
  return pieces
}
