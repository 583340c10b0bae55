/**
 * The search index kept in `.spanwise/search/`: a warm start takes it back instead of reading the
 * articles again; an article changed since, a damaged, stale or planted file is indexed anew from the
 * articles, and search answers as if nothing had been stored.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeShard, shardOf } from '../../../src/main/search/index-files'
import { WorkspaceSearch } from '../../../src/main/search/workspace-search'
import { workspaceSearchFiles, workspaceSearchSource } from '../../../src/main/search/workspace-source'
import { articleIdFor, Workspace, type WorkspaceOptions } from '../../../src/main/workspace/workspace'
import { forgetLibraryIndex } from '../../helpers/library-index'
import { tempDir, writeFiles } from '../../helpers/fs'

const ARTICLES: Record<string, string> = {
  'es/cumbre.txt': 'Cumbre en Hanói\n\nLa cumbre de Hanói terminó sin acuerdo.\n\nEl presidente dijo: «estrechar los lazos».',
  'en/summit.txt': 'Summit in Hanoi\n\nThe Hanoi summit ended without a deal.\n\nOther words here.',
  'puerto.txt': 'El puerto\n\nLa alcaldesa Inés Marroquín anunció la ampliación del puerto.',
  'budget.md': '# Budget\n\nThe council approved the budget for the port.',
}
for (let i = 0; i < 12; i++)
  ARTICLES[`desk/nota-${i}.txt`] = `Nota ${i}\n\nEl ayuntamiento y la fiscalía, expediente ${1000 + i}.`

async function openSearch(root: string, options: WorkspaceOptions = {}) {
  const workspace = await Workspace.open(root, options)
  const search = new WorkspaceSearch(workspaceSearchSource(workspace), workspaceSearchFiles(workspace))
  // As the app does: the index follows the workspace's announced changes.
  search.follow(workspace.events)
  await search.build()
  return { workspace, search }
}

async function close({ workspace, search }: { workspace: Workspace; search: WorkspaceSearch }) {
  await search.stop()
  await workspace.close()
}

const searchDir = (root: string) => join(root, '.spanwise', 'search')
const shardFiles = (root: string) =>
  readdirSync(searchDir(root))
    .filter((n) => n.endsWith('.idx'))
    .sort()
const shardPath = (root: string, relPath: string) =>
  join(searchDir(root), `shard-${shardOf(articleIdFor(relPath)).toString(16).padStart(2, '0')}.idx`)

/** Titles of the articles a query finds, sorted (what the user sees in the list). */
async function found(search: WorkspaceSearch, query: string): Promise<string[]> {
  const results = await search.search(query)
  expect(results.complete).toBe(true)
  return results.groups.map((g) => g.title).sort()
}

async function indexedWorkspace() {
  const root = tempDir()
  writeFiles(root, ARTICLES)
  await close(await openSearch(root))
  return root
}

describe('the search index kept on disk', () => {
  it('is written in shards when the index is built, and a warm start takes it back without reading any article', async () => {
    const root = await indexedWorkspace()
    const files = shardFiles(root)
    expect(files.length).toBeGreaterThan(1)
    for (const name of files) expect(decodeShard(readFileSync(join(searchDir(root), name)))).not.toBeNull()
    const mtimes = files.map((name) => statSync(join(searchDir(root), name)).mtimeMs)

    const warm = await openSearch(root)
    expect(warm.search.counts).toEqual({ fromFiles: 0, fromDisk: Object.keys(ARTICLES).length })
    expect(await found(warm.search, 'hanoi')).toEqual(['Cumbre en Hanói', 'Summit in Hanoi'])
    expect((await warm.search.search('"sin acuerdo"')).total).toBe(1)
    expect(await found(warm.search, 'expediente 1007')).toEqual(['Nota 7'])
    expect(await found(warm.search, 'marroq')).toEqual(['El puerto'])
    // Nothing changed: nothing was written again.
    await close(warm)
    expect(shardFiles(root)).toEqual(files)
    expect(files.map((name) => statSync(join(searchDir(root), name)).mtimeMs)).toEqual(mtimes)
  })

  it('indexes anew an article whose file or annotations changed while the app was closed', async () => {
    const root = await indexedWorkspace()
    writeFiles(root, { 'puerto.txt': 'El puerto\n\nLa alcaldesa anunció el cierre del muelle norte.' })
    // Another Spanwise (or a colleague's sync) tags an article.
    const other = await Workspace.open(root)
    const summit = articleIdFor('en/summit.txt')
    await other.createAnnotation(summit, { id: 'n1', kind: 'claim', start: 16, end: 33, note: 'verificar con la embajada' })
    await other.close()

    const warm = await openSearch(root)
    expect(warm.search.counts).toEqual({ fromFiles: 2, fromDisk: Object.keys(ARTICLES).length - 2 })
    expect(await found(warm.search, 'muelle')).toEqual(['El puerto'])
    expect(await found(warm.search, 'ampliacion')).toEqual([])
    expect((await warm.search.search('embajada')).groups[0].hits[0]).toMatchObject({ kind: 'annotation', annotationId: 'n1' })
    await close(warm)
    // What was indexed anew was stored: the next start reads no article.
    const again = await openSearch(root)
    expect(again.search.counts.fromFiles).toBe(0)
    await close(again)
  })

  it('finds a file changed while closed once the library check after a warm open comes to it', async () => {
    const root = await indexedWorkspace()
    writeFiles(root, { 'puerto.txt': 'El puerto\n\nLa alcaldesa anunció el cierre del muelle norte.' })
    // The library lists from its index at once and checks the folder in the background.
    const warm = await openSearch(root, { scanAtOpen: 2 })
    await warm.workspace.settled()
    expect(await found(warm.search, 'muelle')).toEqual(['El puerto'])
    expect(await found(warm.search, 'ampliacion')).toEqual([])
    await close(warm)
  })

  it('takes back at the next start the articles it read before the library did (listed unread)', async () => {
    const root = await indexedWorkspace()
    rmSync(searchDir(root), { recursive: true })
    forgetLibraryIndex(root)
    // A cold open that lists every file unread: search reads most of them before the library's fill.
    const cold = await openSearch(root, { readAtOpen: 0 })
    expect(await found(cold.search, 'hanoi')).toEqual(['Cumbre en Hanói', 'Summit in Hanoi'])
    await cold.workspace.settled()
    await close(cold)
    const warm = await openSearch(root)
    expect(warm.search.counts).toEqual({ fromFiles: 0, fromDisk: Object.keys(ARTICLES).length })
    await close(warm)
  })

  it('keeps up with changes made while it runs, and stores them for the next start', async () => {
    const root = await indexedWorkspace()
    const running = await openSearch(root)
    const id = articleIdFor('es/cumbre.txt')
    await running.workspace.createAnnotation(id, { id: 'q1', kind: 'claim', start: 17, end: 40, note: 'fuente: cancillería' })
    expect(await found(running.search, 'cancilleria')).toEqual(['Cumbre en Hanói'])
    await close(running)
    const warm = await openSearch(root)
    expect(warm.search.counts.fromFiles).toBe(0)
    expect(await found(warm.search, 'cancilleria')).toEqual(['Cumbre en Hanói'])
    await close(warm)
  })

  it('rebuilds a damaged, truncated, stale or planted shard and answers as before', async () => {
    const root = await indexedWorkspace()
    const outside = tempDir('spanwise-outside-')
    const target = join(outside, 'secret.idx')
    writeFileSync(target, 'not yours')
    const damaged = {
      truncated: shardPath(root, 'es/cumbre.txt'),
      garbage: shardPath(root, 'en/summit.txt'),
      stale: shardPath(root, 'puerto.txt'),
      planted: shardPath(root, 'budget.md'),
    }
    expect(new Set(Object.values(damaged)).size).toBe(4)
    truncateSync(damaged.truncated, Math.floor(statSync(damaged.truncated).size / 2))
    const bytes = readFileSync(damaged.garbage)
    bytes[bytes.length - 3] ^= 0xff // one flipped byte in the words: the checksum tells
    writeFileSync(damaged.garbage, bytes)
    const stale = readFileSync(damaged.stale)
    stale.writeUInt32LE(99, 4) // another format version
    writeFileSync(damaged.stale, stale)
    const plantedMtime = statSync(damaged.planted).mtime
    rmSync(damaged.planted)
    symlinkSync(target, damaged.planted)
    utimesSync(target, plantedMtime, plantedMtime)

    const warm = await openSearch(root)
    expect(warm.search.counts.fromFiles).toBe(4)
    expect(await found(warm.search, 'hanoi')).toEqual(['Cumbre en Hanói', 'Summit in Hanoi'])
    expect(await found(warm.search, 'marroquin')).toEqual(['El puerto'])
    expect(await found(warm.search, 'council')).toEqual(['Budget'])
    await close(warm)
    // The link was replaced, never followed; every shard is whole again.
    expect(readFileSync(target, 'utf8')).toBe('not yours')
    for (const path of Object.values(damaged)) expect(decodeShard(readFileSync(path))).not.toBeNull()
    const again = await openSearch(root)
    expect(again.search.counts.fromFiles).toBe(0)
    await close(again)
  })

  it('answers a query that comes during a warm start once and complete, a shard damaged past its checksum indexed again', async () => {
    const root = await indexedWorkspace()
    // Noise over the postings of one shard (the head and tables whole): only reading the postings tells.
    const path = shardPath(root, 'es/cumbre.txt')
    const bytes = readFileSync(path)
    const { header } = decodeShard(bytes)!
    bytes.fill(0xff, header.postingsAt, header.postingsAt + header.docBytes)
    writeFileSync(path, bytes)

    const workspace = await Workspace.open(root)
    const search = new WorkspaceSearch(workspaceSearchSource(workspace), workspaceSearchFiles(workspace))
    search.follow(workspace.events)
    // No build awaited: the query starts it and waits for the load, then answers whole.
    expect(await found(search, 'hanoi')).toEqual(['Cumbre en Hanói', 'Summit in Hanoi'])
    expect(search.counts.fromFiles).toBeGreaterThan(0)
    expect(await found(search, '"cumbre de hanoi"')).toEqual(['Cumbre en Hanói'])
    await close({ workspace, search })
    expect(decodeShard(readFileSync(path))).not.toBeNull()
  })

  it('replaces a link planted as the search folder itself, never writing through it', async () => {
    const root = tempDir()
    writeFiles(root, ARTICLES)
    const outside = tempDir('spanwise-outside-')
    mkdirSync(join(root, '.spanwise'), { recursive: true })
    symlinkSync(outside, searchDir(root))
    const first = await openSearch(root)
    expect(await found(first.search, 'hanoi')).toEqual(['Cumbre en Hanói', 'Summit in Hanoi'])
    await close(first)
    expect(readdirSync(outside)).toEqual([])
    expect(statSync(searchDir(root)).isDirectory()).toBe(true)
    expect(shardFiles(root).length).toBeGreaterThan(0)
  })

  it('forgets an article whose file went away, and takes none back for a renamed speaker', async () => {
    const root = tempDir()
    writeFiles(root, ARTICLES)
    const first = await openSearch(root)
    await first.workspace.createEntity({ id: 'ines', name: 'Inés Marroquín', type: 'person', aliases: [] })
    const port = articleIdFor('puerto.txt')
    await first.workspace.createAnnotation(port, {
      id: 'q1',
      kind: 'quote',
      start: 11,
      end: 40,
      attributes: { speaker: 'Inés Marroquín', speakerId: 'ines', mode: 'direct' },
    })
    expect(await found(first.search, 'ines')).toEqual(['El puerto', 'Entities'])
    await close(first)
    // While closed: an article deleted, the speaker renamed in the registry (another process).
    rmSync(join(root, 'budget.md'))
    const other = await Workspace.open(root)
    await other.updateEntity('ines', { name: 'Inés Marroquín Soto' })
    await other.close()
    const warm = await openSearch(root)
    expect(await found(warm.search, 'council')).toEqual([])
    expect(await found(warm.search, 'soto')).toEqual(['El puerto', 'Entities'].sort())
    await close(warm)
    expect(existsSync(join(root, 'budget.md'))).toBe(false)
  })
})
