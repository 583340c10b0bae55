/**
 * What the window is told, as the app's sync service (WorkspaceSync) tells it: who last changed each
 * annotation (on connect, then each change as it is written here or arrives from a teammate) and the
 * list of conflicts (one appearing after both edited offline, gone once the user merged), with the
 * merge reaching the teammate.
 */
import { describe, expect, it, vi } from 'vitest'
import type { AuthorsByArticle, SyncConflict } from '../../../src/shared/sync'
import { WorkspaceSync } from '../../../src/main/sync/workspace-sync'
import { mergeValue } from '../../../src/shared/sync-merge'
import { tempDir } from '../../helpers/fs'
import {
  ARTICLE,
  ARTICLE_TEXT,
  USERS,
  annotationsOf,
  articleId,
  claimDraft,
  member,
  serverForFile,
  waitFor,
} from '../../helpers/sync'

vi.setConfig({ testTimeout: 180_000 })

const { server, team } = serverForFile()

describe('the window is told who changed what, and the conflicts', () => {
  it('authors on connect and as they change; a conflict listed, merged, gone, and the merge on the teammate', async () => {
    const url = server().url('authors-events')
    const ana = await member('ana', { [ARTICLE]: ARTICLE_TEXT })
    const ben = await member('ben', { [ARTICLE]: ARTICLE_TEXT })
    team.push(ana, ben)
    await ben.workspace.createAnnotation(articleId, claimDraft('c1', 2))
    await (await ben.connect(url)).live()

    const authorEvents: AuthorsByArticle[] = []
    const conflictEvents: SyncConflict[][] = []
    const app = new WorkspaceSync({
      userDataDir: tempDir('spanwise-sync-user-'),
      statusChanged: () => undefined,
      received: () => undefined,
      conflictsChanged: (conflicts) => conflictEvents.push(conflicts),
      authorsChanged: (authors) => authorEvents.push(authors),
    })
    const connect = () => app.connect(ana.workspace, { url, username: 'ana', password: USERS.ana, member: 'Ana' })
    try {
      await connect()
      await waitFor(async () => (await annotationsOf(ana)).has('c1'), "ben's claim on ana's laptop")
      const latest = () => authorEvents.at(-1)?.[articleId]
      await waitFor(async () => (await app.authors())[articleId]?.c1?.author === 'ben', 'ben as the author of c1')
      expect(Object.keys(await app.authors())).toEqual([articleId])

      // A change here is announced with this member's name, the article's whole map each time.
      await ana.workspace.createAnnotation(articleId, claimDraft('c2', 6))
      await waitFor(() => latest()?.c2?.author === 'Ana', 'the event naming Ana for c2')
      expect(latest()?.c1?.author).toBe('ben')
      // A teammate's change is announced when it arrives.
      await waitFor(async () => (await annotationsOf(ben)).has('c2'), "ana's claim on ben's laptop")
      await ben.workspace.updateAnnotation(articleId, 'c2', { note: 'Ben checked it' })
      await waitFor(() => latest()?.c2?.author === 'ben', 'the event naming ben for c2')
      expect(Date.parse(latest()!.c2.changedAt)).not.toBeNaN()

      // Both offline, both edit c1: after reconnecting, the window gets the conflict in a list.
      await waitFor(async () => (await annotationsOf(ana)).get('c2')?.note === 'Ben checked it', "ben's note on ana")
      await app.disconnect()
      expect(conflictEvents.at(-1)).toEqual([])
      await ben.disconnect()
      await ana.workspace.updateAnnotation(articleId, 'c1', { note: 'Ana: 5.4 million', attributes: { status: 'accurate' } })
      await ben.workspace.updateAnnotation(articleId, 'c1', { note: 'Ben: 5.1 million' })
      await (await ben.connect(url)).live()
      await connect()
      const id = `annotation:${articleId}:c1`
      await waitFor(() => conflictEvents.at(-1)?.some((c) => c.id === id) ?? false, 'the conflict told to the window')
      const conflict = conflictEvents.at(-1)!.find((c) => c.id === id)!
      expect(conflict).toMatchObject({ kind: 'annotation', articleId, itemId: 'c1', mine: { author: 'Ana' } })
      expect(conflict.theirs.map((v) => v.author)).toEqual(['ben'])

      // Merged as the window's form builds it: ana's status, ben's note, edited.
      const value = mergeValue(
        'annotation',
        [conflict.mine.value, conflict.theirs[0].value],
        { note: 1 },
        'Ana 5.4 / Ben 5.1: ask the port',
      )
      await app.resolve(id, { keep: 'merged', value })
      await waitFor(() => conflictEvents.at(-1)?.length === 0, 'the empty list told to the window')
      await waitFor(
        async () => (await annotationsOf(ben)).get('c1')?.note === 'Ana 5.4 / Ben 5.1: ask the port',
        'the merge on ben',
      )
      expect((await annotationsOf(ben)).get('c1')?.status).toBe('accurate')
      expect((await annotationsOf(ana)).get('c1')?.note).toBe('Ana 5.4 / Ben 5.1: ask the port')
      await waitFor(() => ben.sync!.conflicts().length === 0, 'no conflict left on ben')
      await waitFor(() => latest()?.c1?.author === 'Ana', 'the merge announced as Ana’s')
    } finally {
      await app.closed()
    }
  })
})
