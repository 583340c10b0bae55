/**
 * Compare v2 in one call: two articles' texts and paragraphs in, paragraph and sentence pairs with
 * their confidence, the paragraphs only in one version, the items that differ and the quotes paired
 * across them out. Pure and synchronous; main adds the registry's names and the user's pairings.
 */
import { NameIndex } from './names'
import { prepareArticle } from './paragraphs'
import { pairParagraphs, type Pairing } from './pairing'
import { compareItems, type CompareItem, type Titles } from './items'
import type { QuotePair } from './quote-pairs'
import type { Span } from './tokens'

export interface ArticleInput {
  text: string
  blocks: readonly Span[]
  title: string
}

export interface CompareOptions {
  /** Registry entities: each the name and its aliases. */
  entities?: readonly (readonly string[])[]
  /** The user's paragraph pairings. */
  fixed?: readonly { left: number; right: number }[]
}

export interface ComparisonV2 extends Pairing {
  items: CompareItem[]
  quotes: QuotePair[]
}

export function compareArticles(left: ArticleInput, right: ArticleInput, options: CompareOptions = {}): ComparisonV2 {
  const index = new NameIndex(options.entities ?? [])
  const a = prepareArticle(left.text, left.blocks, index)
  const b = prepareArticle(right.text, right.blocks, index)
  const pairing = pairParagraphs(a, b, options.fixed ?? [])
  const titles: Titles = { left: left.title, right: right.title }
  const { items, quotes } = compareItems(a, b, pairing, titles)
  return { ...pairing, items, quotes }
}
