/**
 * A search segment's file, held open while the segment is in use: its postings and its articles'
 * texts are read from it when a query needs them (format 6, segment-codec.ts), never held whole.
 *
 * The descriptor is the one the segment was read through (or opened on the file just written), so
 * it reads the very file whose header and tables were checked even after the name is given to a newer
 * shard (a rename over it). Closed when the segment leaves the index; a read after that (a query that
 * began before) opens the name for that read alone (never through a link, O_NONBLOCK so that a FIFO
 * cannot hold the thread) and uses it only if it is still the same file. Reads are synchronous: a few microseconds from the page cache, where a
 * round trip through the thread pool costs tens on a busy machine.
 *
 * What is read is checked by 4 KB blocks against the CRCs in the segment's tables (themselves checked
 * before any read): a damaged byte on disk is a SegmentDamaged, and the segment is dropped and rebuilt.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs'
import { crc32 } from 'node:zlib'
import { O_NOFOLLOW } from '../store/safe-fs'
import { SegmentDamaged, type PostingBytes, type ReadWindow } from './postings'

/** Which file a segment's data is in: the one it was read from (or written as), unchanged since. */
export interface FileIdentity {
  dev: number
  ino: number
  size: number
  mtimeMs: number
}

export const sameFile = (a: FileIdentity, b: FileIdentity): boolean =>
  a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs

/** Data is checked (and read) by blocks of this many bytes. */
export const BLOCK = 4096

/** Whether `bytes`, blocks `first`… of a run, match their CRCs. */
export function blocksCheck(crcs: Uint32Array, first: number, bytes: Uint8Array): boolean {
  for (let at = 0, b = first; at < bytes.length; at += BLOCK, b++)
    if (b >= crcs.length || crc32(bytes.subarray(at, at + BLOCK)) >>> 0 !== crcs[b]) return false
  return true
}

export class ShardFile {
  constructor(
    readonly path: string,
    readonly identity: FileIdentity,
    /** The descriptor it was read through, if still open (taken over: closed by close()). */
    private fd = -1,
  ) {}

  /** Once closed, a read opens the file for itself only (nothing would close it later). */
  private closed = false

  /** Fills `bytes` from `at`: false when the file cannot be read, or is no longer the one written. */
  read(bytes: Uint8Array, at: number): boolean {
    try {
      if (this.fd < 0) {
        const fd = openSync(this.path, constants.O_RDONLY | O_NOFOLLOW | constants.O_NONBLOCK)
        const stat = fstatSync(fd)
        if (!stat.isFile() || !sameFile(stat, this.identity)) {
          closeSync(fd)
          return false
        }
        this.fd = fd
      }
      return readSync(this.fd, bytes, 0, bytes.length, at) === bytes.length
    } catch {
      return false
    } finally {
      if (this.closed) this.release()
    }
  }

  /** Lets the descriptor go (the segment left the index). */
  close(): void {
    this.closed = true
    this.release()
  }

  private release(): void {
    if (this.fd < 0) return
    try {
      closeSync(this.fd)
    } catch {
      // Already gone: nothing to release.
    }
    this.fd = -1
  }
}

/** A segment's postings in its file, from `at` (`length` bytes, `crcs` one per block). */
export class FilePostings implements PostingBytes {
  constructor(
    private readonly file: ShardFile,
    private readonly at: number,
    readonly length: number,
    readonly docBytes: number,
    private readonly crcs: Uint32Array,
  ) {}

  read(from: number, to: number, window: ReadWindow): Uint8Array {
    if (window.owner === this && from >= window.start && to <= window.end)
      return window.buffer.subarray(from - window.start, to - window.start)
    const first = Math.floor(from / BLOCK)
    // Only the blocks that hold them: a term's run is a few KB even at 100,000 articles, and reading
    // ahead (4 blocks) read five times the bytes a phrase needs, each checked again at every read.
    const last = Math.max(Math.ceil(to / BLOCK), first + 1)
    const start = first * BLOCK
    const end = Math.min(last * BLOCK, this.length)
    if (window.buffer.length < end - start) window.buffer = new Uint8Array(Math.max(end - start, 2 * window.buffer.length))
    const bytes = window.buffer.subarray(0, end - start)
    window.owner = null
    if (!this.file.read(bytes, this.at + start) || !blocksCheck(this.crcs, first, bytes)) throw new SegmentDamaged()
    window.owner = this
    window.start = start
    window.end = end
    return bytes.subarray(from - start, to - start)
  }
}
