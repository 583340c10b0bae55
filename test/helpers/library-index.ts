/** The library's index on disk (`.spanwise/library/`), as tests look at it or remove it for a cold open. */
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { decodeLibraryShard, LIBRARY_INDEX_DIR } from '../../src/main/workspace/library-index'
import type { IndexEntry } from '../../src/main/workspace/workspace-index'
import { Workspace, type WorkspaceOptions } from '../../src/main/workspace/workspace'
import { tempDir, writeFiles } from './fs'

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
    const decoded = decodeLibraryShard(readFileSync(join(dir, name)), parseInt(name.slice(6, 8), 16))
    if (!decoded) throw new Error(`${name} is damaged`)
    entries.push(...decoded)
  }
  return entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
}

export const STORY_TEXT = 'El ayuntamiento aprobó ayer el presupuesto municipal con los votos de la mayoría absoluta del pleno.'

/** A workspace of `count` articles at `pathOf(i)` titled "Story i", every tenth one with a quote, opened once and closed. */
export async function storyWorkspace(count: number, pathOf: (i: number) => string): Promise<string> {
  const root = tempDir()
  writeFiles(root, Object.fromEntries(Array.from({ length: count }, (_, i) => [pathOf(i), `Story ${i}\n\n${STORY_TEXT}`])))
  const ws = await Workspace.open(root)
  for (const a of ws.articles().filter((_, i) => i % 10 === 0))
    await ws.createAnnotation(a.id, { id: 'q', kind: 'quote', start: 0, end: 5 })
  await ws.settled()
  await ws.close()
  return root
}

/** What the library shows of every row. */
export function libraryRows(ws: Workspace) {
  return ws.articles().map((a) => ({ path: a.path, title: a.title, language: a.language, counts: a.counts }))
}

/** The library as a quiet open shows it once settled (`options`: the open's, e.g. how it lists). */
export async function quietRows(root: string, options: WorkspaceOptions = {}) {
  const ws = await Workspace.open(root, options)
  await ws.settled()
  const shown = libraryRows(ws)
  await ws.close()
  return shown
}
