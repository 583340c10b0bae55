/**
 * The search index on disk: `.spanwise/search/shard-<xx>.idx`, 256 files, an article in the one named
 * by the first two hex digits of its id. Each is a segment (segment-codec.ts: its own vocabulary,
 * postings and positions, and its articles' texts), taken back as typed arrays over the bytes of its
 * tables; the postings and texts are left in the file, held open (shard-file.ts), and read for the
 * words a query asks and the passages it shows.
 *
 * Derived data, and untrusted: a file's header and head are checked when it is read (magic, format
 * version, length, every field of the head), its tables before anything in them is used (their CRC-32
 * and structure: at once by read(), when a query first reaches the segment or in the background after
 * a warm start by readUnchecked(), index-persistence.ts); each block of postings or text by its CRC
 * when read; anything wrong and the file is dropped and its articles indexed again from their files,
 * never fatal. Files are opened with O_NOFOLLOW (a link is removed, never followed) and written
 * as the store writes: an exclusive temp file, fsync, rename, fsync of the folder, so a shard on disk
 * is complete or absent, whatever kills the writer.
 */
import { closeSync, constants, fstatSync, openSync, promises as fs, readSync } from 'node:fs'
import { join } from 'node:path'
import { removeStaleTempFiles, syncDirectory } from '../store/durable-json-file'
import { createTempFile, O_NOFOLLOW } from '../store/safe-fs'
import { HEADER_BYTES, parseSegment, readHeader, verifySegment, type EncodedSegment } from './segment-codec'
import { identityOf, Segment } from './segment'
import { ShardFile, type FileIdentity } from './shard-file'

export { decodeShard, INDEX_FORMAT_VERSION } from './segment-codec'
export { SHARD_COUNT, shardOf } from './passage-index'

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
   * A shard's segment: three reads (header, head, tables), the texts left in the file. Null when there
   * is none, or when it is damaged, stale (another format), or not a plain file (then it is removed if
   * we may write: it is rebuilt).
   */
  async read(shard: number): Promise<Segment | null> {
    const read = await this.readUnchecked(shard)
    if (read && !read.verified()) {
      await this.remove(shard)
      return null
    }
    return read
  }

  /**
   * read(), with the check of the tables left until the segment is first searched (Segment.verified(),
   * which a query or a background pass calls): taking a shard back costs its reads and the JSON of its
   * head. A shard whose tables then fail is to be dropped and removed (remove()).
   */
  async readUnchecked(shard: number): Promise<Segment | null> {
    if (!(await this.prepare())) return null
    const segment = readShard(this.path(shard))
    if (segment === ABSENT) return null
    if (!segment) await this.remove(shard)
    return segment
  }

  /**
   * Replaces a shard durably (complete or not at all); an empty one is removed. The identity of the
   * file written, or null when nothing was written (read-only, or no articles).
   */
  async write(shard: number, encoded: EncodedSegment | null): Promise<FileIdentity | null> {
    if (!this.writable() || !(await this.prepare())) return null
    if (!encoded || encoded.parts.articles.length === 0) {
      await this.remove(shard)
      return null
    }
    const path = this.path(shard)
    const { temp, handle } = await createTempFile(path)
    let identity: FileIdentity
    try {
      for (const piece of encoded.pieces) await handle.write(piece)
      await handle.sync()
      identity = await identityOf(handle)
      await handle.close()
      await fs.rename(temp, path)
    } catch (error) {
      await handle.close().catch(() => undefined)
      await fs.rm(temp, { force: true })
      throw error
    }
    await syncDirectory(this.dir)
    return identity
  }

  async remove(shard: number): Promise<void> {
    if (!this.writable()) return
    await fs.rm(this.path(shard), { force: true }).catch(() => undefined)
  }
}

/** No such file (as opposed to null: a file that is not a shard of this format, to be removed). */
const ABSENT = 'absent'

/**
 * The segment in a shard file, if its header and head check (its tables when first searched, its
 * postings and texts when read); null for anything else there, a link or a special file included
 * (never followed: opened with O_NOFOLLOW, and O_NONBLOCK so that a FIFO cannot hold the thread). Read
 * synchronously, an open, an fstat and three reads (header, head, tables): a few hundred microseconds
 * from the page cache, where the thread pool's round trips cost several times that in CPU on a busy
 * machine (the caller yields between shards). The descriptor stays open with the segment.
 */
function readShard(path: string): Segment | null | typeof ABSENT {
  let fd = -1
  try {
    fd = openSync(path, constants.O_RDONLY | O_NOFOLLOW | constants.O_NONBLOCK)
    const stat = fstatSync(fd)
    if (!stat.isFile()) return null
    const identity: FileIdentity = { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs }
    const read = (at: number, bytes: Uint8Array) => readSync(fd, bytes, 0, bytes.length, at) === bytes.length
    // The header, then the head at its exact length (a larger first read would copy texts for nothing:
    // at 10,000 articles, 13 MB of fresh pages for the kernel to fault in).
    const first = Buffer.allocUnsafe(HEADER_BYTES)
    if (!read(0, first)) return null
    const header = readHeader(first, identity.size)
    if (!header) return null
    const head = Buffer.allocUnsafe(header.headBytes)
    if (!read(HEADER_BYTES, head)) return null
    // The tables in memory of their own (not zeroed first; at offset 0, aligned for the views over
    // them); the texts stay on disk.
    const tables = Buffer.allocUnsafeSlow(header.tablesBytes)
    if (!read(header.tablesAt, tables)) return null
    const parts = parseSegment(header, head, tables)
    if (!parts) return null
    const segment = new Segment(parts, new ShardFile(path, identity, fd), () => verifySegment(parts, head, tables))
    fd = -1 // the segment's now
    return segment
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? ABSENT : null
  } finally {
    if (fd >= 0) closeSync(fd)
  }
}
