/** Shared helpers for the anchoring tests and the re-anchoring benchmark. */
import { quoteSelector } from '../../../src/shared/text-offsets'
import type { TextTarget } from '../../../src/shared/anchoring'
import { prng } from '../../../bench/generate'

/** A small deterministic pseudo-random generator, so fixtures are the same on every run (the bench's own). */
export const random = prng

/** The target of the `occurrence`-th (0-based) occurrence of `phrase` in `text`, as the app would store it. */
export function targetOf(text: string, phrase: string, occurrence = 0): TextTarget {
  let at = -1
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(phrase, at + 1)
    if (at === -1) throw new Error(`"${phrase}" occurs fewer than ${occurrence + 1} times`)
  }
  return { start: at, end: at + phrase.length, ...quoteSelector(text, at, at + phrase.length) }
}

const WORDS = (
  'the minister said that a report on budget spending was delayed again by officials in the capital ' +
  'while critics argued over contracts signed last year with firms close to the government and its allies ' +
  'négociation café Zoë Ångström société économie 😀 journalists confirmed sources denied election council'
).split(' ')

/** An article of about `chars` UTF-16 units: paragraphs of sentences of random words, "\n\n" between paragraphs. */
export function makeArticle(chars: number, seed = 1): string {
  const rnd = random(seed)
  const paragraphs: string[] = []
  let length = 0
  while (length < chars) {
    const sentences: string[] = []
    const count = 3 + Math.floor(rnd() * 5)
    for (let s = 0; s < count; s++) {
      const words: string[] = []
      const n = 6 + Math.floor(rnd() * 14)
      for (let w = 0; w < n; w++) words.push(WORDS[Math.floor(rnd() * WORDS.length)])
      const sentence = words.join(' ')
      sentences.push(sentence[0].toUpperCase() + sentence.slice(1) + '.')
    }
    const p = sentences.join(' ')
    paragraphs.push(p)
    length += p.length + 2
  }
  return paragraphs.join('\n\n')
}

/** `count` annotations on random word-aligned spans of 1–6 words, spread over the text, in text order. */
export function makeTargets(text: string, count: number, seed = 2): TextTarget[] {
  const rnd = random(seed)
  const targets: TextTarget[] = []
  const step = text.length / count
  for (let i = 0; i < count; i++) {
    let start = Math.floor(i * step + rnd() * step * 0.5)
    while (start > 0 && text[start - 1] !== ' ' && text[start - 1] !== '\n') start--
    let end = start
    const words = 1 + Math.floor(rnd() * 6)
    for (let w = 0; w < words && end < text.length; w++) {
      end = text.indexOf(' ', end + 1)
      if (end === -1) end = text.length
    }
    if (end <= start) continue
    targets.push({ start, end, ...quoteSelector(text, start, end) })
  }
  return targets
}

/** One edit made to an article: `text[start, end)` replaced by `insert`. */
export interface Edit {
  start: number
  end: number
  insert: string
}

/** Applies non-overlapping `edits` (any order) to `text`. */
export function applyEdits(text: string, edits: readonly Edit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start)
  let out = text
  for (const e of sorted) out = out.slice(0, e.start) + e.insert + out.slice(e.end)
  return out
}

/** `count` scattered, non-overlapping small edits (insertions, deletions, replacements of a few words). */
export function scatteredEdits(text: string, count: number, seed = 3): Edit[] {
  const rnd = random(seed)
  const edits: Edit[] = []
  const step = text.length / count
  for (let i = 0; i < count; i++) {
    const start = Math.floor(i * step + rnd() * step * 0.5)
    const kind = rnd()
    const length = kind < 0.33 ? 0 : 1 + Math.floor(rnd() * 40)
    const insert = kind > 0.66 ? '' : ['corrected ', 'an update: ', 'X', 'was not '][Math.floor(rnd() * 4)]
    edits.push({ start, end: Math.min(text.length, start + length), insert })
  }
  return edits
}
