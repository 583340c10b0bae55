/**
 * A compact inverted index of passages (an article's paragraphs, its annotations, the entities), made
 * for answering a query in a few milliseconds over hundreds of thousands of passages.
 *
 * - Terms are folded words (case and accents ignored) with an integer id; each term's postings are the
 *   ids of the passages holding it, ascending, with the count of occurrences, in growable typed arrays.
 * - Every passage keeps its place in its article's token sequence (term ids in text order), and every
 *   term its positions there, so a phrase is checked by comparing a few integers around each
 *   occurrence of its rarest word, without re-reading or re-folding any text.
 * - Passages are only ever appended: removing an article marks its passages dead (skipped by queries),
 *   and re-indexing appends new ones, which keeps postings sorted. When the dead reach a third of the
 *   living (and more than 10,000), everything is renumbered in one pass (`compact`).
 *
 * Over 500 lines on purpose: the postings, token sequences and tombstones are one structure whose
 * typed arrays must change together; split, each part would reach into the others' arrays.
 */
import { foldText } from '../../shared/suggest/fold'

export type PassageKind = 'text' | 'annotation' | 'entity'
const KINDS: readonly PassageKind[] = ['text', 'annotation', 'entity']

/** A passage to index: `text` is what is searched; `start`/`end` place it in its article. */
export interface PassageInput {
  kind: PassageKind
  text: string
  start: number
  end: number
  /** The annotation or entity the passage stands for. */
  ref?: string
}

/** A passage as stored (index-files.ts): its words are kept apart, as term ids; `text` only for non-text kinds. */
export interface StoredPassage {
  kind: PassageKind
  start: number
  end: number
  /** How many words (tokens) it has. */
  tokens: number
  ref?: string
  text?: string
}

/** Folded query words: all must be in a passage, the last maybe as a prefix, the phrases as such. */
export interface PassageQuery {
  terms: readonly string[]
  phrases: readonly (readonly string[])[]
  lastIsPrefix: boolean
}

/** A phrase's term ids, and which of them is the rarest (where to look first). */
interface Phrase {
  ids: number[]
  anchor: number
}

/** A query's answer: how many passages and groups match, and the best groups with their best passages. */
export interface RankedGroups {
  total: number
  groupCount: number
  groups: { key: string; passages: number[] }[]
}

const WORD_CHAR = /[\p{L}\p{N}]/u
/** ASCII letters and digits by char code (folded text is lower case, but upper case costs nothing). */
const ASCII_WORD = Uint8Array.from({ length: 128 }, (_, c) => Number(/[a-zA-Z0-9]/.test(String.fromCharCode(c))))

/**
 * Words as search sees them: folded, split at anything that is not a letter or a digit. A scan by
 * char code (the folded text is mostly ASCII), the same as splitting at /[^\p{L}\p{N}]+/u.
 */
export function searchTokens(text: string): string[] {
  const folded = foldText(text)
  const words: string[] = []
  let start = -1
  let i = 0
  while (i < folded.length) {
    const c = folded.charCodeAt(i)
    let width = 1
    let isWord: boolean
    if (c < 128) isWord = ASCII_WORD[c] === 1
    else {
      const cp = folded.codePointAt(i)!
      width = cp > 0xffff ? 2 : 1
      isWord = WORD_CHAR.test(String.fromCodePoint(cp))
    }
    if (isWord && start < 0) start = i
    else if (!isWord && start >= 0) {
      words.push(folded.slice(start, i))
      start = -1
    }
    i += width
  }
  if (start >= 0) words.push(folded.slice(start))
  return words
}

/** A typed array with room for `need` elements: the same one, or a copy at least twice as long. */
function grown<T extends Int32Array | Uint16Array | Uint8Array>(a: T, need: number): T {
  if (need <= a.length) return a
  const bigger = new (a.constructor as new (length: number) => T)(Math.max(need, a.length * 2, 4))
  bigger.set(a as ArrayLike<number>)
  return bigger
}

/** A typed array with room for exactly `need` elements (the same one if it has). */
function sized<T extends Int32Array | Uint16Array>(a: T, need: number): T {
  if (need <= a.length) return a
  const bigger = new (a.constructor as new (length: number) => T)(need)
  bigger.set(a as ArrayLike<number>)
  return bigger
}

interface Group {
  key: string
  /** Term ids of the group's passages, in text order, passage after passage. */
  tokens: Int32Array
  /** The article text the passages' offsets refer to (text passages are slices of it). */
  text: string
  passages: number[]
}

/** Occurrences of a word counted per passage; beyond, its positions there are not all kept. */
const MAX_FREQUENCY = 0xffff

/** BM25's usual constants: term frequency saturation and length normalisation. */
const K1 = 1.2
const B = 0.75

export class PassageIndex {
  private readonly termIds = new Map<string, number>()
  private terms: string[] = []
  /** Terms sorted, for prefix expansion. */
  private sortedTerms: string[] = []
  /** Terms with ids from here on arrived since the last sort: scanned one by one until they are many. */
  private sortedUpTo = 0
  private postings: Int32Array[] = []
  private frequencies: Uint16Array[] = []
  /** Each term's places in its groups' token sequences, posting after posting (frequency many each). */
  private positions: Int32Array[] = []
  private positionCount: Int32Array = new Int32Array(0)
  private postingCount: Int32Array = new Int32Array(0)

  private passageCount = 0
  private livingCount = 0
  private passageGroup: Int32Array = new Int32Array(0)
  private passageKind: Uint8Array = new Uint8Array(0)
  private passageStart: Int32Array = new Int32Array(0)
  private passageEnd: Int32Array = new Int32Array(0)
  private passageTokenStart: Int32Array = new Int32Array(0)
  private passageTokenEnd: Int32Array = new Int32Array(0)
  private alive: Uint8Array = new Uint8Array(0)
  /** Text of annotation and entity passages (text passages are slices of their group's text). */
  private readonly passageText = new Map<number, string>()
  private readonly passageRef = new Map<number, string>()
  private tokenTotal = 0
  /** Scratch space of a query (see match). */
  private seen = new Uint16Array(0)
  private score = new Float32Array(0)
  private hits: Int32Array = new Int32Array(0)

  private readonly groups: (Group | undefined)[] = []
  private readonly groupIds = new Map<string, number>()

  /** Number of living passages. */
  get size(): number {
    return this.livingCount
  }

  /** Replaces everything indexed under `key` (an article id) with `passages` over `text`. */
  replace(key: string, text: string, passages: readonly PassageInput[]): void {
    const tokenLists = passages.map((p) => this.termIdsOf(p.text))
    const tokens = new Int32Array(tokenLists.reduce((n, t) => n + t.length, 0))
    let at = 0
    for (const ids of tokenLists) {
      tokens.set(ids, at)
      at += ids.length
    }
    this.insert(
      key,
      text,
      passages,
      tokenLists.map((ids) => ids.length),
      tokens,
    )
  }

  /**
   * replace() for passages already cut into words (a stored index, index-files.ts): `tokens` are term
   * ids from termIdsFor(), passage after passage, `passages[i].tokens` of them each. Nothing is folded
   * or split again.
   */
  replaceTokenized(key: string, text: string, passages: readonly StoredPassage[], tokens: Int32Array): void {
    this.insert(
      key,
      text,
      passages,
      passages.map((p) => p.tokens),
      tokens,
    )
  }

  /** The term ids of `words` (folded words, as stored), adding the ones not known yet. */
  termIdsFor(words: readonly string[]): Int32Array {
    const ids = new Int32Array(words.length)
    for (let i = 0; i < words.length; i++) ids[i] = this.termId(words[i])
    return ids
  }

  /**
   * Makes room at once for the postings and positions of tokenized groups about to be added with
   * replaceTokenized (a stored index taken back): each term's arrays grow once to their final size,
   * instead of doubling again and again as occurrences arrive.
   */
  reserve(groups: readonly { passages: readonly StoredPassage[]; tokens: Int32Array }[]): void {
    const n = this.terms.length
    const postings = new Int32Array(n)
    const positions = new Int32Array(n)
    const last = new Int32Array(n).fill(-1)
    let passage = 0
    for (const { passages, tokens } of groups) {
      let at = 0
      for (const p of passages) {
        for (let j = at; j < at + p.tokens; j++) {
          const t = tokens[j]
          positions[t]++
          if (last[t] !== passage) {
            last[t] = passage
            postings[t]++
          }
        }
        at += p.tokens
        passage++
      }
    }
    for (let t = 0; t < n; t++) {
      if (postings[t] === 0) continue
      this.postings[t] = sized(this.postings[t], this.postingCount[t] + postings[t])
      this.frequencies[t] = sized(this.frequencies[t], this.postingCount[t] + postings[t])
      this.positions[t] = sized(this.positions[t], this.positionCount[t] + positions[t])
    }
  }

  /** The word a term id stands for. */
  term(id: number): string {
    return this.terms[id]
  }

  /** What is indexed under `key`, as replaceTokenized takes it back (term ids are this index's). */
  stored(key: string): { text: string; passages: StoredPassage[]; tokens: Int32Array } | undefined {
    const groupId = this.groupIds.get(key)
    const group = groupId === undefined ? undefined : this.groups[groupId]
    if (!group) return undefined
    const passages = group.passages.map((p): StoredPassage => {
      const kind = KINDS[this.passageKind[p]]
      const ref = this.passageRef.get(p)
      return {
        kind,
        start: this.passageStart[p],
        end: this.passageEnd[p],
        tokens: this.passageTokenEnd[p] - this.passageTokenStart[p],
        ...(ref !== undefined ? { ref } : {}),
        ...(kind !== 'text' ? { text: this.passageText.get(p) ?? '' } : {}),
      }
    })
    return { text: group.text, passages, tokens: group.tokens }
  }

  private insert(
    key: string,
    text: string,
    passages: readonly { kind: PassageKind; start: number; end: number; ref?: string; text?: string }[],
    counts: readonly number[],
    tokens: Int32Array,
  ): void {
    this.remove(key)
    let groupId = this.groupIds.get(key)
    if (groupId === undefined) {
      groupId = this.groups.length
      this.groupIds.set(key, groupId)
      this.groups.push(undefined)
    }
    const group: Group = { key, tokens, text, passages: [] }
    let at = 0
    for (let i = 0; i < passages.length; i++) {
      const p = passages[i]
      const n = counts[i]
      const passage = this.addPassage(groupId, p, at, at + n)
      if (p.kind !== 'text') this.passageText.set(passage, p.text ?? '')
      if (p.ref !== undefined) this.passageRef.set(passage, p.ref)
      for (let j = at; j < at + n; j++) this.post(tokens[j], passage, j)
      at += n
      group.passages.push(passage)
    }
    this.groups[groupId] = group
    this.compactIfWasteful()
  }

  /** Forgets everything indexed under `key`. */
  remove(key: string): void {
    const groupId = this.groupIds.get(key)
    const group = groupId === undefined ? undefined : this.groups[groupId]
    if (!group) return
    for (const passage of group.passages) {
      this.alive[passage] = 0
      this.passageText.delete(passage)
      this.passageRef.delete(passage)
      this.tokenTotal -= this.passageTokenEnd[passage] - this.passageTokenStart[passage]
    }
    this.livingCount -= group.passages.length
    this.groups[groupId!] = undefined
  }

  has(key: string): boolean {
    const groupId = this.groupIds.get(key)
    return groupId !== undefined && this.groups[groupId] !== undefined
  }

  /**
   * Passages holding every term (the last one also as a prefix when `lastIsPrefix`) and every phrase
   * (a sequence of terms, consecutive), grouped by key (article) and ranked: `total` counts them all,
   * `groups` holds the best `limit` groups, best first, each with its best `perGroup` passages.
   * `terms` and `phrases` are already folded words.
   */
  search(query: PassageQuery, limit: number, perGroup: number): RankedGroups {
    const total = this.match(query)
    try {
      return { total, ...this.rank(total, limit, perGroup) }
    } finally {
      this.score.fill(0, 0, this.passageCount)
    }
  }

  /** Fills `hits` with the matching passages and `score` with their scores; returns their count. */
  private match({ terms, phrases, lastIsPrefix }: PassageQuery): number {
    if (terms.length === 0) return 0
    // One entry per distinct query word: the term ids it stands for (a prefix stands for several).
    const words = [...new Set(terms)]
    const expansions: number[][] = words.map((word, i) => {
      const prefix = lastIsPrefix && i === words.length - 1 && word === terms[terms.length - 1]
      if (!prefix) {
        const id = this.termIds.get(word)
        return id === undefined ? [] : [id]
      }
      return this.termsWithPrefix(word)
    })
    if (expansions.some((ids) => ids.length === 0)) return 0
    const phraseIds: Phrase[] = []
    for (const phrase of phrases) {
      const ids = phrase.map((w) => this.termIds.get(w) ?? -1)
      if (ids.includes(-1)) return 0
      const anchor = ids.reduce((best, id, i) => (this.postingCount[id] < this.postingCount[ids[best]] ? i : best), 0)
      if (ids.length > 1) phraseIds.push({ ids, anchor })
    }

    // The rarest word first: its postings are the candidates, which the others can only narrow.
    const order = expansions
      .map((ids) => ({ ids, n: ids.reduce((s, id) => s + this.postingCount[id], 0) }))
      .sort((a, b) => a.n - b.n)
    // Scratch arrays, one slot per passage, kept between queries (zeroed after each) to spare the GC.
    if (this.seen.length < this.passageCount) {
      this.seen = new Uint16Array(this.alive.length)
      this.score = new Float32Array(this.alive.length)
    }
    const { seen, score, alive, passageTokenStart, passageTokenEnd } = this
    const avgLength = this.livingCount > 0 ? this.tokenTotal / this.livingCount : 1
    for (let w = 0; w < order.length; w++) {
      // Postings still hold dead passages and a prefix sums several terms: the count is an estimate.
      const n = Math.min(order[w].n, this.livingCount)
      const idf = Math.log(1 + (this.livingCount - n + 0.5) / (n + 0.5))
      for (const id of order[w].ids) {
        const docs = this.postings[id]
        const tfs = this.frequencies[id]
        const count = this.postingCount[id]
        for (let k = 0; k < count; k++) {
          const p = docs[k]
          // Passages that missed an earlier word stay behind; a prefix's expansions count once.
          if (seen[p] !== w || alive[p] === 0) continue
          const tf = tfs[k]
          const length = passageTokenEnd[p] - passageTokenStart[p]
          score[p] += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / avgLength))
          seen[p] = w + 1
        }
      }
    }
    const last = order[order.length - 1]
    // Passages with every word are at level `order.length`; each phrase they hold raises them one more.
    for (let f = 0; f < phraseIds.length; f++) this.keepHolding(phraseIds[f], order.length + f)
    const want = order.length + phraseIds.length
    let found = 0
    this.hits = grown(this.hits, this.livingCount)
    const hits = this.hits
    for (const id of last.ids) {
      const docs = this.postings[id]
      const count = this.postingCount[id]
      for (let k = 0; k < count; k++) {
        const p = docs[k]
        if (seen[p] !== want) continue
        hits[found++] = p
        seen[p] = 0 // a passage under two expansions is reported once
      }
    }
    seen.fill(0, 0, this.passageCount)
    return found
  }

  /** The best `limit` groups among the first `count` hits, and how many groups there are. */
  private rank(count: number, limit: number, perGroup: number): Omit<RankedGroups, 'total'> {
    const { hits, score, passageGroup } = this
    const best = new Float64Array(this.groups.length).fill(-Infinity)
    for (let k = 0; k < count; k++) {
      const p = hits[k]
      const g = passageGroup[p]
      if (score[p] > best[g]) best[g] = score[p]
    }
    // The top groups by a bounded insertion: `limit` is small, the groups with a match are many.
    const top: number[] = []
    let groupCount = 0
    for (let g = 0; g < best.length; g++) {
      if (best[g] === -Infinity) continue
      groupCount++
      if (limit <= 0) continue
      if (top.length === limit) {
        if (best[g] <= best[top[limit - 1]]) continue
        top.pop()
      }
      let at = top.length
      top.push(g)
      while (at > 0 && best[top[at - 1]] < best[g]) {
        top[at] = top[at - 1]
        at--
      }
      top[at] = g
    }
    const slot = new Int32Array(best.length).fill(-1)
    top.forEach((g, i) => (slot[g] = i))
    const passages: number[][] = top.map(() => [])
    for (let k = 0; k < count; k++) {
      const i = slot[passageGroup[hits[k]]]
      if (i >= 0) passages[i].push(hits[k])
    }
    return {
      groupCount,
      groups: top.map((g, i) => ({
        key: this.groups[g]!.key,
        passages: passages[i].sort((a, b) => score[b] - score[a]).slice(0, perGroup),
      })),
    }
  }

  /** The terms of the passage that are among `ids` (for marking the matched words in a snippet). */
  matchedTerms(passage: number, terms: readonly string[], lastIsPrefix: boolean): string[] {
    const group = this.groups[this.passageGroup[passage]]!
    const exact = new Set(terms)
    const prefix = lastIsPrefix ? terms[terms.length - 1] : undefined
    const out = new Set<string>()
    for (let k = this.passageTokenStart[passage]; k < this.passageTokenEnd[passage]; k++) {
      const term = this.terms[group.tokens[k]]
      if (exact.has(term) || (prefix !== undefined && term.startsWith(prefix))) out.add(term)
    }
    return [...out]
  }

  /** What a matching passage is: its group (article id), kind, offsets, text and reference. */
  passage(p: number): { key: string; kind: PassageKind; start: number; end: number; text: string; ref?: string } {
    const group = this.groups[this.passageGroup[p]]!
    const start = this.passageStart[p]
    const end = this.passageEnd[p]
    return {
      key: group.key,
      kind: KINDS[this.passageKind[p]],
      start,
      end,
      text: this.passageText.get(p) ?? group.text.slice(start, end),
      ref: this.passageRef.get(p),
    }
  }

  /** Renumbers the living passages densely and drops the dead from every posting list. */
  compact(): void {
    const newId = new Int32Array(this.passageCount).fill(-1)
    let next = 0
    for (let p = 0; p < this.passageCount; p++) if (this.alive[p]) newId[p] = next++
    const move = <T extends Int32Array | Uint8Array>(a: T): T => {
      const out = new (a.constructor as new (n: number) => T)(Math.max(next, 4))
      for (let p = 0; p < this.passageCount; p++) if (newId[p] >= 0) out[newId[p]] = a[p]
      return out
    }
    this.passageGroup = move(this.passageGroup)
    this.passageKind = move(this.passageKind)
    this.passageStart = move(this.passageStart)
    this.passageEnd = move(this.passageEnd)
    this.passageTokenStart = move(this.passageTokenStart)
    this.passageTokenEnd = move(this.passageTokenEnd)
    this.alive = move(this.alive)
    for (const map of [this.passageText, this.passageRef]) {
      const entries = [...map].map(([p, v]) => [newId[p], v] as const)
      map.clear()
      for (const [p, v] of entries) map.set(p, v)
    }
    for (const group of this.groups) if (group) group.passages = group.passages.map((p) => newId[p])
    for (let t = 0; t < this.terms.length; t++) {
      const docs = this.postings[t]
      const tfs = this.frequencies[t]
      const positions = this.positions[t]
      let kept = 0
      let keptPositions = 0
      let offset = 0
      for (let k = 0; k < this.postingCount[t]; k++) {
        const p = newId[docs[k]]
        const tf = tfs[k]
        if (p >= 0) {
          docs[kept] = p
          tfs[kept] = tf
          // Positions index the group's token sequence, which renumbering passages leaves alone.
          positions.copyWithin(keptPositions, offset, offset + tf)
          keptPositions += tf
          kept++
        }
        offset += tf
      }
      this.postingCount[t] = kept
      this.positionCount[t] = keptPositions
    }
    this.passageCount = next
  }

  private compactIfWasteful(): void {
    const dead = this.passageCount - this.livingCount
    if (dead > 10_000 && dead * 3 > this.livingCount) this.compact()
  }

  private termIdsOf(text: string): number[] {
    return searchTokens(text).map((word) => this.termId(word))
  }

  private termId(word: string): number {
    let id = this.termIds.get(word)
    if (id === undefined) {
      id = this.terms.length
      this.termIds.set(word, id)
      this.terms.push(word)
      this.postings.push(new Int32Array(2))
      this.frequencies.push(new Uint16Array(2))
      this.positions.push(new Int32Array(2))
      this.postingCount = grown(this.postingCount, id + 1)
      this.positionCount = grown(this.positionCount, id + 1)
    }
    return id
  }

  private addPassage(
    group: number,
    input: { kind: PassageKind; start: number; end: number },
    tokenStart: number,
    tokenEnd: number,
  ): number {
    const p = this.passageCount++
    const need = p + 1
    this.passageGroup = grown(this.passageGroup, need)
    this.passageKind = grown(this.passageKind, need)
    this.passageStart = grown(this.passageStart, need)
    this.passageEnd = grown(this.passageEnd, need)
    this.passageTokenStart = grown(this.passageTokenStart, need)
    this.passageTokenEnd = grown(this.passageTokenEnd, need)
    this.alive = grown(this.alive, need)
    this.passageGroup[p] = group
    this.passageKind[p] = KINDS.indexOf(input.kind)
    this.passageStart[p] = input.start
    this.passageEnd[p] = input.end
    this.passageTokenStart[p] = tokenStart
    this.passageTokenEnd[p] = tokenEnd
    this.alive[p] = 1
    this.livingCount++
    this.tokenTotal += tokenEnd - tokenStart
    return p
  }

  /** Records one occurrence of `term` in `passage` at `position` (passages arrive in ascending order). */
  private post(term: number, passage: number, position: number): void {
    const count = this.postingCount[term]
    if (count > 0 && this.postings[term][count - 1] === passage) {
      const tfs = this.frequencies[term]
      // Saturated: phrase checks scan such a passage's tokens instead of trusting its positions.
      if (tfs[count - 1] === MAX_FREQUENCY) return
      tfs[count - 1]++
    } else {
      this.postings[term] = grown(this.postings[term], count + 1)
      this.frequencies[term] = grown(this.frequencies[term], count + 1)
      this.postings[term][count] = passage
      this.frequencies[term][count] = 1
      this.postingCount[term] = count + 1
    }
    const at = this.positionCount[term]
    this.positions[term] = grown(this.positions[term], at + 1)
    this.positions[term][at] = position
    this.positionCount[term] = at + 1
  }

  /**
   * Raises the passages at `level` that hold the phrase to `level + 1`, going through the positions
   * of the phrase's rarest word and comparing the words around each.
   */
  private keepHolding(phrase: Phrase, level: number): void {
    const { ids, anchor } = phrase
    const term = ids[anchor]
    const docs = this.postings[term]
    const tfs = this.frequencies[term]
    const positions = this.positions[term]
    const count = this.postingCount[term]
    const { seen } = this
    let offset = 0
    for (let k = 0; k < count; k++) {
      const p = docs[k]
      const tf = tfs[k]
      if (
        seen[p] === level &&
        (tf === MAX_FREQUENCY ? this.holdsPhrase(p, phrase) : this.holdsPhraseAt(p, phrase, positions, offset, tf))
      )
        seen[p] = level + 1
      offset += tf
    }
  }

  /** Whether the phrase is in the passage around one of the anchor word's `tf` positions from `offset`. */
  private holdsPhraseAt(passage: number, phrase: Phrase, positions: Int32Array, offset: number, tf: number): boolean {
    const tokens = this.groups[this.passageGroup[passage]]!.tokens
    const { ids, anchor } = phrase
    const first = this.passageTokenStart[passage]
    const last = this.passageTokenEnd[passage] - ids.length
    for (let k = offset; k < offset + tf; k++) {
      const at = positions[k] - anchor
      if (at < first || at > last) continue
      let j = 0
      while (j < ids.length && tokens[at + j] === ids[j]) j++
      if (j === ids.length) return true
    }
    return false
  }

  /** Whether the passage's tokens hold `ids` one after the other. */
  private holdsPhrase(passage: number, phrase: Phrase): boolean {
    const tokens = this.groups[this.passageGroup[passage]]!.tokens
    const { ids, anchor } = phrase
    const anchorId = ids[anchor]
    const last = this.passageTokenEnd[passage] - ids.length + anchor
    // Look for the phrase's rarest word and compare the words around it.
    for (let k = this.passageTokenStart[passage] + anchor; k <= last; k++) {
      if (tokens[k] !== anchorId) continue
      const at = k - anchor
      let j = 0
      while (j < ids.length && tokens[at + j] === ids[j]) j++
      if (j === ids.length) return true
    }
    return false
  }

  /** Ids of the terms beginning with `prefix` (binary search over the sorted vocabulary). */
  private termsWithPrefix(prefix: string): number[] {
    if (this.terms.length - this.sortedUpTo > 2000) {
      this.sortedTerms = [...this.terms].sort()
      this.sortedUpTo = this.terms.length
    }
    const sorted = this.sortedTerms
    let lo = 0
    let hi = sorted.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (sorted[mid] < prefix) lo = mid + 1
      else hi = mid
    }
    const out: number[] = []
    for (let k = lo; k < sorted.length && sorted[k].startsWith(prefix); k++) {
      const id = this.termIds.get(sorted[k])!
      if (this.postingCount[id] > 0) out.push(id)
    }
    for (let id = this.sortedUpTo; id < this.terms.length; id++)
      if (this.terms[id].startsWith(prefix) && this.postingCount[id] > 0) out.push(id)
    return out
  }
}
