/**
 * What differs between aligned paragraphs of two versions: numbers and dates present on one side only
 * (1200 against 2019), names of people, places and organisations on one side only, quoted passages
 * dropped or cut short, and a negation on one side only. Rules and the entity registry, no translation:
 * names are matched through the registry's aliases so "el mandatario ruso" and "Putin" can count as one.
 */
import { foldTerm } from '../suggest/mentions'
import type { AlignedPair, Span } from './align'
import { extractFeatures, foldedWords, nameAppearsIn, type Located } from './features'

export type DiscrepancyType = 'number' | 'name' | 'quote' | 'negation'

export interface Discrepancy {
  type: DiscrepancyType
  leftBlock: number
  rightBlock: number
  /** The spans involved on each side (absent when the thing is missing on that side). */
  left?: Span & { text: string }
  right?: Span & { text: string }
  message: string
}

/** Groups of names that mean one entity (name and aliases), to recognise a name across languages. */
export type NameGroups = readonly (readonly string[])[]

export function findDiscrepancies(
  leftText: string,
  left: readonly Span[],
  rightText: string,
  right: readonly Span[],
  pairs: readonly AlignedPair[],
  entityNames: NameGroups = [],
): Discrepancy[] {
  const canonical = new Map<string, string>()
  entityNames.forEach((group, i) => group.forEach((n) => canonical.set(foldTerm(n), `entity:${i}`)))
  const nameKey = (key: string) => canonical.get(key) ?? key
  const out: Discrepancy[] = []
  for (const pair of pairs) {
    const a = extractFeatures(leftText, left[pair.left].start, left[pair.left].end)
    const b = extractFeatures(rightText, right[pair.right].start, right[pair.right].end)
    const base = { leftBlock: pair.left, rightBlock: pair.right }
    const loc = (x: Located) => ({ start: x.start, end: x.end, text: x.text })

    // Numbers: each one on one side only is reported, paired with the closest unmatched one opposite.
    const onlyA = a.numbers.filter((x) => !b.numbers.some((y) => y.key === x.key))
    const onlyB = b.numbers.filter((y) => !a.numbers.some((x) => x.key === y.key))
    const count = Math.max(onlyA.length, onlyB.length)
    for (let k = 0; k < count; k++) {
      const x = onlyA[k]
      const y = onlyB[k]
      out.push({
        ...base,
        type: 'number',
        ...(x ? { left: loc(x) } : {}),
        ...(y ? { right: loc(y) } : {}),
        message: x && y ? `${x.text} here, ${y.text} there` : x ? `${x.text} only here` : `${y!.text} only there`,
      })
    }

    // Names: the same registry entity on both sides, or spelled alike in the other paragraph
    // ("Vladímir Putin"/"Vladimir Putin", "Pionyang"/"Pyongyang", "norcoreano"/"North Korean").
    const leftWords = foldedWords(leftText.slice(left[pair.left].start, left[pair.left].end))
    const rightWords = foldedWords(rightText.slice(right[pair.right].start, right[pair.right].end))
    const entitiesA = new Set(a.names.map((n) => nameKey(n.key)))
    const entitiesB = new Set(b.names.map((n) => nameKey(n.key)))
    const missing = (x: Located, otherEntities: Set<string>, otherWords: string[]) =>
      !otherEntities.has(nameKey(x.key)) &&
      !nameAppearsIn(x.key, otherWords) &&
      !x.key.split(' ').some((w) => nameAppearsIn(w, otherWords) && w.length > 3)
    for (const x of a.names)
      if (missing(x, entitiesB, rightWords)) out.push({ ...base, type: 'name', left: loc(x), message: `${x.text} only here` })
    for (const y of b.names)
      if (missing(y, entitiesA, leftWords)) out.push({ ...base, type: 'name', right: loc(y), message: `${y.text} only there` })

    // Quotes: one side quotes and the other does not, or one quote is much shorter (a sentence dropped).
    if (a.quotes.length !== b.quotes.length) {
      const x = a.quotes[b.quotes.length]
      const y = b.quotes[a.quotes.length]
      out.push({
        ...base,
        type: 'quote',
        ...(x ? { left: loc(x) } : {}),
        ...(y ? { right: loc(y) } : {}),
        message: `${a.quotes.length} quoted passage(s) here, ${b.quotes.length} there`,
      })
    } else {
      a.quotes.forEach((x, k) => {
        const y = b.quotes[k]
        const ratio = Math.min(x.text.length, y.text.length) / Math.max(x.text.length, y.text.length)
        if (ratio < 0.6)
          out.push({
            ...base,
            type: 'quote',
            left: loc(x),
            right: loc(y),
            message: `the quotes differ in length (${x.text.length} and ${y.text.length} characters): words missing?`,
          })
      })
    }

    // Negations: a "no"/"not" on one side only can reverse the meaning.
    if ((a.negations === 0) !== (b.negations === 0)) {
      out.push({
        ...base,
        type: 'negation',
        message: a.negations
          ? 'a negation here has none there: reversed meaning?'
          : 'a negation there has none here: reversed meaning?',
      })
    }
  }
  return out
}
