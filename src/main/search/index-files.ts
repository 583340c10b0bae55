/**
 * The search index on disk: `.spanwise/search/shard-<xx>.idx`, 256 files, an article in the one named
 * by the first two hex digits of its id. Each holds, per article, what the index needs to take it back
 * without reading, extracting or cutting its text into words again: the text, its passages and their
 * words as ids into the file's own vocabulary, with the stamp it was indexed at (content hash and the
 * annotation files' mtime) and the speaker names its quotes showed.
 *
 * Derived data, and untrusted: a file is checked whole before anything in it is used (magic, format
 * version, length, CRC-32, structure, every id in range); anything wrong and the file is dropped and
 * its articles indexed again from their files, never fatal. Files are opened with O_NOFOLLOW (a link
 * is removed, never followed) and written as the store writes: an exclusive temp file, fsync, rename,
 * fsync of the folder, so a shard on disk is complete or absent, whatever kills the writer.
 *
 * Layout (little-endian): "SWSI" · u32 format · u32 JSON bytes · u32 token count · u32 token width
 * (2 or 4) · u32 CRC-32 of the rest · JSON head (vocabulary, articles) · padding to 4 · tokens · the
 * articles' texts, one after the other, each in Latin-1 when it can be (a copy to decode, not UTF-8's
 * per-character work) or else UTF-16LE, as the head says.
 */
import { promises as fs, constants } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { removeStaleTempFiles, syncDirectory } from '../store/durable-json-file'
import { createTempFile, NotAPlainFileError, openPlainFile } from '../store/safe-fs'
import type { PassageKind, StoredPassage } from './passage-index'

/** Bumped whenever the layout or what is indexed changes: older files are then rebuilt. */
export const INDEX_FORMAT_VERSION = 2
export const SHARD_COUNT = 256
const MAGIC = 0x49535753 // "SWSI" read as a little-endian u32
const HEADER_BYTES = 24
const KINDS: readonly PassageKind[] = ['text', 'annotation', 'entity']

/** One article as stored: `tokens` are ids into its shard's vocabulary. */
export interface StoredArticle {
  id: string
  /** What it was indexed from: `<content hash>:<annotation files' latest mtime>`. */
  stamp: string
  /** [entity id, name] of the speakers its quotes were indexed with. */
  speakers: [string, string][]
  text: string
  passages: StoredPassage[]
  tokens: Uint16Array | Uint32Array
}

export interface StoredShard {
  vocabulary: string[]
  articles: StoredArticle[]
}

/** The shard an article is stored in (ids are hex). */
export function shardOf(articleId: string): number {
  return parseInt(articleId.slice(0, 2), 16) % SHARD_COUNT
}

export class SearchIndexFiles {
  private ready: Promise<boolean> | null = null

  constructor(
    readonly dir: string,
    /** Whether this process may write the workspace's data now (the lock can be lost meanwhile). */
    private readonly writable: () => boolean,
  ) {}

  /**
   * Whether the folder can be used: a real folder (created when missing). Something else there (a
   * link above all) is removed when writing is allowed, else the stored index is not used at all.
   */
  prepare(): Promise<boolean> {
    this.ready ??= (async () => {
      const stat = await fs.lstat(this.dir).catch(() => null)
      if (stat?.isDirectory()) {
        if (this.writable()) await removeStaleTempFiles(this.dir)
        return true
      }
      if (!this.writable()) return false
      try {
        if (stat) await fs.rm(this.dir, { force: true }) // unlinks a link itself, never its target
        await fs.mkdir(this.dir)
        return (await fs.lstat(this.dir)).isDirectory()
      } catch {
        return false
      }
    })()
    return this.ready
  }

  path(shard: number): string {
    return join(this.dir, `shard-${shard.toString(16).padStart(2, '0')}.idx`)
  }

  /**
   * A shard's content; null when there is none, or when it is damaged, stale (another format), or not
   * a plain file (then it is removed if we may write: it is rebuilt).
   */
  async read(shard: number): Promise<StoredShard | null> {
    if (!(await this.prepare())) return null
    const path = this.path(shard)
    let bytes: Buffer
    try {
      const handle = await openPlainFile(path, constants.O_RDONLY)
      try {
        bytes = await handle.readFile()
      } finally {
        await handle.close()
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      if (error instanceof NotAPlainFileError) await this.remove(shard)
      return null
    }
    const decoded = decodeShard(bytes)
    if (!decoded) await this.remove(shard)
    return decoded
  }

  /** Replaces a shard durably (complete or not at all); an empty one is removed. */
  async write(shard: number, content: StoredShard): Promise<void> {
    if (!this.writable() || !(await this.prepare())) return
    if (content.articles.length === 0) return this.remove(shard)
    const path = this.path(shard)
    const { temp, handle } = await createTempFile(path)
    try {
      for (const piece of encodeShard(content)) await handle.write(piece)
      await handle.sync()
      await handle.close()
      await fs.rename(temp, path)
    } catch (error) {
      await handle.close().catch(() => undefined)
      await fs.rm(temp, { force: true })
      throw error
    }
    await syncDirectory(this.dir)
  }

  async remove(shard: number): Promise<void> {
    if (!this.writable()) return
    await fs.rm(this.path(shard), { force: true }).catch(() => undefined)
  }
}

/** The file's bytes, in pieces (header, JSON head, padding, tokens, texts). */
export function encodeShard({ vocabulary, articles }: StoredShard): Buffer[] {
  const wide = vocabulary.length > 0xffff
  const tokenCount = articles.reduce((n, a) => n + a.tokens.length, 0)
  const tokens = wide ? new Uint32Array(tokenCount) : new Uint16Array(tokenCount)
  let at = 0
  for (const a of articles) {
    tokens.set(a.tokens, at)
    at += a.tokens.length
  }
  const texts = articles.map((a) => {
    const encoding = isLatin1(a.text) ? 'latin1' : 'utf16le'
    return { encoding, bytes: Buffer.from(a.text, encoding) }
  })
  const head = {
    vocabulary,
    articles: articles.map((a, i) => ({
      id: a.id,
      stamp: a.stamp,
      speakers: a.speakers,
      // Where its text is: the encoding and the byte length (the texts follow the tokens, in order).
      text: `${texts[i].encoding}:${texts[i].bytes.length}`,
      // Flat per passage: kind, start, end, words; refs and texts apart (most passages have neither).
      passages: a.passages.flatMap((p) => [KINDS.indexOf(p.kind), p.start, p.end, p.tokens]),
      refs: a.passages.map((p) => p.ref ?? null),
      texts: a.passages.map((p) => p.text ?? null),
    })),
  }
  const json = Buffer.from(JSON.stringify(head), 'utf8')
  const padding = Buffer.alloc((4 - (json.length % 4)) % 4)
  const tokenBytes = Buffer.from(tokens.buffer, tokens.byteOffset, tokens.byteLength)
  const header = Buffer.alloc(HEADER_BYTES)
  header.writeUInt32LE(MAGIC, 0)
  header.writeUInt32LE(INDEX_FORMAT_VERSION, 4)
  header.writeUInt32LE(json.length, 8)
  header.writeUInt32LE(tokenCount, 12)
  header.writeUInt32LE(wide ? 4 : 2, 16)
  let crc = crc32(tokenBytes, crc32(padding, crc32(json)))
  for (const text of texts) crc = crc32(text.bytes, crc)
  header.writeUInt32LE(crc >>> 0, 20)
  return [header, json, padding, tokenBytes, Buffer.concat(texts.map((t) => t.bytes))]
}

/** The shard in `bytes`, or null when anything about it is wrong (never trusted, never thrown). */
export function decodeShard(bytes: Buffer): StoredShard | null {
  if (bytes.length < HEADER_BYTES) return null
  if (bytes.readUInt32LE(0) !== MAGIC || bytes.readUInt32LE(4) !== INDEX_FORMAT_VERSION) return null
  const jsonBytes = bytes.readUInt32LE(8)
  const tokenCount = bytes.readUInt32LE(12)
  const width = bytes.readUInt32LE(16)
  if (width !== 2 && width !== 4) return null
  const tokensAt = HEADER_BYTES + jsonBytes + ((4 - (jsonBytes % 4)) % 4)
  const textsAt = tokensAt + tokenCount * width
  if (bytes.length < textsAt) return null
  if (crc32(bytes.subarray(HEADER_BYTES)) !== bytes.readUInt32LE(20)) return null
  let head: unknown
  try {
    head = JSON.parse(bytes.toString('utf8', HEADER_BYTES, HEADER_BYTES + jsonBytes))
  } catch {
    return null
  }
  // A view of the file's bytes when they are aligned (a file read whole is), else a copy.
  const at = bytes.byteOffset + tokensAt
  const Tokens = width === 4 ? Uint32Array : Uint16Array
  let tokens: Uint16Array | Uint32Array
  if (at % width === 0) tokens = new Tokens(bytes.buffer as ArrayBuffer, at, tokenCount)
  else {
    tokens = new Tokens(tokenCount)
    new Uint8Array(tokens.buffer).set(bytes.subarray(tokensAt, textsAt))
  }
  return checkedShard(head, tokens, bytes, textsAt)
}

/** The head's articles with their tokens, if every field is as written (else null). */
function checkedShard(head: unknown, tokens: Uint16Array | Uint32Array, bytes: Buffer, textsAt: number): StoredShard | null {
  if (!isObject(head) || !Array.isArray(head.vocabulary) || !Array.isArray(head.articles)) return null
  const vocabulary = head.vocabulary as unknown[]
  if (!vocabulary.every((w) => typeof w === 'string')) return null
  for (let i = 0; i < tokens.length; i++) if (tokens[i] >= vocabulary.length) return null
  const articles: StoredArticle[] = []
  let at = 0
  let textAt = textsAt
  for (const a of head.articles as unknown[]) {
    if (!isObject(a) || typeof a.id !== 'string' || typeof a.stamp !== 'string' || typeof a.text !== 'string') return null
    const [encoding, length] = a.text.split(':')
    const textBytes = Number(length)
    if ((encoding !== 'latin1' && encoding !== 'utf16le') || !isIndex(textBytes) || textAt + textBytes > bytes.length) return null
    const text = bytes.toString(encoding, textAt, textAt + textBytes)
    textAt += textBytes
    if (!Array.isArray(a.speakers) || !a.speakers.every((s) => isStringPair(s))) return null
    const { passages: flat, refs, texts } = a
    if (!Array.isArray(flat) || !Array.isArray(refs) || !Array.isArray(texts)) return null
    const count = refs.length
    if (flat.length !== count * 4 || texts.length !== count) return null
    const passages: StoredPassage[] = []
    let words = 0
    for (let i = 0; i < count; i++) {
      const [kind, start, end, n] = flat.slice(i * 4, i * 4 + 4) as unknown[]
      const ref = refs[i] as unknown
      const own = texts[i] as unknown
      if (!isIndex(kind) || kind >= KINDS.length || !isIndex(start) || !isIndex(end) || !isIndex(n)) return null
      if (start > end || end > text.length) return null
      if ((ref !== null && typeof ref !== 'string') || (own !== null && typeof own !== 'string')) return null
      if ((KINDS[kind] === 'text') !== (own === null)) return null
      passages.push({
        kind: KINDS[kind],
        start,
        end,
        tokens: n,
        ...(ref !== null ? { ref } : {}),
        ...(own !== null ? { text: own } : {}),
      })
      words += n
    }
    if (at + words > tokens.length) return null
    articles.push({
      id: a.id,
      stamp: a.stamp,
      speakers: a.speakers as [string, string][],
      text,
      passages,
      tokens: tokens.subarray(at, at + words),
    })
    at += words
  }
  return at === tokens.length && textAt === bytes.length ? { vocabulary: vocabulary as string[], articles } : null
}

/** Whether every character of `text` fits in one Latin-1 byte. */
function isLatin1(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0xff) return false
  return true
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isIndex(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 0
}

function isStringPair(value: unknown): boolean {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string'
}
