/**
 * A search segment: one shard of the index (or one article changed since its shard was written, or
 * the entity registry), searched where it lies. Its vocabulary and passages are typed-array views over
 * the bytes of its tables (segment-codec.ts); its postings and its articles' texts stay on disk (or in
 * memory for a segment that is not on disk), read through its file (shard-file.ts): the postings of a
 * query's words, the texts of the passages a query shows.
 *
 * A segment never changes, except that its articles can be marked dead (tombstones): an article
 * indexed again lives in a newer segment, and the old copy is skipped until its shard is rewritten.
 *
 * A segment taken back from disk is searched only once its tables are verified (verified(): their
 * CRC and structure, when a query first reaches it or in the background before then); one that fails
 * is dropped by its owner (index-persistence.ts) and its articles indexed again from their files.
 */
import { constants, promises as fs } from 'node:fs'
import { O_NOFOLLOW } from '../store/safe-fs'
import {
  checkTextsAndPostings,
  type ArticleEntry,
  type SegmentParts,
  type SegmentTables,
  type StoredArticle,
  type StoredShard,
} from './segment-codec'
import { OwnPassages } from './own-passages'
import { pairKey } from './pair-terms'
import { PostingReader, SegmentDamaged, type PostingBytes } from './postings'
import { KINDS, type PassageKind, type StoredPassage } from './search-words'
import { BLOCK, blocksCheck, FilePostings, sameFile, type FileIdentity, type ShardFile } from './shard-file'

const NO_OWN_PASSAGES: ArticleEntry['own'] = []

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
  /** Reference and own text (where in the texts, and its length) of non-text passages, by passage. */
  private readonly own: OwnPassages
  /** Whether the tables hold: null until checked (a segment read from disk), then the answer. */
  private holds: boolean | null
  private readonly reader = new PostingReader()
  /** The first word's term id (-1 until asked: firstWord). */
  private firstWordAt = -1
  private readonly header: SegmentParts['header']
  /** Where the postings' bytes are: in memory, or read from the file by the blocks a query needs. */
  private readonly postingBytes: PostingBytes

  /** The texts, when in memory (a segment not on disk); else read from `file`. */
  private readonly texts: Uint8Array | null

  /**
   * `parts` with its postings and texts in memory (encoded here), or without them and the `file` they
   * are in (taken back from disk, or written).
   */
  constructor(
    parts: SegmentParts,
    private readonly file: ShardFile | null = null,
    /** The check of the tables read from a file (CRC and structure); none for a segment encoded here. */
    private check: (() => boolean) | null = null,
  ) {
    this.holds = check ? null : true
    this.articles = parts.articles
    this.tables = parts.tables
    this.header = parts.header
    const { header } = parts
    this.texts = parts.texts
    if (parts.postings) this.postingBytes = parts.postings
    else if (file)
      this.postingBytes = new FilePostings(
        file,
        header.postingsAt,
        header.docBytes + header.positionBytes,
        header.docBytes,
        parts.tables.postingCrcs,
      )
    else throw new Error('A segment not in a file needs its postings in memory.')
    if (!this.texts && !file) throw new Error('A segment not in a file needs its texts in memory.')
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
      this.passageArticle.fill(a, p, p + entry.passages)
      p += entry.passages
    }
    this.passageFirst[n] = p
    this.own = new OwnPassages(this.articles, this.passageFirst)
    if (check === null) this.releaseOwnLists()
    const { passageLength } = this.tables
    this.livingPassages = this.passageCount
    for (let q = 0; q < this.passageCount; q++) this.livingTokens += passageLength[q]
  }

  /**
   * Whether the tables hold (checked the first time it is asked; a few hundred microseconds at 10,000
   * articles a shard). Nothing in the tables may be read before it says true.
   */
  verified(): boolean {
    if (this.holds === null) {
      this.holds = this.check!()
      this.check = null
      this.releaseOwnLists()
    }
    return this.holds
  }

  /** The heads' lists of own passages, read into `own`, are let go once the check has read them too. */
  private releaseOwnLists(): void {
    for (const entry of this.articles) if (entry.own.length > 0) entry.own = NO_OWN_PASSAGES
  }

  /**
   * The first word's term id: the terms before it are pairs of common words (pair-terms.ts), whose
   * keys begin with a zero byte. Read from the vocabulary: only once verified.
   */
  get firstWord(): number {
    if (this.firstWordAt < 0) this.firstWordAt = this.header.pairMin === 0 ? 0 : this.range(new Uint8Array([0]), true)[1]
    return this.firstWordAt
  }

  /** Whether the tables were checked (or need not be). */
  get isVerified(): boolean {
    return this.holds !== null
  }

  /**
   * A reader of this segment's postings of `term` (the segment's own, reused, unless one is given: a
   * query walking several terms side by side gives each its reader). Throws SegmentDamaged when the
   * bytes cannot be read as written.
   */
  postingsOf(term: number, withPositions = false, reader = this.reader): PostingReader {
    return reader.open(this.tables, this.postingBytes, this.passageCount, term, withPositions)
  }

  /** Lets the segment's file go (it left the index); reading it later opens the file again, if unchanged. */
  close(): void {
    this.file?.close()
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

  /**
   * The pair term of two words side by side (UTF-8 bytes; pair-terms.ts), when the segment indexes
   * their pairs: its id, or -1 when they stand side by side in no passage here. Null
   * when their pairs are not indexed (the words' positions tell).
   */
  pairTerm(first: Uint8Array, second: Uint8Array): number | null {
    const { pairMin } = this.header
    if (pairMin === 0) return null
    for (const word of [first, second]) {
      const t = this.lookup(word)
      if (t < 0) return -1
      if (this.postings(t, t + 1) < pairMin) return null
    }
    return this.lookup(pairKey(first, second))
  }

  /** How many passages hold the terms [lo, hi) (dead ones included). */
  postings(lo: number, hi: number): number {
    return this.tables.termPostStart[hi] - this.tables.termPostStart[lo]
  }

  /** Whether `term` is in `passage` (its postings read up to there; throws SegmentDamaged). */
  holdsTerm(term: number, passage: number): boolean {
    const reader = this.postingsOf(term)
    return reader.seek(passage) && reader.passage === passage
  }

  /** The word term `r` stands for. */
  term(r: number): string {
    const { vocab, vocabOffsets } = this.tables
    return Buffer.from(vocab.buffer, vocab.byteOffset + vocabOffsets[r], vocabOffsets[r + 1] - vocabOffsets[r]).toString('utf8')
  }

  /** What a passage is: its article, kind, offsets, and for non-text passages their reference. */
  passage(p: number): { key: string; kind: PassageKind; start: number; end: number; ref?: string } {
    const own = this.own.get(p)
    return {
      key: this.articles[this.passageArticle[p]].id,
      kind: KINDS[this.tables.passageKind[p]],
      start: this.tables.passageStart[p],
      end: this.tables.passageEnd[p],
      ...(own?.ref != null ? { ref: own.ref } : {}),
    }
  }

  /**
   * The texts of passages (ids here) as indexed: null for one that cannot be read so (the file changed
   * or was damaged since): the caller reads its article from its file and indexes it again. From a
   * file, only the 4 KB blocks holding the passage are read and checked, at once (a few microseconds
   * from the page cache, where the thread pool's round trips would cost tens of milliseconds on a busy
   * machine).
   */
  passageTexts(passages: readonly number[]): (string | null)[] {
    return passages.map((p) => this.passageText(p))
  }

  /** A passage's text: a slice of its article's, or its own (an annotation's, an entity's). */
  private passageText(p: number): string | null {
    const entry = this.articles[this.passageArticle[p]]
    const width = entry.encoding === 'latin1' ? 1 : 2
    const own = this.own.get(p)
    if (own) return own.chars === null ? null : this.textBytes(entry.encoding, own.at, own.at + width * own.chars)
    const from = entry.textAt + this.tables.passageStart[p] * width
    return this.textBytes(entry.encoding, from, entry.textAt + this.tables.passageEnd[p] * width)
  }

  /** Bytes [from, to) of the texts decoded: from memory, or from the blocks of the file that hold them if they check. */
  private textBytes(encoding: 'latin1' | 'utf16le', from: number, to: number): string | null {
    if (to <= from) return ''
    if (this.texts) return Buffer.from(this.texts.buffer, this.texts.byteOffset + from, to - from).toString(encoding)
    const first = Math.floor(from / BLOCK)
    const blockStart = first * BLOCK
    const blockEnd = Math.min(Math.ceil(to / BLOCK) * BLOCK, this.header.textBytes)
    const bytes = Buffer.allocUnsafe(blockEnd - blockStart)
    // Only from the very file the segment was read from (or written as): else null, read from the article.
    if (!this.file!.read(bytes, this.header.textsAt + blockStart)) return null
    if (!blocksCheck(this.tables.textCrcs, first, bytes)) return null
    return bytes.toString(encoding, from - blockStart, to - blockStart)
  }

  /**
   * The texts and the postings whole: from memory, or the file's read (without holding the event loop)
   * and checked; null when they do not check.
   */
  private async whole(): Promise<{ texts: Uint8Array; postings: PostingBytes } | null> {
    if (this.texts) return { texts: this.texts, postings: this.postingBytes }
    const file = this.file!
    const { textsAt, textBytes, docBytes, positionBytes } = this.header
    let bytes: Buffer
    try {
      // A descriptor of its own (the segment's may be closed meanwhile), on the very file checked.
      const handle = await fs.open(file.path, constants.O_RDONLY | O_NOFOLLOW)
      try {
        const stat = await handle.stat()
        if (!stat.isFile() || !sameFile(stat, file.identity)) return null
        bytes = Buffer.allocUnsafe(textBytes + docBytes + positionBytes)
        if ((await handle.read(bytes, 0, bytes.length, textsAt)).bytesRead !== bytes.length) return null
      } finally {
        await handle.close()
      }
    } catch {
      return null
    }
    return checkTextsAndPostings(this.header, this.tables, bytes)
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
    const read = await this.whole()
    if (!read || !this.verified()) return null
    const { texts, postings } = read
    const decode = (encoding: 'latin1' | 'utf16le', from: number, to: number) =>
      Buffer.from(texts.buffer, texts.byteOffset + from, to - from).toString(encoding)
    const { passageLength, passageStart, passageEnd, passageKind } = this.tables
    // Each passage's first word in one sequence of all the words, then every word put back in place.
    const base = new Uint32Array(this.passageCount + 1)
    for (let p = 0; p < this.passageCount; p++) base[p + 1] = base[p] + passageLength[p]
    const tokens = new Uint32Array(base[this.passageCount]).fill(0xffffffff)
    let positions = new Uint32Array(1024)
    try {
      const reader = new PostingReader()
      // The words only: the pairs of common words are derived from them again when encoded.
      for (let r = this.firstWord; r < this.termCount; r++)
        for (reader.open(this.tables, postings, this.passageCount, r, true); reader.next();) {
          if (reader.count > positions.length) positions = new Uint32Array(reader.count)
          const at = base[reader.passage]
          for (let i = 0, n = reader.positions(positions); i < n; i++) tokens[at + positions[i]] = r
        }
    } catch (error) {
      if (error instanceof SegmentDamaged) return null
      throw error
    }
    const vocabulary = Array.from({ length: this.termCount }, (_, r) => (r < this.firstWord ? '' : this.term(r)))
    const articles: StoredArticle[] = []
    for (let i = 0; i < living.length; i++) {
      const a = living[i]
      const entry = this.articles[a]
      const first = this.passageFirst[a]
      const last = this.passageFirst[a + 1]
      const words = tokens.subarray(base[first], base[last])
      if (words.includes(0xffffffff)) return null
      const width = entry.encoding === 'latin1' ? 1 : 2
      const passages: StoredPassage[] = []
      for (let p = first; p < last; p++) {
        const own = this.own.get(p)
        passages.push({
          kind: KINDS[passageKind[p]],
          start: passageStart[p],
          end: passageEnd[p],
          tokens: passageLength[p],
          ...(own?.ref != null ? { ref: own.ref } : {}),
          ...(own && own.chars !== null ? { text: decode(entry.encoding, own.at, own.at + width * own.chars) } : {}),
        })
      }
      const text = decode(entry.encoding, entry.textAt, entry.textAt + entry.textBytes)
      articles.push({ id: entry.id, stamp: entry.stamp, speakers: entry.speakers, text, passages, tokens: words })
    }
    return { vocabulary, articles }
  }
}

/** The identity of an open file (to tell later whether the name still holds the same file). */
export async function identityOf(handle: fs.FileHandle): Promise<FileIdentity> {
  const { dev, ino, size, mtimeMs } = await handle.stat()
  return { dev, ino, size, mtimeMs }
}

export type { FileIdentity }
