/**
 * Seeded material for the research rows (compare, entity discovery): a Spanish report and its English
 * translation, as bilingual coverage of one story is (same paragraphs and facts, names kept, numbers
 * written per convention, a few changes planted), and news articles naming people, organisations and
 * places drawn from a large pool with a long tail, as a real desk's archive does.
 *
 * Pure and deterministic; the article shapes follow bench/generate.ts.
 */
import { prng, type BenchArticle } from './generate'

type Random = () => number
const pick = <T>(rnd: Random, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]
const between = (rnd: Random, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1))

/** Spanish and English words, index-aligned (a word-by-word "translation" keeps a sentence's facts in place). */
const WORDS: readonly (readonly [string, string])[] = (
  'ayuntamiento council|alcaldesa mayor|gobierno government|puerto port|informe report|técnico technical|empleos jobs|' +
  'vecinos residents|millones million|inversión investment|acuerdo agreement|concejal councillor|oposición opposition|' +
  'presupuesto budget|obras works|contrato contract|empresa company|licitación tender|investigación investigation|' +
  'fiscalía prosecutor|declaración statement|portavoz spokesperson|región region|ministerio ministry|reunión meeting|' +
  'año year|mes month|semana week|días days|cifras figures|datos data|público public|privado private|nuevo new|' +
  'pasado last|próximo next|difícil difficult|económico economic|político political|también also|además moreover|' +
  'aunque although|porque because|cuando when|mientras while|después after|antes before|según according|' +
  'fuentes sources|de of|en in|por by|con with|para for|sobre on|entre between|durante during|contra against|' +
  'que that|y and|un a|una a|el the|la the|los the|las the'
)
  .split('|')
  .map((pair) => pair.split(' ') as [string, string])

const VERBS: readonly (readonly [string, string])[] = [
  ['afirmó', 'said'],
  ['declaró', 'stated'],
  ['aseguró', 'claimed'],
  ['explicó', 'explained'],
  ['advirtió', 'warned'],
  ['señaló', 'noted'],
]
const MONTHS = [
  ['enero', 'January'],
  ['marzo', 'March'],
  ['mayo', 'May'],
  ['julio', 'July'],
  ['octubre', 'October'],
  ['diciembre', 'December'],
] as const

const FIRST =
  'Inés María José Lucía Ramón Sofía Íñigo Mark Owen Zoë Chloé Renée Björn Andrés Carmen Tomás Elena Pablo Hugo Irene'.split(' ')
const LAST =
  'Marroquín Núñez Peña Aramburu Beltrán Ibáñez Carrión Whitfield Price Hart Durand Clarke Olsen Salgado Ortega Vidal Romero Castro Molina Herrera Fuentes Navarro Gil Serrano Blanco Medina Cortés Garrido Lozano Rubio'.split(
    ' ',
  )
const ORG_HEADS = ['Ministerio de', 'Confederación de', 'Unión de', 'Fundación', 'Banco de', 'Instituto de']
const ORG_TAILS = 'Hacienda Trabajo Comercio Fomento Cultura Energía Sanidad Transportes Justicia Pesca'.split(' ')
const PLACES = 'Valparaíso Cádiz Vigo Rosario Cusco Arequipa Oporto Génova Tánger Bilbao Gijón Mérida Salta Huelva'.split(' ')

/** One number as each convention writes it: "1.200" / "1,200". */
function thousands(n: number, sep: string): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, sep)
}

interface SentencePair {
  es: string
  en: string
}

function capital(s: string): string {
  return s[0].toUpperCase() + s.slice(1)
}

/** A sentence and its translation; `changed` plants a different number in the English one. */
function sentencePair(rnd: Random, changed: boolean): SentencePair {
  const n = between(rnd, 6, 20)
  const words = Array.from({ length: n }, () => pick(rnd, WORDS))
  const es = words.map((w) => w[0])
  const en = words.map((w) => w[1])
  const name = `${pick(rnd, FIRST)} ${pick(rnd, LAST)}`
  const roll = rnd()
  if (roll < 0.25) {
    const quoted = Array.from({ length: between(rnd, 5, 14) }, () => pick(rnd, WORDS))
    const verb = pick(rnd, VERBS)
    return {
      es: `${capital(es.join(' '))}. «${capital(quoted.map((w) => w[0]).join(' '))}», ${verb[0]} ${name}.`,
      en: `${capital(en.join(' '))}. “${capital(quoted.map((w) => w[1]).join(' '))},” ${name} ${verb[1]}.`,
    }
  }
  if (roll < 0.55) {
    const value = between(rnd, 2, 950) * 1000 + between(rnd, 100, 999)
    const other = changed ? value + between(rnd, 1, 9) * 1000 : value
    const day = between(rnd, 1, 28)
    const month = pick(rnd, MONTHS)
    const year = between(rnd, 2015, 2026)
    return {
      es: `${capital(es.slice(0, 4).join(' '))} ${thousands(value, '.')} ${es.slice(4).join(' ')} el ${day} de ${month[0]} de ${year}, según ${name}.`,
      en: `${capital(en.slice(0, 4).join(' '))} ${thousands(other, ',')} ${en.slice(4).join(' ')} on ${day} ${month[1]} ${year}, according to ${name}.`,
    }
  }
  if (roll < 0.7) {
    const org = `${pick(rnd, ORG_HEADS)} ${pick(rnd, ORG_TAILS)}`
    const place = pick(rnd, PLACES)
    const pct = between(rnd, 2, 95)
    return {
      es: `El ${org} en ${place} ${es.join(' ')} un ${pct} %.`,
      en: `The ${org} in ${place} ${en.join(' ')} ${pct}%.`,
    }
  }
  return { es: `${capital(es.join(' '))}.`, en: `${capital(en.join(' '))}.` }
}

function assemble(paragraphs: readonly string[]): BenchArticle {
  const blocks: BenchArticle['blocks'] = []
  let at = 0
  for (const p of paragraphs) {
    blocks.push({ type: 'paragraph', start: at, end: at + p.length })
    at += p.length + 2
  }
  return { text: paragraphs.join('\n\n'), blocks }
}

/**
 * A Spanish report of about `chars` characters and its English translation: paragraphs of 1–3
 * sentences (one in ten of 5–9), the same order, one English paragraph in 40 left out and one
 * in 30 holding a changed number, as a hurried translation does.
 */
export function makeTranslationPair(chars: number, seed: number): { es: BenchArticle; en: BenchArticle } {
  const rnd = prng(seed)
  const es: string[] = []
  const en: string[] = []
  let length = 0
  while (length < chars) {
    const n = rnd() < 0.1 ? between(rnd, 5, 9) : between(rnd, 1, 3)
    const changed = es.length % 30 === 17
    const sentences = Array.from({ length: n }, (_, i) => sentencePair(rnd, changed && i === 0))
    const left = sentences.map((s) => s.es).join(' ')
    es.push(left)
    if (es.length % 40 !== 23) en.push(sentences.map((s) => s.en).join(' '))
    length += left.length + 2
  }
  return { es: assemble(es), en: assemble(en) }
}

/**
 * A news article of about `chars` characters naming people, organisations and places from a pool of
 * about `pool` names with a long tail (a few named everywhere, most in a handful of articles), in
 * Spanish or English.
 */
export function makeNewsArticle(chars: number, seed: number, pool: number): string {
  const rnd = prng(seed)
  const spanish = rnd() < 0.5
  // Zipf-like: the k-th name of the pool is drawn with probability ∝ 1/k.
  const nameAt = (k: number): string => {
    const r = prng(k * 7919 + 13)
    const kind = r()
    if (kind < 0.7) return `${pick(r, FIRST)} ${pick(r, LAST)}${r() < 0.3 ? ` ${pick(r, LAST)}` : ''}`
    if (kind < 0.85) return `${pick(r, ORG_HEADS)} ${pick(r, ORG_TAILS)}${k > 60 ? ` ${pick(r, PLACES)}` : ''}`
    return `${pick(r, PLACES)}${k > 14 ? `-${pick(r, LAST)}` : ''}`
  }
  const draw = () => nameAt(Math.floor(Math.exp(rnd() * Math.log(pool))))
  const cast = Array.from({ length: between(rnd, 3, 9) }, draw)
  const paragraphs: string[] = []
  let length = 0
  while (length < chars) {
    const sentences = Array.from({ length: between(rnd, 1, 5) }, () => {
      const s = sentencePair(rnd, false)
      const base = spanish ? s.es : s.en
      // Names of this story (mostly) and a passing one now and then.
      return rnd() < 0.5 ? `${base.slice(0, -1)}, ${spanish ? 'dijo' : 'said'} ${rnd() < 0.85 ? pick(rnd, cast) : draw()}.` : base
    })
    const p = sentences.join(' ')
    paragraphs.push(p)
    length += p.length + 2
  }
  return paragraphs.join('\n\n')
}
