/**
 * The library's index in `.spanwise/library/` (256 shards, library-index.ts) and a cold open of a large
 * folder. What a user would check: a damaged, planted or outdated shard never stops a workspace from
 * opening and the library ends as a quiet open shows it; a change rewrites only its own shard; an
 * older workspace's `workspace.json` opens warm once; and a first open of a big folder lists every file
 * at once and fills the titles in by itself.
 */
import { existsSync, lstatSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { WORKSPACE_FILE_VERSION } from '../../../src/main/workspace/workspace-index'
import { describe, expect, it, vi } from 'vitest'
import { crc32 } from 'node:zlib'
import {
  decodeLibraryShard,
  encodeLibraryShard,
  LIBRARY_FORMAT_VERSION,
  libraryShardOf,
} from '../../../src/main/workspace/library-index'
import { articleIdFor } from '../../../src/main/workspace/article-ids'
import { DATA_DIR, Workspace } from '../../../src/main/workspace/workspace'
import { tempDir } from '../../helpers/fs'
import { forgetLibraryIndex, libraryRows, quietRows, storedLibrary, storyWorkspace } from '../../helpers/library-index'

const ARTICLES = 300
const pathOf = (i: number) => `desk-${i % 7}/story-${String(i).padStart(3, '0')}.txt`

function shardDir(root: string): string {
  return join(root, DATA_DIR, 'library')
}

function shardPath(root: string, articleId: string): string {
  return join(shardDir(root), `shard-${libraryShardOf(articleId).toString(16).padStart(2, '0')}.json`)
}

const workspace = () => storyWorkspace(ARTICLES, pathOf)
const rows = libraryRows

describe('the library index on disk', () => {
  it('rebuilds a damaged shard from the files, never failing the open', async () => {
    const root = await workspace()
    const expected = await quietRows(root)
    const victim = storedLibrary(root)[0]
    const path = shardPath(root, victim.id)
    const bytes = readFileSync(path, 'utf8')
    // A flipped character in an entry (the CRC no longer matches), then a file cut short.
    for (const damaged of [bytes.replace('Story', 'Stary'), bytes.slice(0, bytes.length / 2)]) {
      writeFileSync(path, damaged)
      const ws = await Workspace.open(root)
      expect(ws.articles()).toHaveLength(ARTICLES)
      await ws.settled()
      expect(rows(ws)).toEqual(expected)
      await ws.close()
      // Written again, whole, with the article in it.
      expect(storedLibrary(root).some((e) => e.id === victim.id && e.title === victim.title)).toBe(true)
    }
  })

  it('removes a link planted at a shard without following it, and an older format is rebuilt', async () => {
    const root = await workspace()
    const expected = await quietRows(root)
    const outside = tempDir()
    writeFileSync(join(outside, 'victim.txt'), 'precious')
    const entries = storedLibrary(root)
    const first = entries[0]
    const second = entries.find((e) => libraryShardOf(e.id) !== libraryShardOf(first.id))!
    const linked = shardPath(root, first.id)
    rmSync(linked)
    symlinkSync(join(outside, 'victim.txt'), linked)
    const older = shardPath(root, second.id)
    writeFileSync(older, readFileSync(older, 'utf8').replace('"version":2', '"version":0'))
    const ws = await Workspace.open(root)
    await ws.settled()
    expect(rows(ws)).toEqual(expected)
    await ws.close()
    expect(readFileSync(join(outside, 'victim.txt'), 'utf8')).toBe('precious')
    expect(lstatSync(linked).isFile()).toBe(true)
    expect(storedLibrary(root).map((e) => e.path)).toEqual(expected.map((r) => r.path).sort())
  })

  it('reads shards of the older format (an entry object each) once, and writes them again in the current one', async () => {
    const root = await workspace()
    const expected = await quietRows(root)
    const entries = storedLibrary(root)
    for (const name of readdirSync(shardDir(root)).filter((n) => n.startsWith('shard-'))) {
      const own = entries.filter((e) => libraryShardOf(e.id) === parseInt(name.slice(6, 8), 16))
      const body = JSON.stringify(own)
      const head = { format: 'spanwise-library', version: 1, count: own.length, crc: crc32(body) >>> 0 }
      writeFileSync(join(shardDir(root), name), `${JSON.stringify(head)}\n${body}`)
    }
    const ws = await Workspace.open(root, { readAtOpen: 0 })
    // Taken from the older shards: titles and counts at once, nothing left to read.
    expect(rows(ws)).toEqual(expected)
    await ws.settled()
    await ws.close()
    for (const name of readdirSync(shardDir(root)).filter((n) => n.startsWith('shard-')))
      expect(readFileSync(join(shardDir(root), name), 'utf8')).toContain(`"version":${LIBRARY_FORMAT_VERSION},`)
    expect(storedLibrary(root)).toEqual(entries)
  })

  it('rebuilds a shard whose columns do not hold together, even with a right CRC', async () => {
    const root = await workspace()
    const expected = await quietRows(root)
    const victim = storedLibrary(root)[0]
    const path = shardPath(root, victim.id)
    const text = readFileSync(path, 'utf8')
    // The head line, the columns' line, then the paths, hashes and titles.
    const body = text.slice(text.indexOf('\n') + 1)
    const columns = JSON.parse(body.slice(0, body.indexOf('\n')))
    const raw = body.slice(body.indexOf('\n') + 1)
    for (const damage of [
      (c: Record<string, unknown[]>) => c.titleLength.pop(),
      (c: Record<string, number[]>) => (c.pathLength[0] += 1),
      (c: Record<string, unknown[]>) => (c.size[0] = 'big'),
      (c: Record<string, unknown[]>) => c.id.reverse(),
      (c: Record<string, unknown>) => (c.more = { 0: { error: 7 } }),
    ]) {
      const c = structuredClone(columns)
      damage(c)
      const damaged = `${JSON.stringify(c)}\n${raw}`
      const head = {
        format: 'spanwise-library',
        version: LIBRARY_FORMAT_VERSION,
        count: columns.id.length,
        crc: crc32(damaged) >>> 0,
        text: 'latin1',
      }
      writeFileSync(path, `${JSON.stringify(head)}\n${damaged}`)
      const ws = await Workspace.open(root)
      await ws.settled()
      expect(rows(ws)).toEqual(expected)
      await ws.close()
      expect(storedLibrary(root).some((e) => e.id === victim.id && e.title === victim.title)).toBe(true)
    }
  })

  it('keeps every character of paths and titles, and the rare fields, as they were', () => {
    const paths = ['año/señal.txt', 'x/emoji 📰.md', 'line\nbreak.txt', 'a.txt', 'b\\"q".txt']
    const entries = paths.map((path, i) => ({
      id: articleIdFor(path).replace(/^../, '00'),
      path,
      size: i,
      mtimeMs: 1764571234567.125 + i,
      contentHash: i === 3 ? '' : `sha256:${i}`,
      title: ['Señal: «título»', '📰 News', 'Two\nlines', '', 'q"uote\\'][i],
      countsMtimeMs: i === 1 ? -1 : 0,
      ...(i === 0 ? { counts: { quote: 1, claim: 2, entity: 3 }, language: 'es' } : {}),
      ...(i === 1 ? { counts: { quote: 0, claim: 0, entity: 0 }, languagePending: true as const, unread: true as const } : {}),
      ...(i === 2 ? { error: 'unreadable', errorSaid: { key: 'import.bad', vars: { n: 1 } }, ocrPending: true as const } : {}),
      ...(i === 4 ? { warning: 'not UTF-8', warningSaid: { key: 'import.latin1' } } : {}),
    }))
    const decoded = decodeLibraryShard(encodeLibraryShard(entries), 0)
    expect(decoded).toEqual([...entries].sort((a, b) => (a.id < b.id ? -1 : 1)))
  })

  it('rewrites only the shard of an article whose counts changed', async () => {
    const root = await workspace()
    const ws = await Workspace.open(root)
    await ws.settled()
    const before = new Map(readdirSync(shardDir(root)).map((n) => [n, readFileSync(join(shardDir(root), n), 'utf8')]))
    const tagged = ws.articles()[5]
    await ws.createAnnotation(tagged.id, { id: 'c', kind: 'claim', start: 0, end: 5 })
    await vi.waitFor(() => expect(storedLibrary(root).find((e) => e.id === tagged.id)?.counts?.claim).toBe(1), {
      timeout: 30_000,
      interval: 50,
    })
    await ws.close()
    const own = `shard-${libraryShardOf(tagged.id).toString(16).padStart(2, '0')}.json`
    for (const [name, text] of before) if (name !== own) expect(readFileSync(join(shardDir(root), name), 'utf8'), name).toBe(text)
    expect(readFileSync(join(shardDir(root), own), 'utf8')).not.toBe(before.get(own))
  })

  it('opens a workspace of the single-file index warm once, then keeps it in shards', async () => {
    const root = await workspace()
    const expected = await quietRows(root)
    const entries = storedLibrary(root)
    forgetLibraryIndex(root)
    // The last single-file format (version 2; an older one is read again, test/unit/import/dateline.test.ts).
    writeFileSync(join(root, DATA_DIR, 'workspace.json'), JSON.stringify({ version: WORKSPACE_FILE_VERSION, articles: entries }))
    const ws = await Workspace.open(root, { readAtOpen: 0 })
    // Taken from the old index: titles and counts at once, nothing left to read.
    expect(rows(ws)).toEqual(expected)
    await ws.settled()
    await ws.close()
    expect(existsSync(join(root, DATA_DIR, 'workspace.json'))).toBe(false)
    expect(storedLibrary(root).map((e) => [e.path, e.title, e.counts])).toEqual(entries.map((e) => [e.path, e.title, e.counts]))
  })
})

describe('a cold open of a large folder', () => {
  it('lists every file before reading them, then fills in titles, languages and counts by itself', async () => {
    const root = await workspace()
    const expected = await quietRows(root)
    forgetLibraryIndex(root)
    const updated = new Set<string>()
    const ws = await Workspace.open(root, { readAtOpen: 10, onArticlesUpdated: (ids) => ids.forEach((id) => updated.add(id)) })
    const first = ws.articles()
    expect(first.map((a) => a.path)).toEqual(expected.map((r) => r.path))
    // Listed from the scan: a title is the file's name until the file is read, never another one.
    const named = first.filter((a) => a.title === a.path.split('/').at(-1))
    for (const a of first) expect([a.path.split('/').at(-1), expected.find((r) => r.path === a.path)!.title]).toContain(a.title)
    expect(named.length).toBeGreaterThan(0)
    // An article the background has not read yet opens, and its row gets its title at once.
    const last = first.at(-1)!
    const opened = await ws.openArticle(last.id)
    expect(opened.text.startsWith('Story')).toBe(true)
    expect(ws.summary(last.id)?.title).toBe(expected.at(-1)!.title)
    await ws.settled()
    expect(rows(ws)).toEqual(expected)
    for (const a of named) expect(updated.has(a.id), a.path).toBe(true)
    await ws.close()
    // And the index holds the whole library: the next open reads nothing.
    expect(storedLibrary(root).every((e) => !e.unread && !e.languagePending)).toBe(true)
  })
})
