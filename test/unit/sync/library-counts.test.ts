/**
 * The library row of an article counts a teammate's annotations when they arrive: the window's library,
 * as it holds it from the events main sends (the whole state, then deltas), says "2 claims" once
 * Ana's two claims reached Ben, as main's own library does.
 */
import { describe, expect, it, vi } from 'vitest'
import { tempDir, writeFiles } from '../../helpers/fs'
import { ARTICLE, ARTICLE_TEXT, USERS, anaAndBen, articleId, claimDraft, serverForFile, waitFor } from '../../helpers/sync'
import { serviceWithEvents, windowLibrary } from '../../helpers/window-library'

vi.setConfig({ testTimeout: 180_000 })

const { server, team } = serverForFile()

describe("a teammate's annotations in the library's counts", () => {
  it('the window shows the received claims in the row (not the 0 it counted before)', async () => {
    const url = server().url('library-counts')
    const [ana] = await anaAndBen(team)
    await ana.workspace.createAnnotation(articleId, claimDraft('c1', 1))
    await ana.workspace.createAnnotation(articleId, claimDraft('c2', 4))
    await (await ana.connect(url)).live()

    // Ben's window, with the same article, counted: no claims yet.
    const root = tempDir('spanwise-sync-window-')
    writeFiles(root, { [ARTICLE]: ARTICLE_TEXT })
    const { service, events } = await serviceWithEvents()
    const windowRow = () => windowLibrary(events)?.articles.find((a) => a.id === articleId)
    try {
      await service.openWorkspace(root)
      await waitFor(() => windowRow()?.counts?.claim === 0, 'the row counted on ben')

      await service.syncConnect({ url, username: 'ben', password: USERS.ben })
      const mainRow = async () => (await service.getWorkspace())?.articles.find((a) => a.id === articleId)
      await waitFor(async () => (await mainRow())?.counts?.claim === 2, "ana's claims in main's library")
      await waitFor(() => windowRow()?.counts?.claim === 2, "ana's claims in the window's library")
      expect(windowRow()).toEqual(await mainRow())
    } finally {
      await service.close()
    }
  })
})
