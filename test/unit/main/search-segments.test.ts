/**
 * The search index as segments searched where they lie: a warm start takes the shards back without
 * their articles' texts, which are read for the articles shown; a shard written again after a change
 * keeps its other articles as they were; a text damaged on disk is read from its article instead; a
 * read-only workspace searches its changes without writing a byte.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeShard, shardOf } from '../../../src/main/search/index-files'
import { WorkspaceSearch } from '../../../src/main/search/workspace-search'
import { workspaceSearchFiles, workspaceSearchSource } from '../../../src/main/search/workspace-source'
import { articleIdFor, Workspace } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'

const shardName = (relPath: string) => `shard-${shardOf(articleIdFor(relPath)).toString(16).padStart(2, '0')}.idx`

/** Articles with a word of their own each, and at least two of them in one shard (found by trying names). */
function articles(): { files: Record<string, string>; sameShard: [string, string] } {
  const files: Record<string, string> = {}
  const seen = new Map<number, string>()
  let sameShard: [string, string] | null = null
  for (let i = 0; sameShard === null || i < 12; i++) {
    const path = `nota-${i}.txt`
    files[path] =
      `Nota ${i}\n\nEl expediente número ${i} cita a la jefa de obras.\n\nPalabraúnica${i} cierra el párrafo de Hanói.`
    const shard = shardOf(articleIdFor(path))
    if (sameShard === null && seen.has(shard)) sameShard = [seen.get(shard)!, path]
    seen.set(shard, path)
  }
  return { files, sameShard: sameShard! }
}

async function open(root: string, readOnly = false) {
  const workspace = await Workspace.open(root, { readOnly })
  const search = new WorkspaceSearch(workspaceSearchSource(workspace), workspaceSearchFiles(workspace))
  search.follow(workspace.events)
  await search.build()
  return { workspace, search }
}

async function close({ workspace, search }: Awaited<ReturnType<typeof open>>) {
  await search.stop()
  await workspace.close()
}

/** The one hit of `query` (its last word whole), with what its offsets select in the article's text. */
async function hitOf(session: Awaited<ReturnType<typeof open>>, query: string) {
  const results = await session.search.search(`${query} `)
  expect(results.complete).toBe(true)
  expect(results.total).toBe(1)
  const group = results.groups[0]
  const hit = group.hits[0]
  const text = (await session.workspace.openArticle(group.articleId!)).text
  return {
    title: group.title,
    selected: text.slice(hit.start, hit.end),
    marked: hit.highlights.map(([s, e]) => hit.snippet.slice(s, e)),
  }
}

describe('search segments', () => {
  it('keeps the other articles of a shard written again as they were, offsets and all', async () => {
    const root = tempDir()
    const { files, sameShard } = articles()
    writeFiles(root, files)
    await close(await open(root))
    const [changed, neighbour] = sameShard
    const session = await open(root)
    expect(session.search.counts.fromFiles).toBe(0)
    writeFiles(root, { [changed]: 'Nota cambiada\n\nAhora habla del muelle norte.' })
    await session.workspace.refresh()
    expect((await hitOf(session, 'muelle')).title).toBe('Nota cambiada')
    await session.search.flush()
    // The shard was written again with the changed article and its neighbour, taken from the old segment.
    const neighbourWord = `palabraunica${neighbour.replace(/\D/g, '')}`
    expect(await hitOf(session, neighbourWord)).toMatchObject({ selected: expect.stringMatching(/^Palabraúnica\d+$/) })
    expect((await hitOf(session, `${neighbourWord} "cierra el parrafo"`)).marked).toContain('cierra el párrafo')
    await close(session)

    const warm = await open(root)
    expect(warm.search.counts.fromFiles).toBe(0)
    expect((await hitOf(warm, 'muelle')).selected).toBe('muelle')
    expect((await hitOf(warm, neighbourWord)).marked).toEqual([expect.stringMatching(/^Palabraúnica\d+$/)])
    expect((await warm.search.search('hanoi')).total).toBe(Object.keys(files).length - 1)
    await close(warm)
  })

  it('reads a text damaged on disk from its article instead, and indexes that article again', async () => {
    const root = tempDir()
    const { files } = articles()
    writeFiles(root, files)
    await close(await open(root))
    // One byte of an article's text flipped in its shard file: the head and tables still check.
    const path = join(root, '.spanwise', 'search', shardName('nota-3.txt'))
    const bytes = readFileSync(path)
    const parts = decodeShard(bytes)!
    const entry = parts.articles.find((a) => a.id === articleIdFor('nota-3.txt'))!
    bytes[parts.header.textsAt + entry.textAt + entry.textBytes - 4] ^= 0x20
    writeFileSync(path, bytes)

    const warm = await open(root)
    expect(warm.search.counts).toEqual({ fromFiles: 0, fromDisk: Object.keys(files).length })
    expect(await hitOf(warm, 'palabraunica3')).toEqual({ title: 'Nota 3', selected: 'Palabraúnica3', marked: ['Palabraúnica3'] })
    await warm.search.search('hanoi')
    expect(warm.search.counts.fromFiles).toBe(1)
    await close(warm)
    expect(decodeShard(readFileSync(path))).not.toBeNull()
  })

  it('searches what changed in a read-only workspace without writing the index', async () => {
    const root = tempDir()
    const { files } = articles()
    writeFiles(root, files)
    await close(await open(root))
    const dir = join(root, '.spanwise', 'search')
    const before = readdirSync(dir).map((name) => [name, statSync(join(dir, name)).mtimeMs])
    writeFiles(root, { 'nota-5.txt': 'Nota 5\n\nEl contrato del muelle norte, firmado ayer.' })

    const reader = await open(root, true)
    expect(reader.search.counts.fromFiles).toBe(1)
    expect((await hitOf(reader, '"muelle norte"')).selected).toBe('muelle norte')
    await reader.search.flush()
    expect((await hitOf(reader, 'contrato')).title).toBe('Nota 5')
    expect((await reader.search.search('palabraunica5 ')).total).toBe(0)
    await close(reader)
    expect(readdirSync(dir).map((name) => [name, statSync(join(dir, name)).mtimeMs])).toEqual(before)
  })
})
