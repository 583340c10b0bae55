/**
 * File access inside `.spanwise/`, which is untrusted input: a workspace may arrive zipped from a
 * colleague or through a synced folder, holding anything, links included. Nothing here ever follows a
 * link: files are opened with O_NOFOLLOW and checked after opening (the handle's dev/ino against the
 * name's lstat), so a link planted where a data file or journal should be can never make Spanwise read
 * or write a file outside the workspace. Temp files are created exclusively, under unguessable names.
 */
import { randomBytes } from 'node:crypto'
import { promises as fs, constants, type Stats } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { WorkbenchError } from '../../shared/errors'

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
export async function readPlainFile(path: string): Promise<string | null>
/** The bytes of a plain file, undecoded (`encoding` null). */
export async function readPlainFile(path: string, encoding: null): Promise<Buffer | null>
export async function readPlainFile(path: string, encoding: 'utf8' | null = 'utf8'): Promise<string | Buffer | null> {
  let handle: fs.FileHandle
  try {
    handle = await openPlainFile(path, constants.O_RDONLY)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  try {
    return encoding ? await handle.readFile(encoding) : await handle.readFile()
  } finally {
    await handle.close()
  }
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
