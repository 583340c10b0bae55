/**
 * The workspace watcher: files added, changed and removed while the app runs are reported (by their
 * paths in the workspace, so the library rescans only those), in the
 * workspace's folders and in a folder made after it started; only the folders the scan lists are
 * watched (never `.spanwise`, a hidden folder, node_modules or a link to a folder elsewhere).
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { watchWorkspace, type WorkspaceWatcher } from '../../../src/main/workspace/watcher'
import { tempDir as freshDir } from '../../helpers/fs'
import { waitFor } from '../../helpers/wait'

const temps: string[] = []
const watchers: WorkspaceWatcher[] = []
afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.close()))
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = freshDir('spanwise-watch-')
  temps.push(dir)
  return dir
}

/** A watcher on `root` counting its reports, with the paths they named. */
async function watched(root: string): Promise<{ watcher: WorkspaceWatcher; reports: () => number; paths: Set<string> }> {
  let reports = 0
  const paths = new Set<string>()
  const watcher = watchWorkspace(root, (named) => {
    reports++
    for (const path of named) paths.add(path)
  })
  watchers.push(watcher)
  await watcher.ready
  return { watcher, reports: () => reports, paths }
}

describe('watchWorkspace', () => {
  it('watches the folders the scan lists, and none of the others', async () => {
    const root = tempDir()
    const outside = tempDir()
    mkdirSync(join(root, 'leak/2019/march'), { recursive: true })
    mkdirSync(join(root, '.spanwise/annotations'), { recursive: true })
    mkdirSync(join(root, '.git/objects'), { recursive: true })
    mkdirSync(join(root, 'node_modules/x'), { recursive: true })
    symlinkSync(outside, join(root, 'linked'))
    const { watcher } = await watched(root)
    expect(watcher.folders().sort()).toEqual(
      [root, join(root, 'leak'), join(root, 'leak/2019'), join(root, 'leak/2019/march')].sort(),
    )
  })

  it('reports a file added, changed and removed, in a folder there from the start and in one made later', async () => {
    const root = tempDir()
    mkdirSync(join(root, 'sources'))
    const { watcher, reports, paths } = await watched(root)

    writeFileSync(join(root, 'sources/new.txt'), 'A new article.')
    await waitFor(() => reports() >= 1, 'the added file reported')
    // Named by its path in the workspace: the rescan looks there and nowhere else.
    expect([...paths]).toEqual(['sources/new.txt'])
    const afterAdd = reports()
    writeFileSync(join(root, 'sources/new.txt'), 'The article, edited.')
    await waitFor(() => reports() > afterAdd, 'the changed file reported')
    const afterChange = reports()
    rmSync(join(root, 'sources/new.txt'))
    await waitFor(() => reports() > afterChange, 'the removed file reported')

    // A folder made while running is reported, then watched: a file written into it later is reported too.
    const afterRemove = reports()
    mkdirSync(join(root, 'later'))
    await waitFor(() => reports() > afterRemove && watcher.folders().includes(join(root, 'later')), 'the new folder watched')
    const afterFolder = reports()
    writeFileSync(join(root, 'later/inside.txt'), 'Written into the new folder.')
    await waitFor(() => reports() > afterFolder, 'the file in the new folder reported')
    expect(paths.has('later')).toBe(true)
    expect(paths.has('later/inside.txt')).toBe(true)

    // A folder removed is no longer watched.
    rmSync(join(root, 'later'), { recursive: true })
    await waitFor(() => !watcher.folders().includes(join(root, 'later')), 'the removed folder let go')
  })

  it('stops reporting once closed', async () => {
    const root = tempDir()
    const { watcher } = await watched(root)
    await watcher.close()
    expect(watcher.folders()).toEqual([])
  })
})
