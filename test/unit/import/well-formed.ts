/** Checks every imported article must pass, whatever the format: the ArticleText contract. */
import { expect } from 'vitest'
import { ArticleMetadata, Block, type ArticleText } from '../../../src/shared/model'

/** [type, text] of each block, to compare with what a reader sees. */
export const blocksOf = (a: ArticleText): [string, string][] => a.blocks.map((b) => [b.type, a.text.slice(b.start, b.end)])

/** UTF-8 bytes of a string. */
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

/** NFC, "\n" only, no BOM; blocks ordered, non-overlapping, trimmed, in range; metadata fits the model. */
export function expectWellFormed(a: ArticleText): void {
  expect(a.text.normalize('NFC')).toBe(a.text)
  expect(a.text).not.toMatch(/[\r\uFEFF\uFFFD]/)
  let previousEnd = 0
  for (const block of a.blocks) {
    expect(Block.safeParse(block).success).toBe(true)
    expect(block.start).toBeGreaterThanOrEqual(previousEnd)
    expect(block.end).toBeGreaterThan(block.start)
    expect(block.end).toBeLessThanOrEqual(a.text.length)
    const body = a.text.slice(block.start, block.end)
    expect(body.trim()).toBe(body)
    previousEnd = block.end
  }
  expect(ArticleMetadata.safeParse(a.metadata).success).toBe(true)
}
