/**
 * One shard file of the library's index (library-index.ts), to and from its bytes. Format 2 keeps the
 * entries as columns, not objects: a head line of JSON (`format`, `version`, `count`, CRC-32 of the
 * rest), then one JSON object of arrays (`id`, `path`, `size`, … one value per article, in id order;
 * counts inline, three numbers an article; flags as bits; the rare error and warning fields by
 * position in `more`). At 100,000 articles that is about half the bytes of format 1 (an object per
 * entry with its keys repeated), parsed into a few arrays per shard instead of two objects per article,
 * and checked column by column.
 *
 * Entries come out sorted by id, so an article is found in its shard by a binary search (library-
 * warm-open.ts) instead of a map of 100,000 built at every warm open. Articles without annotations share
 * one counts object (entries are replaced, never mutated).
 *
 * Derived data and untrusted: anything wrong (head, CRC, a column's length or type, an id out of order
 * or in the wrong shard, a field the schema refuses) and the shard is not used (null, never thrown).
 * Format 1 (objects) is still read, so an upgraded workspace opens warm once; its shards are written
 * again in format 2 (`current: false`).
 */
import { isAscii } from 'node:buffer'
import { crc32 } from 'node:zlib'
import { AnnotationCounts, ID_PATTERN, Said } from '../../shared/model'
import { isWellFormedIndex, WORKSPACE_FILE_VERSION, type IndexEntry } from './workspace-index'

/** Bumped whenever the layout or an entry's fields change: older shards are read once and written again. */
export const LIBRARY_FORMAT_VERSION = 2
export const LIBRARY_SHARDS = 256
const FORMAT = 'spanwise-library'
/** The objects format, read once after an upgrade. */
const OBJECTS_VERSION = 1

/** The shard an article's entry is kept in (ids are hex; anything else goes to shard 0). */
export function libraryShardOf(articleId: string): number {
  const n = parseInt(articleId.slice(0, 2), 16)
  return Number.isNaN(n) ? 0 : n % LIBRARY_SHARDS
}

const LANGUAGE_PENDING = 1
const OCR_PENDING = 2
const UNREAD = 4
const COUNTED = 8
const ALL_FLAGS = 15

/** The counts of an article without annotations, one object for all of them. */
const NONE: AnnotationCounts = { quote: 0, claim: 0, entity: 0 }

/** The fields few entries have, kept by position. */
type More = Pick<IndexEntry, 'error' | 'errorSaid' | 'warning' | 'warningSaid'>
const MORE_FIELDS = new Set(['error', 'errorSaid', 'warning', 'warningSaid'])

interface Columns {
  id: string[]
  size: number[]
  mtime: number[]
  /** The lengths of each path, hash and title in the text after the columns (in UTF-16 units). */
  pathLength: number[]
  hashLength: number[]
  titleLength: number[]
  /** '' for none. */
  lang: string[]
  flags: number[]
  /** quote, claim, entity of each article (zeros when not counted). */
  counts: number[]
  countsMtime: number[]
  more: Record<string, More>
}
const COLUMN_KEYS = [
  'id',
  'size',
  'mtime',
  'pathLength',
  'hashLength',
  'titleLength',
  'lang',
  'flags',
  'counts',
  'countsMtime',
  'more',
]

const byId = (a: IndexEntry, b: IndexEntry) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)

/**
 * A shard's bytes: the head line; the columns as one line of JSON in ASCII (other characters as JSON's
 * \u escapes); then the paths, hashes and titles one after the other, as they are (no quotes, no
 * escapes; their lengths are in the columns), in Latin-1 when every character fits in a byte and in
 * UTF-8 otherwise (the head says which). A warm open takes that text as slices of one string per shard
 * (no string of its own for each, nothing for JSON to parse: most of the bytes), decoded from Latin-1
 * as the bytes are where it can (decoding UTF-8 cost ~0.5 s of CPU at 100,000 articles).
 */
export function encodeLibraryShard(entries: readonly IndexEntry[]): Buffer {
  const sorted = [...entries].sort(byId)
  const c: Columns = {
    id: [],
    size: [],
    mtime: [],
    pathLength: [],
    hashLength: [],
    titleLength: [],
    lang: [],
    flags: [],
    counts: [],
    countsMtime: [],
    more: {},
  }
  sorted.forEach((e, i) => {
    c.id.push(e.id)
    c.size.push(e.size)
    c.mtime.push(e.mtimeMs)
    c.pathLength.push(e.path.length)
    c.hashLength.push(e.contentHash.length)
    c.titleLength.push(e.title.length)
    c.lang.push(e.language ?? '')
    const flags =
      (e.languagePending ? LANGUAGE_PENDING : 0) |
      (e.ocrPending ? OCR_PENDING : 0) |
      (e.unread ? UNREAD : 0) |
      (e.counts ? COUNTED : 0)
    c.flags.push(flags)
    c.counts.push(e.counts?.quote ?? 0, e.counts?.claim ?? 0, e.counts?.entity ?? 0)
    c.countsMtime.push(e.countsMtimeMs)
    const more: More = {}
    if (e.error !== undefined) more.error = e.error
    if (e.errorSaid !== undefined) more.errorSaid = e.errorSaid
    if (e.warning !== undefined) more.warning = e.warning
    if (e.warningSaid !== undefined) more.warningSaid = e.warningSaid
    if (Object.keys(more).length > 0) c.more[i] = more
  })
  const text = [...sorted.map((e) => e.path), ...sorted.map((e) => e.contentHash), ...sorted.map((e) => e.title)].join('')
  // Latin-1 when every character fits in a byte (most Western languages), UTF-8 otherwise.
  const encoding = /[\u0100-\uffff]/.test(text) ? 'utf8' : 'latin1'
  const body = Buffer.concat([Buffer.from(`${asciiJson(c)}\n`, 'latin1'), Buffer.from(text, encoding)])
  const head = { format: FORMAT, version: LIBRARY_FORMAT_VERSION, count: sorted.length, crc: crc32(body) >>> 0, text: encoding }
  return Buffer.concat([Buffer.from(`${JSON.stringify(head)}\n`, 'latin1'), body])
}

/** JSON with every character past ASCII escaped (`\u00e9`): the same value, one byte a character. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

export interface DecodedShard {
  /** Sorted by id, each once. */
  entries: IndexEntry[]
  /** False for a shard of an older format: it is written again in this one. */
  current: boolean
}

/** The entries of shard `shard` in `file` (its bytes; text is taken as UTF-8), or null when anything about it is wrong. */
export function decodeLibraryShard(file: string | Buffer, shard: number): IndexEntry[] | null {
  return decodeShard(file, shard)?.entries ?? null
}

/** As decodeLibraryShard, saying whether the shard is of the current format. Never throws. */
export function decodeShard(file: string | Buffer, shard: number): DecodedShard | null {
  const bytes = typeof file === 'string' ? Buffer.from(file, 'utf8') : file
  const newline = bytes.indexOf(10)
  if (newline < 0) return null
  const body = bytes.subarray(newline + 1)
  let head: unknown
  let value: unknown
  let text = ''
  try {
    head = JSON.parse(bytes.toString('utf8', 0, newline))
    if (!isHead(head) || crc32(body) >>> 0 !== head.crc) return null
    if (head.version === LIBRARY_FORMAT_VERSION) {
      const end = body.indexOf(10)
      if (end < 0) return null
      value = JSON.parse(body.toString('latin1', 0, end))
      text = body.toString(head.text === 'latin1' ? 'latin1' : 'utf8', end + 1)
    } else value = JSON.parse(isAscii(body) ? body.toString('latin1') : body.toString('utf8'))
  } catch {
    return null
  }
  const { count, version } = head as { count: number; version: number }
  const entries = version === LIBRARY_FORMAT_VERSION ? fromColumns(value, text, count) : fromObjects(value, count)
  if (!entries) return null
  for (let i = 0; i < entries.length; i++) {
    if (libraryShardOf(entries[i].id) !== shard) return null
    if (i > 0 && !(entries[i - 1].id < entries[i].id)) return null
  }
  return { entries, current: version === LIBRARY_FORMAT_VERSION }
}

/** Format 1: an array of entry objects, checked by the index's rules, sorted here. */
function fromObjects(articles: unknown, count: number): IndexEntry[] | null {
  if (!isWellFormedIndex({ version: WORKSPACE_FILE_VERSION, articles })) return null
  const entries = articles as IndexEntry[]
  return entries.length === count ? entries.sort(byId) : null
}

/** Format 2: the columns, checked one by one, and the text, made into entries of one shape. */
function fromColumns(value: unknown, text: string, n: number): IndexEntry[] | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const c = value as Columns
  if (Object.keys(c).length !== COLUMN_KEYS.length || !COLUMN_KEYS.every((k) => Object.hasOwn(c, k))) return null
  const strings = [c.id, c.lang]
  const numbers = [c.size, c.mtime, c.countsMtime]
  const lengths = [c.pathLength, c.hashLength, c.titleLength]
  if (![...strings, ...numbers, ...lengths, c.flags].every((col) => Array.isArray(col) && col.length === n)) return null
  if (!Array.isArray(c.counts) || c.counts.length !== 3 * n) return null
  for (const col of strings) for (let i = 0; i < n; i++) if (typeof col[i] !== 'string') return null
  for (const col of numbers) for (let i = 0; i < n; i++) if (!Number.isFinite(col[i])) return null
  for (let i = 0; i < 3 * n; i++) if (!isCount(c.counts[i])) return null
  // The text holds exactly the paths, hashes and titles the lengths say.
  const [pathChars, hashChars, titleChars] = lengths.map((col) => col.reduce((t, l) => t + (isCount(l) ? l : NaN), 0))
  if (pathChars + hashChars + titleChars !== text.length) return null
  // Each column a string of its own: a slice holds its whole parent, and paths and hashes are held one
  // byte a character even where a title needs two (at 100,000 articles, ~9 MB).
  const titlesAt = pathChars + hashChars
  const paths = slices(copyOf(text.slice(0, pathChars)), 0, c.pathLength)
  const hashes = slices(copyOf(text.slice(pathChars, titlesAt)), 0, c.hashLength)
  const titles = slices(copyOf(text.slice(titlesAt)), 0, c.titleLength)
  const more = readMore(c.more, n)
  if (!more) return null
  const languages = new Map<string, string>()
  const entries: IndexEntry[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const flags = c.flags[i]
    if (!Number.isInteger(flags) || flags < 0 || flags > ALL_FLAGS || !ID_PATTERN.test(c.id[i])) return null
    const lang = c.lang[i]
    // A few languages among 100,000 articles: one string each.
    let language = languages.get(lang)
    if (language === undefined) languages.set(lang, (language = lang))
    const q = c.counts[3 * i]
    const cl = c.counts[3 * i + 1]
    const en = c.counts[3 * i + 2]
    const entry: IndexEntry = {
      id: c.id[i],
      path: paths.of[i],
      size: c.size[i],
      mtimeMs: c.mtime[i],
      contentHash: hashes.of[i],
      title: titles.of[i],
      countsMtimeMs: c.countsMtime[i],
    }
    if (language) entry.language = language
    if (flags & LANGUAGE_PENDING) entry.languagePending = true
    if (flags & OCR_PENDING) entry.ocrPending = true
    if (flags & UNREAD) entry.unread = true
    if (flags & COUNTED) entry.counts = q === 0 && cl === 0 && en === 0 ? NONE : { quote: q, claim: cl, entity: en }
    const extra = more.get(i)
    entries[i] = extra ? { ...entry, ...extra } : entry
  }
  return entries
}

/** A copy of `text` of its own, one byte a character when it fits (a slice of a wider string stays wide). */
const copyOf = (text: string) => {
  const encoding = /[\u0100-\uffff]/.test(text) ? 'utf16le' : 'latin1'
  return Buffer.from(text, encoding).toString(encoding)
}

/** `lengths.length` strings from `text`, one after the other from `start` (slices of it, not copies). */
function slices(text: string, start: number, lengths: readonly number[]): { of: string[]; end: number } {
  const of: string[] = new Array(lengths.length)
  let at = start
  for (let i = 0; i < lengths.length; i++) of[i] = text.slice(at, (at += lengths[i]))
  return { of, end: at }
}

/** The rare fields by position: each checked by the schema; null when anything is wrong. */
function readMore(value: unknown, n: number): Map<number, More> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const out = new Map<number, More>()
  for (const [key, fields] of Object.entries(value)) {
    const i = Number(key)
    if (!Number.isInteger(i) || i < 0 || i >= n || String(i) !== key) return null
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return null
    const record = fields as Record<string, unknown>
    if (Object.keys(record).length === 0 || !Object.keys(record).every((k) => MORE_FIELDS.has(k))) return null
    for (const k of ['error', 'warning']) if (record[k] !== undefined && typeof record[k] !== 'string') return null
    for (const k of ['errorSaid', 'warningSaid']) if (record[k] !== undefined && !Said.safeParse(record[k]).success) return null
    out.set(i, record as More)
  }
  return out
}

/** Entries grouped by shard, each shard's sorted by id (as decoded): an old single-file index's. */
export function inShards(entries: readonly IndexEntry[]): IndexEntry[][] {
  const shards: IndexEntry[][] = Array.from({ length: LIBRARY_SHARDS }, () => [])
  for (const e of entries) shards[libraryShardOf(e.id)].push(e)
  for (const shard of shards) {
    shard.sort(byId)
    // The same id twice (a hand-edited file): the last one is kept, as a map would.
    for (let i = shard.length - 1; i > 0; i--) if (shard[i - 1].id === shard[i].id) shard.splice(i - 1, 1)
  }
  return shards
}

function isCount(value: unknown): boolean {
  return Number.isSafeInteger(value) && (value as number) >= 0
}

function isHead(value: unknown): value is { format: string; version: number; count: number; crc: number; text?: string } {
  if (typeof value !== 'object' || value === null) return false
  const head = value as Record<string, unknown>
  return (
    head.format === FORMAT &&
    (head.version === LIBRARY_FORMAT_VERSION || head.version === OBJECTS_VERSION) &&
    Number.isSafeInteger(head.count) &&
    Number.isSafeInteger(head.crc) &&
    (head.version === OBJECTS_VERSION || head.text === 'latin1' || head.text === 'utf8')
  )
}
