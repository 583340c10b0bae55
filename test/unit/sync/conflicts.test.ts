/**
 * Both teammates offline, both change the same thing, then reconnect: every kind of conflict is shown
 * with both versions and their authors, each laptop keeps showing its own, and the user's choice
 * (keep mine, keep theirs, a merge) reaches both laptops. Nothing is lost before the choice.
 */
import { describe, expect, it, vi } from 'vitest'
import type { SyncConflict } from '../../../src/shared/sync'
import {
  anaAndBen,
  annotationsOf,
  articleId,
  claimDraft,
  connectLive,
  serverForFile,
  waitFor,
  type Member,
} from '../../helpers/sync'

// Two teammates, a server and their replicas on a busy 2-core machine: generous, the waits bound each step.
vi.setConfig({ testTimeout: 180_000 })

let db = 0

const { server, team } = serverForFile()

/** Ana and Ben connected live to a fresh database, both with the article; `setup` runs on Ana first and reaches Ben. */
async function pair(setup: (ana: Member) => Promise<void>, reached: (ben: Member) => boolean | Promise<boolean>) {
  const url = server().url(`conflicts-${++db}`)
  const [ana, ben] = await anaAndBen(team)
  await setup(ana)
  await connectLive(url, ana, ben)
  await waitFor(() => reached(ben), 'the setup on ben')
  await waitFor(() => ana.sync!.status().state === 'synced' && ben.sync!.status().state === 'synced', 'both synced')
  await ana.disconnect()
  await ben.disconnect()
  const reconnect = () => connectLive(url, ana, ben)
  return { ana, ben, reconnect }
}

async function conflictOn(m: Member, id: string): Promise<SyncConflict> {
  await waitFor(() => m.sync!.conflicts().some((c) => c.id === id), `the conflict on ${m.name}`)
  return m.sync!.conflicts().find((c) => c.id === id)!
}

describe('conflicts between two offline teammates', () => {
  it('edit against edit: both versions shown with authors, each keeps its own, keep-theirs reaches both', async () => {
    const { ana, ben, reconnect } = await pair(
      (ana) => ana.workspace.createAnnotation(articleId, claimDraft('c1', 3)).then(() => undefined),
      async (ben) => (await annotationsOf(ben)).has('c1'),
    )
    await ana.workspace.updateAnnotation(articleId, 'c1', { note: 'Ana: the figure is 5.4 million' })
    await ben.workspace.updateAnnotation(articleId, 'c1', { note: 'Ben: the port says 5.1 million' })
    await reconnect()
    const id = `annotation:${articleId}:c1`
    const onAna = await conflictOn(ana, id)
    const onBen = await conflictOn(ben, id)
    expect(onAna.kind).toBe('annotation')
    expect(onAna.mine.author).toBe('ana')
    expect(onAna.theirs.map((t) => t.author)).toEqual(['ben'])
    expect((onAna.theirs[0].value as { note: string }).note).toBe('Ben: the port says 5.1 million')
    expect(onBen.mine.author).toBe('ben')
    // Each laptop still shows its own version until its user decides.
    expect((await annotationsOf(ana)).get('c1')?.note).toBe('Ana: the figure is 5.4 million')
    expect((await annotationsOf(ben)).get('c1')?.note).toBe('Ben: the port says 5.1 million')

    await ana.sync!.resolve(id, { keep: 'theirs' })
    await waitFor(
      async () => (await annotationsOf(ana)).get('c1')?.note === 'Ben: the port says 5.1 million',
      'theirs kept on ana',
    )
    await waitFor(() => ben.sync!.conflicts().length === 0 && ana.sync!.conflicts().length === 0, 'the conflict gone on both')
    expect((await annotationsOf(ben)).get('c1')?.note).toBe('Ben: the port says 5.1 million')
  })

  it('edit against delete: the deleting side sees the edit held in the conflict, keep-theirs brings it back', async () => {
    const { ana, ben, reconnect } = await pair(
      (ana) => ana.workspace.createAnnotation(articleId, claimDraft('c2', 4)).then(() => undefined),
      async (ben) => (await annotationsOf(ben)).has('c2'),
    )
    await ana.workspace.deleteAnnotation(articleId, 'c2')
    await ben.workspace.updateAnnotation(articleId, 'c2', { attributes: { status: 'false' } })
    await reconnect()
    const id = `annotation:${articleId}:c2`
    const onAna = await conflictOn(ana, id)
    expect(onAna.mine.removed).toBe(true)
    expect(onAna.theirs[0].removed).toBe(false)
    expect(onAna.theirs[0].author).toBe('ben')
    const onBen = await conflictOn(ben, id)
    expect(onBen.mine.removed).toBe(false)
    expect((await annotationsOf(ana)).has('c2')).toBe(false)
    expect((await annotationsOf(ben)).get('c2')?.status).toBe('false')

    await ana.sync!.resolve(id, { keep: 'theirs' })
    await waitFor(async () => (await annotationsOf(ana)).get('c2')?.status === 'false', "ben's edit back on ana")
    await waitFor(() => ben.sync!.conflicts().length === 0, 'the conflict gone on ben')
  })

  it("a merged version of the user's own making reaches both laptops", async () => {
    const { ana, ben, reconnect } = await pair(
      (ana) => ana.workspace.createAnnotation(articleId, claimDraft('c3', 5)).then(() => undefined),
      async (ben) => (await annotationsOf(ben)).has('c3'),
    )
    await ana.workspace.updateAnnotation(articleId, 'c3', { note: 'Ana' })
    await ben.workspace.updateAnnotation(articleId, 'c3', { note: 'Ben' })
    await reconnect()
    const id = `annotation:${articleId}:c3`
    const conflict = await conflictOn(ben, id)
    await ben.sync!.resolve(id, { keep: 'merged', value: { ...(conflict.mine.value as object), note: 'Ana / Ben' } })
    await waitFor(async () => (await annotationsOf(ana)).get('c3')?.note === 'Ana / Ben', 'the merge on ana')
    await waitFor(() => ana.sync!.conflicts().length === 0, 'no conflict on ana')
  })

  it('two merges of the same entities: both entities in conflict, keep-mine settles the registry on both', async () => {
    const { ana, ben, reconnect } = await pair(
      async (ana) => {
        await ana.workspace.createEntity({ id: 'e-puente', name: 'Óscar Puente', type: 'person' })
        await ana.workspace.createEntity({ id: 'e-ministro', name: 'el ministro', type: 'person' })
      },
      (ben) => ben.workspace.entities().length === 2,
    )
    await ana.workspace.mergeEntities('e-puente', 'e-ministro')
    await ben.workspace.mergeEntities('e-ministro', 'e-puente')
    await reconnect()
    const onAna = await conflictOn(ana, 'entity:e-puente')
    expect(onAna.mine.removed).toBe(false)
    expect(onAna.theirs[0]).toMatchObject({ author: 'ben', removed: true })
    await conflictOn(ana, 'entity:e-ministro')
    expect(ana.workspace.entities().map((e) => e.id)).toEqual(['e-puente'])
    expect(ben.workspace.entities().map((e) => e.id)).toEqual(['e-ministro'])

    await ana.sync!.resolve('entity:e-puente', { keep: 'mine' })
    await ana.sync!.resolve('entity:e-ministro', { keep: 'mine' })
    await waitFor(
      () =>
        ben.workspace
          .entities()
          .map((e) => e.id)
          .join() === 'e-puente',
      "ana's merge on ben",
    )
    await waitFor(() => ben.sync!.conflicts().length === 0, 'no conflict on ben')
    expect(ben.workspace.registry.byId('e-puente')?.aliases).toContain('el ministro')
  })
})
