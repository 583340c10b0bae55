/**
 * Proper names in a text and when two of them are the same entity. A name is a run of capitalised
 * words with its connectors ("Corea del Norte", "Ministry of Defence"); a capitalised word opening a
 * sentence counts when the article never writes it in lower case; function words, months and
 * capitalised common nouns ("Gobierno", "Government") are not names by themselves.
 *
 * Two names are one entity when they fold alike (case, accents), are the same registry entity (name or
 * alias), the same country, region or language by CLDR names or the demonym table ("Corea del Norte",
 * "North Korea", "norcoreano"), or agree word by word (surname, and first name or its initial:
 * "Vladímir Putin" = "Vladimir Putin" = "V. Putin" = "Putin"; "Kim Jong-un" = "Kim Jong Un").
 */
import { MONTHS, WEEKDAYS } from '../lexicon/calendar'
import { MAX_PLACE_WORDS, placeIdOf, placePrefixes } from '../lexicon/places'
import { COMMON_CAPITALISED, CUE_CONCEPTS, FUNCTION_WORDS, PERSON_CUES } from '../lexicon/words'
import { foldTerm } from '../suggest/fold'
import { similarity, type Span, type Token } from './tokens'

export interface NameChunk extends Span {
  text: string
  /** Folded words, hyphens split ("kim", "jong", "un"), connectors left out. */
  words: string[]
  /** Registry or CLDR identity ("entity:3", "region:KP"), when known. */
  id: string | null
  /** Only a capitalised sentence opener: reported as changed, never as on one side only. */
  weak: boolean
}

const CONNECTORS = new Set(['de', 'del', 'la', 'las', 'los', 'of', 'the', 'von', 'van', 'da', 'di', 'bin', 'al'])
/** Words a connector run may start with ("de la", "of the"; never "la" alone). */
const CONNECTOR_START = new Set(['de', 'del', 'of', 'von', 'van', 'da', 'di', 'bin', 'al'])
const LEADING_DROP = new Set(['el', 'la', 'los', 'las', 'the', 'un', 'una', 'a', 'an'])

/** Lookup of names to identities: the entity registry's names and aliases, then CLDR places. */
export class NameIndex {
  private readonly registry = new Map<string, string>()
  private readonly prefixes = new Set<string>()

  /** `groups[i]` are the name and aliases of one registry entity. */
  constructor(groups: readonly (readonly string[])[] = []) {
    groups.forEach((group, i) => {
      for (const n of group) {
        const key = foldTerm(n)
        if (key && !this.registry.has(key)) this.registry.set(key, `entity:${i}`)
        const words = key.split(' ')
        for (let n = 1; n < words.length; n++) this.prefixes.add(words.slice(0, n).join(' '))
      }
    })
  }

  /** The identity of a folded name, if any. */
  idOf(folded: string): string | null {
    return this.registry.get(folded) ?? placeIdOf(folded)
  }

  /** Identities named anywhere in a token run, lower case included ("norcoreano"), with spans. */
  idsIn(tokens: readonly Token[]): Map<string, Span> {
    const out = new Map<string, Span>()
    const places = placePrefixes()
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].digits || tokens[i].fold.length < 2) continue
      let key = ''
      for (let n = 0; n < MAX_PLACE_WORDS && i + n < tokens.length; n++) {
        key = n === 0 ? tokens[i].fold : `${key} ${tokens[i + n].fold}`
        const id = this.idOf(key)
        if (id && !out.has(id)) out.set(id, { start: tokens[i].start, end: tokens[i + n].end })
        if (!places.has(key) && !this.prefixes.has(key)) break
      }
    }
    return out
  }
}

function isNameWord(t: Token, lowercaseWords: ReadonlySet<string>): boolean {
  if (!t.cap || t.digits) return false
  if (FUNCTION_WORDS.has(t.fold) && t.text !== t.text.toUpperCase()) return false
  if (MONTHS.has(t.fold) || WEEKDAYS.has(t.fold)) return false
  // A sentence-opening word the article also writes in lower case is an ordinary word.
  if (t.opens && lowercaseWords.has(t.fold)) return false
  return true
}

/** The folded words a text writes in lower case (for judging sentence-opening capitals). */
export function lowercaseWords(tokens: readonly Token[]): Set<string> {
  const out = new Set<string>()
  for (const t of tokens) if (!t.cap && !t.digits) out.add(t.fold)
  return out
}

/** Endings of verbs, gerunds and adverbs that open sentences ("Deseando", "Expandir", "Asked", "Finally"). */
const VERB_LIKE = /(ando|iendo|mente|amos|emos|imos|aron|ieron|antes|entes|ciones|ing|ly|ed|aba|aban|ian|ar|er|ir)$/

/**
 * A lone word opening a sentence, never capitalised elsewhere: a name when the article never writes it
 * in lower case and it does not look like a verb or adverb ("Valparaíso, el otro gran puerto…").
 */
function openerIsName(t: Token, lower: ReadonlySet<string>): boolean {
  if (lower.has(t.fold) || t.fold.length < 3) return false
  if (/[óé]$/.test(t.text)) return false // a preterite: "Añadió", "Llegó"
  return !VERB_LIKE.test(t.fold)
}

/** The folded words a text capitalises inside sentences (names, for judging sentence openers). */
export function capitalisedMidSentence(tokens: readonly Token[]): Set<string> {
  const out = new Set<string>()
  for (const t of tokens) if (t.cap && !t.opens) out.add(t.fold)
  return out
}

/** Proper-name chunks of a token run. */
export function nameChunks(
  text: string,
  tokens: readonly Token[],
  lower: ReadonlySet<string>,
  index: NameIndex,
  capitalisedInside: ReadonlySet<string> = capitalisedMidSentence(tokens),
): NameChunk[] {
  const out: NameChunk[] = []
  for (let i = 0; i < tokens.length; i++) {
    if (!isNameWord(tokens[i], lower)) continue
    let j = i
    // Extend over name words and connectors followed by a name word, within one sentence and without
    // punctuation between (a comma ends the chunk).
    for (;;) {
      let k = j + 1
      if (k < tokens.length && CONNECTOR_START.has(tokens[k].fold) && !tokens[k].cap)
        while (k < tokens.length && CONNECTORS.has(tokens[k].fold) && !tokens[k].cap && k - j <= 2) k++
      // A possessive ends a name: "Ecuador's National Electoral Council" is two.
      if (/['’]s$/.test(tokens[j].text)) break
      const next = tokens[k]
      if (!next || next.opens || (!isNameWord(next, lower) && !(next.cap && !FUNCTION_WORDS.has(next.fold)))) break
      if (
        /[^\s]/.test(text.slice(tokens[k - 1].end, next.start)) ||
        (k > j + 1 && /[^\s]/.test(text.slice(tokens[j].end, tokens[j + 1].start)))
      )
        break
      j = k
    }
    let first = i
    // Sentence-opening words the article never capitalises inside a sentence ("Representatives of
    // the Danish…") and articles are not part of the name.
    while (
      first < j &&
      !index.idOf(
        tokens
          .slice(first, j + 1)
          .map((t) => t.fold)
          .join(' '),
      ) &&
      (LEADING_DROP.has(tokens[first].fold) ||
        CONNECTORS.has(tokens[first].fold) ||
        (tokens[first].opens && !capitalisedInside.has(tokens[first].fold) && !index.idOf(tokens[first].fold)))
    )
      first++
    // A title before a name is its cue, not part of it ("Minister Sergei Shoigu", "Presidente Lula").
    while (first < j && PERSON_CUES.has(tokens[first].fold)) first++
    // A portfolio after a title is part of the title ("ministro de Hacienda").
    if (
      first === j &&
      tokens[first - 1]?.fold === 'de' &&
      PERSON_CUES.has(tokens[first - 2]?.fold ?? '') &&
      !tokens[first - 2].cap
    )
      continue
    const chunk = tokens.slice(first, j + 1)
    i = j
    // A lone sentence-opening word is a name only when the article also capitalises it mid-sentence
    // or an identity knows it ("Añadió", "Deseando" are verbs; "Putin" recurs).
    if (
      chunk.length === 1 &&
      chunk[0].opens &&
      !index.idOf(chunk[0].fold) &&
      !capitalisedInside.has(chunk[0].fold) &&
      !openerIsName(chunk[0], lower)
    )
      continue
    const content = chunk.filter((t) => !CONNECTORS.has(t.fold) || t.cap)
    const words = content.flatMap((t) => t.fold.replace(/'s$/, '').split(/[-'‐]/)).filter((w) => w.length > 0)
    const folded = chunk.map((t) => t.fold.replace(/'s$/, '')).join(' ')
    const id = index.idOf(folded)
    // Common nouns alone ("Gobierno", "Red Army", "Día de la Liberación") are not names, unless an identity knows them.
    if (!id && content.every((t) => COMMON_CAPITALISED.has(t.fold) || FUNCTION_WORDS.has(t.fold))) continue
    // A possessive is not part of the name ("Moscow’s").
    const last = chunk[chunk.length - 1]
    const endAt = /['’]s$/.test(last.text) ? last.end - 2 : last.end
    const weak = chunk.length === 1 && chunk[0].opens && !id && !capitalisedInside.has(chunk[0].fold)
    out.push({
      start: chunk[0].start,
      end: endAt,
      text: text.slice(chunk[0].start, endAt),
      words,
      id,
      weak,
    })
  }
  return out
}

const SAME_WORD = 0.75

/** Answers per word, then per other word: the same names are compared again and again across pairs. */
const alikeCache = new Map<string, Map<string, boolean>>()
let alikeEntries = 0

function wordsAlike(a: string, b: string): boolean {
  if (a === b) return true
  if (a.length < 3 || b.length < 3) return false
  // The edit distance is at least the difference in length: too different lengths are never alike.
  if (Math.abs(a.length - b.length) > (1 - SAME_WORD) * Math.max(a.length, b.length)) return false
  const [x, y] = a < b ? [a, b] : [b, a]
  let row = alikeCache.get(x)
  if (!row) {
    if (alikeEntries > 100_000) {
      alikeCache.clear()
      alikeEntries = 0
    }
    alikeCache.set(x, (row = new Map()))
  }
  let alike = row.get(y)
  if (alike === undefined) {
    alike = similarity(x, y) >= SAME_WORD
    row.set(y, alike)
    alikeEntries++
  }
  return alike
}

const identifyingOf = new WeakMap<readonly string[], { words: string[]; joined: string }>()

/** `identifying` of a name's words, kept per words array (a chunk's words never change). */
function identity(words: readonly string[]): { words: string[]; joined: string } {
  let found = identifyingOf.get(words)
  if (!found) {
    const kept = identifying(words)
    identifyingOf.set(words, (found = { words: kept, joined: kept.join(' ') }))
  }
  return found
}

/** The words of a name that identify it (content words that are not common nouns or cues). */
export function identifying(words: readonly string[]): string[] {
  const kept = words.filter((w) => !COMMON_CAPITALISED.has(w) && !FUNCTION_WORDS.has(w))
  return kept.length ? kept : [...words]
}

/**
 * Whether two names are one entity: identity, or word by word — a one-word name matches any word of
 * the other; longer names need the same last word and the same (or initial of the) first word.
 */
export function sameEntity(a: NameChunk, b: NameChunk): boolean {
  if (a.id && b.id) return a.id === b.id
  const xi = identity(a.words)
  const yi = identity(b.words)
  if (xi.joined === yi.joined) return true
  const x = xi.words
  const y = yi.words
  if (x.length === 1 || y.length === 1) {
    const [one, other] = x.length === 1 ? [x[0], y] : [y[0], x]
    return other.some((w) => wordsAlike(one, w))
  }
  const lastAlike = wordsAlike(x[x.length - 1], y[y.length - 1])
  const firstAlike =
    wordsAlike(x[0], y[0]) || (x[0].length === 1 && y[0].startsWith(x[0])) || (y[0].length === 1 && x[0].startsWith(y[0]))
  if (lastAlike && firstAlike) return true
  // Word order differs across languages ("Isla Russki" / "Russky Island"): all words of the shorter one found.
  const [short, long] = x.length <= y.length ? [x, y] : [y, x]
  return short.every((w) => long.some((v) => wordsAlike(w, v)))
}

/** The cue concepts of a name ("ministry", "union"), shared by its translation. */
export function concepts(n: NameChunk): string[] {
  let found = conceptsOf.get(n.words)
  if (!found) {
    found = n.words.map((w) => CUE_CONCEPTS.get(w)).filter((c): c is string => c !== undefined)
    conceptsOf.set(n.words, found)
  }
  return found
}

/** `concepts` per words array: every name is checked against every name of its paired paragraph. */
const conceptsOf = new WeakMap<readonly string[], string[]>()

/** Two organisation or place names built on the same cue word: maybe one name translated. */
export function maybeTranslated(a: NameChunk, b: NameChunk): boolean {
  const x = concepts(a)
  return x.length > 0 && concepts(b).some((c) => x.includes(c))
}

/**
 * Two names that share a word in the same place but are not the same entity ("Serguéi Lavrov" /
 * "Sergei Shoigu", "Marta Ibáñez" / "Marta Salgado"). A shared word in another place is a name
 * translated with its words reordered ("Citizen Revolution" / "Revolución Ciudadana"): see `reordered`.
 */
export function shareAWord(a: NameChunk, b: NameChunk): boolean {
  const x = identity(a.words).words
  const y = identity(b.words).words
  return x.some((w, i) => w.length > 2 && wordsAlike(w, y[i] ?? '')) && !reordered(a, b)
}

/** A word of one name found at another place in the other: the same name translated. */
export function reordered(a: NameChunk, b: NameChunk): boolean {
  const x = identity(a.words).words
  const y = identity(b.words).words
  return x.some((w, i) => w.length > 3 && y.some((v, j) => j !== i && wordsAlike(w, v)))
}
