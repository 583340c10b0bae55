/**
 * Re-anchoring speed: 10,000 annotations on a ~1 MB article after edits. Prints milliseconds (median of
 * runs after a warm-up) and the status counts; asserts nothing. Run: npx tsx bench/reanchor.bench.ts
 */
import { reanchorAll } from '../src/shared/anchoring'
import { applyEdits, makeArticle, makeTargets, scatteredEdits } from '../test/unit/anchoring/helpers'

const RUNS = 7

interface Scenario {
  name: string
  oldText: string
  newText: string
}

function scenarios(): Scenario[] {
  const oldText = makeArticle(1_000_000, 42)
  const paragraphs = oldText.split('\n\n')
  const moved = [...paragraphs]
  moved.push(...moved.splice(10, 5))
  return [
    { name: 'no change', oldText, newText: oldText },
    { name: '1 edit', oldText, newText: applyEdits(oldText, scatteredEdits(oldText, 1, 7)) },
    { name: '100 scattered edits', oldText, newText: applyEdits(oldText, scatteredEdits(oldText, 100, 44)) },
    { name: '1,000 scattered edits', oldText, newText: applyEdits(oldText, scatteredEdits(oldText, 1_000, 45)) },
    { name: '5 paragraphs moved to the end', oldText, newText: moved.join('\n\n') },
    { name: 'every paragraph edited (rewrite)', oldText, newText: paragraphs.map((p) => p.replace(' the ', ' a ')).join('\n\n') },
  ]
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

const rows: string[] = []
for (const { name, oldText, newText } of scenarios()) {
  const targets = makeTargets(oldText, 10_000, 43)
  reanchorAll(oldText, newText, targets)
  const times: number[] = []
  let counts: Record<string, number> = {}
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now()
    const results = reanchorAll(oldText, newText, targets)
    times.push(performance.now() - t0)
    counts = { unchanged: 0, moved: 0, fuzzy: 0, orphaned: 0 }
    for (const r of results) counts[r.status]++
  }
  rows.push(
    `${name.padEnd(34)} ${median(times).toFixed(1).padStart(8)} ms   ` +
      `unchanged ${counts.unchanged}, moved ${counts.moved}, fuzzy ${counts.fuzzy}, orphaned ${counts.orphaned}`,
  )
}
console.log(`reanchorAll, ${10_000} annotations, ~1 MB article, median of ${RUNS}:`)
for (const row of rows) console.log('  ' + row)
