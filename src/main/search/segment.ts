/**
 * A search segment: one shard of the index (or one article changed since its shard was written, or
 * the entity registry), searched where it lies. Its vocabulary, postings and positions are typed-array
 * views over the bytes of its tables (segment-codec.ts); its articles' texts stay on disk (or in
 * memory for a segment that is not on disk) and are read only for the articles a query shows.
 *
 * A segment never changes, except that its articles can be marked dead (tombstones): an article
 * indexed again lives in a newer segment, and the old copy is skipped until its shard is rewritten.
 */
import { promises as fs, constants } from 'node:fs'
import { crc32 } from 'node:zlib'
import { O_NOFOLLOW } from '../store/safe-fs'
import type { ArticleEntry, SegmentParts, SegmentTables, StoredArticle, StoredShard } from './segment-codec'
import { KINDS, type PassageKind, type StoredPassage } from './search-words'

/** Which file a segment's texts are in: the one it was read from (or written as), unchanged since. */
export interface FileIdentity {
  dev: number
  ino: number
  size: number
  mtimeMs: number
}

/** Where the texts of a segment's articles are: in memory, or in its file from `textsAt`. */
export type TextSource = { texts: readonly string[] } | { path: string; identity: FileIdentity; textsAt: number }

export const sameFile = (a: FileIdentity, b: FileIdentity): boolean =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs

export class Segment {
  readonly articles: readonly ArticleEntry[]
  readonly tables: SegmentTables
  readonly termCount: number
  readonly passageCount: number
  /** 1 while the article is the current copy, 0 once tombstoned. */
  readonly alive: Uint8Array
  /** The article of each passage, and each article's first passage (articles + 1). */
  readonly passageArticle: Uint32Array
  readonly passageFirst: Uint32Array
  livingArticles: number
  livingPassages = 0
  livingTokens = 0
  private readonly byId = new Map<string, number>()
  /** Reference and own text of non-text passages, by passage. */
  private readonly own = new Map<number, { ref: string | null; text: string | null }>()

  constructor(
    parts: SegmentParts,
    private readonly source: TextSource,
  ) {
    this.articles = parts.articles
    this.tables = parts.tables
    this.termCount = parts.header.termCount
    this.passageCount = parts.header.passageCount
    const n = this.articles.length
    this.alive = new Uint8Array(n).fill(1)
    this.livingArticles = n
    this.passageArticle = new Uint32Array(this.passageCount)
    this.passageFirst = new Uint32Array(n + 1)
    let p = 0
    for (let a = 0; a < n; a++) {
      const entry = this.articles[a]
      this.byId.set(entry.id, a)
      this.passageFirst[a] = p
      for (const [i, ref, text] of entry.own) this.own.set(p + i, { ref, text })
      this.passageArticle.fill(a, p, p + entry.passages)
      p += entry.passages
    }
    this.passageFirst[n] = p
    const { passageLength } = this.tables
    this.livingPassages = this.passageCount
    for (let q = 0; q < this.passageCount; q++) this.livingTokens += passageLength[q]
  }

  /** The article's index here, or -1. */
  articleOf(id: string): number {
    return this.byId.get(id) ?? -1
  }

  isAlive(id: string): boolean {
    const a = this.articleOf(id)
    return a >= 0 && this.alive[a] === 1
  }

  /** Tombstones the article (it was indexed again elsewhere, or left); whether it was alive here. */
  kill(id: string): boolean {
    const a = this.articleOf(id)
    if (a < 0 || this.alive[a] === 0) return false
    this.alive[a] = 0
    this.livingArticles--
    for (let p = this.passageFirst[a]; p < this.passageFirst[a + 1]; p++) {
      this.livingPassages--
      this.livingTokens -= this.tables.passageLength[p]
    }
    return true
  }

  /** The term id of `word` (UTF-8 bytes), or -1. */
  lookup(word: Uint8Array): number {
    const [lo, hi] = this.range(word, false)
    return hi > lo ? lo : -1
  }

  /** The term ids [lo, hi) of the words beginning with `prefix` (UTF-8 bytes): a range of the sorted vocabulary. */
  prefixRange(prefix: Uint8Array): [number, number] {
    return this.range(prefix, true)
  }

  private range(word: Uint8Array, prefix: boolean): [number, number] {
    const { vocab, vocabOffsets } = this.tables
    // Compares term r with `word`; as a prefix, a term that begins with it compares equal.
    const compare = (r: number) => {
      const start = vocabOffsets[r]
      const end = prefix ? Math.min(vocabOffsets[r + 1], start + word.length) : vocabOffsets[r + 1]
      const n = Math.min(end - start, word.length)
      for (let i = 0; i < n; i++) {
        const d = vocab[start + i] - word[i]
        if (d !== 0) return d
      }
      return end - start - word.length
    }
    let lo = 0
    let hi = this.termCount
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (compare(mid) < 0) lo = mid + 1
      else hi = mid
    }
    let end = lo
    hi = this.termCount
    while (end < hi) {
      const mid = (end + hi) >>> 1
      if (compare(mid) <= 0) end = mid + 1
      else hi = mid
    }
    return [lo, end]
  }

  /** How many passages hold the terms [lo, hi) (dead ones included). */
  postings(lo: number, hi: number): number {
    return this.tables.termPostStart[hi] - this.tables.termPostStart[lo]
  }

  /** The posting of `term` for `passage` (its index in the postings), or -1. */
  postingOf(term: number, passage: number): number {
    const { termPostStart, postPassage } = this.tables
    let lo = termPostStart[term]
    let hi = termPostStart[term + 1]
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (postPassage[mid] < passage) lo = mid + 1
      else hi = mid
    }
    return lo < termPostStart[term + 1] && postPassage[lo] === passage ? lo : -1
  }

  /** The word term `r` stands for. */
  term(r: number): string {
    const { vocab, vocabOffsets } = this.tables
    return Buffer.from(vocab.buffer, vocab.byteOffset + vocabOffsets[r], vocabOffsets[r + 1] - vocabOffsets[r]).toString('utf8')
  }

  /** What a passage is: its article, kind, offsets, and for non-text passages their reference and text. */
  passage(p: number): { key: string; kind: PassageKind; start: number; end: number; ref?: string; text?: string } {
    const own = this.own.get(p)
    return {
      key: this.articles[this.passageArticle[p]].id,
      kind: KINDS[this.tables.passageKind[p]],
      start: this.tables.passageStart[p],
      end: this.tables.passageEnd[p],
      ...(own?.ref != null ? { ref: own.ref } : {}),
      ...(own?.text != null ? { text: own.text } : {}),
    }
  }

  /**
   * The texts of `articles` (indexes here): null for one that cannot be read as it was indexed (the file
   * changed or was damaged since): the caller reads it from its file and indexes it again.
   */
  async texts(articles: readonly number[]): Promise<(string | null)[]> {
    const { source } = this
    if ('texts' in source) return articles.map((a) => source.texts[a])
    const bytes = await this.readTexts(articles)
    return articles.map((a, i) => {
      const entry = this.articles[a]
      const raw = bytes?.[i]
      return raw && crc32(raw) >>> 0 === entry.textCrc ? raw.toString(entry.encoding) : null
    })
  }

  private async readTexts(articles: readonly number[]): Promise<(Buffer | null)[] | null> {
    const source = this.source as Extract<TextSource, { path: string }>
    try {
      // Never through a link; and only the very file the segment was read from (or written as).
      const handle = await fs.open(source.path, constants.O_RDONLY | O_NOFOLLOW)
      try {
        const stat = await handle.stat()
        if (!stat.isFile() || !sameFile(stat, source.identity)) return null
        return await Promise.all(
          articles.map(async (a) => {
            const { textAt, textBytes } = this.articles[a]
            const buffer = Buffer.allocUnsafe(textBytes)
            const { bytesRead } = await handle.read(buffer, 0, textBytes, source.textsAt + textAt)
            return bytesRead === textBytes ? buffer : null
          }),
        )
      } finally {
        await handle.close()
      }
    } catch {
      return null
    }
  }

  /**
   * The living articles in their expanded form (text, passages, words as ids into `vocabulary`), to be
   * written again with others; null when they cannot be (a text unreadable, words that do not fill
   * their passages): the caller indexes them from their files instead.
   */
  async expand(): Promise<StoredShard | null> {
    const living: number[] = []
    for (let a = 0; a < this.articles.length; a++) if (this.alive[a]) living.push(a)
    if (living.length === 0) return { vocabulary: [], articles: [] }
    const texts = await this.texts(living)
    if (texts.includes(null)) return null
    const { passageLength, termPostStart, postPassage, postPosStart, positions, passageStart, passageEnd, passageKind } =
      this.tables
    // Each passage's first word in one sequence of all the words, then every word put back in place.
    const base = new Uint32Array(this.passageCount + 1)
    for (let p = 0; p < this.passageCount; p++) base[p + 1] = base[p] + passageLength[p]
    const tokens = new Uint32Array(base[this.passageCount]).fill(0xffffffff)
    for (let r = 0; r < this.termCount; r++)
      for (let k = termPostStart[r]; k < termPostStart[r + 1]; k++) {
        const at = base[postPassage[k]]
        for (let w = postPosStart[k]; w < postPosStart[k + 1]; w++) tokens[at + positions[w]] = r
      }
    const vocabulary = Array.from({ length: this.termCount }, (_, r) => this.term(r))
    const articles: StoredArticle[] = []
    for (let i = 0; i < living.length; i++) {
      const a = living[i]
      const entry = this.articles[a]
      const first = this.passageFirst[a]
      const last = this.passageFirst[a + 1]
      const words = tokens.subarray(base[first], base[last])
      if (words.includes(0xffffffff)) return null
      const passages: StoredPassage[] = []
      for (let p = first; p < last; p++) {
        const own = this.own.get(p)
        passages.push({
          kind: KINDS[passageKind[p]],
          start: passageStart[p],
          end: passageEnd[p],
          tokens: passageLength[p],
          ...(own?.ref != null ? { ref: own.ref } : {}),
          ...(own?.text != null ? { text: own.text } : {}),
        })
      }
      articles.push({ id: entry.id, stamp: entry.stamp, speakers: entry.speakers, text: texts[i]!, passages, tokens: words })
    }
    return { vocabulary, articles }
  }
}

/** The identity of an open file (to tell later whether the name still holds the same file). */
export async function identityOf(handle: fs.FileHandle): Promise<FileIdentity> {
  const { dev, ino, size, mtimeMs } = await handle.stat()
  return { dev, ino, size, mtimeMs }
}
