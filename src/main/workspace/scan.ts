/**
 * Finds the article files below a workspace folder. Skips hidden folders (Spanwise's own `.spanwise`
 * among them) and dependency folders, never follows symbolic links to folders (no loops, nothing
 * outside the workspace), and reports unreadable folders instead of failing the whole scan. The files
 * come in no particular order. Each folder's files are statted together (statMany: synchronously, in
 * slices); the event loop is served between folders and slices.
 */
import { promises as fs } from 'node:fs'
import { basename, dirname, join, relative, sep } from 'node:path'
import { statMany } from './file-reads'
import { SKIPPED_FOLDERS } from './library-order'
import { scanScopes } from './scan-scope'

export interface FoundFile {
  /** Relative to the workspace root, "/"-separated on every platform. */
  relPath: string
  absPath: string
  size: number
  mtimeMs: number
}

export interface ScanResult {
  files: FoundFile[]
  /** Folders that could not be listed, with the reason. */
  problems: { relPath: string; reason: string }[]
}

export async function scanWorkspace(
  root: string,
  accept: (fileName: string) => boolean,
  /** The folders to scan (each with its subfolders); the whole workspace by default. */
  from: readonly string[] = [root],
  files: FoundFile[] = [],
): Promise<ScanResult> {
  const problems: ScanResult['problems'] = []
  const pending = [...from]
  while (pending.length > 0) {
    const dir = pending.pop()!
    let entries
    try {
      entries = await fs.readdir(dir, { withFileTypes: true })
    } catch (error) {
      problems.push({ relPath: toRelPath(root, dir), reason: (error as NodeJS.ErrnoException).code ?? String(error) })
      continue
    }
    const found = entries.filter((e) => e.isFile() && !e.name.startsWith('.') && accept(e.name))
    const stats = await statMany(found.map((e) => join(dir, e.name)))
    found.forEach((entry, i) => {
      const stat = stats[i]
      if (!stat) return
      const absPath = join(dir, entry.name)
      files.push({ relPath: toRelPath(root, absPath), absPath, size: stat.size, mtimeMs: stat.mtimeMs })
    })
    for (const entry of entries) {
      // isDirectory() is false for a symlink to a folder (Dirent does not follow links): no loops.
      if (entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED_FOLDERS.has(entry.name)) {
        pending.push(join(dir, entry.name))
      }
    }
  }
  // Not sorted: the library orders what it adds (library-order.ts), a sort of 100,000 paths costs ~0.4 s.
  return { files, problems }
}

export function toRelPath(root: string, absPath: string): string {
  return relative(root, absPath).split(sep).join('/')
}

/**
 * Scans only what is at `paths` (relative, "/"-separated; what the watcher saw change): a file is
 * statted, a folder scanned with its subfolders, a path gone (or not one a scan lists: hidden, a
 * dependency folder, a link, or below a link) finds nothing. Paths below another one given are
 * covered by it. The rest of the workspace is not looked at.
 */
export async function scanPaths(
  root: string,
  paths: readonly string[],
  accept: (fileName: string) => boolean,
): Promise<ScanResult> {
  const files: FoundFile[] = []
  const folders: string[] = []
  const realRoot = await fs.realpath(root)
  for (const relPath of scanScopes(paths)) {
    if (!isScannedPath(relPath)) continue
    const absPath = join(root, ...relPath.split('/'))
    // Reached through no link: the folder it is in is where it seems (a folder swapped for a link is not entered).
    const parent = await fs.realpath(dirname(absPath)).catch(() => null)
    if (parent !== join(realRoot, ...relPath.split('/').slice(0, -1))) continue
    const stat = await fs.lstat(absPath).catch(() => null)
    if (stat?.isDirectory()) folders.push(absPath)
    else if (stat?.isFile() && accept(basename(absPath))) files.push({ relPath, absPath, size: stat.size, mtimeMs: stat.mtimeMs })
  }
  return folders.length > 0 ? scanWorkspace(root, accept, folders, files) : { files, problems: [] }
}

/** Whether a scan would look at `relPath`: no hidden or dependency folder or file on the way. */
function isScannedPath(relPath: string): boolean {
  // A file is never named like a skipped folder (none has a supported extension): any such name is one.
  return relPath.split('/').every((name) => name !== '' && !name.startsWith('.') && !SKIPPED_FOLDERS.has(name))
}
