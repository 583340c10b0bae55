/**
 * The window hears of library changes as deltas (shared/library-delta.ts, main/library-feed.ts): what a
 * user would check is that the list the window ends with, from the whole state it got once and every
 * delta after it, is exactly the library main holds, while a large folder fills in, files come and go
 * on disk and articles are tagged.
 */
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { Workspace } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'
import { openingWith, serviceWithEvents, windowAgrees } from '../../helpers/window-library'

const ARTICLES = 300
const TEXT = 'El ayuntamiento aprobó ayer el presupuesto municipal con los votos de la mayoría absoluta del pleno.'
const pathOf = (i: number) => `desk-${i % 7}/story-${String(i).padStart(3, '0')}.txt`

describe('library deltas to the window', () => {
  it('reaches the window as deltas that, applied in order, equal the whole library', async () => {
    const root = tempDir()
    writeFiles(root, Object.fromEntries(Array.from({ length: ARTICLES }, (_, i) => [pathOf(i), `Story ${i}\n\n${TEXT}`])))
    const { service, events } = await serviceWithEvents()
    // Small enough a threshold that the service's own open lists the folder from the scan alone.
    const spy = openingWith({ readAtOpen: 10 })
    try {
      const opened = await service.openWorkspace(root)
      expect(opened.articles).toHaveLength(ARTICLES)
      // Meanwhile: files added and removed on disk, an article tagged.
      writeFiles(root, { 'late/new-1.txt': `A late story\n\n${TEXT}`, 'a-first.txt': `First\n\n${TEXT}` })
      rmSync(join(root, pathOf(3)))
      await service.createAnnotation(opened.articles[8].id, { id: 'e', kind: 'entity', start: 0, end: 5 })
      await (service as unknown as { workspace: Workspace }).workspace.refresh()
      await service.settled()
      // The watcher may still refresh: wait until the window and main agree.
      const whole = await windowAgrees(service, events)
      expect(events.some((e) => e.type === 'library-delta')).toBe(true)
      expect(whole.articles.some((a) => a.title === 'A late story')).toBe(true)
      expect(whole.articles).toHaveLength(ARTICLES + 1)
    } finally {
      spy.mockRestore()
      await service.close()
    }
  })
})
