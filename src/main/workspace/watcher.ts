/**
 * Watches a workspace folder so files added, changed or removed while the app runs reach the library
 * without a restart. Events are batched (a save from an editor or a copy of many files is one burst)
 * and Spanwise's own `.spanwise` folder is ignored.
 *
 * One watch per folder, not per file: the operating system reports changes to the files of a watched
 * folder (inotify, FSEvents, ReadDirectoryChangesW through `fs.watch`), so a leak of 100,000 files in
 * 1,000 folders costs 1,000 watches and a walk of the folders' names, where a watch per file (chokidar)
 * stat'ed every file at open (~1 s of CPU at 10,000 files) and could pass Linux's inotify watch limit.
 * Each report says where: the paths the folders named (a file or folder added, changed, renamed or
 * removed there; the folder itself when the system names nothing), relative to the workspace, so the
 * library's rescan looks at those and nothing else (scan-scope.ts); what changed there is for it to find.
 * Hidden folders (ours among them), dependency folders and links are never walked or watched, as the
 * scan never lists them.
 */
import { watch, type FSWatcher } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { toRelPath } from './scan'

const QUIET_MS = 300
/** Beyond this many paths in one burst, the report is the whole workspace (''): one scan costs less. */
const MAX_PATHS = 10_000

/** Folders the scan never lists (scan.ts): hidden ones, `.spanwise` among them, and dependencies. */
const skipped = (name: string): boolean => name.startsWith('.') || name === 'node_modules'

export interface WorkspaceWatcher {
  /** Settles once the folders present at the start are watched. */
  readonly ready: Promise<void>
  /** The folders watched now (the scan's folders). */
  folders(): string[]
  close(): Promise<void>
}

/**
 * Watches `root`; `onChange` is called after each burst of changes with the paths that changed
 * ("/"-separated, relative to `root`; '' for the whole workspace).
 */
export function watchWorkspace(root: string, onChange: (paths: string[]) => void): WorkspaceWatcher {
  const watchers = new Map<string, FSWatcher>()
  /** The paths reported in this burst. */
  let changed = new Set<string>()
  let timer: NodeJS.Timeout | null = null
  let closed = false
  /** A walk of the folders is due (a folder may have come or gone), after the burst settles. */
  let rewalk = false

  const settle = () => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      // A new folder is watched before the library looks: what lands in it after the walk is reported,
      // what landed before is found by the rescan that follows.
      const walked = rewalk ? walk() : Promise.resolve()
      rewalk = false
      const paths = changed.size > MAX_PATHS ? [''] : [...changed]
      changed = new Set()
      void walked.then(() => closed || onChange(paths))
    }, QUIET_MS)
  }

  const watchFolder = (folder: string) => {
    if (watchers.has(folder) || closed) return
    try {
      const watcher = watch(folder, (event, name) => {
        // A change inside a hidden folder of this one is not reported here; the hidden entry itself is skipped.
        if (name && skipped(name.toString())) return
        if (event === 'rename') rewalk = true
        changed.add(toRelPath(root, name ? join(folder, name.toString()) : folder))
        settle()
      })
      // An unreadable or removed folder must not stop the others.
      watcher.on('error', () => {
        watcher.close()
        watchers.delete(folder)
      })
      watchers.set(folder, watcher)
    } catch {
      // Unreadable, or gone between the listing and the watch: the next walk tries again.
    }
  }

  /** Watches every folder the scan would list and stops watching those that went away. */
  const walk = async () => {
    const seen = new Set<string>()
    const pending = [root]
    while (pending.length > 0 && !closed) {
      const folder = pending.pop()!
      seen.add(folder)
      watchFolder(folder)
      const entries = await readdir(folder, { withFileTypes: true }).catch(() => [])
      for (const entry of entries) if (entry.isDirectory() && !skipped(entry.name)) pending.push(join(folder, entry.name))
    }
    for (const [folder, watcher] of watchers)
      if (!seen.has(folder)) {
        watcher.close()
        watchers.delete(folder)
      }
  }
  const walked = walk()

  return {
    ready: walked,
    folders: () => [...watchers.keys()],
    async close() {
      closed = true
      if (timer) clearTimeout(timer)
      await walked.catch(() => undefined)
      for (const watcher of watchers.values()) watcher.close()
      watchers.clear()
    },
  }
}
