/**
 * Entity discovery, offline: proposes the people, organisations and places that articles name, in
 * Spanish and English, by rules and data shipped with the app (no model, no network).
 *
 * - Candidates are proper-name chunks (compare/names.ts: capitalised words with "de", "del", "de la",
 *   "of"; sentence openers only when the article treats them as names; capitalised common nouns and
 *   demonyms left out).
 * - A type is guessed from cue words and titles around and inside the chunk ("el presidente", "la
 *   ministra", "leader", "Ministerio de", "Confederación", "Isla"), CLDR region names (places) and
 *   the shape of the name (two to four name words: a person; an acronym: an organisation).
 * - Variants are grouped across articles and languages ("Vladímir Putin", "Vladimir Putin", "Putin";
 *   "Corea del Norte", "North Korea"); a lone word joins a longer name only when it matches one group.
 * - A group naming a registry entity (name or alias) is a proposal to extend it.
 */
import { placeIds } from '../lexicon/places'
import { NEGATIONS, NUMBER_WORDS, ORGANISATION_CUES, PERSON_CUES, PLACE_CUES } from '../lexicon/words'
import {
  identifying,
  lowercaseWords,
  capitalisedMidSentence,
  nameChunks,
  NameIndex,
  sameEntity,
  type NameChunk,
} from '../compare/names'
import { similarity, tokenize, type Token } from '../compare/tokens'
import { AlikeWords, SinglesIndex, SpellingIndex } from './grouping'
import { foldTerm } from '../suggest/fold'

export type ProposedType = 'person' | 'organisation' | 'place' | 'other'

export interface DiscoverArticle {
  id: string
  text: string
}

export interface RegistryEntity {
  id: string
  name: string
  aliases: readonly string[]
  type: string
}

export interface ProposedMention {
  articleId: string
  start: number
  end: number
  text: string
  /** Words around the mention (up to CONTEXT characters each side, cut at a word). */
  before?: string
  after?: string
}

const CONTEXT = 60

export interface EntityProposal {
  /** Stable key of the proposal (folded canonical name), remembered when rejected. */
  key: string
  name: string
  type: ProposedType
  /** The spellings met, most frequent first. */
  variants: string[]
  mentions: ProposedMention[]
  /** The registry entity this proposal extends, when one of its variants is that entity's name or alias. */
  extends?: string
  /** Variants the registry entity does not have yet (to add as aliases when accepted). */
  newAliases: string[]
}

export interface DiscoverOptions {
  registry?: readonly RegistryEntity[]
  /** Keys of proposals the user rejected. */
  rejected?: ReadonlySet<string>
  /** Spans already tagged as entities, per article: their mentions are not proposed again. */
  tagged?: ReadonlyMap<string, readonly { start: number; end: number }[]>
}

interface Occurrence {
  articleId: string
  chunk: NameChunk
  type: ProposedType | null
  before: string
  after: string
  /** The spelling's key: its identity, else its folded text (found once, with the article). */
  key: string
  /** Its folded text. */
  folded: string
  /** More than one identifying word, or an identity: grouped strictly, before lone words. */
  long: boolean
}

const SPEECH_AFTER = /^\s*,?\s*(?:dijo|afirmó|añadió|aseguró|declaró|señaló|explicó|said|says|told|added|noted|warned)\b/u

/** Region names (not demonyms or languages): places. */
function isRegionName(chunk: NameChunk): boolean {
  return !!chunk.id?.startsWith('region:') && REGION_NAMES().has(foldTerm(chunk.text))
}

let regionNames: Set<string> | null = null
function REGION_NAMES(): Set<string> {
  if (!regionNames) {
    regionNames = new Set()
    for (const lang of ['es', 'en']) {
      const names = new Intl.DisplayNames([lang], { type: 'region' })
      for (const [key, id] of placeIds())
        if (id.startsWith('region:') && foldTerm(names.of(id.slice(7)) ?? '') === key) regionNames.add(key)
    }
    for (const extra of ['ee.uu.', 'eeuu', 'usa', 'u.s.', 'uk', 'reino unido', 'gran bretana', 'britain', 'great britain'])
      regionNames.add(extra)
  }
  return regionNames
}

/** The type suggested by the chunk itself and the words before and after it. */
function guessType(text: string, tokens: readonly Token[], at: number, chunk: NameChunk): ProposedType | null {
  if (isRegionName(chunk)) return 'place'
  if (chunk.words.some((w) => ORGANISATION_CUES.has(w))) return 'organisation'
  if (chunk.words.some((w) => PLACE_CUES.has(w))) return 'place'
  if (/^[\p{Lu}.]{2,6}$/u.test(chunk.text)) return 'organisation'
  // A title just before ("el presidente X", "la ministra de Transportes, X", "leader X").
  for (let k = at - 1; k >= Math.max(0, at - 5); k--) {
    const t = tokens[k]
    if (t.end > chunk.start) continue
    if (PERSON_CUES.has(t.fold)) return 'person'
  }
  if (SPEECH_AFTER.test(text.slice(chunk.end, chunk.end + 20))) return 'person'
  const before = text.slice(Math.max(0, chunk.start - 12), chunk.start)
  if (/(?:^|\s)(?:en|in|from|hacia|desde|near)\s+$/iu.test(before) && chunk.words.length <= 2) return 'place'
  const words = identifying(chunk.words)
  if (words.length >= 2 && words.length <= 4 && chunk.text.split(/\s+/).length === words.length) return 'person'
  return null
}

/** The words before or after a mention within its paragraph, cut at a word when cut short. */
function around(text: string, from: number, to: number, side: 'before' | 'after'): string {
  let part: string
  if (side === 'before') {
    const newline = text.lastIndexOf('\n', to - 1)
    const cut = newline < from
    part = text.slice(cut ? from : newline + 1, to)
    if (cut && from > 0) part = part.replace(/^\S*\s/u, '')
  } else {
    const newline = text.indexOf('\n', from)
    const cut = newline === -1 || newline >= to
    part = text.slice(from, cut ? to : newline)
    if (cut && to < text.length) part = part.slice(0, Math.max(0, lastSpace(part)))
  }
  // Split and joined, not replaced: a global replace builds a tree of pieces of the article's text
  // (about twenty per side, each keeping the whole text alive), where join makes one flat string.
  return part.split(/\s+/u).join(' ')
}

const SPACE = /\s/u

/** Where the last white space in `part` is (what /\s\S*$/ finds, without its search from the left). */
function lastSpace(part: string): number {
  let i = part.length - 1
  while (i >= 0 && !SPACE.test(part[i])) i--
  return i < 0 ? part.length : i
}

/**
 * One copy of each spelling's text and words for every occurrence of it: an occurrence's own would be
 * a slice of its article's text (keeping the whole text alive) and a new array each time.
 */
class Spellings {
  private readonly known = new Map<string, { text: string; words: string[]; id: string | null }>()

  of(chunk: NameChunk): NameChunk {
    const found = this.known.get(chunk.text)
    if (found && found.id === chunk.id && sameWords(found.words, chunk.words))
      return { ...chunk, text: found.text, words: found.words }
    // A flat copy of the text (a slice would keep its article's text alive).
    const text: string = JSON.parse(JSON.stringify(chunk.text))
    if (!found) this.known.set(text, { text, words: chunk.words, id: chunk.id })
    return { ...chunk, text }
  }
}

function sameWords(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

function occurrences(article: DiscoverArticle, index: NameIndex, spellings: Spellings): Occurrence[] {
  const tokens = tokenize(article.text)
  const chunks = nameChunks(article.text, tokens, lowercaseWords(tokens), index, capitalisedMidSentence(tokens))
  const out: Occurrence[] = []
  let t = 0
  for (const chunk of chunks) {
    // Demonyms and language names ("North Korean", "Spanish") describe, they do not name.
    // A lone sentence opener that is a number word or a negation ("Fourteen…", "Ninguna…").
    if (chunk.weak && (NUMBER_WORDS.es[chunk.words[0]] || NUMBER_WORDS.en[chunk.words[0]] || NEGATIONS.has(chunk.words[0])))
      continue
    if ((chunk.id?.startsWith('region:') && !isRegionName(chunk)) || chunk.id?.startsWith('language:')) continue
    while (t < tokens.length && tokens[t].start < chunk.start) t++
    const text = article.text
    const folded = foldTerm(chunk.text)
    out.push({
      articleId: article.id,
      chunk: spellings.of(chunk),
      type: guessType(text, tokens, t, chunk),
      before: around(text, Math.max(0, chunk.start - CONTEXT), chunk.start, 'before'),
      after: around(text, chunk.end, chunk.end + CONTEXT, 'after'),
      key: chunk.id ?? folded,
      folded,
      long: identifying(chunk.words).length > 1 || !!chunk.id,
    })
  }
  return out
}

/**
 * Stricter than compare's sameEntity (which errs towards "same" to avoid false discrepancies): an
 * identity decides when either has one; an organisation or place name must fold alike; a person's
 * name needs its last word and its first word (or initial) alike.
 */
function sameName(a: NameChunk, b: NameChunk): boolean {
  if (a.id && b.id) return a.id === b.id
  // A registry entity may be written in a way the registry does not list yet; a place may not.
  if ((a.id && !a.id.startsWith('entity:')) || (b.id && !b.id.startsWith('entity:'))) return false
  const x = a.words
  const y = b.words
  const fx = wordFacts(x)
  const fy = wordFacts(y)
  if (fx.joined === fy.joined) return true
  if (fx.cue || fy.cue) return false
  if (x.length === 1 || y.length === 1) return sameEntity(a, b)
  return sameEntity(a, b) && similarity(x[x.length - 1], y[y.length - 1]) >= 0.75
}

const factsOfWords = new WeakMap<readonly string[], { joined: string; cue: boolean }>()

/** A name's words joined, and whether one is an organisation or place cue: kept per words array. */
function wordFacts(words: readonly string[]): { joined: string; cue: boolean } {
  let facts = factsOfWords.get(words)
  if (!facts) {
    facts = { joined: words.join(' '), cue: words.some((w) => ORGANISATION_CUES.has(w) || PLACE_CUES.has(w)) }
    factsOfWords.set(words, facts)
  }
  return facts
}

/** One collator for every comparison (what localeCompare makes anew on each call, same order). */
const COLLATOR = new Intl.Collator()

interface Group {
  occurrences: Occurrence[]
  /** A representative chunk per distinct spelling. */
  spellings: Map<string, NameChunk>
}

/** The name a group is proposed as, from the uses of each of its spellings. */
function canonical(counts: ReadonlyMap<string, number>): string {
  // The first of the spellings sorted by words, then uses, then alphabetically (one pass, not a sort).
  let best: { text: string; words: number; uses: number } | null = null
  for (const [text, uses] of counts) {
    const words = text.split(/\s+/).length
    if (
      !best ||
      words > best.words ||
      (words === best.words && (uses > best.uses || (uses === best.uses && COLLATOR.compare(text, best.text) < 0)))
    )
      best = { text, words, uses }
  }
  return best!.text
}

/**
 * Each article's name occurrences, kept per article and content hash, so discovery over a workspace
 * reads and chunks only the articles that changed. The registry's names decide which chunks are
 * known entities: when they change, everything is found again.
 */
export class DiscoveryCache {
  private names = ''
  private index = new NameIndex([])
  registry: readonly RegistryEntity[] = []
  /** Changes whenever the occurrences held change (an article added, found again or forgotten; a new registry). */
  version = 0
  private readonly byArticle = new Map<string, { hash: string; found: Occurrence[] }>()
  private spellings = new Spellings()

  useRegistry(registry: readonly RegistryEntity[]): void {
    const names = JSON.stringify(registry.map((e) => [e.id, e.name, ...e.aliases]))
    this.registry = registry
    if (names === this.names) return
    this.names = names
    this.index = new NameIndex(registry.map((e) => [e.name, ...e.aliases]))
    this.byArticle.clear()
    this.spellings = new Spellings()
    this.version++
  }

  has(id: string, hash: string): boolean {
    return this.byArticle.get(id)?.hash === hash
  }

  add(article: DiscoverArticle, hash: string): void {
    this.byArticle.set(article.id, { hash, found: occurrences(article, this.index, this.spellings) })
    this.version++
  }

  /** Forgets articles no longer in the workspace. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of this.byArticle.keys())
      if (!ids.has(id)) {
        this.byArticle.delete(id)
        this.version++
      }
  }

  occurrences(): Occurrence[] {
    return [...this.byArticle.values()].flatMap((a) => a.found)
  }
}

/** Proposals for the given articles, best supported first. */
export function discoverEntities(articles: readonly DiscoverArticle[], options: DiscoverOptions = {}): EntityProposal[] {
  const cache = new DiscoveryCache()
  cache.useRegistry(options.registry ?? [])
  for (const a of articles) cache.add(a, '')
  return proposalsFrom(cache, options)
}

/** Proposals from the occurrences a cache holds (its registry is the one proposals extend). */
export function proposalsFrom(cache: DiscoveryCache, options: Omit<DiscoverOptions, 'registry'> = {}): EntityProposal[] {
  const steps = proposalSteps(cache, options)
  for (;;) {
    const step = steps.next()
    if (step.done) return step.value
  }
}

/** How many occurrences or groups are handled between two chances to pause (see proposalSteps). */
const STEP = 256

/**
 * `proposalsFrom` in steps: the generator yields every few hundred occurrences or groups, so a caller
 * over a large workspace can let other work run between steps (and stop early); its return value is
 * the proposals. Each step costs about the same: spellings are matched through indexes of their words
 * (grouping.ts), not against every group made so far.
 */
export function* proposalSteps(
  cache: DiscoveryCache,
  options: Omit<DiscoverOptions, 'registry'> = {},
): Generator<void, EntityProposal[], void> {
  const registry = cache.registry
  const all = cache.occurrences()
  // Group multi-word names first (strictly), then attach lone words to the one group they match.
  const groups: Group[] = []
  const byKey = new Map<string, Group>()
  const words = new AlikeWords()
  const longIndex = new SpellingIndex<Group>(words)
  const singlesIndex = new SinglesIndex<Group>()
  const order = new Map<Group, number>()
  const place = (o: Occurrence, group: Group, index: 'long' | 'single') => {
    group.occurrences.push(o)
    if (!group.spellings.has(o.key)) {
      group.spellings.set(o.key, o.chunk)
      if (index === 'long') longIndex.add(o.chunk, group)
      else singlesIndex.add(o.chunk, group)
    }
    byKey.set(o.key, group)
  }
  /** The groups, first made first, with a spelling that is the same name as `chunk`. */
  const matching = (chunk: NameChunk): Group[] => {
    const found = new Set<Group>()
    for (const c of longIndex.candidates(chunk)) if (!found.has(c.group) && sameName(c.chunk, chunk)) found.add(c.group)
    return [...found].sort((a, b) => order.get(a)! - order.get(b)!)
  }
  let n = 0
  for (const o of all) {
    if (++n % STEP === 0) yield
    if (!o.long) continue
    const found = byKey.get(o.key) ?? matching(o.chunk)[0]
    if (found) place(o, found, 'long')
    else {
      const group: Group = { occurrences: [], spellings: new Map() }
      order.set(group, order.size)
      groups.push(group)
      place(o, group, 'long')
    }
  }
  const singles: Group[] = []
  const singleOrder = new Map<Group, number>()
  for (const o of all) {
    if (++n % STEP === 0) yield
    if (o.long) continue
    const known = byKey.get(o.folded)
    if (known) {
      place(o, known, singleOrder.has(known) ? 'single' : 'long')
      continue
    }
    const matches = matching(o.chunk)
    // A lone word spelled differently ("Pionyang", "Pyongyang") joins a lone word of its own.
    const alike = matches.length === 0 ? singlesIndex.first(o.chunk, (g) => singleOrder.get(g)!) : undefined
    if (matches.length === 1) place(o, matches[0], 'long')
    else if (alike) place(o, alike, 'single')
    else {
      const group: Group = { occurrences: [], spellings: new Map() }
      singleOrder.set(group, singleOrder.size)
      singles.push(group)
      place(o, group, 'single')
    }
  }
  const tagged = options.tagged ?? new Map()
  const out: EntityProposal[] = []
  // A proposal costs passes over its group's occurrences (up to tens of thousands): steps are counted in those.
  let work = 0
  for (const group of [...groups, ...singles]) {
    work += group.occurrences.length
    if (work >= STEP) {
      work = 0
      yield
    }
    const proposal = proposalOf(group, registry, tagged, options.rejected)
    if (proposal) out.push(proposal)
  }
  yield
  return out.sort((a, b) => b.mentions.length - a.mentions.length || COLLATOR.compare(a.name, b.name))
}

/** A group's proposal, or null when it is rejected or every mention is tagged already. */
function proposalOf(
  group: Group,
  registry: readonly RegistryEntity[],
  tagged: ReadonlyMap<string, readonly { start: number; end: number }[]>,
  rejected: ReadonlySet<string> | undefined,
): EntityProposal | null {
  const counts = new Map<string, number>()
  for (const o of group.occurrences) counts.set(o.chunk.text, (counts.get(o.chunk.text) ?? 0) + 1)
  const name = canonical(counts)
  const key = foldTerm(name)
  if (rejected?.has(key)) return null
  const votes = new Map<ProposedType, number>()
  let entityId: string | undefined
  for (const o of group.occurrences) {
    if (o.type) votes.set(o.type, (votes.get(o.type) ?? 0) + 1)
    if (entityId === undefined && o.chunk.id?.startsWith('entity:')) entityId = o.chunk.id
  }
  const type = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'other'
  const variants = [...counts].sort((a, b) => b[1] - a[1]).map(([v]) => v)
  const entity = entityId ? registry[Number(entityId.slice(7))] : undefined
  const known = new Set(entity ? [entity.name, ...entity.aliases].map(foldTerm) : [])
  const mentions: ProposedMention[] = []
  for (const o of group.occurrences) {
    const spans = tagged.get(o.articleId)
    if (spans?.some((s) => s.start < o.chunk.end && o.chunk.start < s.end)) continue
    mentions.push({
      articleId: o.articleId,
      start: o.chunk.start,
      end: o.chunk.end,
      text: o.chunk.text,
      before: o.before,
      after: o.after,
    })
  }
  if (mentions.length === 0) return null
  return {
    key,
    name: entity?.name ?? name,
    type: entity && ['person', 'organisation', 'place'].includes(entity.type) ? (entity.type as ProposedType) : type,
    variants,
    mentions,
    ...(entity ? { extends: entity.id } : {}),
    newAliases: entity ? [...new Set(variants.filter((v) => !known.has(foldTerm(v))))] : [],
  }
}
