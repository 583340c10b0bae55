/**
 * The layout of a search segment: one shard of the index (`shard-<xx>.idx`) as bytes, self-contained
 * (its own vocabulary, postings and positions), so that taking it back costs a few reads and a few
 * typed-array views over them, with no work per word.
 *
 * Layout (little-endian, every table 4-byte aligned from `tablesAt`):
 *
 *   header (14 × u32): "SWSI" · format · head bytes · text bytes · table bytes · CRC-32 of the header
 *                      (this field zero), head and tables · terms · passages · postings · positions ·
 *                      vocabulary bytes · pair minimum (pair-terms.ts) · posting bytes · position bytes
 *   head (JSON):       per article its id, stamp, speakers, number of passages, where its text is
 *                      (encoding, bytes) and the reference and text length of its non-text passages
 *   texts:             each article's text then the texts of its own passages (annotations, entities),
 *                      one article after the other, Latin-1 where they all fit, else UTF-16LE; left
 *                      on disk when the segment is taken back, read for the passages shown
 *   postings:          the postings, then the positions, compressed (postings.ts: passage gaps, counts
 *                      and position gaps as variable-length integers), term after term; left on disk
 *                      too, a term's run read when a query opens it (shard-file.ts)
 *   tables:            vocabulary offsets (terms + 1) · each term's first posting, first posting byte
 *                      and first position byte (terms + 1 each) · passage start, end, words (passages
 *                      each) · passage kinds (u8) · the vocabulary, UTF-8, sorted bytewise (a prefix is
 *                      a range of term ids; the pairs of common words first: pair-terms.ts) · the
 *                      CRC-32 of each 4 KB block of the texts, and of the postings
 *
 * Only the head and the tables are held in memory (format 4 held the postings too: at 100,000
 * articles most of the index, read whole at every warm start). The texts and postings sit before the
 * tables so that a damaged byte near the end of the file is one the checks see. Taking a shard back
 * checks its header and head (parseSegment()); its tables are checked when a query first reaches it,
 * or in the background before then (verifySegment(): their CRC, every offset in range and ascending,
 * the vocabulary strictly sorted); the postings by the blocks a query reads, against their CRCs, and
 * their own numbers as it walks them (postings.ts); the texts by the blocks a snippet reads.
 *
 * Close to 600 lines on purpose: the encoder and the checks are two sides of one layout, kept side
 * by side so that a change to one is seen in the other.
 */
import { crc32 } from 'node:zlib'
import { compressPostings, MemoryPostings, postingsHold, type PostingTables } from './postings'
import { BLOCK, blocksCheck } from './shard-file'
import { sortByCodePoint } from './code-point-order'
import { commonPairs } from './pair-terms'
import { KINDS, type StoredPassage } from './search-words'

/** Bumped whenever the layout or what is indexed changes: older files are then rebuilt. */
export const INDEX_FORMAT_VERSION = 6
const MAGIC = 0x49535753 // "SWSI" read as a little-endian u32
export const HEADER_BYTES = 56

/** One article in its expanded form (what is encoded): `tokens` are ids into its shard's vocabulary. */
export interface StoredArticle {
  id: string
  /** What it was indexed from: `<content hash>:<annotation files' latest mtime>` ('' when unknown). */
  stamp: string
  /** [entity id, name] of the speakers its quotes were indexed with. */
  speakers: [string, string][]
  text: string
  passages: StoredPassage[]
  tokens: ArrayLike<number>
}

export interface StoredShard {
  vocabulary: readonly string[]
  articles: readonly StoredArticle[]
}

export interface SegmentHeader {
  headBytes: number
  textBytes: number
  tablesBytes: number
  crc: number
  termCount: number
  passageCount: number
  postingCount: number
  positionCount: number
  vocabBytes: number
  /**
   * The fewest passages a word is in for its pairs to be indexed (0: no pairs): see commonPairs().
   */
  pairMin: number
  docBytes: number
  positionBytes: number
  /** Where the texts begin, the postings, the tables, and the length of the whole file. */
  textsAt: number
  postingsAt: number
  tablesAt: number
  fileBytes: number
}

/** An article as the head describes it. */
export interface ArticleEntry {
  id: string
  stamp: string
  speakers: [string, string][]
  passages: number
  encoding: 'latin1' | 'utf16le'
  /** Offset of its text in the texts, and its bytes (its own passages' texts follow it). */
  textAt: number
  textBytes: number
  /**
   * [passage index in the article, reference, length of its own text] of the passages having either
   * (null: no text of its own). The texts are in the file, after the article's (format 5: in the head
   * before, most of it at 100,000 articles and all of it parsed at every warm start).
   */
  own: [number, string | null, number | null][]
}

export interface SegmentTables extends PostingTables {
  vocabOffsets: Uint32Array
  passageStart: Uint32Array
  passageEnd: Uint32Array
  passageLength: Uint32Array
  passageKind: Uint8Array
  vocab: Uint8Array
  /** CRC-32 of each BLOCK bytes of the texts, and of the postings (the last block of each shorter). */
  textCrcs: Uint32Array
  postingCrcs: Uint32Array
}

export interface SegmentParts {
  header: SegmentHeader
  articles: ArticleEntry[]
  tables: SegmentTables
  /** The postings, when in memory (a segment encoded here, or a whole file checked); null: in the file. */
  postings: MemoryPostings | null
  /** The texts likewise (the bytes of the texts run). */
  texts: Uint8Array | null
}

/** A segment encoded: its parts as written, and as taken back. */
export interface EncodedSegment {
  parts: SegmentParts
  /** The file's bytes, in pieces (header, head, texts, padding, tables). */
  pieces: Buffer[]
}

const align4 = (n: number) => n + ((4 - (n % 4)) % 4)

/** How many blocks of BLOCK bytes (checked by one CRC each: a read checks only the blocks it needs). */
const blocks = (bytes: number) => Math.ceil(bytes / BLOCK)

/** The CRC of each block of `bytes`. */
function blockCrcs(bytes: Uint8Array, out: Uint32Array): void {
  for (let b = 0; b < out.length; b++) out[b] = crc32(bytes.subarray(b * BLOCK, (b + 1) * BLOCK)) >>> 0
}

/** Where each table is, from the counts in the header; and the tables' total length. */
function layout(
  h: Omit<SegmentHeader, 'textsAt' | 'postingsAt' | 'tablesAt' | 'fileBytes' | 'crc' | 'tablesBytes' | 'headBytes'>,
) {
  let at = 0
  const take = (bytes: number) => {
    const start = at
    at = align4(at + bytes)
    return start
  }
  const offsets = {
    vocabOffsets: take(4 * (h.termCount + 1)),
    termPostStart: take(4 * (h.termCount + 1)),
    termDocsAt: take(4 * (h.termCount + 1)),
    termPositionsAt: take(4 * (h.termCount + 1)),
    passageStart: take(4 * h.passageCount),
    passageEnd: take(4 * h.passageCount),
    passageLength: take(4 * h.passageCount),
    passageKind: take(h.passageCount),
    vocab: take(h.vocabBytes),
    textCrcs: take(4 * blocks(h.textBytes)),
    postingCrcs: take(4 * blocks(h.docBytes + h.positionBytes)),
  }
  return { offsets, bytes: at }
}

/** Views of the tables over `buffer` (4-byte aligned at `byteOffset`). */
function views(h: SegmentHeader, buffer: ArrayBuffer, byteOffset: number): SegmentTables {
  const { offsets: o } = layout(h)
  const u32 = (at: number, n: number) => new Uint32Array(buffer, byteOffset + at, n)
  return {
    vocabOffsets: u32(o.vocabOffsets, h.termCount + 1),
    termPostStart: u32(o.termPostStart, h.termCount + 1),
    termDocsAt: u32(o.termDocsAt, h.termCount + 1),
    termPositionsAt: u32(o.termPositionsAt, h.termCount + 1),
    passageStart: u32(o.passageStart, h.passageCount),
    passageEnd: u32(o.passageEnd, h.passageCount),
    passageLength: u32(o.passageLength, h.passageCount),
    passageKind: new Uint8Array(buffer, byteOffset + o.passageKind, h.passageCount),
    vocab: new Uint8Array(buffer, byteOffset + o.vocab, h.vocabBytes),
    textCrcs: u32(o.textCrcs, blocks(h.textBytes)),
    postingCrcs: u32(o.postingCrcs, blocks(h.docBytes + h.positionBytes)),
  }
}

/**
 * Encodes a shard: its postings are built here (a counting pass, then a filling pass over the words),
 * the vocabulary keeps only the words used, sorted bytewise (equal spellings become one term).
 */
export function encodeShard({ vocabulary, articles }: StoredShard): EncodedSegment {
  const v = vocabulary.length
  const used = new Uint8Array(v)
  let passageCount = 0
  for (const a of articles) {
    for (let j = 0; j < a.tokens.length; j++) used[a.tokens[j]] = 1
    passageCount += a.passages.length
  }
  // Ranks: the used words sorted as their UTF-8 bytes sort (code point order); equal spellings share one.
  const words = sortByCodePoint([...new Set(vocabulary.filter((_, t) => used[t] === 1))])
  const rankOf = new Map(words.map((w, r) => [w, r]))
  const wordRank = new Int32Array(v).fill(-1)
  for (let t = 0; t < v; t++) if (used[t]) wordRank[t] = rankOf.get(vocabulary[t])!
  // The pairs of common words come first (their key sorts before every word), the words after them.
  const pairs = commonPairs(articles, wordRank, words, passageCount)
  const { common, slot, width: C } = pairs
  const first = pairs.keys.length
  const terms = [...pairs.keys, ...words]
  const termCount = terms.length
  /** The pair term at word j of a passage and the word after it (-1: none); `w` is word j's rank. */
  const pairAt = (tokens: ArrayLike<number>, j: number, end: number, w: number): number => {
    if (first === 0 || j + 1 >= end || common[w] < 0) return -1
    const c = common[wordRank[tokens[j + 1]]]
    return c < 0 ? -1 : slot[common[w] * C + c]
  }
  // Counting pass: postings (distinct passages) and positions per term.
  const postCount = new Uint32Array(termCount)
  const posCount = new Uint32Array(termCount)
  const last = new Int32Array(termCount).fill(-1)
  const count = (r: number, passage: number) => {
    posCount[r]++
    if (last[r] !== passage) {
      last[r] = passage
      postCount[r]++
    }
  }
  let passage = 0
  for (const a of articles) {
    let at = 0
    for (const p of a.passages) {
      const end = at + p.tokens
      for (let j = at; j < end; j++) {
        const w = wordRank[a.tokens[j]]
        count(first + w, passage)
        const q = pairAt(a.tokens, j, end, w)
        if (q >= 0) count(q, passage)
      }
      at = end
      passage++
    }
  }
  let postingCount = 0
  let positionCount = 0
  for (let r = 0; r < termCount; r++) {
    postingCount += postCount[r]
    positionCount += posCount[r]
  }
  const vocabBytes = terms.reduce((n, w) => n + Buffer.byteLength(w, 'utf8'), 0)
  // Filling pass: postings and positions at full width, then compressed.
  const termPostStart = new Uint32Array(termCount + 1)
  const postPassage = new Uint32Array(postingCount)
  const postPosStart = new Uint32Array(postingCount + 1)
  const positions = new Uint32Array(positionCount)
  const postCursor = new Uint32Array(termCount)
  const posCursor = new Uint32Array(termCount)
  for (let r = 0, k = 0, w = 0; r < termCount; r++) {
    termPostStart[r] = k
    postCursor[r] = k
    posCursor[r] = w
    k += postCount[r]
    w += posCount[r]
  }
  termPostStart[termCount] = postingCount
  postPosStart[postingCount] = positionCount
  last.fill(-1)
  const fill = (r: number, passage: number, position: number) => {
    if (last[r] !== passage) {
      last[r] = passage
      const k = postCursor[r]++
      postPassage[k] = passage
      postPosStart[k] = posCursor[r]
    }
    positions[posCursor[r]++] = position
  }
  passage = 0
  for (const a of articles) {
    let at = 0
    for (const p of a.passages) {
      const end = at + p.tokens
      for (let j = at; j < end; j++) {
        const w = wordRank[a.tokens[j]]
        fill(first + w, passage, j - at)
        const q = pairAt(a.tokens, j, end, w)
        if (q >= 0) fill(q, passage, j - at)
      }
      at = end
      passage++
    }
  }
  const compressed = compressPostings(termPostStart, postPassage, postPosStart, positions)
  const docBytes = compressed.docs.length
  const positionBytes = compressed.positions.length
  // The head and texts, to know the header.
  let textAt = 0
  const texts: Buffer[] = []
  const entries: ArticleEntry[] = articles.map((a) => {
    const own: ArticleEntry['own'] = []
    const ownTexts: string[] = []
    a.passages.forEach((p, i) => {
      if (p.ref === undefined && p.text === undefined) return
      own.push([i, p.ref ?? null, p.text?.length ?? null])
      if (p.text !== undefined) ownTexts.push(p.text)
    })
    const all = a.text + ownTexts.join('')
    const encoding = isLatin1(all) ? 'latin1' : 'utf16le'
    const bytes = Buffer.from(all, encoding)
    texts.push(bytes)
    const entry: ArticleEntry = {
      id: a.id,
      stamp: a.stamp,
      speakers: a.speakers,
      passages: a.passages.length,
      encoding,
      textAt,
      textBytes: encoding === 'latin1' ? a.text.length : 2 * a.text.length,
      own,
    }
    textAt += bytes.length
    return entry
  })
  const head = Buffer.from(
    JSON.stringify(entries.map((e) => [e.id, e.stamp, e.speakers, e.passages, e.encoding, e.textBytes, e.own])),
    'utf8',
  )
  const counts = {
    termCount,
    passageCount,
    postingCount,
    positionCount,
    vocabBytes,
    pairMin: pairs.pairMin,
    docBytes,
    positionBytes,
    textBytes: textAt,
  }
  const { bytes: tablesBytes } = layout(counts)
  const buffer = new ArrayBuffer(tablesBytes)
  const header = headerOf({ ...counts, headBytes: head.length, tablesBytes, crc: 0 })
  const tables = views(header, buffer, 0)
  const textBytes = Buffer.concat(texts)
  blockCrcs(textBytes, tables.textCrcs)
  const postingBytes = Buffer.alloc(docBytes + positionBytes)
  postingBytes.set(compressed.docs)
  postingBytes.set(compressed.positions, docBytes)
  blockCrcs(postingBytes, tables.postingCrcs)

  tables.vocabOffsets.set(vocabOffsetsOf(terms))
  tables.termPostStart.set(termPostStart)
  tables.termDocsAt.set(compressed.termDocsAt)
  tables.termPositionsAt.set(compressed.termPositionsAt)
  passage = 0
  for (const a of articles)
    for (const p of a.passages) {
      tables.passageStart[passage] = p.start
      tables.passageEnd[passage] = p.end
      tables.passageLength[passage] = p.tokens
      tables.passageKind[passage] = KINDS.indexOf(p.kind)
      passage++
    }
  Buffer.from(tables.vocab.buffer, tables.vocab.byteOffset, tables.vocab.length).write(terms.join(''), 'utf8')

  const tableBytes = new Uint8Array(buffer)
  header.crc = tablesCrc(header, head, tableBytes)
  const headerBytes = headerBytesOf(header)
  const padding = Buffer.alloc(header.tablesAt - header.postingsAt - postingBytes.length)
  return {
    parts: { header, articles: entries, tables, postings: new MemoryPostings(postingBytes, docBytes), texts: textBytes },
    pieces: [headerBytes, head, textBytes, postingBytes, padding, Buffer.from(buffer)],
  }
}

/** Each word's first byte in the vocabulary (UTF-8), and its end. */
function vocabOffsetsOf(words: readonly string[]): Uint32Array {
  const out = new Uint32Array(words.length + 1)
  for (let r = 0; r < words.length; r++) out[r + 1] = out[r] + Buffer.byteLength(words[r], 'utf8')
  return out
}

function headerOf(h: Omit<SegmentHeader, 'textsAt' | 'postingsAt' | 'tablesAt' | 'fileBytes'>): SegmentHeader {
  const textsAt = HEADER_BYTES + h.headBytes
  const postingsAt = textsAt + h.textBytes
  const tablesAt = align4(postingsAt + h.docBytes + h.positionBytes)
  return { ...h, textsAt, postingsAt, tablesAt, fileBytes: tablesAt + h.tablesBytes }
}

/** The header in the file's first HEADER_BYTES, if it is one of this format with consistent sizes. */
export function readHeader(bytes: Uint8Array, fileBytes: number): SegmentHeader | null {
  if (bytes.length < HEADER_BYTES) return null
  const view = new DataView(bytes.buffer, bytes.byteOffset, HEADER_BYTES)
  const u32 = (i: number) => view.getUint32(4 * i, true)
  if (u32(0) !== MAGIC || u32(1) !== INDEX_FORMAT_VERSION) return null
  const header = headerOf({
    headBytes: u32(2),
    textBytes: u32(3),
    tablesBytes: u32(4),
    crc: u32(5),
    termCount: u32(6),
    passageCount: u32(7),
    postingCount: u32(8),
    positionCount: u32(9),
    vocabBytes: u32(10),
    pairMin: u32(11),
    docBytes: u32(12),
    positionBytes: u32(13),
  })
  if (layout(header).bytes !== header.tablesBytes || header.fileBytes !== fileBytes) return null
  return header
}

/**
 * The segment in a head and tables read from a file (the tables 4-byte aligned), if the head's every
 * field checks; null otherwise (never trusted, never thrown). Its tables are not checked yet:
 * verifySegment() before anything in them is used.
 */
export function parseSegment(header: SegmentHeader, head: Buffer, tableBytes: Uint8Array): SegmentParts | null {
  if (head.length !== header.headBytes || tableBytes.length !== header.tablesBytes || tableBytes.byteOffset % 4 !== 0) return null
  const articles = parseHead(head, header)
  if (!articles) return null
  return {
    header,
    articles,
    tables: views(header, tableBytes.buffer as ArrayBuffer, tableBytes.byteOffset),
    postings: null,
    texts: null,
  }
}

/**
 * Whether a segment's head and tables are the bytes written (their CRC-32) and hold together (every
 * offset ascending and in range, the vocabulary strictly sorted, passages inside their texts): then a
 * query may search them, the postings' own numbers checked as it reads them (postings.ts). A pass over
 * the tables' bytes (at 10,000 articles ~120 KB a shard), no work per posting.
 */
export function verifySegment({ header, articles, tables }: SegmentParts, head: Uint8Array, tableBytes: Uint8Array): boolean {
  return tablesCrc(header, head, tableBytes) === header.crc && checkTables(header, articles, tables)
}

/** The header as written (its CRC field as `crc`). */
function headerBytesOf(header: SegmentHeader, crc = header.crc): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES)
  ;[
    MAGIC,
    INDEX_FORMAT_VERSION,
    header.headBytes,
    header.textBytes,
    header.tablesBytes,
    crc,
    header.termCount,
    header.passageCount,
    header.postingCount,
    header.positionCount,
    header.vocabBytes,
    header.pairMin,
    header.docBytes,
    header.positionBytes,
  ].forEach((value, i) => bytes.writeUInt32LE(value, 4 * i))
  return bytes
}

/**
 * The CRC-32 of a segment's header (its CRC field zero), head and tables: a count no table's length
 * checks (the pair minimum: a wrong one would look pairs up where none are indexed, or take them for
 * words) is checked too.
 */
function tablesCrc(header: SegmentHeader, head: Uint8Array, tableBytes: Uint8Array): number {
  return crc32(tableBytes, crc32(head, crc32(headerBytesOf(header, 0)))) >>> 0
}

/** The articles of the head, if every field is as written. */
function parseHead(head: Buffer, header: SegmentHeader): ArticleEntry[] | null {
  let rows: unknown
  try {
    rows = JSON.parse(head.toString('utf8'))
  } catch {
    return null
  }
  if (!Array.isArray(rows)) return null
  const out: ArticleEntry[] = []
  let textAt = 0
  let passages = 0
  for (const row of rows as unknown[]) {
    if (!Array.isArray(row) || row.length !== 7) return null
    const [id, stamp, speakers, count, encoding, textBytes, own] = row as unknown[]
    if (typeof id !== 'string' || typeof stamp !== 'string' || !isIndex(count) || !isIndex(textBytes)) return null
    if ((encoding !== 'latin1' && encoding !== 'utf16le') || (encoding === 'utf16le' && textBytes % 2 !== 0)) return null
    if (!Array.isArray(speakers) || !speakers.every(isStringPair)) return null
    if (!Array.isArray(own) || !own.every((o) => isOwn(o, count))) return null
    // In passage order, as written (own-passages.ts looks them up so).
    if (!own.every((o, k) => k === 0 || (o as [number])[0] > (own[k - 1] as [number])[0])) return null
    const width = encoding === 'latin1' ? 1 : 2
    let ownBytes = 0
    for (const [, , chars] of own as ArticleEntry['own']) ownBytes += width * (chars ?? 0)
    out.push({
      id,
      stamp,
      speakers: speakers as [string, string][],
      passages: count,
      encoding,
      textAt,
      textBytes,
      own: own as ArticleEntry['own'],
    })
    textAt += textBytes + ownBytes
    passages += count
  }
  return textAt === header.textBytes && passages === header.passageCount ? out : null
}

/** Whether the tables hold together: offsets ascending and in range, kinds known, vocabulary sorted. */
function checkTables(h: SegmentHeader, articles: ArticleEntry[], t: SegmentTables): boolean {
  const ascending = (a: Uint32Array, end: number) => {
    if (a[0] !== 0 || a[a.length - 1] !== end) return false
    for (let i = 1; i < a.length; i++) if (a[i] <= a[i - 1]) return false
    return true
  }
  // Each term has a word, a passage, and at least one byte of postings and of positions.
  if (!ascending(t.vocabOffsets, h.vocabBytes) || !ascending(t.termPostStart, h.postingCount)) return false
  if (!ascending(t.termDocsAt, h.docBytes) || !ascending(t.termPositionsAt, h.positionBytes)) return false
  // Terms strictly ascending, bytewise.
  const { vocab, vocabOffsets } = t
  for (let r = 1; r < h.termCount; r++) {
    const a = vocabOffsets[r - 1]
    const b = vocabOffsets[r]
    const aEnd = b
    const bEnd = vocabOffsets[r + 1]
    let i = 0
    while (a + i < aEnd && b + i < bEnd && vocab[a + i] === vocab[b + i]) i++
    // Equal up to the shorter: the first must be the shorter; else its byte must be the smaller.
    if (b + i === bEnd || (a + i < aEnd && vocab[a + i] > vocab[b + i])) return false
  }
  // Passages: kinds, and offsets within their article's text.
  let p = 0
  for (const a of articles) {
    const length = a.encoding === 'latin1' ? a.textBytes : a.textBytes / 2
    // Its own passages (ascending, as parseHead() checked), walked alongside: no map per article.
    const { own } = a
    let k = 0
    for (let i = 0; i < a.passages; i++, p++) {
      const kind = t.passageKind[p]
      if (kind >= KINDS.length || t.passageStart[p] > t.passageEnd[p] || t.passageEnd[p] > length) return false
      while (k < own.length && own[k][0] < i) k++
      const chars = k < own.length && own[k][0] === i ? own[k][2] : null
      if ((kind === 0) !== (chars === null)) return false
    }
  }
  return true
}

/**
 * A whole shard file checked: its header, head and tables, every block of its texts and postings
 * against its CRC, and every posting read through. What tests and tools use to tell whether a file on
 * disk is whole (its postings then in memory).
 */
export function decodeShard(bytes: Buffer): SegmentParts | null {
  const header = readHeader(bytes, bytes.length)
  if (!header) return null
  const head = bytes.subarray(HEADER_BYTES, header.textsAt)
  let tables: Uint8Array = bytes.subarray(header.tablesAt, header.fileBytes)
  if (tables.byteOffset % 4 !== 0) tables = new Uint8Array(tables) // a copy of its own, aligned
  const parts = parseSegment(header, head, tables)
  if (!parts || !verifySegment(parts, head, tables)) return null
  const whole = checkTextsAndPostings(
    header,
    parts.tables,
    bytes.subarray(header.textsAt, header.postingsAt + header.docBytes + header.positionBytes),
  )
  if (!whole) return null
  return postingsHold(parts.tables, whole.postings, header.passageCount, header.postingCount) ? { ...parts, ...whole } : null
}

/**
 * Whether `bytes`, the run of texts and postings of a segment read whole (from `textsAt` to the
 * tables), match their CRCs; then the two, in memory. Null when they do not.
 */
export function checkTextsAndPostings(
  header: SegmentHeader,
  tables: SegmentTables,
  bytes: Uint8Array,
): { texts: Uint8Array; postings: MemoryPostings } | null {
  const postingBytes = header.docBytes + header.positionBytes
  if (bytes.length !== header.textBytes + postingBytes) return null
  const texts = bytes.subarray(0, header.textBytes)
  const postings = bytes.subarray(header.textBytes)
  if (!blocksCheck(tables.textCrcs, 0, texts) || !blocksCheck(tables.postingCrcs, 0, postings)) return null
  return { texts, postings: new MemoryPostings(postings, header.docBytes) }
}

/** Whether every character of `text` fits in one Latin-1 byte. */
function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false
  return true
}

function isIndex(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0
}

function isStringPair(value: unknown): boolean {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string'
}

function isOwn(value: unknown, count: number): boolean {
  if (!Array.isArray(value) || value.length !== 3) return false
  const [i, ref, chars] = value as unknown[]
  return isIndex(i) && i < count && (ref === null || typeof ref === 'string') && (chars === null || isIndex(chars))
}
