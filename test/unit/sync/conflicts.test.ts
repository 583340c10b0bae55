/**
 * Both teammates offline, both change the same thing, then reconnect: every kind of conflict is shown
 * with both versions and their authors, each laptop keeps showing its own, and the user's choice
 * (keep mine, keep theirs, a merge) reaches both laptops. Nothing is lost before the choice.
 */
import { describe, expect, it, vi } from 'vitest'
import type { AnnotationDraft } from '../../../src/shared/model'
import type { SyncConflict } from '../../../src/shared/sync'
import {
  anaAndBen,
  annotationsOf,
  ARTICLE_TEXT,
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

  it('two merges of the same entities, opposite ways: one survivor on both, every mention live, the conflict shown', async () => {
    const { ana, ben, reconnect } = await pairWithEntities({ 'e-puente': 'Óscar Puente', 'e-ministro': 'el ministro' }, [
      mention('m-ministro', 'ministro', 'e-ministro'),
      mention('m-puente', 'Óscar Puente', 'e-puente'),
      quote('q-record', '«Es un récord»', 'e-ministro'),
    ])
    // Ana keeps Óscar Puente (the mention of "ministro" and the quote follow); Ben keeps el ministro.
    await ana.workspace.mergeEntities('e-puente', 'e-ministro')
    await ben.workspace.mergeEntities('e-ministro', 'e-puente')
    expect((await entityLinks(ana)).get('m-ministro')).toBe('e-puente')
    expect((await entityLinks(ben)).get('m-puente')).toBe('e-ministro')
    await reconnect()

    // The lower id survives on both laptops, and every mention and speaker follows it.
    await settledInto('e-ministro', ana, ben)
    for (const m of [ana, ben]) {
      expect(await entityLinks(m)).toEqual(
        new Map([
          ['m-ministro', 'e-ministro'],
          ['m-puente', 'e-ministro'],
          ['q-record', 'e-ministro'],
        ]),
      )
      const survivor = m.workspace.registry.byId('e-ministro')!
      expect([survivor.name, ...survivor.aliases]).toEqual(expect.arrayContaining(['Óscar Puente', 'el ministro']))
    }
    // Which name it keeps needs the user: each laptop shows the version its own merge made, the other beside it.
    const onAna = await conflictOn(ana, 'entity:e-ministro')
    const onBen = await conflictOn(ben, 'entity:e-ministro')
    expect(onAna.mine).toMatchObject({ author: 'ana', removed: false, value: { id: 'e-ministro', name: 'Óscar Puente' } })
    expect(onAna.theirs).toMatchObject([{ author: 'ben', removed: false, value: { name: 'el ministro' } }])
    expect(onBen.mine).toMatchObject({ author: 'ben', value: { name: 'el ministro' } })
    expect(onAna.crossedMerge && onBen.crossedMerge).toBe(true)
    await waitFor(() => ana.sync!.conflicts().length === 1 && ben.sync!.conflicts().length === 1, 'that conflict only')
    expect(ana.workspace.registry.byId('e-ministro')?.name).toBe('Óscar Puente')
    expect(ben.workspace.registry.byId('e-ministro')?.name).toBe('el ministro')

    await ana.sync!.resolve('entity:e-ministro', { keep: 'mine' })
    await waitFor(() => ben.workspace.registry.byId('e-ministro')?.name === 'Óscar Puente', "ana's name on ben")
    await waitFor(() => ben.sync!.conflicts().length === 0 && ana.sync!.conflicts().length === 0, 'no conflict on either')
    expect(ben.workspace.registry.byId('e-ministro')?.aliases).toContain('el ministro')
    expect(await entityLinks(ben)).toEqual(await entityLinks(ana))
  })

  it('chained merges (A into B on one laptop, B into C on the other): everything ends in C on both, no conflict left', async () => {
    const { ana, ben, reconnect } = await pairWithEntities(
      { 'e-chao': 'Mar Chao', 'e-presidenta': 'la presidenta', 'e-autoridad': 'presidenta de la autoridad portuaria' },
      [
        mention('m-chao', 'Mar Chao', 'e-chao'),
        mention('m-presidenta', 'la presidenta', 'e-presidenta'),
        quote('q-record', '«Es un récord»', 'e-chao'),
      ],
    )
    await ana.workspace.mergeEntities('e-presidenta', 'e-chao')
    await ben.workspace.mergeEntities('e-autoridad', 'e-presidenta')
    await reconnect()

    await settledInto('e-autoridad', ana, ben)
    for (const m of [ana, ben]) {
      expect((await entityLinks(m)).size).toBe(3)
      const end = m.workspace.registry.byId('e-autoridad')!
      expect(end.name).toBe('presidenta de la autoridad portuaria')
      expect(end.aliases).toEqual(expect.arrayContaining(['Mar Chao', 'la presidenta']))
    }
    await waitFor(() => ana.sync!.conflicts().length === 0 && ben.sync!.conflicts().length === 0, 'no conflict on either')
    expect(ben.workspace.registry.byId('e-autoridad')).toEqual(ana.workspace.registry.byId('e-autoridad'))
  })
})

/** `pair` with these entities (id → name, people) and annotations made on Ana and reached Ben. */
function pairWithEntities(entities: Record<string, string>, annotations: AnnotationDraft[]) {
  return pair(
    async (ana) => {
      for (const [id, name] of Object.entries(entities)) await ana.workspace.createEntity({ id, name, type: 'person' })
      for (const draft of annotations) await ana.workspace.createAnnotation(articleId, draft)
    },
    async (ben) =>
      (await entityLinks(ben)).size === annotations.length && ben.workspace.entities().length === Object.keys(entities).length,
  )
}

/** Waits until each member's registry is this one entity and every mention and speaker names it. */
async function settledInto(survivor: string, ...members: Member[]): Promise<void> {
  for (const m of members) {
    const settled = async () =>
      m.workspace
        .entities()
        .map((e) => e.id)
        .join() === survivor && [...(await entityLinks(m)).values()].every((id) => id === survivor)
    await waitFor(settled, `everything in ${survivor} on ${m.name}`)
  }
}

/** An entity mention of the first occurrence of `text`, linked to `entityId`. */
function mention(id: string, text: string, entityId: string): AnnotationDraft {
  const start = ARTICLE_TEXT.indexOf(text)
  return { id, kind: 'entity', start, end: start + text.length, attributes: { entityId } }
}

/** A quote of the first occurrence of `text`, said by `speakerId`. */
function quote(id: string, text: string, speakerId: string): AnnotationDraft {
  const start = ARTICLE_TEXT.indexOf(text)
  return { id, kind: 'quote', start, end: start + text.length, attributes: { speakerId } }
}

/** Which entity each mention and quote of the article names (unlinked ones name ''), by annotation id. */
async function entityLinks(m: Member): Promise<Map<string, string>> {
  const opened = await m.workspace.openArticle(articleId)
  const links = new Map<string, string>()
  for (const a of opened.annotations) {
    if (a.kind === 'entity') links.set(a.id, a.attributes.entityId ?? '')
    if (a.kind === 'quote') links.set(a.id, a.attributes.speakerId ?? '')
  }
  return links
}
