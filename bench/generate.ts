/**
 * Seeded synthetic material for the benchmarks: Spanish- and English-like article text (accents, «»
 * and “” quotes, paragraphs of very different lengths) and annotations over it (quotes, claims,
 * entities, about one in five overlapping or nesting its neighbour).
 *
 * Pure and deterministic: the same seed gives the same article in Node and in the bench page, so the
 * page generates its own material instead of receiving megabytes through Playwright.
 */

/** A small, fast PRNG (mulberry32): 32 bits of state, good enough to vary text, never for security. */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Random = () => number
const pick = <T>(rnd: Random, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]
const between = (rnd: Random, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1))

const SPANISH = {
  words:
    'el la los las de del que en un una por con para según sobre entre durante contra ayuntamiento alcaldesa gobierno puerto informe técnico empleos vecinos millones inversión acuerdo concejal oposición presupuesto obras contrato empresa licitación investigación fiscalía declaración portavoz ciudadanía región ministerio reunión año mes semana días cifras datos público privado nuevo pasado próximo difícil económico político jurídico también además sin embargo aunque porque cuando mientras después antes según fuentes'.split(
      ' ',
    ),
  verbs: 'afirmó declaró aseguró negó reconoció explicó señaló denunció advirtió prometió estimó calculó'.split(' '),
  names: [
    'Inés Marroquín',
    'José Ángel Núñez',
    'María Peña',
    'Íñigo Aramburu',
    'Lucía Beltrán',
    'Valdemar',
    'Ramón Ibáñez',
    'Sofía Carrión',
  ],
  open: '«',
  close: '»',
}
const ENGLISH = {
  words:
    'the a of to in and for on with by from that this council mayor port report technical jobs residents million investment agreement councillor opposition budget works contract company tender investigation prosecutor statement spokesperson region ministry meeting year month week days figures data public private new last next difficult economic political legal also however although because when while after before according sources café naïve'.split(
      ' ',
    ),
  verbs: 'said stated claimed denied admitted explained noted warned promised estimated calculated insisted'.split(' '),
  names: [
    'Inés Marroquín',
    'Mark Whitfield',
    'Zoë Hart',
    'Chloé Durand',
    'Owen Price',
    'Valdemar',
    'Renée Clarke',
    'Björn Olsen',
  ],
  open: '“',
  close: '”',
}

function sentence(rnd: Random, lang: typeof SPANISH): string {
  const words: string[] = []
  const n = between(rnd, 6, 22)
  for (let i = 0; i < n; i++) words.push(pick(rnd, lang.words))
  const roll = rnd()
  let s: string
  if (roll < 0.25) {
    // A reported quote: the material quote and claim annotations are made of.
    const quoted = Array.from({ length: between(rnd, 5, 14) }, () => pick(rnd, lang.words)).join(' ')
    s = `${pick(rnd, lang.names)} ${pick(rnd, lang.verbs)}: ${lang.open}${quoted}${lang.close}, ${words.join(' ')}`
  } else if (roll < 0.45) {
    s = `${words.slice(0, 4).join(' ')} ${between(rnd, 2, 950)}.${between(rnd, 100, 999)} ${words.slice(4).join(' ')}, ${pick(rnd, lang.names)}`
  } else {
    s = words.join(' ')
  }
  return s[0].toUpperCase() + s.slice(1) + '.'
}

/** A block of the article: a paragraph (or, now and then, a heading) as a text range. */
export interface BenchBlock {
  type: 'paragraph' | 'heading'
  start: number
  end: number
  level?: number
}

export interface BenchArticle {
  text: string
  blocks: BenchBlock[]
}

/**
 * An article of about `chars` UTF-16 characters (≈ bytes: the text is mostly ASCII). Paragraphs run
 * from one short sentence to walls of text (1–14 sentences), with a heading every 20-odd paragraphs, and
 * the language switches between Spanish and English every few paragraphs, as in bilingual dossiers.
 */
export function makeArticle(chars: number, seed: number): BenchArticle {
  const rnd = prng(seed)
  const parts: string[] = []
  const blocks: BenchBlock[] = []
  let length = 0
  let lang = SPANISH
  while (length < chars) {
    if (rnd() < 0.1) lang = lang === SPANISH ? ENGLISH : SPANISH
    let block: string
    let type: BenchBlock['type'] = 'paragraph'
    if (blocks.length % 23 === 0) {
      type = 'heading'
      block = sentence(rnd, lang)
        .slice(0, 70)
        .replace(/[.,:]?\s*$/, '')
    } else {
      const n = rnd() < 0.15 ? between(rnd, 8, 14) : between(rnd, 1, 6)
      block = Array.from({ length: n }, () => sentence(rnd, lang)).join(' ')
    }
    if (length > 0) {
      parts.push('\n\n')
      length += 2
    }
    blocks.push(
      type === 'heading'
        ? { type, start: length, end: length + block.length, level: 2 }
        : { type, start: length, end: length + block.length },
    )
    parts.push(block)
    length += block.length
  }
  return { text: parts.join(''), blocks }
}

/** An annotation in the export shape, as much of it as the view reads. */
export interface BenchAnnotation {
  id: string
  kind: 'quote' | 'claim' | 'entity'
  start: number
  end: number
}

/**
 * `count` annotations spread evenly over the article's paragraphs, sorted by start. Lengths depend on
 * the kind (an entity is a name, a claim a clause). About one in five nests inside or overlaps the
 * annotation before it; none crosses a paragraph boundary, none starts at offset 0.
 */
export function makeAnnotations(article: BenchArticle, count: number, seed: number): BenchAnnotation[] {
  const rnd = prng(seed ^ 0x5bd1e995)
  const paragraphs = article.blocks.filter((b) => b.type === 'paragraph' && b.end - b.start > 8)
  const total = paragraphs.reduce((sum, b) => sum + (b.end - b.start), 0)
  const out: BenchAnnotation[] = []
  let bi = 0
  let passed = 0
  for (let i = 0; i < count; i++) {
    // Evenly spaced anchor points in the paragraph text, jittered.
    const target = Math.min(total - 1, Math.floor(((i + rnd()) / count) * total))
    while (passed + (paragraphs[bi].end - paragraphs[bi].start) <= target) {
      passed += paragraphs[bi].end - paragraphs[bi].start
      bi++
    }
    const block = paragraphs[bi]
    const at = block.start + (target - passed)
    const roll = rnd()
    const kind: BenchAnnotation['kind'] = roll < 0.4 ? 'entity' : roll < 0.7 ? 'quote' : 'claim'
    const length = kind === 'entity' ? between(rnd, 4, 24) : kind === 'quote' ? between(rnd, 30, 180) : between(rnd, 40, 260)
    let start = Math.max(block.start, 1, Math.min(at, block.end - 2))
    const prev = out[out.length - 1]
    if (prev && rnd() < 0.2 && prev.start >= block.start && prev.end <= block.end) {
      // Nested in or overlapping the previous annotation (same paragraph).
      start = prev.start + Math.floor((prev.end - prev.start) * rnd() * 0.6)
    }
    // Snap to word boundaries, as a reader's selection would be.
    const text = article.text
    for (let k = 0; k < 12 && start > block.start && start < block.end - 2 && text[start - 1] !== ' '; k++) start++
    let end = Math.min(block.end, start + length)
    for (let k = 0; k < 12 && end < block.end && /[\p{L}\d]/u.test(text[end]); k++) end++
    out.push({ id: `a${i}`, kind, start, end: Math.max(end, start + 1) })
  }
  return out.sort((a, b) => a.start - b.start || b.end - a.end)
}

/** The article sizes and annotation counts the view rows use. */
export const VIEW_SIZES = [
  { label: '10 KB / 100', chars: 10_000, annotations: 100 },
  { label: '100 KB / 1,000', chars: 100_000, annotations: 1_000 },
  { label: '1 MB / 10,000', chars: 1_000_000, annotations: 10_000 },
  { label: '5 MB / 50,000', chars: 5_000_000, annotations: 50_000 },
] as const
