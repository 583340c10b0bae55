/**
 * The layout of a search segment: one shard of the index (`shard-<xx>.idx`) as bytes, self-contained
 * (its own vocabulary, postings and positions), so that taking it back costs a few reads and a few
 * typed-array views over them, with no work per word.
 *
 * Layout (little-endian, every table 4-byte aligned from `tablesAt`):
 *
 *   header (12 × u32): "SWSI" · format · head bytes · text bytes · table bytes · CRC-32 of head and
 *                      tables · terms · passages · postings · positions · vocabulary bytes · flags
 *   head (JSON):       per article its id, stamp, speakers, number of passages, where its text is
 *                      (encoding, bytes) and the reference and text of its non-text passages
 *   texts:             the articles' texts one after the other, Latin-1 where they fit, else UTF-16LE;
 *                      left on disk when the segment is taken back, read for the articles shown
 *   tables:            vocabulary offsets (terms + 1) · each term's first posting (terms + 1) · each
 *                      posting's first position (postings + 1) · passage start, end, words (passages
 *                      each) · posting passages (u16, or u32 past 65,536 passages) · positions (word
 *                      index in the passage; u16, or u32 past 65,536 words) · passage kinds (u8) ·
 *                      the vocabulary, UTF-8, sorted bytewise (a prefix is a range of term ids) ·
 *                      the CRC-32 of each 4 KB block of the texts
 *
 * The texts sit before the tables so that a damaged byte near the end of the file is one the load
 * checks: the head and tables are checked whole when taken back (CRC, every offset and id in range,
 * the vocabulary strictly sorted); the texts by the blocks a snippet reads, when it reads them.
 *
 * Just over 500 lines on purpose: the encoder and the checks are two sides of one layout, kept side
 * by side so that a change to one is seen in the other.
 */
import { crc32 } from 'node:zlib'
import { KINDS, type StoredPassage } from './search-words'

/** Bumped whenever the layout or what is indexed changes: older files are then rebuilt. */
export const INDEX_FORMAT_VERSION = 3
const MAGIC = 0x49535753 // "SWSI" read as a little-endian u32
export const HEADER_BYTES = 48
const WIDE_PASSAGES = 1
const WIDE_POSITIONS = 2

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
  flags: number
  /** Where the texts begin, where the tables begin, and the length of the whole file. */
  textsAt: number
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
  /** Offset of its text in the texts, and its bytes. */
  textAt: number
  textBytes: number
  /** [passage index in the article, reference, own text] of the passages having either. */
  own: [number, string | null, string | null][]
}

export interface SegmentTables {
  vocabOffsets: Uint32Array
  termPostStart: Uint32Array
  postPosStart: Uint32Array
  passageStart: Uint32Array
  passageEnd: Uint32Array
  passageLength: Uint32Array
  postPassage: Uint16Array | Uint32Array
  positions: Uint16Array | Uint32Array
  passageKind: Uint8Array
  vocab: Uint8Array
  /** CRC-32 of each TEXT_BLOCK bytes of the texts (the last block shorter). */
  textCrcs: Uint32Array
}

export interface SegmentParts {
  header: SegmentHeader
  articles: ArticleEntry[]
  tables: SegmentTables
}

/** A segment encoded: its parts as written, and as taken back. */
export interface EncodedSegment {
  parts: SegmentParts
  /** The file's bytes, in pieces (header, head, texts, padding, tables). */
  pieces: Buffer[]
}

const align4 = (n: number) => n + ((4 - (n % 4)) % 4)

/** The texts are checked by blocks of this many bytes: a snippet reads and checks only the blocks it needs. */
export const TEXT_BLOCK = 4096
const textBlocks = (textBytes: number) => Math.ceil(textBytes / TEXT_BLOCK)

/** Whether `bytes`, the texts' blocks from block `first` on, match their CRCs. */
export function textBlocksCheck(crcs: Uint32Array, first: number, bytes: Uint8Array): boolean {
  for (let at = 0, b = first; at < bytes.length; at += TEXT_BLOCK, b++)
    if (b >= crcs.length || crc32(bytes.subarray(at, at + TEXT_BLOCK)) >>> 0 !== crcs[b]) return false
  return true
}

/** Where each table is, from the counts in the header; and the tables' total length. */
function layout(h: Omit<SegmentHeader, 'textsAt' | 'tablesAt' | 'fileBytes' | 'crc' | 'tablesBytes' | 'headBytes'>) {
  const passageWidth = h.flags & WIDE_PASSAGES ? 4 : 2
  const positionWidth = h.flags & WIDE_POSITIONS ? 4 : 2
  let at = 0
  const take = (bytes: number) => {
    const start = at
    at = align4(at + bytes)
    return start
  }
  const offsets = {
    vocabOffsets: take(4 * (h.termCount + 1)),
    termPostStart: take(4 * (h.termCount + 1)),
    postPosStart: take(4 * (h.postingCount + 1)),
    passageStart: take(4 * h.passageCount),
    passageEnd: take(4 * h.passageCount),
    passageLength: take(4 * h.passageCount),
    postPassage: take(passageWidth * h.postingCount),
    positions: take(positionWidth * h.positionCount),
    passageKind: take(h.passageCount),
    vocab: take(h.vocabBytes),
    textCrcs: take(4 * textBlocks(h.textBytes)),
  }
  return { offsets, bytes: at, passageWidth, positionWidth }
}

/** Views of the tables over `buffer` (4-byte aligned at `byteOffset`). */
function views(h: SegmentHeader, buffer: ArrayBuffer, byteOffset: number): SegmentTables {
  const { offsets: o, passageWidth, positionWidth } = layout(h)
  const u32 = (at: number, n: number) => new Uint32Array(buffer, byteOffset + at, n)
  return {
    vocabOffsets: u32(o.vocabOffsets, h.termCount + 1),
    termPostStart: u32(o.termPostStart, h.termCount + 1),
    postPosStart: u32(o.postPosStart, h.postingCount + 1),
    passageStart: u32(o.passageStart, h.passageCount),
    passageEnd: u32(o.passageEnd, h.passageCount),
    passageLength: u32(o.passageLength, h.passageCount),
    postPassage:
      passageWidth === 4
        ? u32(o.postPassage, h.postingCount)
        : new Uint16Array(buffer, byteOffset + o.postPassage, h.postingCount),
    positions:
      positionWidth === 4
        ? u32(o.positions, h.positionCount)
        : new Uint16Array(buffer, byteOffset + o.positions, h.positionCount),
    passageKind: new Uint8Array(buffer, byteOffset + o.passageKind, h.passageCount),
    vocab: new Uint8Array(buffer, byteOffset + o.vocab, h.vocabBytes),
    textCrcs: u32(o.textCrcs, textBlocks(h.textBytes)),
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
  let longest = 0
  for (const a of articles) {
    for (let j = 0; j < a.tokens.length; j++) used[a.tokens[j]] = 1
    for (const p of a.passages) longest = Math.max(longest, p.tokens)
    passageCount += a.passages.length
  }
  // Ranks: the used words sorted as their UTF-8 bytes sort (code point order); equal spellings share one.
  const words = [...new Set(vocabulary.filter((_, t) => used[t] === 1))].sort()
  if (words.some(hasSurrogate)) words.sort(byCodePoint)
  const rankOf = new Map(words.map((w, r) => [w, r]))
  const rank = new Int32Array(v).fill(-1)
  for (let t = 0; t < v; t++) if (used[t]) rank[t] = rankOf.get(vocabulary[t])!
  const termCount = words.length
  // Counting pass: postings (distinct passages) and positions per term.
  const postCount = new Uint32Array(termCount)
  const posCount = new Uint32Array(termCount)
  const last = new Int32Array(termCount).fill(-1)
  let passage = 0
  for (const a of articles) {
    let at = 0
    for (const p of a.passages) {
      for (let j = at; j < at + p.tokens; j++) {
        const r = rank[a.tokens[j]]
        posCount[r]++
        if (last[r] !== passage) {
          last[r] = passage
          postCount[r]++
        }
      }
      at += p.tokens
      passage++
    }
  }
  let postingCount = 0
  let positionCount = 0
  for (let r = 0; r < termCount; r++) {
    postingCount += postCount[r]
    positionCount += posCount[r]
  }
  const vocabBytes = words.reduce((n, w) => n + Buffer.byteLength(w, 'utf8'), 0)
  const flags = (passageCount > 0x10000 ? WIDE_PASSAGES : 0) | (longest > 0x10000 ? WIDE_POSITIONS : 0)
  // The head and texts, to know the header.
  let textAt = 0
  const texts: Buffer[] = []
  const entries: ArticleEntry[] = articles.map((a) => {
    const encoding = isLatin1(a.text) ? 'latin1' : 'utf16le'
    const bytes = Buffer.from(a.text, encoding)
    texts.push(bytes)
    const own: ArticleEntry['own'] = []
    a.passages.forEach((p, i) => {
      if (p.ref !== undefined || p.text !== undefined) own.push([i, p.ref ?? null, p.text ?? null])
    })
    const entry: ArticleEntry = {
      id: a.id,
      stamp: a.stamp,
      speakers: a.speakers,
      passages: a.passages.length,
      encoding,
      textAt,
      textBytes: bytes.length,
      own,
    }
    textAt += bytes.length
    return entry
  })
  const head = Buffer.from(
    JSON.stringify(entries.map((e) => [e.id, e.stamp, e.speakers, e.passages, e.encoding, e.textBytes, e.own])),
    'utf8',
  )
  const counts = { termCount, passageCount, postingCount, positionCount, vocabBytes, flags, textBytes: textAt }
  const { bytes: tablesBytes } = layout(counts)
  const buffer = new ArrayBuffer(tablesBytes)
  const header = headerOf({ ...counts, headBytes: head.length, tablesBytes, crc: 0 })
  const tables = views(header, buffer, 0)
  const allTexts = Buffer.concat(texts)
  for (let b = 0; b < tables.textCrcs.length; b++)
    tables.textCrcs[b] = crc32(allTexts.subarray(b * TEXT_BLOCK, (b + 1) * TEXT_BLOCK)) >>> 0

  // Filling pass.
  const postCursor = new Uint32Array(termCount)
  const posCursor = new Uint32Array(termCount)
  for (let r = 0, k = 0, w = 0; r < termCount; r++) {
    tables.termPostStart[r] = k
    postCursor[r] = k
    posCursor[r] = w
    k += postCount[r]
    w += posCount[r]
  }
  tables.termPostStart[termCount] = postingCount
  tables.postPosStart[postingCount] = positionCount
  last.fill(-1)
  passage = 0
  for (const a of articles) {
    let at = 0
    for (const p of a.passages) {
      tables.passageStart[passage] = p.start
      tables.passageEnd[passage] = p.end
      tables.passageLength[passage] = p.tokens
      tables.passageKind[passage] = KINDS.indexOf(p.kind)
      for (let j = 0; j < p.tokens; j++) {
        const r = rank[a.tokens[at + j]]
        if (last[r] !== passage) {
          last[r] = passage
          const k = postCursor[r]++
          tables.postPassage[k] = passage
          tables.postPosStart[k] = posCursor[r]
        }
        tables.positions[posCursor[r]++] = j
      }
      at += p.tokens
      passage++
    }
  }
  const vocab = Buffer.from(tables.vocab.buffer, tables.vocab.byteOffset, tables.vocab.length)
  let byte = 0
  words.forEach((w, r) => {
    tables.vocabOffsets[r] = byte
    byte += vocab.write(w, byte, 'utf8')
  })
  tables.vocabOffsets[termCount] = byte

  const tableBytes = new Uint8Array(buffer)
  header.crc = crc32(tableBytes, crc32(head)) >>> 0
  const headerBytes = Buffer.alloc(HEADER_BYTES)
  ;[
    MAGIC,
    INDEX_FORMAT_VERSION,
    header.headBytes,
    header.textBytes,
    header.tablesBytes,
    header.crc,
    header.termCount,
    header.passageCount,
    header.postingCount,
    header.positionCount,
    header.vocabBytes,
    header.flags,
  ].forEach((value, i) => headerBytes.writeUInt32LE(value, 4 * i))
  const padding = Buffer.alloc(header.tablesAt - header.textsAt - header.textBytes)
  return {
    parts: { header, articles: entries, tables },
    pieces: [headerBytes, head, ...texts, padding, Buffer.from(buffer)],
  }
}

function headerOf(h: Omit<SegmentHeader, 'textsAt' | 'tablesAt' | 'fileBytes'>): SegmentHeader {
  const textsAt = HEADER_BYTES + h.headBytes
  const tablesAt = align4(textsAt + h.textBytes)
  return { ...h, textsAt, tablesAt, fileBytes: tablesAt + h.tablesBytes }
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
    flags: u32(11),
  })
  if (header.flags > 3 || layout(header).bytes !== header.tablesBytes || header.fileBytes !== fileBytes) return null
  return header
}

/**
 * The segment in a head and tables read from a file (the tables 4-byte aligned), if every field, offset
 * and id in them checks; null otherwise (never trusted, never thrown). `checksum: false` leaves the CRC
 * to the caller (checksumHolds(), later): every structural check is still made, so that nothing a query
 * reads is out of range, only a damaged value that stays in range goes unseen until then.
 */
export function parseSegment(
  header: SegmentHeader,
  head: Buffer,
  tableBytes: Uint8Array,
  { checksum = true } = {},
): SegmentParts | null {
  if (head.length !== header.headBytes || tableBytes.length !== header.tablesBytes || tableBytes.byteOffset % 4 !== 0) return null
  if (checksum && !checksumHolds(header, head, tableBytes)) return null
  const articles = parseHead(head, header)
  if (!articles) return null
  const tables = views(header, tableBytes.buffer as ArrayBuffer, tableBytes.byteOffset)
  return checkTables(header, articles, tables) ? { header, articles, tables } : null
}

/** Whether the head and tables are the bytes written (their CRC-32). */
export function checksumHolds(header: SegmentHeader, head: Uint8Array, tableBytes: Uint8Array): boolean {
  return crc32(tableBytes, crc32(head)) >>> 0 === header.crc
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
    textAt += textBytes
    passages += count
  }
  return textAt === header.textBytes && passages === header.passageCount ? out : null
}

/** Whether the tables hold together: offsets ascending and in range, ids in range, vocabulary sorted. */
function checkTables(h: SegmentHeader, articles: ArticleEntry[], t: SegmentTables): boolean {
  const ascending = (a: Uint32Array, end: number, strict: boolean) => {
    if (a[0] !== 0 || a[a.length - 1] !== end) return false
    for (let i = 1; i < a.length; i++) if (a[i] < a[i - 1] || (strict && a[i] === a[i - 1])) return false
    return true
  }
  if (!ascending(t.vocabOffsets, h.vocabBytes, true) || !ascending(t.termPostStart, h.postingCount, true)) return false
  if (!ascending(t.postPosStart, h.positionCount, true)) return false
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
    const own = new Map(a.own.map(([i, , text]) => [i, text]))
    for (let i = 0; i < a.passages; i++, p++) {
      const kind = t.passageKind[p]
      if (kind >= KINDS.length || t.passageStart[p] > t.passageEnd[p] || t.passageEnd[p] > length) return false
      if ((kind === 0) !== ((own.get(i) ?? null) === null)) return false
    }
  }
  // Postings: passages ascending within a term; positions ascending within a posting, inside the passage.
  const { termPostStart, postPassage, postPosStart, positions, passageLength } = t
  for (let r = 0; r < h.termCount; r++) {
    let previous = -1
    for (let k = termPostStart[r]; k < termPostStart[r + 1]; k++) {
      const passage = postPassage[k]
      if (passage <= previous || passage >= h.passageCount) return false
      previous = passage
      const length = passageLength[passage]
      let before = -1
      for (let w = postPosStart[k]; w < postPosStart[k + 1]; w++) {
        if (positions[w] <= before || positions[w] >= length) return false
        before = positions[w]
      }
    }
  }
  return true
}

/**
 * A whole shard file checked: its header, head and tables, and every block of its texts against its
 * CRC. What tests and tools use to tell whether a file on disk is whole.
 */
export function decodeShard(bytes: Buffer): SegmentParts | null {
  const header = readHeader(bytes, bytes.length)
  if (!header) return null
  const head = bytes.subarray(HEADER_BYTES, header.textsAt)
  let tables: Uint8Array = bytes.subarray(header.tablesAt, header.fileBytes)
  if (tables.byteOffset % 4 !== 0) tables = new Uint8Array(tables) // a copy of its own, aligned
  const parts = parseSegment(header, head, tables)
  if (!parts) return null
  const texts = bytes.subarray(header.textsAt, header.textsAt + header.textBytes)
  return textBlocksCheck(parts.tables.textCrcs, 0, texts) ? parts : null
}

/** Whether `word` has a character past U+FFFF (a surrogate pair, which sorts differently in UTF-16). */
function hasSurrogate(word: string): boolean {
  for (let i = 0; i < word.length; i++) if ((word.charCodeAt(i) & 0xf800) === 0xd800) return true
  return false
}

/** Code point order (that of UTF-8 bytes): UTF-16 order, except that surrogates sort after U+E000–U+FFFF. */
function byCodePoint(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    const xs = (x & 0xf800) === 0xd800
    const ys = (y & 0xf800) === 0xd800
    if (xs !== ys && (xs ? y : x) >= 0xe000) return xs ? 1 : -1
    return x - y
  }
  return a.length - b.length
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
  const [i, ref, text] = value as unknown[]
  return isIndex(i) && i < count && (ref === null || typeof ref === 'string') && (text === null || typeof text === 'string')
}
