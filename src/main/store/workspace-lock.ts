/**
 * The workspace lock: `.spanwise/writer.lock`, naming the one Spanwise process that may write the
 * workspace (host, user, pid, a heartbeat it renews). Two writers on one workspace (a shared or synced
 * folder on two laptops, two user accounts) would lose each other's acknowledged changes; with the lock
 * the second gets the workspace read-only, with a message naming the holder.
 *
 * Taking the lock: the lock file is written complete under a temp name and hard-linked to its name,
 * which fails if any lock exists (atomic on local disks and on NFS). A lock whose holder is gone (same
 * host and its pid no longer runs, or a heartbeat older than `staleMs`) is taken over under a guard
 * file (`writer.lock.takeover`, linked into place complete with its owner, by exactly one process): re-read, still the same stale lock,
 * removed, replaced. Within one process the lock is shared by every open of the same workspace (they
 * coordinate in memory) and released by the last close.
 *
 * The holder renews its heartbeat every `heartbeatMs`; if it finds the lock taken over (it was frozen
 * longer than `staleMs`), it turns read-only at once. Heartbeats compare clocks across machines: hosts
 * sharing a folder need clocks within `staleMs` of each other.
 */
import { randomUUID } from 'node:crypto'
import { constants, promises as fs } from 'node:fs'
import { hostname, userInfo } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import { said, type Said } from '../../shared/i18n'
import { isProcessRunning } from './durable-json-file'
import { createTempFile, O_NOFOLLOW, readPlainFileOrNull } from './safe-fs'
import { WriteAccess } from './write-access'

export const LOCK_FILE = 'writer.lock'

const LockData = z.object({
  host: z.string(),
  user: z.string(),
  pid: z.number().int(),
  heartbeat: z.string(),
  token: z.string(),
})
export type LockHolder = z.infer<typeof LockData>

export interface LockOptions {
  heartbeatMs: number
  staleMs: number
}

export const DEFAULT_LOCK_OPTIONS: LockOptions = { heartbeatMs: 5_000, staleMs: 30_000 }

/** One process's hold on one workspace, shared by its opens. */
interface Held {
  token: string
  refs: number
  timer: NodeJS.Timeout
  /** Every open's access, turned read-only together if the lock is lost. */
  accesses: Set<WriteAccess>
  /** The heartbeat being written (on a busy machine the next tick may come before it is done). */
  beating: Promise<void> | null
}

const held = new Map<string, Held>()

/**
 * Takes the workspace lock in `dataDir` (which must exist) or, if another live Spanwise holds it,
 * returns a read-only WriteAccess whose reason names the holder. Call release() with the same access
 * when the workspace closes.
 */
export async function acquireWorkspaceLock(dataDir: string, options: LockOptions = DEFAULT_LOCK_OPTIONS): Promise<WriteAccess> {
  const mine = held.get(dataDir)
  if (mine) {
    mine.refs++
    const access = new WriteAccess()
    mine.accesses.add(access)
    return access
  }
  const path = join(dataDir, LOCK_FILE)
  const token = randomUUID()
  for (let attempt = 0; attempt < 3; attempt++) {
    if (await createLock(path, token)) return startHolding(dataDir, token, options)
    const holder = await readLock(path)
    if (holder === 'missing') continue // released meanwhile: try again
    if (holder !== 'damaged' && !isStale(holder, options)) return new WriteAccess(heldBy(holder))
    // A lock that does not parse is never written by Spanwise (it links complete files into place):
    // damage, or a planted file. It is replaced once it is as old as a stale lock.
    if (holder === 'damaged' && !(await olderThanStale(path, options))) return new WriteAccess(busyMessage)
    if (!(await takeOver(path, holder, token, options))) break
    return startHolding(dataDir, token, options)
  }
  const holder = await readLock(path)
  return new WriteAccess(typeof holder === 'object' ? heldBy(holder) : busyMessage)
}

/** Lets go of one open's hold; the last one removes the lock file (if it is still this process's). */
export async function releaseWorkspaceLock(dataDir: string, access: WriteAccess): Promise<void> {
  const mine = held.get(dataDir)
  if (!mine || !mine.accesses.delete(access)) return
  if (--mine.refs > 0) return
  held.delete(dataDir)
  clearInterval(mine.timer)
  await mine.beating // a heartbeat under way would otherwise put the lock back after its removal
  const path = join(dataDir, LOCK_FILE)
  const holder = await readLock(path).catch(() => 'damaged' as const)
  if (typeof holder === 'object' && holder.token === mine.token) await fs.rm(path, { force: true }).catch(() => undefined)
}

/** Who holds the lock now (null: nobody, or an unreadable lock). */
export async function lockHolder(dataDir: string): Promise<LockHolder | null> {
  const holder = await readLock(join(dataDir, LOCK_FILE))
  return typeof holder === 'object' ? holder : null
}

const busyMessage = said('detail.readOnly.takingOver')

/** The one-line message of a read-only open: who writes, and what that means for the user's changes. */
function heldBy(holder: LockHolder): Said {
  const { user, host, pid, heartbeat } = holder
  const cut = (text: string) => text.slice(0, 100) // a lock file written by hand could hold anything
  return said('detail.readOnly.heldBy', { user: cut(user), host: cut(host), pid, seen: cut(heartbeat) })
}

function lockData(token: string): LockHolder {
  let user = 'unknown user'
  try {
    user = userInfo().username
  } catch {
    // No user name on this system (a container without passwd entry): the host and pid still say who.
  }
  return { host: hostname(), user, pid: process.pid, heartbeat: new Date().toISOString(), token }
}

/** Writes a complete lock file under a temp name and links it into place; false if a lock exists. */
function createLock(path: string, token: string): Promise<boolean> {
  return linkComplete(path, JSON.stringify(lockData(token)))
}

/** Writes `text` to a temp file and hard-links it to `path`: false if `path` exists. Never half a file. */
async function linkComplete(path: string, text: string): Promise<boolean> {
  const temp = await writeTemp(path, text)
  try {
    await fs.link(temp, path)
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  } finally {
    await fs.rm(temp, { force: true })
  }
}

async function writeTemp(path: string, text: string): Promise<string> {
  const { temp, handle } = await createTempFile(path)
  try {
    await handle.writeFile(text, 'utf8')
    await handle.sync()
  } finally {
    await handle.close()
  }
  return temp
}

/**
 * The lock as it is now. Opened without following a link, but not held to the name's identity after
 * opening (safe-fs's check): the holder renews it by renaming a new file over it, and a read racing
 * with that rename still reads one complete lock, the old or the new.
 */
async function readLock(path: string): Promise<LockHolder | 'missing' | 'damaged'> {
  let handle: fs.FileHandle
  try {
    handle = await fs.open(path, constants.O_RDONLY | O_NOFOLLOW)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return 'missing'
    if (code === 'ELOOP' || code === 'EMLINK') return 'damaged' // a link planted as the lock
    throw error
  }
  try {
    if (!(await handle.stat()).isFile()) return 'damaged'
    return LockData.parse(JSON.parse(await handle.readFile('utf8')))
  } catch {
    return 'damaged'
  } finally {
    await handle.close()
  }
}

/** Whether the file at `path` was last changed longer than a stale lock's age ago. */
async function olderThanStale(path: string, options: LockOptions): Promise<boolean> {
  const stat = await fs.lstat(path).catch(() => null)
  return stat !== null && Date.now() - stat.mtimeMs > options.staleMs
}

/** Whether a lock (not held by this process for this folder, see `held`) belongs to nobody alive. */
function isStale(holder: LockHolder, options: LockOptions): boolean {
  // Same host: its process is gone, or it names this process, which does not hold it (a copied folder).
  if (holder.host === hostname() && (holder.pid === process.pid || !isProcessRunning(holder.pid))) return true
  const beat = Date.parse(holder.heartbeat)
  return Number.isNaN(beat) || Date.now() - beat > options.staleMs
}

/**
 * Replaces a stale (or damaged) lock, under the takeover guard so two processes never both do it.
 * False when another process is taking over meanwhile, or the lock changed (its holder is back).
 */
async function takeOver(
  path: string,
  seen: LockHolder | 'damaged',
  token: string,
  options: LockOptions,
  clearedGuard = false,
): Promise<boolean> {
  const guard = `${path}.takeover`
  // The guard is created complete, owner inside, by linking a written temp file to its name: a process
  // killed at any point leaves either no guard or one that names it (never an anonymous one).
  if (!(await linkComplete(guard, `${hostname()}\n${process.pid}\n`))) {
    // A guard left by a process killed mid-takeover is cleared, and the takeover tried once more.
    if (clearedGuard || !(await isAbandonedGuard(guard, options))) return false
    await fs.rm(guard, { recursive: true, force: true })
    return takeOver(path, seen, token, options, true)
  }
  try {
    const now = await readLock(path)
    const same = now === 'damaged' ? seen === 'damaged' : now !== 'missing' && seen !== 'damaged' && now.token === seen.token
    if (now !== 'missing' && !same) return false
    await fs.rm(path, { force: true })
    return await createLock(path, token)
  } finally {
    await fs.rm(guard, { force: true }).catch(() => undefined)
  }
}

/**
 * Whether a takeover guard was left behind: its owner (named inside it) is a process of this host that
 * no longer runs, it is not a guard Spanwise writes (a folder from an older version, a link, a file
 * naming nobody), or it is older than a stale lock.
 */
async function isAbandonedGuard(guard: string, options: LockOptions): Promise<boolean> {
  const stat = await fs.lstat(guard).catch(() => null)
  if (!stat) return true
  if (!stat.isFile()) return true
  if (Date.now() - stat.mtimeMs > options.staleMs) return true
  const owner = await readPlainFileOrNull(guard).catch(() => null)
  const [host, pid] = (owner ?? '').split('\n')
  if (!host || !/^\d+$/.test(pid ?? '')) return true
  return host === hostname() && Number(pid) !== process.pid && !isProcessRunning(Number(pid))
}

function startHolding(dataDir: string, token: string, options: LockOptions): WriteAccess {
  const access = new WriteAccess()
  const state: Held = {
    token,
    refs: 1,
    accesses: new Set([access]),
    beating: null,
    timer: undefined as unknown as NodeJS.Timeout,
  }
  state.timer = setInterval(() => {
    if (state.beating || held.get(dataDir) !== state) return
    state.beating = heartbeat(dataDir, state).finally(() => (state.beating = null))
  }, options.heartbeatMs)
  state.timer.unref() // an open workspace never keeps a process alive by itself
  held.set(dataDir, state)
  return access
}

/** Renews the heartbeat; a lock found taken over turns every open of this workspace read-only. */
async function heartbeat(dataDir: string, state: Held): Promise<void> {
  const path = join(dataDir, LOCK_FILE)
  try {
    const holder = await readLock(path)
    // Damaged (it never is when Spanwise writes it): still ours, rewritten below.
    if (holder === 'missing' || (holder !== 'damaged' && holder.token !== state.token)) {
      const message = typeof holder === 'object' ? heldBy(holder) : said('detail.readOnly.lockLost')
      for (const access of state.accesses) access.refuse(message)
      clearInterval(state.timer)
      return
    }
    const temp = await writeTemp(path, JSON.stringify(lockData(state.token)))
    await fs.rename(temp, path).catch(async (error: unknown) => {
      await fs.rm(temp, { force: true })
      throw error
    })
  } catch {
    // A heartbeat that could not be written (disk full) is retried on the next beat.
  }
}
