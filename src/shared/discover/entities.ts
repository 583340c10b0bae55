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
  const lines = text.slice(from, to).split('\n')
  let part = side === 'before' ? lines[lines.length - 1] : lines[0]
  if (side === 'before' && lines.length === 1 && from > 0) part = part.replace(/^\S*\s/u, '')
  if (side === 'after' && lines.length === 1 && to < text.length) part = part.replace(/\s\S*$/u, '')
  return part.replace(/\s+/gu, ' ')
}

function occurrences(article: DiscoverArticle, index: NameIndex): Occurrence[] {
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
    out.push({
      articleId: article.id,
      chunk,
      type: guessType(text, tokens, t, chunk),
      before: around(text, Math.max(0, chunk.start - CONTEXT), chunk.start, 'before'),
      after: around(text, chunk.end, chunk.end + CONTEXT, 'after'),
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
  if (x.join(' ') === y.join(' ')) return true
  const cue = (ws: readonly string[]) => ws.some((w) => ORGANISATION_CUES.has(w) || PLACE_CUES.has(w))
  if (cue(x) || cue(y)) return false
  if (x.length === 1 || y.length === 1) return sameEntity(a, b)
  return sameEntity(a, b) && similarity(x[x.length - 1], y[y.length - 1]) >= 0.75
}

interface Group {
  occurrences: Occurrence[]
  /** A representative chunk per distinct spelling. */
  spellings: Map<string, NameChunk>
}

function canonical(group: Group): string {
  const counts = new Map<string, number>()
  for (const o of group.occurrences) counts.set(o.chunk.text, (counts.get(o.chunk.text) ?? 0) + 1)
  return [...counts].sort(
    (a, b) => b[0].split(/\s+/).length - a[0].split(/\s+/).length || b[1] - a[1] || a[0].localeCompare(b[0]),
  )[0][0]
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
  private readonly byArticle = new Map<string, { hash: string; found: Occurrence[] }>()

  useRegistry(registry: readonly RegistryEntity[]): void {
    const names = JSON.stringify(registry.map((e) => [e.id, e.name, ...e.aliases]))
    this.registry = registry
    if (names === this.names) return
    this.names = names
    this.index = new NameIndex(registry.map((e) => [e.name, ...e.aliases]))
    this.byArticle.clear()
  }

  has(id: string, hash: string): boolean {
    return this.byArticle.get(id)?.hash === hash
  }

  add(article: DiscoverArticle, hash: string): void {
    this.byArticle.set(article.id, { hash, found: occurrences(article, this.index) })
  }

  /** Forgets articles no longer in the workspace. */
  keepOnly(ids: ReadonlySet<string>): void {
    for (const id of this.byArticle.keys()) if (!ids.has(id)) this.byArticle.delete(id)
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
  const registry = cache.registry
  const all = cache.occurrences()
  // Group multi-word names first (strictly), then attach lone words to the one group they match.
  const groups: Group[] = []
  const byKey = new Map<string, Group>()
  const place = (o: Occurrence, group: Group) => {
    group.occurrences.push(o)
    const key = o.chunk.id ?? foldTerm(o.chunk.text)
    if (!group.spellings.has(key)) group.spellings.set(key, o.chunk)
    byKey.set(key, group)
  }
  const long = all.filter((o) => identifying(o.chunk.words).length > 1 || o.chunk.id)
  const short = all.filter((o) => !(identifying(o.chunk.words).length > 1 || o.chunk.id))
  for (const o of long) {
    const key = o.chunk.id ?? foldTerm(o.chunk.text)
    const found = byKey.get(key) ?? groups.find((g) => [...g.spellings.values()].some((c) => sameName(c, o.chunk)))
    if (found) place(o, found)
    else {
      const group: Group = { occurrences: [], spellings: new Map() }
      groups.push(group)
      place(o, group)
    }
  }
  const singles: Group[] = []
  for (const o of short) {
    const key = foldTerm(o.chunk.text)
    const known = byKey.get(key)
    if (known) {
      place(o, known)
      continue
    }
    const matches = groups.filter((g) => [...g.spellings.values()].some((c) => sameName(c, o.chunk)))
    // A lone word spelled differently ("Pionyang", "Pyongyang") joins a lone word of its own.
    const alike =
      matches.length === 0
        ? singles.find((g) =>
            [...g.spellings.values()].some(
              (c) => c.words[0][0] === o.chunk.words[0]?.[0] && similarity(c.words.join(''), o.chunk.words.join('')) >= 0.75,
            ),
          )
        : undefined
    if (matches.length === 1) place(o, matches[0])
    else if (alike) place(o, alike)
    else {
      const group: Group = { occurrences: [], spellings: new Map() }
      singles.push(group)
      place(o, group)
    }
  }
  const tagged = options.tagged ?? new Map()
  const out: EntityProposal[] = []
  for (const group of [...groups, ...singles]) {
    const name = canonical(group)
    const key = foldTerm(name)
    if (options.rejected?.has(key)) continue
    const votes = new Map<ProposedType, number>()
    for (const o of group.occurrences) if (o.type) votes.set(o.type, (votes.get(o.type) ?? 0) + 1)
    const type = [...votes].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'other'
    const counts = new Map<string, number>()
    for (const o of group.occurrences) counts.set(o.chunk.text, (counts.get(o.chunk.text) ?? 0) + 1)
    const variants = [...counts].sort((a, b) => b[1] - a[1]).map(([v]) => v)
    const entityId = group.occurrences.map((o) => o.chunk.id).find((id) => id?.startsWith('entity:'))
    const entity = entityId ? registry[Number(entityId.slice(7))] : undefined
    const known = new Set(entity ? [entity.name, ...entity.aliases].map(foldTerm) : [])
    const mentions = group.occurrences
      .filter(
        (o) =>
          !(tagged.get(o.articleId) ?? []).some(
            (s: { start: number; end: number }) => s.start < o.chunk.end && o.chunk.start < s.end,
          ),
      )
      .map((o) => ({
        articleId: o.articleId,
        start: o.chunk.start,
        end: o.chunk.end,
        text: o.chunk.text,
        before: o.before,
        after: o.after,
      }))
    if (mentions.length === 0) continue
    out.push({
      key,
      name: entity?.name ?? name,
      type: entity && ['person', 'organisation', 'place'].includes(entity.type) ? (entity.type as ProposedType) : type,
      variants,
      mentions,
      ...(entity ? { extends: entity.id } : {}),
      newAliases: entity ? [...new Set(variants.filter((v) => !known.has(foldTerm(v))))] : [],
    })
  }
  return out.sort((a, b) => b.mentions.length - a.mentions.length || a.name.localeCompare(b.name))
}
