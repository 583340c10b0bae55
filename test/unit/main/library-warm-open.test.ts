/**
 * A warm open of a large workspace lists the library from its index at once and checks the folder in
 * the background (library.ts). What a user would check: what changed, appeared or went away while the
 * app was closed shows up by itself once the check reaches it, in the window too (deltas); the index
 * is never a way to read outside the workspace (a planted path, a folder swapped for a link); and a
 * damaged order file costs nothing but a sort. The check lets other work go first (the search index
 * taken back from disk): it starts once that work is over, and never waits for it forever.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { articleIdFor } from '../../../src/main/workspace/article-ids'
import { encodeLibraryShard, libraryShardOf, type LibraryIndex } from '../../../src/main/workspace/library-index'
import { isLibraryPath } from '../../../src/main/workspace/library-order'
import { WarmOpen } from '../../../src/main/workspace/library-warm-open'
import { DATA_DIR, Workspace } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'
import { libraryRows, quietRows, storedLibrary, STORY_TEXT, storyWorkspace } from '../../helpers/library-index'
import { openingWith, serviceWithEvents, windowAgrees } from '../../helpers/window-library'

const ARTICLES = 120
const TEXT = STORY_TEXT
const pathOf = (i: number) => `desk-${i % 5}/story-${String(i).padStart(3, '0')}.txt`
/** Beyond this many articles in the index, a warm open lists from it (the default is 1,000). */
const SCAN_AT_OPEN = 10

const workspace = () => storyWorkspace(ARTICLES, pathOf)
const rows = libraryRows
/** The library as an open that scans first shows it once settled. */
const settledRows = (root: string) => quietRows(root, { scanAtOpen: Infinity })

describe('a warm open listed from the index', () => {
  it('shows what changed, appeared or went away while closed once the background check reaches it', async () => {
    const root = await workspace()
    const before = await settledRows(root)
    const edited = pathOf(7)
    const annotatedPath = before[0].path
    // While the app is closed: a file edited (its title changes), one added, one removed, and the
    // annotation file of the annotated article removed (its counts no longer hold).
    writeFileSync(join(root, edited), `Story seven, corrected at length\n\n${TEXT}`)
    writeFiles(root, { 'desk-0/aaa-new.txt': `A new story\n\n${TEXT}` })
    rmSync(join(root, pathOf(9)))
    rmSync(join(root, DATA_DIR, 'annotations', `${articleIdFor(annotatedPath)}.json`), { force: true })
    const content = new Set<string>()
    const ws = await Workspace.open(root, { scanAtOpen: SCAN_AT_OPEN })
    ws.events.onDidChangeArticles(({ articleIds, content: changed }) => changed && articleIds.forEach((id) => content.add(id)))
    try {
      // At once: the library as it was when the app closed, in its order.
      expect(ws.articles().map((a) => a.path)).toEqual(before.map((r) => r.path))
      await ws.settled()
      const after = await settledRows(root)
      expect(rows(ws)).toEqual(after)
      expect(after.find((r) => r.path === edited)?.title).toBe('Story seven, corrected at length')
      expect(after.some((r) => r.path === 'desk-0/aaa-new.txt')).toBe(true)
      expect(after.some((r) => r.path === pathOf(9))).toBe(false)
      expect(rows(ws).find((r) => r.path === annotatedPath)?.counts).toEqual({ quote: 0, claim: 0, entity: 0 })
      // Announced as changes of content (search indexes them again, the window re-reads them).
      for (const path of [edited, 'desk-0/aaa-new.txt', pathOf(9)]) expect(content.has(articleIdFor(path)), path).toBe(true)
      const opened = await ws.openArticle(articleIdFor(edited))
      expect(opened.text).toContain('corrected at length')
    } finally {
      await ws.close()
    }
    // The index on disk follows, in the library's order next time.
    const final = await settledRows(root)
    expect(storedLibrary(root).map((e) => e.path)).toEqual(final.map((r) => r.path).sort())
    const again = await Workspace.open(root, { scanAtOpen: SCAN_AT_OPEN })
    expect(again.articles().map((a) => a.path)).toEqual(final.map((r) => r.path))
    await again.close()
  })

  it('reaches the window as deltas that end equal to the whole library', async () => {
    const root = await workspace()
    writeFileSync(join(root, pathOf(3)), `Story three, rewritten\n\n${TEXT}`)
    writeFiles(root, { 'zzz/late.txt': `A late story\n\n${TEXT}` })
    rmSync(join(root, pathOf(11)))
    const { service, events } = await serviceWithEvents()
    const spy = openingWith({ scanAtOpen: SCAN_AT_OPEN })
    try {
      const opened = await service.openWorkspace(root)
      expect(opened.articles).toHaveLength(ARTICLES)
      await service.settled()
      const whole = await windowAgrees(service, events)
      expect(events.some((e) => e.type === 'library-delta')).toBe(true)
      expect(whole.articles.find((a) => a.path === pathOf(3))?.title).toBe('Story three, rewritten')
      expect(whole.articles.some((a) => a.title === 'A late story')).toBe(true)
      expect(whole.articles.some((a) => a.path === pathOf(11))).toBe(false)
    } finally {
      spy.mockRestore()
      await service.close()
    }
  })

  it('never reads outside the workspace: a planted path is not listed, a folder swapped for a link is not read', async () => {
    const root = await workspace()
    const outside = tempDir()
    writeFileSync(join(outside, 'secret.txt'), 'Secret\n\nprecious words from outside')
    mkdirSync(join(outside, 'desk-1'))
    writeFileSync(join(outside, 'desk-1', 'story-001.txt'), 'Planted\n\nprecious words from outside')
    // A shard holding an entry that names a file outside, with the id of that path.
    const planted = '../' + outside.split('/').slice(-1)[0] + '/secret.txt'
    const id = articleIdFor(planted)
    const shard = join(root, DATA_DIR, 'library', `shard-${libraryShardOf(id).toString(16).padStart(2, '0')}.json`)
    const kept = storedLibrary(root).filter((e) => libraryShardOf(e.id) === libraryShardOf(id))
    const entry = { id, path: planted, size: 1, mtimeMs: 1, contentHash: 'sha256:x', title: 'Planted', countsMtimeMs: 0 }
    writeFileSync(shard, encodeLibraryShard([...kept, entry]))
    // A folder swapped for a link to a folder outside holding a file of the same name.
    renameSync(join(root, 'desk-1'), join(root, 'desk-1-moved'))
    symlinkSync(join(outside, 'desk-1'), join(root, 'desk-1'))
    const ws = await Workspace.open(root, { scanAtOpen: SCAN_AT_OPEN })
    try {
      expect(ws.articles().some((a) => a.path === planted)).toBe(false)
      // Listed from the index until the check comes to it, but never read through the link.
      const linked = articleIdFor('desk-1/story-001.txt')
      const read = await ws.openArticle(linked).then(
        (a) => a.text,
        () => null,
      )
      expect(read ?? '').not.toContain('precious')
      await ws.settled()
      expect(ws.articles().some((a) => a.path.startsWith('desk-1/'))).toBe(false)
      expect(ws.articles().some((a) => a.path.startsWith('desk-1-moved/'))).toBe(true)
    } finally {
      await ws.close()
    }
    expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toContain('precious')
  })

  it('opens in the right order without its order file, or with a damaged one', async () => {
    const root = await workspace()
    const expected = (await settledRows(root)).map((r) => r.path)
    const order = join(root, DATA_DIR, 'library', 'order.txt')
    for (const damage of [() => rmSync(order), () => writeFileSync(order, readFileSync(order, 'utf8').slice(0, 200))]) {
      damage()
      const ws = await Workspace.open(root, { scanAtOpen: SCAN_AT_OPEN })
      expect(ws.articles().map((a) => a.path)).toEqual(expected)
      await ws.settled()
      await ws.close()
    }
  })

  it('takes from the index only paths a scan could find', () => {
    for (const path of ['a.txt', 'desk/b.md', 'x y/é.html', 'a.b/c.pdf', 'node_modules2/a.txt'])
      expect(isLibraryPath(path), path).toBe(true)
    for (const path of ['', '/etc/a.txt', 'C:/a.txt', '../a.txt', 'a/../b.txt', 'a//b.txt', '.hidden/a.txt', 'a/.b.txt'])
      expect(isLibraryPath(path), path).toBe(false)
    for (const path of ['node_modules/a.txt', 'x/__pycache__/a.txt', 'a\\b.txt', 'a\0.txt', 'a.exe', 'dir/', './a.txt'])
      expect(isLibraryPath(path), path).toBe(false)
  })
})

const emptyIndex = { entries: [], count: 0, order: null, writer: () => undefined } as unknown as LibraryIndex

describe('the check after a warm open', () => {
  it('starts only once the work it was held for is over', async () => {
    vi.useFakeTimers()
    try {
      const warm = new WarmOpen('/nowhere', emptyIndex)
      let finish!: () => void
      warm.holdFor(new Promise<void>((resolve) => (finish = resolve)))
      const check = vi.fn(async () => [])
      warm.checkLater(check, () => false)
      // Well past the moment it would start on its own (300 ms), it still waits.
      await vi.advanceTimersByTimeAsync(5_000)
      expect(check).not.toHaveBeenCalled()
      finish()
      await vi.advanceTimersByTimeAsync(0)
      await warm.checking
      expect(check).toHaveBeenCalledOnce()
    } finally {
      vi.useRealTimers()
    }
  })

  it('starts anyway when the work fails', async () => {
    const warm = new WarmOpen('/nowhere', emptyIndex)
    warm.holdFor(Promise.reject(new Error('the index could not be read')))
    const check = vi.fn(async () => [])
    warm.checkLater(check, () => false)
    await warm.checking
    expect(check).toHaveBeenCalledOnce()
  })

  it('does not wait for work that never ends beyond its bound', async () => {
    vi.useFakeTimers()
    try {
      const warm = new WarmOpen('/nowhere', emptyIndex)
      warm.holdFor(new Promise<void>(() => undefined))
      const check = vi.fn(async () => [])
      warm.checkLater(check, () => false)
      await vi.advanceTimersByTimeAsync(60_000)
      expect(check).toHaveBeenCalledOnce()
    } finally {
      vi.useRealTimers()
    }
  })
})
