import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { WorkbenchEvent } from '../../../src/shared/api'
import { WorkbenchService } from '../../../src/main/workbench-service'
import { SAMPLE_WORKSPACE } from '../../e2e/harness'
import { tempDir, writeFiles } from '../../helpers/fs'
import { testHost } from '../../helpers/host'

const host = (userDataDir: string, events: WorkbenchEvent[] = []) =>
  testHost({ userDataDir, events, sampleWorkspaceSource: SAMPLE_WORKSPACE })

describe('WorkbenchService', () => {
  it('remembers the last workspace for the next start', async () => {
    const userData = tempDir('spanwise-user-')
    const root = tempDir()
    writeFiles(root, { 'a.txt': 'Hola' })
    const first = await WorkbenchService.create(host(userData))
    expect(first.lastWorkspace).toBeNull()
    await first.openWorkspace(root)
    await first.close()
    const second = await WorkbenchService.create(host(userData))
    expect(second.lastWorkspace).toBe(root)
    await second.close()
  })

  it('opens a copy of the shipped sample workspace, leaving the original untouched', async () => {
    const userData = tempDir('spanwise-user-')
    const events: WorkbenchEvent[] = []
    const service = await WorkbenchService.create(host(userData, events))
    const state = await service.openSampleWorkspace()
    expect(state.root.startsWith(userData)).toBe(true)
    expect(state.articles.length).toBeGreaterThanOrEqual(3)
    expect(events.some((e) => e.type === 'workspace-changed')).toBe(true)
    expect(existsSync(join(SAMPLE_WORKSPACE, '.spanwise'))).toBe(false)
    await service.close()
  })

  it('says what to do when no workspace is open', async () => {
    const service = await WorkbenchService.create(host(tempDir('spanwise-user-')))
    await expect(service.openArticle('abc')).rejects.toThrow(/Open a workspace first/)
    expect(await service.getWorkspace()).toBeNull()
  })

  it('after an entity is renamed, merged or deleted, search finds the quotes it spoke by the name they now show', async () => {
    const root = tempDir()
    const text = 'Debate\n\n«Bajaremos los impuestos», prometió el candidato.\n\n«Nunca lo harán», respondió la rival.'
    writeFiles(root, { 'debate.txt': text })
    const service = await WorkbenchService.create(host(tempDir('spanwise-user-')))
    const state = await service.openWorkspace(root)
    const articleId = state.articles[0].id
    await service.createEntity({ id: 'e1', name: 'Ramírez', type: 'person' })
    await service.createEntity({ id: 'e2', name: 'Zapata', type: 'person' })
    const span = (quote: string) => ({ start: text.indexOf(quote), end: text.indexOf(quote) + quote.length })
    await service.createAnnotation(articleId, {
      id: 'q1',
      kind: 'quote',
      ...span('Bajaremos los impuestos'),
      attributes: { speakerId: 'e1' },
    })
    await service.createAnnotation(articleId, {
      id: 'q2',
      kind: 'quote',
      ...span('Nunca lo harán'),
      attributes: { speakerId: 'e2' },
    })
    // Search answers from what is indexed so far: wait until the background build is done.
    const deadline = Date.now() + 60_000
    while ((await service.search('impuestos')).indexing && Date.now() < deadline) await new Promise((r) => setImmediate(r))
    const quotesFound = async (query: string) =>
      (await service.search(query)).groups
        .flatMap((g) => g.hits.filter((h) => h.kind === 'annotation').map((h) => h.annotationId))
        .sort()
    const entityFound = async (query: string) =>
      (await service.search(query)).groups.flatMap((g) => g.hits.filter((h) => h.kind === 'entity').map((h) => h.entityId))
    expect(await quotesFound('Ramírez')).toEqual(['q1'])

    await service.updateEntity('e1', { name: 'Montoya' })
    expect(await quotesFound('Montoya')).toEqual(['q1'])
    expect(await quotesFound('Ramírez')).toEqual([])

    await service.mergeEntities('e1', 'e2')
    expect(await quotesFound('Montoya')).toEqual(['q1', 'q2'])
    expect(await quotesFound('Zapata')).toEqual([])
    expect(await entityFound('Zapata')).toEqual(['e1']) // now an alias of the kept entity

    await service.deleteEntity('e1')
    // The quotes stay, unlinked, with the speaker's name as they showed it; the entity is gone.
    expect(await quotesFound('Montoya')).toEqual(['q1', 'q2'])
    expect(await entityFound('Montoya')).toEqual([])
    await service.close()
  })
})
