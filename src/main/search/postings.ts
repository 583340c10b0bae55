/**
 * A segment's postings as bytes (format 6, segment-codec.ts), and the reader that walks them.
 *
 * Each term has two runs of bytes: its postings (per passage holding it: the gap from the previous
 * passage, less one, then how many times it is there, less one) and its positions (per posting, the
 * word's indexes in the passage: the first, then each gap less one), every number a variable-length
 * integer of 1–4 bytes (7 bits a byte, low first, high bit set while more follow). Most gaps and
 * counts fit in one byte: ~2.5× smaller than fixed-width tables, so less to read, check and hold.
 *
 * The reader never trusts them: every number read is checked against the segment's counts (a passage
 * in range, a position inside its passage, never past the term's bytes), and the work is bounded by
 * the term's bytes (each posting costs at least two), so a damaged table can cost a query no more
 * than its length: it throws SegmentDamaged, and the segment is dropped and rebuilt.
 *
 * The bytes themselves are not held by the tables: a reader asks a PostingBytes for a term's run when
 * it opens the term, from memory (a segment encoded here) or from the segment's file (one read of the
 * 4 KB blocks holding it, each checked against its CRC: shard-file.ts). A query thus holds and reads
 * only the postings of its own words; the rest stay on disk.
 */

/** Thrown by a reader on bytes no encoder writes: the segment is damaged. */
export class SegmentDamaged extends Error {
  constructor() {
    super('A search index segment is damaged.')
  }
}

/** The tables a reader walks (segment-codec.ts's SegmentTables has them). */
export interface PostingTables {
  /** Each term's first posting (how many passages hold the terms before it). */
  termPostStart: Uint32Array
  /** Each term's first byte of postings, and of positions (terms + 1 each). */
  termDocsAt: Uint32Array
  termPositionsAt: Uint32Array
  passageLength: Uint32Array
}

/**
 * Where the postings' bytes are: one run, the postings (`docBytes`) then the positions. read() gives
 * bytes [from, to) of the run, valid until the next read into the same window; it throws
 * SegmentDamaged when they cannot be read as written.
 */
export interface PostingBytes {
  readonly docBytes: number
  readonly length: number
  read(from: number, to: number, window: ReadWindow): Uint8Array
}

/** A reader's buffer for bytes read from a file, and which bytes of which run it holds (to read them once). */
export class ReadWindow {
  buffer: Uint8Array = new Uint8Array(0)
  owner: PostingBytes | null = null
  start = 0
  end = 0
}

/** Postings held in memory (a segment encoded in this process, or a file read whole and checked). */
export class MemoryPostings implements PostingBytes {
  constructor(
    readonly bytes: Uint8Array,
    readonly docBytes: number,
  ) {}

  get length(): number {
    return this.bytes.length
  }

  read(from: number, to: number): Uint8Array {
    return this.bytes.subarray(from, to)
  }
}

/** Bytes of `value` as a variable-length integer. */
export const varintBytes = (value: number): number => (value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : 4)

/** The largest number a variable-length integer holds here (4 bytes of 7 bits). */
export const VARINT_MAX = 0x0fffffff

/** Writes `value` (≤ VARINT_MAX) at `at`; returns where the next one goes. */
export function writeVarint(out: Uint8Array, at: number, value: number): number {
  while (value >= 0x80) {
    out[at++] = (value & 0x7f) | 0x80
    value >>>= 7
  }
  out[at++] = value
  return at
}

/**
 * Walks one term's postings (and, when asked, their positions), checking each number as it goes.
 * Reused across terms (open() again) to spare the GC.
 */
export class PostingReader {
  /** The passage of the current posting, and how many times the term is in it. */
  passage = -1
  count = 0
  private at = 0
  private end = 0
  private positionAt = 0
  private positionEnd = 0
  /** Positions of the current posting not read yet, and of the postings passed before it unread. */
  private unread = 0
  private skipped = 0
  private withPositions = false
  private passageLength: Uint32Array = new Uint32Array(0)
  private passageCount = 0
  /** The term's postings and positions, as read (from 0). */
  private docs: Uint8Array = new Uint8Array(0)
  private positionBytes: Uint8Array = new Uint8Array(0)
  private readonly docWindow = new ReadWindow()
  private readonly positionWindow = new ReadWindow()

  /** Starts on `term`'s postings; `withPositions` to read their positions too (positions()). */
  open(tables: PostingTables, bytes: PostingBytes, passageCount: number, term: number, withPositions = false): this {
    this.passageLength = tables.passageLength
    this.passageCount = passageCount
    const from = tables.termDocsAt[term]
    const to = tables.termDocsAt[term + 1]
    if (!(from <= to && to <= bytes.docBytes)) throw new SegmentDamaged()
    this.docs = bytes.read(from, to, this.docWindow)
    this.at = 0
    this.end = to - from
    this.withPositions = withPositions
    if (withPositions) {
      const start = bytes.docBytes + tables.termPositionsAt[term]
      const stop = bytes.docBytes + tables.termPositionsAt[term + 1]
      if (!(start <= stop && stop <= bytes.length)) throw new SegmentDamaged()
      this.positionBytes = bytes.read(start, stop, this.positionWindow)
      this.positionAt = 0
      this.positionEnd = stop - start
    }
    this.passage = -1
    this.count = 0
    this.unread = 0
    this.skipped = 0
    return this
  }

  /** Moves to the next posting; false past the last. */
  next(): boolean {
    if (this.at >= this.end) return false
    // Positions passed unread are skipped only when a later posting's are read (a phrase reads few).
    this.skipped += this.unread
    const docs = this.docs
    this.passage += readVarint(docs, this.at) + 1
    this.count = readVarint(docs, after) + 1
    this.at = after
    // A word is in a passage no more times than the passage has words.
    if (this.at > this.end || this.passage >= this.passageCount || this.count > this.passageLength[this.passage])
      throw new SegmentDamaged()
    this.unread = this.withPositions ? this.count : 0
    return true
  }

  /** Moves to the first posting at or after `passage`; false when there is none. */
  seek(passage: number): boolean {
    while (this.passage < passage) if (!this.next()) return false
    return true
  }

  /**
   * The next postings, at most `passages.length`, into `passages` and `counts` (checked as next()
   * checks them); how many, 0 past the last. For a word walked alone: one tight loop, no call per
   * posting. Not with positions.
   */
  take(passages: Int32Array, counts: Uint32Array): number {
    if (this.withPositions) throw new Error('take() walks postings without their positions.')
    const { docs, end, passageCount, passageLength } = this
    let { at, passage } = this
    let n = 0
    while (n < passages.length && at < end) {
      passage += readVarint(docs, at) + 1
      const count = readVarint(docs, after) + 1
      at = after
      if (at > end || passage >= passageCount || count > passageLength[passage]) throw new SegmentDamaged()
      passages[n] = passage
      counts[n++] = count
    }
    this.at = at
    this.passage = passage
    this.count = n > 0 ? counts[n - 1] : this.count
    return n
  }

  /** The current posting's positions, ascending, into `out` (at least `count` long); their number. */
  positions(out: Uint32Array): number {
    if (this.skipped > 0) this.skipPositions()
    const positions = this.positionBytes
    const length = this.passageLength[this.passage]
    let position = -1
    for (let i = 0; i < this.count; i++) {
      const v = readVarint(positions, this.positionAt)
      this.positionAt = after
      position = i === 0 ? v : position + v + 1
      if (position >= length || this.positionAt > this.positionEnd) throw new SegmentDamaged()
      out[i] = position
    }
    this.unread = 0
    return this.count
  }

  /** Passes the positions of the postings passed unread: one byte in each number ends it (high bit clear). */
  private skipPositions(): void {
    const positions = this.positionBytes
    const end = this.positionEnd
    let at = this.positionAt
    for (let n = this.skipped; n > 0; at++) {
      if (at >= end) throw new SegmentDamaged()
      if (positions[at] < 0x80) n--
    }
    this.positionAt = at
    this.skipped = 0
  }
}

/** Whether every term's postings and positions read through as written, and as many as counted. */
export function postingsHold(tables: PostingTables, bytes: PostingBytes, passageCount: number, postingCount: number): boolean {
  const reader = new PostingReader()
  let positions = new Uint32Array(1024)
  const terms = tables.termPostStart.length - 1
  let seen = 0
  try {
    for (let r = 0; r < terms; r++) {
      reader.open(tables, bytes, passageCount, r, true)
      let n = 0
      for (; reader.next(); n++) {
        if (reader.count > positions.length) positions = new Uint32Array(reader.count)
        reader.positions(positions)
      }
      if (n !== tables.termPostStart[r + 1] - tables.termPostStart[r]) return false
      seen += n
    }
  } catch (error) {
    if (error instanceof SegmentDamaged) return false
    throw error
  }
  return seen === postingCount
}

/** Where the variable-length integer last read by readVarint() ends. */
let after = 0

/**
 * The variable-length integer at `at` (its end in `after`: no object per number). Throws past 4 bytes
 * or past the array (an undefined byte is never below 0x80).
 */
function readVarint(bytes: Uint8Array, at: number): number {
  let b = bytes[at]
  if (b < 0x80) {
    after = at + 1
    return b
  }
  let v = b & 0x7f
  b = bytes[at + 1]
  v |= (b & 0x7f) << 7
  if (b < 0x80) {
    after = at + 2
    return v
  }
  b = bytes[at + 2]
  v |= (b & 0x7f) << 14
  if (b < 0x80) {
    after = at + 3
    return v
  }
  b = bytes[at + 3]
  if (!(b < 0x80)) throw new SegmentDamaged()
  after = at + 4
  return v | (b << 21)
}

/** A shard's postings and positions compressed, from the fixed-width arrays the encoder builds. */
export interface CompressedPostings {
  termDocsAt: Uint32Array
  termPositionsAt: Uint32Array
  docs: Uint8Array
  positions: Uint8Array
}

/**
 * Compresses postings given per term (`termPostStart`: each term's first posting; per posting its
 * passage, ascending within a term, and its first position in `positions`, ascending within a posting).
 */
export function compressPostings(
  termPostStart: Uint32Array,
  postPassage: Uint32Array,
  postPosStart: Uint32Array,
  positions: Uint32Array,
): CompressedPostings {
  const terms = termPostStart.length - 1
  const termDocsAt = new Uint32Array(terms + 1)
  const termPositionsAt = new Uint32Array(terms + 1)
  // Sizes first, then the bytes.
  let docBytes = 0
  let positionBytes = 0
  for (let t = 0; t < terms; t++) {
    termDocsAt[t] = docBytes
    termPositionsAt[t] = positionBytes
    let previous = -1
    for (let k = termPostStart[t]; k < termPostStart[t + 1]; k++) {
      const from = postPosStart[k]
      const to = postPosStart[k + 1]
      docBytes += varintBytes(postPassage[k] - previous - 1) + varintBytes(to - from - 1)
      previous = postPassage[k]
      positionBytes += varintBytes(positions[from])
      for (let w = from + 1; w < to; w++) positionBytes += varintBytes(positions[w] - positions[w - 1] - 1)
    }
  }
  termDocsAt[terms] = docBytes
  termPositionsAt[terms] = positionBytes
  const docs = new Uint8Array(docBytes)
  const out = new Uint8Array(positionBytes)
  let d = 0
  let p = 0
  for (let t = 0; t < terms; t++) {
    let previous = -1
    for (let k = termPostStart[t]; k < termPostStart[t + 1]; k++) {
      const from = postPosStart[k]
      const to = postPosStart[k + 1]
      d = writeVarint(docs, d, postPassage[k] - previous - 1)
      d = writeVarint(docs, d, to - from - 1)
      previous = postPassage[k]
      p = writeVarint(out, p, positions[from])
      for (let w = from + 1; w < to; w++) p = writeVarint(out, p, positions[w] - positions[w - 1] - 1)
    }
  }
  return { termDocsAt, termPositionsAt, docs, positions: out }
}
