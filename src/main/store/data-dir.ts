/**
 * Opening a workspace's `.spanwise/` folder: refuses a linked (or non-folder) `.spanwise`,
 * `annotations/`, `snapshots/` or `intents/` before anything is read or written through it, creates what is missing
 * (not when reading only), and decides whether this process may write (workspace-lock.ts).
 */
import { promises as fs } from 'node:fs'
import { join } from 'node:path'
import { UserError } from '../../shared/errors'
import { said } from '../../shared/i18n'
import { WriteAccess } from './write-access'
import { acquireWorkspaceLock, releaseWorkspaceLock, type LockOptions } from './workspace-lock'

/** Spanwise's folder inside a workspace, and the folders inside it. */
export const DATA_DIR = '.spanwise'
const SUBFOLDERS = ['annotations', 'snapshots', 'intents'] as const

export interface DataDirOptions {
  /** Read without changing a byte (the command line): nothing created, no lock taken, every write refused. */
  readOnly?: boolean
  lock?: LockOptions
}

/** The message of every refused write when a workspace is read by the command line. */
export const READ_ONLY_READER = 'The command line reads workspaces without changing them: nothing was written.'

/**
 * Checks (and unless reading only, creates) `<root>/.spanwise` and its folders; returns this process's
 * write access. Throws a UserError naming the folder when one is a link or not a folder.
 */
export async function openDataDir(root: string, options: DataDirOptions = {}): Promise<WriteAccess> {
  const dataDir = join(root, DATA_DIR)
  const folders = [dataDir, ...SUBFOLDERS.map((name) => join(dataDir, name))]
  for (const folder of folders) await checkFolder(folder)
  if (options.readOnly) return new WriteAccess(READ_ONLY_READER)
  try {
    for (const folder of folders) {
      await fs.mkdir(folder).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error
      })
      await checkFolder(folder) // replaced by a link between the check and the mkdir
    }
    return await acquireWorkspaceLock(dataDir, options.lock)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'EACCES' && code !== 'EPERM' && code !== 'EROFS') throw error
    return new WriteAccess(said('detail.readOnly.folder', { code }))
  }
}

/** Gives up the write lock of an open (nothing to do for a read-only one). */
export async function closeDataDir(root: string, access: WriteAccess): Promise<void> {
  await releaseWorkspaceLock(join(root, DATA_DIR), access)
}

async function checkFolder(folder: string): Promise<void> {
  const stat = await fs.lstat(folder).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null
    throw error
  })
  if (stat && !stat.isDirectory()) {
    throw new UserError(
      `${folder} is ${stat.isSymbolicLink() ? 'a link' : 'not a folder'}: Spanwise never follows links inside a workspace, so it did not open it and read or wrote nothing there. Replace it with a real folder (or remove it) and open the workspace again.`,
      'unreadable',
    )
  }
}
