/**
 * A lowdb adapter that never loses an acknowledged write and never overwrites a file it cannot read.
 *
 * write(): serialise → write a temp file beside the target → fsync it → hard-link the current version to
 * `<file>.bak` → rename the temp file over the target (atomic on POSIX and NTFS) → fsync the folder, so
 * the rename itself survives a power cut. The promise resolves only after all of that: a resolved
 * write is durable.
 *
 * read(): a missing file falls back to `.bak` (a crash between the two steps above). A file that does not
 * parse or validate is moved aside to `<file>.corrupt-<timestamp>`, the last good version (`.bak`) is
 * restored, and `onRecover` is told so the user can be informed. A file written by a newer Spanwise is
 * left untouched and refused with NewerFormatError.
 *
 * A writer killed mid-write leaves its temp file behind (never the target: the rename had not happened).
 * The first read or durable write in a folder removes such leftovers of processes that no longer run.
 *
 * The folder is untrusted (safe-fs.ts): a link where the file or its `.bak` should be is never followed
 * (the file is recovered as damaged; a linked `.bak` counts as none), and temp files are created
 * exclusively under unguessable names. With a read-only WriteAccess, writes are refused and recovery
 * happens in memory only (nothing moved aside, nothing restored on disk).
 */
import { promises as fs, constants as fsConstants, readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import type { Adapter } from 'lowdb'
import type { z } from 'zod'
import { createTempFile, NotAPlainFileError, readPlainFile, readPlainFileOrNull } from './safe-fs'
import type { WriteAccess } from './write-access'

/** Raised when a file's format version is newer than this build understands. */
export class NewerFormatError extends Error {
  constructor(
    readonly file: string,
    readonly found: number,
    readonly supported: number,
  ) {
    super(
      `${basename(file)} was written by a newer Spanwise (format ${found}; this version reads ${supported}): update Spanwise to open it. The file is left untouched.`,
    )
  }
}

/** What read() did to get back to a good state. */
export interface RecoveryReport {
  file: string
  /** Where the unreadable file was moved ('' when nothing was: a file rebuilt from its change journal). */
  movedTo: string
  /** Whether the previous good version was restored (false: started empty). */
  restored: boolean
  reason: string
}

export interface DurableJsonFileOptions {
  /** The format version this build writes; files must carry `version` ≤ this. */
  version: number
  onRecover?: (report: RecoveryReport) => void
  /** Pretty-print (small, hand-inspectable files) or compact (large annotation files). */
  indent?: number
  /**
   * Validate the whole document before each write (default). Large files whose every change is
   * validated where it is made can skip it: parsing 10,000 annotations per save would cost more
   * than the save itself. Reads always validate.
   */
  validateOnWrite?: boolean
  /** Whether writes are allowed now (default: always). */
  access?: WriteAccess
}

export class DurableJsonFile<T extends { version: number }> implements Adapter<T> {
  readonly backupPath: string

  constructor(
    readonly path: string,
    private readonly schema: z.ZodType<T>,
    private readonly options: DurableJsonFileOptions,
  ) {
    this.backupPath = `${path}.bak`
  }

  async read(): Promise<T | null> {
    if (this.writable) await removeStaleTempFiles(dirname(this.path))
    let primary: string | null
    try {
      primary = await readPlainFile(this.path)
    } catch (error) {
      if (error instanceof NotAPlainFileError) return this.recover('a link or folder, not a data file (never followed)')
      throw error
    }
    if (primary === null) {
      // A crash between unlinking and renaming can leave only the backup: it holds every acknowledged write.
      const backup = await readPlainFileOrNull(this.backupPath)
      if (backup === null) return null
      const parsed = this.parse(backup)
      if (!parsed.ok) return null
      if (this.writable) await this.writeRaw(backup)
      return parsed.value
    }
    const parsed = this.parse(primary)
    if (parsed.ok) return parsed.value
    return this.recover(parsed.reason)
  }

  async write(data: T): Promise<void> {
    if (this.options.validateOnWrite !== false) {
      const checked = this.schema.safeParse(data)
      if (!checked.success) throw new Error(`refusing to write invalid data to ${basename(this.path)}: ${checked.error.message}`)
    }
    await this.writeRaw(JSON.stringify(data, null, this.options.indent))
  }

  /**
   * write() for a large document already serialised in pieces (see writeTempFile): the same durable
   * replace, without one long synchronous stringify and without megabytes of unsynced data.
   */
  async writeSerialized(pieces: readonly string[]): Promise<void> {
    await this.writeRaw(pieces)
  }

  private parse(raw: string): { ok: true; value: T } | { ok: false; reason: string } {
    let json: unknown
    try {
      json = JSON.parse(raw)
    } catch (error) {
      return { ok: false, reason: `not valid JSON (${(error as Error).message})` }
    }
    const version = (json as { version?: unknown } | null)?.version
    if (typeof version === 'number' && version > this.options.version) {
      throw new NewerFormatError(this.path, version, this.options.version)
    }
    const result = this.schema.safeParse(json)
    if (!result.success) return { ok: false, reason: `unexpected content (${result.error.issues[0]?.message ?? 'invalid'})` }
    return { ok: true, value: result.data }
  }

  private get writable(): boolean {
    return this.options.access?.writable ?? true
  }

  private async recover(reason: string): Promise<T | null> {
    // Read-only: the damaged file stays where it is, the last good version is used in memory.
    const movedTo = this.writable ? await moveAside(this.path) : ''
    const backupRaw = await readPlainFileOrNull(this.backupPath)
    const backup = backupRaw === null ? null : this.parse(backupRaw)
    const restored = backup !== null && backup.ok
    if (restored && this.writable) await this.writeRaw(backupRaw!)
    const report = { file: this.path, movedTo, restored, reason }
    this.options.onRecover?.(this.writable ? report : { ...report, reason: `${reason}; left in place (opened read-only)` })
    return restored ? backup.value : null
  }

  /** The durable replace described at the top of this file. */
  private async writeRaw(content: string | readonly string[]): Promise<void> {
    this.options.access?.check()
    const dir = dirname(this.path)
    const temp = await writeTempFile(this.path, content)
    try {
      await keepPreviousVersion(this.path, this.backupPath)
      await fs.rename(temp, this.path)
    } catch (error) {
      await fs.rm(temp, { force: true })
      throw error
    }
    await syncDirectory(dir)
  }
}

/** Moves an unreadable file aside to `<file>.corrupt-<timestamp>` (kept for the user, never read again). */
export async function moveAside(path: string): Promise<string> {
  const movedTo = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`
  await fs.rename(path, movedTo)
  return movedTo
}

/** Replaces a file durably and atomically (temp file, fsync, rename, fsync of the folder), no backup. */
export async function writeFileDurably(path: string, content: string | Uint8Array, access?: WriteAccess): Promise<void> {
  access?.check()
  const dir = dirname(path)
  await removeStaleTempFiles(dir)
  const temp = await writeTempFile(path, content)
  try {
    await fs.rename(temp, path)
  } catch (error) {
    await fs.rm(temp, { force: true })
    throw error
  }
  await syncDirectory(dir)
}

/** Unsynced bytes a piecewise write lets pile up before it syncs them. */
const SYNC_EVERY_BYTES = 512 * 1024

/**
 * Writes `content` to a new temp file beside `path` and fsyncs it; returns its path. A failed write
 * (disk full, I/O error) removes the partial temp file, so a full disk is not made fuller.
 * Content in pieces is synced every SYNC_EVERY_BYTES as it goes: on ext4 (data=ordered) any fsync, a
 * journal line's included, waits for all dirty data, so a big write must not leave much of it around.
 */
async function writeTempFile(path: string, content: string | Uint8Array | readonly string[]): Promise<string> {
  const { temp, handle } = await createTempFile(path)
  try {
    if (typeof content === 'string') await handle.writeFile(content, 'utf8')
    else if (content instanceof Uint8Array) await handle.writeFile(content)
    else {
      let unsynced = 0
      for (const piece of content) {
        const bytes = Buffer.from(piece, 'utf8')
        await handle.write(bytes, 0, bytes.length)
        unsynced += bytes.length
        if (unsynced >= SYNC_EVERY_BYTES) {
          await handle.datasync()
          unsynced = 0
        }
      }
    }
    await handle.sync()
  } catch (error) {
    await handle.close().catch(() => undefined)
    await fs.rm(temp, { force: true })
    throw error
  }
  await handle.close()
  return temp
}

/** Folders already cleaned by this process: once per folder, so 10,000 article files cost one readdir. */
const cleanedDirs = new Set<string>()
const TEMP_NAME = /^\..+\.(\d+)\.[0-9a-f]+\.tmp$/

/** Removes temp files (`.<name>.<pid>.<random>.tmp`) left by writers that died; live processes' are kept. */
export async function removeStaleTempFiles(dir: string): Promise<void> {
  if (cleanedDirs.has(dir)) return
  cleanedDirs.add(dir)
  const names = await fs.readdir(dir).catch(() => [] as string[])
  for (const name of names) {
    const pid = Number(TEMP_NAME.exec(name)?.[1] ?? NaN)
    if (Number.isNaN(pid) || pid === process.pid || isProcessRunning(pid)) continue
    await fs.rm(join(dir, name), { force: true }).catch(() => undefined)
  }
}

export function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' // exists, owned by someone else
  }
  return !isZombie(pid)
}

/** A process killed but not yet reaped by its parent still answers signal 0 (Linux tells from /proc). */
function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false
  try {
    return /^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

/** Makes `<file>.bak` the current version, without a moment where `<file>` is missing. */
async function keepPreviousVersion(path: string, backupPath: string): Promise<void> {
  await fs.rm(backupPath, { force: true })
  try {
    await fs.link(path, backupPath)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return // first write: nothing to keep
    // File systems without hard links (FAT, some network shares): copy instead, never through a link.
    if (!(await fs.lstat(path)).isFile()) return
    await fs.copyFile(path, backupPath, fsConstants.COPYFILE_FICLONE)
  }
}

/** fsync a folder so a rename in it is durable. Windows cannot open folders for sync: there NTFS journals renames. */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return
  const handle = await fs.open(dir, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
