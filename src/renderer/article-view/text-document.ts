/**
 * Builds the ProseMirror document from an article's text and blocks, and maps between text offsets
 * (UTF-16 indices into the article text, what annotations store) and document positions.
 *
 * Both directions are a binary search over the blocks: O(log blocks), no allocation, so mapping
 * 50,000 annotations costs a few milliseconds.
 */
import type { Node as PMNode } from 'prosemirror-model'
import type { Block } from '../../shared/model'
import { lastAtOrBefore } from '../../shared/sorted'
import { paragraphBlocks } from '../../shared/text-blocks'
import { articleSchema } from './schema'

/** A run of blocks rendered as one <section>. */
export interface SectionInfo {
  index: number
  /** Text range covered, from the first block's start to the last block's end. */
  textStart: number
  textEnd: number
  /** Document positions of the section node itself (before its opening, after its closing). */
  from: number
  to: number
}

export interface TextDocument {
  doc: PMNode
  sections: SectionInfo[]
  textToPos(offset: number): number
  posToText(pos: number): number
  /** Index of the section holding the text offset (the nearest one for separator text). */
  sectionAt(offset: number): number
  /** Index of the section holding the document position (the last one for the end of the document). */
  sectionAtPos(pos: number): number
}

/** Section size: small enough to decorate within a frame, large enough to keep the count low. */
const MAX_BLOCKS_PER_SECTION = 24
const MAX_CHARS_PER_SECTION = 6_000

/** When an importer gave no blocks (or for benchmarks), paragraphs are runs of text between blank lines. */
export { paragraphBlocks }

export function buildTextDocument(
  text: string,
  inputBlocks: readonly Block[] | undefined,
  estimateHeight: (chars: number, blocks: number) => number,
): TextDocument {
  const blocks = inputBlocks && inputBlocks.length > 0 ? inputBlocks : paragraphBlocks(text)
  const schema = articleSchema
  const blockStart: number[] = []
  const blockEnd: number[] = []
  const blockPos: number[] = []
  const sections: SectionInfo[] = []
  const sectionNodes: PMNode[] = []
  let pos = 0
  let i = 0
  while (i < blocks.length || sectionNodes.length === 0) {
    const sectionFrom = pos
    const children: PMNode[] = []
    let chars = 0
    pos += 1 // section opening
    const first = i
    while (
      i < blocks.length &&
      children.length < MAX_BLOCKS_PER_SECTION &&
      (children.length === 0 || chars < MAX_CHARS_PER_SECTION)
    ) {
      const b = blocks[i]
      const content = b.end > b.start ? schema.text(text.slice(b.start, b.end)) : null
      const node =
        b.type === 'heading'
          ? schema.nodes.heading.create({ level: b.level ?? 2 }, content)
          : schema.nodes.paragraph.create({ role: b.type }, content)
      blockStart.push(b.start)
      blockEnd.push(b.end)
      blockPos.push(pos + 1)
      pos += node.nodeSize
      chars += b.end - b.start
      children.push(node)
      i++
    }
    if (children.length === 0) {
      // An empty article still needs one (empty) paragraph to place the cursor in.
      children.push(schema.nodes.paragraph.create())
      blockStart.push(0)
      blockEnd.push(0)
      blockPos.push(pos + 1)
      pos += 2
    }
    pos += 1 // section closing
    const index = sections.length
    sections.push({
      index,
      textStart: blocks[first]?.start ?? 0,
      textEnd: blocks[i - 1]?.end ?? 0,
      from: sectionFrom,
      to: pos,
    })
    sectionNodes.push(schema.nodes.section.create({ index, estimatedHeight: estimateHeight(chars, children.length) }, children))
  }
  const doc = schema.nodes.doc.create(null, sectionNodes)

  /** Last block whose start is ≤ offset (0 when before every block). */
  const blockForOffset = (offset: number): number => lastAtOrBefore(blockStart.length, (i) => blockStart[i], offset)

  return {
    doc,
    sections,
    textToPos(offset) {
      const b = blockForOffset(offset)
      const clamped = Math.min(Math.max(offset, blockStart[b]), blockEnd[b])
      return blockPos[b] + (clamped - blockStart[b])
    },
    posToText(p) {
      const lo = lastAtOrBefore(blockPos.length, (i) => blockPos[i], p)
      const length = blockEnd[lo] - blockStart[lo]
      return blockStart[lo] + Math.min(Math.max(p - blockPos[lo], 0), length)
    },
    sectionAt(offset) {
      return lastAtOrBefore(sections.length, (i) => sections[i].textStart, offset)
    },
    sectionAtPos(p) {
      return lastAtOrBefore(sections.length, (i) => sections[i].from, p)
    },
  }
}
