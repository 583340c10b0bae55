/**
 * Scoring compare items against a fixture's planted changes: which changes an item found (same kind,
 * the planted words inside the item's spans on each side), and which items match no change.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CompareItem } from '../../src/shared/compare/items'
import { paragraphSpans } from './text'

export const RESEARCH_FIXTURES = join(import.meta.dirname, '../fixtures/research')

export interface Planted {
  kind: string
  left: string | null
  right: string | null
}

export function fixture(name: string): { text: string; blocks: { start: number; end: number }[] } {
  const text = readFileSync(join(RESEARCH_FIXTURES, name), 'utf8')
  return { text, blocks: paragraphSpans(text) }
}

export function plantedOf(name: string): Planted[] {
  return JSON.parse(readFileSync(join(RESEARCH_FIXTURES, name), 'utf8')).changes
}

function finds(item: CompareItem, change: Planted): boolean {
  if (item.kind !== change.kind) return false
  const has = (spans: { text: string }[], words: string | null) =>
    words === null || spans.some((s) => s.text.includes(words) || words.includes(s.text))
  return has(item.left, change.left) && has(item.right, change.right)
}

export interface Score {
  kind: string
  planted: number
  found: number
  items: number
  real: number
}

/** Recall and precision per kind (and "all"). */
export function score(items: readonly CompareItem[], changes: readonly Planted[]): Score[] {
  const kinds = [...new Set([...changes.map((c) => c.kind), ...items.map((i) => i.kind)])].sort()
  const rows = kinds.map((kind) => {
    const mine = items.filter((i) => i.kind === kind)
    const planted = changes.filter((c) => c.kind === kind)
    return {
      kind,
      planted: planted.length,
      found: planted.filter((c) => mine.some((i) => finds(i, c))).length,
      items: mine.length,
      real: mine.filter((i) => changes.some((c) => finds(i, c))).length,
    }
  })
  const sum = (k: keyof Omit<Score, 'kind'>) => rows.reduce((t, r) => t + r[k], 0)
  return [...rows, { kind: 'all', planted: sum('planted'), found: sum('found'), items: sum('items'), real: sum('real') }]
}

export function table(title: string, rows: readonly Score[]): string {
  const pct = (a: number, b: number) => (b ? `${Math.round((100 * a) / b)} %` : '–')
  return [
    title,
    ...rows.map(
      (r) =>
        `  ${r.kind.padEnd(9)} found ${r.found}/${r.planted} (${pct(r.found, r.planted)}), items ${r.items}, real ${r.real} (${pct(r.real, r.items)})`,
    ),
  ].join('\n')
}
