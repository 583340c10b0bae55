/**
 * Comparing two versions of a story (compare v2): paragraph pairing (with the user's manual pairings from
 * `.spanwise/alignments.json`) and the items that differ, names matched with the registry's aliases.
 */
import type { Comparison } from '../../shared/model'
import { compareArticles, type ComparisonV2 } from '../../shared/compare/compare-v2'
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

  /**
   * Compare v2 (shared/compare/compare-v2.ts): pairs without order with confidence, paragraphs in one
   * version only, items with offsets and sentences on both sides, quotes paired; the user's manual
   * pairings and the registry's names and aliases included. The window and `spanwise compare` show it.
   */
  async compare(leftId: string, rightId: string): Promise<Comparison> {
    return this.compareV2(leftId, rightId)
  }

  /** The same as `compare`, typed as the pure module's result (for the CLI). */
  async compareV2(leftId: string, rightId: string): Promise<ComparisonV2> {
    const leftEntry = this.library.entry(leftId)
    const rightEntry = this.library.entry(rightId)
    const [left, right] = await Promise.all([this.store.loadText(leftEntry), this.store.loadText(rightEntry)])
    return compareArticles(
      { text: left.text, blocks: left.blocks, title: this.library.titleOf(leftEntry) },
      { text: right.text, blocks: right.blocks, title: this.library.titleOf(rightEntry) },
      {
        entities: this.registry.entities().map((e) => [e.name, ...e.aliases]),
        fixed: this.alignments.data.pairs[`${leftId}|${rightId}`] ?? [],
      },
    )
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
