/**
 * The library's order (by path, as a person sorts them) and the paths an index entry may name. A warm
 * open lists the library from its index before the folder is checked, so what the index says of a
 * path is taken only if it is one a scan could have found: relative, inside the workspace, no hidden
 * or dependency folder on the way, a supported file. The index is untrusted input (a workspace may
 * arrive zipped from a colleague): an entry naming `../elsewhere.txt` is dropped, never read.
 */
import { isSupportedFile } from '../import'
import type { IndexEntry } from './workspace-index'

/** The order of String.localeCompare, at a third of its cost (one collator, not one per comparison). */
const collator = new Intl.Collator()

/** Folders a scan never enters besides hidden ones (scan.ts). */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set(['node_modules', '__pycache__'])

export function comparePaths(a: string, b: string): number {
  return collator.compare(a, b)
}

/**
 * A path no scan finds: absolute (or a drive), an empty segment, a hidden segment ('.', '..' among
 * them), a skipped folder on the way, a backslash or NUL. One regular expression: 100,000 entries are
 * checked at every warm open.
 */
const NOT_FOUND_BY_A_SCAN = /^\/|^[A-Za-z]:|\/\/|\/$|(?:^|\/)(?:\.|node_modules\/|__pycache__\/)|[\\\0]/

/** Whether a scan of the workspace could have found a file at `relPath` ("/"-separated, relative). */
export function isLibraryPath(relPath: string): boolean {
  return relPath.length > 0 && !NOT_FOUND_BY_A_SCAN.test(relPath) && isSupportedFile(relPath)
}

/** Entries in library order. */
export function sortByPath(entries: IndexEntry[]): IndexEntry[] {
  return entries.sort((a, b) => collator.compare(a.path, b.path))
}

/**
 * The library with `added` (entries already in it, appended at its end) moved to their places: one
 * merge of the rest (in order) with the added ones sorted, so a few new files cost a pass, not a sort.
 */
export function inPathOrder(entries: ReadonlyMap<string, IndexEntry>, added: readonly IndexEntry[]): Map<string, IndexEntry> {
  const adding = new Set(added.map((e) => e.id))
  const fresh = sortByPath(added.filter((e) => entries.get(e.id) === e))
  const out = new Map<string, IndexEntry>()
  let k = 0
  for (const [id, entry] of entries) {
    if (adding.has(id)) continue
    while (k < fresh.length && collator.compare(fresh[k].path, entry.path) < 0) out.set(fresh[k].id, fresh[k++])
    out.set(id, entry)
  }
  while (k < fresh.length) out.set(fresh[k].id, fresh[k++])
  return out
}
