/**
 * Comparing two versions of a story: paragraph pairing (with the user's manual pairings from
 * `.spanwise/alignments.json`) and the discrepancies found, names matched with the registry's aliases.
 */
import type { Comparison } from '../../shared/model'
import { alignBlocks, findDiscrepancies } from '../../shared/compare'
import type { CollectionFile } from '../store/collection-file'
import type { ArticleStore } from './article-store'
import type { EntityRegistry } from './entity-registry'
import type { Library } from './library'
import type { AlignmentsFileData } from './workspace-files'

export class Comparisons {
  constructor(
    private readonly alignments: CollectionFile<AlignmentsFileData>,
    private readonly library: Library,
    private readonly store: ArticleStore,
    private readonly registry: EntityRegistry,
  ) {}

  /** Paragraph pairing of two articles (with the user's corrections) and the discrepancies found. */
  async compare(leftId: string, rightId: string): Promise<Comparison> {
    const [left, right] = await Promise.all([
      this.store.loadText(this.library.entry(leftId)),
      this.store.loadText(this.library.entry(rightId)),
    ])
    const fixes = this.alignments.data.pairs[`${leftId}|${rightId}`] ?? []
    const pairs = alignBlocks(left.text, left.blocks, right.text, right.blocks, fixes)
    const names = this.registry.entities().map((e) => [e.name, ...e.aliases])
    return {
      pairs: pairs.map((p) => ({ ...p, fixed: fixes.some((f) => f.left === p.left && f.right === p.right) })),
      discrepancies: findDiscrepancies(left.text, left.blocks, right.text, right.blocks, pairs, names),
    }
  }

  /** Stores a paragraph pairing the user made by hand (it replaces any fix for either paragraph). */
  async fixAlignment(leftId: string, rightId: string, left: number, right: number): Promise<Comparison> {
    this.library.entry(leftId)
    this.library.entry(rightId)
    const key = `${leftId}|${rightId}`
    await this.alignments.update((data) => {
      const kept = (data.pairs[key] ?? []).filter((f) => f.left !== left && f.right !== right)
      return { next: { ...data, pairs: { ...data.pairs, [key]: [...kept, { left, right }] } }, result: null }
    })
    return this.compare(leftId, rightId)
  }
}
