/** The library's index on disk (`.spanwise/library/`), as tests look at it or remove it for a cold open. */
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { decodeLibraryShard, LIBRARY_INDEX_DIR } from '../../src/main/workspace/library-index'
import type { IndexEntry } from '../../src/main/workspace/workspace-index'

const DATA_DIR = '.spanwise'

/** Removes the library's index (and an old workspace.json): the next open is a cold one. */
export function forgetLibraryIndex(root: string): void {
  for (const name of [LIBRARY_INDEX_DIR, 'workspace.json', 'workspace.json.bak'])
    rmSync(join(root, DATA_DIR, name), { recursive: true, force: true })
}

/** Every entry the index on disk holds, in path order; a damaged shard fails the test. */
export function storedLibrary(root: string): IndexEntry[] {
  const dir = join(root, DATA_DIR, LIBRARY_INDEX_DIR)
  const entries: IndexEntry[] = []
  for (const name of readdirSync(dir).filter((n) => /^shard-[0-9a-f]{2}\.json$/.test(n))) {
    const decoded = decodeLibraryShard(readFileSync(join(dir, name), 'utf8'), parseInt(name.slice(6, 8), 16))
    if (!decoded) throw new Error(`${name} is damaged`)
    entries.push(...decoded)
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}
