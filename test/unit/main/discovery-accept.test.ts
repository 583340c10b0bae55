/**
 * A name mentioned many times across a workspace: the window gets the proposal with its first few
 * mentions and their count (not every mention: at 10,000 articles that was ~150 MB of JSON), and
 * accepting it tags every mention, in every article, as the button's count says.
 */
import { describe, expect, it } from 'vitest'
import { MENTIONS_SENT } from '../../../src/main/workspace/entity-discovery'
import { WorkbenchService } from '../../../src/main/workbench-service'
import { tempDir, writeFiles } from '../../helpers/fs'
import { testHost } from '../../helpers/host'

const ARTICLES = 30

function files(): Record<string, string> {
  const out: Record<string, string> = {}
  for (let i = 0; i < ARTICLES; i++)
    out[`nota-${i}.txt`] =
      `La ministra Amparo Villalba visitó el puerto número ${i}.\n\n` +
      `Según el acta, Amparo Villalba pidió revisar los contratos del muelle ${i + 1}.`
  return out
}

describe('entity proposals with many mentions', () => {
  it('sends the first mentions and the count, and accepting tags them all', async () => {
    const root = tempDir()
    writeFiles(root, files())
    const service = await WorkbenchService.create(testHost())
    await service.openWorkspace(root)
    await service.settled()

    const proposal = (await service.suggestEntities()).find((p) => p.name === 'Amparo Villalba')
    expect(proposal, 'the repeated name is proposed').toBeDefined()
    expect(proposal!.mentionCount).toBe(ARTICLES * 2)
    expect(proposal!.mentions).toHaveLength(MENTIONS_SENT)

    const record = await service.acceptEntityProposal(proposal!, 'amparo')
    expect(record.tagged).toHaveLength(ARTICLES * 2)
    const state = await service.getWorkspace()
    const tagged = state!.articles.reduce((n, a) => n + (a.counts?.entity ?? 0), 0)
    expect(tagged).toBe(ARTICLES * 2)

    // Undone, every tag goes and the name is proposed again with all its mentions.
    await service.undoAcceptEntityProposal(record)
    const again = (await service.suggestEntities()).find((p) => p.name === 'Amparo Villalba')
    expect(again?.mentionCount).toBe(ARTICLES * 2)
    await service.close()
  })
})
