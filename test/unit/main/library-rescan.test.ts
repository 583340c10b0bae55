/**
 * A rescan of only what the watcher saw change (Library.refresh with paths, scan-scope.ts). What a user
 * would check: a file edited, added, moved between folders or removed, a folder deleted, renamed or
 * moved in with subfolders, all show up as a rescan of the whole folder shows them; a file elsewhere is
 * not looked at (its change is not noticed until something reports it); and a path through a link, or
 * a hidden one, finds nothing, never a file outside the workspace. Then the app itself: a burst of
 * changes in one folder reaches the library, and the rescan is told that folder's paths only.
 */
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { scanScopes } from '../../../src/main/workspace/scan-scope'
import { Workspace } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'
import { libraryRows, quietRows, STORY_TEXT } from '../../helpers/library-index'
import { serviceWithEvents, windowAgrees } from '../../helpers/window-library'
import { waitFor } from '../../helpers/wait'

const story = (title: string) => `${title}\n\n${STORY_TEXT}`

/** A workspace of three folders (two nested), opened once so its index is warm. */
async function deskWorkspace(): Promise<string> {
  const root = tempDir()
  writeFiles(root, {
    'a/one.txt': story('One'),
    'a/two.txt': story('Two'),
    'b/three.txt': story('Three'),
    'b/four.txt': story('Four'),
    'c/deep/five.txt': story('Five'),
    'c/six.txt': story('Six'),
  })
  const ws = await Workspace.open(root)
  await ws.settled()
  await ws.close()
  return root
}

const titles = (ws: Workspace) => Object.fromEntries(ws.articles().map((a) => [a.path, a.title]))

describe('a rescan of the paths that changed', () => {
  it('finds what changed there, and looks at nothing else', async () => {
    const root = await deskWorkspace()
    const ws = await Workspace.open(root)
    try {
      writeFileSync(join(root, 'a/one.txt'), story('One, corrected at length'))
      writeFileSync(join(root, 'b/three.txt'), story('Three, corrected at length'))
      writeFiles(root, { 'a/new.txt': story('New') })
      const changed = await ws.refresh(['a/one.txt', 'a/new.txt'])
      expect(changed.length).toBe(2)
      expect(titles(ws)['a/one.txt']).toBe('One, corrected at length')
      expect(titles(ws)['a/new.txt']).toBe('New')
      // b/three.txt was not statted: its row is as it was until a rescan looks there.
      expect(titles(ws)['b/three.txt']).toBe('Three')
      await ws.refresh(['b'])
      expect(titles(ws)['b/three.txt']).toBe('Three, corrected at length')
    } finally {
      await ws.close()
    }
  })

  it('follows moves between folders, deleted and renamed folders, and a folder moved in with subfolders', async () => {
    const root = await deskWorkspace()
    const outside = tempDir()
    mkdirSync(join(outside, 'late/inner'), { recursive: true })
    writeFileSync(join(outside, 'late/seven.txt'), story('Seven'))
    writeFileSync(join(outside, 'late/inner/eight.txt'), story('Eight'))
    const ws = await Workspace.open(root)
    try {
      renameSync(join(root, 'a/two.txt'), join(root, 'b/two.txt'))
      await ws.refresh(['a/two.txt', 'b/two.txt'])
      expect(titles(ws)['a/two.txt']).toBeUndefined()
      expect(titles(ws)['b/two.txt']).toBe('Two')

      rmSync(join(root, 'c'), { recursive: true })
      await ws.refresh(['c'])
      expect(ws.articles().some((a) => a.path.startsWith('c/'))).toBe(false)

      renameSync(join(root, 'b'), join(root, 'bee'))
      // Reports from inside a renamed folder come too; they are covered by the folder's.
      await ws.refresh(['b', 'bee', 'b/three.txt'])
      expect(Object.keys(titles(ws)).sort()).toEqual(['a/one.txt', 'bee/four.txt', 'bee/three.txt', 'bee/two.txt'])

      renameSync(join(outside, 'late'), join(root, 'late'))
      await ws.refresh(['late'])
      await ws.settled()
      // As a rescan of the whole folder finds it.
      expect(libraryRows(ws)).toEqual(await quietRows(root))
      expect(titles(ws)['late/inner/eight.txt']).toBe('Eight')
    } finally {
      await ws.close()
    }
  })

  it('finds nothing through a link, in a hidden folder or in a dependency folder', async () => {
    const root = await deskWorkspace()
    const outside = tempDir()
    mkdirSync(join(outside, 'b'))
    writeFileSync(join(outside, 'b/three.txt'), story('Planted, precious words from outside'))
    writeFileSync(join(outside, 'secret.txt'), story('Secret, precious words from outside'))
    const ws = await Workspace.open(root)
    try {
      // Reported alone, a path below a folder swapped for a link finds nothing (the row goes).
      renameSync(join(root, 'b'), join(root, 'b-moved'))
      symlinkSync(join(outside, 'b'), join(root, 'b'))
      await ws.refresh(['b/three.txt'])
      expect(titles(ws)['b/three.txt']).toBeUndefined()
      rmSync(join(root, 'b'))
      renameSync(join(root, 'b-moved'), join(root, 'b'))
      // A folder swapped for a link to a folder outside holding a file of the same name.
      renameSync(join(root, 'b'), join(root, 'b-moved'))
      symlinkSync(join(outside, 'b'), join(root, 'b'))
      symlinkSync(join(outside, 'secret.txt'), join(root, 'a/secret.txt'))
      symlinkSync(outside, join(root, 'linked'))
      mkdirSync(join(root, '.hidden'))
      writeFileSync(join(root, '.hidden/nine.txt'), story('Nine'))
      // A dependency folder, which no scan enters, reported by its name.
      writeFiles(root, { 'node_modules/pkg/readme.txt': story('Nine, a dependency') })
      await ws.refresh([
        'b',
        'b/three.txt',
        'a/secret.txt',
        'linked',
        'linked/secret.txt',
        '.hidden/nine.txt',
        'node_modules',
        'b-moved',
      ])
      const rows = ws.articles()
      expect(rows.some((a) => /Planted|Secret|Nine/.test(a.title))).toBe(false)
      expect(
        rows.map((a) => a.path).filter((p) => /^(b|linked|\.hidden|node_modules)\//.test(p) || p === 'a/secret.txt'),
      ).toEqual([])
      expect(titles(ws)['b-moved/three.txt']).toBe('Three')
    } finally {
      await ws.close()
    }
  })

  it('covers a path below another one by it', () => {
    expect(scanScopes(['a/b/c.txt', 'a', 'a-b/x.txt', 'a/b', 'z.txt', 'a'])).toEqual(['a', 'z.txt', 'a-b/x.txt'])
    expect(scanScopes(['a/b.txt', ''])).toEqual([''])
  })
})

describe('the app after a burst of changes in one folder', () => {
  it('shows them all, and rescans only that folder’s paths', async () => {
    const root = await deskWorkspace()
    const { service, events } = await serviceWithEvents()
    const refresh = vi.spyOn(Workspace.prototype, 'refresh')
    try {
      await service.openWorkspace(root)
      await service.settled()
      refresh.mockClear()
      const burst = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`a/burst-${i}.txt`, story(`Burst ${i}`)]))
      writeFiles(root, burst)
      rmSync(join(root, 'a/one.txt'))
      await waitFor(
        async () => {
          const rows = (await service.getWorkspace())!.articles.map((a) => a.path)
          return Object.keys(burst).every((p) => rows.includes(p)) && !rows.includes('a/one.txt')
        },
        'the burst listed',
        60_000,
      )
      await service.settled()
      // Every rescan was told paths in `a` only: no other folder was statted.
      expect(refresh.mock.calls.length).toBeGreaterThan(0)
      for (const [paths] of refresh.mock.calls) {
        expect(paths?.length).toBeGreaterThan(0)
        for (const path of paths!) expect(path === 'a' || path.startsWith('a/'), path).toBe(true)
      }
      const whole = await windowAgrees(service, events)
      expect(whole.articles.map((a) => a.path)).toEqual((await quietRows(root)).map((r) => r.path))
    } finally {
      refresh.mockRestore()
      await service.close()
    }
  })
})
