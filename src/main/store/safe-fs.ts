/**
 * File access inside `.spanwise/`, which is untrusted input: a workspace may arrive zipped from a
 * colleague or through a synced folder, holding anything, links included. Nothing here ever follows a
 * link: files are opened with O_NOFOLLOW and checked after opening (the handle's dev/ino against the
 * name's lstat), so a link planted where a data file or journal should be can never make Spanwise read
 * or write a file outside the workspace. Temp files are created exclusively, under unguessable names.
 *
 * Reads (readPlainFile) take one descriptor and one fstat per file, through the callback API (an export
 * reads 10,000 files: FileHandle objects and a second stat were a fifth of its time). Where the
 * platform has O_NOFOLLOW, the open itself refuses a link at the name and the fstat of the descriptor
 * refuses anything but a plain file, which is all a read needs; the lstat of the name is kept where it
 * has no O_NOFOLLOW (Windows), to tell a link the open followed.
 */
import { randomBytes } from 'node:crypto'
import nodeFs, { promises as fs, constants, type Stats } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { WorkbenchError } from '../../shared/errors'
import { blockingReads, SYNC_READ_MAX_BYTES } from './blocking-reads'

/** 0 where the platform has no such flag (Windows: links there need privileges to create). */
export const O_NOFOLLOW: number = constants.O_NOFOLLOW ?? 0

/** A name in `.spanwise/` that is not a plain file (a link, a folder, a device): never read or written through. */
export class NotAPlainFileError extends WorkbenchError {
  constructor(readonly path: string) {
    super(
      'storage',
      `${basename(path)} in the workspace's .spanwise folder is a link or not a plain file: Spanwise never follows it`,
    )
  }
}

/**
 * Opens `path` without following a link at its last component, then checks that the handle is the
 * plain file now at that name (not something swapped in between). `flags` are numeric open flags.
 */
export async function openPlainFile(path: string, flags: number, mode = 0o666): Promise<fs.FileHandle> {
  return (await openPlainFileStat(path, flags, mode)).handle
}

/** openPlainFile, with the file's stat as opened (one fstat fewer for a caller that needs it). */
export async function openPlainFileStat(
  path: string,
  flags: number,
  mode = 0o666,
): Promise<{ handle: fs.FileHandle; stat: Stats }> {
  let handle: fs.FileHandle
  try {
    handle = await fs.open(path, flags | O_NOFOLLOW, mode)
  } catch (error) {
    // ELOOP: a link (Linux, macOS); EMLINK: the same on FreeBSD.
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ELOOP' || code === 'EMLINK') throw new NotAPlainFileError(path)
    throw error
  }
  try {
    const [opened, named] = await Promise.all([handle.stat(), fs.lstat(path)])
    if (!opened.isFile() || !named.isFile() || opened.dev !== named.dev || opened.ino !== named.ino) {
      throw new NotAPlainFileError(path)
    }
    return { handle, stat: opened }
  } catch (error) {
    await handle.close().catch(() => undefined)
    throw error
  }
}

/** The text of a plain file; null when there is none. Throws NotAPlainFileError for a link or folder. */
export async function readPlainFile(path: string): Promise<string | null> {
  return (await readPlainFileBytes(path))?.toString('utf8') ?? null
}

/**
 * The bytes of a plain file through one checked descriptor (opened without following a link, nor
 * waiting on a FIFO; one fstat says it is a plain file and how much to read); null when there is none.
 * Throws NotAPlainFileError for a link, folder, device or FIFO.
 */
export async function readPlainFileBytes(path: string): Promise<Buffer | null> {
  try {
    return await readThroughDescriptor(path, READ_FLAGS, async (opened) => {
      if (!opened.isFile()) throw new NotAPlainFileError(path)
      if (O_NOFOLLOW === 0) {
        const named = await fs.lstat(path)
        if (!named.isFile() || opened.dev !== named.dev || opened.ino !== named.ino) throw new NotAPlainFileError(path)
      }
    })
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return null
    // ELOOP: a link (Linux, macOS); EMLINK: the same on FreeBSD.
    if (code === 'ELOOP' || code === 'EMLINK') throw new NotAPlainFileError(path)
    throw error
  }
}

/**
 * The whole file at `path`, opened with `flags`, through one descriptor: `check` sees its fstat first.
 * A plain file of up to SYNC_READ_MAX_BYTES is opened and read without the threadpool while the disk
 * answers fast (blocking-reads.ts): that costs a fraction of the two trips through it. Otherwise the open
 * and the reads go through the threadpool (they may wait for the disk); the fstat of an open
 * descriptor and the close of one only read from do not, so they are called directly: two trips
 * through the threadpool per file instead of four (an export reads 20,000 files).
 */
export async function readThroughDescriptor(
  path: string,
  flags: number,
  check: (opened: Stats) => void | Promise<void> = () => undefined,
): Promise<Buffer> {
  if (blockingReads.allowed()) {
    await blockingReads.turnDue()
    const bytes = await readSmallFileBlocking(path, flags, check)
    if (bytes) return bytes
  }
  const fd = await callback<number>((done) => nodeFs.open(path, flags, done))
  try {
    const opened = nodeFs.fstatSync(fd)
    await check(opened)
    return await readDescriptor(fd, opened.size)
  } finally {
    closeReadDescriptor(fd)
  }
}

function closeReadDescriptor(fd: number): void {
  try {
    nodeFs.closeSync(fd)
  } catch {
    // Nothing was written through it: a failed close loses nothing.
  }
}

/**
 * readThroughDescriptor on the event loop's own thread, the time it blocked told to blockingReads.
 * Opened with O_NONBLOCK, so a FIFO at the name is not waited on: anything but a plain file, or a
 * larger one, is closed unread (undefined) and read through the threadpool as before.
 */
async function readSmallFileBlocking(
  path: string,
  flags: number,
  check: (opened: Stats) => void | Promise<void>,
): Promise<Buffer | undefined> {
  const started = performance.now()
  const fd = nodeFs.openSync(path, flags | NONBLOCK)
  let blocked = 0
  try {
    const opened = nodeFs.fstatSync(fd)
    blocked = performance.now() - started
    if (!opened.isFile() || opened.size > SYNC_READ_MAX_BYTES) return undefined
    await check(opened)
    return await readDescriptor(fd, opened.size, (buffer, at) => {
      const reading = performance.now()
      const read = nodeFs.readSync(fd, buffer, at, buffer.length - at, at)
      blocked += performance.now() - reading
      return read
    })
  } finally {
    closeReadDescriptor(fd)
    blockingReads.took(blocked)
  }
}

const NONBLOCK = constants.O_NONBLOCK ?? 0
const READ_FLAGS = constants.O_RDONLY | O_NOFOLLOW | NONBLOCK

/**
 * Reads `size` bytes from the start (what fstat said), and on to the end if the file grew meanwhile;
 * `readAt` fills the buffer from `at` on and says how much it read (through the threadpool by default).
 */
async function readDescriptor(
  fd: number,
  size: number,
  readAt: (buffer: Buffer, at: number) => number | Promise<number> = (buffer, at) =>
    callback<number>((done) => nodeFs.read(fd, buffer, at, buffer.length - at, at, done)),
): Promise<Buffer> {
  let buffer = Buffer.allocUnsafe(Math.max(size, 1024))
  let length = 0
  for (;;) {
    if (length === buffer.length) {
      const bigger = Buffer.allocUnsafe(buffer.length * 2)
      buffer.copy(bigger, 0, 0, length)
      buffer = bigger
    }
    const read = await readAt(buffer, length)
    length += read
    // Stopping at the size fstat gave saves the read that would only find the end.
    if (read === 0 || length === size) return buffer.subarray(0, length)
  }
}

/** A Node callback call as a promise: cheaper per call than fs.promises for many small files. */
function callback<T>(call: (done: (error: NodeJS.ErrnoException | null, value: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => call((error, value) => (error ? reject(error) : resolve(value))))
}

/** readPlainFile, with a link or folder read as no file at all. */
export async function readPlainFileOrNull(path: string): Promise<string | null> {
  return readPlainFile(path).catch((error: unknown) => {
    if (error instanceof NotAPlainFileError) return null
    throw error
  })
}

/** Whether something other than a plain file (a link above all) sits at `path`. */
export async function isNotPlainFile(path: string): Promise<boolean> {
  const stat = await fs.lstat(path).catch(() => null)
  return stat !== null && !stat.isFile()
}

/** Creates a new file for writing beside `path`, exclusively, under an unguessable name; returns both. */
export async function createTempFile(path: string): Promise<{ temp: string; handle: fs.FileHandle }> {
  // The pid lets a later process tell a dead writer's leftovers (see removeStaleTempFiles); the random
  // part makes the name impossible to plant in advance.
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(8).toString('hex')}.tmp`)
  const handle = await openPlainFile(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL)
  return { temp, handle }
}
