import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DATA_DIR, Workspace } from '../../../src/main/workspace/workspace'
import { tempDir, writeFiles } from '../../helpers/fs'

const ES = 'Vladímir Putin recibió a Kim. «Es un honor», dijo el mandatario ruso. Putin sonrió.'
const EN = 'Putin met Kim in Vladivostok. “It is an honour,” the Russian leader said. The summit was held in April 1200.'

async function setup() {
  const root = tempDir()
  writeFiles(root, { 'es.txt': ES, 'en.txt': EN })
  const ws = await Workspace.open(root)
  const es = ws.articles().find((a) => a.path === 'es.txt')!.id
  const en = ws.articles().find((a) => a.path === 'en.txt')!.id
  const span = (text: string, s: string, nth = 0) => {
    let at = -1
    for (let i = 0; i <= nth; i++) at = text.indexOf(s, at + 1)
    return { start: at, end: at + s.length }
  }
  return { root, ws, es, en, span }
}

describe('the entity registry', () => {
  it('links mentions and speakers to one canonical entity, whose name and type reach every mention', async () => {
    const { ws, es, en, span } = await setup()
    const putin = await ws.createEntity({
      id: 'putin',
      name: 'Vladímir Putin',
      type: 'person',
      aliases: ['Putin', 'putin', 'el mandatario ruso'],
    })
    expect(putin.aliases).toEqual(['Putin', 'el mandatario ruso']) // duplicates ignoring case are dropped
    await ws.createAnnotation(es, {
      id: 'm1',
      kind: 'entity',
      ...span(ES, 'Vladímir Putin'),
      attributes: { entityId: 'putin', entityType: 'place' },
    })
    await ws.createAnnotation(en, { id: 'm2', kind: 'entity', ...span(EN, 'Putin') })
    await ws.updateAnnotation(en, 'm2', { attributes: { entityId: 'putin' } })
    await ws.createAnnotation(es, { id: 'q1', kind: 'quote', ...span(ES, '«Es un honor»'), attributes: { speakerId: 'putin' } })

    let es1 = await ws.openArticle(es)
    expect(es1.annotations.find((a) => a.id === 'm1')!.attributes).toMatchObject({ entityId: 'putin', entityType: 'person' })
    expect(es1.annotations.find((a) => a.id === 'q1')!.attributes).toMatchObject({
      speakerId: 'putin',
      speaker: 'Vladímir Putin',
    })

    await ws.updateEntity('putin', { name: 'Vladimir Putin', type: 'person' })
    es1 = await ws.openArticle(es)
    expect(es1.annotations.find((a) => a.id === 'q1')!.attributes).toMatchObject({ speaker: 'Vladimir Putin' })

    const mentions = await ws.entityMentions('putin')
    expect(mentions.map((g) => [g.path, g.mentions.map((m) => `${m.role}:${m.exact}`)])).toEqual([
      ['en.txt', ['mention:Putin']],
      ['es.txt', ['mention:Vladímir Putin', 'speaker:«Es un honor»']],
    ])
  })

  it('merges two entities (all mentions follow, names become aliases) and undoes the merge', async () => {
    const { root, ws, es, en, span } = await setup()
    await ws.createEntity({ id: 'putin', name: 'Vladímir Putin', type: 'person' })
    await ws.createEntity({ id: 'leader', name: 'the Russian leader', type: 'person', aliases: ['el mandatario ruso'] })
    await ws.createAnnotation(en, {
      id: 'a',
      kind: 'entity',
      ...span(EN, 'the Russian leader'),
      attributes: { entityId: 'leader' },
    })
    await ws.createAnnotation(es, { id: 'b', kind: 'quote', ...span(ES, '«Es un honor»'), attributes: { speakerId: 'leader' } })
    const record = await ws.mergeEntities('putin', 'leader')
    expect(record.kept.aliases).toEqual(['the Russian leader', 'el mandatario ruso'])
    expect(ws.entities().map((e) => e.id)).toEqual(['putin'])
    expect((await ws.openArticle(en)).annotations[0].attributes).toMatchObject({ entityId: 'putin' })
    expect((await ws.openArticle(es)).annotations[0].attributes).toMatchObject({ speakerId: 'putin', speaker: 'Vladímir Putin' })
    const registryOnDisk = JSON.parse(readFileSync(join(root, DATA_DIR, 'entities.json'), 'utf8'))
    expect(registryOnDisk.entities.map((e: { id: string }) => e.id)).toEqual(['putin'])
    // Remembered as merged (sync tells teammates, whose mentions of it then follow).
    expect(registryOnDisk.mergedInto).toEqual({ leader: 'putin' })

    await ws.undoMerge(record)
    expect(
      ws
        .entities()
        .map((e) => e.id)
        .sort(),
    ).toEqual(['leader', 'putin'])
    expect(ws.entities().find((e) => e.id === 'putin')!.aliases).toEqual([])
    expect(JSON.parse(readFileSync(join(root, DATA_DIR, 'entities.json'), 'utf8')).mergedInto).toEqual({})
    expect((await ws.openArticle(en)).annotations[0].attributes).toMatchObject({ entityId: 'leader' })
    expect((await ws.openArticle(es)).annotations[0].attributes).toMatchObject({
      speakerId: 'leader',
      speaker: 'the Russian leader',
    })
  })

  it('deleting an entity keeps its mentions, unlinked', async () => {
    const { ws, en, span } = await setup()
    await ws.createEntity({ id: 'kim', name: 'Kim Jong-un', type: 'person' })
    await ws.createAnnotation(en, { id: 'k', kind: 'entity', ...span(EN, 'Kim'), attributes: { entityId: 'kim' } })
    const record = await ws.deleteEntity('kim')
    expect(record.removed.name).toBe('Kim Jong-un')
    expect(record.unlinked).toEqual([{ articleId: en, annotationId: 'k', field: 'entityId' }])
    const [mention] = (await ws.openArticle(en)).annotations
    expect(mention.exact).toBe('Kim')
    expect(mention.attributes).not.toHaveProperty('entityId')
    await expect(
      ws.createAnnotation(en, { id: 'k2', kind: 'entity', ...span(EN, 'Putin'), attributes: { entityId: 'kim' } }),
    ).rejects.toThrow(/no longer in the registry/)
  })

  it('undoing an entity delete brings the entity back and relinks its mentions and the quotes it spoke', async () => {
    const { ws, en, es, span } = await setup()
    const kim = await ws.createEntity({ id: 'kim', name: 'Kim Jong-un', type: 'person', aliases: ['Kim'] })
    await ws.createAnnotation(en, { id: 'k', kind: 'entity', ...span(EN, 'Kim'), attributes: { entityId: 'kim' } })
    await ws.createAnnotation(es, { id: 'q', kind: 'quote', ...span(ES, '«Es un honor»'), attributes: { speakerId: 'kim' } })
    const record = await ws.deleteEntity('kim')
    expect(record.unlinked).toHaveLength(2)
    expect(await ws.undoDeleteEntity(record)).toEqual(kim)
    expect(ws.entities()).toEqual([kim])
    expect((await ws.openArticle(en)).annotations[0].attributes).toMatchObject({ entityId: 'kim', entityType: 'person' })
    expect((await ws.openArticle(es)).annotations[0].attributes).toMatchObject({ speakerId: 'kim', speaker: 'Kim Jong-un' })
    expect(await ws.entityMentions('kim')).toHaveLength(2)
    await expect(ws.undoDeleteEntity(record)).rejects.toThrow(/undone already/)
  })

  it('says with a code what kind of refusal it is: gone, or contradicting what is there', async () => {
    const { ws } = await setup()
    await ws.createEntity({ id: 'kim', name: 'Kim Jong-un', type: 'person' })
    const codeOf = (p: Promise<unknown>) =>
      p.then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      )
    expect(await codeOf(ws.deleteEntity('nobody'))).toBe('not-found')
    expect(await codeOf(ws.openArticle('0000000000000000'))).toBe('not-found')
    expect(await codeOf(ws.createEntity({ id: 'kim', name: 'Other', type: 'person' }))).toBe('conflict')
    expect(await codeOf(ws.mergeEntities('kim', 'kim'))).toBe('conflict')
    expect(await codeOf(ws.deleteLink('no-link'))).toBe('not-found')
  })
})

describe('claims with evidence across articles', () => {
  it('links a claim to evidence in another article, shows it from both sides, and deleting removes only its links', async () => {
    const { ws, es, en, span } = await setup()
    await ws.addClaimStatus('needs translation check')
    expect(ws.claimStatuses()).toContain('needs translation check')
    await ws.createAnnotation(en, {
      id: 'claim',
      kind: 'claim',
      ...span(EN, 'The summit was held in April 1200'),
      attributes: { status: 'false' },
    })
    await ws.createAnnotation(es, { id: 'evid', kind: 'quote', ...span(ES, '«Es un honor»') })
    await ws.createAnnotation(en, {
      id: 'other',
      kind: 'claim',
      ...span(EN, 'Putin met Kim'),
      attributes: { status: 'needs translation check' },
    })
    await expect(
      ws.createAnnotation(en, { id: 'bad', kind: 'claim', ...span(EN, 'Vladivostok'), attributes: { status: 'made up' } }),
    ).rejects.toThrow(/Unknown claim status/)
    await ws.createLink({
      id: 'l1',
      from: { articleId: en, annotationId: 'claim' },
      to: { articleId: es, annotationId: 'evid' },
      relation: 'contradicts',
    })
    await ws.createLink({
      id: 'l2',
      from: { articleId: en, annotationId: 'other' },
      to: { articleId: es, annotationId: 'evid' },
      relation: 'same-statement',
    })

    const fromEn = await ws.linksFor(en)
    expect(fromEn.map((v) => [v.link.id, v.outgoing, v.other.exact])).toEqual([
      ['l1', true, '«Es un honor»'],
      ['l2', true, '«Es un honor»'],
    ])
    const fromEs = await ws.linksFor(es)
    expect(fromEs.map((v) => [v.link.relation, v.outgoing, v.other.exact])).toEqual([
      ['contradicts', false, 'The summit was held in April 1200'],
      ['same-statement', false, 'Putin met Kim'],
    ])

    const removed = await ws.deleteAnnotation(en, 'claim')
    expect(removed.map((l) => l.id)).toEqual(['l1'])
    expect((await ws.linksFor(es)).map((v) => v.link.id)).toEqual(['l2'])

    // Undo of the delete: the annotation and its link come back as they were.
    const original = {
      id: 'claim',
      kind: 'claim' as const,
      ...span(EN, 'The summit was held in April 1200'),
      exact: 'The summit was held in April 1200',
      prefix: '',
      suffix: '',
      note: '',
      tags: [],
      attributes: { status: 'false' },
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    }
    await ws.restoreAnnotation(en, original, removed)
    expect((await ws.linksFor(es)).map((v) => v.link.id).sort()).toEqual(['l1', 'l2'])
    expect((await ws.openArticle(en)).annotations.find((a) => a.id === 'claim')!.createdAt).toBe('2026-01-01T00:00:00.000Z')
  })
})
